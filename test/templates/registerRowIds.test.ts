/**
 * 05, 06, 10 and 12 write the exception register as 04 does: what is new by insert, every other
 * write to the earliest row of its exception id, by that row's id. n8n's Data Tables on Postgres
 * index the row id only, so a write filtered by exception id (or by type, order and SKU) reads the
 * whole register once per item; and an upsert is check-then-write, so two executions at once can
 * both add one exception. Readers, the matcher included, take the earliest row of an exception id.
 *
 * For each template: a run's register writes examine no row but the one they change (counted as
 * Postgres would read them with no index but the row id: harness/dataTables.ts, countWriteScans);
 * the same run twice, and two executions at once (each adding only once both have read the
 * register), leave one effective row per exception id and the register one run leaves. For 05 and
 * 06, a person then closes a row two executions raised twice: the next run leaves it as it leaves
 * the clean world's (the lifecycle reads the earliest row, the one the person closed).
 */
import type { WriteScan } from '../../harness/dataTables';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	withSettings,
} from '../../harness/templateFiles';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { generateScenario } from '../../sandbox/scenario/generator';
import { seedClaimCases } from './amazonClaimsWorld';
import {
	effectiveRegister,
	holdInsertsUntilRead,
	registerWriteScans,
	registerWriters,
	repeatedExceptionIds,
} from './registerRows';
import { settlementWorld } from './settlementCycleWorld';
import { DAY, deliver, iso, runAsOf, startWorld, type World } from './stateWorld';
import { runWithAmazon } from './templateReads';

/** Each write examines at most the one row its id names; an insert examines none. */
function expectWritesByRowId(scans: Record<string, WriteScan>): void {
	for (const [node, scan] of Object.entries(scans))
		expect({ node, examinedPastOnePerCall: scan.rowsExamined > scan.calls }).toEqual({
			node,
			examinedPastOnePerCall: false,
		});
}

const written = (scans: Record<string, WriteScan>) =>
	Object.values(scans).reduce((sum, scan) => sum + scan.rowsWritten, 0);

describe.each([
	{
		file: '05-lost-in-transit.json',
		seed: 2511,
		rates: { lostInTransit: 0.4, missingStockMovement: 0.05 },
		reader: 'Exception register',
		readsPerRun: 1,
		closes: 'lost_in_transit',
	},
	{
		file: '06-stock-movement-monitor.json',
		seed: 2611,
		rates: { missingStockMovement: 0.15, lostInTransit: 0.05 },
		// Read once per type the monitor checks.
		reader: 'Stock rows of the register',
		readsPerRun: 2,
		closes: 'missing_stock_movement',
	},
])('$file writes its register by row id', ({ file, seed, rates, reader, readsPerRun, closes }) => {
	const NOW = Date.parse('2026-06-30T06:00:00.000Z');
	const settings = { lookbackDays: 160 };
	const template = loadTemplate(file);
	const scenario = generateScenario({ seed, returns: 60, rates, asOf: iso(NOW) });
	const worlds: Record<string, World> = {};
	const registers: Record<string, string[]> = {};
	const scans: Record<string, Record<string, WriteScan>> = {};
	let repeated = 0;
	let repeatedTwice = 0;

	/** A person closes the earliest row of the first exception of type `closes`. */
	const personCloses = (world: World, exceptionId: string) => {
		const rows = world.tables
			.rows('Exception Register')
			.filter((r) => r.exceptionId === exceptionId);
		const earliest = rows.sort((a, b) => Number(a.id) - Number(b.id))[0];
		earliest.status = 'resolved';
	};

	beforeAll(async () => {
		for (const name of ['clean', 'twice', 'atOnce']) {
			worlds[name] = await startWorld();
			deliver(worlds[name], scenario);
		}
		const { clean, twice, atOnce } = worlds;
		let counting = clean.tables.countWriteScans();
		await runAsOf(clean, file, NOW, settings);
		scans.first = registerWriteScans(template, counting);
		registers.clean = effectiveRegister(clean.tables);

		await runAsOf(twice, file, NOW, settings);
		await runAsOf(twice, file, NOW, settings);
		registers.twice = effectiveRegister(twice.tables);
		repeatedTwice = repeatedExceptionIds(twice.tables);

		holdInsertsUntilRead(atOnce.tables, { 'Register: add new': reader }, 2 * readsPerRun);
		await Promise.all([runAsOf(atOnce, file, NOW, settings), runAsOf(atOnce, file, NOW, settings)]);
		registers.atOnce = effectiveRegister(atOnce.tables);
		repeated = repeatedExceptionIds(atOnce.tables);

		// A person closes one exception; the next day's run in both worlds.
		const closed = clean.tables
			.rows('Exception Register')
			.filter((r) => r.type === closes)
			.map((r) => String(r.exceptionId))
			.sort()[0];
		personCloses(clean, closed);
		personCloses(atOnce, closed);
		counting = clean.tables.countWriteScans();
		await runAsOf(clean, file, NOW + DAY, settings);
		scans.next = registerWriteScans(template, counting);
		registers.cleanNext = effectiveRegister(clean.tables);
		await runAsOf(atOnce, file, NOW + DAY, settings);
		registers.atOnceNext = effectiveRegister(atOnce.tables);
	}, 600_000);
	afterAll(async () => Promise.all(Object.values(worlds).map((w) => w?.close())));

	it('a first run and the next write the register examining no row but the one each changes', () => {
		console.log(`${file}: ${JSON.stringify(scans)}`);
		expect(registers.clean.length).toBeGreaterThan(3);
		expect(scans.first['Register: add new'].rowsWritten).toBe(registers.clean.length);
		expect(written(scans.next)).toBeGreaterThan(0);
		expectWritesByRowId(scans.first);
		expectWritesByRowId(scans.next);
	});

	it('the same run twice leaves the register one run leaves, and no second row', () => {
		expect(registers.twice).toEqual(registers.clean);
		expect(repeatedTwice).toBe(0);
	});

	it('two runs at once: one effective row per exception id, the register one run leaves', () => {
		expect(repeated).toBeGreaterThan(0);
		expect(registers.atOnce).toEqual(registers.clean);
	});

	it('a row a person closed after two runs at once raised it stays as the clean world leaves it', () => {
		expect(registers.atOnceNext).toEqual(registers.cleanNext);
	});
});

