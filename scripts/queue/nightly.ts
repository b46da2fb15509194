/**
 * Template 04 (nightly reconciliation) in n8n's queue mode: the scenario the in-process nightly
 * bench generates (scripts/bench/nightlyRun.ts, N returns, about one in ten with an anomaly) in
 * the vendor sandboxes, its three Data Tables loaded into n8n's Postgres through n8n's public API
 * (`POST /api/v1/data-tables/{id}/rows`, in batches: the way a merchant would import rows, with
 * n8n's own type handling and size limit), then 04 run twice on a worker as month-end runs it (its
 * "When called" entry, through a one-node driver workflow), the first night with an empty
 * Exception Register, the second with a full one.
 *
 * Per night: wall time (the execution's start to stop in n8n's database), its status and error,
 * vendor calls at the wire (the counting proxies; Centra split into queries and mutations), rows
 * each Data Table gained, the saved execution's size; and the peak RSS (VmHWM) of every n8n process
 * and its task runners so far. `RR_QUEUE_NIGHTLY=<returns> npm run bench:queue` prints it.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { loadavg } from 'os';
import { join, resolve } from 'path';
import { withSettings, type Template } from '../../harness/templateFiles';
import type { Sandboxes } from '../../sandbox';
import { SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { seedNightly } from '../bench/nightlyRun';
import type { TemplateJson } from '../realN8n/demo';
import { installDriver, runTemplate } from '../realN8n/driver';
import { startQueueCluster, type Cluster } from './cluster';
import { tableName, tableSizes } from './storm';

export const NIGHTLY = 'rrNightly0000004';
/**
 * 04, its error workflow (09) and the settings 09 reads: the other templates' schedules (02's
 * drop-off poll, 08's replay, 11's refunds) would otherwise work through the loaded ledger during
 * the nights, which the in-process bench does not do either.
 */
const NIGHTLY_TEMPLATES = new Set([NIGHTLY, 'rrErrorFlow00009', 'rrSettings000000']);
/** Rows per API call while loading: one request per batch keeps the load to seconds per 10,000. */
const LOAD_BATCH = Number(process.env.RR_QUEUE_LOAD_BATCH ?? 1000);

function say(message: string): void {
	process.stderr.write(`[queue nightly] ${message}\n`);
}

/** 04 with the settings the in-process bench gives it (the scenario's warehouse and codes). */
export function nightlyTemplates(template: TemplateJson): TemplateJson {
	if (template.id !== NIGHTLY) return template;
	return withSettings(template as unknown as Template, {
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
		lookbackDays: 200,
	}) as unknown as TemplateJson;
}

/** A row as the public API takes it: no system columns, dates as ISO strings. */
function apiRow(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		if (key === 'id' || key === 'createdAt' || key === 'updatedAt') continue;
		out[key] = value instanceof Date ? value.toISOString() : value;
	}
	return out;
}

const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'queue');

/** Each n8n process's recent log lines, kept for reading a night afterwards. */
function keepLogs(cluster: Cluster, returns: number): void {
	mkdirSync(ARTIFACTS, { recursive: true });
	const processes: Array<{ name: string; logs: string[] }> = [
		{ name: 'main', logs: (cluster.main as unknown as { logs: string[] }).logs },
		cluster.webhook,
		...cluster.workers,
	];
	for (const { name, logs } of processes)
		writeFileSync(
			join(ARTIFACTS, `nightly-${returns}-${name.replace(/\s+/g, '-')}.log`),
			(logs ?? []).join(''),
		);
}

/**
 * Waits for the night's 04 execution to end: finished, or a final status. Measured here: n8n
 * 2.40.7 in queue mode left a long 04 execution (and its driver's) at status `running` with
 * `finished` true and no `stoppedAt` after the worker completed it, so `settle` (which waits for
 * no running execution) would wait forever; `finished` is what the worker writes with the data.
 */
