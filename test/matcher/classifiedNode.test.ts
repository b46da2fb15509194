/**
 * The node's parameters for not-returned grades and refunds that need no return, through n8n's
 * real WorkflowExecute (harness): a template sets them as plain values or expressions.
 */
import { executeNode, toItems } from '../../harness';
import { daysAgo, event, manifest, receipt, refund } from './fixtures';

const asOf = '2026-11-20T00:00:00Z';

function inputs(refunds: object[], receipts: object[] = [], events: object[] = []) {
	return [
		toItems(refunds),
		toItems(events),
		toItems(receipts.length > 0 ? [manifest()] : []),
		toItems(receipts),
		toItems([]),
		toItems([]),
		toItems([]),
	];
}

describe('Reconciliation Matcher node: classified refunds and not-returned grades', () => {
	it('classifies goodwill and FBA refunds into the Summary, not the Exceptions', async () => {
		const refunds = [
			refund({ refundReason: 'Goodwill' }),
			refund({
				refundId: 'AMZ-1',
				channel: 'amazon',
				merchantOrderId: '1002',
				orderId: '302-1',
				fulfillment: 'AFN',
				currency: 'USD',
			}),
		];
		const shipped = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: inputs(refunds),
		});
		expect(shipped.outputs[0].map((item) => item.json.type)).toEqual([
			'orphaned_refund',
			'orphaned_refund',
		]);
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: {
				asOf,
				goodwillRefundReasons: '={{ "goodwill,GoodwillAdjustment" }}',
				fbaRefundsNeedReturn: '={{ false }}',
			},
			inputs: inputs(refunds),
		});
		expect(result.status).toBe('success');
		const [exceptions, , summary] = result.outputs;
		expect(exceptions).toEqual([]);
		expect(summary[0].json.classified).toEqual([
			{ class: 'fba', currency: 'USD', refunds: 1, units: 1, amountMinor: 5000 },
			{ class: 'goodwill', currency: 'EUR', refunds: 1, units: 1, amountMinor: 5000 },
		]);
	});

	it('a wrong-item grade is not the unit returned, unless left out of Not-Returned Dispositions', async () => {
		const amazon = refund({
			channel: 'amazon',
			merchantOrderId: '1001',
			orderId: '111-1',
			fulfillment: 'MFN',
			refundedAt: daysAgo(46),
		});
		const run = (parameters: Record<string, unknown>) =>
			executeNode({
				type: 'reconciliationMatcher',
				parameters: { asOf, ...parameters },
				inputs: inputs([amazon], [receipt({ disposition: 'wrong-item' })], [event()]),
			});
		const byDefault = await run({});
		expect(byDefault.outputs[0].map((item) => item.json.type)).toEqual(['refunded_never_returned']);
		const leftOut = await run({
			notReturnedDispositions: 'missing',
			options: { dispositionMappingJson: '{"wrong-item": "none", "sellable": "Main"}' },
		});
		expect(leftOut.outputs[0]).toEqual([]);
	});
});
