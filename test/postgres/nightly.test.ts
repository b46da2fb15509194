/**
 * A night of template 04 on the Postgres variant gives the same Exception Register as on the Data
 * Tables: the same scenario (the register's anomalies), its ledger and receipts as 01 and
 * 03 keep them, copied into a real PostgreSQL, then each variant's 04 as of the same instant.
 */
import type { InMemoryDataTables } from '../../harness/dataTables';
import type { RunResult } from '../../harness/runWorkflow';
import { loadTemplate, templateTables } from '../../harness/templateFiles';
import { snake, tableSpecs } from '../../scripts/postgresTemplates';
import { registerOf } from '../templates/stateWorld';
import { readPostgresTemplate, type LedgerPostgres } from './ledgerPostgres';
import {
	runNight,
	seedRegisterScenario,
	startRegisterNight,
	type RegisterNight,
} from './registerNight';

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

interface PartResult {
	rowsRead: { ledger: number; receipts: number };
	rekey: { ledger: unknown[]; receipts: unknown[] };
}
const partResults = (run: RunResult) =>
	run.output('Run each partition').map((i) => i.json.partResult as PartResult);

describe('04 on Postgres: the same register as on the Data Tables', () => {
	let world: RegisterNight;
	const tables = templateTables();
	/** A night of the Postgres variant's 04 as of NOW, in that many partitions. */
	const postgresNight = (partitions = 1, at = NOW) =>
		runNight(
			world,
			tables,
			readPostgresTemplate('04-nightly-reconciliation.json'),
			'postgres',
			at,
			partitions,
		);
	/** The register in PostgreSQL, as `registerOf` reads it from the Data Tables. */
	const postgresRegister = () =>
		registerOf({ tables: { rows: (name: string) => world.db.rows(name) } as never });

	beforeAll(async () => {
		world = await startRegisterNight();
	}, 300_000);
	afterAll(async () => {
		await world?.stop();
	});

	it('one night on the same ledger and receipts raises the same rows, statuses, owners and amounts', async () => {
		const { db } = world;
		await seedRegisterScenario(world, tables, 2204, NOW);
		copyRows(db, tables, 'Returns Event Ledger');
		copyRows(db, tables, 'Warehouse Receipts');

		await runNight(world, tables, loadTemplate('04-nightly-reconciliation.json'), 'dataTable', NOW);
		await postgresNight();

		const onDataTables = registerOf({ tables });
		expect(onDataTables.length).toBeGreaterThan(10);
		expect(postgresRegister()).toEqual(onDataTables);
		// The ledger rows 04 keeps (movements, refunds, its watermark) match too.
		const kept = (rows: Array<Record<string, unknown>>) =>
			rows.map((r) => `${String(r.eventId)}|${String(r.eventType)}|${String(r.status)}`).sort();
		expect(kept(db.rows('Returns Event Ledger'))).toEqual(
			kept(tables.rows('Returns Event Ledger')),
		);
	}, 600_000);

	it('a night in five partitions on Postgres, on tables no night has keyed, keys the pool as the parts would and raises the register one execution raised', async () => {
		const { db } = world;
		const whole = postgresRegister();
		expect(whole.length).toBeGreaterThan(10); // the first test's night
		// The same first night again (no run marker, an empty register; the kept records stay and are
		// not kept twice), in partitions: each part reads by the filters 04 picks by expression,
		// which the generator translates to SQL.
		db.psql('delete from exception_register');
		db.psql(`delete from returns_event_ledger where event_type = 'reconciliation.completed'`);
		for (const table of ['returns_event_ledger', 'warehouse_receipts'])
			db.psql(`update ${table} set order_key = null`);
		const run = await postgresNight(5);
		expect(postgresRegister()).toEqual(whole);
		expect(partResults(run)).toHaveLength(5);
		// The parent kept the window through five slice executions and listed nothing itself.
		for (const listing of ['Amazon refunds', 'Centra stock movements', 'New storefront refunds'])
			expect(run.executed).not.toContain(listing);
		expect(run.output('Keep each slice')).toHaveLength(5);
		// The parent keyed the pool with the scaling guide's SQL before its parts: every row naming no
		// Centra order carries a key (but the run marker this night wrote after its parts), most an
		// order's, and every key is the one the part that read it claims the row for.
		const unnamed = ['Returns Event Ledger', 'Warehouse Receipts'].flatMap((name) =>
			db
				.rows(name)
				.filter((r) => !/^[0-9]+$/.test(String(r.orderNumber ?? '')))
				.filter((r) => r.eventType !== 'reconciliation.completed'),
		);
		const pool = unnamed.filter((r) => r.orderKey === 'pool');
		expect(unnamed.filter((r) => (r.orderKey ?? '') === '')).toEqual([]);
		expect(unnamed.filter((r) => /^[0-9]+$/.test(String(r.orderKey))).length).toBeGreaterThan(
			pool.length,
		);
		for (const part of partResults(run)) expect(part.rekey).toEqual({ ledger: [], receipts: [] });
		// Each keyed row is read by one part, each pool row by all five.
		const rows =
			db.rows('Returns Event Ledger').filter((r) => r.eventType !== 'reconciliation.completed')
				.length + db.rows('Warehouse Receipts').length;
		const reads = partResults(run).reduce((n, p) => n + p.rowsRead.ledger + p.rowsRead.receipts, 0);
		expect(reads).toBe(rows + 4 * pool.length);
	}, 600_000);
	it("a key gone stale (a pool row keyed to another order) is handed back to the pool by the part that reads it, and the night after, the open register is one execution's", async () => {
		const { db } = world;
		const HOUR = 3_600_000;
		const open = (lines: string[]) => lines.filter((l) => l.split(' | ')[2] === 'open');
		const before = open(postgresRegister());
		// The keyed pool rows (its stock movements) of one return whose order has an open
		// inventory_drift row, keyed to an order of another part.
		const drifting = new Set(
			db
				.rows('Exception Register')
				.filter((r) => r.type === 'inventory_drift' && r.status === 'open')
				.map((r) => String(r.orderNumber)),
		);
		const keyed = db
			.rows('Returns Event Ledger')
			.filter((r) => !r.orderNumber && drifting.has(String(r.orderKey ?? '')));
		expect(keyed.length).toBeGreaterThan(0);
		const returnId = String(keyed[0].returnId);
		const stale = keyed.filter((r) => String(r.returnId) === returnId);
		const own = Number(String(stale[0].orderKey).slice(-1)) % 5;
		const other = db
			.rows('Returns Event Ledger')
			.map((r) => String(r.orderNumber ?? ''))
			.find((o) => /^[0-9]+$/.test(o) && Number(o.slice(-1)) % 5 !== own)!;
		db.psql(
			`update returns_event_ledger set order_key = '${other}' where id in (${stale.map((r) => Number(r.id)).join(', ')})`,
		);

		const stalenight = await postgresNight(5, NOW + HOUR);
		const handedBack = partResults(stalenight).flatMap((p) => p.rekey.ledger);
		for (const row of stale) expect(handedBack).toContainEqual({ id: row.id, orderKey: 'pool' });
		// That night the order's part did not read them: its register differs from one execution's.
		expect(open(postgresRegister())).not.toEqual(before);

		await postgresNight(5, NOW + 2 * HOUR);
		expect(
			db
				.rows('Returns Event Ledger')
				.filter((r) => stale.some((s) => s.id === r.id))
				.map((r) => r.orderKey),
		).toEqual(stale.map((r) => r.orderKey));
		// One execution on the Data Tables (the same ledger and receipts) as of the same instant.
		await runNight(
			world,
			tables,
			loadTemplate('04-nightly-reconciliation.json'),
			'dataTable',
			NOW + 2 * HOUR,
		);
		expect(open(postgresRegister())).toEqual(open(registerOf({ tables })));
		expect(open(postgresRegister()).length).toBeGreaterThan(10);
	}, 600_000);
});
