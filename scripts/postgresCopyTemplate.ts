/**
 * Template 15 of the Postgres variant: copies a running Data Table install's rows into the Postgres
 * tables, so a merchant can move without starting from an empty ledger (every old event would be
 * claimed again). Generated from the same table definitions as the setup template (the columns of
 * 14's Data Table nodes, `tableSpecs()`), so a new column is copied as soon as it exists.
 *
 * Each Data Table is read in pages by id and each page written in one statement:
 * - a row of a key not yet in Postgres is inserted with its id, dates and numbers as they are;
 * - a row already there (same key, same id) is refreshed only when the Data Table's copy was updated
 *   later, so a second run after the switch brings statuses written in between and changes nothing
 *   otherwise;
 * - of two Data Table rows of one key (an earliest-row claim whose loser was not deleted), the
 *   earliest wins, as the Data Table templates read it ("Earliest ..." reads, ordered by id);
 * - a row whose id Postgres already gave another row gets a new id (the row, not its number, is
 *   what the templates look up).
 * Ids then continue after the highest copied one, so the Postgres templates never reuse one.
 */
import {
	POSTGRES_CREDENTIAL,
	SQL_TYPES,
	derivedId,
	postgresDdl,
	sqlColumn,
	tableSpecs,
	type Node,
	type TableSpec,
} from './postgresTemplates';

export const COPY_FILE = '15-copy-data-tables-to-postgres.json';
const WORKFLOW_ID = 'rrCopyTables0015';
const WORKFLOW_NAME = '15 Copy the Data Tables to Postgres';
/** Rows per page: one Data Table read and one Postgres statement (its rows as one JSON parameter). */
export const COPY_PAGE_ROWS = 500;
export const COPY_START_NODE = 'When called (manual or tests)';
export const COPY_REPORT_NODE = 'Copy report';

type Json = Record<string, unknown>;

export const copyNodeName = (table: TableSpec) => `Copy page into ${table.sql}`;
export const readNodeName = (table: TableSpec) => `Read ${table.name} page`;
const startName = (table: TableSpec) => `Start ${table.name}`;
const nextName = (table: TableSpec) => `Next page of ${table.name}`;
const pageName = (table: TableSpec) => `Rows of the ${table.name} page`;
const moreName = (table: TableSpec) => `More of ${table.name}?`;

/** `row(a, b)` of the key columns of `alias` (the Data Table's camelCase names when quoted). */
const keyRow = (table: TableSpec, alias: string, camel: boolean) =>
	`row(${table.key.map((k) => `${alias}.${camel ? `"${k}"` : sqlColumn(k)}`).join(', ')})`;