describe('10 and 12 write their register by row id', () => {
	const now = Date.now();
	// Stamped with the wall clock when written: differ between worlds run a moment apart.
	const WALL_CLOCK = ['detectedAt', 'resolvedAt'];
	const ten = loadTemplate('10-amazon-settlement-cycle.json');
	const twelve = withSettings(loadTemplate('12-amazon-claims.json'), {
		amazonReportPollSeconds: 0.05,
	});
	const sandboxes: AmazonSandbox[] = [];

	async function tenWorld() {
		const amazon = await startAmazonSandbox({ rateScale: 1000 });
		sandboxes.push(amazon);
		const tables = templateTables();
		settlementWorld(amazon, tables, now).seedTwoCycles();
		const run = (input: Record<string, string> = {}, template = ten) =>
			runWithAmazon(template, 'When called (manual or reprocess)', amazon, tables, input);
		return { tables, run };
	}

	async function twelveWorld() {
		const amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 0 });
		sandboxes.push(amazon);
		const tables = templateTables();
		seedClaimCases(tables, amazon, now);
		const run = () => runWithAmazon(twelve, 'When called (manual or tests)', amazon, tables);
		return { tables, run };
	}

	afterAll(() => Promise.all(sandboxes.map((s) => s.close())));

	it('10: each settlement processed again, and two runs at once, leave the register one run leaves; no write scans it', async () => {
		const settlements = ['9100000001', '9100000002'];
		const clean = await tenWorld();
		const counting = clean.tables.countWriteScans();
		await clean.run();
		const first = registerWriteScans(ten, counting);
		const register = effectiveRegister(clean.tables, WALL_CLOCK);
		// Asked for again: every register row of the settlement is written again, by its row id.
		const again = clean.tables.countWriteScans();
		for (const id of settlements) await clean.run({ reprocessSettlementId: id });
		const next = registerWriteScans(ten, again);
		console.log(`10: ${JSON.stringify({ first, next })}`);
		expect(register.length).toBeGreaterThan(3);
		expect(written(next)).toBeGreaterThanOrEqual(register.length);
		expectWritesByRowId(first);
		expectWritesByRowId(next);
		expect(effectiveRegister(clean.tables, WALL_CLOCK)).toEqual(register);
		expect(repeatedExceptionIds(clean.tables)).toBe(0);

		// Two runs at once without the settlement claim: both process both settlements.
		const atOnce = await tenWorld();
		const inserts = registerWriters(ten).filter(
			(node) =>
				(ten.nodes.find((n) => n.name === node)!.parameters.operation as string) === 'insert',
		);
		holdInsertsUntilRead(
			atOnce.tables,
			Object.fromEntries(inserts.map((node) => [node, 'Exception register'])),
			2,
		);
		await Promise.all([atOnce.run({}, withoutClaim(ten)), atOnce.run({}, withoutClaim(ten))]);
		expect(repeatedExceptionIds(atOnce.tables)).toBeGreaterThan(0);
		expect(effectiveRegister(atOnce.tables, WALL_CLOCK)).toEqual(register);
		// And the next request to process a settlement again writes to the earliest rows.
		for (const id of settlements) await atOnce.run({ reprocessSettlementId: id });
		expect(effectiveRegister(atOnce.tables, WALL_CLOCK)).toEqual(register);
	}, 300_000);

	it('12: reimbursements close their rows by row id; a run twice and two at once leave the register one run leaves', async () => {
		const clean = await twelveWorld();
		const counting = clean.tables.countWriteScans();
		await clean.run();
		const first = registerWriteScans(twelve, counting);
		console.log(`12: ${JSON.stringify(first)}`);
		expect(first['Register: reimbursed']).toEqual(
			expect.objectContaining({ rowsWritten: 2, rowsExamined: 2 }),
		);
		expectWritesByRowId(first);
		const register = effectiveRegister(clean.tables, WALL_CLOCK);
		expect(register.filter((row) => row.includes('"status","resolved"'))).toHaveLength(2);

		await clean.run();
		expect(effectiveRegister(clean.tables, WALL_CLOCK)).toEqual(register);
		expect(repeatedExceptionIds(clean.tables)).toBe(0);

		const atOnce = await twelveWorld();
		await Promise.all([atOnce.run(), atOnce.run()]);
		expect(effectiveRegister(atOnce.tables, WALL_CLOCK)).toEqual(register);
	}, 300_000);
});
