import {
	cleanReturn,
	daysAgo,
	event,
	manifest,
	movement,
	receipt,
	refund,
	run,
	types,
} from './fixtures';

describe('lost in transit', () => {
	const shipped = (days: number, extra: Record<string, unknown> = {}) => ({
		refunds: [refund({ refundedAt: daysAgo(days + 2) })],
		returnEvents: [event({ unit: '0' }), event({ unit: '1', sku: 'SKU-2', bagBarcode: 'BAG-2' })],
		manifests: [
			manifest({ shippedAt: daysAgo(days), ...extra }),
			manifest({
				unit: '1',
				sku: 'SKU-2',
				bagBarcode: 'BAG-2',
				shippedAt: daysAgo(days),
				...extra,
			}),
		],
	});

	it('groups the missing items of one shipment into one claim-ready exception', () => {
		const result = run(shipped(12), (s) => (s.checks = ['lost_in_transit']));
		expect(result.changes).toHaveLength(1);
		expect(result.changes[0]).toMatchObject({
			type: 'lost_in_transit',
			trackingNumber: '1Z001',
			units: 2,
			owner: 'logistics',
		});
		expect((result.changes[0].details as { missingItems: unknown[] }).missingItems).toHaveLength(2);
		expect(result.changes[0].evidence?.manifests).toHaveLength(2);
	});

	it('counts from delivery when a delivery date is known, and waits the window', () => {
		expect(
			types(shipped(12, { deliveredAt: daysAgo(10) }), (s) => (s.checks = ['lost_in_transit'])),
		).toEqual([]);
		expect(
			types(
				shipped(12, { deliveredAt: new Date(Date.parse(daysAgo(10)) - 1000).toISOString() }),
				(s) => (s.checks = ['lost_in_transit']),
			),
		).toEqual(['lost_in_transit']);
	});

	it('a receipt under the same tracking settles its line; the other item is still lost', () => {
		const inputs = { ...shipped(12), receipts: [receipt({ sku: 'SKU-2', bagBarcode: 'BAG-2' })] };
		const result = run(inputs, (s) => (s.checks = ['lost_in_transit']));
		expect(result.changes[0]).toMatchObject({ units: 1 });
		expect(
			(result.changes[0].details as { missingItems: Array<{ sku: string }> }).missingItems.map(
				(i) => i.sku,
			),
		).toEqual(['SKU-1']);
	});
});

describe('received, not on any manifest', () => {
	it('flags a receipt under an unknown tracking number and bag', () => {
		const inputs = {
			...cleanReturn(),
			receipts: [
				receipt(),
				receipt({
					trackingNumber: '1Z999',
					bagBarcode: 'BAG-9',
					orderNumber: '1001',
					sku: 'SKU-1',
				}),
			],
		};
		const result = run(inputs, (s) => (s.checks = ['received_not_on_manifest']));
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'received_not_on_manifest', trackingNumber: '1Z999' }),
		]);
	});

	it('is silent when no manifests were given at all', () => {
		expect(
			types({ receipts: [receipt()] }, (s) => (s.checks = ['received_not_on_manifest'])),
		).toEqual([]);
	});
});

describe('scan without order', () => {
	it('flags a receipt that nothing ties to an order', () => {
		const result = run(
			{ receipts: [receipt({ orderNumber: '', trackingNumber: '1Z404', bagBarcode: 'BAG-404' })] },
			(s) => (s.checks = ['scan_without_order']),
		);
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'scan_without_order', sku: 'SKU-1' }),
		]);
	});

	it('ties a receipt without order number to its return through the bag barcode', () => {
		const inputs = {
			...cleanReturn(),
			receipts: [receipt({ orderNumber: '', trackingNumber: '' })],
		};
		expect(run(inputs).changes).toEqual([]);
	});

	it('flags a Happy Returns return whose order is not in the order data', () => {
		const inputs = {
			returnEvents: [event({ orderNumber: '9999' })],
			orders: [{ orderNumber: '1001', sku: 'SKU-1', quantity: 1 }],
		};
		const result = run(inputs, (s) => (s.checks = ['scan_without_order']));
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'scan_without_order',
				returnIds: ['HR-1'],
				orderNumber: '9999',
			}),
		]);
	});
});

