/**
 * Template 04 (nightly reconciliation) in n8n's queue mode: the scenario the in-process nightly
 * bench generates (scripts/bench/nightlyRun.ts, N returns, about one in ten with an anomaly) in
 * the vendor sandboxes, its three Data Tables loaded into n8n's Postgres through n8n's public API
 * (`POST /api/v1/data-tables/{id}/rows`, in batches: the way a merchant would import rows, with
 * n8n's own type handling and size limit), then 04 run twice on a worker as month-end runs it (its
 * "When called" entry, through a one-node driver workflow), the first night with an empty
 * Exception Register, the second with a full one.
 *
 * `RR_QUEUE_STORE=postgres` runs the Postgres variant (workflows-templates/postgres/) instead, as a
 * merchant sets it up: the ledger in a database of its own on the cluster's Postgres server, an n8n
 * Postgres credential for it, the tables created by running *14 Set up the Postgres tables* in n8n,
 * the variant's 00 (`ledgerStore` = postgres); the scenario's rows loaded with one `COPY ... FROM
 * STDIN` (CSV) per table, the fast path a merchant importing history would take.
 *
 * Per night: wall time (the execution's start to stop in n8n's database), its status and error,
 * vendor calls at the wire (the counting proxies; Centra split into queries and mutations), rows
 * each table gained, the rows Postgres read from the three tables (`pg_stat_user_tables`: by
 * sequential scans and by index), the saved execution's size; the peak RSS (VmHWM) of every
 * n8n process and its task runners so far; and the worker's resident memory sampled each second
 * through the night (the timeline in test-artifacts/queue/), with the node runs under way at its
 * peak, read from the executions n8n saved. `RR_QUEUE_NIGHTLY=<returns> npm run bench:queue` prints
 * it; `RR_QUEUE_NIGHTLY_PARTITIONS=10` runs each night in ten parts (04's `nightlyPartitions`);
 * `RR_QUEUE_POOL_KEYS=1` keys the pool with the scaling guide's SQL before the first night.
 */
import { parse } from 'flatted';
import { mkdirSync, writeFileSync } from 'fs';
import { loadavg } from 'os';
import { join, resolve } from 'path';
import { withSettings, type Template } from '../../harness/templateFiles';
import type { Sandboxes } from '../../sandbox';
import { SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { seedNightly } from '../bench/nightlyRun';
import type { TemplateJson } from '../realN8n/demo';
import { installDriver, runTemplate } from '../realN8n/driver';
import { poolKeysSql } from '../poolKeys';
import { currentRss, startQueueCluster, type Cluster } from './cluster';
import {
	LEDGER_DATABASE,
	SETUP,
	TABLES,
	lastExecutionId,
	ledgerTables,
	postgresTemplates,
	setUpPostgresTables,
	waitForExecution,
	type LedgerTables,
	type Store,
} from './ledgerTables';
import { tableSizes } from './storm';

export const NIGHTLY = 'rrNightly0000004';
/**
 * 04, its error workflow (09) and the settings 09 reads: the other templates' schedules (02's
 * drop-off poll, 08's replay, 11's refunds) would otherwise work through the loaded ledger during
 * the nights, which the in-process bench does not do either.
 */
const NIGHTLY_TEMPLATES = new Set([NIGHTLY, 'rrErrorFlow00009', 'rrSettings000000']);

function say(message: string): void {
	process.stderr.write(`[queue nightly] ${message}\n`);
}

/**
 * 04 with the settings the in-process bench gives it (the scenario's warehouse and codes), and the
 * store of the variant: 04's other settings and 14's come from the variant's 00 as shipped.
 */
export function nightlyTemplates(store: Store) {
	return (template: TemplateJson): TemplateJson => {
		if (template.id !== NIGHTLY) return template;
		return withSettings(template as unknown as Template, {
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			lookbackDays: 200,
			// RR_QUEUE_NIGHTLY_PARTITIONS=10: the nights in that many parts (04's nightlyPartitions).
			nightlyPartitions: Number(process.env.RR_QUEUE_NIGHTLY_PARTITIONS ?? 1),
			...(store === 'postgres' && { ledgerStore: 'postgres' }),
		}) as unknown as TemplateJson;
	};
}

/** Rows Postgres has read from the tables so far (sequential scans, index fetches) and scans. */
function rowsRead(store: LedgerTables): Record<string, number> {
	const relations = TABLES.map((name) => `'${store.table(name).replace(/'/g, "''")}'::regclass`);
	const [seqRows, indexRows, seqScans, indexScans] = store
		.sql(
			`select coalesce(sum(seq_tup_read), 0) || '|' || coalesce(sum(idx_tup_fetch), 0) || '|' || coalesce(sum(seq_scan), 0) || '|' || coalesce(sum(idx_scan), 0) from pg_stat_user_tables where relid in (${relations.join(', ')})`,
		)
		.split('|')
		.map(Number);
	return { seqRows, indexRows, seqScans, indexScans };
}

/**
 * Postgres 15 counts a connection's table reads in the connection and reports them when the
 * transaction ends, or within ten seconds of it going idle
 * (https://www.postgresql.org/docs/15/monitoring-stats.html): read after that.
 */
async function rowsReadSettled(store: LedgerTables): Promise<Record<string, number>> {
	await new Promise((done) => setTimeout(done, 11_000));
	return rowsRead(store);
}

const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'queue');

