/**
 * `claimSettleSeconds` in 00 (docs/scaling.md, "Exactly-once across workers"): every Data Table
 * claim insert is followed by a Wait of that many seconds before it reads back the earliest row of
 * its key, so an insert that took an earlier id but was not yet committed (n8n's insert on
 * Postgres) is seen. 0 as shipped and when a saved 00 lacks it; 0 to 10 accepted; any other value
 * stops the claim with an error naming the setting and the value. The Postgres variant, whose
 * claims a unique key makes strict, has no such Wait.
 */
import { readdirSync } from 'fs';
import { runWorkflow } from '../../harness';
import {
	ABSENT_SETTING,
	allTemplates,
	loadTemplate,
	withRawSetting,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { claimInserts as claimInsertSet, POSTGRES_DIR } from '../../scripts/postgresTemplates';
import { readPostgresTemplate } from '../postgres/ledgerPostgres';

const WAIT = 'n8n-nodes-base.wait';

/** The claim inserts of a template, as the Postgres generator finds them (its `First ...?` Ifs). */
const claimInserts = (template: Template) => [
	...claimInsertSet(template as unknown as Parameters<typeof claimInsertSet>[0]),
];

const next = (template: Template, name: string) =>
	(template.connections[name]?.main ?? []).flat().map((c) => c!.node);

const dataTableTemplates = Object.values(allTemplates());
const postgresTemplates = readdirSync(POSTGRES_DIR)
	.filter((f) => f.endsWith('.json'))
	.map(readPostgresTemplate);

/** A workflow of 01's Settings node (00 with these values, or without the setting) and one Wait. */
function settleWith(wait: Template['nodes'][number], value: unknown): Template {
	const intake = loadTemplate('01-happy-returns-intake.json');
	const settingsNode = intake.nodes.find((n) => n.name === 'Settings')!;
	const workflow = withSettings(
		{
			...intake,
			nodes: [
				{
					id: 'start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{ ...settingsNode, position: [200, 0] },
				{ ...wait, position: [400, 0] },
			],
			connections: {
				Start: { main: [[{ node: 'Settings', type: 'main', index: 0 }]] },
				Settings: { main: [[{ node: wait.name, type: 'main', index: 0 }]] },
			},
		} as Template,
		{},
	);
	expect(withRawSetting(workflow, 'claimSettleSeconds', value)).toBe(0);
	return workflow;
}

describe('claimSettleSeconds: each Data Table claim waits it out before reading back', () => {
	const claiming = dataTableTemplates.filter((t) => claimInserts(t).length > 0);

	it.each(claiming.map((t) => [t.name, t] as const))(
		'%s: every claim insert feeds one Wait of claimSettleSeconds, which feeds the read-back',
		(_name, template) => {
			for (const insert of claimInserts(template)) {
				const after = next(template, insert);
				const wait = template.nodes.find((n) => n.name === after[0]);
				// 09 claims before it reads the settings (a broken 00 is still recorded) and waits for none.
				if (template.id === 'rrErrorFlow00009') {
					expect(wait?.type).not.toBe(WAIT);
					continue;
				}
				expect(after).toHaveLength(1);
				expect(wait?.type).toBe(WAIT);
				expect(wait!.parameters.unit).toBe('seconds');
				expect(String(wait!.parameters.amount)).toContain(
					"$('Settings').first().json.settings.claimSettleSeconds",
				);
				const readBack = template.nodes.find((n) => n.name === next(template, wait!.name)[0])!;
				expect(readBack.type).toBe('n8n-nodes-base.dataTable');
				expect(readBack.parameters).toMatchObject({
					operation: 'get',
					orderByColumn: 'id',
					orderByDirection: 'ASC',
				});
			}
		},
	);

	it('the Postgres variant has none: its claims insert, then read back at once', () => {
		for (const template of postgresTemplates) {
			expect(template.nodes.filter((n) => n.type === WAIT).map((n) => n.name)).toEqual([]);
			for (const insert of claimInserts(template))
				expect(template.nodes.find((n) => n.name === next(template, insert)[0])?.type).toBe(
					'n8n-nodes-base.postgres',
				);
		}
	});

	const waits = claiming
		.flatMap((t) => t.nodes.filter((n) => n.type === WAIT).map((n) => [t.name, n] as const))
		.filter(([, n]) => n.name.startsWith('Let rival'));

	it('every claim Wait reads the setting the same way', () => {
		expect(waits.length).toBeGreaterThanOrEqual(11);
		expect(new Set(waits.map(([, n]) => n.parameters.amount)).size).toBe(1);
	});

	const [, wait] = waits[0];

	it.each([
		['as shipped (0)', 0],
		['absent from a saved 00 (reads as 0)', ABSENT_SETTING],
		['0.25 seconds', 0.25],
	])('%s: the claim goes on', async (_label, value) => {
		const result = await runWorkflow(settleWith(wait, value));
		expect(result.error).toBeUndefined();
		expect(result.output(wait.name)).toHaveLength(1);
	});

	it('10 seconds, the largest accepted: the claim goes on', async () => {
		const result = await runWorkflow(settleWith(wait, 10));
		expect(result.error).toBeUndefined();
		expect(result.output(wait.name)).toHaveLength(1);
	}, 30_000);

	it.each([
		['-0.01', -0.01],
		['10.01', 10.01],
		['"2" (text)', '2'],
		['"" (empty text)', ''],
	])('%s: the claim stops, naming the setting and the value', async (_label, value) => {
		const result = await runWorkflow(settleWith(wait, value));
		const error = result.nodeError(wait.name);
		expect(error).toBeDefined();
		expect(`${error!.message} ${error!.description}`).toContain(
			`claimSettleSeconds in 00 Returns settings must be a number of seconds from 0 to 10, not ${JSON.stringify(value)}`,
		);
		expect(result.output(wait.name)).toHaveLength(0);
	});
});
