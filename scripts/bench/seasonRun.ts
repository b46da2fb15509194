/**
 * The simulated season of test/season at full size, in its own process: about 2,000 returns over
 * 90 days through every template as shipped, on the simulated clock, against the sandboxes. Prints
 * the time, the schedule's cost per template and the violations of every business promise.
 * Usage: seasonRun.ts [returns=2000] [shipped cadence: 1 = 08 hourly and 06 six-hourly].
 */
import '../../harness/env';
import { closeSeason, runSeason } from '../../harness/season/driver';
import {
	closePackViolations,
	droppedViolations,
	refundViolations,
	registerViolations,
	sellableViolations,
} from '../../harness/season/invariants';
import { generateSeason } from '../../harness/season/model';

async function main(): Promise<void> {
	const returns = Number(process.argv[2] ?? 2000);
	const shipped = process.argv[3] === '1';
	const season = generateSeason({ seed: 2026, returns });
	const run = await runSeason(season, {
		replayEveryHours: shipped ? 1 : 6,
		monitorEveryHours: shipped ? 6 : 24,
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
		const count = (list: unknown[]) => list.length;
		process.stdout.write(
			`${JSON.stringify({
				returns,
				days: season.days,
				ms: run.ms,
				deliveries: run.deliveries,
				failedExecutions: run.flow.failures.length,
				perTemplate,
				violations: {
					refundedTwice: count(refunds.twice),
					neverRefunded: count(refunds.never),
					exchangesRefunded: count(refunds.exchangesRefunded),
					sellableBeforeGrade: count(sellableViolations(run)),
					anomalyMissing: count(register.missing),
					anomalyRepeated: count(register.repeated),
					anomalyNotOpen: count(register.notOpen),
					exceptionsOnClean: count(register.onClean),
					closePack: count(closePackViolations(run)),
					dropped: count(droppedViolations(run)),
				},
				peakRss: process.resourceUsage().maxRSS * 1024,
			})}\n`,
		);
	} finally {
		await closeSeason(run);
	}
}

void main();
