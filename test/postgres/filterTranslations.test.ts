/**
 * Each Data Table filter condition the templates use, run through n8n's real Data Table node on the
 * harness's Data Tables (which follow n8n's service and repository: harness/dataTables.ts cites
 * them) and through the generated SQL on PostgreSQL by n8n's real Postgres node, on rows that sit
 * on both sides of every boundary: null and '', case, `%`, `_` and `\` in the data and in the
 * value, one order number inside another, numbers and dates compared as numbers and instants. Both
 * must return the same rows for every value; a few expectations read from n8n's source pin the
 * harness itself.
 *
 * The templates' conditions (workflows-templates/*.json): eq on nearly every read, ilike in 10, 11
 * and 12 (order numbers and SKUs), gte on dates in 04, 06 and 07, neq on a row id in 02 and 03 and
 * on a status in 07, isEmpty on a date in 06, and in 04 a condition chosen by an expression
 * (isEmpty, isNotEmpty, eq or like on orderNumber).
 */
import { runWorkflow } from '../../harness';
import { loadTemplate, type Template } from '../../harness/templateFiles';
import { dataTableTemplates, postgresVariant } from '../../scripts/postgresTemplates';
import { dataTableStore, postgresStore, type Store } from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

const LEDGER = 'Returns Event Ledger';
const START = 'When called (manual or tests)';
const READ = 'Read';

const ORDER_NUMBERS = [
	null,
	'',
	'1234',
	'11234',
	'12345',
	'1234X',
	'abc',
	'ABC',
	'a_c',
	'a%c',
	'a\\c',
	'111-2223334-4445550',
	'___-_______-1',
	'SO-1001-B',
];
const STATUSES = [null, '', 'processed', 'Processed', 'processed '];
const RECEIVED = [
	null,
	'2026-03-01T00:00:00.000Z',
	'2026-03-01T00:00:00.001Z',
	'2026-02-28T23:59:59.999Z',
	'2026-03-02T00:00:00.000Z',
];
const ATTEMPTS = [null, 0, 2, 9, 10, 10.5, 100];

/** Rows cycling through each column's values (lists of different lengths: many pairings). */
const ROWS = Array.from({ length: 28 }, (_, i) => ({
	eventId: `row-${i}`,
	eventType: 'probe',
	orderNumber: ORDER_NUMBERS[i % ORDER_NUMBERS.length],
	status: STATUSES[i % STATUSES.length],
	receivedAt: RECEIVED[i % RECEIVED.length],
	attempts: ATTEMPTS[i % ATTEMPTS.length],
}));

const TEXT_VALUES = [null, '', '1234', 'abc', 'ABC', 'a_c', 'processed', 'Processed'];
const LIKE_VALUES = [
	'',
	'1234',
	'234',
	'%4',
	'1%',
	'abc',
	'ABC',
	'a_c',
	'a%c',
	'a\\c',
	'\\',
	'_',
	'%-%-%',
	'___-_______-%',
	'PROCESSED',
];
const INSTANTS = [
	'2026-03-01T00:00:00.000Z',
	// The same instant in another offset.
	'2026-03-01T01:00:00.000+01:00',
	'2026-02-28T23:59:59.999Z',
	'2026-03-01T00:00:00.001Z',
];
const NUMBERS = [10, '10', 9, '9.5', 0, 2, 100];

interface Probe {
	column: string;
	condition: string;
	values: unknown[];
	/** The condition chosen by an expression as 04 does, not written in the node. */
	chosen?: boolean;
}

const PROBES: Probe[] = [
	...['eq', 'neq'].flatMap((condition) =>
		['orderNumber', 'status'].map((column) => ({ column, condition, values: TEXT_VALUES })),
	),
	...['like', 'ilike'].flatMap((condition) =>
		['orderNumber', 'status'].map((column) => ({ column, condition, values: LIKE_VALUES })),
	),
	...['isEmpty', 'isNotEmpty'].flatMap((condition) =>
		['orderNumber', 'status', 'receivedAt', 'attempts'].map((column) => ({
			column,
			condition,
			values: [''],
		})),
	),
	...['eq', 'neq', 'gt', 'gte', 'lt', 'lte'].flatMap((condition) => [
		{
			column: 'receivedAt',
			condition,
			values: condition.endsWith('q') ? [null, ...INSTANTS] : INSTANTS,
		},
		{
			column: 'attempts',
			condition,
			values: condition.endsWith('q') ? [null, '', ...NUMBERS] : ['', ...NUMBERS],
		},
	]),
	...['eq', 'neq'].map((condition) => ({
		column: 'id',
		condition,
		values: [1, '2', 0, '', 28, 29],
	})),
	// 04's partition reads: the condition comes with its value from the item.
	{
		column: 'orderNumber',
		condition: 'chosen',
		chosen: true,
		values: [
			['isNotEmpty', ''],
			['isEmpty', ''],
			['eq', '1234'],
			['eq', 'the box step reads no order rows'],
			['like', '%4'],
			['like', '%-%-%'],
			['like', '___-_______-%'],
			['neq', 'abc'],
			['ilike', 'abc'],
		],
	},
];

