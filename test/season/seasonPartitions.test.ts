/**
 * 04 in ten partitions over a season: the simulated season of season.test.ts (its shortest size),
 * run once with `nightlyPartitions` 1 and once with 10, every other template as shipped. New
 * records arrive every day, boxes are lost, orders are few (most partitions have nothing live
 * most nights, and the box step often has no lost line): the register the two seasons leave and
 * the nightly alerts they send must be the same. This found a partitioned night that stopped,
 * unmarked and without its alert, whenever a part had nothing to judge.
 *
 * Compared without what the fault week decides: which execution a fault hits depends on how many
 * vendor calls came before it, and the parts make their own, so failed-run rows (`exec_<id>`) and
 * their messages differ between the seasons. Times to the minute, in every column and inside
 * `details`: the season's clock runs a few milliseconds of real time past each scheduled instant,
 * and records carry those milliseconds.
 */
import { closeSeason, runSeason, type SeasonRun } from '../../harness/season/driver';
import { generateSeason } from '../../harness/season/model';

const RETURNS = Number(process.env.SEASON_RETURNS ?? 20);
const DAYS = Number(process.env.SEASON_DAYS ?? 60);
const RUN_DEPENDENT = ['id', 'createdAt', 'updatedAt', 'processedAt', 'executionUrl'];

interface Nightly {
	status: string;
	marked: boolean;
}

async function season(nightlyPartitions: number): Promise<{ run: SeasonRun; nights: Nightly[] }> {
	const nights: Nightly[] = [];
	const run = await runSeason(generateSeason({ seed: 2026, returns: RETURNS, days: DAYS }), {
		settings: { nightlyPartitions },
		replayEveryHours: 6,
		monitorEveryHours: 24,
		settlementEveryHours: 24,
		refundOnReceiptEveryHours: 24,
		onRun: (name, result) => {
			if (name === 'nightly')
				nights.push({
					status: result.status,
					marked: result.executed.includes('Mark the run complete'),
				});
		},
	});
	return { run, nights };
}

/** A value with every timestamp in it (a register column, or one inside `details`) to the minute. */
const toMinute = (v: unknown) =>
	(v instanceof Date ? v.toISOString() : String(v ?? '')).replace(
		/(\d{4}-\d\d-\d\dT\d\d:\d\d):\d\d(\.\d+)?Z/g,
		'$1',
	);

function register(run: SeasonRun): string[] {
	return run.flow.tables
		.rows('Exception Register')
		.filter((r) => !String(r.exceptionId).startsWith('exec_'))
		.map((r) =>
			JSON.stringify(
				Object.keys(r)
					.filter((c) => !RUN_DEPENDENT.includes(c))
					.sort()
					.map((c) => [c, toMinute(r[c])]),
			),
		)
		.sort();
}

const nightlyAlerts = (run: SeasonRun) =>
	run.alerts.messages.map((m) => m.text).filter((t) => t.includes('(nightly reconciliation)'));

describe('a season with the nightly reconciliation in ten partitions', () => {
	let one: Awaited<ReturnType<typeof season>>;
	let parts: Awaited<ReturnType<typeof season>>;

	beforeAll(async () => {
		// One after another: a season installs its own clock and settings.
		one = await season(1);
		await closeSeason(one.run);
		parts = await season(10);
		await closeSeason(parts.run);
	}, 1_800_000);

	it('raises what a partitioned night must get right: a lost box, refunds without returns', () => {
		const rows = one.run.flow.tables.rows('Exception Register');
		expect(rows.some((r) => r.type === 'lost_in_transit')).toBe(true);
		expect(rows.some((r) => r.type === 'orphaned_refund')).toBe(true);
		expect(rows.some((r) => r.type === 'refunded_never_returned')).toBe(true);
		expect(nightlyAlerts(one.run).length).toBeGreaterThan(2);
	});

	it('every partitioned night finishes and is marked complete', () => {
		expect(parts.nights).toHaveLength(DAYS);
		expect(parts.nights.filter((n) => n.status !== 'success' || !n.marked)).toEqual([]);
	});

	it('leaves the register one execution a night leaves', () => {
		expect(register(parts.run)).toEqual(register(one.run));
	});

	it('sends the nightly alerts one execution a night sends, on the same nights', () => {
		expect(nightlyAlerts(parts.run)).toEqual(nightlyAlerts(one.run));
	});
});
