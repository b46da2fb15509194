/**
 * The Postgres variant of the templates, derived from the Data Table templates (one source):
 * every n8n Data Table node becomes an n8n Postgres node (Execute Query, values as query parameters
 * `$1..`, never spliced into the SQL) that returns the same item shape, so every expression
 * downstream works unchanged. Claims (an insert whose row an If node named "First ..." compares
 * with the earliest row of its key) become `INSERT ... ON CONFLICT DO NOTHING` on the table's
 * unique key: the loser gets its values back with no `id`, so the If sends it down the same
 * loser branch as in the Data Table variant (whose delete then finds nothing).
 *
 * `npm run templates:postgres` writes workflows-templates/postgres/; test/postgres checks that the
 * committed files equal this output. A Data Table operation or condition without a mapping fails
 * the generator, naming the template and node.
 */
import { createHash } from 'crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { claimsOf } from '../harness/claims';
import { DATA_TABLE_CONDITIONS } from '../harness/dataTables';
import { poolKeysSql } from './poolKeys';
import { COPY_FILE, copyTemplate } from './postgresCopyTemplate';

type Json = Record<string, unknown>;
export interface Node {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Record<string, { id: string; name: string }>;
	[setting: string]: unknown;
}
interface Workflow {
	id: string;
	name: string;
	nodes: Node[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	[field: string]: unknown;
}
interface Condition {
	keyName: string;
	condition?: string;
	keyValue?: unknown;
}

const ROOT = resolve(__dirname, '..');
export const DATA_TABLE_DIR = resolve(ROOT, 'workflows-templates');
export const POSTGRES_DIR = resolve(DATA_TABLE_DIR, 'postgres');
const SETUP_FILE = '14-data-tables-setup.json';
const SETTINGS_FILE = '00-returns-settings.json';

/** A Postgres node version of the pinned n8n-nodes-base; from 2.5 on, Query Parameters take one array. */
const POSTGRES_NODE_VERSION = 2.6;
export const POSTGRES_CREDENTIAL = { postgres: { id: '', name: 'Returns ledger Postgres' } };

/** The check every template makes after its Settings node: the store it was built for. */
export const STORE_CHECK_NODE = 'Ledger store as set?';
export const STORE_STOP_NODE = 'Other ledger store set';
export const STORE_SETTING = 'ledgerStore';
export type LedgerStore = 'dataTable' | 'postgres';

export interface TableSpec {
	/** The Data Table's name in n8n, as the templates address it. */
	name: string;
	sql: string;
	columns: Array<{ name: string; type: string }>;
	/** The claim key: one row per key value (a unique index). */
	key: string[];
}

/** The unique key of each table: the key its claims read back by (see the "Earliest ..." reads). */
const KEYS: Record<string, { sql: string; key: string[] }> = {
	'Returns Event Ledger': { sql: 'returns_event_ledger', key: ['eventId'] },
	'Warehouse Receipts': { sql: 'warehouse_receipts', key: ['returnId', 'sku', 'unit'] },
	'Exception Register': { sql: 'exception_register', key: ['exceptionId'] },
};

export const SQL_TYPES: Record<string, string> = {
	string: 'text',
	number: 'double precision',
	date: 'timestamptz',
	boolean: 'boolean',
	id: 'integer',
};

export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);

function readWorkflow(dir: string, file: string): Workflow {
	return JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as Workflow;
}

/** The three tables as template 14 creates them (its Data Table nodes: the one column source). */
export function tableSpecs(): TableSpec[] {
	const setup = readWorkflow(DATA_TABLE_DIR, SETUP_FILE);
	return setup.nodes
		.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'create')
		.map((n) => {
			const name = String(n.parameters.tableName);
			const keyed = KEYS[name];
			if (!keyed) throw new Error(`${SETUP_FILE}: no Postgres table for the Data Table "${name}"`);
			const columns = (n.parameters.columns as { column: Array<{ name: string; type: string }> })
				.column;
			for (const c of columns)
				if (!SQL_TYPES[c.type]) throw new Error(`${name}.${c.name}: no SQL type for ${c.type}`);
			return { name, sql: keyed.sql, columns, key: keyed.key };
		});
}

function fail(file: string, node: Node, why: string): never {
	throw new Error(
		`${file}, node "${node.name}": ${why} (no Postgres mapping; extend scripts/postgresTemplates.ts)`,
	);
}

/**
 * A column read back as the Data Table node gives it: camelCase name, dates as ISO strings (the
 * node's version 1.1 converts dates so), numbers as numbers.
 */
