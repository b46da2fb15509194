import {
	AS_OF,
	DAY,
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

describe('a clean return', () => {
	it('raises nothing and is matched', () => {
		const result = run(cleanReturn());
		expect(result.changes).toEqual([]);
		expect(result.rejected).toEqual([]);
		expect(result.matched).toEqual([
			expect.objectContaining({ orderNumber: '1001', sku: 'SKU-1', state: 'matched' }),
		]);
	});
});

describe('orphaned refund', () => {
	it('flags a refund with no return record anywhere, after the grace period', () => {
		const result = run({ refunds: [refund({ refundedAt: daysAgo(3) })] });
		expect(result.changes).toHaveLength(1);
		expect(result.changes[0]).toMatchObject({
			type: 'orphaned_refund',
			units: 1,
			owner: 'finance',
			actual: [{ amountMinor: 5000, currency: 'EUR' }],
			ageDays: 3,
		});
	});

	it('the grace is time allowed: exactly 2 days old, nothing; one second past, orphaned', () => {
		const at = new Date(AS_OF - 2 * DAY).toISOString();
		expect(types({ refunds: [refund({ refundedAt: at })] })).toEqual([]);
		expect(
			types({ refunds: [refund({ refundedAt: new Date(AS_OF - 2 * DAY - 1000).toISOString() })] }),
		).toEqual(['orphaned_refund']);
	});

	it('uses the Amazon claim windows for the deadline (MFN 60 days, FBA 105)', () => {
		const mfn = run({
			refunds: [
				refund({
					channel: 'amazon',
					merchantOrderId: '1001',
					orderId: '111-1',
					fulfillment: 'MFN',
					refundedAt: '2026-10-01T00:00:00Z',
				}),
			],
		});
		expect(mfn.changes[0]).toMatchObject({ deadline: '2026-11-30' });
		const fba = run({
			refunds: [
				refund({
					channel: 'amazon',
					merchantOrderId: '1001',
					orderId: '111-1',
					fulfillment: 'FBA',
					refundedAt: '2026-10-01T00:00:00Z',
				}),
			],
		});
		expect(fba.changes[0]).toMatchObject({ deadline: '2027-01-14' });
	});

	it('a refunded return that expired is refunded-never-returned, with the expiry in evidence', () => {
		const result = run({
			refunds: [refund()],
			returnEvents: [
				event({ status: 'started' }),
				event({ status: 'expired', scannedAt: daysAgo(20) }),
			],
		});
		expect(result.changes.map((c) => c.type)).toEqual(['refunded_never_returned']);
		expect(result.changes[0].details).toMatchObject({ expiredReturnUnits: 1 });
		expect(result.changes[0].summary).toContain('expired before drop-off');
		// Its clean twin: the goods arrived, nothing is raised.
		const received = run({
			refunds: [refund()],
			returnEvents: [event({ status: 'started' })],
			receipts: [receipt()],
			stockMovements: [movement()],
		});
		expect(received.changes).toEqual([]);
	});
});

describe('refunded, never returned', () => {
	const scanned = { refunds: [refund()], returnEvents: [event()], manifests: [], receipts: [] };

	it('flags a refunded, dropped-off unit not received after 45 days', () => {
		const result = run(scanned, (s) => (s.checks = ['refunded_never_returned']));
		expect(result.changes).toHaveLength(1);
		expect(result.changes[0]).toMatchObject({
			type: 'refunded_never_returned',
			units: 1,
			ageDays: 50,
			agingBucket: '31-60',
			returnIds: ['HR-1'],
		});
	});

	it('the window is time allowed: exactly 45 days, nothing; one second past, flagged', () => {
		const at = (ms: number) => ({
			...scanned,
			refunds: [refund({ refundedAt: new Date(AS_OF - ms).toISOString() })],
		});
		expect(types(at(45 * DAY + 1000), (s) => (s.checks = ['refunded_never_returned']))).toEqual([
			'refunded_never_returned',
		]);
		expect(types(at(45 * DAY), (s) => (s.checks = ['refunded_never_returned']))).toEqual([]);
	});

	it('treats offsets correctly across a time-zone boundary', () => {
		// 23:30 on 5 Oct at UTC-5 is 04:30 UTC on 6 Oct: 44 days 19.5 hours before asOf, not yet due,
		// although the local calendar date is 46 days back.
		const local = { ...scanned, refunds: [refund({ refundedAt: '2026-10-05T23:30:00-05:00' })] };
		expect(types(local, (s) => (s.checks = ['refunded_never_returned']))).toEqual([]);
		// 18:59:59 on 5 Oct at UTC-5 is 23:59:59 UTC: one second past 45 days.
		const earlier = { ...scanned, refunds: [refund({ refundedAt: '2026-10-05T18:59:59-05:00' })] };
		expect(run(earlier, (s) => (s.checks = ['refunded_never_returned'])).changes[0]).toMatchObject({
			ageDays: 45,
		});
	});

	it('counts units: a line of 3 with 2 received leaves 1 unit and a third of the money', () => {
		const result = run(
			{
				refunds: [refund({ quantity: 3, amount: '150.00' })],
				returnEvents: [event({ unit: '0' }), event({ unit: '1' }), event({ unit: '2' })],
				receipts: [receipt({ quantity: 2 })],
			},
			(s) => (s.checks = ['refunded_never_returned']),
		);
		expect(result.changes[0]).toMatchObject({
			units: 1,
			actual: [{ amountMinor: 5000, currency: 'EUR' }],
		});
	});

	it('a split shipment: units on two tracking numbers, both received, is matched', () => {
		const result = run({
			refunds: [refund({ quantity: 2, amount: '100.00' })],
			returnEvents: [event({ unit: '0' }), event({ unit: '1', bagBarcode: 'BAG-2' })],
			manifests: [
				manifest({ unit: '0' }),
				manifest({ unit: '1', trackingNumber: '1Z002', bagBarcode: 'BAG-2' }),
			],
			receipts: [receipt(), receipt({ trackingNumber: '1Z002', bagBarcode: 'BAG-2' })],
			stockMovements: [movement({ quantity: 2 })],
		});
		expect(result.changes).toEqual([]);
	});

	it('a "missing" disposition does not count as received', () => {
		const result = run(
			{ ...cleanReturn(), receipts: [receipt({ disposition: 'missing' })] },
			(s) => (s.checks = ['refunded_never_returned']),
		);
		expect(result.changes.map((c) => c.type)).toEqual(['refunded_never_returned']);
	});
});

describe('duplicate refund', () => {
	it('flags Amazon plus storefront refunds of the same returned unit', () => {
		const result = run({
			refunds: [
				refund({
					refundId: 'AMZ-1',
					channel: 'amazon',
					orderId: '111-7',
					merchantOrderId: '1001',
					refundedAt: daysAgo(10),
				}),
				refund({ refundId: 'CN-1', channel: 'storefront', refundedAt: daysAgo(8) }),
			],
			returnEvents: [event({ scannedAt: daysAgo(11) })],
		});
		const duplicate = result.changes.find((c) => c.type === 'duplicate_refund');
		expect(duplicate).toMatchObject({
			units: 1,
			channel: 'amazon+storefront',
			ageDays: 8,
			expected: [{ amountMinor: 5000, currency: 'EUR' }],
			actual: [{ amountMinor: 10000, currency: 'EUR' }],
			difference: [{ amountMinor: 5000, currency: 'EUR' }],
		});
		expect(duplicate?.details).toEqual({ duplicateRefundIds: ['CN-1'], rowsWithoutId: 0 });
	});

	it('two refunds of the same amount on different dates are two refunds', () => {
		const result = run({
			refunds: [
				refund({ refundId: '', refundedAt: daysAgo(10) }),
				refund({ refundId: '', refundedAt: daysAgo(9) }),
			],
			returnEvents: [event()],
		});
		expect(result.changes.map((c) => c.type)).toContain('duplicate_refund');
	});

	it('the same refund read twice (same id) is one refund', () => {
		const result = run({
			refunds: [refund(), refund()],
			returnEvents: [event()],
			receipts: [receipt()],
			stockMovements: [movement()],
			manifests: [manifest()],
		});
		expect(result.changes).toEqual([]);
	});

	it('two units returned and refunded once each is not a duplicate', () => {
		const result = run({
			refunds: [refund({ refundId: 'A' }), refund({ refundId: 'B', refundedAt: daysAgo(49) })],
			returnEvents: [event({ unit: '0' }), event({ unit: '1' })],
			receipts: [receipt({ quantity: 2 })],
			stockMovements: [movement({ quantity: 2 })],
		});
		expect(result.changes.map((c) => c.type)).not.toContain('duplicate_refund');
	});

	it('without return evidence, refunds in two channels are a duplicate but two in one channel are not', () => {
		const cross = run({
			refunds: [
				refund({ refundId: 'A', channel: 'amazon', merchantOrderId: '1001', orderId: '111-1' }),
				refund({ refundId: 'B' }),
			],
		});
		expect(cross.changes.map((c) => c.type).sort()).toEqual([
			'duplicate_refund',
			'orphaned_refund',
		]);
		const same = run({ refunds: [refund({ refundId: 'A' }), refund({ refundId: 'B' })] });
		expect(same.changes.map((c) => c.type)).toEqual(['orphaned_refund']);
	});
});

describe('returned, never refunded', () => {
	it('flags goods received with no refund after 2 days plus the 48 h finance lag', () => {
		const inputs = {
			returnEvents: [event()],
			receipts: [receipt({ receivedAt: new Date(AS_OF - 4 * DAY - 1000).toISOString() })],
			stockMovements: [movement()],
		};
		expect(run(inputs).changes.map((c) => c.type)).toEqual(['returned_never_refunded']);
		// The window is time allowed: exactly 2 days plus 48 h is still inside it.
		const atLimit = { ...inputs, receipts: [receipt({ receivedAt: daysAgo(4) })] };
		expect(run(atLimit).changes).toEqual([]);
	});

	it('does not expect a refund for an exchange', () => {
		const result = run({
			returnEvents: [event({ isExchange: true })],
			receipts: [receipt()],
			stockMovements: [movement()],
		});
		expect(result.changes).toEqual([]);
	});
});

describe('refund value mismatch', () => {
	const order = (price: string, currency = 'EUR') => ({
		orderNumber: '1001',
		sku: 'SKU-1',
		quantity: 1,
		unitPrice: price,
		currency,
	});

	it('flags a refund above the order line value beyond one cent', () => {
		const result = run({
			...cleanReturn(),
			refunds: [refund({ amount: '55.00' })],
			orders: [order('50.00')],
		});
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'refund_value_mismatch',
				expected: [{ amountMinor: 5000, currency: 'EUR' }],
				actual: [{ amountMinor: 5500, currency: 'EUR' }],
				difference: [{ amountMinor: 500, currency: 'EUR' }],
			}),
		]);
	});

	it('tolerates the configured difference, at the limit', () => {
		expect(
			run({ ...cleanReturn(), refunds: [refund({ amount: '50.01' })], orders: [order('50.00')] })
				.changes,
		).toEqual([]);
		expect(
			run({ ...cleanReturn(), refunds: [refund({ amount: '50.02' })], orders: [order('50.00')] })
				.changes,
		).toHaveLength(1);
		expect(
			run(
				{ ...cleanReturn(), refunds: [refund({ amount: '52.50' })], orders: [order('50.00')] },
				(s) => (s.tolerance.percent = 5),
			).changes,
		).toEqual([]);
	});

	it('never adds or converts mixed currencies', () => {
		const result = run({
			...cleanReturn(),
			refunds: [refund({ currency: 'USD' })],
			orders: [order('50.00', 'EUR')],
		});
		expect(result.changes[0]).toMatchObject({
			type: 'refund_value_mismatch',
			expected: [{ amountMinor: 5000, currency: 'EUR' }],
			actual: [{ amountMinor: 5000, currency: 'USD' }],
		});
		expect(result.changes[0].details).toMatchObject({ currencyMismatch: true });
		expect(result.summary.atStake).toEqual([
			{ amountMinor: 5000, currency: 'EUR' },
			{ amountMinor: 5000, currency: 'USD' },
		]);
	});

	it('handles zero-decimal currencies', () => {
		const result = run({
			...cleanReturn(),
			refunds: [refund({ amount: '5500', currency: 'JPY' })],
			orders: [order('5000', 'JPY')],
		});
		expect(result.changes[0]).toMatchObject({
			difference: [{ amountMinor: 500, currency: 'JPY' }],
		});
	});
});
