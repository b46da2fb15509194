/**
 * The demo and end-to-end set-up in a real n8n: sandboxes with a seeded scenario, this package
 * installed from its tarball, sandbox credentials and every template imported (credentials bound
 * by id, nothing else changed), the three Data Tables created, owner and API key, templates published.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { startSandboxes, type Sandboxes } from '../../sandbox';
import { setStock, warehouse } from '../../sandbox/centra/seed';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import { addScenarioOrders, loadScenario } from '../../sandbox/scenario/load';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import {
	LEDGER_COLUMNS,
	RECEIPT_COLUMNS,
	REGISTER_COLUMNS,
	type TemplateColumn,
} from '../../harness/templateFiles';
import { RealN8n } from './instance';
import { ensureToolchain, packPackage, ROOT, type Toolchain } from './toolchain';

export const CREDENTIAL_IDS: Record<string, { id: string; name: string }> = {
	happyReturnsApi: { id: 'rrSandboxHappyR1', name: 'Happy Returns' },
	centraApi: { id: 'rrSandboxCentra1', name: 'Centra' },
	amazonSpApi: { id: 'rrSandboxAmazon1', name: 'Amazon Seller Central' },
};

/** n8n's Header Auth credential that template 03's receipts webhook requires (on by default). */
export const RECEIPTS_HEADER = { name: 'X-Receipts-Token', value: 'demo-receipts-token-3c7a91' };
export const RECEIPTS_CREDENTIAL = { id: 'rrReceiptsHeader', name: 'Warehouse receipts header' };

/**
 * n8n refuses to publish a workflow with a node whose required credential is missing, so template
 * 07's Send Email node needs an SMTP credential even when the close pack goes by Slack or HTTP. The
 * demo's points nowhere (nothing listens on its port): choosing email delivery in the demo fails
 * the run, as it would with a wrong server.
 */
export const SMTP_CREDENTIAL = { id: 'rrDemoSmtpNone01', name: 'SMTP (demo: no server)' };
const SMTP_NOWHERE = { user: '', password: '', host: '127.0.0.1', port: 9, secure: false };

/** Every credential the templates use, for n8n's credential import: the vendors' from `vendors`. */
export function templateCredentials(vendors: Record<string, Record<string, unknown>>): object[] {
	return [
		...Object.entries(CREDENTIAL_IDS).map(([type, { id, name }]) => ({
			id,
			name,
			type,
			data: vendors[type],
		})),
		{ ...RECEIPTS_CREDENTIAL, type: 'httpHeaderAuth', data: { ...RECEIPTS_HEADER } },
		{ ...SMTP_CREDENTIAL, type: 'smtp', data: { ...SMTP_NOWHERE } },
	];
}

/** The three Data Tables, with the columns and types template 14 creates (its Data Table nodes). */
export const DATA_TABLES: Record<string, TemplateColumn[]> = {
	'Returns Event Ledger': LEDGER_COLUMNS,
	'Warehouse Receipts': RECEIPT_COLUMNS,
	'Exception Register': REGISTER_COLUMNS,
};

export interface TemplateJson {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		webhookId?: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
	}>;
	[key: string]: unknown;
}

export function readTemplates(): TemplateJson[] {
	const dir = join(ROOT, 'workflows-templates');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TemplateJson);
}

/** A template as an analyst leaves it after import: credentials picked, everything else as shipped. */
export function withCredentials(template: TemplateJson): TemplateJson {
	const copy = JSON.parse(JSON.stringify(template)) as TemplateJson;
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials![type] =
				type === 'httpHeaderAuth'
					? RECEIPTS_CREDENTIAL
					: type === 'smtp'
						? SMTP_CREDENTIAL
						: CREDENTIAL_IDS[type];
	}
	return copy;
}

/** Sub-workflows first: n8n publishes a workflow only when the workflows it calls are published. */
export function publishOrder(templates: TemplateJson[]): TemplateJson[] {
	// A sub-workflow given inline (source "parameter", as tests give a template edited settings)
	// is no published workflow and waits for none. A workflow calling itself (04's partitions)
	// waits for nothing either: n8n's publish check counts a call to the workflow being published as
	// published (WorkflowValidationService in n8n's cli package).
	const calls = (t: TemplateJson) =>
		t.nodes
			.filter(
				(n) =>
					n.type === 'n8n-nodes-base.executeWorkflow' &&
					(n.parameters.source ?? 'database') === 'database',
			)
			.map((n) => String((n.parameters.workflowId as { value?: string } | undefined)?.value))
			.filter((id) => id !== t.id);
	// n8n 2.x runs the published version of an error workflow too, so every template is published.
	const pending = [...templates];
	const ordered: TemplateJson[] = [];
	while (pending.length > 0) {
		const next = pending.findIndex((t) => calls(t).every((id) => ordered.some((o) => o.id === id)));
		if (next < 0)
			throw new Error(
				`templates call each other in a cycle or call a missing workflow: ${pending.map((t) => t.name).join(', ')}`,
			);
		ordered.push(...pending.splice(next, 1));
	}
	return ordered;
}

