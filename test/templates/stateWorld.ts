/**
 * Worlds for the reconcile-from-state tests of 05 and 06: the vendor sandboxes, the Data Tables,
 * a scenario loaded as the vendors hold it with the warehouse receipts as 03 writes them, and one
 * run of a template as of a given instant.
 */
import type { IDataObject } from 'n8n-workflow';
import { runCalledWorkflow, type RunResult } from '../../harness';
import type { InMemoryDataTables } from '../../harness/dataTables';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { SCENARIO_DISPOSITIONS, TRANSIT, type Scenario } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { warehouseReceiptRows } from '../../harness/scenarioRows';

export const DAY = 86_400_000;
export const iso = (at: number) => new Date(at).toISOString();

export interface World extends TemplateSandboxes {
	tables: InMemoryDataTables;
}

export async function startWorld(): Promise<World> {
	return { ...(await startTemplateSandboxes()), tables: templateTables() };
}

export { renamedScenario as renamed } from '../../harness/scenarioRows';

/**
 * What the vendors hold (Happy Returns items and hub shipments, Centra orders and stock
 * movements), the return milestones in the ledger as 01 records them (one row per unit, the event
 * time as received) and the warehouse receipts as 03 writes them (one row per unit, with its
 * return id).
 */
export function deliver(world: World, scenario: Scenario): void {
	loadScenario(scenario, { centra: world.centra, hr: world.hr });
	for (const e of scenario.returnEvents) {
		const eventType = `return.${String(e.status)}`;
		world.tables.insert('Returns Event Ledger', {
			eventId: [eventType, e.returnId, e.sku, e.unit].map(String).join(':'),
			eventType,
			returnId: String(e.returnId),
			orderNumber: String(e.orderNumber),
			orderId: String(e.orderNumber),
			channel: 'storefront',
			sku: String(e.sku),
			unit: String(e.unit),
			bagBarcode: String(e.bagBarcode),
			status: 'processed',
			receivedAt: String(e.scannedAt),
			payload: '{}',
			attempts: 0,
		});
	}
	for (const row of warehouseReceiptRows(scenario, { status: 'processed' }))
		world.tables.insert('Warehouse Receipts', row);
}

/** One run of a template as of `at`, started as 04 or 07 would call it. */
export async function runAsOf(
	world: World,
	file: string,
	at: number,
	settings: Record<string, unknown>,
): Promise<RunResult> {
	const template = withSettings(loadTemplate(file), {
		asOf: iso(at),
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
		...settings,
	});
	const run = await runCalledWorkflow(template, 'When called (manual or month-end)', {
		credentials: world.credentials({ centraOrderApi: false }),
		dataTables: world.tables,
	});
	if (run.status !== 'success')
		throw new Error(
			`${file} failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message} ${run.error?.description ?? ''}`,
		);
	return run;
}

/** The items a node passed on (its first output), or none when it did not run. */
export function outputOf(run: RunResult, node: string, output = 0): IDataObject[] {
	return (run.run.data.resultData.runData[node]?.[0]?.data?.main[output] ?? []).map((i) => i.json);
}

/** The register as a person reads it, one line per row, in a stable order. */
export function registerOf(
	world: Pick<World, 'tables'>,
	keep: (row: IDataObject) => boolean = () => true,
) {
	const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
	return world.tables
		.rows('Exception Register')
		.filter(keep)
		.map((r) =>
			[
				r.exceptionId,
				r.type,
				r.status,
				r.owner,
				r.severity,
				r.orderNumber,
				r.sku,
				r.trackingNumber,
				r.deadline,
				r.amount,
			]
				.map(text)
				.join(' | '),
		)
		.sort();
}
