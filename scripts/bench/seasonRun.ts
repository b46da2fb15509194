/**
 * The simulated season of test/season at full size, in its own process: about 2,000 returns over
 * 90 days through every template as shipped, on the simulated clock, against the sandboxes. Prints
 * the time, the schedule's cost per template and the violations of every business promise.
 * Usage: seasonRun.ts [returns=2000] [shipped cadence: 1 = 08 and 11 hourly, 06 and 10 six-hourly]
 * [days=90]. `npm run bench -- --only season` runs it and writes its section of docs/benchmarks.md.
 */
import '../../harness/env';
import { closeSeason, runSeason } from '../../harness/season/driver';
import {
	claimPackViolations,
	closePackViolations,
	cycleAgreementViolations,
	droppedViolations,
	exchangeViolations,
	refundOnReceiptViolations,
	refundViolations,
	registerViolations,
	sellableViolations,
	settlementViolations,
} from '../../harness/season/invariants';
import { generateSeason } from '../../harness/season/model';

async function main(): Promise<void> {
	const returns = Number(process.argv[2] ?? 2000);
	const shipped = process.argv[3] === '1';
	const days = Number(process.argv[4] ?? 90);
	const season = generateSeason({ seed: 2026, returns, days });
	const run = await runSeason(season, {
		replayEveryHours: shipped ? 1 : 6,
		monitorEveryHours: shipped ? 6 : 24,
		settlementEveryHours: shipped ? 6 : 24,
		refundOnReceiptEveryHours: shipped ? 1 : 24,
		log: process.env.SEASON_PROGRESS ? (line) => process.stderr.write(`${line}\n`) : undefined,
		// SEASON_DEADLINE (an ISO time): stop there and report how far the season got.
		wallDeadline: process.env.SEASON_DEADLINE ? Date.parse(process.env.SEASON_DEADLINE) : undefined,
	});
	try {
		const perTemplate: Record<string, { runs: number; ms: number; failed: number }> = {};
		for (const s of run.scheduled) {
			const entry = (perTemplate[s.template] ??= { runs: 0, ms: 0, failed: 0 });
			entry.runs++;
			entry.ms += Math.round(s.ms);
			if (s.status !== 'success') entry.failed++;
		}
		const refunds = refundViolations(run);
		const register = registerViolations(run);
		// Counts go to the benchmark table; each broken promise's violations to stderr, to name them.
		const count = (list: unknown[]) => {
			if (list.length > 0) process.stderr.write(`${JSON.stringify(list.slice(0, 20))}\n`);
			return list.length;
		};
		process.stdout.write(
			`${JSON.stringify({
				returns,
				days: season.days,
				// Days simulated when a deadline stopped the season early (the promises then read as of that day).
				stoppedAtDay:
					run.stoppedAt === null ? null : Math.floor((run.stoppedAt - season.start) / 86_400_000),
				shippedCadence: shipped,
				settlements: run.settlements.length,
				claimPacks: run.claimPacks.length,
				ms: run.ms,
				deliveries: run.deliveries,
				deliveryMs: {
					notices: Math.round(run.deliveryMs.notices),
					receipts: Math.round(run.deliveryMs.receipts),
				},
				failedExecutions: run.flow.failures.length,
				perTemplate,
				// The slowest nodes of each scheduled template over the season (real ms; 00's nodes by name).
				slowestNodes: Object.fromEntries(
					Object.entries(run.nodeMs).map(([template, nodes]) => [
						template,
						Object.fromEntries(
							Object.entries(nodes)
								.sort((a, b) => b[1] - a[1])
								.slice(0, 5)
								.map(([node, ms]) => [node, Math.round(ms)]),
						),
					]),
				),
				violations: {
					refundedTwice: count(refunds.twice),
					neverRefunded: count(refunds.never),
					exchangesRefunded: count(refunds.exchangesRefunded),
					exchangeOrders: count(exchangeViolations(run)),
					sellableBeforeGrade: count(sellableViolations(run)),
					anomalyMissing: count(register.missing),
					anomalyRepeated: count(register.repeated),
					anomalyNotOpen: count(register.notOpen),
					exceptionsOnClean: count(register.onClean),
					closePack: count(closePackViolations(run)),
					dropped: count(droppedViolations(run)),
					settlementTieOut: count(settlementViolations(run)),
					cycleAgreement: count(cycleAgreementViolations(run)),
					claimPack: count(claimPackViolations(run)),
					refundOnReceipt: count(refundOnReceiptViolations(run)),
				},
				peakRss: process.resourceUsage().maxRSS * 1024,
			})}\n`,
		);
	} finally {
		await closeSeason(run);
	}
}

void main();
