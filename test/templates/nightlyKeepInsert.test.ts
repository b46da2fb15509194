/**
 * 04 keeps what is new by insert, not upsert. n8n's Data Tables on Postgres are indexed on the row
 * id only, so an upsert by `eventId` reads the whole ledger for each record kept (session 13's
 * queue run at 10,000 returns never finished its keep step). 04 now inserts only the window's
 * records the ledger does not hold yet, and every reader takes the earliest row of an event id, so
 * the rare duplicate two nights at once can leave is harmless.
 *
 * The proofs, each against one clean night of the same scenario: a night run twice over the same
 * window, a failed night (its keeps done, its run marker not written) run again, and two nights
 * started at once leave one effective row per event id and the same register; the night after the
 * two at once gives the register the clean world's next night gives. And the writes of a first
 * night examine rows in proportion to what they write, counted as Postgres would read them with no
 * index but the row id (harness/dataTables.ts, countWriteScans).
 */
import type { IDataObject } from 'n8n-workflow';
import { loadTemplate } from '../../harness/templateFiles';
import type { WriteScan } from '../../harness/dataTables';
import { everyExceptionKindAt } from '../../harness/scenarioRows';
import { runNight, seedNightly } from '../../scripts/bench/nightlyRun';
import { effectiveRegister, holdInsertsUntilRead, repeatedExceptionIds } from './registerRows';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T02:00:00.000Z');
const iso = (at: number) => new Date(at).toISOString();
const RETURNS = 60;
const SEED = 2404;

type World = Awaited<ReturnType<typeof seedNightly>>;
const KEPT = /^(centra\.stock_change|amazon\.refund):/;

// Every exception kind the generator knows, a few of each.
const rates = everyExceptionKindAt(0.05);

const template = () => loadTemplate('04-nightly-reconciliation.json');
const seed = () => seedNightly(RETURNS, SEED, undefined, { rates, asOf: iso(NOW) });

/** The kept records' event ids, one per ledger row (duplicates show twice), sorted. */
function keptRows(world: World): string[] {
	return world.tables
		.rows('Returns Event Ledger')
		.map((r) => String(r.eventId))
		.filter((id) => KEPT.test(id))
		.sort();
}

/** Each insert of 04 and the read that decided what it writes. */
const DECIDED_BY: Record<string, string> = {
	'Keep stock movements': 'Kept stock movements of the window',
	'Keep Amazon refunds': 'Kept Amazon refunds of the window',
	'Register: add new': 'Exception register',
};

/** `copies` ledger rows of one Amazon refund without a refund id, on an order with a kept refund. */
function idlessRefund(world: World, copies: number): void {
	const source = world.tables
		.rows('Returns Event Ledger')
		.filter((r) => r.eventType === 'amazon.refund')
		.sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)))[0];
	const payload = { ...(JSON.parse(String(source.payload)) as IDataObject), refundId: '' };
	for (let copy = 0; copy < copies; copy++)
		world.tables.insert('Returns Event Ledger', {
			...Object.fromEntries(
				Object.entries(source).filter(([c]) => !['id', 'createdAt', 'updatedAt'].includes(c)),
			),
			eventId: 'amazon.refund:test-refund-without-id',
			payload: JSON.stringify(payload),
		} as Parameters<World['tables']['insert']>[1]);
}

/** Removes the run markers: what a night that failed after its keeps leaves behind. */
function forgetRuns(world: World): void {
	const ledger = world.tables.rows('Returns Event Ledger');
	for (const row of ledger.filter((r) => r.eventType === 'reconciliation.completed'))
		ledger.splice(ledger.indexOf(row), 1);
}