/** Each n8n process's recent log lines, kept for reading a night afterwards. */
function keepLogs(cluster: Cluster, run: string): void {
	mkdirSync(ARTIFACTS, { recursive: true });
	const processes: Array<{ name: string; logs: string[] }> = [
		{ name: 'main', logs: (cluster.main as unknown as { logs: string[] }).logs },
		cluster.webhook,
		...cluster.workers,
	];
	for (const { name, logs } of processes)
		writeFileSync(
			join(ARTIFACTS, `nightly-${run}-${name.replace(/\s+/g, '-')}.log`),
			(logs ?? []).join(''),
		);
}

function sqlValue(cluster: Cluster, query: string): string {
	return cluster.services.psql(query);
}

/**
 * Where and why a failed execution stopped: its last node and its error's message. n8n saves the
 * run as a flatted array, whose objects name their fields' values by index into the array, so the
 * path runs root (index 0) → resultData → error → message.
 */
function failure(cluster: Cluster, executionId: string | undefined): string {
	const at = (index: string) => `(j -> (${index})::int)`;
	const result = at(`j -> 0 ->> 'resultData'`);
	const error = at(`${result} ->> 'error'`);
	try {
		return sqlValue(
			cluster,
			`with d as (select data::json as j from execution_data where "executionId" = ${Number(executionId)})
		 select coalesce(j ->> (${result} ->> 'lastNodeExecuted')::int, '?') || ': ' ||
		        coalesce(j ->> (${error} ->> 'message')::int, '?') from d`,
		);
	} catch (error) {
		return `(its saved data could not be read: ${(error as Error).message.slice(0, 300)})`;
	}
}

/** One worker's resident memory (its task runners included) at one moment, in MiB. */
interface MemorySample {
	at: number;
	worker: string;
	mib: number;
}

/** Samples every worker's resident memory once a second until stopped. */
function sampleWorkers(cluster: Cluster): { stop(): MemorySample[] } {
	const samples: MemorySample[] = [];
	const take = () => {
		const at = Date.now();
		for (const worker of cluster.workers) {
			const rss = currentRss(worker.pid);
			samples.push({ at, worker: worker.name, mib: rss.process + rss.children });
		}
	};
	take();
	const timer = setInterval(take, 1000);
	return {
		stop() {
			clearInterval(timer);
			take();
			return samples;
		},
	};
}

/** One run of one node in one execution, by the worker's clock (epoch ms). */
interface NodeRun {
	executionId: string;
	node: string;
	start: number;
	end: number;
}

/**
 * Every node run of the executions that started since `since` (the night's, its parts' included),
 * read from the data n8n saved for each: runData holds each run's start and duration.
 */
function nodeRunsSince(cluster: Cluster, since: number): NodeRun[] {
	const ids = sqlValue(
		cluster,
		`select coalesce(string_agg(id::text, ',' order by id), '') from execution_entity where "startedAt" >= to_timestamp(${since / 1000})`,
	)
		.split(',')
		.filter(Boolean);
	const runs: NodeRun[] = [];
	for (const executionId of ids) {
		const saved = sqlValue(
			cluster,
			`select data from execution_data where "executionId" = ${Number(executionId)}`,
		);
		if (!saved) continue;
		const data = parse(saved) as {
			resultData?: {
				runData?: Record<string, Array<{ startTime?: number; executionTime?: number }>>;
			};
		};
		for (const [node, nodeRuns] of Object.entries(data.resultData?.runData ?? {}))
			for (const run of nodeRuns ?? [])
				if (typeof run.startTime === 'number')
					runs.push({
						executionId,
						node,
						start: run.startTime,
						end: run.startTime + (run.executionTime ?? 0),
					});
	}
	return runs;
}

