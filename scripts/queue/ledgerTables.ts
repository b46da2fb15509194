/**
 * Where the queue runs find the templates' three tables: n8n's Data Tables (in n8n's own
 * Postgres database) or the Postgres variant's tables (workflows-templates/postgres/, in a ledger
 * database of the merchant's own on the same server), read and loaded the same way for both.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { TemplateJson } from '../realN8n/demo';
import { runTemplate } from '../realN8n/driver';
import { POSTGRES_DIR, rowList, snake, tableSpecs } from '../postgresTemplates';
import type { Cluster } from './cluster';

export type Store = 'dataTable' | 'postgres';
export const TABLES = ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'];
/** The Postgres variant's 14, which creates its tables. */
export const SETUP = 'rrSetupTables014';
/** The Postgres variant's ledger database on the cluster's server. */
export const LEDGER_DATABASE = 'returns_ledger';
/** Rows per API call while loading: one request per batch keeps the load to seconds per 10,000. */
const LOAD_BATCH = Number(process.env.RR_QUEUE_LOAD_BATCH ?? 1000);

/** Where a variant keeps the three tables: the database, each table's SQL name, how rows load. */
export interface LedgerTables {
	sql(query: string): string;
	table(name: string): string;
	load(name: string, rows: Array<Record<string, unknown>>): Promise<void>;
	/** Every row of a table by id, as the Data Table node gives rows (camelCase, ISO dates). */
	rows(name: string): Array<Record<string, unknown>>;
}

export function dataTableName(cluster: Cluster, table: string): string {
	// Quoted: the id is mixed case, and Postgres folds unquoted names to lower case.
	return `"data_table_user_${cluster.dataTableIds[table]}"`;
}

function jsonLines(out: string): Array<Record<string, unknown>> {
	return out
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A row as n8n's public API takes it: dates as ISO strings, no system columns. */
function apiRow(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		if (key === 'id' || key === 'createdAt' || key === 'updatedAt') continue;
		out[key] = value instanceof Date ? value.toISOString() : value;
	}
	return out;
}

/** n8n's Data Tables, in n8n's database; rows loaded through n8n's public API in batches. */
export function dataTables(cluster: Cluster): LedgerTables {
	const sql = (query: string) => cluster.services.psql(query);
	return {
		sql,
		table: (name) => dataTableName(cluster, name),
		async load(name, rows) {
			for (let start = 0; start < rows.length; start += LOAD_BATCH)
				await cluster.main.api('POST', `/data-tables/${cluster.dataTableIds[name]}/rows`, {
					data: rows.slice(start, start + LOAD_BATCH).map(apiRow),
					returnType: 'count',
				});
		},
		rows: (name) =>
			jsonLines(sql(`select row_to_json(t) from ${dataTableName(cluster, name)} t order by id`)),
	};
}

/** A value as COPY's CSV takes it: unquoted empty is null (also '' in a column that is not text). */
function csvValue(value: unknown, type: string): string {
	if (value === null || value === undefined || (value === '' && type !== 'string')) return '';
	const text =
		value instanceof Date
			? value.toISOString()
			: typeof value === 'object'
				? JSON.stringify(value)
				: String(value);
	return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The Postgres variant's tables in the ledger database; rows loaded with one COPY per table. Like
 * the Data Table load, the rows' ids and times are the database's (system columns are not given).
 */
export function postgresTables(cluster: Cluster, database = LEDGER_DATABASE): LedgerTables {
	const specs = tableSpecs();
	const spec = (name: string) => {
		const found = specs.find((t) => t.name === name);
		if (!found) throw new Error(`no Postgres table for "${name}"`);
		return found;
	};
	const sql = (query: string, input?: string) => cluster.services.psql(query, database, input);
	return {
		sql: (query) => sql(query),
		table: (name) => spec(name).sql,
		async load(name, rows) {
			const { sql: table, columns } = spec(name);
			if (rows.length === 0) return;
			const csv = rows
				.map((row) => columns.map((c) => csvValue(row[c.name], c.type)).join(','))
				.join('\n');
			sql(
				`copy ${table} (${columns.map((c) => snake(c.name)).join(', ')}) from stdin with (format csv)`,
				`${csv}\n`,
			);
		},
		rows: (name) =>
			jsonLines(
				sql(
					`select row_to_json(t) from (select ${rowList(spec(name))} from ${spec(name).sql} order by id) t`,
				),
			),
	};
}

export function ledgerTables(cluster: Cluster, store: Store): LedgerTables {
	return store === 'postgres' ? postgresTables(cluster) : dataTables(cluster);
}

/** The Postgres variant's templates as committed (`npm run templates:postgres`). */
export function postgresTemplates(): TemplateJson[] {
	const templates = readdirSync(POSTGRES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(POSTGRES_DIR, file), 'utf8')) as TemplateJson);
	const settings = JSON.stringify(templates.find((t) => t.id === 'rrSettings000000'));
	if (!/"name":"settings\.ledgerStore","value":"postgres"/.test(settings))
		throw new Error(
			"the Postgres variant's 00 Returns settings does not set ledgerStore = postgres",
		);
	return templates;
}

export function lastExecutionId(cluster: Cluster): number {
	return Number(cluster.services.psql(`select coalesce(max(id), 0) from execution_entity`) || 0);
}

/**
 * Waits for a workflow's next execution to end: finished, or a final status. Measured here: n8n
 * 2.40.7 in queue mode left a long 04 execution (and its driver's) at status `running` with
 * `finished` true and no `stoppedAt` after the worker completed it, so `settle` (which waits for
 * no running execution) would wait forever; `finished` is what the worker writes with the data.
 */
export async function waitForExecution(
	cluster: Cluster,
	workflowId: string,
	afterId: number,
	timeoutMs = 7_200_000,
) {
	const started = Date.now();
	for (;;) {
		const row = cluster.services.psql(
			`select id || '|' || status || '|' || finished || '|' || coalesce("stoppedAt"::text, '') from execution_entity where "workflowId" = '${workflowId}' and id > ${afterId} order by id limit 1`,
		);
		const [id, status, finished, stoppedAt] = row.split('|');
		if (id && (finished === 't' || ['success', 'error', 'crashed', 'canceled'].includes(status)))
			return { id, status, finished: finished === 't', stoppedAt, ms: Date.now() - started };
		if (Date.now() - started > timeoutMs)
			throw new Error(
				`${workflowId} did not end within ${timeoutMs / 1000} s (last: ${row || 'not started'})`,
			);
		await new Promise((done) => setTimeout(done, 1000));
	}
}

/**
 * The Postgres variant's tables created as a user creates them: 14 run in n8n (on a worker), on
 * the ledger credential. Returns how long it took.
 */
export async function setUpPostgresTables(cluster: Cluster, driverUrl: string): Promise<number> {
	const at = Date.now();
	const before = lastExecutionId(cluster);
	await runTemplate(driverUrl, SETUP);
	const setup = await waitForExecution(cluster, SETUP, before, 600_000);
	if (!setup.finished && setup.status !== 'success')
		throw new Error(`14 Set up the Postgres tables ended ${setup.status}`);
	return Date.now() - at;
}
