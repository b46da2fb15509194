/**
 * The acceptance of the returns model: a simulated season through every template as shipped, then
 * the business promises checked against the sandbox ledgers (./model: the season and its labels
 * from the docs; ./driver: the clock and the schedule; ./invariants: the promises).
 *
 * A promise the shipped templates break is a finding: it stays here as `it.failing` with the
 * violation and its numbers, so CI stays green and the test flips the day the templates keep it.
 *
 * Size: SEASON_RETURNS returns over SEASON_DAYS days (CI: 20 over 60, the shortest season in which
 * every documented window of an early anomaly runs out); the season is SEASON_RETURNS=2000
 * SEASON_DAYS=90, or scripts/bench/seasonRun.ts. CI runs 08 every six hours and 06 once a day;
 * SEASON_SHIPPED_CADENCE=1 runs them hourly and six-hourly as shipped (both only take what is older
 * than their wait, so the outcome is the same, later in the day).
 */
import { writeFileSync } from 'fs';
import { closeSeason, runSeason, type SeasonRun } from '../../harness/season/driver';
import {
	closePackViolations,
	droppedViolations,
	refundViolations,
	registerViolations,
	rowKey,
	sellableViolations,
} from '../../harness/season/invariants';
import { DAY, expectedKeys, generateSeason } from '../../harness/season/model';

const RETURNS = Number(process.env.SEASON_RETURNS ?? 20);
const DAYS = Number(process.env.SEASON_DAYS ?? 60);
const CADENCE =
	process.env.SEASON_SHIPPED_CADENCE === '1'
		? { replayEveryHours: 1, monitorEveryHours: 6 }
		: { replayEveryHours: 6, monitorEveryHours: 24 };

