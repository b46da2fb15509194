/**
 * n8n 2.40.7 in queue mode (npm run test:queue): Redis, Postgres, a main instance, one webhook
 * processor and two workers running several executions each, this package installed and every
 * template published. The concurrent storm: every Happy Returns notice and warehouse receipt POSTed
 * three times at once to the webhook processor, several events in flight together, 20% vendor faults
 * during the first half of each stage, then the replay and a re-send of every receipt. The promises
 * of the reliability suite are counted on the sandbox ledgers and in n8n's Data Tables (Postgres).
 * The Data Table variant runs with 00's claimSettleSeconds at 2, as docs/scaling.md advises there.
 *
 * The same storm runs on the Postgres variant (workflows-templates/postgres/: the ledger in a
 * database of its own, its tables created by running 14 in n8n), counted in that database.
 *
 * The last cluster runs the same kind of storm with the atomic claim switched off (as the
 * in-process concurrency test does) and must see duplicates, so the first case is able to fail.
 *
 * RR_QUEUE_RETURNS sets the storm's size (default 12, sized for CI on two cores: every execution
 * runs in a real n8n; `npm run bench:queue` takes RR_QUEUE_RETURNS=1000).
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import type { Cluster } from '../../scripts/queue/cluster';
import { startStormCluster } from '../../scripts/queue/run';
import { runQueueStorm, tableSizes, WORKFLOW, type StormReport } from '../../scripts/queue/storm';
import { ALL_HELD, promisesHeld } from '../../harness/reliability/stormAndFaults';

const RETURNS = Number(process.env.RR_QUEUE_RETURNS ?? 12);
/** The Postgres variant's storm (its claims are INSERT ... ON CONFLICT on unique keys). */
const PG_RETURNS = Number(process.env.RR_QUEUE_PG_RETURNS ?? 12);
const NO_CLAIM_RETURNS = Number(process.env.RR_QUEUE_NO_CLAIM_RETURNS ?? 6);
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'queue');

function keep(name: string, data: unknown): void {
	mkdirSync(ARTIFACTS, { recursive: true });
	writeFileSync(join(ARTIFACTS, name), `${JSON.stringify(data, null, 1)}\n`);
}

describe.each([
	{ store: 'dataTable' as const, variant: 'Data Table variant', returns: RETURNS, suffix: '' },
	{
		store: 'postgres' as const,
		variant: 'Postgres variant',
		returns: PG_RETURNS,
		suffix: '-postgres',
	},
])(
	'queue mode, $variant, atomic claim on: $returns returns, every delivery three times at once, 20% faults for half of each stage',
	({ store, returns, suffix }) => {
		let cluster: Cluster;
		let report: StormReport;

		beforeAll(async () => {
			const started = await startStormCluster({ returns, claim: true, store });
			cluster = started.cluster;
			report = await runQueueStorm(cluster, {
				faults: true,
				tables: started.tables,
				driverUrl: started.driverUrl,
			});
			keep(`storm-${returns}${suffix}.json`, {
				setupMs: started.setupMs,
				...report,
				memory: cluster.memory(),
				sizes: tableSizes(started.tables),
			});
		}, 3_600_000);

		afterAll(async () => {
			await cluster?.close();
		}, 120_000);

		it('ran the templates on the workers: every webhook copy answered 200 by the webhook processor', () => {
			expect(report.posts).toBeGreaterThanOrEqual(3 * (report.notifications + report.receipts));
			expect(report.refused).toBe(0);
			const intake = Object.entries(report.facts.executions)
				.filter(([key]) => key.startsWith(`${WORKFLOW.intake}|`))
				.reduce((sum, [, n]) => sum + n, 0);
			expect(intake).toBeGreaterThan(0);
		});

		it('injected faults, and some executions failed because of them', () => {
			expect(Object.values(report.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
			expect(report.injected.centra).toBeGreaterThan(0);
		});

		it('every promise of the reliability suite holds on the sandbox ledgers', () => {
			const held = promisesHeld(report.facts);
			expect(held).toEqual(ALL_HELD(held));
			expect(report.facts.units).toBeGreaterThan(0);
			expect(report.facts.movesIntoTransit).toBe(report.facts.units);
		});

		it('nothing lost: one receipt row per unit, none left unprocessed, every failed execution registered', () => {
			const f = report.facts;
			expect(f.unitsWithoutOneReceiptRow).toBe(0);
			expect(f.receiptRows).toBe(f.units);
			expect(f.receiptsUnprocessed).toBe(0);
			expect(f.failedExecutionsRegistered).toBe(f.failedExecutions);
		});
	},
);

describe(`queue mode, atomic claim switched off: ${NO_CLAIM_RETURNS} returns, the same concurrent deliveries`, () => {
	let cluster: Cluster;
	let report: StormReport;

	beforeAll(async () => {
		const started = await startStormCluster({
			returns: NO_CLAIM_RETURNS,
			claim: false,
			store: 'dataTable',
		});
		cluster = started.cluster;
		report = await runQueueStorm(cluster, {
			faults: false,
			replay: false,
			tables: started.tables,
			driverUrl: started.driverUrl,
		});
		keep(`storm-no-claim-${NO_CLAIM_RETURNS}.json`, report);
	}, 3_600_000);

	afterAll(async () => {
		await cluster?.close();
	}, 120_000);

	it('reports duplicates: a unit moved twice or an event twice in the ledger', () => {
		const held = promisesHeld(report.facts);
		expect(
			held.eachUnitIntoTransitOnce && held.eachUnitOutOfTransitOnce && held.eachEventOnceInLedger,
		).toBe(false);
	});
});