function readColumn(column: string, type: string, sql = ident(snake(column))): string {
	const value =
		type === 'date' ? `to_char(${sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql;
	return `${value} as "${column}"`;
}

export function rowList(table: TableSpec): string {
	return [
		'id',
		...table.columns.map((c) => readColumn(c.name, c.type)),
		readColumn('createdAt', 'date'),
		readColumn('updatedAt', 'date'),
	].join(', ');
}

/** The values of one item, collected as query parameters `$1..` of one expression. */
class Parameters {
	readonly sources: string[] = [];

	constructor(
		private readonly file: string,
		private readonly node: Node,
	) {}

	/**
	 * `$n` cast to the column's type as n8n's Data Table service types a cell or a filter value
	 * (validateFieldType, not strict): '' is 0 in a number column; elsewhere outside text, '' is
	 * taken as no value (n8n refuses it in a date column).
	 */
	add(value: unknown, type: string): string {
		this.sources.push(expressionSource(value, this.file, this.node));
		const n = `$${this.sources.length}`;
		if (type === 'string') return `${n}::text`;
		if (type === 'number' || type === 'id')
			return `(case when ${n}::text = '' then 0 else ${n}::text::${SQL_TYPES[type]} end)`;
		return `nullif(${n}::text, '')::${SQL_TYPES[type]}`;
	}

	/** The Postgres node's Query Parameters: one array, undefined as null, dates as ISO text. */
	replacement(): string {
		if (this.sources.length === 0) return '';
		return `={{ [${this.sources.join(', ')}].map(v => v === undefined ? null : v !== null && typeof v === 'object' && typeof v.toJSON === 'function' ? v.toJSON() : v) }}`;
	}
}

/** A Data Table parameter value (a literal, or an n8n expression `={{ ... }}`) as JS source. */
function expressionSource(value: unknown, file: string, node: Node): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return JSON.stringify(value ?? null);
	const body = value.slice(1);
	const whole = /^\{\{([\s\S]*)\}\}$/.exec(body.trim());
	if (whole && !whole[1].includes('{{')) return `(${whole[1].trim()})`;
	if (!body.includes('{{')) return JSON.stringify(body);
	// Text around expressions: a template's string concatenation.
	const parts = body.split(/\{\{([\s\S]*?)\}\}/);
	if (parts.some((p, i) => i % 2 === 1 && p.includes('{{')))
		fail(file, node, `cannot read the expression ${value}`);
	return `(${parts.map((p, i) => (i % 2 ? `String(${p.trim()})` : JSON.stringify(p))).join(' + ')})`;
}

function tableOf(file: string, node: Node, tables: TableSpec[]): TableSpec {
	const ref = node.parameters.dataTableId as { mode?: string; value?: string } | undefined;
	if (ref?.mode !== 'name') fail(file, node, 'the Data Table is not chosen by name');
	const table = tables.find((t) => t.name === ref.value);
	if (!table) fail(file, node, `unknown Data Table "${ref.value}"`);
	return table;
}

function columnType(file: string, node: Node, table: TableSpec, column: string): string {
	if (column === 'id') return 'id';
	if (column === 'createdAt' || column === 'updatedAt') return 'date';
	const found = table.columns.find((c) => c.name === column);
	if (!found) fail(file, node, `${table.name} has no column "${column}"`);
	return found.type;
}

export const sqlColumn = (column: string) => ident(snake(column));

/** One Data Table filter condition on a column, its value already a query parameter. */
function comparison(op: string, column: string, type: string, value: string): string | undefined {
	switch (op) {
		case 'eq':
			// n8n compares a null filter value as IS NULL. Not `is not distinct from`: Postgres uses no
			// index for it, so every lookup by key or row id would read the whole table.
			return `(${column} = ${value} or (${value} is null and ${column} is null))`;
		case 'neq':
			return `${column} is distinct from ${value}`;
		case 'gt':
		case 'gte':
		case 'lt':
		case 'lte':
			return `${column} ${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[op]} ${value}`;
		case 'like':
		case 'ilike': {
			// n8n's service makes a pattern without % a "contains" search, and on Postgres escapes
			// `\` and `_` (escapeLikeSpecials): only `%` is a wildcard.
			const escaped = `replace(replace(${value}, '\\', '\\\\'), '_', '\\_')`;
			const pattern = `case when strpos(${value}, '%') > 0 then ${escaped} else '%' || ${escaped} || '%' end`;
			return `${column}::text ${op} (${pattern}) escape '\\'`;
		}
		case 'isEmpty':
			return type === 'string' ? `coalesce(${column}, '') = ''` : `${column} is null`;
		case 'isNotEmpty':
			return type === 'string' ? `coalesce(${column}, '') <> ''` : `${column} is not null`;
		default:
			return undefined;
	}
}

/** A comparison an expression chooses when the node runs (`op`, a query parameter); an unknown one matches no row. */
function chosenComparison(op: string, column: string, type: string, value: string): string {
	const cases = DATA_TABLE_CONDITIONS.map(
		(o) => `when '${o}' then ${comparison(o, column, type, value)}`,
	);
	return `case ${op} ${cases.join(' ')} else false end`;
}

/**
 * A condition whose column an expression chooses when the node runs (04's partition reads: the
 * order number or the order key): the column is one of the text columns the expression names in
 * quotes, chosen by the expression's value, and the comparison is chosen as for any expression
 * condition; a column the expression does not name matches no row.
 */
function chosenColumn(
	file: string,
	node: Node,
	table: TableSpec,
	params: Parameters,
	c: Condition,
): string {
	const named = [...new Set([...c.keyName.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]))].filter(
		(name) => table.columns.some((col) => col.name === name),
	);
	if (named.length === 0) fail(file, node, `a column expression naming no column: ${c.keyName}`);
	for (const name of named)
		if (columnType(file, node, table, name) !== 'string')
			fail(file, node, `a column expression naming the non-text ${name}`);
	if (!String(c.condition ?? '').startsWith('='))
		fail(file, node, 'a column chosen by expression with a fixed condition');
	const chosen = params.add(c.keyName, 'string');
	const op = params.add(c.condition, 'string');
	const value = params.add(c.keyValue, 'string');
	const byColumn = named.map(
		(name) => `when '${name}' then (${chosenComparison(op, sqlColumn(name), 'string', value)})`,
	);
	return `case ${chosen} ${byColumn.join(' ')} else false end`;
}

/** The WHERE clause of a Data Table filter (n8n's Data Table service semantics). */
function where(file: string, node: Node, table: TableSpec, params: Parameters): string {
	const conditions = ((node.parameters.filters as { conditions?: Condition[] } | undefined)
		?.conditions ?? []) as Condition[];
	if (conditions.length === 0) return 'true';
	const joiner = node.parameters.matchType === 'anyCondition' ? ' or ' : ' and ';
	const parts = conditions.map((c) => {
		if (c.keyName.startsWith('=')) return chosenColumn(file, node, table, params, c);
		const type = columnType(file, node, table, c.keyName);
		const column = sqlColumn(c.keyName);
		const op = c.condition ?? 'eq';
		if (op.startsWith('=')) {
			// A condition chosen by an expression when the node runs (04's partition reads): the same
			// comparisons, picked by the expression's value; an unknown one matches no row.
			if (type !== 'string') fail(file, node, `expression condition on the non-text ${c.keyName}`);
			const chosen = params.add(op, 'string');
			const value = params.add(c.keyValue, 'string');
			return chosenComparison(chosen, column, type, value);
		}
		if (!DATA_TABLE_CONDITIONS.includes(op)) fail(file, node, `filter condition "${op}"`);
		const valueless = op === 'isEmpty' || op === 'isNotEmpty';
		const value = valueless ? '' : params.add(c.keyValue, op.endsWith('like') ? 'string' : type);
		return comparison(op, column, type, value)!;
	});
	return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(joiner);
}

function columnValues(file: string, node: Node, table: TableSpec): Array<[string, unknown]> {
	const columns = node.parameters.columns as
		{ mappingMode?: string; value?: Record<string, unknown> } | undefined;
	if (columns?.mappingMode !== 'defineBelow') fail(file, node, 'columns not defined below');
	const entries = Object.entries(columns.value ?? {});
	for (const [name] of entries) columnType(file, node, table, name);
	return entries;
}

const SELECT_KEYS = new Set(['returnAll', 'limit', 'orderBy', 'orderByColumn', 'orderByDirection']);
const KNOWN_KEYS = new Set([
	'resource',
	'operation',
	'dataTableId',
	'matchType',
	'filters',
	'columns',
	'options',
	...SELECT_KEYS,
]);

function checkParameters(file: string, node: Node, selects: boolean): void {
	for (const key of Object.keys(node.parameters)) {
		if (!KNOWN_KEYS.has(key) || (SELECT_KEYS.has(key) && !selects))
			fail(file, node, `parameter "${key}"`);
	}
	const options = Object.keys((node.parameters.options as Json | undefined) ?? {});
	if (options.length) fail(file, node, `options ${options.join(', ')}`);
}

/** The SQL of one Data Table row operation, and its query parameters. */
function rowQuery(
	file: string,
	node: Node,
	table: TableSpec,
	claim: boolean,
	unread = false,
): { query: string; params: Parameters } {
	const params = new Parameters(file, node);
	const operation = String(node.parameters.operation);
	const list = rowList(table);
	const name = table.sql;
	// Rows no node reads (see unreadWrites): how many were written, not the rows.
	const returning = unread ? 'id' : '*';
	const written = unread
		? 'select count(*)::int as "rowsWritten" from written'
		: `select ${list} from written order by id`;
	checkParameters(file, node, operation === 'get');
	switch (operation) {
		case 'get': {
			const filter = where(file, node, table, params);
			const orderBy = node.parameters.orderBy
				? `${sqlColumn(String(node.parameters.orderByColumn ?? 'createdAt'))} ${node.parameters.orderByDirection === 'ASC' ? 'asc' : 'desc'}, id`
				: 'id';
			const limit = node.parameters.returnAll
				? ''
				: ` limit ${Number(node.parameters.limit ?? 50)}`;
			return {
				query: `select ${list} from ${name} where ${filter} order by ${orderBy}${limit}`,
				params,
			};
		}
		case 'rowExists':
		case 'rowNotExists': {
			// The item passes unchanged, as the Data Table node passes its input item.
			const item = params.add('={{ JSON.stringify($json) }}', 'string');
			const filter = where(file, node, table, params);
			const not = operation === 'rowNotExists' ? 'not ' : '';
			return {
				query: `select ${item}::jsonb as item where ${not}exists (select 1 from ${name} where ${filter})`,
				params,
			};
		}
		case 'insert': {
			const values = columnValues(file, node, table);
			const targets = values.map(([c]) => sqlColumn(c)).join(', ');
			const placed = values.map(([c, v]) => params.add(v, columnType(file, node, table, c)));
			const insert = `insert into ${name} (${targets}) values (${placed.join(', ')})`;
			const key = table.key.map(sqlColumn).join(', ');
			// A row that names its whole key (04's keeps and register adds: rows a night's read found
			// absent, which a run at the same time may have written since) is kept once: the unique key
			// decides, where the Data Table variant leaves a duplicate whose earliest row readers take.
			const keyed = table.key.every((k) => values.some(([c]) => c === k));
			if (!claim)
				return {
					query: `with written as (${insert}${keyed ? ` on conflict (${key}) do nothing` : ''} returning ${returning}) ${unread ? written : `select ${list} from written`}`,
					params,
				};
			// The loser of a claim gets its own values back without an id: the If that compares
			// it with the earliest row sends it down the loser branch.
			const lost = [
				'null::integer as id',
				...table.columns.map((c) => {
					const at = values.findIndex(([v]) => v === c.name);
					return at < 0 ? `null as "${c.name}"` : readColumn(c.name, c.type, placed[at]);
				}),
				'null as "createdAt"',
				'null as "updatedAt"',
			].join(', ');
			return {
				query: `with written as (${insert} on conflict (${key}) do nothing returning *) select ${list} from written union all select ${lost} where not exists (select 1 from written)`,
				params,
			};
		}
		case 'update': {
			const values = columnValues(file, node, table);
			const sets = values
				.map(([c, v]) => `${sqlColumn(c)} = ${params.add(v, columnType(file, node, table, c))}`)
				.concat('updated_at = now()');
			const filter = where(file, node, table, params);
			return {
				query: `with written as (update ${name} set ${sets.join(', ')} where ${filter} returning ${returning}) ${written}`,
				params,
			};
		}
		case 'deleteRows': {
			const filter = where(file, node, table, params);
			return {
				query: `with written as (delete from ${name} where ${filter} returning ${returning}) ${written}`,
				params,
			};
		}
		case 'upsert':
			return upsertQuery(file, node, table, params, list);
		default:
			return fail(file, node, `operation "${operation}"`);
	}
}

/**
 * Upsert by the table's unique key: `INSERT ... ON CONFLICT DO UPDATE` (atomic). By any other
 * filter: update the matching rows, else insert, in one statement, as n8n's service does.
 */
function upsertQuery(
	file: string,
	node: Node,
	table: TableSpec,
	params: Parameters,
	list: string,
): { query: string; params: Parameters } {
	const values = columnValues(file, node, table);
	const conditions = ((node.parameters.filters as { conditions?: Condition[] }).conditions ??
		[]) as Condition[];
	const byKey =
		node.parameters.matchType !== 'anyCondition' &&
		conditions.length === table.key.length &&
		table.key.every((k) =>
			conditions.some((c) => c.keyName === k && (c.condition ?? 'eq') === 'eq'),
		);
	// The filter's key values belong to the row it inserts.
	const inserted = [...values];
	for (const c of conditions)
		if ((c.condition ?? 'eq') === 'eq' && !inserted.some(([n]) => n === c.keyName))
			inserted.push([c.keyName, c.keyValue]);
	const targets = inserted.map(([c]) => sqlColumn(c)).join(', ');
	const placed = inserted.map(([c, v]) => params.add(v, columnType(file, node, table, c)));
	if (byKey) {
		const updates = values
			.map(([c]) => `${sqlColumn(c)} = excluded.${sqlColumn(c)}`)
			.concat('updated_at = now()');
		return {
			query: `with written as (insert into ${table.sql} (${targets}) values (${placed.join(', ')}) on conflict (${table.key.map(sqlColumn).join(', ')}) do update set ${updates.join(', ')} returning *) select ${list} from written`,
			params,
		};
	}
	const sets = values
		.map(([c]) => `${sqlColumn(c)} = ${placed[inserted.findIndex(([n]) => n === c)]}`)
		.concat('updated_at = now()');
	const filter = where(file, node, table, params);
	return {
		query: `with updated as (update ${table.sql} set ${sets.join(', ')} where ${filter} returning *), inserted as (insert into ${table.sql} (${targets}) select ${placed.join(', ')} where not exists (select 1 from updated) returning *) select ${list} from (select * from updated union all select * from inserted) as written order by id`,
		params,
	};
}

/**
 * Indexes for the templates' reads: the first `eq` column of each filter (the one the template
 * narrows by: an event id, a return, a status), every one of an "any condition" filter, beyond
 * the key's first column.
 */
export function filteredColumns(templates: Workflow[], table: TableSpec): string[] {
	const columns = new Set<string>();
	for (const t of templates)
		for (const n of t.nodes) {
			if (n.type !== 'n8n-nodes-base.dataTable') continue;
			if ((n.parameters.dataTableId as { value?: string } | undefined)?.value !== table.name)
				continue;
			const conditions = (n.parameters.filters as { conditions?: Condition[] } | undefined)
				?.conditions;
			const eq = (conditions ?? []).filter((c) => (c.condition ?? 'eq') === 'eq');
			// Any of several conditions: each needs its own index.
			for (const c of n.parameters.matchType === 'anyCondition' ? eq : eq.slice(0, 1))
				if (c.keyName !== 'id') columns.add(c.keyName);
		}
	return [...columns].filter((c) => c !== table.key[0]).sort();
}

/** The DDL of one table: columns, the unique claim key, the indexes the filters need. */
export function tableDdl(table: TableSpec, indexed: string[]): string {
	const columns = [
		'id integer generated by default as identity primary key',
		...table.columns.map((c) => `${sqlColumn(c.name)} ${SQL_TYPES[c.type]}`),
		'created_at timestamptz not null default now()',
		'updated_at timestamptz not null default now()',
	];
	const key = table.key.map(sqlColumn);
	return [
		`create table if not exists ${table.sql} (\n  ${columns.join(',\n  ')}\n);`,
		// A table made by an earlier version gets the columns added since (04's order_key).
		`alter table ${table.sql}\n  ${table.columns.map((c) => `add column if not exists ${sqlColumn(c.name)} ${SQL_TYPES[c.type]}`).join(',\n  ')};`,
		`create unique index if not exists ${table.sql}_key on ${table.sql} (${key.join(', ')});`,
		...indexed.map(
			(c) =>
				`create index if not exists ${table.sql}_${snake(c)} on ${table.sql} (${sqlColumn(c)});`,
		),
	].join('\n');
}

/** Every table's DDL, as the setup template runs it and the docs show it. */
export function postgresDdl(): string {
	const templates = dataTableTemplates().map(([, t]) => t);
	return tableSpecs()
		.map((t) => tableDdl(t, filteredColumns(templates, t)))
		.join('\n\n');
}

/** Template 14's table creation: the DDL, then the table's columns as the Data Table node reports them. */
function createQuery(file: string, node: Node, tables: TableSpec[], templates: Workflow[]): string {
	const table = tables.find((t) => t.name === node.parameters.tableName);
	if (!table) fail(file, node, `unknown table "${String(node.parameters.tableName)}"`);
	const names = table.columns.map((c) => `('${snake(c.name)}', '${c.name}')`).join(', ');
	const types = Object.entries(SQL_TYPES)
		.filter(([dt]) => dt !== 'id')
		.map(
			([dt, sql]) =>
				`when '${sql === 'timestamptz' ? 'timestamp with time zone' : sql}' then '${dt}'`,
		)
		.join(' ');
	return `${tableDdl(table, filteredColumns(templates, table))}\nselect '${table.sql}' as id, '${table.name}' as name, coalesce((select json_agg(json_build_object('name', m.name, 'type', case c.data_type ${types} else c.data_type end) order by c.ordinal_position) from information_schema.columns c join (values ${names}) as m(sql_name, name) on m.sql_name = c.column_name where c.table_schema = current_schema() and c.table_name = '${table.sql}'), '[]'::json) as columns;`;
}

/** Whether an expression in the nodes' parameters (as JSON text) names the node. */
function namedIn(text: string, name: string): boolean {
	return [
		`$('${name}')`,
		`$("${name}")`,
		`$node["${name}"]`,
		`$node['${name}']`,
		`$items("${name}")`,
	].some((form) => text.includes(JSON.stringify(form).slice(1, -1)));
}

/**
 * The updates and deletes whose rows no node reads: nothing names them in an expression, they
 * always output, each node they feed runs once and reads no field of its input, and no node after
 * them resolves a paired item (`.item`), which would trace back through their items. Their
 * Postgres query returns how many rows it wrote instead of the rows, so an execution does not keep
 * (and save) rows it never uses: 04's first partitioned night marks the whole pool, and the Data
 * Table node gives back every row it updates. Same items downstream: the next node runs once
 * whether it gets the rows, one count, or (no row written) the empty item of "always output".
 */
export function unreadWrites(workflow: Workflow): Set<string> {
	const text = JSON.stringify(workflow.nodes.map((n) => n.parameters));
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const reads = (n: Node) => /\$json|\$input|\$binary|\.item\b/.test(JSON.stringify(n.parameters));
	const fedBy = (name: string) =>
		(workflow.connections[name]?.main ?? []).flat().map((c) => byName.get(c.node));
	const pairsAfter = (name: string) => {
		const seen = new Set<string>();
		const known = (from: string) => fedBy(from).filter((n): n is Node => n !== undefined);
		const next = known(name);
		while (next.length > 0) {
			const n = next.pop()!;
			if (seen.has(n.name)) continue;
			seen.add(n.name);
			if (/\.item\b/.test(JSON.stringify(n.parameters))) return true;
			next.push(...known(n.name));
		}
		return false;
	};
	const named = (name: string) => namedIn(text, name);
	const unread = new Set<string>();
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-base.dataTable') continue;
		if (!['update', 'deleteRows'].includes(String(node.parameters.operation))) continue;
		if (node.alwaysOutputData !== true || named(node.name)) continue;
		const fed = fedBy(node.name);
		if (fed.length === 0 || pairsAfter(node.name)) continue;
		if (fed.every((n) => n !== undefined && n.executeOnce === true && !reads(n)))
			unread.add(node.name);
	}
	return unread;
}

/** The If nodes of the earliest-row claims, and the inserts they judge. */
export function claimInserts(workflow: Workflow): Set<string> {
	return new Set(claimsOf(workflow.nodes).map((c) => c.insert));
}

/**
 * The Data Table claims wait `claimSettleSeconds` after their insert for rival inserts to commit
 * (no unique key there). Here a unique key makes the claim strict (an insert that conflicts waits
 * for the rival's commit), so each such Wait goes and the insert feeds the read-back directly.
 */
function dropClaimWaits(workflow: Workflow, claims: Set<string>): void {
	for (const insert of claims) {
		const next = workflow.connections[insert]?.main?.[0] ?? [];
		const wait = workflow.nodes.find((n) => n.name === next[0]?.node);
		if (next.length !== 1 || wait?.type !== 'n8n-nodes-base.wait') continue;
		workflow.connections[insert] = workflow.connections[wait.name];
		delete workflow.connections[wait.name];
		workflow.nodes = workflow.nodes.filter((n) => n !== wait);
	}
}

/**
 * 04 keeps the window's new stock movements and Amazon refunds: in the Data Table variant a Set
 * node reads the window's kept rows and the vendor's records whole, keeps the records the ledger
 * lacks (each once) and a Split Out makes one item of each. An expression reads another node's
 * output by copying it into n8n's expression isolate, whose memory is limited (128 MB as n8n ships
 * it): at 100,000 returns the window's stock movements do not fit, and the night failed there.
 * Here the keep's insert names the whole unique key (`on conflict do nothing`), so the ledger
 * itself keeps each event once: the records go one item at a time to the keep, which gives each
 * its event id by the same formula, and the window read, the Set and the Split Out go. The keeps feed no node
 * and nothing names them: their names come back, and their queries give back how many rows each
 * wrote, not the rows (the night's parent would otherwise hold every record it kept twice).
 */
function keepsByUniqueKey(workflow: Workflow): Set<string> {
	const keeps = new Set<string>();
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const only = (name: string) => {
		const next = workflow.connections[name]?.main ?? [];
		return next.length === 1 && next[0]?.length === 1 ? byName.get(next[0][0].node) : undefined;
	};
	for (const diff of workflow.nodes) {
		if (diff.type !== 'n8n-nodes-base.set') continue;
		const text = JSON.stringify(diff.parameters);
		const held = /\$\('(Kept [^']+ of the window)'\)\.all\(\)/.exec(text);
		const source = /for \(const item of \$\('([^']+)'\)\.all\(\)\)/.exec(text);
		const assignments = (
			diff.parameters.assignments as { assignments?: Array<{ value?: unknown }> }
		)?.assignments;
		const formula = /const eventId = (\(\(json\) => .+?\))\(item\.json\);/.exec(
			String(assignments?.[0]?.value ?? ''),
		);
		if (!held || !source || !formula) continue;
		const window = byName.get(held[1]);
		const split = only(diff.name);
		const keep = split && only(split.name);
		if (
			only(source[1]) !== window ||
			only(held[1]) !== diff ||
			split?.type !== 'n8n-nodes-base.splitOut' ||
			keep?.type !== 'n8n-nodes-base.dataTable' ||
			keep.parameters.operation !== 'insert'
		)
			throw new Error(`04: "${diff.name}" is not the keep step this variant rewrites`);
		// The keep names the event id by the same formula, applied to the record it inserts. No node
		// in between: a Set node over the window's records held a copy of each (and evaluated them in
		// one synchronous loop, minutes at 100,000 returns, in which Bull took the job as stalled).
		const columns = keep.parameters.columns as { value?: Record<string, unknown> } | undefined;
		if (columns?.value?.eventId !== '={{ $json.eventId }}')
			throw new Error(`04: "${keep.name}" does not take the event id the keep step gives it`);
		columns.value.eventId = `={{ ${formula[1]}($json) }}`;
		workflow.connections[source[1]] = { main: [[{ node: keep.name, type: 'main', index: 0 }]] };
		delete workflow.connections[window!.name];
		delete workflow.connections[diff.name];
		delete workflow.connections[split.name];
		workflow.nodes = workflow.nodes.filter((n) => n !== window && n !== split && n !== diff);
		const expressions = JSON.stringify(workflow.nodes.map((n) => n.parameters));
		const fed = (workflow.connections[keep.name]?.main ?? []).flat();
		if (fed.length > 0 || namedIn(expressions, keep.name))
			throw new Error(`04: "${keep.name}" feeds a node or is named: its rows are read`);
		keeps.add(keep.name);
	}
	return keeps;
}

/**
 * 04's parent marks the rows that name no Centra order (none, or an Amazon order id) as `pool`,
 * and each part of the night reads the whole pool for the rows that link to its orders. Every
 * stock movement kept that night names only its return, so at 100,000 returns the pool held some
 * 300,000 rows and each of the fifty parts read them all. Here the marking is the scaling guide's
 * SQL instead: it keys each such row to the order the link rules give it (the rules a part
 * applies; a part still checks each key it reads) and marks only the rest `pool`. It runs after
 * the keeps (the parent's branches run top to bottom) and touches only rows keyed '' or `pool`.
 */
function poolKeyedInSql(workflow: Workflow): void {
	const marks = workflow.nodes.filter(
		(n) =>
			n.type === 'n8n-nodes-base.dataTable' &&
			n.parameters.operation === 'update' &&
			JSON.stringify((n.parameters.columns as Json | undefined)?.value) ===
				JSON.stringify({ orderKey: 'pool' }),
	);
	if (marks.length === 0) return;
	const names = new Set(marks.map((n) => n.name));
	const next = (name: string) => (workflow.connections[name]?.main ?? []).flat();
	const first = marks.filter(
		(m) => !marks.some((other) => next(other.name).some((c) => c.node === m.name)),
	);
	const chain = first.length === 1 ? [first[0]] : [];
	while (chain.length > 0 && chain.length < marks.length) {
		const after = next(chain[chain.length - 1].name);
		const mark = marks.find((m) => after.length === 1 && after[0].node === m.name);
		if (!mark) break;
		chain.push(mark);
	}
	if (chain.length !== marks.length || marks.some((m) => m.executeOnce !== true))
		throw new Error(`${workflow.name}: the pool marking is not one chain of steps run once`);
	// No query parameters: the statements go as one text (a temporary table lives between them).
	const query = `${poolKeysSql().trim()}\nselect (select count(*)::int from returns_event_ledger where order_key = 'pool') as "ledgerPool", (select count(*)::int from warehouse_receipts where order_key = 'pool') as "receiptsPool";`;
	const keyed = postgresNode(
		{
			...chain[0],
			id: derivedId(chain[0].id, 'pool keys'),
			name: 'Pool: key by order',
			notes:
				'Keys each row that names no Centra order to the order its return or marketplace order id links it to, the rest to pool (docs/scaling.md, "pool keys"): each part reads its own rows by key, not the whole pool.',
		},
		query,
		'',
	);
	for (const outputs of Object.values(workflow.connections))
		for (const output of outputs.main ?? [])
			for (const c of output ?? []) if (c.node === chain[0].name) c.node = keyed.name;
	workflow.connections[keyed.name] = workflow.connections[chain[chain.length - 1].name];
	for (const mark of chain) delete workflow.connections[mark.name];
	workflow.nodes = workflow.nodes
		.filter((n) => !names.has(n.name) || n === chain[0])
		.map((n) => (n === chain[0] ? keyed : n));
}

function postgresNode(node: Node, query: string, replacement: string): Node {
	// The node's own settings (name, id, position, notes, error handling) stay; its parameters go.
	return {
		...node,
		type: 'n8n-nodes-base.postgres',
		typeVersion: POSTGRES_NODE_VERSION,
		parameters: {
			operation: 'executeQuery',
			query,
			options: {
				// Each item its own query, as the Data Table node makes one call per item. A node run
				// once makes one query either way, and there n8n 2.40.7's "single" mode gathers the
				// rows with map and flat, where "independently" pushes them as a spread of arguments,
				// which overflows the call stack past about a hundred thousand rows (a partition of
				// 04 reading the pool at 100,000 returns failed so).
				queryBatching: node.executeOnce === true ? 'single' : 'independently',
				...(replacement ? { queryReplacement: replacement } : {}),
			},
		},
		credentials: POSTGRES_CREDENTIAL,
	};
}

/** A node id derived from another (n8n ids are UUIDs): stable across regenerations. */
export function derivedId(id: string, role: string): string {
	const h = createHash('sha1').update(`${id}:${role}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Set node that gives back the item a row (not) exists check passed, as the Data Table node does. */
function passItem(node: Node, lookup: string): Node {
	return {
		id: derivedId(node.id, 'item'),
		name: node.name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [node.position[0] + 120, node.position[1]],
		parameters: { mode: 'raw', jsonOutput: `={{ $('${lookup}').item.json.item }}`, options: {} },
	};
}

/** One Data Table template as its Postgres variant. */
export function postgresVariant(file: string, workflow: Workflow, templates: Workflow[]): Workflow {
	const tables = tableSpecs();
	const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
	const claims = claimInserts(copy);
	dropClaimWaits(copy, claims);
	const keeps = keepsByUniqueKey(copy);
	poolKeyedInSql(copy);
	const unread = new Set([...unreadWrites(copy), ...keeps]);
	const nodes: Node[] = [];
	for (const node of copy.nodes) {
		if (node.type !== 'n8n-nodes-base.dataTable') {
			nodes.push(node);
			continue;
		}
		if (node.parameters.resource === 'table') {
			if (node.parameters.operation !== 'create') fail(file, node, 'table operation');
			nodes.push(postgresNode(node, createQuery(file, node, tables, templates), ''));
			continue;
		}
		const table = tableOf(file, node, tables);
		const { query, params } = rowQuery(
			file,
			node,
			table,
			claims.has(node.name),
			unread.has(node.name),
		);
		const operation = String(node.parameters.operation);
		if (operation === 'rowExists' || operation === 'rowNotExists') {
			const lookup = `${node.name} (lookup)`;
			nodes.push({
				...postgresNode(node, query, params.replacement()),
				id: derivedId(node.id, 'lookup'),
				name: lookup,
			});
			nodes.push(passItem(node, lookup));
			for (const outputs of Object.values(copy.connections))
				for (const output of outputs.main ?? [])
					for (const c of output ?? []) if (c.node === node.name) c.node = lookup;
			copy.connections[lookup] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
			continue;
		}
		nodes.push(postgresNode(node, query, params.replacement()));
	}
	copy.nodes = nodes;
	noteVariant(copy);
	setStoreCheck(copy, 'postgres');
	if (file === SETUP_FILE) postgresSetup(copy, tables);
	return copy;
}

/** The Setup note says which variant this is: its text otherwise speaks of Data Tables. */
function noteVariant(workflow: Workflow): void {
	const setup = workflow.nodes.find(
		(n) => n.type === 'n8n-nodes-base.stickyNote' && n.name === 'Setup',
	);
	if (!setup) return;
	const content = String(setup.parameters.content ?? '');
	const note = `**Postgres variant** (generated from the Data Table template; docs/templates/data-tables.md): the Data Tables named here are the tables of the same names in your Postgres (returns_event_ledger, warehouse_receipts, exception_register; create them with *14 Set up the Postgres tables*), each Data Table step a Postgres node of the same name on the *${POSTGRES_CREDENTIAL.postgres.name}* credential. Needs ${STORE_SETTING} = postgres in *00 Returns settings*.`;
	const heading = /^(## [^\n]*\n+)/.exec(content);
	setup.parameters.content = heading
		? `${heading[1]}${note}\n\n${content.slice(heading[1].length)}`
		: `${note}\n\n${content}`;
}

/** Template 14's column check reads the wanted columns from its Data Table nodes' parameters. */
function postgresSetup(workflow: Workflow, tables: TableSpec[]): void {
	const wanted = JSON.stringify(Object.fromEntries(tables.map((t) => [t.name, t.columns])));
	const text = JSON.stringify(workflow.nodes).replace(
		'Add or change these columns under Overview > Data tables, or rename the old table',
		'Add or change these columns (ALTER TABLE), or rename the old table',
	);
	const replaced = text
		.split('$(node).params.columns.column')
		.join(`(${wanted.replace(/"/g, "'")})[node]`);
	if (replaced === text)
		throw new Error(`${SETUP_FILE}: no column check to point at the Postgres tables`);
	workflow.nodes = JSON.parse(replaced) as Node[];
	workflow.name = '14 Set up the Postgres tables';
	workflow.description =
		'Run once before the other templates of the Postgres variant: creates the event ledger, the warehouse receipts and the exception register as Postgres tables (typed columns, the unique claim keys, the indexes the templates read by), keeps tables that exist, and names any column to fix.';
}

/**
 * Adds the store check after a Data Table template's Settings node when it has none (a template
 * merged or written without it): an If on ledgerStore, its false branch a Stop and Error.
 * `npm run templates:postgres` runs it on workflows-templates/ before generating.
 */
export function addStoreCheck(workflow: Workflow): boolean {
	const settings = workflow.nodes.find((n) => n.name === 'Settings');
	if (!settings || workflow.nodes.some((n) => n.name === STORE_CHECK_NODE)) return false;
	const [x, y] = settings.position;
	workflow.nodes.splice(
		workflow.nodes.indexOf(settings) + 1,
		0,
		{
			id: derivedId(workflow.id, 'store check'),
			name: STORE_CHECK_NODE,
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: [x + 40, y + 60],
			parameters: storeCheckParameters('dataTable'),
		},
		{
			id: derivedId(workflow.id, 'store stop'),
			name: STORE_STOP_NODE,
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [x + 80, y + 120],
			parameters: storeStopParameters('dataTable'),
		},
	);
	const next = workflow.connections.Settings?.main?.[0] ?? [];
	workflow.connections.Settings = { main: [[{ node: STORE_CHECK_NODE, type: 'main', index: 0 }]] };
	workflow.connections[STORE_CHECK_NODE] = {
		main: [next, [{ node: STORE_STOP_NODE, type: 'main', index: 0 }]],
	};
	return true;
}

/** Points a template's store check at the given store (the Data Table templates say dataTable). */
export function setStoreCheck(workflow: Workflow, store: LedgerStore): void {
	const check = workflow.nodes.find((n) => n.name === STORE_CHECK_NODE);
	const stop = workflow.nodes.find((n) => n.name === STORE_STOP_NODE);
	if (!check || !stop) {
		if (workflow.nodes.some((n) => n.name === 'Settings'))
			throw new Error(`${workflow.name}: no "${STORE_CHECK_NODE}" after its Settings node`);
		return;
	}
	check.parameters = storeCheckParameters(store);
	stop.parameters = storeStopParameters(store);
}

export function storeCheckParameters(store: LedgerStore): Json {
	return {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [
				{
					id: 'ledger-store',
					// Settings saved before the setting existed mean the Data Tables.
					leftValue: `={{ $('Settings').item.json.settings.${STORE_SETTING} || 'dataTable' }}`,
					rightValue: store,
					operator: { type: 'string', operation: 'equals' },
				},
			],
			combinator: 'and',
		},
		options: {},
	};
}

export function storeStopParameters(store: LedgerStore): Json {
	const other = store === 'postgres' ? 'the Data Table templates' : 'the Postgres templates';
	return {
		errorMessage: `={{ 'This template keeps the ledger in ${store === 'postgres' ? 'Postgres' : 'n8n Data Tables'}, but 00 Returns settings has ${STORE_SETTING} = ' + ($('Settings').item.json.settings.${STORE_SETTING} || 'dataTable') + '. Import ${other} instead, or change ${STORE_SETTING}: running both would split the ledger.' }}`,
	};
}

/** 00 Returns settings naming the store (the Postgres variant ships saying postgres). */
export function withStoreSetting(workflow: Workflow, store: LedgerStore): Workflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
	const values = copy.nodes.find((n) => n.name === 'Returns settings');
	const assignments = (values?.parameters.assignments as { assignments?: Json[] } | undefined)
		?.assignments;
	const setting = assignments?.find((a) => a.name === `settings.${STORE_SETTING}`);
	if (!setting) throw new Error(`${SETTINGS_FILE} has no setting ${STORE_SETTING}`);
	setting.value = store;
	return copy;
}