describe('a simulated season through every template as shipped', () => {
	let run: SeasonRun;

	beforeAll(async () => {
		const season = generateSeason({ seed: 2026, returns: RETURNS, days: DAYS });
		run = await runSeason(season, CADENCE);
		// The numbers behind each finding, for the report (SEASON_REPORT=path).
		if (process.env.SEASON_REPORT)
			writeFileSync(
				process.env.SEASON_REPORT,
				JSON.stringify(
					{
						refunds: refundViolations(run),
						sellable: sellableViolations(run),
						register: registerViolations(run),
						closePack: closePackViolations(run),
						dropped: droppedViolations(run),
						failedRuns: run.flow.failures.map((f) => f.error?.message),
						ms: run.ms,
					},
					null,
					1,
				),
			);
	}, 3_600_000);
	afterAll(async () => run && closeSeason(run));

	it('is the documented mix: both channels, exchanges, redeliveries, out-of-order notices, a lost box, mis-grades, goodwill and FBA refunds, a fault week', () => {
		const { season } = run;
		expect(season.returns.some((r) => r.channel === 'amazon')).toBe(true);
		expect(season.returns.some((r) => r.exchangeSku)).toBe(true);
		expect(season.returns.some((r) => r.redelivered)).toBe(true);
		expect(season.returns.some((r) => r.outOfOrder)).toBe(true);
		expect(season.returns.some((r) => r.anomaly === 'gradedMissing')).toBe(true);
		expect(season.returns.some((r) => r.anomaly === 'gradedWrongItem')).toBe(true);
		expect(season.shipments.some((s) => s.lost)).toBe(true);
		expect(new Set(season.looseRefunds.map((l) => l.kind))).toEqual(new Set(['goodwill', 'fba']));
		// Every scheduled template ran every day of the season.
		for (const name of ['nightly', 'lost', 'monthEnd'])
			expect(run.scheduled.filter((s) => s.template === name)).toHaveLength(season.days);
	});

	it('the same seed gives the same season', () => {
		const again = generateSeason({ seed: 2026, returns: RETURNS, days: DAYS });
		expect(JSON.stringify(again)).toBe(JSON.stringify(run.season));
	});

	it('no returned unit is refunded twice, across Centra and Amazon', () => {
		expect(refundViolations(run).twice).toEqual([]);
	});

	it('exchanges are never refunded', () => {
		expect(refundViolations(run).exchangesRefunded).toEqual([]);
	});

	// FINDING: storefront returns are never refunded. The templates create and complete Centra
	// credit notes but never pay the refund (no template calls Centra's refund), so every received
	// storefront unit ends unrefunded (CI season: 7 of 7 storefront order lines, 8 units). Amazon
	// units are refunded once, by Amazon; no unit is refunded twice.
	it.failing('every returned unit is refunded', () => {
		expect(refundViolations(run).never).toEqual([]);
	});

	it('no unit is sellable before its sellable grade', () => {
		expect(sellableViolations(run)).toEqual([]);
	});

	// FINDING: an Amazon unit graded `wrong-item` never gets the catalogue's "refunded, never
	// returned" row. Amazon refunded it at first scan and the warehouse received another item; 04
	// counts the unit as returned (CI season: refunded_never_returned|300001 missing; the same case
	// graded `missing`, 300000, is raised; the other 5 labels are present once and open). 03 may
	// hold the unit as `unit_investigation`, a type the exception catalogue does not list.
	it.failing('every injected anomaly is in the register exactly once', () => {
		const { missing, repeated } = registerViolations(run);
		expect({ missing, repeated }).toEqual({ missing: [], repeated: [] });
	});

	it('every injected anomaly is still open (nobody closed it)', () => {
		expect(registerViolations(run).notOpen).toEqual([]);
	});

	// FINDING: the clean population raises exceptions: each unrefunded storefront return becomes a
	// high-severity "returned, never refunded" row with "issue the refund" (7 in the CI season), and
	// so does the exchange (300005), whose replacement order was created and which must never be
	// refunded (8 rows in all, every one on a clean return).
	it.failing('no exception on the clean population', () => {
		expect(registerViolations(run).onClean).toEqual([]);
	});

	// FINDING: 07's close pack carries open exceptions and money at stake, but no refunds by channel
	// and currency, so it cannot tie out to the ledgers (CI season, August: storefront USD 167.95,
	// Amazon EUR 629.65 and USD 111.95 paid; the pack shows none of them).
	it.failing('the close pack ties out to the sandbox ledgers to the cent per currency', () => {
		expect(closePackViolations(run)).toEqual([]);
	});

	it('nothing is left unprocessed or silently dropped', () => {
		expect(droppedViolations(run)).toEqual([]);
	});

	it('a row a person closes stays closed through the next nightly run', async () => {
		const rows = run.flow.tables.rows('Exception Register');
		const labelled = new Set(expectedKeys(run.season));
		const row = rows.find((r) => labelled.has(rowKey(r)) && r.status === 'open');
		expect(row).toBeDefined();
		Object.assign(row!, { status: 'resolved', notes: 'claim filed by logistics' });
		await run.runAt('nightly', run.season.start + run.season.days * DAY + 2 * 3_600_000);
		const after = run.flow.tables
			.rows('Exception Register')
			.filter((r) => rowKey(r) === rowKey(row!));
		expect(after.map((r) => [r.status, r.notes])).toEqual([
			['resolved', 'claim filed by logistics'],
		]);
	}, 600_000);
});

describe('the invariants can fail', () => {
	it('with 02 moving units into the sellable warehouse at drop-off, units are sellable before their grade', async () => {
		const season = generateSeason({ seed: 7, returns: 4, days: 6 });
		const run = await runSeason(season, {
			replayEveryHours: 24,
			monitorEveryHours: 24,
			templates: (shipped) => {
				// One step broken in memory: 02 moves the unit into the sellable warehouse.
				const dropOff = structuredClone(shipped.dropOff);
				const move = dropOff.nodes.find((n) => n.name === 'Move into in-transit warehouse')!;
				move.parameters = { ...move.parameters, toWarehouse: 'Main' };
				return { ...shipped, dropOff };
			},
		});
		try {
			const violations = sellableViolations(run);
			expect(violations.length).toBeGreaterThan(0);
			expect(violations[0]).toMatch(/before its grade/);
		} finally {
			await closeSeason(run);
		}
	}, 600_000);
});
