/** What the end-to-end tests ask of a running n8n: executions, Data Table rows, webhooks, runs. */
import type { RealN8n } from '../../scripts/realN8n/instance';

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
}

async function all<T>(n8n: RealN8n, path: string): Promise<T[]> {
	const rows: T[] = [];
	let cursor: string | undefined;
	do {
		const separator = path.includes('?') ? '&' : '?';
		const page = await n8n.api<{ data: T[]; nextCursor?: string | null }>(
			'GET',
			`${path}${separator}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}

export function executions(n8n: RealN8n): Promise<Execution[]> {
	return all<Execution>(n8n, '/executions');
}

export async function tableRows(
	n8n: RealN8n,
	dataTableId: string,
): Promise<Array<Record<string, unknown>>> {
	return all<Record<string, unknown>>(n8n, `/data-tables/${dataTableId}/rows`);
}

/** Waits until no execution is running and the number of executions has stopped growing. */
export async function settle(n8n: RealN8n, timeoutMs = 300_000): Promise<Execution[]> {
	const started = Date.now();
	let last = -1;
	let stableSince = Date.now();
	while (Date.now() - started < timeoutMs) {
		const list = await executions(n8n);
		const busy = list.some((e) => ['running', 'new', 'waiting'].includes(e.status));
		if (list.length !== last || busy) {
			last = list.length;
			stableSince = Date.now();
		} else if (Date.now() - stableSince > 3000) {
			return list;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`executions did not settle within ${timeoutMs / 1000} s`);
}

export async function post(
	url: string,
	body: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

/**
 * A driver workflow (webhook -> Execute Workflow) so a scheduled template runs inside the server
 * through its "When called" entry, as n8n itself would run a sub-workflow. It answers at once; the
 * tests wait for the executions to settle and read the template's own execution record.
 */
export async function installDriver(n8n: RealN8n): Promise<string> {
	const path = 'rr-e2e-run';
	const workflow = {
		name: 'e2e driver: run a template by id',
		nodes: [
			{
				id: 'd1',
				name: 'Run request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'rr-e2e-run-0000-0000-000000000001',
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
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
	};
	const created = await n8n.api<{ id: string }>('POST', '/workflows', workflow);
	await n8n.api('POST', `/workflows/${created.id}/activate`);
	return `${n8n.url}/webhook/${path}`;
}
