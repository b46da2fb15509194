/**
 * Goodwill and FBA refunds with no return behind them are classified (counted per class and
 * currency), not raised as orphaned refunds; with a return behind them they are matched like any
 * other refund, and duplicate checks apply either way.
 */
import { daysAgo, event, manifest, movement, receipt, refund, run, types } from './fixtures';
import type { MatcherSettings } from '../../nodes/ReconciliationMatcher/engine';

const goodwill = (s: MatcherSettings) => {
	s.goodwillRefundReasons = ['goodwill', 'GoodwillAdjustment'];
};
const fbaNeedsNoReturn = (s: MatcherSettings) => {
	s.fbaRefundsNeedReturn = false;
};

function fbaRefund(over: Record<string, unknown> = {}) {
	return refund({
		refundId: 'AMZ-1',
		channel: 'Amazon.de',
		merchantOrderId: '1001',
		orderId: '302-1',
		fulfillment: 'AFN',
		amount: '-50.00',
		...over,
	});
}

describe('goodwill refunds', () => {
	it('a refund whose reason is listed, with no return, is classified, not orphaned', () => {
		const inputs = { refunds: [refund({ refundReason: 'Goodwill' })] };
		expect(types(inputs)).toEqual(['orphaned_refund']);
		const result = run(inputs, goodwill);
		expect(result.changes).toEqual([]);
		expect(result.classified).toEqual([
			expect.objectContaining({
				class: 'goodwill',
				refundId: 'R1',
				orderNumber: '1001',
				units: 1,
				amount: { amountMinor: 5000, currency: 'EUR' },
				refundReason: 'Goodwill',
				ref: { input: 0, item: 0 },
			}),
		]);
		expect(result.summary.classified).toEqual([
			{ class: 'goodwill', currency: 'EUR', refunds: 1, units: 1, amountMinor: 5000 },
		]);
		expect(result.matched.map((line) => line.state)).toEqual(['matched']);
	});

	it('reasons compare in any case and spacing; a reason not listed is still orphaned', () => {
		expect(types({ refunds: [refund({ refundReason: 'goodwill adjustment' })] }, goodwill)).toEqual(
			['orphaned_refund'],
		);
		expect(types({ refunds: [refund({ refundReason: 'GOODWILLADJUSTMENT' })] }, goodwill)).toEqual(
			[],
		);
		expect(types({ refunds: [refund({ refundReason: 'damaged' })] }, goodwill)).toEqual([
			'orphaned_refund',
		]);
		expect(types({ refunds: [refund()] }, goodwill)).toEqual(['orphaned_refund']);
	});

	it('an amount-only goodwill refund on an order with no return is classified', () => {
		const result = run(
			{ refunds: [refund({ quantity: 0, sku: '', amount: '5.00', refundReason: 'goodwill' })] },
			goodwill,
		);
		expect(result.changes).toEqual([]);
		expect(result.summary.classified).toEqual([
			{ class: 'goodwill', currency: 'EUR', refunds: 1, units: 0, amountMinor: 500 },
		]);
	});

	it('with a return behind it, a goodwill refund is matched normally, not classified', () => {
		const inputs = {
			refunds: [refund({ refundReason: 'goodwill' })],
			returnEvents: [event()],
			manifests: [manifest()],
			receipts: [receipt()],
			stockMovements: [movement()],
		};
		const result = run(inputs, goodwill);
		expect(result.changes).toEqual([]);
		expect(result.classified).toEqual([]);
		expect(result.matched.map((line) => line.state)).toEqual(['matched']);
		// ...and still waits for its goods when they do not come.
		expect(types({ ...inputs, receipts: [], stockMovements: [], manifests: [] }, goodwill)).toEqual(
			['refunded_never_returned'],
		);
	});

	it('duplicate checks still apply to classified refunds', () => {
		const orders = [
			{ orderNumber: '1001', sku: 'SKU-1', quantity: 1, unitPrice: '50.00', currency: 'EUR' },
		];
		const twice = {
			orders,
			refunds: [
				refund({ refundReason: 'goodwill' }),
				refund({ refundId: 'R2', refundReason: 'goodwill', refundedAt: daysAgo(40) }),
			],
		};
		expect(types(twice, goodwill)).toEqual(['duplicate_refund']);
		// The same refund read twice (same id) is one refund, classified once.
		const again = run(
			{
				orders,
				refunds: [refund({ refundReason: 'goodwill' }), refund({ refundReason: 'goodwill' })],
			},
			goodwill,
		);
		expect(again.changes).toEqual([]);
		expect(again.summary.classified).toEqual([
			{ class: 'goodwill', currency: 'EUR', refunds: 1, units: 1, amountMinor: 5000 },
		]);
	});

	it('a partial goodwill refund is not a value mismatch against the order line', () => {
		const inputs = {
			orders: [
				{ orderNumber: '1001', sku: 'SKU-1', quantity: 1, unitPrice: '50.00', currency: 'EUR' },
			],
			refunds: [refund({ amount: '10.00', refundReason: 'goodwill' })],
		};
		expect(types(inputs)).toEqual(['orphaned_refund', 'refund_value_mismatch']);
		expect(types(inputs, goodwill)).toEqual([]);
	});
});

