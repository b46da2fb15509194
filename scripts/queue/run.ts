/**
 * The queue-mode storm as a benchmark: `npm run bench:queue` (RR_QUEUE_RETURNS=1000 for the full
 * size; RR_QUEUE_NO_CLAIM=1 runs it with the atomic claim switched off, to see duplicates).
 * Prints one JSON report: wall time per phase, vendor calls and Centra mutations per returned
 * unit, peak RSS of every n8n process, Data Table sizes, and whether each promise held.
 * RR_QUEUE_NIGHTLY=<returns> runs the nightly phase instead (./nightly: template 04 twice at that
 * size, in the same kind of cluster with one worker).
 */
import { withoutClaim, withSettings, type Template } from '../../harness/templateFiles';
import { mutationsPerUnit, promisesHeld } from '../../harness/reliability/stormAndFaults';
import { startQueueCluster } from './cluster';
import { runQueueNightly } from './nightly';
import { runQueueStorm, tableSizes } from './storm';
import type { TemplateJson } from '../realN8n/demo';

export function stormTemplates(claim: boolean) {
	return (template: TemplateJson): TemplateJson => {
		let t = template as unknown as Template;
		// The replay takes every row left `received`, however recent: the storm replays right after
		// the faults stop instead of waiting the shipped half hour.
		if (t.id === 'rrReplay00000008') t = withSettings(t, { olderThanMinutes: 0 });
		if (!claim && (t.id === 'rrIntake00000001' || t.id === 'rrWarehouse00003')) t = withoutClaim(t);
		return t as unknown as TemplateJson;
	};
}

async function main(): Promise<void> {
	if (process.env.RR_QUEUE_NIGHTLY) {
		const store = process.env.RR_QUEUE_STORE === 'postgres' ? 'postgres' : 'dataTable';
		const report = await runQueueNightly(Number(process.env.RR_QUEUE_NIGHTLY), store);
		process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
		return;
	}
	const returns = Number(process.env.RR_QUEUE_RETURNS ?? 100);
	const claim = process.env.RR_QUEUE_NO_CLAIM !== '1';
	const faults = process.env.RR_QUEUE_FAULTS !== '0';
	const startedAt = Date.now();
	const cluster = await startQueueCluster({
		returns,
		workers: Number(process.env.RR_QUEUE_WORKERS ?? 2),
		concurrency: Number(process.env.RR_QUEUE_CONCURRENCY ?? 5),
		transform: stormTemplates(claim),
		timeoutSeconds: 2,
	});
	const setupMs = Date.now() - startedAt;
	try {
		const report = await runQueueStorm(cluster, { faults, replay: claim });
		const memory = cluster.memory();
		const sizes = tableSizes(cluster);
		const { executions, ...facts } = report.facts;
		const held = promisesHeld(report.facts);
		// Took effect: what Centra's quota counted (the sandbox); at the wire: every mutation the
		// workers sent through the counting proxy, faulted attempts and replays included.
		const centraMutations = {
			...mutationsPerUnit({ ...cluster.sandboxes.centra.mutationCalls }, report.units),
			atTheWirePerUnit:
				report.units > 0
					? Math.round(
							(report.phases.reduce((sum, p) => sum + (p.vendor.centra?.mutations ?? 0), 0) /
								report.units) *
								100,
						) / 100
					: 0,
		};
		process.stdout.write(
			`${JSON.stringify(
				{
					returns,
					claim,
					faults,
					setupMs,
					stormMs: report.ms,
					units: report.units,
					notifications: report.notifications,
					posts: report.posts,
					refused: report.refused,
					injected: report.injected,
					phases: report.phases,
					memory,
					sizes,
					executions,
					centraMutations,
					facts,
					held,
				},
				null,
				1,
			)}\n`,
		);
	} finally {
		await cluster.close();
	}
}

if (require.main === module)
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
