/** Loading templates as an analyst would use them, and the Data Tables their setup notes ask for. */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { InMemoryDataTables, type WorkflowJson } from '../harness';

export type Template = WorkflowJson & { id: string };

export function loadTemplate(file: string): Template {
	return JSON.parse(
		readFileSync(resolve(__dirname, '..', '..', 'workflows-templates', file), 'utf8'),
	) as Template;
}

/** The template with its Settings node filled in, as an analyst does after import. */
export function withSettings(json: Template, values: Record<string, unknown>): Template {
	const copy = JSON.parse(JSON.stringify(json)) as Template;
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	if (!settings) throw new Error(`${json.name} has no Settings node`);
	for (const assignment of (
		settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
	).assignments) {
		if (assignment.name in values) assignment.value = values[assignment.name];
	}
	return copy;
}

export const LEDGER_COLUMNS = [
	'eventId',
	'eventType',
	'returnId',
	'orderNumber',
	'orderId',
	'channel',
	'sku',
	'unit',
	'bagBarcode',
	'trackingNumber',
	'status',
	'receivedAt',
	'processedAt',
	'payload',
	'attempts',
	'lastError',
];
export const REGISTER_COLUMNS = [
	'exceptionId',
	'type',
	'status',
	'owner',
	'severity',
	'title',
	'summary',
	'orderNumber',
	'sku',
	'returnId',
	'trackingNumber',
	'amount',
	'ageDays',
	'deadline',
	'detectedAt',
	'resolvedAt',
	'notes',
	'details',
];
export const RECEIPT_COLUMNS = [
	'returnId',
	'orderNumber',
	'sku',
	'unit',
	'disposition',
	'bagBarcode',
	'trackingNumber',
	'receivedAt',
	'status',
	'processedAt',
	'attempts',
	'lastError',
	'payload',
];

/** Data Tables as the templates' setup notes describe them. */
export function templateTables(): InMemoryDataTables {
	const tables = new InMemoryDataTables();
	tables.create('Returns Event Ledger', LEDGER_COLUMNS);
	tables.create('Exception Register', REGISTER_COLUMNS);
	tables.create('Warehouse Receipts', RECEIPT_COLUMNS);
	return tables;
}

/**
 * The template with its atomic claims switched off: each claim row goes back to an upsert by the
 * key (update, else insert, the guard the templates used before) and the execution proceeds without
 * checking that it owns the earliest claim. Tests use it to show that the concurrency tests can fail.
 */
export function withoutClaim(json: Template): Template {
	const copy = JSON.parse(JSON.stringify(json)) as Template;
	const claimChecks = copy.nodes.filter(
		(n) =>
			n.type === 'n8n-nodes-base.if' &&
			JSON.stringify(n.parameters).includes('.item.json.id }}') &&
			/^First /.test(n.name),
	);
	if (claimChecks.length === 0) throw new Error(`${json.name} has no claim to switch off`);
	for (const check of claimChecks) {
		const record = /\$\('([^']+)'\)\.item\.json\.id/.exec(JSON.stringify(check.parameters))![1];
		const earliest = Object.entries(copy.connections).find(([, outputs]) =>
			outputs.main?.[0]?.some((c) => c.node === check.name),
		)![0];
		const claimed = copy.connections[check.name].main[0]![0].node;
		const recordNode = copy.nodes.find((n) => n.name === record)!;
		const earliestNode = copy.nodes.find((n) => n.name === earliest)!;
		recordNode.parameters = {
			...recordNode.parameters,
			operation: 'upsert',
			matchType: 'allConditions',
			filters: earliestNode.parameters.filters,
		};
		copy.connections[record] = { main: [[{ node: claimed, type: 'main', index: 0 }]] };
	}
	return copy;
}