async function waitForNight(cluster: Cluster, afterId: number, timeoutMs = 7_200_000) {
	const started = Date.now();
	for (;;) {
		const row = sqlValue(
			cluster,
			`select id || '|' || status || '|' || finished || '|' || coalesce("stoppedAt"::text, '') from execution_entity where "workflowId" = '${NIGHTLY}' and id > ${afterId} order by id limit 1`,
		);
		const [id, status, finished, stoppedAt] = row.split('|');
		if (id && (finished === 't' || ['success', 'error', 'crashed', 'canceled'].includes(status)))
			return { id, status, finished: finished === 't', stoppedAt, ms: Date.now() - started };
		if (Date.now() - started > timeoutMs)
			throw new Error(
				`04 did not end within ${timeoutMs / 1000} s (last: ${row || 'not started'})`,
			);
		await new Promise((done) => setTimeout(done, 1000));
	}
}

function sqlValue(cluster: Cluster, query: string): string {
	return cluster.services.psql(query);
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
	registerRows: number;
	openRows: number;
	memory: Record<string, { process: number; children: number }>;
	loadAverage: number[];
}

export async function runQueueNightly(returns: number, seed = 2424) {
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
		transform: nightlyTemplates,
		include: (template) => NIGHTLY_TEMPLATES.has(template.id),
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
		const loadStarted = Date.now();
		const loaded: Record<string, number> = {};
		for (const name of ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register']) {
			const rows = seeded.tables.rows(name);
			for (let start = 0; start < rows.length; start += LOAD_BATCH)
				await cluster.main.api('POST', `/data-tables/${cluster.dataTableIds[name]}/rows`, {
					data: rows.slice(start, start + LOAD_BATCH).map(apiRow),
					returnType: 'count',
				});
			loaded[name] = Number(sqlValue(cluster, `select count(*) from ${tableName(cluster, name)}`));
			say(`loaded ${loaded[name]} of ${rows.length} rows into ${name}`);
		}
		const loadMs = Date.now() - loadStarted;
		const sizesBefore = tableSizes(cluster);

		const driverUrl = await installDriver(cluster.main, cluster.webhookBase);
		const nights: NightResult[] = [];
		for (const night of [1, 2]) {
			for (const proxy of Object.values(cluster.proxies)) proxy.reset();
			const before = tableSizes(cluster);
			const lastId = Number(
				sqlValue(cluster, `select coalesce(max(id), 0) from execution_entity`) || 0,
			);
			const at = Date.now();
			say(`night ${night}: running 04`);
			await runTemplate(driverUrl, NIGHTLY);
			const ended = await waitForNight(cluster, lastId);
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
			// Postgres' regular expressions repeat at most 255 times.
			const data = sqlValue(
				cluster,
				`select coalesce(length(data), 0) || '|' || coalesce(substring(data from '"message":"([^"]{0,200})'), '') from execution_data where "executionId" = ${Number(executionId)}`,
			);
			const [savedBytes, message] = data.split('|');
			const after = tableSizes(cluster);
			const register = tableName(cluster, 'Exception Register');
			const vendor = Object.fromEntries(
				Object.entries(cluster.proxies).map(([name, proxy]) => [name, { ...proxy.counts }]),
			);
			const result: NightResult = {
				night,
				executionId: executionId ?? '',
				status,
				error: ended.finished || ended.status === 'success' ? null : message || null,
				ms,
				clockMs,
				savedExecutionBytes: Number(savedBytes || 0),
				vendor,
				centraReadsPerReturn: Math.round((vendor.centra.queries / returns) * 10000) / 10000,
				rowsAdded: Object.fromEntries(
					Object.keys(after).map((name) => [name, after[name].rows - before[name].rows]),
				),
				registerRows: after['Exception Register'].rows,
				openRows: Number(
					sqlValue(cluster, `select count(*) from ${register} where status = 'open'`),
				),
				memory: cluster.memory(),
				loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
			};
			say(`night ${night}: ${JSON.stringify(result)}`);
			nights.push(result);
		}
		return {
			returns,
			seed,
			setupMs,
			seedMs: seeded.seedMs,
			loadMs,
			loaded,
			sizesBefore,
			sizesAfter: tableSizes(cluster),
			executions: sqlValue(
				cluster,
				`select string_agg("workflowId" || ':' || status, ', ') from execution_entity`,
			),
			nights,
		};
	} finally {
		keepLogs(cluster, returns);
		await cluster.close();
	}
}
