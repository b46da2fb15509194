/** What the end-to-end tests ask of a running n8n: executions, Data Table rows, webhooks, runs. */
import { installDriver as installTemplateDriver } from '../../scripts/realN8n/driver';
import type { RealN8n } from '../../scripts/realN8n/instance';

export { executions, settle, tableRows, type Execution } from '../../scripts/realN8n/executions';

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
