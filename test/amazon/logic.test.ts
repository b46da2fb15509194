import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { gzipSync } from 'zlib';
import {
	DEFAULT_REFUND_TYPES,
	possibleDuplicate,
	refundEntries,
	RefundIndex,
	refundStatus,
	type Transaction,
} from '../../nodes/AmazonSellerCentral/logic/refundIndex';
import {
	SettlementAggregator,
	SettlementFormatError,
	SettlementParser,
} from '../../nodes/AmazonSellerCentral/logic/settlementParser';
import { decompress, splitLines } from '../../nodes/AmazonSellerCentral/documentDownload';
import {
	OperationBucket,
	isExpiredTokenError,
} from '../../nodes/AmazonSellerCentral/logic/usagePlans';
import { describeOnSamples, SAMPLES } from '../shared/samples';

const FIXTURES = resolve(__dirname, 'fixtures');
function parse(text: string) {
	const parser = new SettlementParser();
	const aggregator = new SettlementAggregator();
	for (const line of text.split('\n')) for (const row of parser.feed(line)) aggregator.add(row);
	return { parser, aggregator };
}

function expectTotalsMatch(text: string) {
	const { parser, aggregator } = parse(text);
	expect(parser.summary).not.toBeNull();
	expect(aggregator.rows).toBeGreaterThan(0);
	expect(aggregator.perCurrency.get(parser.summary!.currency) ?? 0).toBe(
		parser.summary!.totalMinor,
	);
	return { parser, aggregator };
}

describe('SettlementParser on the project fixtures', () => {
	it('V2 (decimal comma, day-first dates): rows add up to the stated total', () => {
		const { parser, aggregator } = expectTotalsMatch(
			readFileSync(resolve(FIXTURES, 'settlement-v2-eur.tsv'), 'utf8'),
		);
		expect(parser.format).toBe('v2');
		expect(parser.summary).toMatchObject({ currency: 'EUR', totalMinor: 7950 });
		expect(aggregator.rows).toBe(7);
	});

	it('V1: every filled amount column is a row, quantity-only rows are none, same output shape', () => {
		const { parser, aggregator } = expectTotalsMatch(
			readFileSync(resolve(FIXTURES, 'settlement-v1-usd.txt'), 'utf8'),
		);
		expect(parser.format).toBe('v1');
		expect(parser.summary).toMatchObject({ currency: 'USD', totalMinor: 1141 });
		// 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 amount rows: the quantity-only row adds none.
		expect(aggregator.rows).toBe(8);
		const line = aggregator.list().find((t) => t.orderId === '111-5555555-6666666');
		expect(line).toMatchObject({
			sku: 'HAT-1',
			salesMinor: 4500,
			refundMinor: -2000,
			feesMinor: -600 + 300 - 60,
		});
	});

	it('a row without its amount is an error naming line and column, never a 0', () => {
		const text = readFileSync(resolve(FIXTURES, 'settlement-v2-eur.tsv'), 'utf8');
		const lines = text.split('\n');
		const cells = lines[4].split('\t');
		cells[14] = '';
		lines[4] = cells.join('\t');
		expect(() => parse(lines.join('\n'))).toThrow(SettlementFormatError);
		expect(() => parse(lines.join('\n'))).toThrow('line 5: "amount" is empty');
	});
});

const SAMPLE_DIRS = ['amazon-settlement-flatfile-v1', 'amazon-settlement-flatfile-v2'];
describeOnSamples('SettlementParser on real Amazon files', SAMPLE_DIRS, () => {
	const files = SAMPLE_DIRS.flatMap((dir) =>
		readdirSync(resolve(SAMPLES, dir))
			// The airbyte fixture is synthetic and does not reconcile; the snippet is partial.
			.filter((f) => !f.startsWith('airbyte') && !f.includes('snippet'))
			.map((f) => `${dir}/${f}`),
	);

	it('has V1 and V2 files', () => {
		expect(files.filter((f) => f.includes('v1')).length).toBeGreaterThanOrEqual(4);
		expect(files.filter((f) => f.includes('v2')).length).toBeGreaterThanOrEqual(1);
	});

	it.each(files)('%s: rows add up to the stated total', (file) => {
		expectTotalsMatch(readFileSync(resolve(SAMPLES, file), 'utf8'));
	});

	it('rows inherit the summary currency and day-first dates with "UTC" are read', () => {
		const { parser } = parse(
			readFileSync(
				resolve(SAMPLES, 'amazon-settlement-flatfile-v2/data7project_amazon-de_2018_snippet.tsv'),
				'utf8',
			),
		);
		expect(parser.summary).toMatchObject({
			settlementId: '7293436482',
			currency: 'EUR',
			totalMinor: 5344,
			startDate: '2018-05-03T09:10:07.000Z',
		});
	});
});

