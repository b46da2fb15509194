/**
 * The register's own columns for what a person acts on: a failed run's row (template 09) carries
 * the link to the failed execution and the recommended action as columns, not inside `details`.
 */
import { runWorkflow } from '../../harness';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import { childFailure } from './errorWorkflowWorld';

let alerts: AlertSink;
beforeAll(async () => {
	alerts = await startAlertSink();
});
afterAll(async () => alerts.close());

it('09: a failed execution row links the execution and says what to do, in their own columns', async () => {
	const tables = templateTables({ typed: true });
	const result = await runWorkflow(
		withSettings(loadTemplate('09-error-workflow.json'), { alertWebhookUrl: alerts.url }),
		{ triggerItems: [{ json: childFailure }], dataTables: tables },
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
