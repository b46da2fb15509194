/** Templates 08 (replay) and 09 (error workflow) executed through the harness. */
import { runWorkflow } from '../../harness';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import { loadTemplate as load, templateTables, withSettings } from '../../harness/templateFiles';
import { childFailure, otherFailure, parentFailure } from './errorWorkflowWorld';

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

describe('template 08 queue discipline', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes({ hr: { bucketSize: 1e6, ratePerSecond: 1e6 } });
		centra = sandboxes.centra;
		for (const name of ['TRANSIT', 'MAIN', 'B-STOCK']) warehouse(centra.state, name);
		addShippedOrder(centra.state, {
			number: 5002,
			lines: [{ sku: 'TEE-L', quantity: 2, unitPriceMinor: 4990 }],
		});
		addShippedOrder(centra.state, {
			number: 5003,
			lines: [{ sku: 'TEE-L', quantity: 2, unitPriceMinor: 4990 }],
		});
		setStock(centra.state, 'TRANSIT', 'TEE-L', 5);
	});
	afterAll(async () => sandboxes.close());
	const credentials = () => sandboxes.credentials({ centraOrderApi: false });
	const old = () => new Date(Date.now() - 2 * 3_600_000).toISOString();

	it('replays each item on its own: a drop-off that keeps failing never blocks the others, and is quarantined once after maxAttempts', async () => {
		const tables = templateTables();
		// The failing one is first, so a batch that stopped at the first failure would lose the other.
		tables.insert('Returns Event Ledger', {
			eventId: 'e-bad',
			eventType: 'return.dropped_off',
			returnId: 'ret-bad',
			orderNumber: '5002',
			orderId: '5002',
			sku: 'NO-SUCH-SKU',
			unit: '0',
			status: 'received',
			receivedAt: old(),
		});
		tables.insert('Returns Event Ledger', {
			eventId: 'e-good',
			eventType: 'return.dropped_off',
			returnId: 'ret-good',
			orderNumber: '5002',
			orderId: '5002',
			sku: 'TEE-L',
			unit: '0',
			status: 'received',
			receivedAt: old(),
		});
		const dropOff = withSettings(load('02-return-bar-drop-off.json'), {
			inTransitWarehouse: 'TRANSIT',
		});
		const replay = withSettings(load('08-replay.json'), { maxAttempts: 2 });
		const row = (id: string) => tables.rows('Returns Event Ledger').find((r) => r.eventId === id)!;
		const runs = [];
		for (let hour = 0; hour < 4; hour++) {
			const result = await runWorkflow(replay, {
				credentials: credentials(),
				dataTables: tables,
				workflows: { [dropOff.id]: dropOff },
			});
			expect(result.status).toBe('success');
			runs.push({ status: row('e-bad').status, attempts: row('e-bad').attempts });
			if (hour === 0) expect(row('e-good').status).toBe('processed');
		}
		expect(runs).toEqual([
			{ status: 'received', attempts: 1 },
			{ status: 'received', attempts: 2 },
			{ status: 'quarantined', attempts: 2 },
			{ status: 'quarantined', attempts: 2 },
		]);
		expect(row('e-bad').lastError).toMatch(/NO-SUCH-SKU/);
		expect(tables.rows('Exception Register')).toEqual([
			expect.objectContaining({
				exceptionId: 'quarantined_e-bad',
				type: 'replay_quarantined',
				status: 'open',
				owner: 'operations',
				returnId: 'ret-bad',
				summary: expect.stringMatching(/Replayed 2 times .*NO-SUCH-SKU/),
				// What to do, and the replay execution that gave up, in their own columns.
				recommendedAction: expect.stringContaining('Fix the cause named in the summary'),
				executionUrl: expect.stringMatching(/^\/workflow\/[^/]+\/executions\/[^/]+$/),
			}),
		]);
		expect(row('e-good').attempts).toBe(1);
	});

	it('replays a warehouse receipt left "received" through 03 (the webhook had already answered 200)', async () => {
		const tables = templateTables();
		const receipt = {
			returnId: 'ret-r1',
			orderNumber: '5003',
			sku: 'TEE-L',
			unit: 1,
			disposition: 'sellable',
			bagBarcode: 'BAG-1',
			trackingNumber: '1Z9',
		};
		// Two units: the loop must go on after the first, whatever the sub-workflow's last node output.
		const second = { ...receipt, returnId: 'ret-r2', unit: 0, disposition: 'damaged' };
		for (const r of [receipt, second])
			tables.insert('Warehouse Receipts', {
				...r,
				unit: String(r.unit),
				status: 'received',
				attempts: '0',
				receivedAt: old(),
				payload: JSON.stringify(r),
			});
		const warehouseTemplate = withSettings(load('03-warehouse-processing.json'), {
			inTransitWarehouse: 'TRANSIT',
		});
		const run = () =>
			runWorkflow(withSettings(load('08-replay.json'), { olderThanMinutes: 30 }), {
				credentials: credentials(),
				dataTables: tables,
				workflows: { [warehouseTemplate.id]: warehouseTemplate },
			});
		expect((await run()).status).toBe('success');
		expect(
			tables.rows('Warehouse Receipts').map((r) => [r.returnId, r.status, r.attempts]),
		).toEqual([
			['ret-r1', 'processed', 1],
			['ret-r2', 'processed', 1],
		]);
		const moves = () =>
			centra.state.stockChanges.filter((c) =>
				c.lines.some((l) => l.warehouse.name === 'TRANSIT' && l.deliveredQuantity < 0),
			).length;
		expect(moves()).toBe(2);
		expect(centra.state.returnsByExternalId('ret-r1')).toHaveLength(1);
		expect(centra.state.returnsByExternalId('ret-r2')).toHaveLength(1);
		// Processed rows are not replayed again.
		expect((await run()).status).toBe('success');
		expect(moves()).toBe(2);
		expect(tables.rows('Warehouse Receipts')).toHaveLength(2);
	});
});

