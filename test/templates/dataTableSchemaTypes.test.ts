/**
 * Every Data Table node that writes columns carries, in its column mapping's schema, the type n8n's
 * editor gives that column: the type template 14 creates it with, a `date` column shown as
 * `dateTime` (n8n-nodes-base's DataTable `getDataTables` resource-mapper method). n8n-core checks
 * each mapped value against that schema when the node runs (`validateValueAgainstSchema`), and the
 * editor refreshes a schema from the table when it opens the node: with every column declared as
 * text, what ran as shipped and what ran after a user opened and saved the node were two different
 * validations. With the real types they are one, and every template test runs it.
 */
import { allTemplates, tableColumns, type Template } from '../../harness/templateFiles';

interface SchemaEntry {
	id: string;
	type: string;
}

/** The type n8n's resource mapper shows for a Data Table column type. */
const editorType = (columnType: string) => (columnType === 'date' ? 'dateTime' : columnType);

function mappedColumns(template: Template) {
	return template.nodes
		.filter((n) => n.type === 'n8n-nodes-base.dataTable')
		.flatMap((n) => {
			const columns = n.parameters.columns as { schema?: SchemaEntry[] } | undefined;
			const table = (n.parameters.dataTableId as { value?: string } | undefined)?.value;
			if (!columns?.schema || !table) return [];
			return columns.schema.map((entry) => ({ node: n.name, table, entry }));
		});
}

describe('Data Table column mappings declare the table types', () => {
	const templates = Object.values(allTemplates());
	const rows = templates.flatMap((t) => mappedColumns(t).map((m) => ({ template: t.name, ...m })));

	it('finds mapped columns in the templates that write rows', () => {
		expect(rows.length).toBeGreaterThan(100);
		expect(new Set(rows.map((r) => r.table))).toEqual(
			new Set(['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register']),
		);
	});

	it('gives each mapped column the type its table has (dates as dateTime)', () => {
		const typesOf = new Map(
			['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'].map((table) => [
				table,
				new Map(tableColumns(table).map((c) => [c.name, editorType(c.type)])),
			]),
		);
		const wrong = rows
			.filter((r) => typesOf.get(r.table)?.get(r.entry.id) !== r.entry.type)
			.map(
				(r) =>
					`${r.template} / ${r.node}: ${r.entry.id} is ${r.entry.type}, ` +
					`${r.table} has ${typesOf.get(r.table)?.get(r.entry.id) ?? 'no such column'}`,
			);
		expect(wrong).toEqual([]);
	});
});