/** The SQL that writes one page ($1: the rows as JSON; $2: the totals so far). */
export function copyQuery(table: TableSpec): string {
	const columns = [
		...table.columns,
		{ name: 'createdAt', type: 'date' },
		{ name: 'updatedAt', type: 'date' },
	];
	const record = ['id integer', ...columns.map((c) => `"${c.name}" ${SQL_TYPES[c.type]}`)];
	const targets = ['id', ...columns.map((c) => sqlColumn(c.name))];
	const sequence = `pg_get_serial_sequence('${table.sql}', 'id')`;
	const keyNull = table.key.map((k) => `e."${k}" is null`).join(' or ');
	const keyCamel = table.key.map((k) => `e."${k}"`).join(', ');
	const ownRow = `t.id = e.id and ${keyRow(table, 't', false)} is not distinct from ${keyRow(table, 'e', true)}`;
	const id = `case when exists (select 1 from ${table.sql} t where t.id = e.id) and not exists (select 1 from ${table.sql} t where ${ownRow}) then nextval(${sequence}) else e.id end`;
	const updates = columns.map((c) => `${sqlColumn(c.name)} = excluded.${sqlColumn(c.name)}`);
	const total = (field: string) => `coalesce(($2::json->>'${field}')::integer, 0)`;
	return [
		`with source as (select * from json_to_recordset($1::json) as s(${record.join(', ')}) where s.id is not null),`,
		// The earliest row of each key; rows with an empty key part are each their own.
		`earliest as (select distinct on (${keyCamel}, (case when ${keyNull} then e.id end)) * from source e order by ${keyCamel}, (case when ${keyNull} then e.id end), e.id),`,
		`written as (insert into ${table.sql} (${targets.join(', ')}) select ${id}, ${columns.map((c) => `e."${c.name}"`).join(', ')} from earliest e`,
		// A row with an empty key part never conflicts: copied once, by its id.
		`where not (${keyNull}) or not exists (select 1 from ${table.sql} t where ${ownRow}) order by e.id`,
		`on conflict (${table.key.map(sqlColumn).join(', ')}) do update set ${updates.join(', ')}`,
		`where ${table.sql}.id = excluded.id and ${table.sql}.updated_at < excluded.updated_at`,
		'returning id, (xmax = 0) as inserted),',
		// Ids go on after the copied ones; the sequence is only ever moved forward, and only when a
		// copied id is past it (a run after the switch then leaves the running templates' ids alone).
		`copiedUpTo as (select greatest(coalesce((select max(id) from source), 0), coalesce((select max(id) from written), 0)) as id),`,
		`moved as (select case when c.id > coalesce(pg_sequence_last_value(${sequence}::regclass), 0) then setval(${sequence}, c.id) else coalesce(pg_sequence_last_value(${sequence}::regclass), 0) end as next from copiedUpTo c)`,
		'select totals.*, totals.read - totals.copied - totals.refreshed as "alreadyPresent" from (',
		`select '${table.name}' as "table",`,
		`coalesce((select max(id) from source), ${total('after')}) as after,`,
		'(select count(*) from source)::integer as "pageRows",',
		`${total('read')} + (select count(*) from source)::integer as read,`,
		`${total('copied')} + (select count(*) from written where inserted)::integer as copied,`,
		`${total('refreshed')} + (select count(*) from written where not inserted)::integer as refreshed,`,
		'(select next from moved)::integer as "idsContinueAfter") as totals',
	].join('\n');
}

const node = (
	name: string,
	type: string,
	typeVersion: number,
	position: [number, number],
	parameters: Json,
	extra: Json = {},
): Node => ({
	id: derivedId(WORKFLOW_ID, name),
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});

const postgres = (name: string, position: [number, number], query: string, replacement = '') =>
	node(
		name,
		'n8n-nodes-base.postgres',
		2.6,
		position,
		{
			operation: 'executeQuery',
			query,
			options: {
				queryBatching: 'independently',
				...(replacement ? { queryReplacement: replacement } : {}),
			},
		},
		{ credentials: POSTGRES_CREDENTIAL },
	);

const WHEN_CALLED = COPY_START_NODE;
const CALL_PAGE = (table: TableSpec) => `Copy a page of ${table.name}`;
const PAGE_OR_ALL = 'A page to copy?';
const WHICH_TABLE = 'Which table?';

/** An If on one condition of the items' values. */
const ifNode = (name: string, position: [number, number], condition: Json) =>
	node(name, 'n8n-nodes-base.if', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
			conditions: [{ id: derivedId(WORKFLOW_ID, `${name} condition`), ...condition }],
			combinator: 'and',
		},
		options: {},
	});

/**
 * The loop over one table's pages, on row `y` of the canvas. Each page is a call of this workflow
 * (its page path): n8n keeps every node's items of an execution until it ends, so the rows of a
 * page live only as long as the call, and this execution holds one totals item per page.
 */
