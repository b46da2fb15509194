/**
 * The register's own columns for what a person acts on: a failed run's row (template 09) carries
 * the link to the failed execution and the recommended action as columns, not inside `details`.
 */
import { runWorkflow } from '../../harness';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';

let alerts: AlertSink;
beforeAll(async () => {
	alerts = await startAlertSink();
});
afterAll(async () => alerts.close());

it('09: a failed execution row links the execution and says what to do, in their own columns', async () => {
	const tables = templateTables({ typed: true });
	const failure = {
		execution: {
			id: '4711',
			url: 'http://n8n/execution/4711',
			lastNodeExecuted: 'Create credit note',
			mode: 'integrated',
			error: { message: 'Centra Create Return refused' },
		},
		workflow: { id: 'rrDropOff0000002', name: '02 Return Bar drop-off (first scan)' },
	};
	const result = await runWorkflow(
		withSettings(loadTemplate('09-error-workflow.json'), { alertWebhookUrl: alerts.url }),
		{ triggerItems: [{ json: failure }], dataTables: tables },
	);
	expect(result.status).toBe('success');
	const [row] = tables.rows('Exception Register');
	expect(row).toMatchObject({
		exceptionId: 'exec_4711',
		executionUrl: 'http://n8n/execution/4711',
		recommendedAction: expect.stringContaining('Open the failed execution'),
	});
	// Written into the typed register as n8n would take it: detectedAt is a date.
	expect(row.detectedAt).toBeInstanceOf(Date);
});
