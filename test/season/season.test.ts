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
 * SEASON_DAYS=90, or scripts/bench/seasonRun.ts. CI runs 08 every six hours and 06, 10 and 11 once
 * a day; SEASON_SHIPPED_CADENCE=1 runs them as shipped (08 and 11 hourly, 06 and 10 six-hourly;
 * each only takes what is older than its wait or new since its last run, so the outcome is the
 * same, later in the day). 12 runs on Mondays as shipped. Amazon writes a settlement report per
 * currency when each 14-day cycle closes.
 */
import { writeFileSync } from 'fs';
import { closeSeason, runSeason, type SeasonRun } from '../../harness/season/driver';
import {
	claimPackViolations,
	closePackViolations,
	cycleAgreementViolations,
	droppedViolations,
	exchangeViolations,
	refundOnReceiptViolations,
	refundViolations,
	registerViolations,
	rowKey,
	sellableViolations,
	settlementViolations,
} from '../../harness/season/invariants';
import {
	DAY,
	expectedKeys,
	generateSeason,
	HOUR,
	type SeasonReturn,
} from '../../harness/season/model';
import { withSettings } from '../../harness/templateFiles';

const RETURNS = Number(process.env.SEASON_RETURNS ?? 20);
const DAYS = Number(process.env.SEASON_DAYS ?? 60);
const CADENCE =
	process.env.SEASON_SHIPPED_CADENCE === '1'
		? {
				replayEveryHours: 1,
				monitorEveryHours: 6,
				settlementEveryHours: 6,
				refundOnReceiptEveryHours: 1,
			}
		: {
				replayEveryHours: 6,
				monitorEveryHours: 24,
				settlementEveryHours: 24,
				refundOnReceiptEveryHours: 24,
			};

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
						exchanges: exchangeViolations(run),
						settlements: settlementViolations(run),
						cycleAgreement: cycleAgreementViolations(run),
						claimPack: claimPackViolations(run),
						refundOnReceipt: refundOnReceiptViolations(run),
						published: run.settlements.map((x) => [x.settlementId, x.currency, x.rows.length]),
						claimPacks: run.claimPacks.map((p) => [new Date(p.at).toISOString(), p.lines.length]),
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
		// Every scheduled template ran every day of the season; 12 every Monday.
		const perDay: Record<string, number> = {
			nightly: 1,
			lost: 1,
			monthEnd: 1,
			settlement: 24 / CADENCE.settlementEveryHours,
			refundOnReceipt: 24 / CADENCE.refundOnReceiptEveryHours,
		};
		for (const [name, n] of Object.entries(perDay))
			expect([name, run.scheduled.filter((s) => s.template === name).length]).toEqual([
				name,
				season.days * n,
			]);
		const mondays = Array.from({ length: season.days }, (_, d) => season.start + d * DAY).filter(
			(t) => new Date(t).getUTCDay() === 1,
		).length;
		expect(run.scheduled.filter((s) => s.template === 'claims')).toHaveLength(mondays);
		// Amazon closed cycles inside the season and wrote their settlement reports.
		expect(run.settlements.length).toBeGreaterThan(0);
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

	// Storefront returns are credited and refunded by Centra once, at 00's `storefrontRefundAt`
	// (shipped: the first scan), behind a claim per credit note; Amazon units once, by Amazon.
	it('every returned unit is refunded', () => {
		expect(refundViolations(run).never).toEqual([]);
	});

	it('every exchanged unit gets its replacement order once, at the milestone 00 sets', () => {
		expect(run.season.returns.some((r) => r.exchangeSku && r.receivedAt !== null)).toBe(true);
		expect(exchangeViolations(run)).toEqual([]);
		// The check sees a replacement ordered twice (every exchange order delivered again).
		const twice = {
			...run,
			flow: {
				...run.flow,
				centra: {
					...run.flow.centra,
					state: {
						restOrders: [...run.flow.centra.state.restOrders, ...run.flow.centra.state.restOrders],
					},
				},
			},
		} as unknown as SeasonRun;
		expect(exchangeViolations(twice).join('\n')).toMatch(/2 replacement unit\(s\) ordered/);
	});

	it('no unit is sellable before its sellable grade', () => {
		expect(sellableViolations(run)).toEqual([]);
	});

	// A unit graded `missing` or `wrong-item` did not come back: 03 registers it for
	// investigation and, when it was refunded before grading, 04 raises "refunded, never returned".
	it('every injected anomaly is in the register exactly once', () => {
		const { missing, repeated } = registerViolations(run);
		expect({ missing, repeated }).toEqual({ missing: [], repeated: [] });
	});

	it('every injected anomaly is still open (nobody closed it)', () => {
		expect(registerViolations(run).notOpen).toEqual([]);
	});

	// The clean population raises no exception about returns: exchanges are never owed a refund
	// (04 reads Happy Returns' exchange signal from the ledger), FBA refunds are classified as 00
	// says. System incidents (failed runs, items 08 quarantined in the fault week) are not findings
	// about returns: droppedViolations checks each is in the register.
	it('no exception on the clean population', () => {
		expect(registerViolations(run).onClean).toEqual([]);
	});

	// 07's guide: each pack covers its month from its first day to the moment it runs, and shows
	// apart (late) what was paid after the previous pack but dated before the month.
	it('the close pack ties out to the sandbox ledgers to the cent per currency', () => {
		expect(closePackViolations(run)).toEqual([]);
	});

	it('nothing is left unprocessed or silently dropped', () => {
		expect(droppedViolations(run)).toEqual([]);
	});

	it('the settlement cycles inside the season tie out: each processed once, every refunded unit with an outcome', () => {
		expect(settlementViolations(run)).toEqual([]);
	});

	it("10's register rows agree with 04's: same exceptions, same types, same units", () => {
		expect(cycleAgreementViolations(run)).toEqual([]);
	});

	// Units whose goods never came back (a lost box, a unit graded `missing` or `wrong-item`) are
	// listed from 14 days after the refund until 30 days after the later of the refund and the
	// return's delivery (Amazon's US SAFE-T window; 12 counts from the warehouse receipt).
	it("12's claim pack lists exactly the units inside Amazon's claim window each Monday", () => {
		expect(claimPackViolations(run)).toEqual([]);
	});

	it('11 as shipped (off, dry run) never refunds: no feed reaches Amazon', () => {
		expect(refundOnReceiptViolations(run)).toEqual([]);
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
	// One small season with one step broken in memory per invariant (cheaper than a season each;
	// the agreement of 10 and 04 has no broken variant yet: see the report of this branch):
	// 03 routes damaged units to the sellable warehouse; Amazon states a settlement total one
	// cent off its rows; 12 opens the SAFE-T window on the day of the refund; 11 is switched
	// on to submit, with a credential that allows feeds, for a unit Amazon never refunds; 07, run
	// after the season on its month's last day, reads storefront refunds of one day only.
	let broken: SeasonRun;
	beforeAll(async () => {
		// A seed whose returns include damaged units, an Amazon unit refunded before a Monday and
		// received after it (a unit 12 must not list yet) and one received early enough for 11.
		const season = generateSeason({ seed: 28, returns: 8, days: 20 });
		const mondays = Array.from({ length: season.days }, (_, d) => season.start + d * DAY).filter(
			(t) => new Date(t).getUTCDay() === 1,
		);
		const pending = (r: SeasonReturn) =>
			mondays.some((m) => r.amazonRefundAt! < m && (r.receivedAt ?? Infinity) > m + 7 * HOUR);
		const amazonReturn = season.returns.find(
			(r) =>
				r.channel === 'amazon' &&
				r.receivedAt !== null &&
				r.receivedAt < season.start + 13 * DAY &&
				!pending(r),
		);
		broken = await runSeason(season, {
			replayEveryHours: 24,
			monitorEveryHours: 24,
			settlementEveryHours: 24,
			refundOnReceiptEveryHours: 24,
			amazonAllowsRefundFeeds: true,
			amazonNeverRefunds: new Set(amazonReturn ? [amazonReturn.returnId] : []),
			onRun: process.env.SEASON_DEBUG
				? (name, result) => {
						if (name === 'refundOnReceipt' || name === 'claims')
							process.stderr.write(
								`${name} ${new Date().toISOString()} ${result.status} ${result.error?.message ?? ''} ${result.executed.join(' > ')}\n`,
							);
					}
				: undefined,
			alterSettlement: (settlement) => {
				settlement.statedTotalMinor = settlement.rows.reduce((a, r) => a + r.amountMinor, 1);
			},
			templates: (shipped) => {
				return {
					...shipped,
					warehouse: withSettings(shipped.warehouse, {
						dispositionMapping: {
							sellable: 'Main',
							damaged: 'Main',
							missing: 'none',
							'wrong-item': 'none',
						},
					}),
					claims: withSettings(shipped.claims, {
						amazonSafetOpensAfterDays: 0,
						amazonReportPollSeconds: 1,
					}),
					refundOnReceipt: withSettings(shipped.refundOnReceipt, {
						amazonRefundOnReceipt: true,
						amazonRefundFeedMode: 'submit',
						amazonFeedPollSeconds: 1,
					}),
				};
			},
		});
	}, 1_800_000);
	afterAll(async () => broken && closeSeason(broken));

	it('03 routing damaged units to the sellable warehouse: more units sellable than graded sellable', () => {
		expect(sellableViolations(broken).join('\n')).toMatch(/made sellable, \d+ graded sellable/);
	});

	it('a settlement whose stated total is a cent off its rows does not tie out', () => {
		expect(settlementViolations(broken).join('\n')).toMatch(/does not tie out/);
	});

	it('12 opening the claim window at the refund: the pack lists units not claimable yet', () => {
		expect(claimPackViolations(broken).join('\n')).toMatch(/in the pack, not claimable/);
	});

	it('11 switched on to submit: a feed reaches Amazon', () => {
		expect(refundOnReceiptViolations(broken).join('\n')).toMatch(/feed\(s\) sent/);
	});

	// The season is too short for a month end: 07 runs once more on the last day of its month,
	// reading storefront refunds only from the day before (a look-back that misses the month).
	it('07 reading storefront refunds from the day before only: the pack does not tie out', async () => {
		const template = structuredClone(broken.templates.monthEnd);
		const read = template.nodes.find((n) => n.name === 'Storefront refunds (Centra)')!;
		(read.parameters.returnFilters as Record<string, string>).from =
			"={{ DateTime.fromISO($('Close period').first().json.period.end).minus({ days: 1 }).toUTC().toISO() }}";
		const start = new Date(broken.season.start);
		const lastDay = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0);
		await broken.runAt('monthEnd', lastDay + 6 * HOUR, template);
		expect(closePackViolations(broken).join('\n')).toMatch(
			/paid storefront (EUR|USD): pack \d+, ledger \d+/,
		);
	}, 600_000);
});

// Centra counts mutations per hour (its ONE_HOUR MUTATION_COUNT window). The sandboxes must open
// and roll their windows on the season's clock: started on the real calendar, months after the
// season's dates, the window never rolled over, so the 2,000-return season had every Centra write
// refused from the day its total passed the hourly quota (a harness fault, not a template's).
describe("the vendors' rate windows run on the season's clock", () => {
	it('a season with more Centra mutations than the hourly quota, spread over days, is never refused for it', async () => {
		const quota = 8;
		const season = generateSeason({ seed: 2026, returns: 10, days: 12 });
		const run = await runSeason(season, {
			replayEveryHours: 24,
			monitorEveryHours: 24,
			settlementEveryHours: 24,
			refundOnReceiptEveryHours: 24,
			centraHourlyMutationQuota: quota,
		});
		try {
			const mutations = Object.values(run.flow.centra.mutationCalls).reduce((a, b) => a + b, 0);
			const refused = run.flow.failures
				.map((f) => f.error?.message ?? '')
				.filter((message) => /Rate limit exceeded/.test(message));
			expect({ refused, overQuota: mutations > quota }).toEqual({ refused: [], overQuota: true });
		} finally {
			await closeSeason(run);
		}
	}, 600_000);
});