function tableLoop(table: TableSpec, y: number): Node[] {
	const carry = {
		table: table.name,
		after: 0,
		read: 0,
		copied: 0,
		refreshed: 0,
		alreadyPresent: 0,
	};
	return [
		node(startName(table), 'n8n-nodes-base.set', 3.4, [660, y], {
			mode: 'raw',
			jsonOutput: JSON.stringify(carry),
			options: {},
		}),
		node(nextName(table), 'n8n-nodes-base.noOp', 1, [880, y], {}),
		node(
			CALL_PAGE(table),
			'n8n-nodes-base.executeWorkflow',
			1.2,
			[1100, y],
			{
				source: 'database',
				workflowId: {
					__rl: true,
					mode: 'list',
					value: WORKFLOW_ID,
					cachedResultName: WORKFLOW_NAME,
					cachedResultUrl: `/workflow/${WORKFLOW_ID}`,
				},
				mode: 'once',
				options: { waitForSubWorkflow: true },
			},
			{ notes: `Workflow: ${WORKFLOW_NAME} (this one)`, notesInFlow: true },
		),
		ifNode(moreName(table), [1320, y], {
			leftValue: '={{ $json.pageRows }}',
			rightValue: COPY_PAGE_ROWS,
			operator: { type: 'number', operation: 'equals' },
		}),
	];
}

/** One page of one table: read it, write it in one statement, give back the totals. */
function pagePath(table: TableSpec, y: number): Node[] {
	return [
		node(
			readNodeName(table),
			'n8n-nodes-base.dataTable',
			1.1,
			[880, y],
			{
				resource: 'row',
				operation: 'get',
				dataTableId: { __rl: true, mode: 'name', value: table.name },
				matchType: 'allConditions',
				filters: {
					conditions: [{ keyName: 'id', condition: 'gt', keyValue: '={{ $json.after }}' }],
				},
				limit: COPY_PAGE_ROWS,
				orderBy: true,
				orderByColumn: 'id',
				orderByDirection: 'ASC',
			},
			// An empty page still reaches the copy, which reports it and ends the loop.
			{ alwaysOutputData: true },
		),
		node(pageName(table), 'n8n-nodes-base.aggregate', 1, [1100, y], {
			aggregate: 'aggregateAllItemData',
			destinationFieldName: 'rows',
			options: {},
		}),
		postgres(
			copyNodeName(table),
			[1320, y],
			copyQuery(table),
			`={{ [JSON.stringify($json.rows), JSON.stringify($('${WHEN_CALLED}').first().json)] }}`,
		),
	];
}

/** The sticky note (a function: this module and postgresTemplates.ts import each other). */
const note = () => `## Copy the Data Tables into Postgres

Moves a running install from n8n Data Tables to the Postgres variant without starting from an empty ledger: every event, receipt and register row comes along, so an event claimed before the move is not claimed (and processed) again after it. Runbook: docs/scaling.md, Moving a running install to Postgres.

**What it does.** Creates the Postgres tables if missing (the DDL of *14 Set up the Postgres tables*), then reads each Data Table in pages by id, each page a call of this workflow (so no execution holds a whole table), and writes each page in one statement on the *${POSTGRES_CREDENTIAL.postgres.name}* credential: a row not in Postgres is inserted with its id, dates (UTC) and numbers as they are; a row already there is left alone unless its Data Table copy was updated later (then refreshed); of two Data Table rows of one key, the earliest wins, as the Data Table templates read it. A row whose id Postgres already gave a row of its own gets a new id; new Postgres rows get ids after the copied ones. *Copy report* gives per table the rows read, copied, refreshed and already present.

**Run it again at any time** before the Postgres templates archive anything: it copies only what is missing or newer. It does not check \`ledgerStore\`: you run it before and after switching it. Columns you added to a Data Table yourself are not copied.

**Cut-over.** 1. Publish this (each page is a call of this workflow, and n8n calls the published version), then run it. 2. Set \`ledgerStore\` = postgres in your *00 Returns settings* (the Data Table templates stop). 3. When no execution is running, run this again. 4. Import the Postgres templates except 00, run their 14, publish. 5. Run this once more (the error workflow's rows from the minutes between). 6. Re-send what the register lists as stopped at *Other ledger store set*.`;

/**
 * The copy template: a manual start (or a call without a page) creates the tables and loops over
 * each table's pages, then reports; a call with a page (from the loops) copies that page.
 */