describe('FBA refunds', () => {
	it('need a return by default (today): an FBA refund with none is orphaned', () => {
		expect(types({ refunds: [fbaRefund()] })).toEqual(['orphaned_refund']);
	});

	it('with fbaRefundsNeedReturn off, an FBA or AFN refund with no return is classified', () => {
		for (const fulfillment of ['AFN', 'fba']) {
			const result = run({ refunds: [fbaRefund({ fulfillment })] }, fbaNeedsNoReturn);
			expect(result.changes).toEqual([]);
			expect(result.summary.classified).toEqual([
				{ class: 'fba', currency: 'EUR', refunds: 1, units: 1, amountMinor: 5000 },
			]);
		}
	});

	it('a merchant-fulfilled Amazon refund or a storefront refund still needs its return', () => {
		expect(types({ refunds: [fbaRefund({ fulfillment: 'MFN' })] }, fbaNeedsNoReturn)).toEqual([
			'orphaned_refund',
		]);
		expect(types({ refunds: [refund({ fulfillment: 'FBA' })] }, fbaNeedsNoReturn)).toEqual([
			'orphaned_refund',
		]);
	});

	it('an FBA refund naming no order any input knows is classified, not a missing order id', () => {
		const unknown = { refunds: [fbaRefund({ merchantOrderId: '', orderId: '302-9' })] };
		expect(types(unknown)).toEqual(['missing_merchant_order_id']);
		const result = run(unknown, fbaNeedsNoReturn);
		expect(result.changes).toEqual([]);
		expect(result.classified).toEqual([
			expect.objectContaining({ class: 'fba', orderNumber: '302-9', units: 1 }),
		]);
	});

	it('an FBA refund with a return behind it is matched normally', () => {
		const result = run(
			{
				refunds: [fbaRefund()],
				returnEvents: [event()],
				manifests: [manifest()],
				receipts: [receipt()],
				stockMovements: [movement()],
			},
			fbaNeedsNoReturn,
		);
		expect(result.changes).toEqual([]);
		expect(result.classified).toEqual([]);
	});

	it('goodwill wins over FBA; classes and currencies are counted apart, never added', () => {
		const result = run(
			{
				refunds: [
					fbaRefund({ refundReason: 'goodwill' }),
					fbaRefund({ refundId: 'AMZ-2', merchantOrderId: '1002', currency: 'USD' }),
					fbaRefund({ refundId: 'AMZ-3', merchantOrderId: '1003', amount: '-20.00' }),
				],
			},
			(s) => {
				goodwill(s);
				fbaNeedsNoReturn(s);
			},
		);
		expect(result.changes).toEqual([]);
		expect(result.summary.classified).toEqual([
			{ class: 'fba', currency: 'EUR', refunds: 1, units: 1, amountMinor: 2000 },
			{ class: 'fba', currency: 'USD', refunds: 1, units: 1, amountMinor: 5000 },
			{ class: 'goodwill', currency: 'EUR', refunds: 1, units: 1, amountMinor: 5000 },
		]);
	});
});
