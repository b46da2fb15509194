/**
 * The concurrent delivery storm against n8n in queue mode, and what it leaves on the sandbox
 * ledgers and in n8n's Data Tables (read from Postgres). Run by the queue suite (test/queue) with a
 * small number of returns and by `npm run bench -- --only queue`-style scripts with more.
 *
 * Every Happy Returns notice and every warehouse receipt is POSTed three times at once to the
 * webhook processor, `wave` different events in flight together; the webhook processor answers and
 * queues, and the workers (each running several executions at once) race for the same event. For
 * the first half of each stage, 20% of vendor calls fail (429, 5xx, answered after the client's
 * timeout, connection dropped: 5% each); then the faults stop, template 08 replays what is left
 * `received`, and the warehouse re-sends every receipt once.
 */
import { createHmac } from 'crypto';
import { parse } from 'flatted';
import {
	ledgerFacts,
	receiptsOf,
	shuffled,
	type Receipt,
} from '../../harness/reliability/returnsFlow';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import { RECEIPTS_HEADER } from '../realN8n/demo';
import { installDriver, runTemplate } from '../realN8n/driver';
import type { Cluster, VendorCounts } from './cluster';
import { dataTables, TABLES, type LedgerTables } from './ledgerTables';

export const FAULT_RATES = { rateLimited: 0.05, serverError: 0.05, slow: 0.05, drop: 0.05 };
export const INTAKE_PATH = '5b8e6f0e-0001-4d6c-9a55-000000000001/happy-returns';
export const RECEIPTS_PATH = 'warehouse-receipts';
export const WORKFLOW = {
	intake: 'rrIntake00000001',
	warehouse: 'rrWarehouse00003',
	replay: 'rrReplay00000008',
	errors: 'rrErrorFlow00009',
};

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
	// A webhook processor under load may refuse a connection for a moment; the sender retries,
	// as Happy Returns and a warehouse system do (a redelivery is one more copy, which the claim
	// must absorb anyway).
	for (let attempt = 0; ; attempt++) {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body,
				signal: AbortSignal.timeout(60_000),
			});
			await response.text();
			if (response.status < 500 || attempt >= 5) return response.status;
		} catch (error) {
			if (attempt >= 5) throw error;
		}
		await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
	}
}

function sql(cluster: Cluster, query: string): string {
	return cluster.services.psql(query);
}

export function executionCounts(cluster: Cluster): Record<string, number> {
	const out = sql(
		cluster,
		`select "workflowId" || '|' || status, count(*) from execution_entity where "deletedAt" is null group by 1 order by 1`,
	);
	return Object.fromEntries(
		out
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [key, count] = splitLast(line);
				return [key, Number(count)];
			}),
	);
}

function splitLast(line: string): [string, string] {
	const at = line.lastIndexOf('|');
	return [line.slice(0, at), line.slice(at + 1)];
}

/**
 * Waits until no execution is new, running or waiting and the number of executions has not grown
 * for `quietMs` (a finished execution can still start its error workflow or a sub-workflow).
 * Executions n8n does not keep (00's settings runs: `saveDataSuccessExecution: none`) end as rows
 * soft-deleted with status `running`; those are over, so only rows not deleted count.
 */
