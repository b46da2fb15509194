/** The Reconciliation Matcher node through n8n's real WorkflowExecute (harness). */
import { executeNode, toItems } from '../../harness';
import { cleanReturn, daysAgo, event, receipt, refund } from './fixtures';

const asOf = '2026-11-20T00:00:00Z';
const mapping = {
	mappings: [
		{ code: 'sellable', bucket: 'MAIN' },
		{ code: 'damaged', bucket: 'B-stock' },
		{ code: 'missing', bucket: 'none' },
	],
};

function inputsOf(data: ReturnType<typeof cleanReturn>, known: object[] = []) {
	return [
		toItems(data.refunds ?? []),
		toItems(data.returnEvents ?? []),
		toItems(data.manifests ?? []),
		toItems(data.receipts ?? []),
		toItems(data.stockMovements ?? []),
		toItems(data.orders ?? []),
		toItems(known),
	];
}

describe('Reconciliation Matcher node', () => {
	it('emits exceptions with evidence records and pairedItem across inputs', async () => {
		const data = { refunds: [refund()], returnEvents: [event()], receipts: [] };
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, dispositionMapping: mapping, inTransitWarehouse: 'transit' },
			inputs: inputsOf(data),
		});
		expect(result.status).toBe('success');
		const [exceptions, , summary] = result.outputs;
		expect(exceptions).toHaveLength(1);
		expect(exceptions[0].json).toMatchObject({
			type: 'refunded_never_returned',
			change: 'new',
			owner: 'finance',
			orderNumber: '1001',
		});
		expect((exceptions[0].json.evidence as { refunds: object[] }).refunds).toEqual([
			expect.objectContaining({ refundId: 'R1' }),
		]);
		expect(exceptions[0].pairedItem).toEqual(
			expect.arrayContaining([
				{ item: 0, input: 0 },
				{ item: 0, input: 1 },
			]),
		);
		expect(summary[0].json).toMatchObject({ totals: { new: 1, open: 0, resolved: 0 } });
		const html = Buffer.from(summary[0].binary!.report.data, 'base64').toString('utf8');
		expect(html).toContain('Refunded, never returned');
		expect(html).toContain('<svg');
	});

	it('lists matched lines on the Matched output, or only counts them when told not to output them', async () => {
		const data = cleanReturn();
		const run = (options: Record<string, boolean>) =>
			executeNode({
				type: 'reconciliationMatcher',
				parameters: { asOf, dispositionMapping: mapping, inTransitWarehouse: 'transit', options },
				inputs: inputsOf(data),
			});
		const listed = await run({});
		const counted = await run({ outputMatched: false });
		expect(listed.outputs[1]).toHaveLength(1);
		expect(listed.outputs[1][0].json).toMatchObject({ orderNumber: '1001', state: 'matched' });
		expect(counted.outputs[1]).toEqual([]);
		expect(counted.outputs[2][0].json).toMatchObject({ matched: 1, pending: 0 });
		expect(counted.outputs[0]).toEqual(listed.outputs[0]);
	});

	it('reads renamed fields through the field mapping (dot paths)', async () => {
		const refunds = [
			{
				id: 'X1',
				source: 'storefront',
				order: { number: '1001' },
				line: { sku: 'SKU-1' },
				money: { value: '50.00', currency: 'EUR' },
				when: daysAgo(10),
			},
		];
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: {
				asOf,
				checks: ['orphaned_refund'],
				refundsFields: {
					refundId: 'id',
					channel: 'source',
					orderId: 'order.number',
					sku: 'line.sku',
					amount: 'money.value',
					currency: 'money.currency',
					refundedAt: 'when',
				},
			},
			inputs: [toItems(refunds)],
		});
		expect(result.outputs[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				type: 'orphaned_refund',
				orderNumber: '1001',
				sku: 'SKU-1',
				actual: [{ amountMinor: 5000, currency: 'EUR' }],
			}),
		]);
	});

	it('closes exceptions through the Known Exceptions input and keeps closed ones closed', async () => {
		const orphan = { refunds: [refund()] };
		const first = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: inputsOf(orphan),
		});
		const id = first.outputs[0][0].json.id as string;
		const closed = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: inputsOf(orphan, [{ id, status: 'no_action', type: 'orphaned_refund' }]),
		});
		expect(closed.outputs[0]).toEqual([]);
		expect(closed.outputs[2][0].json).toMatchObject({ suppressed: 1 });
		const fixed = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: inputsOf({ ...orphan, returnEvents: [event()], receipts: [receipt()] }, [
				{ id, status: 'open', type: 'orphaned_refund' },
			]),
		});
		const resolved = fixed.outputs[0].find((item) => item.json.id === id);
		// Closed by the data, not by a person: "cleared", so it reopens if the case comes back.
		expect(resolved?.json).toMatchObject({ change: 'resolved', status: 'cleared' });
		expect(resolved?.pairedItem).toEqual([{ item: 0, input: 6 }]);
	});

	it('routes invalid records to the Rejected output, naming input, item and field', async () => {
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: [toItems([refund(), refund({ refundId: 'R2', currency: 'euros' })])],
		});
		expect(result.status).toBe('success');
		expect(result.outputs[3]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					input: 'refunds',
					item: 1,
					field: 'currency',
					error: expect.stringContaining('refunds item 1: currency'),
				}),
				pairedItem: { item: 1, input: 0 },
			}),
		]);
	});

	it('names the parameter when a setting is unusable', async () => {
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf: 'not a date' },
			inputs: [toItems([refund()])],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Reconcile As Of');
		const mappingError = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, dispositionMapping: { mappings: [{ code: 'sellable', bucket: '' }] } },
			inputs: [toItems([refund()])],
		});
		expect(mappingError.error?.message).toContain('Disposition Mapping row 1');
		const badJson = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, options: { dispositionMappingJson: '{"sellable": ' } },
			inputs: [toItems([refund()])],
		});
		expect(badJson.error?.message).toContain('Disposition Mapping (JSON) is not valid JSON');
		const emptyBucket = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf, options: { dispositionMappingJson: '{"damaged": ""}' } },
			inputs: [toItems([refund()])],
		});
		expect(emptyBucket.error?.message).toContain('code "damaged" needs a stock bucket name');
	});

	it('escapes hostile text in the HTML report', async () => {
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { asOf },
			inputs: [toItems([refund({ sku: '<img src=x onerror=alert(1)>' })])],
		});
		const html = Buffer.from(result.outputs[2][0].binary!.report.data, 'base64').toString('utf8');
		expect(html).not.toContain('<IMG');
		expect(html).toContain('&lt;IMGSRC=XONERROR=ALERT(1)&gt;');
	});
});

