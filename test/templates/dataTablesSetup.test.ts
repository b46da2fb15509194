/**
 * Template 14 (set up the Data Tables) through the harness, with n8n's real Data Table node: it
 * creates the three tables with typed columns; a second run (or a run after the tables were made)
 * creates nothing; a table made by hand with text columns, or missing a column, stops the run naming
 * the table, the column and the type it needs. The typed tables then hold what n8n would: numbers
 * sort as numbers, a date column refuses what is not a date.
 */
import { runWorkflow } from '../../harness';
import { InMemoryDataTables } from '../../harness/dataTables';
import {
	LEDGER_COLUMNS,
	loadTemplate,
	RECEIPT_COLUMNS,
	REGISTER_COLUMNS,
	SETUP_TABLES_FILE,
	tableColumns,
} from '../../harness/templateFiles';
import { readFileSync } from 'fs';
import { resolve } from 'path';

const TABLES = ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'];
const setup = loadTemplate(SETUP_TABLES_FILE);
const run = (tables: InMemoryDataTables) =>
	runWorkflow(setup, { dataTables: tables, startNode: 'When called (manual or tests)' });

describe('template 14: the Data Tables with typed columns', () => {
	it('creates the three tables with the columns and types the templates need', async () => {
		const tables = new InMemoryDataTables();
		const result = await run(tables);
		expect(result.status).toBe('success');
		expect(result.executed).toContain('Tables ready');
		for (const name of TABLES) {
			const meta = (
				await (
					await tables.provider().getDataTableAggregateProxy()
				).getManyAndCount({
					filter: { name },
				})
			).data[0] as unknown as { columns: Array<{ name: string; type: string }> };
			expect(meta.columns.map((c) => ({ name: c.name, type: c.type }))).toEqual(tableColumns(name));
		}
		const ids = result.output('Tables ready')[0].json.dataTableIds as Record<string, string>;
		expect(Object.keys(ids).sort()).toEqual([...TABLES].sort());
	});

	it('types what sorts or filters: counts and ages as numbers, timestamps as dates', () => {
		const typeOf = (columns: typeof LEDGER_COLUMNS, name: string) =>
			columns.find((c) => c.name === name)?.type;
		expect(typeOf(LEDGER_COLUMNS, 'attempts')).toBe('number');
		expect(typeOf(RECEIPT_COLUMNS, 'attempts')).toBe('number');
		expect(typeOf(REGISTER_COLUMNS, 'ageDays')).toBe('number');
		for (const column of ['receivedAt', 'processedAt']) {
			expect(typeOf(LEDGER_COLUMNS, column)).toBe('date');
			expect(typeOf(RECEIPT_COLUMNS, column)).toBe('date');
		}
		for (const column of ['deadline', 'detectedAt', 'resolvedAt'])
			expect(typeOf(REGISTER_COLUMNS, column)).toBe('date');
		// The money at stake per currency is text: two currencies are never one number.
		expect(typeOf(REGISTER_COLUMNS, 'amount')).toBe('string');
		for (const column of ['recommendedAction', 'executionUrl'])
			expect(typeOf(REGISTER_COLUMNS, column)).toBe('string');
	});

	it('run twice, creates nothing twice and keeps the rows', async () => {
		const tables = new InMemoryDataTables();
		await run(tables);
		tables.insert('Exception Register', { exceptionId: 'x1', status: 'open', ageDays: 3 });
		const second = await run(tables);
		expect(second.status).toBe('success');
		const all = (
			await (await tables.provider().getDataTableAggregateProxy()).getManyAndCount({})
		).data.map((t) => t.name);
		expect(all.sort()).toEqual([...TABLES].sort());
		expect(tables.rows('Exception Register')).toHaveLength(1);
	});

	it('keeps a table made by hand with the right columns', async () => {
		const tables = new InMemoryDataTables();
		tables.create('Warehouse Receipts', RECEIPT_COLUMNS);
		const result = await run(tables);
		expect(result.status).toBe('success');
	});

	it('stops, naming table, column and type, when an older table has text columns or lacks one', async () => {
		const tables = new InMemoryDataTables();
		tables.create(
			'Exception Register',
			REGISTER_COLUMNS.filter((c) => c.name !== 'executionUrl').map((c) => c.name),
		);
		const result = await run(tables);
		expect(result.status).toBe('error');
		const message = result.nodeError('Fix these columns')?.message ?? '';
		expect(message).toContain('Exception Register: column ageDays is string, needs number');
		expect(message).toContain('Exception Register: column deadline is string, needs date');
		expect(message).toContain('Exception Register: column executionUrl is missing (type string)');
		// Columns with the right type are not named.
		expect(message).not.toContain('column exceptionId');
		expect(message).not.toContain('Returns Event Ledger');
	});

	it('the typed tables behave as n8n: numbers sort as numbers, a date column refuses a non-date', async () => {
		const tables = new InMemoryDataTables();
		await run(tables);
		for (const [id, age] of [
			['a', 101],
			['b', 99],
			['c', '7'],
		] as const)
			tables.insert('Exception Register', { exceptionId: id, status: 'open', ageDays: age });
		const proxy = await tables.provider().getDataTableProxy(
			undefined,
			undefined,
			(
				await (
					await tables.provider().getDataTableAggregateProxy()
				).getManyAndCount({
					filter: { name: 'Exception Register' },
				})
			).data[0].id,
		);
		const sorted = await proxy.getManyRowsAndCount({ sortBy: ['ageDays', 'ASC'] });
		expect(sorted.data.map((r) => r.ageDays)).toEqual([7, 99, 101]);
		expect(() => tables.insert('Exception Register', { exceptionId: 'd', deadline: '' })).toThrow(
			/does not match column type 'date'/,
		);
		expect(() =>
			tables.insert('Exception Register', { exceptionId: 'e', deadline: 'next week' }),
		).toThrow(/does not match column type 'date'/);
		expect(() => tables.insert('Exception Register', { exceptionId: 'f', ageDays: 'old' })).toThrow(
			/does not match column type 'number'/,
		);
		expect(() => tables.insert('Exception Register', { exceptionId: 'g', colour: 'red' })).toThrow(
			/unknown column name 'colour'/,
		);
		// null is "no value" in every type; an ISO date is a date.
		expect(
			tables.insert('Exception Register', {
				exceptionId: 'h',
				deadline: '2026-03-31',
				resolvedAt: null,
			}).deadline,
		).toEqual(new Date('2026-03-31T00:00:00.000Z'));
	});
});

describe('the register and ledger guide lists the columns template 14 creates', () => {
	const guide = readFileSync(
		resolve(__dirname, '..', '..', 'docs', 'templates', 'data-tables.md'),
		'utf8',
	);
	it.each(TABLES)('%s: same columns, in order, with their types', (table) => {
		const row = guide.split('\n').find((line) => line.startsWith(`| **${table}** |`));
		expect(row).toBeDefined();
		const cells = row!.split('|').map((c) => c.trim());
		const listed = cells[cells.length - 2];
		expect(listed).toBe(
			tableColumns(table)
				.map((c) => (c.type === 'string' ? c.name : `${c.name} (${c.type})`))
				.join(', '),
		);
	});
});
