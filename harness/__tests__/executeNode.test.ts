import { executeNode, toItems } from '..';

const asOf = '2026-11-20T00:00:00Z';

describe('harness: executeNode through WorkflowExecute', () => {
	it('runs a package node with items on several inputs and returns every output', async () => {
		const refunds = toItems([
			{
				refundId: 'R1',
				channel: 'storefront',
				orderId: '1001',
				sku: 'SKU-1',
				quantity: 1,
				amount: '49.90',
				currency: 'EUR',
				refundedAt: '2026-08-01T10:00:00Z',
			},
		]);
		const receipts = toItems([
			{
				orderNumber: '1001',
				sku: 'sku-1',
				quantity: 1,
				disposition: 'sellable',
				receivedAt: '2026-08-05T10:00:00Z',
			},
		]);
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, checks: ['refunded_never_returned', 'orphaned_refund'] },
			inputs: [refunds, [], [], receipts],
		});
		expect(result.status).toBe('success');
		const [exceptions, matched, summary, rejected] = result.outputs;
		expect(exceptions).toHaveLength(0);
		expect(rejected).toHaveLength(0);
		expect(matched.map((item) => item.json)).toEqual([
			expect.objectContaining({
				orderNumber: '1001',
				sku: 'SKU-1',
				state: 'matched',
				refundedUnits: 1,
				receivedUnits: 1,
			}),
		]);
		expect(matched[0].pairedItem).toEqual([
			{ item: 0, input: 0 },
			{ item: 0, input: 3 },
		]);
		expect(summary[0].binary?.report?.mimeType).toBe('text/html');
	});

	it('reports a failing node error with its item index', async () => {
		const refunds = toItems([
			{ orderId: '1', sku: 'A', amount: '1.00', currency: 'USD', refundedAt: '2026-08-01' },
			{ orderId: '2', sku: 'B', amount: '1.00', currency: 'USD', refundedAt: '2026-08-01' },
			{ orderId: '3', sku: 'C', amount: '1.005', currency: 'USD', refundedAt: '2026-08-01' },
		]);
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, options: { onInvalidRecord: 'stop' } },
			inputs: [refunds],
		});
		expect(result.status).toBe('error');
		expect(result.error?.itemIndex).toBe(2);
		expect(result.error?.message).toContain('refunds item 2');
		expect(result.error?.message).toContain('amount');
		expect(result.error?.message).toContain('more decimals than USD allows');
	});
});