describe('OperationBucket', () => {
	it('allows the burst, then paces at the rate, and adopts the rate Amazon announces', () => {
		const bucket = new OperationBucket(0.5, 2, 0);
		expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 2000]);
		bucket.adjust('10', 0);
		expect(bucket.rate).toBe(10);
		expect(bucket.reserve(0)).toBe(200);
	});

	it("recognises Amazon's expired-token answer", () => {
		expect(
			isExpiredTokenError({
				errors: [
					{
						code: 'Unauthorized',
						message: 'Access to requested resource is denied.',
						details: 'The access token you provided has expired.',
					},
				],
			}),
		).toBe(true);
		expect(
			isExpiredTokenError({
				errors: [
					{ code: 'Unauthorized', message: 'Access to the resource is forbidden', details: '' },
				],
			}),
		).toBe(false);
	});
});

const usd = (currencyAmount: number, currencyCode = 'USD') => ({ currencyCode, currencyAmount });
const leaf = (breakdownType: string, amount: number, currency = 'USD') => ({
	breakdownType,
	breakdownAmount: usd(amount, currency),
	breakdowns: null,
});

/** A refund shaped like the one in https://github.com/amzn/selling-partner-api-models/issues/4274. */
function refundTx(over: Partial<Transaction> = {}, sku: string | null = 'A'): Transaction {
	return {
		transactionType: 'Refund',
		transactionId: 'TX-1',
		transactionStatus: 'RELEASED',
		description: 'Refund Order',
		postedDate: '2026-11-01T00:00:00Z',
		totalAmount: usd(-50.17),
		relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-1' }],
		items: [
			{
				totalAmount: usd(-50.17),
				breakdowns: [
					{
						breakdownType: 'ProductCharges',
						breakdownAmount: usd(-57.01),
						breakdowns: [leaf('Principal', -50), leaf('Tax', -4.01), leaf('Shipping', -3)],
					},
					{
						breakdownType: 'AmazonFees',
						breakdownAmount: usd(6.84),
						breakdowns: [leaf('Commission', 7.5), leaf('RefundCommission', -0.66)],
					},
				],
				contexts: sku === null ? [] : [{ contextType: 'ProductContext', sku, quantityShipped: 1 }],
				relatedIdentifiers: [
					{
						itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID',
						itemRelatedIdentifierValue: 'adj',
					},
				],
			},
		],
		...over,
	};
}

