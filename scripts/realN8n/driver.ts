/**
 * A driver workflow (webhook -> Execute Workflow) so a scheduled template runs inside n8n through
 * its "When called" entry, as n8n itself runs a sub-workflow: POST `{ "workflowId": "..." }` to the
 * returned URL. It answers at once; callers wait for the executions to settle. The real-n8n tests,
 * the queue storm (its replays) and the demo use this one copy.
 */
import type { RealN8n } from './instance';

const PATH = 'rr-run-template';

/** Creates and publishes the driver; returns its production webhook URL under `webhookBase`. */
export async function installDriver(
	n8n: Pick<RealN8n, 'api'>,
	webhookBase: string,
): Promise<string> {
	const created = await n8n.api<{ id: string }>('POST', '/workflows', {
		name: 'driver: run a template by id',
		nodes: [
			{
				id: 'd1',
				name: 'Run request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'rr-run-template-0000-0000-000000000001',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'd2',
				name: 'Run template',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [240, 0],
				parameters: {
					source: 'database',
					workflowId: { __rl: true, mode: 'id', value: '={{ $json.body.workflowId }}' },
					mode: 'once',
					options: { waitForSubWorkflow: true },
				},
			},
		],
		connections: { 'Run request': { main: [[{ node: 'Run template', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await n8n.api('POST', `/workflows/${created.id}/activate`);
	return `${webhookBase}/${PATH}`;
}

/**
 * Runs one template through the driver. A workflow published a moment ago may answer 404 until
 * n8n has registered its webhook; only that answer is repeated (it started nothing), never a
 * request whose fate is unknown.
 */
export async function runTemplate(driverUrl: string, workflowId: string): Promise<void> {
	let status = 0;
	for (let attempt = 0; attempt < 20; attempt++) {
		const response = await fetch(driverUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ workflowId }),
			signal: AbortSignal.timeout(60_000),
		});
		await response.text();
		status = response.status;
		if (response.ok) return;
		if (status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`the driver webhook answered HTTP ${status}, not 200`);
}