describe('04 keeps the window by insert: reruns and nights at once leave one night', () => {
	const worlds: Record<string, World> = {};
	const registers: Record<string, string[]> = {};
	const kept: Record<string, string[]> = {};
	let scans: Map<string, WriteScan>;
	let nextScans: Map<string, WriteScan>;
	let tablesNext = 0;
	let ledgerBefore = 0;
	let tablesAfter = 0;
	let duplicateExceptions = 0;

	beforeAll(async () => {
		for (const name of ['clean', 'twice', 'rerun', 'atOnce']) worlds[name] = await seed();
		const { clean, twice, rerun, atOnce } = worlds;

		ledgerBefore = clean.tables.rows('Returns Event Ledger').length;
		const counting = clean.tables.countWriteScans();
		await runNight(clean, template(), NOW);
		scans = new Map([...counting].map(([node, scan]) => [node, { ...scan }]));
		tablesAfter =
			clean.tables.rows('Returns Event Ledger').length +
			clean.tables.rows('Exception Register').length;
		registers.clean = effectiveRegister(clean.tables);
		kept.clean = keptRows(clean);

		// The same night twice: the second reads from the first one's mark, less the posting lag.
		await runNight(twice, template(), NOW);
		await runNight(twice, template(), NOW);
		registers.twice = effectiveRegister(twice.tables);
		kept.twice = keptRows(twice);

		// A night that kept its window and then failed: the next run reads the same window again.
		await runNight(rerun, template(), NOW);
		forgetRuns(rerun);
		await runNight(rerun, template(), NOW);
		registers.rerun = effectiveRegister(rerun.tables);
		kept.rerun = keptRows(rerun);

		// Two nights at once, interleaved at every Data Table call and vendor request, each adding
		// only once both have read what the ledger and the register hold.
		holdInsertsUntilRead(atOnce.tables, DECIDED_BY, 2);
		await Promise.all([runNight(atOnce, template(), NOW), runNight(atOnce, template(), NOW)]);
		registers.atOnce = effectiveRegister(atOnce.tables);
		duplicateExceptions = repeatedExceptionIds(atOnce.tables);
		kept.atOnce = keptRows(atOnce);
		console.log(
			`two nights at once kept ${kept.atOnce.length} rows for ${new Set(kept.atOnce).size} records`,
		);

		// A refund without an id (its event id is a hash of the record), kept once in the clean world
		// and twice in the other: only the earliest row may count, or it is a second payment.
		idlessRefund(clean, 1);
		idlessRefund(atOnce, 2);
		// The next night after each.
		const countingNext = clean.tables.countWriteScans();
		await runNight(clean, template(), NOW + DAY);
		nextScans = countingNext;
		tablesNext =
			clean.tables.rows('Returns Event Ledger').length +
			clean.tables.rows('Exception Register').length;
		registers.cleanNext = effectiveRegister(clean.tables);
		await runNight(atOnce, template(), NOW + DAY);
		registers.atOnceNext = effectiveRegister(atOnce.tables);
	}, 900_000);
	afterAll(async () => {
		await Promise.all(Object.values(worlds).map((w) => w?.close()));
	});

	it('a clean night keeps stock movements and Amazon refunds and raises exceptions', () => {
		expect(kept.clean.filter((id) => id.startsWith('centra.')).length).toBeGreaterThan(RETURNS);
		expect(kept.clean.filter((id) => id.startsWith('amazon.')).length).toBeGreaterThan(0);
		expect(registers.clean.length).toBeGreaterThan(10);
	});

	it('the same night run twice keeps each record once and leaves the same register', () => {
		expect(kept.twice).toEqual(kept.clean);
		expect(registers.twice).toEqual(registers.clean);
	});

	it('a failed night run again keeps each record once and leaves the same register', () => {
		expect(kept.rerun).toEqual(kept.clean);
		expect(registers.rerun).toEqual(registers.clean);
	});

	it('two nights at once: one effective row per event id and exception id, the same register', () => {
		expect(kept.atOnce.length).toBeGreaterThan(kept.clean.length);
		expect(duplicateExceptions).toBeGreaterThan(0);
		expect([...new Set(kept.atOnce)]).toEqual(kept.clean);
		expect(registers.atOnce).toEqual(registers.clean);
	});

	it('the night after reads the earliest row of each event id: the register the clean world gets', () => {
		expect(registers.atOnceNext).toEqual(registers.cleanNext);
	});

	it('a first night keeps by insert: its keeps examine no row of the ledger', () => {
		console.log(
			`first night, ${ledgerBefore} ledger rows before it: ${JSON.stringify(Object.fromEntries(scans))}`,
		);
		for (const node of ['Keep stock movements', 'Keep Amazon refunds'])
			expect(scans.get(node)).toEqual(
				expect.objectContaining({ calls: 1, rowsExamined: 0, rowsWritten: expect.any(Number) }),
			);
		const written = ['Keep stock movements', 'Keep Amazon refunds'].map(
			(node) => scans.get(node)!.rowsWritten,
		);
		expect(written.reduce((a, b) => a + b)).toBe(kept.clean.length);
	});

	it('a first night and the next examine rows in proportion to what they write, not writes x table size', () => {
		const total = (counted: Map<string, WriteScan>) => {
			const sum = { rowsWritten: 0, rowsExamined: 0 };
			for (const scan of counted.values()) {
				sum.rowsWritten += scan.rowsWritten;
				sum.rowsExamined += scan.rowsExamined;
			}
			return sum;
		};
		console.log(`next night: ${JSON.stringify(Object.fromEntries(nextScans))}`);
		const first = total(scans);
		const next = total(nextScans);
		expect(first.rowsWritten).toBeGreaterThan(RETURNS);
		// The next night refreshes every open exception.
		expect(next.rowsWritten).toBeGreaterThan(registers.clean.length / 2);
		// A row per row updated by its id, and one scan of the ledger to mark the run.
		expect(first.rowsExamined).toBeLessThanOrEqual(first.rowsWritten + tablesAfter);
		expect(next.rowsExamined).toBeLessThanOrEqual(next.rowsWritten + tablesNext);
	});
});