export function copyTemplate(): Json {
	const tables = tableSpecs();
	const loopsAt = 140;
	const pagesAt = loopsAt + tables.length * 220 + 220;
	const nodes: Node[] = [
		node('Setup', 'n8n-nodes-base.stickyNote', 1, [-80, -520], {
			content: note(),
			width: 680,
			height: 500,
		}),
		node('Copy the tables', 'n8n-nodes-base.manualTrigger', 1, [0, loopsAt - 80], {}),
		node(WHEN_CALLED, 'n8n-nodes-base.executeWorkflowTrigger', 1.1, [0, pagesAt], {
			inputSource: 'passthrough',
		}),
		ifNode(PAGE_OR_ALL, [220, pagesAt], {
			leftValue: "={{ $json.table ?? '' }}",
			rightValue: '',
			operator: { type: 'string', operation: 'notEmpty', singleValue: true },
		}),
		node(WHICH_TABLE, 'n8n-nodes-base.switch', 3.2, [440, pagesAt], {
			mode: 'rules',
			rules: {
				values: tables.map((t) => ({
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: derivedId(WORKFLOW_ID, `${t.name} page`),
								leftValue: '={{ $json.table }}',
								rightValue: t.name,
								operator: { type: 'string', operation: 'equals' },
							},
						],
						combinator: 'and',
					},
					renameOutput: true,
					outputKey: t.name,
				})),
			},
			options: {},
		}),
		postgres(
			'Create the Postgres tables',
			[220, loopsAt],
			`${postgresDdl()}\nselect 'ready' as tables;`,
		),
		node('One run', 'n8n-nodes-base.limit', 1, [440, loopsAt], { maxItems: 1 }),
		...tables.flatMap((t, i) => tableLoop(t, loopsAt + i * 220)),
		...tables.flatMap((t, i) => pagePath(t, pagesAt + i * 220)),
		node(COPY_REPORT_NODE, 'n8n-nodes-base.set', 3.4, [1540, loopsAt + (tables.length - 1) * 220], {
			mode: 'raw',
			jsonOutput: `={{ { tables: [${tables.map((t) => `$('${CALL_PAGE(t)}').last().json`).join(', ')}] } }}`,
			options: {},
		}),
	];
	const to = (name: string) => [{ node: name, type: 'main', index: 0 }];
	const connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	> = {
		'Copy the tables': { main: [to('Create the Postgres tables')] },
		[WHEN_CALLED]: { main: [to(PAGE_OR_ALL)] },
		[PAGE_OR_ALL]: { main: [to(WHICH_TABLE), to('Create the Postgres tables')] },
		[WHICH_TABLE]: { main: tables.map((t) => to(readNodeName(t))) },
		'Create the Postgres tables': { main: [to('One run')] },
		'One run': { main: [to(startName(tables[0]))] },
	};
	tables.forEach((t, i) => {
		const after = i + 1 < tables.length ? startName(tables[i + 1]) : COPY_REPORT_NODE;
		connections[startName(t)] = { main: [to(nextName(t))] };
		connections[nextName(t)] = { main: [to(CALL_PAGE(t))] };
		connections[CALL_PAGE(t)] = { main: [to(moreName(t))] };
		connections[moreName(t)] = { main: [to(nextName(t)), to(after)] };
		connections[readNodeName(t)] = { main: [to(pageName(t))] };
		connections[pageName(t)] = { main: [to(copyNodeName(t))] };
	});
	return {
		id: WORKFLOW_ID,
		name: WORKFLOW_NAME,
		description:
			'Moves a running Data Table install to the Postgres variant: copies the event ledger, the warehouse receipts and the exception register into the Postgres tables in pages, keeping ids, dates and numbers, the earliest row of a key winning; runs again at any time and copies only what is missing or newer.',
		nodes,
		connections,
		settings: {
			executionOrder: 'v1',
			saveDataErrorExecution: 'all',
			// Each page is a call of this workflow: not kept when it succeeds (the run's report is).
			saveDataSuccessExecution: 'none',
			saveManualExecutions: true,
			callerPolicy: 'workflowsFromSameOwner',
			errorWorkflow: 'rrErrorFlow00009',
			timezone: 'UTC',
		},
		pinData: {},
		active: false,
		meta: { templateCredsSetupCompleted: false },
	};
}
