/**
 * One template scenario on either ledger store: the Data Table template on n8n's Data Tables (the
 * harness's in-memory service) or its generated Postgres variant on a real PostgreSQL through n8n's
 * real Postgres node. A scenario seeds its rows through `tables.insert` (the same call on both
 * stores, each row checked and typed as the Data Table service types it), runs templates through
 * `run`, and reads `tables.rows` back in the Data Table shape, so the same assertions judge both.
 */
import { readdirSync } from 'fs';
import { resolve } from 'path';
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow, type RunResult } from '../../harness';
import type { RunOptions } from '../../harness/runWorkflow';
import type { InMemoryDataTables } from '../../harness/dataTables';
import type { CentraState } from '../../sandbox/centra/state';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import {
	postgresFileName,
	snake,
	tableSpecs,
	type LedgerStore,
} from '../../scripts/postgresTemplates';
import { readPostgresTemplate, type LedgerPostgres } from './ledgerPostgres';

type Row = Record<string, unknown>;

/** The three tables as a scenario sees them, on either store. */
export interface StoreTables {
	insert(name: string, row: Row): void;
	rows(name: string): Row[];
}

export interface StoreRun {
	/** Template file name as in workflows-templates/ (the Data Table name). */
	file: string;
	startNode: string;
	settings?: Record<string, unknown>;
	triggerItems?: RunOptions['triggerItems'];
	credentials?: RunOptions['credentials'];
	/** n8n's execution mode; 'integrated' (called by another workflow or by hand) unless given. */
	mode?: RunOptions['mode'];
	/** Edits the template of this store before it runs (e.g. the claim switched off). */
	edit?: (template: Template) => Template;
}

export interface Store {
	name: LedgerStore;
	tables: StoreTables;
	/** The template of this store with the given settings (and ledgerStore set to this store). */
	template(file: string, settings?: Record<string, unknown>): Template;
	/** Runs a template of this store; every workflow it calls is this store's too. */
	run(options: StoreRun): Promise<RunResult>;
}

/** Rows typed as the Data Table service types them, then written to Postgres in one statement. */
class PostgresTables implements StoreTables {
	private readonly typed = templateTables();
	private pending: Array<[string, Row]> = [];

	constructor(private readonly db: LedgerPostgres) {}

	insert(name: string, row: Row): void {
		this.pending.push([name, this.typed.insert(name, row as never) as Row]);
	}

	rows(name: string): Row[] {
		this.flush();
		return this.db.rows(name);
	}

