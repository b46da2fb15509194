/** What the end-to-end tests ask of a running n8n: executions, Data Table rows, webhooks, runs. */
import { installDriver as installTemplateDriver } from '../../scripts/realN8n/driver';
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

/** The driver workflow (scripts/realN8n/driver.ts) on this n8n's production webhooks. */
export function installDriver(n8n: RealN8n): Promise<string> {
	return installTemplateDriver(n8n, `${n8n.url}/webhook`);
}
