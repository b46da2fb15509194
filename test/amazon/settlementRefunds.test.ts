/**
 * Settlement -> Matcher refunds, from the settlement file layout (V2: one amount per row, V1:
 * typed amount columns; https://developer-docs.amazon.com/sp-api/docs/settlement-reports-attributes)
 * and the matcher's refund fields (docs/nodes/reconciliation-matcher.md).
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
	SettlementAggregator,
	SettlementParser,
} from '../../nodes/AmazonSellerCentral/logic/settlementParser';
import {
	DEFAULT_SETTLEMENT_REFUND_TYPES,
	SettlementRefundCollector,
	SettlementRefundError,
	tieOut,
	typeList,
	type MatcherRefundRecord,
} from '../../nodes/AmazonSellerCentral/logic/settlementRefunds';
import { defaultSettings, Reconciliation } from '../../nodes/ReconciliationMatcher/engine';
import { SETTLEMENT_V2_COLUMNS } from '../../sandbox/amazon/settlementFile';
import { INPUT_FIELDS } from '../../nodes/ReconciliationMatcher/fieldMapping';
import { describeOnSamples, SAMPLES } from '../shared/samples';

const FIXTURES = resolve(__dirname, 'fixtures');

// The documented columns and `promotion-id`, which real files carry.
const V2_HEADER = SETTLEMENT_V2_COLUMNS;

type V2Row = Partial<Record<(typeof V2_HEADER)[number], string>>;

function v2File(total: string, rows: V2Row[], currency = 'USD'): string {
	const line = (row: V2Row) => V2_HEADER.map((name) => row[name] ?? '').join('\t');
	return [
		V2_HEADER.join('\t'),
		line({
			'settlement-id': '5550001',
			'settlement-start-date': '2026-09-01 00:00:00 UTC',
			'settlement-end-date': '2026-09-15 00:00:00 UTC',
			'deposit-date': '2026-09-17 00:00:00 UTC',
			'total-amount': total,
			currency,
		}),
		...rows.map((row) => line({ 'settlement-id': '5550001', currency, ...row })),
	].join('\n');
}

function run(text: string, collector = new SettlementRefundCollector()) {
	const parser = new SettlementParser();
	const aggregator = new SettlementAggregator();
	for (const line of text.split('\n'))
		for (const row of parser.feed(line)) {
			aggregator.add(row);
			collector.add(row);
		}
	return {
		parser,
		records: collector.list(),
		tie: tieOut(parser.summary!, aggregator.perCurrency),
	};
}

const refundRow = (overrides: V2Row): V2Row => ({
	'transaction-type': 'Refund',
	'order-id': '111-0000000-0000001',
	'merchant-order-id': 'S-1001',
	'adjustment-id': 'ADJ-1',
	'marketplace-name': 'Amazon.com',
	'amount-type': 'ItemPrice',
	'amount-description': 'Principal',
	'fulfillment-id': 'MFN',
	'posted-date-time': '2026-09-05 10:00:00 UTC',
	sku: 'TEE-M',
	'quantity-purchased': '1',
	...overrides,
});

/** A sale, a refund of it (principal, tax, fees), a chargeback and a reversal reimbursement. */
const MIXED: V2Row[] = [
	refundRow({ 'transaction-type': 'Order', 'adjustment-id': '', amount: '50.00' }),
	refundRow({ amount: '-50.00' }),
	refundRow({ 'amount-description': 'Tax', amount: '-4.00' }),
	refundRow({ 'amount-type': 'ItemFees', 'amount-description': 'Commission', amount: '7.50' }),
	refundRow({
		'amount-type': 'ItemFees',
		'amount-description': 'RefundCommission',
		amount: '-1.50',
		'posted-date-time': '2026-09-05 10:00:01 UTC',
	}),
	refundRow({
		'transaction-type': 'Chargeback Refund',
		'order-id': '111-0000000-0000002',
		'merchant-order-id': '111-0000000-0000002',
		'adjustment-id': 'CB-1',
		sku: 'CAP',
		amount: '-20.00',
		'fulfillment-id': 'AFN',
	}),
	refundRow({
		'transaction-type': 'REVERSAL_REIMBURSEMENT',
		'order-id': '111-0000000-0000003',
		'merchant-order-id': '',
		'adjustment-id': 'ADJ-OLD',
		'marketplace-name': '',
		'amount-type': 'other-transaction',
		'amount-description': 'REVERSAL_REIMBURSEMENT',
		'fulfillment-id': '',
		sku: 'SOCK',
		amount: '12.34',
	}),
	refundRow({
		'transaction-type': 'ServiceFee',
		'order-id': '',
		'adjustment-id': '',
		'amount-type': 'other-transaction',
		'amount-description': 'Subscription Fee',
		sku: '',
		amount: '-39.99',
	}),
];
// 50 - 50 - 4 + 7.5 - 1.5 - 20 + 12.34 - 39.99
const MIXED_TOTAL = '-45.65';

