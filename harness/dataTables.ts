/**
 * In-memory n8n Data Tables, plugged into n8n-core's data-table helpers, so the real Data Table
 * node of n8n-nodes-base runs in the harness (the event ledger and exception register of the
 * templates). Same contract as n8n's project service: tables by id and name, typed columns, system
 * columns id/createdAt/updatedAt, filters with and/or and eq, neq, like, ilike, gt, gte, lt, lte,
 * isEmpty, isNotEmpty.
 *
 * Concurrency is modelled on n8n's service (packages/cli/src/modules/data-table/data-table.service.ts
 * in https://github.com/n8n-io/n8n): every call is a database round trip, so other executions run
 * in between; one insert statement allocates its ids and becomes visible at once (ids ascend in
 * commit order, as with SQLite's single writer); `upsertRow` is "update the rows matching the
 * filter, and if none, insert" with no unique key behind it, so two concurrent upserts of a new key
 * can both find nothing and both insert (Postgres, read committed). See docs/templates/data-tables.md.
 */
import { validateFieldType, type FieldType } from 'n8n-workflow';
import type {
	DataTable,
	DataTableColumn,
	DataTableColumnType,
	DataTableFilter,
	DataTableRow,
	DataTableRowReturn,
	IDataTableProjectAggregateService,
	IDataTableProjectService,
	ListDataTableRowsOptions,
} from 'n8n-workflow';

interface Table {
	meta: DataTable;
	rows: DataTableRowReturn[];
	nextId: number;
	/** Rows by value of an identity column, built on the first `eq` query of that column. */
	indexes?: Map<string, Map<string, Set<DataTableRowReturn>>>;
}

/**
 * Identity columns the templates look single rows up by (a claim, an exception, a return's
 * events). Indexing them turns the per-item lookups of a long season from a scan of the whole
 * ledger into a map read; results are the same (every candidate still passes the filter, in table
 * order). Only columns nobody edits by hand: a test that changes a row's status in place stays
 * visible to the next query.
 */
const INDEXED = new Set(['id', 'eventId', 'exceptionId', 'returnId']);

const indexKey = (value: unknown) => String(value ?? '');

function indexOf(table: Table, column: string): Map<string, Set<DataTableRowReturn>> {
	table.indexes ??= new Map();
	let index = table.indexes.get(column);
	if (!index) {
		index = new Map();
		for (const row of table.rows) addTo(index, row[column], row);
		table.indexes.set(column, index);
	}
	return index;
}

function addTo(
	index: Map<string, Set<DataTableRowReturn>>,
	value: unknown,
	row: DataTableRowReturn,
): void {
	const key = indexKey(value);
	let rows = index.get(key);
	if (!rows) index.set(key, (rows = new Set()));
	rows.add(row);
}

function indexRow(table: Table, row: DataTableRowReturn): void {
	for (const [column, index] of table.indexes ?? []) addTo(index, row[column], row);
}

function unindexRow(table: Table, row: DataTableRowReturn): void {
	for (const [column, index] of table.indexes ?? []) index.get(indexKey(row[column]))?.delete(row);
}

/** The rows a filter can match: an indexed `eq` narrows them, anything else scans the table. */
function candidates(table: Table, filter: DataTableFilter | undefined): DataTableRowReturn[] {
	if (!filter || filter.type === 'or') return table.rows;
	const eq = filter.filters.find((f) => f.condition === 'eq' && INDEXED.has(f.columnName));
	if (!eq) return table.rows;
	const column = table.meta.columns.find((c) => c.name === eq.columnName);
	if (eq.columnName !== 'id' && column?.type !== 'number' && column?.type !== 'string')
		return table.rows;
	// The value is typed already (serviceFilter): 12 finds the cells 12 and '12', as matches() does.
	const rows = indexOf(table, eq.columnName).get(indexKey(eq.value));
	return rows ? [...rows].sort((a, b) => (a.id as number) - (b.id as number)) : [];
}

/**
 * What a node's filtered writes cost where the only index is the row id, as in n8n's Data Tables
 * on Postgres (each table's primary key `id`, no index on the user's columns: data-table-ddl.service.ts
 * in https://github.com/n8n-io/n8n): an update, upsert or delete whose filter is not `id = ...`
 * reads every row of its table. The harness's own indexes hide that cost; this counts it.
 */
export interface WriteScan {
	/** Service calls that wrote (insert, update, upsert, delete). */
	calls: number;
	rowsWritten: number;
	/** Rows the calls' filters examine without an index but the row id. */
	rowsExamined: number;
}