describe('refund lines from transactions', () => {
	it('reads gross principal, tax, shipping and fees from the breakdowns, not the net total', () => {
		const [entry] = refundEntries(refundTx());
		expect(entry).toMatchObject({
			kind: 'refund',
			principalMinor: 5000,
			taxMinor: 401,
			shippingMinor: 300,
			grossMinor: 5701,
			feesMinor: 684,
			netMinor: -5017,
			breakdownKnown: true,
			orderLevel: false,
		});
	});

	it('counts only the configured types: a Retrocharge described "RetroChargeRefund" is none', () => {
		const retro = refundTx({ transactionType: 'Retrocharge', description: 'RetroChargeRefund' });
		expect(refundEntries(retro)).toEqual([]);
		expect(refundEntries(refundTx({ description: 'Anything' }))).toHaveLength(1);
		expect(refundEntries(refundTx({ transactionType: 'ServiceFee' }))).toEqual([]);
		expect(refundEntries(refundTx(), ['GuaranteeClaim'])).toEqual([]);
		expect(DEFAULT_REFUND_TYPES).toContain('Refund');
	});

	it('keeps SAFE-T and FBA reimbursements apart from refunds', () => {
		const [entry] = refundEntries(refundTx({ transactionType: 'SAFETReimbursement' }));
		expect(entry.kind).toBe('reimbursement');
	});

	it('a reversal keeps its sign: it cancels a refund instead of adding one', () => {
		const reversal = refundTx({ transactionId: 'TX-2' });
		const item = reversal.items![0];
		item.breakdowns = [leaf('Principal', 50)];
		item.totalAmount = usd(50);
		const entries = [...refundEntries(refundTx()), ...refundEntries(reversal)];
		expect(entries.map((e) => e.grossMinor)).toEqual([5701, -5000]);
		const answer = (refunds: typeof entries) =>
			refundStatus({ refunds, sku: 'A', triggerAt: 0, checkedAt: 10 * 86_400_000, lagMs: 1 });
		expect(answer(entries)).toBe('refunded');
		expect(answer(refundEntries(reversal))).toBe('not_refunded');
	});

	it('JPY is read in yen, not hundredths', () => {
		const tx = refundTx({ totalAmount: usd(-1500, 'JPY') });
		tx.items![0].totalAmount = usd(-1500, 'JPY');
		tx.items![0].breakdowns = [leaf('Principal', -1500, 'JPY')];
		expect(refundEntries(tx)[0]).toMatchObject({ currency: 'JPY', grossMinor: 1500 });
	});

	it('an item-less refund is an order-level line that a check by SKU still sees', () => {
		const tx = refundTx({
			items: [],
			breakdowns: [
				{
					breakdownType: 'ProductCharges',
					breakdownAmount: usd(-10),
					breakdowns: [leaf('Principal', -10)],
				},
			],
			totalAmount: usd(-10),
		});
		const index = new RefundIndex();
		index.add(refundEntries(tx));
		const found = index.lookup('111-1', 'ANY-SKU');
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ orderLevel: true, sku: '', grossMinor: 1000 });
	});

	it('items without breakdowns use the transaction breakdowns (the shape of https://github.com/amzn/selling-partner-api-models/issues/4993)', () => {
		const tx = refundTx({
			breakdowns: [leaf('Principal', -20)],
			totalAmount: usd(-20),
		});
		tx.items![0].breakdowns = null;
		tx.items![0].totalAmount = usd(-20);
		expect(refundEntries(tx)[0]).toMatchObject({ principalMinor: 2000, breakdownKnown: true });
	});

	it('a line seen by both paths is kept once; possibleDuplicate only for one SKU refunded twice', () => {
		const index = new RefundIndex();
		index.add(refundEntries(refundTx()));
		index.add(refundEntries(refundTx()));
		expect(index.lookup('111-1')).toHaveLength(1);
		index.add(refundEntries(refundTx({ transactionId: 'TX-B' }, 'B')));
		expect(possibleDuplicate(index.lookup('111-1'))).toBe(false);
		const second = refundTx({ transactionId: 'TX-3' });
		second.items![0].relatedIdentifiers = [
			{ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: 'adj2' },
		];
		index.add(refundEntries(second));
		expect(possibleDuplicate(index.lookup('111-1'))).toBe(true);
	});

	it('missing amounts are an error, never a zero', () => {
		const tx = refundTx();
		tx.items![0].totalAmount = { currencyCode: 'USD' };
		expect(() => refundEntries(tx)).toThrow('amount or currency missing');
	});
});

describe('three-valued answer', () => {
	const H = 3_600_000;
	const status = (triggerAt: number | null, checkedAt = 100 * H) =>
		refundStatus({ refunds: [], sku: '', triggerAt, checkedAt, lagMs: 48 * H });

	it('no refund is "not yet known" inside the lag counted from the trigger, final after it', () => {
		expect(status(100 * H - 48 * H)).toBe('not_refunded');
		expect(status(100 * H - 48 * H + 1)).toBe('not_yet_known');
		// Without a trigger the check itself is the trigger: never final.
		expect(status(null)).toBe('not_yet_known');
	});
});

describe('document streaming', () => {
	async function* chunks(parts: string[]) {
		for (const part of parts) yield part;
	}
	async function lines(parts: string[]) {
		const out: string[] = [];
		for await (const line of splitLines(chunks(parts))) out.push(line);
		return out;
	}

	it('any split of the text into chunks gives the same lines', async () => {
		const text = 'a\tb\nccc\n\nlong-line-without-end';
		const whole = await lines([text]);
		expect(whole).toEqual(['a\tb', 'ccc', '', 'long-line-without-end']);
		for (let size = 1; size < text.length; size++) {
			const parts: string[] = [];
			for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
			expect(await lines(parts)).toEqual(whole);
		}
	});

	it('a very long line in tiny chunks comes out whole', async () => {
		const long = 'x'.repeat(200_000);
		const parts = Array.from({ length: 20_000 }, (_, i) => long.slice(i * 10, i * 10 + 10));
		expect(await lines([...parts, '\nend'])).toEqual([long, 'end']);
	});

	it('a gzip download that drops mid-stream rejects instead of hanging', async () => {
		const gz = gzipSync(Buffer.from('line\n'.repeat(10_000)));
		async function* dropping() {
			yield new Uint8Array(gz.subarray(0, 100));
			throw new Error('socket hang up');
		}
		const read = async () => {
			for await (const chunk of decompress(dropping())) void chunk;
		};
		await expect(read()).rejects.toThrow('socket hang up');
	});
});