describe('Settlement -> matcher refunds (V2)', () => {
	const { records, tie } = run(v2File(MIXED_TOTAL, MIXED));
	const byType = (type: string) => records.filter((r) => r.type === type);

	it('one record per refund, chargeback and reversal reimbursement; sales and fees rows are none', () => {
		expect(records.map((r) => r.type)).toEqual(['refund', 'chargeback', 'reversal']);
		expect(tie.matches).toBe(true);
	});

	it('a refund: gross principal as the amount, tax and fees beside it, latest posting as the date', () => {
		expect(byType('refund')[0]).toEqual<MatcherRefundRecord>({
			refundId: 'amazon-settlement:5550001:Refund:111-0000000-0000001:ADJ-1:TEE-M',
			channel: 'amazon',
			orderId: '111-0000000-0000001',
			merchantOrderId: 'S-1001',
			sku: 'TEE-M',
			quantity: 1,
			amount: '-50.00',
			currency: 'USD',
			refundedAt: '2026-09-05T10:00:01.000Z',
			fulfillment: 'MFN',
			refundReason: 'Refund',
			type: 'refund',
			source: 'settlement',
			settlementId: '5550001',
			transactionType: 'Refund',
			adjustmentId: 'ADJ-1',
			quantityStated: true,
			amountMinor: -5000,
			principalMinor: -5000,
			taxMinor: -400,
			shippingMinor: 0,
			promotionMinor: 0,
			feesMinor: 600,
			otherMinor: 0,
			netMinor: -4800,
			lines: [4, 5, 6, 7],
		});
	});

	it('a chargeback: FBA from AFN; a merchant order id that is the Amazon order id is left empty', () => {
		expect(byType('chargeback')[0]).toMatchObject({
			orderId: '111-0000000-0000002',
			merchantOrderId: '',
			amount: '-20.00',
			fulfillment: 'FBA',
			quantity: 1,
		});
	});

	it('a reversal reimbursement: positive (Amazon pays the seller), its whole amount, type reversal', () => {
		expect(byType('reversal')[0]).toMatchObject({
			refundId: 'amazon-settlement:5550001:REVERSAL_REIMBURSEMENT:111-0000000-0000003:ADJ-OLD:SOCK',
			amount: '12.34',
			amountMinor: 1234,
			principalMinor: 0,
			quantity: 1,
			fulfillment: '',
		});
	});

	it('every record carries the fields the matcher reads for refunds', () => {
		const names = INPUT_FIELDS.refunds.map((f) => f.name);
		for (const record of records)
			for (const name of names) expect(Object.keys(record)).toContain(name);
	});

	it('the order of the rows does not change the records (ids, amounts, quantities)', () => {
		const shuffled = [...MIXED].reverse();
		const again = run(v2File(MIXED_TOTAL, shuffled)).records;
		const strip = (list: MatcherRefundRecord[]) =>
			list
				.map(({ lines: _lines, ...rest }) => rest)
				.sort((a, b) => a.refundId.localeCompare(b.refundId));
		expect(strip(again)).toEqual(strip(records));
	});
});

