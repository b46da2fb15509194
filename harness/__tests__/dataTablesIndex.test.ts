/**
 * The in-memory Data Tables index their identity columns for `eq` lookups: an index must never
 * change an answer. Random inserts, updates, upserts and deletes, each followed by lookups, give
 * the same rows in the same order as a scan of the table.
 */
import type { DataTableFilter, DataTableRowReturn } from 'n8n-workflow';
import { InMemoryDataTables } from '../dataTables';
import { Random } from '../../sandbox/scenario/random';

describe('Data Table index', () => {
	it('answers as a scan would, through inserts, updates, upserts and deletes', async () => {
		const tables = new InMemoryDataTables();
		const meta = tables.create('Ledger', [
			'eventId',
			'returnId',
			'status',
			{ name: 'attempts', type: 'number' },
		]);
		const service = await tables.provider().getDataTableProxy(null, null, meta.id);
		const random = new Random(7);
		const pick = (n: number) => String(random.int(0, n));
		const eq = (columnName: string, value: unknown): DataTableFilter => ({
			type: 'and',
			filters: [{ columnName, condition: 'eq', value: value as string }],
		});
		const scan = (column: string, value: string) =>
			tables
				.rows('Ledger')
				.filter((r) => String(r[column] ?? '') === value)
				.map((r) => r.id);
		const ids = (rows: DataTableRowReturn[]) => rows.map((r) => r.id);
		for (let step = 0; step < 400; step++) {
			const roll = random.next();
			if (roll < 0.4)
				await service.insertRows(
					[{ eventId: `e${pick(40)}`, returnId: `r${pick(15)}`, status: 'received', attempts: 0 }],
					'id',
				);
			else if (roll < 0.6)
				await service.updateRows({
					filter: eq('eventId', `e${pick(40)}`),
					data: { returnId: `r${pick(15)}`, status: 'processed' },
				});
			else if (roll < 0.7)
				await service.upsertRow({
					filter: eq('returnId', `r${pick(15)}`),
					data: { eventId: `e${pick(40)}`, attempts: random.int(0, 3) },
				});
			else if (roll < 0.8) await service.deleteRows({ filter: eq('eventId', `e${pick(40)}`) });
			for (const column of ['eventId', 'returnId', 'status']) {
				const value = column === 'status' ? 'processed' : `${column[0]}${pick(40)}`;
				const { data } = await service.getManyRowsAndCount({ filter: eq(column, value) });
				expect([column, value, ids(data)]).toEqual([column, value, scan(column, value)]);
			}
			const some = tables.rows('Ledger')[0];
			if (some) {
				// An id asked for as text, as a template's expression hands it over.
				const { data } = await service.getManyRowsAndCount({ filter: eq('id', String(some.id)) });
				expect(ids(data)).toEqual([some.id]);
			}
		}
		expect(tables.rows('Ledger').length).toBeGreaterThan(10);
	});
});
