/**
 * Multi-unit, multi-bag and split-refund rules and the owner's decisions on what the docs left
 * open (docs/nodes/reconciliation-matcher.md, "Decisions worth knowing"). Each rule fires, and
 * its clean twin raises nothing.
 */
import { defaultSettings, reconcile } from '../../nodes/ReconciliationMatcher/engine';
import { AS_OF, daysAgo, event, manifest, movement, receipt, refund, run, types } from './fixtures';

/** Orders X1 (SKU A) and Y1 (SKU B) returned in one bag BAG1, each refunded. */
function sharedBag(receiptSkus: string[]) {
	return {
		refunds: [
			refund({ refundId: 'RX', orderId: 'X1', sku: 'A' }),
			refund({ refundId: 'RY', orderId: 'Y1', sku: 'B' }),
		],
		returnEvents: [
			event({ returnId: 'HR-X', orderNumber: 'X1', sku: 'A', bagBarcode: 'BAG1' }),
			event({ returnId: 'HR-Y', orderNumber: 'Y1', sku: 'B', bagBarcode: 'BAG1' }),
		],
		receipts: receiptSkus.map((sku) =>
			receipt({ orderNumber: '', trackingNumber: '', bagBarcode: 'BAG1', sku }),
		),
		stockMovements: [
			movement({ reference: 'HR HR-X A processed', sku: 'A' }),
			movement({ reference: 'HR HR-Y B processed', sku: 'B' }),
		],
	};
}

describe('a bag tie links by bag and SKU', () => {
	it('receipts carrying only the bag and SKU go to the order whose return holds the SKU', () => {
		const result = run(sharedBag(['A', 'B']));
		expect(result.changes).toEqual([]);
		expect(result.matched.map((l) => `${l.orderNumber}/${l.sku}:${l.state}`).sort()).toEqual([
			'X1/A:matched',
			'Y1/B:matched',
		]);
	});

	it('a SKU no return in the bag holds is ambiguous, with its candidates, never assigned', () => {
		const result = run(sharedBag(['A', 'B', 'C']));
		const ambiguous = result.changes.filter((c) => c.details?.ambiguous);
		expect(ambiguous).toEqual([
			expect.objectContaining({
				type: 'scan_without_order',
				sku: 'C',
				details: { ambiguous: true, candidates: ['X1', 'Y1'] },
			}),
		]);
		expect(result.changes.filter((c) => c.orderNumber === 'X1' || c.orderNumber === 'Y1')).toEqual(
			[],
		);
	});

	it('manifest lines listed by bag and SKU link the same way (no false lost in transit)', () => {
		const inputs = {
			...sharedBag(['A', 'B']),
			manifests: [
				manifest({ orderNumber: '', bagBarcode: 'BAG1', sku: 'A', trackingNumber: '1Z9' }),
				manifest({ orderNumber: '', bagBarcode: 'BAG1', sku: 'B', trackingNumber: '1Z9' }),
			],
		};
		inputs.receipts = inputs.receipts.map((r) => ({ ...r, trackingNumber: '1Z9' }));
		expect(run(inputs).changes).toEqual([]);
	});
});

describe('every graded unit is checked against its bucket', () => {
	const graded = (disposition: string, moved: boolean) => ({
		refunds: [refund()],
		returnEvents: [event()],
		receipts: [receipt({ disposition })],
		stockMovements: moved ? [movement({ warehouse: 'MAIN' })] : [],
	});
	const only = (s: { checks: string[] }) => (s.checks = ['inventory_drift']);

	it('a unit graded missing (no stock) but moved into Main is drift, as for damaged', () => {
		expect(types(graded('missing', true), only)).toEqual(['inventory_drift']);
		expect(types(graded('damaged', true), only)).toEqual(['inventory_drift']);
	});

	it('its clean twins: missing and not moved, sellable moved into Main', () => {
		expect(types(graded('missing', false), only)).toEqual([]);
		expect(types(graded('sellable', true), only)).toEqual([]);
	});
});

describe('the engine takes names as users write them', () => {
	it('"In transit" and "Main" in the settings meet the movements', () => {
		const settings = defaultSettings(AS_OF);
		settings.inTransitWarehouse = 'In transit';
		settings.dispositionMapping = new Map([
			['Sellable', 'Main'],
			['Missing', 'none'],
		]);
		const result = reconcile(
			{
				refunds: [refund()],
				returnEvents: [event()],
				receipts: [receipt()],
				stockMovements: [
					movement({ warehouse: 'In transit', quantity: 1, movedAt: daysAgo(45) }),
					movement({ warehouse: 'In transit', quantity: -1, movedAt: daysAgo(40) }),
					movement({ warehouse: 'Main', quantity: 1, movedAt: daysAgo(40) }),
				],
			},
			settings,
		);
		expect(result.changes).toEqual([]);
	});
});