/**
 * Where a night's worker memory went: the peak sample and the node runs under way at it (a sample
 * between two nodes names none: n8n saving or handing over), and the node runs during which the
 * memory was highest. The whole timeline is written beside the logs.
 */
function memoryPhases(samples: MemorySample[], runs: NodeRun[], file: string) {
	const during = (sample: MemorySample) =>
		runs
			.filter((run) => run.start <= sample.at && sample.at <= run.end + 1000)
			.map((run) => `${run.executionId}:${run.node}`);
	const peak = samples.reduce((a, b) => (b.mib > a.mib ? b : a), samples[0]);
	const first = samples[0]?.at ?? 0;
	mkdirSync(ARTIFACTS, { recursive: true });
	writeFileSync(
		file,
		samples
			.map(
				(s) =>
					`${((s.at - first) / 1000).toFixed(0)}\t${s.worker}\t${s.mib}\t${during(s).join(' | ')}`,
			)
			.join('\n') + '\n',
	);
	const highest = runs
		.filter((run) => run.end - run.start >= 1000)
		.map((run) => ({
			run: `${run.executionId}:${run.node}`,
			seconds: Math.round((run.end - run.start) / 1000),
			mib: Math.max(
				0,
				...samples.filter((s) => s.at >= run.start && s.at <= run.end).map((s) => s.mib),
			),
		}))
		.sort((a, b) => b.mib - a.mib)
		.slice(0, 12);
	return {
		peakMib: peak?.mib ?? 0,
		peakSecondsIntoNight: peak ? Math.round((peak.at - first) / 1000) : 0,
		runningAtPeak: peak ? during(peak) : [],
		highestDuring: highest,
	};
}

interface NightResult {
	night: number;
	executionId: string;
	status: string;
	error: string | null;
	ms: number;
	clockMs: number;
	savedExecutionBytes: number;
	vendor: Record<string, { requests: number; mutations: number; queries: number }>;
	centraReadsPerReturn: number;
	rowsAdded: Record<string, number>;
	/** Rows Postgres read from the three tables during the night, and the scans. */
	postgresRowsRead: Record<string, number>;
	registerRows: number;
	openRows: number;
	memory: Record<string, { process: number; children: number }>;
	/** The worker's memory through the night: its peak, what ran then, the hungriest node runs. */
	memoryPhases: ReturnType<typeof memoryPhases>;
	loadAverage: number[];
}