export function dataTableTemplates(): Array<[string, Workflow]> {
	return readdirSync(DATA_TABLE_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => [f, readWorkflow(DATA_TABLE_DIR, f)]);
}

/** The Postgres file name of a Data Table template (14 becomes the Postgres tables' setup). */
export const postgresFileName = (file: string) =>
	file === SETUP_FILE ? '14-postgres-tables-setup.json' : file;

/** Every Postgres template: file name to its JSON text, as committed. */
export function postgresTemplates(): Record<string, string> {
	const all = dataTableTemplates();
	const templates = all.map(([, t]) => t);
	return Object.fromEntries([
		...all.map(([file, workflow]): [string, string] => {
			const variant =
				file === SETTINGS_FILE
					? withStoreSetting(workflow, 'postgres')
					: postgresVariant(file, workflow, templates);
			return [postgresFileName(file), `${JSON.stringify(variant, null, 2)}\n`];
		}),
		// The copy from a running Data Table install: no Data Table template of its own.
		[COPY_FILE, `${JSON.stringify(copyTemplate(), null, 2)}\n`],
	]);
}

if (require.main === module) {
	for (const [file, workflow] of dataTableTemplates())
		if (file !== SETTINGS_FILE && addStoreCheck(workflow)) {
			writeFileSync(resolve(DATA_TABLE_DIR, file), `${JSON.stringify(workflow, null, 2)}\n`);
			process.stdout.write(`added the ledger store check to ${file}\n`);
		}
	mkdirSync(POSTGRES_DIR, { recursive: true });
	for (const [file, text] of Object.entries(postgresTemplates()))
		writeFileSync(resolve(POSTGRES_DIR, file), text);
	process.stdout.write(`wrote ${POSTGRES_DIR}\n`);
}
