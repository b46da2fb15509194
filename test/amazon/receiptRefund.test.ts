/**
 * Refund on receipt decides per order line: a refund Amazon made for one SKU of an order does not
 * stop another SKU's refund, and a refund of one unit of two leaves the other unit refundable
 * when the units received back are known. An order-level refund (no SKU) may cover any line.
 */
import {
	receiptRefundStatus,
	type ReceiptRefundQuery,
	type RefundEntry,
} from '../../nodes/AmazonSellerCentral/logic/refundIndex';

const HOUR = 3_600_000;
const checkedAt = Date.parse('2026-11-30T12:00:00Z');

function refund(over: Partial<RefundEntry> = {}): RefundEntry {
	return {
		kind: 'refund',
		transactionType: 'Refund',
		orderId: '111-0000000-0000001',
		sku: 'A',
		orderLevel: false,
		quantity: 1,
		currency: 'USD',
		principalMinor: 1000,
		taxMinor: 0,
		shippingMinor: 0,
		feesMinor: 0,
		otherMinor: 0,
		grossMinor: 1000,
		netMinor: -1000,
		breakdownKnown: true,
		postedAt: '2026-11-20T00:00:00.000Z',
		status: 'RELEASED',
		adjustmentId: 'ADJ-1',
		transactionId: 'T-1',
		key: `T-1|${Math.random()}`,
		fulfillmentNetwork: 'MFN',
		...over,
	};
}

const query = (over: Partial<ReceiptRefundQuery> = {}): ReceiptRefundQuery => ({
	sku: 'B',
	quantity: 1,
	unitsReceived: 0,
	alreadyQueued: 0,
	triggerAt: checkedAt - 72 * HOUR,
	checkedAt,
	lagMs: 48 * HOUR,
	...over,
});

describe('receiptRefundStatus', () => {
	it("a refund of SKU A does not stop SKU B; it stops A's line", () => {
		expect(receiptRefundStatus([refund()], query({ sku: 'B' }))).toBe('not_refunded');
		expect(receiptRefundStatus([refund()], query({ sku: 'a' }))).toBe('refunded');
	});

	it('without a SKU any refund on the order stops the line (as before)', () => {
		expect(receiptRefundStatus([refund()], query({ sku: '' }))).toBe('refunded');
		expect(receiptRefundStatus([], query({ sku: '' }))).toBe('not_refunded');
	});

	it('an order-level refund stops every line; its reversal does not', () => {
		const orderLevel = refund({ sku: '', orderLevel: true });
		expect(receiptRefundStatus([orderLevel], query({ sku: 'B' }))).toBe('refunded');
		const reversal = refund({ sku: '', orderLevel: true, grossMinor: -1000 });
		expect(receiptRefundStatus([orderLevel, reversal], query({ sku: 'B' }))).toBe('not_refunded');
	});

	it('units received: Amazon refunded 1, received 2 -> this unit may be refunded; received 1 -> not', () => {
		expect(receiptRefundStatus([refund()], query({ sku: 'A', unitsReceived: 2 }))).toBe(
			'not_refunded',
		);
		expect(receiptRefundStatus([refund()], query({ sku: 'A', unitsReceived: 1 }))).toBe('refunded');
	});

	it('units passed earlier in the batch count: the boundary is exactly the units received', () => {
		const q = (alreadyQueued: number) =>
			receiptRefundStatus([refund()], query({ sku: 'A', unitsReceived: 3, alreadyQueued }));
		expect(q(1)).toBe('not_refunded');
		expect(q(2)).toBe('refunded');
	});

	it('a refund without a quantity covers every unit of its SKU', () => {
		expect(
			receiptRefundStatus([refund({ quantity: 0 })], query({ sku: 'A', unitsReceived: 5 })),
		).toBe('refunded');
	});

	it('a reversed refund of the SKU leaves nothing refunded', () => {
		expect(
			receiptRefundStatus(
				[refund(), refund({ grossMinor: -1000, key: 'rev' })],
				query({ sku: 'A' }),
			),
		).toBe('not_refunded');
	});

	it('reimbursements are not refunds', () => {
		expect(receiptRefundStatus([refund({ kind: 'reimbursement' })], query({ sku: 'A' }))).toBe(
			'not_refunded',
		);
	});

	it('inside the posting lag a line with room is "not yet known", on both sides of the lag', () => {
		const inside = query({ sku: 'A', unitsReceived: 2, triggerAt: checkedAt - 47 * HOUR });
		expect(receiptRefundStatus([refund()], inside)).toBe('not_yet_known');
		expect(receiptRefundStatus([], inside)).toBe('not_yet_known');
		const after = query({ sku: 'A', unitsReceived: 2, triggerAt: checkedAt - 48 * HOUR });
		expect(receiptRefundStatus([refund()], after)).toBe('not_refunded');
	});
});
