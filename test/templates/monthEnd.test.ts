/**
 * Template 07's schedule: it fires every day and closes only on the close day, the last day of the
 * month by default (28, 29, 30 or 31 by month and leap year), or the day number set in Settings,
 * where a month shorter than that day closes on its last day. A run by hand always closes. The
 * reconciliation it calls is a stub and the template stops after it: the close pack itself is
 * covered in closePack.test.ts, the close against a full scenario in reconciliationTemplates.
 */
import { runWorkflow } from '../../harness';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
	calledWorkflowStub,
} from '../../harness/templateFiles';

const shipped = loadTemplate('07-month-end-close.json');
/** 07 up to the fresh reconciliation: whether the close ran, without the vendor reads after it. */
const template: Template = {
	...shipped,
	connections: Object.fromEntries(
		Object.entries(shipped.connections).filter(([from]) => from !== 'Fresh reconciliation'),
	),
};
const schedule = template.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
const stubNightly = calledWorkflowStub(
	template,
	'Fresh reconciliation',
	'When called by month-end',
);
const nightlyId = stubNightly.id;

/** Whether the close ran when the schedule fired at this instant (the trigger's own item shape). */
async function closes(timestamp: string, closeDay?: string): Promise<boolean> {
	const json = closeDay ? withSettings(template, { closeDay }) : template;
	const run = await runWorkflow(json, {
		startNode: schedule.name,
		triggerItems: [{ json: { timestamp, Timezone: 'UTC (UTC+00:00)' } }],
		dataTables: templateTables(),
		workflows: { [nightlyId]: stubNightly },
	});
	if (run.status !== 'success') throw new Error(`07 failed: ${run.error?.message}`);
	return run.executed.includes('Fresh reconciliation');
}

it('fires every day (the close-day rule is in the workflow, not in a cron that cannot say "last day")', () => {
	const interval = (schedule.parameters.rule as { interval: Array<Record<string, string>> })
		.interval[0];
	expect(interval.expression).toBe('0 6 * * *');
});

it.each([
	['2026-01-31T06:00:00.000+00:00', true],
	['2026-01-30T06:00:00.000+00:00', false],
	['2026-02-28T06:00:00.000+00:00', true],
	['2026-02-27T06:00:00.000+00:00', false],
	['2028-02-28T06:00:00.000+00:00', false],
	['2028-02-29T06:00:00.000+00:00', true],
	['2026-04-30T06:00:00.000+00:00', true],
	['2026-04-29T06:00:00.000+00:00', false],
	['2026-05-01T06:00:00.000+00:00', false],
])('closes on the last day by default: %s -> %s', async (timestamp, expected) => {
	expect(await closes(timestamp)).toBe(expected);
});

it.each([
	['2026-03-25T06:00:00.000+00:00', '25', true],
	['2026-03-24T06:00:00.000+00:00', '25', false],
	['2026-03-26T06:00:00.000+00:00', '25', false],
	['2026-02-28T06:00:00.000+00:00', '31', true],
	['2026-03-30T06:00:00.000+00:00', '31', false],
	['2026-03-31T06:00:00.000+00:00', '31', true],
])('closes on a chosen day: %s with closeDay %s -> %s', async (timestamp, closeDay, expected) => {
	expect(await closes(timestamp, closeDay)).toBe(expected);
});

it('a run by hand (or called by another workflow) always closes', async () => {
	const run = await runWorkflow(template, {
		startNode: 'When called (manual or month-end)',
		triggerItems: [{ json: {} }],
		dataTables: templateTables(),
		workflows: { [nightlyId]: stubNightly },
	});
	expect(run.status).toBe('success');
	expect(run.executed).toContain('Fresh reconciliation');
});