export interface Demo {
	n8n: RealN8n;
	sandboxes: Sandboxes;
	scenario: Scenario;
	webhooks: WebhookBody[];
	toolchain: Toolchain;
	dataTableIds: Record<string, string>;
	close(): Promise<void>;
}

export interface DemoOptions {
	port: number;
	seed?: number;
	returns?: number;
	rates?: Scenario extends never ? never : Parameters<typeof generateScenario>[0]['rates'];
	echoLogs?: boolean;
	version?: string;
	/** How long n8n may take to answer its readiness check (longer on a loaded machine). */
	startTimeoutMs?: number;
}

/**
 * Vendor data as the brand would have it before the returns arrive: Centra holds the shipped
 * orders and stock in the warehouses the templates name; Happy Returns holds the return items and
 * hub shipments; Amazon holds its orders and refunds. The webhooks are returned, not sent.
 */
export function seedVendors(sandboxes: Sandboxes, scenario: Scenario): WebhookBody[] {
	const webhooks = loadScenario(scenario, { hr: sandboxes.hr, amazon: sandboxes.amazon });
	for (const name of ['Main', 'In transit', 'B-stock']) warehouse(sandboxes.centra.state, name);
	addScenarioOrders(sandboxes.centra.state, scenario);
	for (const order of scenario.orders) {
		setStock(sandboxes.centra.state, 'Main', String(order.sku), 50);
	}
	return webhooks;
}

/**
 * Before n8n starts: this package from its tarball, the sandbox credentials (the three vendors'
 * under fixed ids, and template 03's receipts header) and the templates, through n8n's CLI.
 */
export function prepareInstance(
	n8n: RealN8n,
	tarball: string,
	credentialData: Record<string, Record<string, unknown>>,
	templates: TemplateJson[],
): void {
	n8n.installPackage(tarball);
	n8n.importCredentials(templateCredentials(credentialData));
	n8n.importWorkflows(templates);
}

/**
 * Once n8n answers: the owner and API key, the three Data Tables (kept when they exist, as on a
 * restart with the same user folder), and every template published, sub-workflows first.
 * Returns the Data Table ids by name.
 */
export async function openInstance(
	n8n: RealN8n,
	templates: TemplateJson[],
): Promise<Record<string, string>> {
	await n8n.setUpOwner();
	const dataTableIds: Record<string, string> = {};
	const existing = await n8n.api<{ data: Array<{ id: string; name: string }> }>(
		'GET',
		'/data-tables',
	);
	for (const [name, columns] of Object.entries(DATA_TABLES)) {
		const found = existing.data.find((t) => t.name === name);
		dataTableIds[name] =
			found?.id ??
			(
				await n8n.api<{ id: string }>('POST', '/data-tables', {
					name,
					// Typed as template 14 creates them (its Data Table nodes are the one source of the
					// columns and types): numbers sort as numbers, dates as dates.
					columns: columns.map((column) => ({ name: column.name, type: column.type })),
				})
			).id;
	}
	for (const template of publishOrder(templates))
		await n8n.api('POST', `/workflows/${template.id}/activate`);
	return dataTableIds;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
	const toolchain = ensureToolchain(options.version);
	const tarball = packPackage();
	const sandboxes = await startSandboxes({ amazon: { rateScale: 1000 } });
	const scenario = generateScenario({
		seed: options.seed ?? 42,
		returns: options.returns ?? 30,
		rates: options.rates ?? {},
		asOf: new Date().toISOString(),
	});
	const webhooks = seedVendors(sandboxes, scenario);
	const n8n = new RealN8n(toolchain, { port: options.port, echoLogs: options.echoLogs });
	try {
		const templates = readTemplates().map(withCredentials);
		prepareInstance(n8n, tarball, sandboxes.credentials, templates);
		await n8n.start(options.startTimeoutMs);
		const dataTableIds = await openInstance(n8n, templates);
		return {
			n8n,
			sandboxes,
			scenario,
			webhooks,
			toolchain,
			dataTableIds,
			close: async () => {
				await n8n.stop();
				await sandboxes.close();
			},
		};
	} catch (error) {
		await n8n.stop();
		await sandboxes.close();
		throw error;
	}
}
