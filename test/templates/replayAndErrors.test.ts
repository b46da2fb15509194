/** Templates 08 (replay) and 09 (error workflow) executed through the harness. */
import { runWorkflow } from '../harness';
import { addShippedOrder, warehouse } from '../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../sandbox/centra/server';
import { loadTemplate as load, templateTables, withSettings } from './templateFiles';

describe('template 08 replay', () => {
	let centra: CentraSandbox;
	beforeAll(async () => {
		centra = await startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 });
		warehouse(centra.state, 'TRANSIT');
		addShippedOrder(centra.state, {
			number: 5001,
			lines: [{ sku: 'TEE-M', quantity: 1, unitPriceMinor: 4990 }],
		});
	});
	afterAll(async () => centra.close());

	it('re-runs drop-offs left "received" past the wait through 02, and leaves recent ones alone', async () => {
		const tables = templateTables();
		const service = await tables.provider().getDataTableProxy(null, null, 'dt1');
		const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
		await service.insertRows(
			[
				{
					eventId: 'e-old',
					eventType: 'return.dropped_off',
					returnId: 'ret-9',
					orderNumber: '5001',
					orderId: '5001',
					sku: 'TEE-M',
					unit: '0',
					status: 'received',
					receivedAt: old,
				},
				{
					eventId: 'e-new',
					eventType: 'return.dropped_off',
					returnId: 'ret-10',
					orderNumber: '5001',
					orderId: '5001',
					sku: 'TEE-M',
					unit: '0',
					status: 'received',
					receivedAt: new Date().toISOString(),
				},
			],
			'count',
		);
		const dropOff = withSettings(load('02-return-bar-drop-off.json'), {
			inTransitWarehouse: 'TRANSIT',
		});
		const result = await runWorkflow(load('08-replay.json'), {
			credentials: { centraApi: { url: centra.graphqlUrl, token: centra.token }, amazonSpApi: {} },
			dataTables: tables,
			workflows: { [dropOff.id]: dropOff },
		});
		expect(result.status).toBe('success');
		const rows = tables.rows('Returns Event Ledger');
		expect(rows.find((r) => r.eventId === 'e-old')?.status).toBe('processed');
		expect(rows.find((r) => r.eventId === 'e-new')?.status).toBe('received');
		expect(centra.state.stockChanges.map((c) => c.comment)).toEqual([
			'HR ret-9 TEE-M u0 in-transit',
		]);
		expect(centra.state.returnsByExternalId('ret-9')).toHaveLength(1);
	});
});

describe('template 09 error workflow', () => {
	it('records a failed execution with its node and error, once per execution', async () => {
		const tables = templateTables();
		const failure = {
			execution: {
				id: '4711',
				url: 'http://n8n/execution/4711',
				lastNodeExecuted: 'Create credit note',
				mode: 'webhook',
				error: { message: 'Centra Create Return refused: Cannot return 2 of SKU TEE-M' },
			},
			workflow: { id: 'rrDropOff0000002', name: '02 Return Bar drop-off (first scan)' },
		};
		for (let i = 0; i < 2; i++) {
			const result = await runWorkflow(load('09-error-workflow.json'), {
				triggerItems: [{ json: failure }],
				dataTables: tables,
			});
			expect(result.status).toBe('success');
		}
		expect(tables.rows('Exception Register')).toEqual([
			expect.objectContaining({
				exceptionId: 'exec_4711',
				type: 'failed_execution',
				status: 'open',
				title: 'Failed: 02 Return Bar drop-off (first scan)',
				summary:
					'Node "Create credit note" failed: Centra Create Return refused: Cannot return 2 of SKU TEE-M',
			}),
		]);
	});
});
