/**
 * The queue-mode storm as a benchmark: `npm run bench:queue` (RR_QUEUE_RETURNS=1000 for the full
 * size; RR_QUEUE_NO_CLAIM=1 runs it with the atomic claim switched off, to see duplicates).
 * Prints one JSON report: wall time per phase, vendor calls and Centra mutations per returned
 * unit, peak RSS of every n8n process, table sizes, and whether each promise held.
 * RR_QUEUE_STORE=postgres runs it on the Postgres variant (workflows-templates/postgres/).
 * RR_QUEUE_CLAIM_SETTLE=<seconds> sets 00's claimSettleSeconds (Data Table variant: 2 unless given,
 * as docs/scaling.md advises for queue mode; 0 shows the claim's window).
 * RR_QUEUE_NIGHTLY=<returns> runs the nightly phase instead (./nightly: template 04 twice at that
 * size, in the same kind of cluster with one worker).
 */
import {
	SETTINGS_WORKFLOW_ID,
	settingsWorkflow,
	withoutClaim,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { mutationsPerUnit, promisesHeld } from '../../harness/reliability/stormAndFaults';
import { startQueueCluster, type Cluster } from './cluster';
import { runQueueNightly } from './nightly';
import {
	LEDGER_DATABASE,
	ledgerTables,
	postgresTemplates,
	setUpPostgresTables,
	type LedgerTables,
	type Store,
} from './ledgerTables';
import { runQueueStorm, tableSizes } from './storm';
import { installDriver } from '../realN8n/driver';
import { STORE_SETTING } from '../postgresTemplates';
import type { TemplateJson } from '../realN8n/demo';

export function stormTemplates(
	claim: boolean,
	store: Store = 'dataTable',
	claimSettleSeconds?: number,
) {
	return (template: TemplateJson): TemplateJson => {
		let t = template as unknown as Template;
		if (t.id === SETTINGS_WORKFLOW_ID && claimSettleSeconds !== undefined)
			t = settingsWorkflow({ claimSettleSeconds }, t);
		// The replay takes every row left `received`, however recent: the storm replays right after
		// the faults stop instead of waiting the shipped half hour.
		if (t.id === 'rrReplay00000008')
			t = withSettings(t, {
				olderThanMinutes: 0,
				...(store === 'postgres' && { [STORE_SETTING]: 'postgres' }),
			});
		if (!claim && (t.id === 'rrIntake00000001' || t.id === 'rrWarehouse00003')) t = withoutClaim(t);
		return t as unknown as TemplateJson;
	};
}

/** docs/scaling.md's advice for queue mode: 2 on the Data Table variant; the Postgres one has no wait. */
const defaultClaimSettle = (store: Store) => (store === 'dataTable' ? 2 : undefined);

export interface StormCluster {
	cluster: Cluster;
	tables: LedgerTables;
	driverUrl: string;
	setupMs: number;
}

/**
 * A queue cluster with every template of the variant imported and published, ready for the storm:
 * on the Postgres variant its tables created as a user creates them (14 run in n8n, on a worker).
 */
export async function startStormCluster(options: {
	returns: number;
	claim: boolean;
	store: Store;
	workers?: number;
	concurrency?: number;
	/** 00's claimSettleSeconds; the Data Table variant's default is the queue-mode advice, 2. */
	claimSettleSeconds?: number;
}): Promise<StormCluster> {
	const startedAt = Date.now();
	if (!options.claim && options.store === 'postgres')
		throw new Error('switching the claim off is done on the Data Table variant only');
	const cluster = await startQueueCluster({
		returns: options.returns,
		workers: options.workers ?? 2,
		concurrency: options.concurrency ?? 5,
		transform: stormTemplates(
			options.claim,
			options.store,
			options.claimSettleSeconds ?? defaultClaimSettle(options.store),
		),
		timeoutSeconds: 2,
		...(options.store === 'postgres' && {
			templates: postgresTemplates(),
			ledgerDatabase: LEDGER_DATABASE,
		}),
	});
	try {
		const driverUrl = await installDriver(cluster.main, cluster.webhookBase);
		if (options.store === 'postgres') await setUpPostgresTables(cluster, driverUrl);
		const tables = ledgerTables(cluster, options.store);
		return { cluster, tables, driverUrl, setupMs: Date.now() - startedAt };
	} catch (error) {
		await cluster.close();
		throw error;
	}
}

async function main(): Promise<void> {
	const store: Store = process.env.RR_QUEUE_STORE === 'postgres' ? 'postgres' : 'dataTable';
	if (process.env.RR_QUEUE_NIGHTLY) {
		const report = await runQueueNightly(Number(process.env.RR_QUEUE_NIGHTLY), store);
		process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
		return;
	}
	const returns = Number(process.env.RR_QUEUE_RETURNS ?? 100);
	const claim = process.env.RR_QUEUE_NO_CLAIM !== '1';
	const faults = process.env.RR_QUEUE_FAULTS !== '0';
	const claimSettleSeconds =
		process.env.RR_QUEUE_CLAIM_SETTLE !== undefined
			? Number(process.env.RR_QUEUE_CLAIM_SETTLE)
			: defaultClaimSettle(store);
	const { cluster, tables, driverUrl, setupMs } = await startStormCluster({
		returns,
		claim,
		store,
		workers: Number(process.env.RR_QUEUE_WORKERS ?? 2),
		concurrency: Number(process.env.RR_QUEUE_CONCURRENCY ?? 5),
		claimSettleSeconds,
	});
	try {
		const report = await runQueueStorm(cluster, { faults, replay: claim, tables, driverUrl });
		const memory = cluster.memory();
		const sizes = tableSizes(tables);
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
					store,
					claim,
					claimSettleSeconds,
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
