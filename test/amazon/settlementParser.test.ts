/**
 * The streaming parser's shortcuts (reused row object, memoised dates and currencies, decimal
 * commas handed to the money parser's fast path) must give exactly what the money parser gives
 * on the text as written, errors included.
 */
import { SettlementParser } from '../../nodes/AmazonSellerCentral/logic/settlementParser';
import { toMinorUnits } from '../../nodes/shared/money';

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