describe('template 09 error workflow', () => {
	let alerts: AlertSink;
	beforeAll(async () => {
		alerts = await startAlertSink();
	});
	afterAll(async () => alerts.close());
	const errors = () =>
		withSettings(load('09-error-workflow.json'), { alertWebhookUrl: alerts.url });
	it('records a failed execution with its node and error once, and alerts the owner once', async () => {
		const tables = templateTables();
		const before = alerts.messages.length;
		for (let i = 0; i < 2; i++) {
			const result = await runWorkflow(errors(), {
				triggerItems: [{ json: childFailure }],
				dataTables: tables,
			});
			expect(result.status).toBe('success');
		}
		expect(tables.rows('Exception Register')).toEqual([
			expect.objectContaining({
				exceptionId: 'exec_4711',
				type: 'failed_execution',
				status: 'open',
				owner: 'operations',
				title: 'Failed: 02 Return Bar drop-off (first scan)',
				summary:
					'Node "Create credit note" failed: Centra Create Return refused: Cannot return 2 of SKU TEE-M',
			}),
		]);
		const sent = alerts.messages.slice(before);
		expect(sent).toHaveLength(1);
		expect(sent[0].text).toContain('02 Return Bar drop-off (first scan)');
		expect(sent[0].text).toContain('Cannot return 2 of SKU TEE-M');
		expect(sent[0].text).toContain('Owner: operations');
		expect(sent[0].text).toContain('http://n8n/execution/4711');
	});

	it('gives a called workflow and its caller one row and one alert, even reported at once', async () => {
		for (const order of [
			[childFailure, parentFailure],
			[parentFailure, childFailure],
		]) {
			const tables = templateTables();
			const before = alerts.messages.length;
			const results = await Promise.all(
				order.map((failure) =>
					runWorkflow(errors(), { triggerItems: [{ json: failure }], dataTables: tables }),
				),
			);
			expect(results.map((r) => r.status)).toEqual(['success', 'success']);
			expect(tables.rows('Exception Register').map((r) => r.exceptionId)).toEqual(['exec_4711']);
			expect(alerts.messages.length - before).toBe(1);
		}
	});

	it('(the check can fail: a workflow that does not check its claim alerts twice)', async () => {
		const tables = templateTables();
		const before = alerts.messages.length;
		const unchecked = errors();
		const check = unchecked.nodes.find((n) => n.name === 'First report of it?')!;
		check.parameters = JSON.parse(
			JSON.stringify(check.parameters).replace("$('Claim the incident').item.json.id", '$json.id'),
		) as typeof check.parameters;
		await Promise.all(
			[childFailure, parentFailure].map((failure) =>
				runWorkflow(unchecked, {
					triggerItems: [{ json: failure }],
					dataTables: tables,
				}),
			),
		);
		expect(alerts.messages.length - before).toBe(2);
	});

	it('keeps two different incidents apart', async () => {
		const tables = templateTables();
		for (const failure of [childFailure, otherFailure])
			await runWorkflow(errors(), { triggerItems: [{ json: failure }], dataTables: tables });
		expect(
			tables
				.rows('Exception Register')
				.map((r) => r.exceptionId)
				.sort(),
		).toEqual(['exec_4711', 'exec_4712']);
	});

	it('sends nothing when no alert webhook is set, and still records the row', async () => {
		const tables = templateTables();
		const before = alerts.messages.length;
		const result = await runWorkflow(load('09-error-workflow.json'), {
			triggerItems: [{ json: childFailure }],
			dataTables: tables,
		});
		expect(result.status).toBe('success');
		expect(result.executed).toContain('No alert channel');
		expect(tables.rows('Exception Register')).toHaveLength(1);
		expect(alerts.messages.length).toBe(before);
	});
});