describe('Report on the Register', () => {
	it('reports every open register row, money per currency, closed rows left out, failed runs listed', async () => {
		const register = [
			{
				id: 1,
				exceptionId: 'ex_a',
				type: 'duplicate_refund',
				status: 'open',
				owner: 'finance',
				severity: 'critical',
				title: 'Duplicate refund',
				summary: 'paid twice',
				orderNumber: '1001',
				sku: 'TEE',
				amount: '12.50 EUR',
				ageDays: 40,
				deadline: '2026-12-01T00:00:00Z',
				detectedAt: '2026-10-01T00:00:00Z',
			},
			{
				id: 2,
				exceptionId: 'ex_b',
				type: 'lost_in_transit',
				status: 'Open',
				owner: 'logistics',
				severity: 'high',
				title: 'Lost in transit',
				summary: 'box lost',
				trackingNumber: '1Z9',
				amount: '30.00 USD, 1500 JPY',
				ageDays: 12,
				deadline: '2026-12-10T00:00:00Z',
				detectedAt: '2026-11-01T00:00:00Z',
			},
			{
				id: 3,
				exceptionId: 'ex_c',
				type: 'duplicate_refund',
				status: 'No action',
				owner: 'finance',
				severity: 'critical',
				title: 'Duplicate refund',
				amount: '99.00 EUR',
			},
			{
				id: 4,
				exceptionId: 'exec_77',
				type: 'failed_execution',
				status: 'open',
				owner: 'operations',
				severity: 'high',
				title: 'Failed: 03 Warehouse processing',
				summary: 'Node "Move" failed: <script>x</script>',
				detectedAt: '2026-11-20T00:00:00Z',
			},
			{
				id: 5,
				exceptionId: 'ex_d',
				type: 'orphaned_refund',
				status: 'open',
				owner: 'finance',
				severity: 'high',
				title: 'Orphaned refund',
				amount: 'twelve euros',
				ageDays: 3,
			},
		];
		const result = await executeNode({
			type: 'reconciliationMatcher',
			parameters: { mode: 'registerReport', asOf, options: { reportTitle: 'Month-end close' } },
			inputs: [[], [], [], [], [], [], toItems(register)],
		});
		expect(result.status).toBe('success');
		const [open, , summary] = result.outputs;
		expect(open.map((i) => [i.json.id, i.pairedItem])).toEqual([
			['ex_a', { item: 0, input: 6 }],
			['ex_b', { item: 1, input: 6 }],
			['ex_d', { item: 4, input: 6 }],
		]);
		expect(summary[0].json).toMatchObject({
			totals: { new: 0, open: 3, resolved: 0 },
			otherOpen: 1,
			atStake: expect.arrayContaining([
				{ amountMinor: 1250, currency: 'EUR' },
				{ amountMinor: 3000, currency: 'USD' },
				{ amountMinor: 1500, currency: 'JPY' },
			]),
			unreadableAmounts: [{ id: 'ex_d', amount: 'twelve euros' }],
		});
		const html = Buffer.from(summary[0].binary!.report.data, 'base64').toString('utf8');
		expect(html).toContain('Month-end close');
		expect(html).toContain('Failed runs and unreadable records (1)');
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toContain('99.00');
	});
});
