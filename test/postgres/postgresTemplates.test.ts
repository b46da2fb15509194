/**
 * The Postgres variant is generated from the Data Table templates: the committed files must be the
 * generator's output (run `npm run templates:postgres` after changing a template), every Data Table
 * node is mapped, and an operation or condition without a mapping stops the generator.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import {
	POSTGRES_DIR,
	STORE_CHECK_NODE,
	dataTableTemplates,
	postgresDdl,
	postgresTemplates,
	postgresVariant,
} from '../../scripts/postgresTemplates';
import { COPY_FILE } from '../../scripts/postgresCopyTemplate';

describe('the Postgres templates', () => {
	const generated = postgresTemplates();

	it('are committed as the generator writes them', () => {
		expect(readdirSync(POSTGRES_DIR).sort()).toEqual(Object.keys(generated).sort());
		for (const [file, text] of Object.entries(generated))
			expect({ file, text: readFileSync(resolve(POSTGRES_DIR, file), 'utf8') }).toEqual({
				file,
				text,
			});
	});

	it('hold no Data Table node (15 only reads them), pass values only as query parameters, and check the store after Settings', () => {
		for (const [file, text] of Object.entries(generated)) {
			const workflow = JSON.parse(text) as {
				nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
				connections: Record<string, { main: Array<Array<{ node: string }>> }>;
			};
			// Only the copy from a Data Table install reads Data Tables, and never writes them.
			expect({
				file,
				dataTables: workflow.nodes.filter(
					(n) =>
						n.type.endsWith('.dataTable') &&
						(file !== COPY_FILE || n.parameters.operation !== 'get'),
				),
			}).toEqual({ file, dataTables: [] });
			for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.postgres'))
				// An expression inside the SQL would splice a value into it.
				expect({
					file,
					node: node.name,
					spliced: String(node.parameters.query).includes('{{'),
				}).toEqual({ file, node: node.name, spliced: false });
			if (workflow.nodes.some((n) => n.name === 'Settings'))
				expect(workflow.connections.Settings.main[0].map((c) => c.node)).toEqual([
					STORE_CHECK_NODE,
				]);
		}
	});

	it('the templates guide shows the DDL the setup template runs', () => {
		const guide = readFileSync(resolve(__dirname, '../../docs/templates/data-tables.md'), 'utf8');
		expect(guide).toContain(postgresDdl());
	});

	it('the generator stops on a Data Table operation or condition it cannot map', () => {
		const [file, intake] = dataTableTemplates().find(([f]) => f.startsWith('01-'))!;
		const templates = dataTableTemplates().map(([, t]) => t);
		const withCondition = JSON.parse(JSON.stringify(intake)) as typeof intake;
		const read = withCondition.nodes.find((n) => n.name === 'Earliest claim of this event')!;
		(
			read.parameters.filters as { conditions: Array<{ condition: string }> }
		).conditions[0].condition = 'isTrue';
		expect(() => postgresVariant(file, withCondition, templates)).toThrow(
			/Earliest claim of this event.*filter condition "isTrue"/,
		);
		const withOperation = JSON.parse(JSON.stringify(intake)) as typeof intake;
		withOperation.nodes.find((n) => n.name === 'Drop the repeated claim')!.parameters.operation =
			'count';
		expect(() => postgresVariant(file, withOperation, templates)).toThrow(
			/Drop the repeated claim.*operation "count"/,
		);
	});
});