describe('missing merchant order id', () => {
	it('flags a refund with no order id at all', () => {
		const result = run(
			{ refunds: [refund({ orderId: '', merchantOrderId: '' })] },
			(s) => (s.checks = ['missing_merchant_order_id']),
		);
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'missing_merchant_order_id', units: 1 }),
		]);
	});

	it('flags an Amazon refund without seller order id that matches nothing, but not one found by its Amazon id', () => {
		const unmatched = run(
			{ refunds: [refund({ channel: 'amazon', orderId: '111-0000000-1', merchantOrderId: '' })] },
			(s) => (s.checks = ['missing_merchant_order_id']),
		);
		expect(unmatched.changes).toHaveLength(1);
		const aliased = run(
			{
				refunds: [refund({ channel: 'amazon', orderId: '111-0000000-1', merchantOrderId: '' })],
				orders: [{ orderNumber: '1001', aliases: '111-0000000-1', sku: 'SKU-1', quantity: 1 }],
				returnEvents: [event()],
			},
			(s) => (s.checks = ['missing_merchant_order_id', 'refunded_never_returned']),
		);
		expect(aliased.changes.map((c) => c.type)).toEqual(['refunded_never_returned']);
	});

	it('flags Happy Returns items without an order number', () => {
		const result = run(
			{ returnEvents: [event({ orderNumber: '', returnId: 'HR-X' })] },
			(s) => (s.checks = ['missing_merchant_order_id']),
		);
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'missing_merchant_order_id', returnIds: ['HR-X'] }),
		]);
	});
});

describe('stock checks', () => {
	it('flags a processed return with no stock movement after the window', () => {
		const result = run(
			{ ...cleanReturn(), stockMovements: [] },
			(s) => (s.checks = ['missing_stock_movement']),
		);
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'missing_stock_movement', units: 1, owner: 'inventory' }),
		]);
	});

	it('finds the movement through the return id in its reference text', () => {
		const inputs = {
			...cleanReturn(),
			stockMovements: [movement({ reference: 'hr:HR-1:sku-1:processed', sku: 'SKU-1' })],
		};
		expect(types(inputs, (s) => (s.checks = ['missing_stock_movement']))).toEqual([]);
	});

	it('flags an unmapped disposition code and never guesses a bucket', () => {
		const result = run(
			{ ...cleanReturn(), receipts: [receipt({ disposition: 'Water Damage' })] },
			(s) => (s.checks = ['unmapped_disposition', 'missing_stock_movement']),
		);
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'unmapped_disposition',
				details: { disposition: 'water_damage' },
			}),
		]);
	});

	it('flags drift when units went to the wrong bucket', () => {
		const inputs = { ...cleanReturn(), receipts: [receipt({ disposition: 'damaged' })] };
		const result = run(inputs, (s) => (s.checks = ['inventory_drift']));
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'inventory_drift', units: 2 }),
		]);
	});

	it('flags units held in the in-transit warehouse past the window', () => {
		const inputs = {
			returnEvents: [event()],
			stockMovements: [movement({ warehouse: 'TRANSIT', quantity: 1, movedAt: daysAgo(22) })],
		};
		const result = run(inputs, (s) => (s.checks = ['inventory_drift']));
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'inventory_drift',
				units: 1,
				details: { warehouse: 'TRANSIT' },
			}),
		]);
		const released = {
			...inputs,
			stockMovements: [
				...inputs.stockMovements,
				movement({ warehouse: 'TRANSIT', quantity: -1, movedAt: daysAgo(5) }),
			],
		};
		expect(types(released, (s) => (s.checks = ['inventory_drift']))).toEqual([]);
	});
});