describe('Settlement -> matcher refunds: grouping and quantities', () => {
	it('two SKUs of one adjustment are two records; two order items of one SKU add their units', () => {
		const { records } = run(
			v2File('-60.00', [
				refundRow({ amount: '-10.00', 'order-item-code': 'OI-1' }),
				refundRow({ amount: '-10.00', 'order-item-code': 'OI-2' }),
				refundRow({ sku: 'CAP', amount: '-40.00' }),
			]),
		);
		expect(records.map((r) => [r.sku, r.quantity, r.amount])).toEqual([
			['TEE-M', 2, '-20.00'],
			['CAP', 1, '-40.00'],
		]);
	});

	it('a refund without principal (shipping only) is an amount-only refund: quantity 0', () => {
		const { records } = run(
			v2File('-5.99', [refundRow({ 'amount-description': 'Shipping', amount: '-5.99' })]),
		);
		expect(records[0]).toMatchObject({ quantity: 0, amount: '-5.99', shippingMinor: -599 });
	});

	it('refunds without an adjustment id are told apart by their posting time', () => {
		const { records } = run(
			v2File('-20.00', [
				refundRow({ 'adjustment-id': '', amount: '-10.00' }),
				refundRow({
					'adjustment-id': '',
					amount: '-10.00',
					'posted-date-time': '2026-09-06 10:00:00 UTC',
				}),
			]),
		);
		expect(records).toHaveLength(2);
		expect(new Set(records.map((r) => r.refundId)).size).toBe(2);
	});

	it('a refund row without a readable posting date is an error naming the line', () => {
		expect(() =>
			run(v2File('-10.00', [refundRow({ amount: '-10.00', 'posted-date-time': '' })])),
		).toThrow(SettlementRefundError);
		expect(() =>
			run(v2File('-10.00', [refundRow({ amount: '-10.00', 'posted-date-time': '' })])),
		).toThrow('line 3: a Refund row has no readable posted-date-time or posted-date');
	});

	it('JPY amounts stay in yen', () => {
		const { records } = run(v2File('-1500', [refundRow({ amount: '-1500' })], 'JPY'));
		expect(records[0]).toMatchObject({ amount: '-1500', amountMinor: -1500, currency: 'JPY' });
	});
});

describe('Settlement -> matcher refunds: which transaction types count', () => {
	it('defaults are the types seen in real files', () => {
		expect(DEFAULT_SETTLEMENT_REFUND_TYPES).toEqual({
			refund: ['Refund'],
			chargeback: ['Chargeback Refund'],
			reversal: ['REVERSAL_REIMBURSEMENT'],
		});
	});

	it('types are compared without case, spaces or underscores; configured lists replace the defaults', () => {
		const collector = new SettlementRefundCollector({
			refund: typeList('Refund, A-to-z Guarantee Refund', []),
			chargeback: typeList('', ['chargeback_refund']),
			reversal: [],
		});
		expect(collector.kindOf('A-to-z Guarantee Refund')).toBe('refund');
		expect(collector.kindOf('ChargebackRefund')).toBe('chargeback');
		expect(collector.kindOf('REVERSAL_REIMBURSEMENT')).toBeUndefined();
		expect(collector.kindOf('Order')).toBeUndefined();
	});

	it('a type listed under two kinds is an error', () => {
		expect(
			() =>
				new SettlementRefundCollector({ refund: ['Refund'], chargeback: ['refund'], reversal: [] }),
		).toThrow('Transaction type "refund" is listed as both refund and chargeback');
	});
});

describe('Settlement tie-out', () => {
	it('both sides of the boundary: equal ties out, one minor unit off either way names it', () => {
		expect(run(v2File(MIXED_TOTAL, MIXED)).tie).toMatchObject({
			matches: true,
			differenceMinor: 0,
			message: 'Settlement 5550001 ties out: rows add up to -45.65 USD',
		});
		expect(run(v2File('-45.66', MIXED)).tie).toMatchObject({
			matches: false,
			differenceMinor: 1,
			difference: '0.01',
			message:
				'Settlement 5550001 does not tie out: rows add up to -45.65 USD against a stated total of -45.66 USD (difference 0.01 USD)',
		});
		expect(run(v2File('-45.64', MIXED)).tie).toMatchObject({
			matches: false,
			differenceMinor: -1,
			difference: '-0.01',
		});
	});

	it('a row in another currency does not tie out, even when the settlement currency adds up', () => {
		const { tie } = run(
			v2File(MIXED_TOTAL, [...MIXED, refundRow({ currency: 'CAD', amount: '-1.00' })]),
		);
		expect(tie).toMatchObject({
			matches: false,
			differenceMinor: 0,
			otherCurrencies: { CAD: '-1.00' },
		});
		expect(tie.message).toContain('rows in other currencies than USD: -1.00 CAD');
	});
});