describe('reversals net', () => {
	const returned = { returnEvents: [event()], receipts: [receipt()], stockMovements: [movement()] };

	it('a refund reversed by a row of the opposite sign (same id) is one refund, not a duplicate', () => {
		const inputs = {
			...returned,
			refunds: [
				refund({ refundId: 'R1', amount: '50.00', refundedAt: daysAgo(30) }),
				refund({ refundId: 'R1', amount: '-50.00', refundedAt: daysAgo(29) }),
				refund({ refundId: 'R2', amount: '50.00', refundedAt: daysAgo(28) }),
			],
		};
		expect(types(inputs)).toEqual([]);
		// Twin without the reversal: two refunds of one unit.
		expect(types({ ...inputs, refunds: [inputs.refunds[0], inputs.refunds[2]] })).toEqual([
			'duplicate_refund',
		]);
	});

	it('a refund fully reversed (reversal type) leaves nothing at stake', () => {
		const reversed = {
			refunds: [
				refund({ refundId: 'R1', amount: '50.00', refundedAt: daysAgo(30) }),
				refund({ refundId: 'V1', type: 'Reversal', amount: '50.00', refundedAt: daysAgo(29) }),
			],
		};
		expect(types(reversed)).toEqual([]);
		expect(types({ refunds: [reversed.refunds[0]] })).toEqual(['orphaned_refund']);
	});

	it('Amazon (negative) and storefront (positive) refunds of one unit are not a reversal', () => {
		const inputs = {
			...returned,
			refunds: [
				refund({ refundId: 'A1', channel: 'amazon', merchantOrderId: '1001', amount: '-50.00' }),
				refund({ refundId: 'CN1', amount: '50.00', refundedAt: daysAgo(49) }),
			],
		};
		expect(types(inputs)).toEqual(['duplicate_refund']);
	});
});

describe('split refunds sum', () => {
	const line = (amounts: string[], quantities: number[]) => ({
		orders: [
			{ orderNumber: '1001', sku: 'SKU-1', quantity: 1, unitPrice: '50.00', currency: 'EUR' },
		],
		refunds: amounts.map((amount, i) =>
			refund({ refundId: `R${i}`, amount, quantity: quantities[i], refundedAt: daysAgo(50 - i) }),
		),
		returnEvents: [event()],
		receipts: [receipt()],
		stockMovements: [movement()],
	});

	it('one unit refunded in two halves is neither a duplicate nor a mismatch', () => {
		expect(types(line(['25.00', '25.00'], [1, 1]))).toEqual([]);
		expect(types(line(['40.00', '10.00'], [1, 0]))).toEqual([]);
	});

	it('two halves that sum beyond the value are a mismatch; two full refunds a duplicate', () => {
		expect(types(line(['40.00', '20.00'], [1, 0]))).toEqual(['refund_value_mismatch']);
		expect(types(line(['50.00', '50.00'], [1, 1]))).toEqual(['duplicate_refund']);
	});
});

describe('an Amazon refund with neither a seller order id nor an alias', () => {
	it('raises missing merchant order id only, with the Amazon order id as evidence', () => {
		const inputs = {
			orders: [{ orderNumber: '1001', sku: 'SKU-1', quantity: 1 }],
			refunds: [refund({ refundId: 'A1', channel: 'Amazon.de', orderId: '305-1234567-1234567' })],
			returnEvents: [event()],
			receipts: [receipt()],
			stockMovements: [movement()],
		};
		const result = run(inputs);
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'missing_merchant_order_id',
				orderNumber: '305-1234567-1234567',
			}),
		]);
		// Twin: the alias is known, so the refund matches its line and nothing is raised.
		const aliased = {
			...inputs,
			orders: [{ ...inputs.orders[0], aliases: '305-1234567-1234567' }],
		};
		expect(types(aliased)).toEqual([]);
	});
});

describe('a receipt with neither tracking number nor bag', () => {
	const inputs = (returnId: string) => ({
		refunds: [refund()],
		returnEvents: [event()],
		manifests: [manifest({ returnId: 'HR-1' })],
		receipts: [receipt({ trackingNumber: '', bagBarcode: '', returnId })],
		stockMovements: [movement()],
	});

	it('that links to no manifest line by return id is received, not on a manifest', () => {
		expect(types(inputs('HR-7'))).toContain('received_not_on_manifest');
		expect(types(inputs('HR-1'))).toEqual([]);
	});
});

describe('a unit graded missing in a bag that arrived', () => {
	it('is not carrier loss: refunded-never-returned (Happy Returns packed the bag), no lost in transit', () => {
		const inputs = {
			refunds: [refund()],
			returnEvents: [event()],
			manifests: [manifest({ shippedAt: daysAgo(48) })],
			receipts: [receipt({ disposition: 'missing' })],
		};
		const result = run(inputs);
		expect(result.changes.map((c) => c.type)).toEqual(['refunded_never_returned']);
		expect(result.changes[0].details).toMatchObject({ missingInBagUnits: 1 });
		// Twin: the bag never arrived: that is carrier loss.
		expect(types({ ...inputs, receipts: [] })).toEqual([
			'lost_in_transit',
			'refunded_never_returned',
		]);
	});
});
