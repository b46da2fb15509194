/**
 * What the exactly-once tests of the register writers share (04, 05, 06, 10, 12): the register as a
 * reader sees it (the earliest row of each exception id), the worst interleaving of executions at
 * once (every insert held until each execution has made the read that decided it), and the
 * register writes' scans as Postgres would make them (harness/dataTables.ts, countWriteScans).
 */
import type { IDataObject } from 'n8n-workflow';
import type { InMemoryDataTables } from '../../harness';
import type { WriteScan } from '../../harness/dataTables';
import type { Template } from '../../harness/templateFiles';

const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];

/**
 * The register as a reader sees it: the earliest row of each exception id, every column but the
 * table's own (row id, timestamps) and `leaveOut` (columns a run stamps with the wall clock), in a
 * stable order.
 */
export function effectiveRegister(
	tables: InMemoryDataTables,
	leaveOut: readonly string[] = [],
): string[] {
	const earliest = new Map<string, IDataObject>();
	for (const row of [...tables.rows('Exception Register')].sort(
		(a, b) => Number(a.id) - Number(b.id),
	))
		if (!earliest.has(String(row.exceptionId))) earliest.set(String(row.exceptionId), row);
	const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
	return [...earliest.values()]
		.map((row) =>
			JSON.stringify(
				Object.entries(row)
					.filter(([column]) => !SYSTEM_COLUMNS.includes(column) && !leaveOut.includes(column))
					.map(([column, value]) => [column, text(value)]),
			),
		)
		.sort();
}

/** How many register rows share an exception id with an earlier row. */
export function repeatedExceptionIds(tables: InMemoryDataTables): number {
	const ids = tables.rows('Exception Register').map((r) => r.exceptionId);
	return ids.length - new Set(ids).size;
}

/**
 * Holds each insert of the nodes in `decidedBy` (insert node: the read that decided it) until that
 * read has been made `reads` times: the worst interleaving of executions at once, where each finds
 * a record or an exception absent and adds it.
 */
export function holdInsertsUntilRead(
	tables: InMemoryDataTables,
	decidedBy: Record<string, string>,
	reads: number,
): void {
	const read = new Map<string, number>();
	const original = tables.provider.bind(tables);
	tables.provider = () => {
		const provider = original();
		const getProxy = provider.getDataTableProxy;
		provider.getDataTableProxy = async (...args: Parameters<typeof getProxy>) => {
			const service = await getProxy(...args);
			const node = String((args[1] as { name?: string }).name);
			if (Object.values(decidedBy).includes(node))
				return {
					...service,
					getManyRowsAndCount: async (dto) => {
						const result = await service.getManyRowsAndCount(dto);
						read.set(node, (read.get(node) ?? 0) + 1);
						return result;
					},
				};
			const reader = decidedBy[node];
			if (reader)
				return {
					...service,
					insertRows: (async (...insert: Parameters<typeof service.insertRows>) => {
						while ((read.get(reader) ?? 0) < reads)
							await new Promise((resolve) => setTimeout(resolve, 5));
						return await service.insertRows(...insert);
					}) as typeof service.insertRows,
				};
			return service;
		};
		return provider;
	};
}

/** The template's nodes that write to the exception register (insert, update, upsert, delete). */
export function registerWriters(template: Template): string[] {
	return template.nodes
		.filter((node) => {
			const p = node.parameters as IDataObject;
			return (
				node.type === 'n8n-nodes-base.dataTable' &&
				(p.dataTableId as IDataObject | undefined)?.value === 'Exception Register' &&
				p.operation !== 'get'
			);
		})
		.map((node) => node.name);
}

/** The counted scans of the register writers, by node. */
export function registerWriteScans(
	template: Template,
	scans: Map<string, WriteScan>,
): Record<string, WriteScan> {
	const writers = registerWriters(template);
	return Object.fromEntries([...scans].filter(([node]) => writers.includes(node)));
}
