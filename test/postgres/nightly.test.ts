/**
 * A night of template 04 on the Postgres variant gives the same Exception Register as on the Data
 * Tables: the same scenario (the register's anomalies), its ledger and receipts as 01 and
 * 03 keep them, copied into a real PostgreSQL, then each variant's 04 as of the same instant.
 */
import { runWorkflow } from '../../harness';
import type { InMemoryDataTables } from '../../harness/dataTables';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';
import { warehouseReceiptRows } from '../../harness/scenarioRows';
import { sandboxCredentials } from '../../sandbox';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
} from '../../sandbox/happyReturns/server';
import {
	ANOMALY_ORDER,
	generateScenario,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
} from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { snake, tableSpecs } from '../../scripts/postgresTemplates';
import { registerOf } from '../templates/stateWorld';
import { readPostgresTemplate, startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

type Template = ReturnType<typeof loadTemplate>;

const SECRET = 'postgres-nightly-secret';
const NOW = Date.now();

/** The Data Table rows into the Postgres table of the same name, ids kept. */
function copyRows(db: LedgerPostgres, tables: InMemoryDataTables, name: string): void {
	const table = tableSpecs().find((t) => t.name === name)!;
	const rows = tables
		.rows(name)
		.map((row) =>
			Object.fromEntries(
				Object.entries(row).map(([k, v]) => [snake(k), v instanceof Date ? v.toISOString() : v]),
			),
		);
	// In slices: psql takes the statement as one argument.
	for (let at = 0; at < rows.length; at += 50) {
		const json = JSON.stringify(rows.slice(at, at + 50)).replace(/'/g, "''");
		db.psql(
			`insert into ${table.sql} select * from json_populate_recordset(null::${table.sql}, '${json}')`,
		);
	}
	db.psql(
		`select setval(pg_get_serial_sequence('${table.sql}', 'id'), coalesce(max(id), 0) + 1, false) from ${table.sql}`,
	);
}

describe('04 on Postgres: the same register as on the Data Tables', () => {
	let db: LedgerPostgres;
	let centra: CentraSandbox;
	let hr: HappyReturnsSandbox;
	let amazon: AmazonSandbox;
	const tables = templateTables();

	beforeAll(async () => {
		[db, centra, hr, amazon] = await Promise.all([
			startLedgerPostgres(),
			startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 }),
			startHappyReturnsSandbox(),
			startAmazonSandbox({ rateScale: 1000 }),
		]);
	}, 300_000);
	afterAll(async () => {
		await Promise.all([db?.stop(), centra?.close(), hr?.close(), amazon?.close()]);
	});

	it('one night on the same ledger and receipts raises the same rows, statuses, owners and amounts', async () => {
		// The register's anomalies (the generator's first ten: refunded never returned to returned
		// never refunded), a few of each.
		const rates = Object.fromEntries(ANOMALY_ORDER.slice(0, 10).map((anomaly) => [anomaly, 0.05]));
		const scenario = generateScenario({
			seed: 2204,
			returns: 40,
			rates,
			asOf: new Date(NOW).toISOString(),
		});
		const credentials = {
			...sandboxCredentials({ hr, amazon }, SECRET),
			centraApi: { url: centra.graphqlUrl, token: centra.token },
			postgres: db.credential,
		};
		await deliverNoticesToIntake(
			loadScenario(scenario, { centra, hr, amazon }),
			{ secret: SECRET, credentials },
			tables,
		);
		for (const row of warehouseReceiptRows(scenario)) tables.insert('Warehouse Receipts', row);
		copyRows(db, tables, 'Returns Event Ledger');
		copyRows(db, tables, 'Warehouse Receipts');

		const night = async (template: Template, store: string) => {
			const run = await runWorkflow(
				withSettings(template, {
					ledgerStore: store,
					asOf: new Date(NOW).toISOString(),
					lookbackDays: 160,
					inTransitWarehouse: TRANSIT,
					dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
				}),
				{
					startNode: 'When called by month-end',
					triggerItems: [{ json: {} }],
					mode: 'integrated',
					credentials,
					dataTables: tables,
				},
			);
			if (run.status !== 'success')
				throw new Error(
					`04 (${store}) failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
				);
		};
		await night(loadTemplate('04-nightly-reconciliation.json'), 'dataTable');
		await night(readPostgresTemplate('04-nightly-reconciliation.json'), 'postgres');

		const onDataTables = registerOf({ tables });
		expect(onDataTables.length).toBeGreaterThan(10);
		expect(registerOf({ tables: { rows: (name: string) => db.rows(name) } as never })).toEqual(
			onDataTables,
		);
		// The ledger rows 04 keeps (movements, refunds, its watermark) match too.
		const kept = (rows: Array<Record<string, unknown>>) =>
			rows.map((r) => `${String(r.eventId)}|${String(r.eventType)}|${String(r.status)}`).sort();
		expect(kept(db.rows('Returns Event Ledger'))).toEqual(
			kept(tables.rows('Returns Event Ledger')),
		);
	}, 600_000);
});