/** Rows a write's filter examines in a table indexed on `id` only. */
function examinedWithoutIndex(table: Table, filter: DataTableFilter | undefined): number {
	const byId =
		filter?.type !== 'or' &&
		(filter?.filters ?? []).some((f) => f.condition === 'eq' && f.columnName === 'id');
	return byId ? Math.min(1, table.rows.length) : table.rows.length;
}

/** The filter conditions n8n's repository knows (getConditionAndParams). */
export const DATA_TABLE_CONDITIONS: string[] = [
	'eq',
	'neq',
	'gt',
	'gte',
	'lt',
	'lte',
	'like',
	'ilike',
	'isEmpty',
	'isNotEmpty',
];

/**
 * A filter as n8n's data table service reads it before any SQL (validateAndTransformFilters in
 * packages/cli/src/modules/data-table/data-table.service.ts, https://github.com/n8n-io/n8n): each
 * value typed as its column's cell is (so '12' is 12 and '' is 0 in a number column, a date
 * string a date), `isEmpty`/`isNotEmpty` on a non-text column become `eq`/`neq` null, a `like` or
 * `ilike` value must be a string and becomes "contains" unless it has a `%`, and a comparison
 * (`gt`...`lte`) refuses a null value.
 */
function serviceFilter(
	columns: DataTableColumn[],
	filter: DataTableFilter | undefined,
): DataTableFilter | undefined {
	if (!filter) return filter;
	const types = new Map<string, DataTableColumnType>([
		['id', 'number'],
		['createdAt', 'date'],
		['updatedAt', 'date'],
		...columns.map((c): [string, DataTableColumnType] => [c.name, c.type]),
	]);
	const filters = filter.filters.map((f) => {
		const type = types.get(f.columnName);
		if (!type) throw new Error(`unknown column name '${f.columnName}'`);
		// The repository refuses any other condition (getConditionAndParams).
		if (!DATA_TABLE_CONDITIONS.includes(f.condition))
			throw new Error(`Unsupported filter condition: ${String(f.condition)}`);
		const value = coerce(f.value, type, f.columnName);
		if (type !== 'string' && f.condition === 'isEmpty')
			return { ...f, condition: 'eq' as const, value: null };
		if (type !== 'string' && f.condition === 'isNotEmpty')
			return { ...f, condition: 'neq' as const, value: null };
		const name = f.condition.toUpperCase();
		if (f.condition === 'like' || f.condition === 'ilike') {
			if (value === null) throw new Error(`${name} filter value cannot be null or undefined`);
			if (typeof value !== 'string') throw new Error(`${name} filter value must be a string`);
			return { ...f, value: value.includes('%') ? value : `%${value}%` };
		}
		if (['gt', 'gte', 'lt', 'lte'].includes(f.condition) && value === null)
			throw new Error(`${name} filter value cannot be null or undefined`);
		return { ...f, value };
	});
	return { ...filter, filters };
}

// A filter is tested against every row of a table: each LIKE pattern is compiled once.
const likeCache = new Map<string, RegExp>();

/**
 * A LIKE pattern as n8n runs it: only `%` is a wildcard. On Postgres the service escapes `\` and
 * `_` (escapeLikeSpecials, LIKE ... ESCAPE '\\'); on SQLite `like` is a GLOB with every other
 * special character escaped (toSqliteGlobFromPercent) and `ilike` an escaped UPPER(..) LIKE
 * UPPER(..): both in packages/cli/src/modules/data-table/data-table-rows.repository.ts and
 * utils/sql-utils.ts of https://github.com/n8n-io/n8n. So `_` is the character itself, not "any one".
 */
function likeToRegExp(pattern: string, flags: string): RegExp {
	const key = `${flags}:${pattern}`;
	const cached = likeCache.get(key);
	if (cached) return cached;
	if (likeCache.size > 1000) likeCache.clear();
	const parts = pattern.split('%').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	const compiled = new RegExp(`^${parts.join('[\\s\\S]*')}$`, flags);
	likeCache.set(key, compiled);
	return compiled;
}

const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value);

function same(cell: unknown, value: unknown): boolean {
	const [a, b] = [comparable(cell), comparable(value)];
	return typeof a === 'number' && typeof b === 'number' ? a === b : String(a) === String(b);
}