describe('Settlement -> matcher refunds on the project fixtures', () => {
	it('V2 (decimal comma): the refund of COAT-M', () => {
		const { records, tie } = run(readFileSync(resolve(FIXTURES, 'settlement-v2-eur.tsv'), 'utf8'));
		expect(tie.matches).toBe(true);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({
			refundId:
				'amazon-settlement:8800000001:Refund:305-1111111-2222222:amzn1:crow:fixture1:COAT-M',
			orderId: '305-1111111-2222222',
			merchantOrderId: 'W1001',
			sku: 'COAT-M',
			quantity: 1,
			quantityStated: true,
			amount: '-49.90',
			currency: 'EUR',
			feesMinor: 749 - 150,
			netMinor: -4990 + 749 - 150,
			refundedAt: '2026-10-09T08:30:00.000Z',
			fulfillment: 'MFN',
		});
	});

	it('V1 (typed amount columns, no refund quantity): same shape, one unit assumed from the principal', () => {
		const { records, tie } = run(readFileSync(resolve(FIXTURES, 'settlement-v1-usd.txt'), 'utf8'));
		expect(tie.matches).toBe(true);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({
			refundId:
				'amazon-settlement:7700000001:Refund:111-5555555-6666666:amzn1:crow:fixtureV1:HAT-1',
			merchantOrderId: 'S-77',
			sku: 'HAT-1',
			quantity: 1,
			quantityStated: false,
			amount: '-20.00',
			feesMinor: 300 - 60,
			netMinor: -2000 + 300 - 60,
			type: 'refund',
		});
	});
});

describeOnSamples(
	'Settlement -> matcher refunds on real V1 files',
	['amazon-settlement-flatfile-v1'],
	() => {
		const file = (name: string) =>
			readFileSync(resolve(SAMPLES, 'amazon-settlement-flatfile-v1', name), 'utf8');

		it('a refund and its reversal reimbursement in a later settlement have different ids', () => {
			const refund = run(file('adwweaver_50018020314.txt')).records.find(
				(r) => r.orderId === '702-1278184-4976266',
			);
			const later = run(file('adwweaver_50044020356.txt'));
			const reversal = later.records.find(
				(r) => r.orderId === '702-1278184-4976266' && r.type === 'reversal',
			);
			expect(later.tie.matches).toBe(true);
			expect(refund).toMatchObject({ type: 'refund', amount: '-60.00', sku: 'SALTT30-MELN' });
			expect(reversal).toMatchObject({ amount: '43.29', sku: 'SALTT30-MELN', quantity: 1 });
			expect(reversal!.adjustmentId).toBe(refund!.adjustmentId);
			expect(reversal!.refundId).not.toBe(refund!.refundId);
		});
	},
);

describe('Settlement -> matcher refunds through the matcher engine', () => {
	const now = Date.parse('2026-11-30T00:00:00Z');
	const reconcile = (records: MatcherRefundRecord[]) => {
		const run = new Reconciliation(defaultSettings(now));
		for (const record of records) run.add('refunds', record as unknown as Record<string, unknown>);
		return run.finish();
	};
	const types = (result: ReturnType<typeof reconcile>, orderId: string) =>
		result.changes.filter((c) => c.orderNumber === orderId).map((c) => c.type);

	it('every record is read without rejection', () => {
		expect(reconcile(run(v2File(MIXED_TOTAL, MIXED)).records).rejected).toEqual([]);
	});

	it('a refund Amazon reimbursed in full in a later settlement leaves nothing at stake', () => {
		const refund = run(v2File('-50.00', [refundRow({ amount: '-50.00' })])).records;
		const unreimbursed = reconcile(refund);
		expect(types(unreimbursed, 'S-1001').length).toBeGreaterThan(0);
		const reversal = run(
			v2File('50.00', [
				refundRow({
					'transaction-type': 'REVERSAL_REIMBURSEMENT',
					'amount-type': 'other-transaction',
					'amount-description': 'REVERSAL_REIMBURSEMENT',
					amount: '50.00',
					'posted-date-time': '2026-10-20 10:00:00 UTC',
				}),
			]),
		).records;
		expect(types(reconcile([...refund, ...reversal]), 'S-1001')).toEqual([]);
	});
});
