/** What the demo and the end-to-end tests read from a running n8n: executions, Data Table rows. */
import type { RealN8n } from './instance';

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
}

async function all<T>(n8n: Pick<RealN8n, 'api'>, path: string): Promise<T[]> {
	const rows: T[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	do {
		const separator = path.includes('?') ? '&' : '?';
		const page = await n8n.api<{ data: T[]; nextCursor?: string | null }>(
			'GET',
			`${path}${separator}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
		// A cursor seen before would page forever.
		if (cursor && seen.has(cursor)) throw new Error(`n8n repeated the cursor of ${path}`);
		if (cursor) seen.add(cursor);
	} while (cursor);
	return rows;
}

export function executions(n8n: Pick<RealN8n, 'api'>): Promise<Execution[]> {
	return all<Execution>(n8n, '/executions');
}

export function tableRows(
	n8n: Pick<RealN8n, 'api'>,
	dataTableId: string,
): Promise<Array<Record<string, unknown>>> {
	return all<Record<string, unknown>>(n8n, `/data-tables/${dataTableId}/rows`);
}

/**
 * Waits until no execution is running and the number of executions has stopped growing. n8n's
 * public API leaves running executions out of `GET /executions` unless asked for
 * `status=running` (n8n 2.40.7, ExecutionsPublicController.getExecutions: `excludeRunning`), so
 * the running ones are asked for separately; without that, a burst still in flight looks settled
 * (claims inserted and not yet cleaned up, units not yet moved).
 */
export async function settle(n8n: Pick<RealN8n, 'api'>, timeoutMs = 300_000): Promise<Execution[]> {
	const started = Date.now();
	let last = -1;
	let stableSince = Date.now();
	while (Date.now() - started < timeoutMs) {
		const list = await executions(n8n);
		const running = await all<Execution>(n8n, '/executions?status=running');
		const busy =
			running.length > 0 || list.some((e) => ['running', 'new', 'waiting'].includes(e.status));
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
