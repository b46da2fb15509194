/**
 * 05 (lost in transit) and 06 (stock-movement monitor) on Postgres give what they give on the Data
 * Tables: the scenario of their reconcile-from-state tests (an old season judged over months, then
 * the scenario, then a quiet day and a row a person closed), run on each store against its own
 * sandboxes, must leave the same register, the same ledger rows (the runs' watermarks) and pass on
 * the same claim lines.
 */
import type { IDataObject } from 'n8n-workflow';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { DAY, deliver, iso, outputOf, renamed, type World } from '../templates/stateWorld';
import { allRows, dataTableStore, failure, postgresStore, type Store } from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

const NOW = Date.now();
const LOOKBACK = 30;

interface Outcome {
	tables: Record<string, unknown[]>;
	/** What each run passed on at the nodes named (e.g. 05's claim lines), run by run. */
	passed: unknown[];
}

/**
 * The old world of the state tests: an old season judged back then, months with nothing new, the
 * scenario, a quiet day, then the first register row of the type closed by a person and one more run.
 */
async function liveForMonths(
	store: Store,
	file: string,
	rates: Record<string, number>,
	seeds: readonly [number, number],
	type: string,
	watched: readonly string[],
	since: number,
): Promise<Outcome> {
	const scenario = generateScenario({ seed: seeds[0], returns: 30, rates, asOf: iso(NOW) });
	const oldSeason = renamed(
		generateScenario({ seed: seeds[1], returns: 24, rates, asOf: iso(NOW - 400 * DAY) }),
	);
	const sandboxes: TemplateSandboxes = await startTemplateSandboxes();
	const world = { ...sandboxes, tables: store.tables } as unknown as World;
	const passed: unknown[] = [];
	const runAsOf = async (at: number, lookbackDays: number) => {
		const run = await store.run({
			file,
			startNode: 'When called (manual or month-end)',
			settings: {
				asOf: iso(at),
				lookbackDays,
				inTransitWarehouse: TRANSIT,
				dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			},
			credentials: sandboxes.credentials({ centraOrderApi: false }),
		});
		if (failure(run)) throw new Error(`${file} on ${store.name} ${failure(run)}`);
		passed.push(watched.map((node) => outputOf(run, node)));
	};
	try {
		deliver(world, oldSeason);
		await runAsOf(NOW - 330 * DAY, 220);
		await runAsOf(NOW - 329 * DAY, LOOKBACK);
		await runAsOf(NOW - 200 * DAY, LOOKBACK);
		deliver(world, scenario);
		await runAsOf(NOW, LOOKBACK);
		await runAsOf(NOW + DAY, LOOKBACK);
		// A person closes one row: the Postgres variant's person writes SQL, as a DBA would.
		const row = store.tables.rows('Exception Register').find((r) => r.type === type);
		if (!row) throw new Error(`no ${type} row to close`);
		closeRow(store, Number(row.id));
		await runAsOf(NOW + 2 * DAY, LOOKBACK);
		return { tables: allRows(store.tables, since), passed };
	} finally {
		await sandboxes.close();
	}
}

let db: LedgerPostgres;
const closeRow = (store: Store, id: number) => {
	if (store.name === 'postgres')
		db.psql(`update exception_register set status = 'resolved' where id = ${id}`);
	else {
		const row = store.tables.rows('Exception Register').find((r) => r.id === id)!;
		Object.assign(row, { status: 'resolved' });
	}
};

beforeAll(async () => {
	db = await startLedgerPostgres();
}, 300_000);
afterAll(async () => {
	await db?.stop();
});

const registerTypes = (outcome: Outcome) =>
	(outcome.tables['Exception Register'] as IDataObject[]).map((r) => r.type);

it('05 on Postgres keeps the same register and watermarks, and claims the same boxes, run after run', async () => {
	const since = Date.now();
	const rates = { lostInTransit: 0.12, missingStockMovement: 0.05, refundedNeverReturned: 0.05 };
	const file = '05-lost-in-transit.json';
	const args = [file, rates, [2211, 2212], 'lost_in_transit', ['Claim lines'], since] as const;
	const onDataTables = await liveForMonths(dataTableStore(), ...args);
	const onPostgres = await liveForMonths(postgresStore(db), ...args);
	expect(registerTypes(onDataTables)).toContain('lost_in_transit');
	expect(onDataTables.passed.flat(2).length).toBeGreaterThan(0);
	expect(onPostgres).toEqual(onDataTables);
}, 600_000);

it('06 on Postgres keeps the same register and watermarks, run after run', async () => {
	const since = Date.now();
	const rates = { missingStockMovement: 0.1, lostInTransit: 0.06, refundedNeverReturned: 0.05 };
	const file = '06-stock-movement-monitor.json';
	const args = [file, rates, [2221, 2222], 'missing_stock_movement', [], since] as const;
	const onDataTables = await liveForMonths(dataTableStore(), ...args);
	const onPostgres = await liveForMonths(postgresStore(db), ...args);
	expect(registerTypes(onDataTables)).toEqual(
		expect.arrayContaining(['missing_stock_movement', 'inventory_drift']),
	);
	expect(onPostgres).toEqual(onDataTables);
}, 600_000);
