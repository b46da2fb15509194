/**
 * The streaming parser's shortcuts (reused row object, memoised dates and currencies, decimal
 * commas handed to the money parser's fast path) must give exactly what the money parser gives
 * on the text as written, errors included.
 */
import {
	amazonIsoUtc,
	SettlementParser,
} from '../../nodes/AmazonSellerCentral/logic/settlementParser';
import { toMinorUnits } from '../../nodes/shared/money';
import { parseTimestamp, toIsoUtc } from '../../nodes/shared/timestamps';

const HEADER = [
	'settlement-id',
	'total-amount',
	'currency',
	'transaction-type',
	'order-id',
	'amount-type',
	'amount-description',
	'amount',
	'posted-date-time',
].join('\t');

function parseAmount(amount: string, currency: string): number | string {
	const parser = new SettlementParser();
	parser.feedInto(HEADER, () => undefined);
	parser.feedInto(['1', '0', currency, '', '', '', '', '', ''].join('\t'), () => undefined);
	let minor: number | string = 'no row';
	try {
		parser.feedInto(
			['1', '', '', 'Order', 'O-1', 'ItemPrice', 'Principal', amount, ''].join('\t'),
			(row) => (minor = row.amountMinor),
		);
	} catch (error) {
		minor = (error as Error).message;
	}
	return minor;
}

function expected(amount: string, currency: string): number | string {
	try {
		return toMinorUnits(amount.trim(), currency);
	} catch (error) {
		return `line 3: amount ${(error as Error).message}`;
	}
}

describe('SettlementParser amounts', () => {
	it.each([
		['12,34', 'EUR'],
		['-0,5', 'EUR'],
		['1,500', 'EUR'],
		['1,500', 'KWD'],
		['1,5', 'JPY'],
		['12,345', 'EUR'],
		['1.234,56', 'EUR'],
		[',5', 'EUR'],
		['-,5', 'EUR'],
		['1,5x', 'EUR'],
		['1,2,3', 'EUR'],
		[' 7,00 ', 'EUR'],
	])('%s %s reads as the money parser reads it', (amount, currency) => {
		expect(parseAmount(amount, currency)).toEqual(expected(amount, currency));
	});

	it('any short text of digits, signs, commas and points (property)', () => {
		const alphabet = ['0', '1', '5', '9', ',', '.', '-', '+', ' '];
		let seed = 11;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
		for (let n = 0; n < 400; n++) {
			const amount = Array.from(
				{ length: 1 + (next() % 7) },
				() => alphabet[next() % alphabet.length],
			).join('');
			if (amount.trim() === '') continue;
			for (const currency of ['EUR', 'JPY', 'KWD'])
				expect([amount, currency, parseAmount(amount, currency)]).toEqual([
					amount,
					currency,
					expected(amount, currency),
				]);
		}
	});

	it('feed returns copies: rows kept from one line are not changed by the next', () => {
		const parser = new SettlementParser();
		parser.feed(HEADER);
		parser.feed(['1', '0', 'USD', '', '', '', '', '', ''].join('\t'));
		const [first] = parser.feed(
			['1', '', '', 'Order', 'O-1', 'ItemPrice', 'Principal', '1.00', ''].join('\t'),
		);
		parser.feed(['1', '', '', 'Refund', 'O-2', 'ItemPrice', 'Principal', '-2.00', ''].join('\t'));
		expect(first).toMatchObject({ orderId: 'O-1', amountMinor: 100, transactionType: 'Order' });
	});
});

describe("Amazon's settlement date forms read without Date", () => {
	// The general parser's reading of the same text: the fast path must give exactly this.
	const general = (text: string): string | null => {
		try {
			return toIsoUtc(parseTimestamp(text));
		} catch {
			return null;
		}
	};

	it('gives the general reading for every second of leap and common Februaries and year ends', () => {
		const starts = [
			Date.UTC(2024, 1, 28, 23, 59, 0),
			Date.UTC(2026, 1, 28, 23, 59, 0),
			Date.UTC(2000, 1, 28, 23, 59, 0),
			Date.UTC(2026, 11, 31, 23, 58, 0),
		];
		let read = 0;
		for (const start of starts)
			for (let ms = start; ms < start + 180_000; ms += 1000) {
				const iso = new Date(ms).toISOString();
				const v2 = `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
				const v1 = `${iso.slice(0, 19)}+00:00`;
				for (const text of [v2, v1]) {
					expect(amazonIsoUtc(text)).toBe(general(text));
					expect(amazonIsoUtc(text)).toBe(`${iso.slice(0, 19)}.000Z`);
					read++;
				}
			}
		expect(read).toBe(4 * 180 * 2);
	});

	it.each([
		// Dates that do not exist: refused by both (never rolled over into the next day or month).
		'2026-02-29 10:00:00 UTC',
		'1900-02-29 10:00:00 UTC',
		'2026-04-31 10:00:00 UTC',
		'2026-13-01 10:00:00 UTC',
		'2026-00-10 10:00:00 UTC',
		'2026-01-00 10:00:00 UTC',
		'2026-01-32 10:00:00 UTC',
		'2026-06-22 24:00:00 UTC',
		'2026-06-22 23:60:00 UTC',
		'2026-06-22 23:59:60 UTC',
		'2026-02-29T10:00:00+00:00',
		'2026-06-22T24:00:00+00:00',
		// Other forms: left to the general parser, which reads some of them.
		'2026-06-22 11:47:03 UTC ',
		'2026-06-22T11:47:03 UTC',
		'2026-06-22 11:47:03 GMT',
		'2026-06-22T11:47:03+01:00',
		'2026-06-22T11:47:03-00:00',
		'2026-06-22 11:47:3x UTC',
		'2026-6-22 11:47:003 UTC',
		'0999-06-22 11:47:03 UTC',
		'2026/06/22 11:47:03 UTC',
		'03.05.2018 09:10:07 UTC',
	])('%s: nothing, or what the general parser reads', (text) => {
		const fast = amazonIsoUtc(text);
		if (fast !== null) expect(fast).toBe(general(text));
		const parser = new SettlementParser();
		parser.feedInto(HEADER, () => undefined);
		parser.feedInto(['1', '0', 'USD', '', '', '', '', '', ''].join('\t'), () => undefined);
		let posted: string | null | undefined;
		parser.feedInto(
			['1', '', '', 'Order', 'O-1', 'ItemPrice', 'Principal', '1.00', text].join('\t'),
			(row) => {
				posted = row.postedAt;
			},
		);
		expect(posted).toBe(general(text.trim()));
	});

	it('reads the form only where it is one (a null here means the general parser ran)', () => {
		expect(amazonIsoUtc('2026-06-22 11:47:03 UTC')).toBe('2026-06-22T11:47:03.000Z');
		expect(amazonIsoUtc('2025-06-05T22:07:18+00:00')).toBe('2025-06-05T22:07:18.000Z');
		expect(amazonIsoUtc('2026-02-29 10:00:00 UTC')).toBeNull();
		expect(amazonIsoUtc('2026-06-22T11:47:03+01:00')).toBeNull();
	});
});