export async function runQueueNightly(returns: number, store: Store = 'dataTable', seed = 2424) {
	const startedAt = Date.now();
	const seeded = await seedNightly(returns, seed, say);
	const sandboxes: Sandboxes = {
		hr: seeded.hr,
		centra: seeded.centra,
		amazon: seeded.amazon,
		scenario: seeded.scenario,
		webhooks: [],
		webhookSecret: 'nightly-bench-secret',
		credentials: seeded.credentials,
		close: seeded.close,
	};
	const cluster = await startQueueCluster({
		returns,
		workers: Number(process.env.RR_QUEUE_WORKERS ?? 1),
		concurrency: Number(process.env.RR_QUEUE_CONCURRENCY ?? 5),
		transform: nightlyTemplates(store),
		...(store === 'postgres' && {
			templates: postgresTemplates(),
			ledgerDatabase: LEDGER_DATABASE,
		}),
		include: (template) =>
			NIGHTLY_TEMPLATES.has(template.id) || (store === 'postgres' && template.id === SETUP),
		vendors: { sandboxes, scenario: seeded.scenario },
		env: {
			// Set only when given, so a run shows what n8n's defaults do at a size.
			...(process.env.RR_QUEUE_DATA_TABLES_MAX_BYTES && {
				N8N_DATA_TABLES_MAX_SIZE_BYTES: process.env.RR_QUEUE_DATA_TABLES_MAX_BYTES,
			}),
		},
	});
	const setupMs = Date.now() - startedAt;
	try {
		const driverUrl = await installDriver(cluster.main, cluster.webhookBase);
		const setupTablesMs =
			store === 'postgres' ? await setUpPostgresTables(cluster, driverUrl) : undefined;
		const tables = ledgerTables(cluster, store);
		const sizes = () => tableSizes(tables);
		const loadStarted = Date.now();
		const loaded: Record<string, number> = {};
		for (const name of TABLES) {
			const rows = seeded.tables.rows(name);
			await tables.load(name, rows);
			loaded[name] = Number(tables.sql(`select count(*) from ${tables.table(name)}`));
			say(`loaded ${loaded[name]} of ${rows.length} rows into ${name}`);
		}
		const loadMs = Date.now() - loadStarted;
		// RR_QUEUE_POOL_KEYS=1 (Postgres variant): the pool keyed in the database before the first
		// night, with the scaling guide's SQL, as a merchant with a large ledger would.
		let poolKeysMs: number | undefined;
		if (store === 'postgres' && process.env.RR_QUEUE_POOL_KEYS === '1') {
			const at = Date.now();
			tables.sql(poolKeysSql());
			poolKeysMs = Date.now() - at;
			say(`keyed the pool in ${(poolKeysMs / 1000).toFixed(1)} s`);
		}
		const sizesBefore = sizes();
		let readBefore = await rowsReadSettled(tables);

		const nights: NightResult[] = [];
		for (const night of [1, 2]) {
			for (const proxy of Object.values(cluster.proxies)) proxy.reset();
			const before = sizes();
			const lastId = lastExecutionId(cluster);
			const at = Date.now();
			say(`night ${night}: running 04`);
			const sampler = sampleWorkers(cluster);
			await runTemplate(driverUrl, NIGHTLY);
			const ended = await waitForExecution(cluster, NIGHTLY, lastId);
			const samples = sampler.stop();
			const clockMs = Date.now() - at;
			const executionId = ended.id;
			// The node times inside the execution add up to its run; its stored start and stop are
			// read too where n8n wrote them.
			const status = `${ended.status}${ended.finished ? ', finished' : ''}`;
			const ms = Number(
				sqlValue(
					cluster,
					`select coalesce(round(extract(epoch from ("stoppedAt" - "startedAt")) * 1000), -1) from execution_entity where id = ${Number(executionId)}`,
				),
			);
			const savedBytes = sqlValue(
				cluster,
				`select coalesce(length(data), 0) from execution_data where "executionId" = ${Number(executionId)}`,
			);
			const message =
				ended.finished || ended.status === 'success' ? '' : failure(cluster, executionId);
			const after = sizes();
			const register = tables.table('Exception Register');
			const readAfter = await rowsReadSettled(tables);
			const vendor = Object.fromEntries(
				Object.entries(cluster.proxies).map(([name, proxy]) => [name, { ...proxy.counts }]),
			);
			const result: NightResult = {
				night,
				executionId: executionId ?? '',
				status,
				error: message || null,
				ms,
				clockMs,
				savedExecutionBytes: Number(savedBytes || 0),
				vendor,
				centraReadsPerReturn: Math.round((vendor.centra.queries / returns) * 10000) / 10000,
				rowsAdded: Object.fromEntries(
					Object.keys(after).map((name) => [name, after[name].rows - before[name].rows]),
				),
				postgresRowsRead: Object.fromEntries(
					Object.keys(readAfter).map((key) => [key, readAfter[key] - readBefore[key]]),
				),
				registerRows: after['Exception Register'].rows,
				openRows: Number(tables.sql(`select count(*) from ${register} where status = 'open'`)),
				memory: cluster.memory(),
				memoryPhases: memoryPhases(
					samples,
					nodeRunsSince(cluster, at - 1000),
					join(ARTIFACTS, `nightly-${store}-${returns}-memory-night${night}.txt`),
				),
				loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
			};
			say(`night ${night}: ${JSON.stringify(result)}`);
			nights.push(result);
			readBefore = readAfter;
		}
		return {
			returns,
			store,
			seed,
			// n8n's limit for one expression's isolate, in MB (128 unless RR_QUEUE_EXPRESSION_MEMORY_MB).
			expressionMemoryMb: Number(process.env.RR_QUEUE_EXPRESSION_MEMORY_MB ?? 128),
			setupMs,
			setupTablesMs,
			seedMs: seeded.seedMs,
			loadMs,
			poolKeysMs,
			loaded,
			sizesBefore,
			sizesAfter: sizes(),
			executions: sqlValue(
				cluster,
				`select string_agg("workflowId" || ':' || status, ', ') from execution_entity`,
			),
			nights,
		};
	} finally {
		keepLogs(cluster, `${store}-${returns}`);
		await cluster.close();
	}
}