/** One Data Table read of the ledger: the probe's condition, its value from each item. */
function probeWorkflow(probe: Probe): Template {
	return {
		id: 'filterProbe',
		name: `Probe ${probe.column} ${probe.condition}`,
		nodes: [
			// The entry every template has for tests and other workflows (items pass through).
			loadTemplate('14-data-tables-setup.json').nodes.find((n) => n.name === START)!,
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: READ,
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: {
					resource: 'row',
					operation: 'get',
					dataTableId: { __rl: true, mode: 'name', value: LEDGER },
					matchType: 'allConditions',
					filters: {
						conditions: [
							{
								keyName: probe.column,
								condition: probe.chosen ? '={{ $json.value[0] }}' : probe.condition,
								keyValue: probe.chosen ? '={{ $json.value[1] }}' : '={{ $json.value }}',
							},
						],
					},
					returnAll: true,
				},
			},
		],
		connections: { [START]: { main: [[{ node: READ, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as unknown as Template;
}

/** For each value of the probe, the event ids of the rows its read returned. */
async function read(
	store: Store,
	probe: Probe,
	options: Record<string, unknown>,
): Promise<Record<string, string[]>> {
	const dataTable = probeWorkflow(probe);
	const workflow =
		store.name === 'postgres'
			? (postgresVariant(
					'probe.json',
					dataTable as never,
					dataTableTemplates().map(([, t]) => t),
				) as unknown as Template)
			: dataTable;
	const run = await runWorkflow(workflow, {
		startNode: START,
		triggerItems: probe.values.map((value) => ({ json: { value } as never })),
		...options,
	});
	if (run.status !== 'success')
		throw new Error(
			`${store.name}: ${probe.column} ${probe.condition} failed: ${run.error?.message} ${run.error?.description ?? ''}`,
		);
	const found: Record<string, string[]> = Object.fromEntries(
		probe.values.map((value) => [JSON.stringify(value), []]),
	);
	for (const item of run.output(READ)) {
		if (typeof item.json.eventId !== 'string') continue;
		const paired = item.pairedItem as { item: number } | Array<{ item: number }>;
		const index = Array.isArray(paired) ? paired[0].item : paired.item;
		found[JSON.stringify(probe.values[index])].push(item.json.eventId);
	}
	for (const ids of Object.values(found)) ids.sort();
	return found;
}

const eventIds = (pick: (row: (typeof ROWS)[number]) => boolean) =>
	ROWS.filter(pick)
		.map((row) => row.eventId)
		.sort();

describe('Data Table filter conditions: the Data Tables and the generated SQL return the same rows', () => {
	let db: LedgerPostgres;
	let dataTable: Store & { dataTables: unknown };
	let postgres: Store;

	beforeAll(async () => {
		db = await startLedgerPostgres();
		dataTable = dataTableStore();
		postgres = postgresStore(db);
		for (const row of ROWS) {
			dataTable.tables.insert(LEDGER, row);
			postgres.tables.insert(LEDGER, row);
		}
		// Same ids on both: the id probes compare like with like.
		const ids = (store: Store) =>
			store.tables.rows(LEDGER).map((row) => [row.id, row.eventId] as const);
		expect(ids(postgres)).toEqual(ids(dataTable));
	}, 300_000);
	afterAll(async () => {
		await db?.stop();
	});

	const runBoth = async (probe: Probe) => ({
		dataTable: await read(dataTable, probe, { dataTables: dataTable.dataTables }),
		postgres: await read(postgres, probe, { credentials: { postgres: db.credential } }),
	});

	it.each(PROBES.map((probe) => [`${probe.column} ${probe.condition}`, probe] as const))(
		'%s',
		async (_name, probe) => {
			const { dataTable: onDataTables, postgres: onPostgres } = await runBoth(probe);
			expect(onPostgres).toEqual(onDataTables);
		},
		120_000,
	);

	it("n8n's rules, read from its source: neq keeps nulls, eq '' is not null, _ is itself, like is contains without %", async () => {
		const probe = (column: string, condition: string, values: unknown[]) =>
			runBoth({ column, condition, values }).then((r) => r.postgres);
		const status = await probe('status', 'neq', ['processed', null]);
		expect(status['"processed"']).toEqual(eventIds((r) => r.status !== 'processed'));
		expect(status.null).toEqual(eventIds((r) => r.status !== null));
		const empty = await probe('status', 'eq', ['', null]);
		expect(empty['""']).toEqual(eventIds((r) => r.status === ''));
		expect(empty.null).toEqual(eventIds((r) => r.status === null));
		const like = await probe('orderNumber', 'like', ['a_c', '1234', '%4', '___-_______-%']);
		expect(like['"a_c"']).toEqual(eventIds((r) => r.orderNumber === 'a_c'));
		expect(like['"1234"']).toEqual(
			eventIds((r) => ['1234', '11234', '12345', '1234X'].includes(String(r.orderNumber))),
		);
		expect(like['"%4"']).toEqual(eventIds((r) => /4$/.test(String(r.orderNumber ?? ''))));
		expect(like['"___-_______-%"']).toEqual(eventIds((r) => r.orderNumber === '___-_______-1'));
		const ilike = await probe('status', 'ilike', ['PROCESSED']);
		expect(ilike['"PROCESSED"']).toEqual(eventIds((r) => /^processed/i.test(String(r.status))));
		// '' in a number column is 0 (n8n's validateFieldType); numbers compare as numbers.
		const attempts = await probe('attempts', 'lt', ['', '10']);
		expect(attempts['""']).toEqual([]);
		expect(attempts['"10"']).toEqual(eventIds((r) => r.attempts !== null && r.attempts < 10));
		const dates = await probe('receivedAt', 'gte', ['2026-03-01T01:00:00.000+01:00']);
		expect(dates['"2026-03-01T01:00:00.000+01:00"']).toEqual(
			eventIds((r) => r.receivedAt !== null && r.receivedAt >= '2026-03-01T00:00:00.000Z'),
		);
	}, 300_000);
});