	flush(): void {
		const pending = this.pending;
		this.pending = [];
		for (const table of tableSpecs()) {
			const rows = pending
				.filter(([name]) => name === table.name)
				.map(([, row]) =>
					Object.fromEntries(
						table.columns.map((c) => {
							const value = row[c.name];
							return [snake(c.name), value instanceof Date ? value.toISOString() : value];
						}),
					),
				);
			// In slices: psql takes the statement as one argument.
			for (let at = 0; at < rows.length; at += 50) {
				const json = JSON.stringify(rows.slice(at, at + 50)).replace(/'/g, "''");
				const columns = table.columns.map((c) => snake(c.name)).join(', ');
				this.db.psql(
					`insert into ${table.sql} (${columns}) select ${columns} from json_populate_recordset(null::${table.sql}, '${json}')`,
				);
			}
		}
	}
}

function storeOf(
	name: LedgerStore,
	tables: StoreTables,
	read: (file: string) => Template,
	options: () => Partial<RunOptions>,
	flush: () => void,
): Store {
	const template = (file: string, settings: Record<string, unknown> = {}) =>
		withSettings(read(file), { ...settings, ledgerStore: name });
	return {
		name,
		tables,
		template,
		async run({ file, startNode, settings = {}, triggerItems, credentials = {}, mode, edit }) {
			flush();
			const own = options();
			// A called template (07's fresh 04, 08's 02 and 03) is this store's, with the same settings.
			const workflows = Object.fromEntries(
				Object.keys(FILES).map((id) => [id, calledTemplate(id, read, settings, name)]),
			);
			const edited = (edit ?? ((t: Template) => t))(template(file, settings));
			return await runWorkflow(edited, {
				startNode,
				triggerItems: triggerItems ?? [{ json: {} }],
				mode: mode ?? 'integrated',
				...own,
				credentials: { ...credentials, ...own.credentials },
				workflows,
			});
		},
	};
}

/** The template of this id in this store's variant, with the settings the caller runs with. */
function calledTemplate(
	id: string,
	read: (file: string) => Template,
	settings: Record<string, unknown>,
	store: LedgerStore,
): Template {
	const template = read(FILES[id]);
	// The settings source and templates without a Settings node run as they are.
	return template.nodes.some((n) => n.name === 'Settings')
		? withSettings(template, { ...settings, ledgerStore: store })
		: template;
}

/** Template file by workflow id (ids are the same in both variants). */
const FILES: Record<string, string> = Object.fromEntries(
	readdirSync(resolve(__dirname, '../../workflows-templates'))
		.filter((f) => f.endsWith('.json'))
		.map((f) => [loadTemplate(f).id, f]),
);

/** The Data Table store: fresh in-memory Data Tables. */
export function dataTableStore(): Store & { dataTables: InMemoryDataTables } {
	const dataTables = templateTables();
	const tables: StoreTables = {
		insert: (name, row) => void dataTables.insert(name, row as never),
		rows: (name) => dataTables.rows(name) as Row[],
	};
	return {
		...storeOf(
			'dataTable',
			tables,
			loadTemplate,
			() => ({ dataTables }),
			() => undefined,
		),
		dataTables,
	};
}

/** The Postgres store: the server's three tables emptied, the Postgres variant of each template. */
export function postgresStore(db: LedgerPostgres): Store {
	db.reset();
	const tables = new PostgresTables(db);
	return storeOf(
		'postgres',
		tables,
		(file) => readPostgresTemplate(postgresFileName(file)),
		// No Data Table service: a Data Table node left in a Postgres template fails the run.
		() => ({ credentials: { postgres: db.credential } }),
		() => tables.flush(),
	);
}

const DAY = 86_400_000;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/**
 * An instant as both stores compare it. The two stores run the same scenario seconds apart, so an
 * instant a run takes from its own clock (processedAt, a deadline two days on, a cutoff 400 days
 * back) differs by those seconds: within the hour after the test's start plus or minus whole days,
 * it reads as that day ("(test start + 2 days)"). Other instants (the scenario's) stay as they are.
 */
function instant(text: string, since: number): string {
	const at = Date.parse(text);
	const days = Math.floor((at - since) / DAY);
	if (at - since - days * DAY >= 3_600_000) return text;
	return days === 0
		? '(during the test)'
		: `(test start ${days > 0 ? '+' : '-'} ${Math.abs(days)} days)`;
}

/**
 * A value as both stores compare it: dates as ISO text (the Data Table service gives Date objects,
 * the Postgres variant ISO text), instants of the runs' clocks (also inside JSON text) by their day,
 * and execution ids (the harness counts executions across the test file) left out of their URLs.
 */
export function comparable(value: unknown, since: number): unknown {
	if (value instanceof Date) return comparable(value.toISOString(), since);
	if (typeof value === 'string' && /^[{[]/.test(value)) {
		// JSON text (a row kept in details or payload) compares by its content: n8n's own Data Table
		// service orders a row's keys by operation (id, createdAt, updatedAt first, or last).
		const parsed = parseJson(value);
		if (parsed !== undefined) return { json: comparable(parsed, since) };
	}
	if (typeof value === 'string')
		return value
			.replace(ISO, (text) => instant(text, since))
			.replace(/\/executions\/[\w-]+/g, '/executions/(id)');
	if (Array.isArray(value)) return value.map((v) => comparable(v, since));
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value as IDataObject).map(([k, v]) => [k, comparable(v, since)]),
		);
	return value;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** Runs a template of the store; a failed run throws, naming its node. */
export async function succeeded(store: Store, options: StoreRun): Promise<RunResult> {
	const run = await store.run(options);
	if (failure(run)) throw new Error(`${options.file} on ${store.name} ${failure(run)}`);
	return run;
}

/** Runs at once (the claims' case); each must succeed. */
export async function atOnce(store: Store, runs: StoreRun[]): Promise<RunResult[]> {
	return await Promise.all(runs.map((r) => succeeded(store, r)));
}

/** The same scenario on the Data Tables, then on Postgres: what each gave. */
export async function onBothStores<T>(
	db: LedgerPostgres,
	scenario: (store: Store) => Promise<T>,
): Promise<{ dataTable: T; postgres: T }> {
	const dataTable = await scenario(dataTableStore());
	const postgres = await scenario(postgresStore(db));
	return { dataTable, postgres };
}

/**
 * A table's rows as both stores compare them, in id order: without n8n's own createdAt and
 * updatedAt, and without the id itself (a Postgres insert that loses its claim, ON CONFLICT DO
 * NOTHING, still uses up an identity value; the Data Table variant deletes its losing row).
 */
export function tableRows(tables: StoreTables, name: string, since: number): Row[] {
	return tables.rows(name).map((row) => {
		const rest = { ...row };
		delete rest.id;
		delete rest.createdAt;
		delete rest.updatedAt;
		return comparable(rest, since) as Row;
	});
}

/** Every row of the three tables, as both stores compare them. */
export function allRows(tables: StoreTables, since: number): Record<string, Row[]> {
	return Object.fromEntries(tableSpecs().map((t) => [t.name, tableRows(tables, t.name, since)]));
}

/** What Centra was asked to do: its returns and stock moves, as a person reads them. */
export function centraEffects(state: CentraState) {
	return {
		returns: state.returns.map((r) => ({
			externalId: r.externalId,
			status: r.returnStatus,
			order: r.order.number,
			toStock: r.returnedToStock,
			warehouse: r.returnWarehouse?.name ?? null,
			lines: r.lines.length,
			payments: r.payments.map((p) => [p.entryType, p.status, p.valueMinor]),
		})),
		stockMoves: state.stockChanges.map((c) => ({
			comment: c.comment,
			lines: c.lines.map((l) => [l.warehouse.name, l.productSize.SKU, l.deliveredQuantity]),
		})),
	};
}

/** The run failed: its node and message, to fail a test with. */
export function failure(run: RunResult): string | undefined {
	if (run.status === 'success') return undefined;
	return `failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message} ${run.error?.description ?? ''}`;
}

/**
 * The template's claims switched off on either store: on the Data Tables as withoutClaim does; on
 * Postgres each claim an upsert by its key (ON CONFLICT DO UPDATE, every copy gets the row) whose
 * execution goes on without the earliest-row check.
 */
export function withoutStoreClaim(store: LedgerStore): (template: Template) => Template {
	if (store === 'dataTable') return withoutClaim;
	return (template) => {
		const text = JSON.stringify(template).replace(
			/( on conflict \([a-z_, ]+\) do) nothing/g,
			'$1 update set updated_at = now()',
		);
		if (text === JSON.stringify(template))
			throw new Error(`${template.name} has no ON CONFLICT claim`);
		const plain = JSON.parse(text) as Template;
		// withoutClaim rewires each claim straight to its next step; the queries stay as edited here.
		const rewired = withoutClaim(plain);
		for (const node of rewired.nodes)
			node.parameters = plain.nodes.find((n) => n.name === node.name)!.parameters;
		return rewired;
	};
}
