/**
 * The store is chosen in 00 Returns settings (ledgerStore): each variant runs only under its own
 * choice and stops naming both values otherwise, before it reads or writes a table; settings saved
 * before the setting existed mean the Data Tables.
 */
import { runWorkflow } from '../../harness';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { STORE_STOP_NODE } from '../../scripts/postgresTemplates';
import { readPostgresTemplate } from './ledgerPostgres';

const START = 'When called (manual or tests)';

async function setUp(template: Template) {
	const tables = templateTables();
	const run = await runWorkflow(template, {
		startNode: START,
		triggerItems: [{ json: {} }],
		dataTables: tables,
	});
	return { run, tables };
}

/** The settings as saved before ledgerStore existed: the assignment is not there at all. */
function withoutStoreSetting(template: Template): Template {
	const settings = template.nodes.find((n) => n.name === 'Settings')!;
	const inline = JSON.parse(String(settings.parameters.workflowJson)) as Template;
	const values = inline.nodes.find((n) => n.name === 'Returns settings')!.parameters
		.assignments as { assignments: Array<{ name: string }> };
	values.assignments = values.assignments.filter((a) => a.name !== 'settings.ledgerStore');
	settings.parameters.workflowJson = JSON.stringify(inline);
	return template;
}

describe('ledgerStore in 00 Returns settings', () => {
	it('a Data Table template under postgres stops before it touches a table', async () => {
		const { run, tables } = await setUp(
			withSettings(loadTemplate('14-data-tables-setup.json'), { ledgerStore: 'postgres' }),
		);
		expect(run.status).toBe('error');
		expect(run.run.data.resultData.lastNodeExecuted).toBe(STORE_STOP_NODE);
		expect(run.error?.message).toMatch(
			/keeps the ledger in n8n Data Tables.*ledgerStore = postgres/,
		);
		expect(tables.rows('Returns Event Ledger')).toEqual([]);
		expect(run.output('Returns Event Ledger')).toEqual([]);
	});

	it('a Postgres template under dataTable (as the Data Table settings ship) stops before it queries', async () => {
		const { run } = await setUp(
			withSettings(readPostgresTemplate('14-postgres-tables-setup.json'), {
				ledgerStore: 'dataTable',
			}),
		);
		expect(run.status).toBe('error');
		expect(run.run.data.resultData.lastNodeExecuted).toBe(STORE_STOP_NODE);
		expect(run.error?.message).toMatch(/keeps the ledger in Postgres.*ledgerStore = dataTable/);
	});

	it('settings saved without ledgerStore mean the Data Tables', async () => {
		const { run } = await setUp(
			withoutStoreSetting(withSettings(loadTemplate('14-data-tables-setup.json'), {})),
		);
		expect(run.status).toBe('success');
		expect(run.output('Tables ready')).toHaveLength(1);
		const pg = await setUp(
			withoutStoreSetting(withSettings(readPostgresTemplate('14-postgres-tables-setup.json'), {})),
		);
		expect(pg.run.run.data.resultData.lastNodeExecuted).toBe(STORE_STOP_NODE);
	});
});