/**
 * One row against a filter the service has typed (serviceFilter), with SQL's rules as n8n's
 * repository writes them (getConditionAndParams in data-table-rows.repository.ts): a null cell
 * matches no comparison, `eq null` is IS NULL, `neq` keeps null cells (`<> v OR IS NULL`, and
 * `neq null` is IS NOT NULL), `isEmpty` on text is null or ''.
 */
function matches(row: DataTableRowReturn, filter: DataTableFilter | undefined): boolean {
	if (!filter || filter.filters.length === 0) return true;
	const test = (f: DataTableFilter['filters'][number]) => {
		const cell: unknown = row[f.columnName] ?? null;
		const value: unknown = f.value ?? null;
		switch (f.condition) {
			case 'isEmpty':
				return cell === null || cell === '';
			case 'isNotEmpty':
				return cell !== null && cell !== '';
			case 'eq':
				return value === null ? cell === null : cell !== null && same(cell, value);
			case 'neq':
				return value === null ? cell !== null : cell === null || !same(cell, value);
		}
		if (cell === null) return false;
		switch (f.condition) {
			case 'like':
				return likeToRegExp(String(value), '').test(String(cell));
			case 'ilike':
				return likeToRegExp(String(value), 'i').test(String(cell));
		}
		const order = compare(comparable(cell), comparable(value));
		switch (f.condition) {
			case 'gt':
				return order > 0;
			case 'gte':
				return order >= 0;
			case 'lt':
				return order < 0;
			case 'lte':
				return order <= 0;
			default:
				return false;
		}
	};
	return filter.type === 'or' ? filter.filters.some(test) : filter.filters.every(test);
}

