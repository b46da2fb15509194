/**
 * Templates 04 (nightly reconciliation), 05 (lost in transit), 06 (stock-movement monitor) and 07
 * (month-end close) end to end: a generated scenario with every anomaly is
 * loaded into the sandboxes as the vendors would hold it (Centra orders, stock movements and
 * storefront refunds; Amazon refunds); the Happy Returns webhooks go through the real trigger and
 * template 01 into the event ledger; the warehouse receipts are in their Data Table as template 03
 * writes them. Then 04 runs, and its Exception Register must hold exactly the generator's ground
 * truth; re-runs change nothing, closed rows stay closed, fixed cases are cleared by the data. 05 claims exactly
 * the lost boxes from Happy Returns' manifests, 06 finds exactly the stock findings, 07 reports it all.
 */
import { InMemoryDataTables, runCalledWorkflow, type RunResult } from '../../harness';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import { productSize, warehouse } from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import {
	generateScenario,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
	type Scenario,
} from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import {
	LEDGER_COLUMNS,
	loadTemplate,
	RECEIPT_COLUMNS,
	REGISTER_COLUMNS,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import {
	EVERY_EXCEPTION_KIND,
	groundTruthKey,
	registerKey,
	warehouseReceiptRows,
} from '../../harness/scenarioRows';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';

const SECRET = 'nightly-test-secret';

describe('templates 04 to 07 end to end on one scenario', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let alerts: AlertSink;
	let scenario: Scenario;
	let tables: InMemoryDataTables;
	let nightly: Template;

	// Centra without its Order API fields, as these runs have always had it.
	const credentials = () => sandboxes.credentials({ webhookSecret: SECRET, centraOrderApi: false });

	async function runTemplate(
		template: Template,
		startNode: string,
		dataTables = tables,
		workflows: Record<string, Template> = {},
	): Promise<RunResult> {
		const run = await runCalledWorkflow(template, startNode, {
			credentials: credentials(),
			dataTables,
			workflows,
		});
		if (run.status !== 'success')
			throw new Error(
				`${template.name} failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message} ${run.error?.description ?? ''}`,
			);
		return run;
	}
	const runNightly = () => runTemplate(nightly, 'When called by month-end');
	const settings = () => ({
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
		lookbackDays: 200,
		alertWebhookUrl: alerts.url,
	});

	beforeAll(async () => {
		[sandboxes, alerts] = await Promise.all([startTemplateSandboxes(), startAlertSink()]);
		centra = sandboxes.centra;
		const rates = EVERY_EXCEPTION_KIND;
		scenario = generateScenario({ seed: 404, returns: 160, rates, asOf: new Date().toISOString() });
		const bodies = loadScenario(scenario, sandboxes);
		tables = templateTables();
		// Happy Returns notifications through the real trigger and template 01, as they arrived: the
		// event time is when the webhook came in, so each delivery carries the scenario's time.
		await deliverNoticesToIntake(bodies, { secret: SECRET, credentials: credentials() }, tables);
		// Warehouse receipts as template 03 records them: one row per unit, with its return id.
		for (const row of warehouseReceiptRows(scenario)) tables.insert('Warehouse Receipts', row);
		nightly = withSettings(loadTemplate('04-nightly-reconciliation.json'), settings());
	}, 240_000);
	afterAll(async () => Promise.all([sandboxes.close(), alerts.close()]));

	it('registers exactly the ground-truth exceptions, owned, aged and with deadlines, and alerts owners once', async () => {
		await runNightly();
		const register = tables.rows('Exception Register');
		const expected = [...new Set(scenario.expected.map(groundTruthKey))].sort();
		expect(expected.length).toBeGreaterThan(30);
		expect(new Set(expected.map((k) => k.split('|')[0])).size).toBe(11);
		// One row per case; an unmapped code has one row per unit (03's identity), so a case of two
		// units has two rows with one key.
		expect([...new Set(register.map(registerKey))].sort()).toEqual(expected);
		expect(
			register
				.filter((r) => r.type !== 'unmapped_disposition')
				.map(registerKey)
				.sort(),
		).toEqual(expected.filter((k) => !k.startsWith('unmapped_disposition|')));
		expect(new Set(register.map((r) => r.exceptionId)).size).toBe(register.length);
		for (const row of register) {
			expect(row).toMatchObject({
				status: 'open',
				owner: expect.any(String),
				severity: expect.any(String),
				title: expect.any(String),
				// What to do in its own column, on every row a template raised (01, 03 and 04 here).
				recommendedAction: expect.stringMatching(/\S/),
			});
			// Typed columns, as template 14 creates them: a date and a number.
			expect(row.deadline).toBeInstanceOf(Date);
			expect(typeof row.ageDays).toBe('number');
			expect(row.ageDays as number).toBeGreaterThanOrEqual(0);
		}
		const duplicate = register.find((r) => r.type === 'duplicate_refund');
		expect(String(duplicate?.amount)).toMatch(/^\d+\.\d{2} (EUR|USD)$/);
		// One message for the whole run, listing the new urgent cases.
		expect(alerts.messages).toHaveLength(1);
		expect(alerts.messages[0].text).toMatch(
			/^\d+ new returns exception\(s\) need action \(nightly reconciliation\)/,
		);
	}, 120_000);

	it('a second run changes nothing: no new rows, no new alert', async () => {
		const before = JSON.stringify(
			tables.rows('Exception Register').map((r) => [r.exceptionId, r.status, r.owner]),
		);
		await runNightly();
		expect(
			JSON.stringify(
				tables.rows('Exception Register').map((r) => [r.exceptionId, r.status, r.owner]),
			),
		).toBe(before);
		expect(alerts.messages).toHaveLength(1);
	}, 120_000);

	it('rows a person closed stay closed, notes survive, and a fixed case is cleared by the data', async () => {
		const register = tables.rows('Exception Register');
		const dismissed = register.find((r) => r.type === 'refund_value_mismatch')!;
		Object.assign(dismissed, { status: 'No action', notes: 'goodwill refund agreed by CS' });
		// Fix one missing stock movement in Centra, as a warehouse person would.
		const missing = register.find((r) => r.type === 'missing_stock_movement')!;
		const returnId = String(
			scenario.returnEvents.find((e) => String(e.orderNumber) === missing.orderNumber)!.returnId,
		);
		const receipt = scenario.receipts.find((r) => String(r.orderNumber) === missing.orderNumber)!;
		const bucket = SCENARIO_DISPOSITIONS[String(receipt.disposition)];
		const size = productSize(centra.state, String(missing.sku));
		for (const [name, quantity] of [
			[TRANSIT, -Number(receipt.quantity)],
			[bucket, Number(receipt.quantity)],
		] as Array<[string, number]>) {
			const target = warehouse(centra.state, name);
			centra.state.stockChanges.push({
				id: centra.state.id(),
				// Made today, by the person fixing it: the next run reads what changed since the last one.
				createdAt: new Date().toISOString(),
				comment: `HR ${returnId} ${String(missing.sku)} processed`,
				type: 'CHANGE',
				warehouse: target,
				lines: [
					{
						id: centra.state.id(),
						deliveredQuantity: quantity,
						productSize: size,
						warehouse: target,
						createdFromShipmentLine: null,
					},
				],
			});
		}
		await runNightly();
		const after = tables.rows('Exception Register');
		expect(after).toHaveLength(register.length);
		expect(after.find((r) => r.exceptionId === dismissed.exceptionId)).toMatchObject({
			status: 'No action',
			notes: 'goodwill refund agreed by CS',
		});
		// Closed by the data, not by a person: 'cleared', so it reopens if the gap comes back.
		expect(after.find((r) => r.exceptionId === missing.exceptionId)).toMatchObject({
			status: 'cleared',
			resolvedAt: expect.any(Date),
		});
	}, 120_000);
	it("unmapped codes: 03's identity, one row per unit; a row a person closed stays closed, the rest clear once the code is mapped", async () => {
		// 03 registers an unmapped code under this id; 04 must write and find the same one.
		const processing = loadTemplate('03-warehouse-processing.json');
		const node = processing.nodes.find((n) => n.name === 'Unmapped disposition: register')!;
		expect(JSON.stringify(node.parameters)).toContain(
			"'unmapped_' + $json.returnId + '_' + $json.sku + '_' + $json.unit",
		);
		const unmapped = () =>
			tables.rows('Exception Register').filter((r) => r.type === 'unmapped_disposition');
		for (const row of unmapped()) {
			const receipt = tables
				.rows('Warehouse Receipts')
				.find(
					(r) =>
						`unmapped_${String(r.returnId)}_${String(r.sku)}_${String(r.unit)}` === row.exceptionId,
				);
			expect(receipt?.disposition).toBe('water_damage');
		}
		expect(unmapped().length).toBeGreaterThan(1);
		// A person handles one; a second run neither raises it again nor reopens it.
		const handled = unmapped()[0];
		Object.assign(handled, { status: 'resolved', notes: 'graded by hand' });
		const count = tables.rows('Exception Register').length;
		await runNightly();
		expect(tables.rows('Exception Register')).toHaveLength(count);
		expect(unmapped().find((r) => r.exceptionId === handled.exceptionId)).toMatchObject({
			status: 'resolved',
		});
		// Mapping the code clears the open ones, as the data (on a copy: later tests use these tables).
		const copy = new InMemoryDataTables();
		copy.create(
			'Returns Event Ledger',
			LEDGER_COLUMNS.map((c) => c.name),
		);
		copy.create(
			'Warehouse Receipts',
			RECEIPT_COLUMNS.map((c) => c.name),
		);
		copy.create(
			'Exception Register',
			REGISTER_COLUMNS.map((c) => c.name),
		);
		const system = new Set(['id', 'createdAt', 'updatedAt']);
		for (const name of ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'])
			for (const row of tables.rows(name))
				copy.insert(
					name,
					Object.fromEntries(Object.entries(row).filter(([key]) => !system.has(key))) as never,
				);
		const mapped = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
			...settings(),
			dispositionMapping: JSON.stringify({ ...SCENARIO_DISPOSITIONS, water_damage: 'B-STOCK' }),
		});
		await runTemplate(mapped, 'When called by month-end', copy);
		const after = copy.rows('Exception Register').filter((r) => r.type === 'unmapped_disposition');
		expect(after.map((r) => [r.exceptionId, r.status]).sort()).toEqual(
			unmapped()
				.map((r) => [r.exceptionId, r.exceptionId === handled.exceptionId ? 'resolved' : 'cleared'])
				.sort(),
		);
	}, 240_000);

	it('05 lost in transit: one claim line per lost box from the Happy Returns manifests, the register row shared with 04', async () => {
		const before = tables.rows('Exception Register').length;
		const lost = withSettings(loadTemplate('05-lost-in-transit.json'), settings());
		const run = await runTemplate(lost, 'When called (manual or month-end)');
		const claims = run.run.data.resultData.runData['Claim lines'][0].data!.main[0]!.map(
			(i) => i.json,
		);
		const expected = [
			...new Set(
				scenario.expected.filter((e) => e.type === 'lost_in_transit').map((e) => e.trackingNumber),
			),
		].sort();
		expect(claims.map((c) => c.trackingNumber).sort()).toEqual(expected);
		for (const claim of claims) {
			expect(claim).toMatchObject({
				carrier: 'UPS',
				unitsMissing: expect.any(Number),
				valueAtStake: expect.stringMatching(/\d+\.\d{2} (EUR|USD)/),
				claimDeadline: expect.stringMatching(/^\d{4}-/),
			});
			expect(String(claim.items).split('; ').length).toBe(claim.unitsMissing);
		}
		const csv = run.run.data.resultData.runData['Claim report'][0].data!.main[0]![0].binary!.claims;
		expect(csv.fileName).toMatch(/^carrier-claims-\d{4}-\d{2}-\d{2}\.csv$/);
		expect(Buffer.from(csv.data, 'base64').toString('utf8').split('\n')[0]).toContain(
			'trackingNumber',
		);
		expect(tables.rows('Exception Register')).toHaveLength(before);
	}, 120_000);

	it('06 stock-movement monitor: exactly the ground-truth missing movements and drift, in a fresh register', async () => {
		const own = new InMemoryDataTables();
		own.create(
			'Returns Event Ledger',
			LEDGER_COLUMNS.map((c) => c.name),
		);
		own.create(
			'Warehouse Receipts',
			RECEIPT_COLUMNS.map((c) => c.name),
		);
		own.create(
			'Exception Register',
			REGISTER_COLUMNS.map((c) => c.name),
		);
		for (const name of ['Returns Event Ledger', 'Warehouse Receipts']) {
			const system = new Set(['id', 'createdAt', 'updatedAt']);
			for (const row of tables.rows(name))
				own.insert(
					name,
					Object.fromEntries(Object.entries(row).filter(([key]) => !system.has(key))) as never,
				);
		}
		const monitor = withSettings(loadTemplate('06-stock-movement-monitor.json'), settings());
		await runTemplate(monitor, 'When called (manual or month-end)', own);
		const wanted = new Set(['missing_stock_movement', 'inventory_drift']);
		const expected = [
			...new Set(scenario.expected.filter((e) => wanted.has(e.type)).map(groundTruthKey)),
		].sort();
		// The person-fixed movement of the previous test is in Centra now.
		const fixed = tables
			.rows('Exception Register')
			.filter((r) => r.status === 'cleared')
			.map(registerKey);
		expect(own.rows('Exception Register').map(registerKey).sort()).toEqual(
			expected.filter((k) => !fixed.includes(k)),
		);
		// That one movement resolves both the missing movement and the drift of the same unit.
		expect(fixed.map((k) => k.split('|')[0]).sort()).toEqual([
			'inventory_drift',
			'missing_stock_movement',
		]);
		expect(new Set(fixed.map((k) => k.split('|').slice(1).join('|'))).size).toBe(1);
	}, 120_000);

	it('07 month-end close: a fresh 04 run, then every open register row in the HTML report, and one message', async () => {
		const monthEnd = withSettings(loadTemplate('07-month-end-close.json'), {
			alertWebhookUrl: alerts.url,
			reportTitle: 'November close',
		});
		const messages = alerts.messages.length;
		const run = await runTemplate(monthEnd, 'When called (manual or month-end)', tables, {
			[nightly.id]: nightly,
		});
		const open = tables.rows('Exception Register').filter((r) => r.status === 'open');
		const summary = run.run.data.resultData.runData['Month-end report'][0].data!.main[2]![0];
		expect(summary.json).toMatchObject({ totals: { open: open.length, new: 0, resolved: 0 } });
		const html = Buffer.from(summary.binary!.report.data, 'base64').toString('utf8');
		expect(html).toContain('November close');
		expect(html).toContain('<svg');
		expect(alerts.messages).toHaveLength(messages + 1);
		expect(alerts.messages.at(-1)!.text).toMatch(
			new RegExp(`^November close: ${open.length} open exception\\(s\\)`),
		);
	}, 120_000);
});