export async function settle(cluster: Cluster, timeoutMs = 1_800_000, quietMs = 4000) {
	const started = Date.now();
	let last = '';
	let stableSince = Date.now();
	while (Date.now() - started < timeoutMs) {
		const now = sql(
			cluster,
			`select count(*) filter (where status in ('new', 'running', 'waiting')) || '/' || count(*) from execution_entity where "deletedAt" is null`,
		);
		const busy = !now.startsWith('0/');
		if (now !== last || busy) {
			last = now;
			stableSince = Date.now();
		} else if (Date.now() - stableSince > quietMs) {
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`executions did not settle within ${timeoutMs / 1000} s (last: ${last})`);
}

/** The execution that called this one as a sub-workflow (n8n keeps it in the flatted run data). */
export function parentExecutionId(flattedData: string): string | undefined {
	const data = parse(flattedData) as { parentExecution?: { executionId?: unknown } };
	const id = data.parentExecution?.executionId;
	return id === undefined || id === null ? undefined : String(id);
}

/**
 * Failures, as the Exception Register keys them: a failed execution, except one that failed
 * because a sub-workflow it called failed (09 registers both under the sub-execution's id, one
 * row). Since 02 runs inside 01's execution, a failed drop-off is two failed executions and one
 * failure; the error workflow's own runs are not counted.
 */
export function failures(cluster: Cluster): number {
	const failed = sql(
		cluster,
		`select id from execution_entity where status = 'error' and "deletedAt" is null and "workflowId" <> '${WORKFLOW.errors}'`,
	)
		.split('\n')
		.filter(Boolean)
		.map((id) => {
			// One execution's data at a time: a failed delivery's run data is small.
			const data = sql(
				cluster,
				`select data from execution_data where "executionId" = ${Number(id)}`,
			);
			return { id, parent: data ? parentExecutionId(data) : undefined };
		});
	const failedIds = new Set(failed.map((f) => f.id));
	const parentsOfFailures = new Set(
		failed.map((f) => f.parent).filter((id): id is string => id !== undefined && failedIds.has(id)),
	);
	return failed.filter((f) => !parentsOfFailures.has(f.id)).length;
}

/**
 * The reliability suite's facts (harness/reliability/returnsFlow.ts), read off the sandbox ledgers
 * and the templates' tables in Postgres (n8n's Data Tables, or the Postgres variant's), and what
 * only a real n8n can show: its executions and its failures, and one receipt row per unit.
 */
export function queueFacts(cluster: Cluster, store: LedgerTables = dataTables(cluster)) {
	// Each table read once: ledgerFacts and the checks below share the rows.
	const read = new Map<string, Array<Record<string, unknown>>>();
	const tables = {
		rows: (table: string) => {
			if (!read.has(table)) read.set(table, store.rows(table));
			return read.get(table)!;
		},
	};
	const facts = ledgerFacts(
		{ scenario: cluster.scenario, centra: cluster.sandboxes.centra, tables },
		// The templates' shipped in-transit warehouse (the cluster imports them unchanged).
		'In transit',
	);
	const receipts = tables.rows('Warehouse Receipts');
	const executions = executionCounts(cluster);
	const failedExecutions = failures(cluster);
	const receiptRows = countBy(
		receipts,
		(row) => `${String(row.returnId)}|${String(row.sku)}|${String(row.unit)}`,
	);
	// The rows behind a broken "each event once in the ledger": which claim let two rows stand.
	const ledger = tables.rows('Returns Event Ledger');
	const rowsPerEvent = countBy(ledger, (row) => String(row.eventId));
	const repeatedLedgerRows = ledger
		.filter((row) => (rowsPerEvent.get(String(row.eventId)) ?? 0) > 1)
		.map(({ id, eventId, eventType, status, createdAt, updatedAt }) => ({
			id,
			eventId,
			eventType,
			status,
			createdAt,
			updatedAt,
		}));
	return {
		...facts,
		repeatedLedgerRows,
		failedExecutions,
		executions,
		receiptRows: receipts.length,
		unitsWithoutOneReceiptRow: receiptsOf(cluster)
			.map((r) => `${r.returnId}|${r.sku}|${r.unit}`)
			.filter((key) => receiptRows.get(key) !== 1).length,
		receiptsUnprocessed: receipts.filter(
			(r) => !['processed', 'exception'].includes(String(r.status)),
		).length,
		receiptStatuses: Object.fromEntries(countBy(receipts, (r) => String(r.status))),
	};
}

/** How many rows share each key. */
function countBy<T>(rows: T[], key: (row: T) => string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
	return counts;
}

export type QueueFacts = ReturnType<typeof queueFacts>;

export interface StormOptions {
	seed?: number;
	/** Different events in flight together (each as three concurrent copies). */
	wave?: number;
	/** Inject vendor faults during the first half of each stage. */
	faults?: boolean;
	/** Run template 08 (replay) after the faults stop; off when the claim is switched off. */
	replay?: boolean;
	/** Where the templates keep their tables (default: n8n's Data Tables). */
	tables?: LedgerTables;
	/** The driver workflow's URL, when the caller has installed it already. */
	driverUrl?: string;
}

export interface PhaseCost {
	phase: string;
	ms: number;
	units: number;
	vendor: Record<string, VendorCounts>;
}

export interface StormReport {
	returns: number;
	units: number;
	notifications: number;
	receipts: number;
	posts: number;
	refused: number;
	injected: Record<string, number>;
	phases: PhaseCost[];
	facts: QueueFacts;
	ms: number;
}

export async function runQueueStorm(
	cluster: Cluster,
	options: StormOptions = {},
): Promise<StormReport> {
	const started = Date.now();
	const seed = options.seed ?? 31;
	const wave = options.wave ?? 8;
	const secret = cluster.sandboxes.webhookSecret;
	const servers = [
		cluster.sandboxes.centra.server,
		cluster.sandboxes.hr.server,
		cluster.sandboxes.amazon.server,
	];
	const driverUrl = options.driverUrl ?? (await installDriver(cluster.main, cluster.webhookBase));
	let posts = 0;
	let refused = 0;
	const phases: PhaseCost[] = [];
	const unitsOf = (bodies: string[]) =>
		cluster.scenario.returnEvents.filter(
			(e) => e.status === 'dropped_off' && bodies.some((b) => b.includes(String(e.returnId))),
		).length;

	const phase = async (name: string, units: number, work: () => Promise<void>) => {
		for (const proxy of Object.values(cluster.proxies)) proxy.reset();
		const at = Date.now();
		await work();
		await settle(cluster);
		phases.push({
			phase: name,
			ms: Date.now() - at,
			units,
			vendor: Object.fromEntries(
				Object.entries(cluster.proxies).map(([vendor, proxy]) => [vendor, { ...proxy.counts }]),
			),
		});
	};
	const faultsOn = () => {
		for (const server of servers) {
			server.faults.set('*', FAULT_RATES);
			// Past the 2 s client timeout the cluster's credentials carry.
			server.slowMs = 3000;
		}
	};
	const faultsOff = () => servers.forEach((server) => server.faults.clear());

	const send = async (url: string, body: string, headers: Record<string, string>) => {
		posts++;
		const status = await post(url, body, headers);
		if (status !== 200) refused++;
	};
	const notify = async (batch: WebhookBody[]) => {
		for (let start = 0; start < batch.length; start += wave)
			await Promise.all(
				batch.slice(start, start + wave).flatMap((w) => {
					const signature = createHmac('sha256', secret).update(w.body).digest('hex');
					return [0, 1, 2].map(() =>
						send(`${cluster.webhookBase}/${INTAKE_PATH}`, w.body, {
							'x-hr-signature': signature,
						}),
					);
				}),
			);
	};
	const receiptHeader = { [RECEIPTS_HEADER.name]: RECEIPTS_HEADER.value };
	const check = async (batch: Receipt[], copies: number) => {
		for (let start = 0; start < batch.length; start += wave)
			await Promise.all(
				batch
					.slice(start, start + wave)
					.flatMap((receipt) =>
						Array.from({ length: copies }, () =>
							send(
								`${cluster.webhookBase}/${RECEIPTS_PATH}`,
								JSON.stringify({ receipts: [receipt] }),
								receiptHeader,
							),
						),
					),
			);
	};
	const replay = () => runTemplate(driverUrl, WORKFLOW.replay);

	const notifications = shuffled(cluster.webhooks, seed);
	const half = Math.ceil(notifications.length / 2);
	const [noticesA, noticesB] = [notifications.slice(0, half), notifications.slice(half)];
	const receipts = shuffled(receiptsOf(cluster), seed + 1);
	const halfReceipts = Math.ceil(receipts.length / 2);
	const [receiptsA, receiptsB] = [receipts.slice(0, halfReceipts), receipts.slice(halfReceipts)];

	const faulty = options.faults ?? true;
	await phase(
		faulty ? 'notices, faults on' : 'notices, first half',
		unitsOf(noticesA.map((w) => w.body)),
		async () => {
			if (faulty) faultsOn();
			await notify(noticesA);
		},
	);
	faultsOff();
	await phase('notices, no faults', unitsOf(noticesB.map((w) => w.body)), () => notify(noticesB));
	if (options.replay ?? true) await phase('replay after notices', 0, replay);
	await phase(
		faulty ? 'receipts, faults on' : 'receipts, first half',
		receiptsA.length,
		async () => {
			if (faulty) faultsOn();
			await check(receiptsA, 3);
		},
	);
	faultsOff();
	await phase('receipts, no faults', receiptsB.length, () => check(receiptsB, 3));
	if (options.replay ?? true) {
		await phase('replay after receipts', 0, replay);
		await phase('warehouse re-sends every receipt once', 0, () => check(receipts, 1));
	}
	const injected: Record<string, number> = {};
	for (const [name, server] of [
		['centra', cluster.sandboxes.centra.server],
		['happyReturns', cluster.sandboxes.hr.server],
		['amazon', cluster.sandboxes.amazon.server],
	] as const) {
		const counts = server.faults.counts;
		injected[name] = counts.rateLimited + counts.serverError + counts.slow + counts.drop;
	}
	return {
		returns: cluster.returns,
		units: receipts.length,
		notifications: notifications.length,
		receipts: receipts.length,
		posts,
		refused,
		injected,
		phases,
		facts: queueFacts(cluster, options.tables),
		ms: Date.now() - started,
	};
}

/** The three tables' sizes in Postgres (rows and bytes with indexes and TOAST). */
export function tableSizes(tables: LedgerTables): Record<string, { rows: number; bytes: number }> {
	return tableSizesIn(
		(query) => tables.sql(query),
		Object.fromEntries(TABLES.map((name) => [name, tables.table(name)])),
	);
}

/** Sizes of tables by name (`tables`: name to SQL table), through `run` on their database. */
export function tableSizesIn(
	run: (query: string) => string,
	tables: Record<string, string>,
): Record<string, { rows: number; bytes: number }> {
	return Object.fromEntries(
		Object.entries(tables).map(([name, table]) => {
			const [rows, bytes] = run(
				`select count(*) || '|' || pg_total_relation_size('${table.replace(/'/g, "''")}') from ${table}`,
			).split('|');
			return [name, { rows: Number(rows), bytes: Number(bytes) }];
		}),
	);
}