/** One database round trip: lets every other pending execution run before the statement. */
function roundTrip(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
	return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** n8n's column type to the field type its service validates a cell against (data-table.types). */
const FIELD_TYPE: Record<DataTableColumnType, FieldType> = {
	number: 'number',
	string: 'string',
	boolean: 'boolean',
	date: 'dateTime',
};

/**
 * A cell as n8n's data table service takes it (validateAndTransformCell in
 * packages/cli/src/modules/data-table/data-table.service.ts, https://github.com/n8n-io/n8n): null
 * stays null; anything else must pass n8n's own field validation, not strict and without parsing
 * strings, or the write fails. So '' is refused by a date column and becomes 0 in a number column
 * (a template writes null for "no value"), '12' is 12, and a string column takes numbers as they are,
 * which the database then keeps as text: a number written to a string column reads back as its
 * text, on Postgres (a text column) as on SQLite (text affinity).
 */
export function coerce(
	value: unknown,
	type: DataTableColumnType,
	column = 'value',
): DataTableRow[string] {
	if (value === null || value === undefined) return null;
	const result = validateFieldType(column, value, FIELD_TYPE[type], {
		strict: false,
		parseStrings: false,
	});
	if (!result.valid)
		throw new Error(
			`value '${String(value)}' does not match column type '${type}' (column ${column})`,
		);
	if (type === 'date') {
		const parsed = result.newValue as { toJSDate?: () => Date } | Date;
		return parsed instanceof Date ? parsed : parsed.toJSDate!();
	}
	if (type === 'string' && typeof result.newValue === 'number') return String(result.newValue);
	return result.newValue as DataTableRow[string];
}

/** n8n's service refuses a row naming a column the table does not have. */
function checkColumns(table: string, columns: DataTableColumn[], data: DataTableRow): void {
	for (const key of Object.keys(data))
		if (!columns.some((c) => c.name === key))
			throw new Error(`Data table "${table}": unknown column name '${key}'`);
}

export class InMemoryDataTables {
	private readonly tables = new Map<string, Table>();
	private counter = 0;
	private writeScans?: Map<string, WriteScan>;
	private commitLag?: () => number;

	/**
	 * From now on, each insert call takes its row ids at once and its rows become visible to reads
	 * only after `lag()` milliseconds, as n8n's insert does on Postgres (its queue-mode database):
	 * data-table-rows.repository inserts inside a transaction, so the id comes from the sequence at
	 * the INSERT and other executions see the row at the COMMIT. Without it (as on SQLite, which
	 * serialises writers) a row is visible the moment its id is taken.
	 */
	delayCommits(lag: () => number): void {
		this.commitLag = lag;
	}

	/**
	 * From now on, counts each node's writes and the rows their filters would examine with no index
	 * but the row id (see WriteScan), by node name; the map fills as nodes write.
	 */
	countWriteScans(): Map<string, WriteScan> {
		this.writeScans = new Map();
		return this.writeScans;
	}

	/** Creates a table with string columns unless a type is given, like the templates' setup notes. */
	create(
		name: string,
		columns: Array<string | { name: string; type: DataTableColumnType }>,
	): DataTable {
		for (const column of columns) {
			const columnName = typeof column === 'string' ? column : column.name;
			// n8n reserves these for its own columns; a table cannot define them.
			if (['id', 'createdAt', 'updatedAt'].includes(columnName))
				throw new Error(`Data table "${name}": column name "${columnName}" is reserved by n8n`);
		}
		const id = `dt${++this.counter}`;
		const meta: DataTable = {
			id,
			name,
			projectId: 'harness',
			createdAt: new Date(),
			updatedAt: new Date(),
			columns: columns.map((c, index) => ({
				id: `${id}c${index}`,
				name: typeof c === 'string' ? c : c.name,
				type: typeof c === 'string' ? 'string' : c.type,
				index,
				dataTableId: id,
			})),
		};
		this.tables.set(id, { meta, rows: [], nextId: 1 });
		return meta;
	}

	/** Adds a row as a person or another workflow would (test set-up). */
	insert(name: string, data: DataTableRow): DataTableRowReturn {
		const table = [...this.tables.values()].find((t) => t.meta.name === name);
		if (!table) throw new Error(`no data table "${name}"`);
		const columns = table.meta.columns;
		checkColumns(name, columns, data);
		const now = new Date();
		const row = {
			...Object.fromEntries(columns.map((c) => [c.name, null])),
			...Object.fromEntries(
				columns
					.filter((c) => c.name in data)
					.map((c) => [c.name, coerce(data[c.name], c.type, c.name)]),
			),
			id: table.nextId++,
			createdAt: now,
			updatedAt: now,
		} as DataTableRowReturn;
		table.rows.push(row);
		indexRow(table, row);
		return row;
	}

	/** Rows of a table by name, without system columns' Date objects (for assertions). */
	rows(name: string): DataTableRowReturn[] {
		return [...this.tables.values()].find((t) => t.meta.name === name)?.rows ?? [];
	}

	private service(table: Table, nodeName: string): IDataTableProjectService {
		const columns = table.meta.columns;
		const scans = this.writeScans;
		const scanned = (filter: DataTableFilter | undefined, written: number, examined: number) => {
			if (!scans) return;
			const scan = scans.get(nodeName) ?? { calls: 0, rowsWritten: 0, rowsExamined: 0 };
			scan.calls++;
			scan.rowsWritten += written;
			scan.rowsExamined += filter ? examined : 0;
			scans.set(nodeName, scan);
		};
		const clean = (data: DataTableRow) => {
			checkColumns(table.meta.name, columns, data);
			return Object.fromEntries(
				columns
					.filter((c) => c.name in data)
					.map((c) => [c.name, coerce(data[c.name], c.type, c.name)]),
			);
		};
		const insert = (data: DataTableRow, id = table.nextId++): DataTableRowReturn => {
			const now = new Date();
			const row = {
				...Object.fromEntries(columns.map((c) => [c.name, null])),
				...clean(data),
				id,
				createdAt: now,
				updatedAt: now,
			} as DataTableRowReturn;
			table.rows.push(row);
			indexRow(table, row);
			return row;
		};
		const update = (filter: DataTableFilter, data: DataTableRow) => {
			const typed = serviceFilter(columns, filter);
			const hit = candidates(table, typed).filter((row) => matches(row, typed));
			const values = hit.length > 0 ? clean(data) : {};
			for (const row of hit) {
				unindexRow(table, row);
				Object.assign(row, values, { updatedAt: new Date() });
				indexRow(table, row);
			}
			return hit.map((row) => ({ ...row }));
		};
		return {
			updateDataTable: async ({ name }) => ((table.meta.name = name), true),
			deleteDataTable: async () => this.tables.delete(table.meta.id),
			getColumns: async () => columns,
			addColumn: async (options) => {
				const column: DataTableColumn = {
					id: `${table.meta.id}c${columns.length}`,
					name: options.name,
					type: options.type,
					index: columns.length,
					dataTableId: table.meta.id,
				};
				columns.push(column);
				return column;
			},
			moveColumn: async () => true,
			deleteColumn: async (columnId) => {
				const index = columns.findIndex((c) => c.id === columnId);
				if (index >= 0) columns.splice(index, 1);
				return index >= 0;
			},
			getManyRowsAndCount: async (dto: Partial<ListDataTableRowsOptions>) => {
				await roundTrip();
				const filter = serviceFilter(columns, dto.filter);
				let rows = candidates(table, filter).filter((row) => matches(row, filter));
				if (dto.sortBy) {
					const [column, direction] = dto.sortBy;
					rows = [...rows].sort(
						(a, b) => compare(a[column], b[column]) * (direction === 'DESC' ? -1 : 1),
					);
				}
				const page = rows.slice(
					dto.skip ?? 0,
					dto.take !== undefined ? (dto.skip ?? 0) + dto.take : undefined,
				);
				return { count: rows.length, data: page.map((row) => ({ ...row })) };
			},
			insertRows: (async (rows: DataTableRow[], returnType: string) => {
				await roundTrip();
				const lag = this.commitLag?.() ?? 0;
				let inserted: DataTableRowReturn[];
				if (lag > 0) {
					const ids = rows.map(() => table.nextId++);
					await new Promise((resolve) => setTimeout(resolve, lag));
					inserted = rows.map((row, i) => insert(row, ids[i]));
				} else inserted = rows.map((row) => insert(row));
				scanned(undefined, inserted.length, 0);
				if (returnType === 'all') return inserted;
				if (returnType === 'id') return inserted.map((row) => ({ id: row.id }));
				return { success: true, insertedRows: inserted.length };
			}) as IDataTableProjectService['insertRows'],
			updateRows: async ({ filter, data }) => {
				await roundTrip();
				const examined = examinedWithoutIndex(table, filter);
				const updated = update(filter, data);
				scanned(filter, updated.length, examined);
				return updated;
			},
			// Two statements in one transaction, without a unique key: not an insert-if-absent.
			upsertRow: async ({ filter, data }) => {
				await roundTrip();
				const examined = examinedWithoutIndex(table, filter);
				const updated = update(filter, data);
				if (updated.length > 0) {
					scanned(filter, updated.length, examined);
					return updated;
				}
				await roundTrip();
				scanned(filter, 1, examined);
				return [insert(data)];
			},
			deleteRows: async ({ filter }) => {
				await roundTrip();
				const examined = examinedWithoutIndex(table, filter);
				const typed = serviceFilter(columns, filter);
				const removed = candidates(table, typed).filter((row) => matches(row, typed));
				scanned(filter, removed.length, examined);
				const gone = new Set(removed);
				for (const row of removed) unindexRow(table, row);
				table.rows = table.rows.filter((row) => !gone.has(row));
				return removed;
			},
			clearRows: async () => {
				const deletedCount = table.rows.length;
				table.rows = [];
				table.indexes = undefined;
				return { deletedCount };
			},
		};
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => 'harness',
			createDataTable: async (options) => {
				// n8n's service refuses a second table of the same name in a project (validateUniqueName).
				if ([...this.tables.values()].some((t) => t.meta.name === options.name))
					throw new Error(`Data table with name '${options.name}' already exists in this project`);
				return this.create(
					options.name,
					options.columns.map((c) => ({ name: c.name, type: c.type })),
				);
			},
			getManyAndCount: async (options) => {
				let list = [...this.tables.values()].map((t) => t.meta);
				for (const [key, value] of Object.entries(options.filter ?? {})) {
					// n8n matches table names case-insensitively (the node lower-cases the name it looks for).
					const wanted = (Array.isArray(value) ? value : [value]).map((v) =>
						String(v).toLowerCase(),
					);
					list = list.filter((t) =>
						wanted.includes(String((t as unknown as Record<string, unknown>)[key]).toLowerCase()),
					);
				}
				return {
					count: list.length,
					data: list.slice(
						options.skip ?? 0,
						options.take !== undefined ? (options.skip ?? 0) + options.take : undefined,
					),
				};
			},
			deleteDataTableAll: async () => (this.tables.clear(), true),
		};
	}

	/** The provider n8n-core looks up as additionalData['data-table'].dataTableProxyProvider. */
	provider() {
		return {
			getDataTableAggregateProxy: async () => this.aggregate(),
			getDataTableProxy: async (_workflow: unknown, node: unknown, dataTableId: string) => {
				const table = this.tables.get(dataTableId);
				if (!table) throw new Error(`Data table ${dataTableId} does not exist`);
				return this.service(table, String((node as { name?: unknown } | null)?.name ?? ''));
			},
		};
	}
}
