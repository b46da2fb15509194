/**
 * The returns model as n8n runs it, for the storm and fault cases (and the storm benchmark): signed
 * Happy Returns notifications through the real trigger and template 01 (which calls 02), warehouse
 * receipts through the real Webhook node and template 03, replays through 08, and every failed
 * execution handed to the error workflow 09 with the item n8n's Error Trigger gives it.
 */
import { happyReturnsIdOf } from '../../nodes/Centra/logic/returnFamily';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import {
	builtinCredentialType,
	callWebhook,
	runWorkflow,
	type InMemoryDataTables,
	type RunResult,
} from '..';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
} from '../../sandbox/happyReturns/server';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import { sandboxCredentials } from '../../sandbox';
import { REFERENCE_SEPARATOR } from '../../nodes/Centra/helpers/lookups';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import { addScenarioOrders, loadScenario } from '../../sandbox/scenario/load';
import { Random } from '../../sandbox/scenario/random';
import { loadTemplate, templateTables, withSettings, type Template } from '../templateFiles';

export const WEBHOOK_SECRET = 'reliability-webhook-secret-5f1c';

/** The header the warehouse sends with every receipt (template 03's Header Auth credential). */
export const RECEIPTS_HEADER = {
	name: 'X-Receipts-Token',
	value: 'reliability-receipts-token-9d2e',
};

/** What callWebhook needs to check template 03's header authentication as n8n does. */
export function receiptsAuth(
	header: Record<string, string> = { [RECEIPTS_HEADER.name]: RECEIPTS_HEADER.value },
) {
	return {
		credentials: { httpHeaderAuth: { ...RECEIPTS_HEADER } },
		nodeCredentials: { httpHeaderAuth: 'Warehouse receipts header' },
		credentialTypes: { httpHeaderAuth: builtinCredentialType('httpHeaderAuth') },
		headers: { 'content-type': 'application/json', ...header },
	};
}

export interface ReturnsFlow {
	scenario: Scenario;
	webhooks: WebhookBody[];
	centra: CentraSandbox;
	hr: HappyReturnsSandbox;
	amazon: AmazonSandbox;
	tables: InMemoryDataTables;
	staticData: IDataObject;
	failures: RunResult[];
	/** Every run, when kept (the secrets scan reads them all). */
	runs: RunResult[] | null;
	/** Client timeout per call, written into every credential (the fault case shortens it). */
	timeoutSeconds: number | null;
	/** Templates this flow runs instead of the shipped ones (a test that disables a guard). */
	templates?: Partial<FlowTemplates>;
	credentials(): Record<string, Record<string, string | number>>;
	close(): Promise<void>;
}

/** 02 and 03 with the flow's in-transit warehouse and any other settings (00's names). */
export function dropOffAndWarehouse(settings: Record<string, unknown> = {}) {
	const values = { inTransitWarehouse: 'TRANSIT', ...settings };
	return {
		dropOff: withSettings(loadTemplate('02-return-bar-drop-off.json'), values),
		warehouse: withSettings(loadTemplate('03-warehouse-processing.json'), values),
	};
}

const templates = () => ({
	intake: loadTemplate('01-happy-returns-intake.json'),
	...dropOffAndWarehouse(),
	replay: withSettings(loadTemplate('08-replay.json'), { olderThanMinutes: 0 }),
	errors: loadTemplate('09-error-workflow.json'),
});
export type FlowTemplates = ReturnType<typeof templates>;
let cached: FlowTemplates | undefined;
const TEMPLATES = (flow?: ReturnsFlow): FlowTemplates => ({
	...(cached ??= templates()),
	...flow?.templates,
});

export async function startReturnsFlow(
	returns: number,
	seed: number,
	/** The scenario's "now" (default: now); two flows given the same one hold the same scenario. */
	asOf = new Date().toISOString(),
): Promise<ReturnsFlow> {
	const [centra, hr, amazon] = await Promise.all([
		startCentraSandbox({ requestQuota: 1e7, mutationQuota: 1e7 }),
		startHappyReturnsSandbox({ bucketSize: 1e7, ratePerSecond: 1e7 }),
		startAmazonSandbox({ rateScale: 1000 }),
	]);
	const scenario = generateScenario({ seed, returns, rates: {}, asOf });
	const webhooks = loadScenario(scenario, { hr, amazon });
	for (const name of ['TRANSIT', 'MAIN', 'B-STOCK']) warehouse(centra.state, name);
	addScenarioOrders(centra.state, scenario);
	return {
		scenario,
		webhooks,
		centra,
		hr,
		amazon,
		tables: templateTables(),
		staticData: {},
		failures: [],
		runs: null,
		timeoutSeconds: null,
		credentials(this: ReturnsFlow) {
			return sandboxCredentials({ hr, centra, amazon }, WEBHOOK_SECRET, this.timeoutSeconds);
		},
		close: async () => {
			await Promise.all([centra.close(), hr.close(), amazon.close()]);
		},
	};
}

let executionId = 1000;

/** What n8n does with a failed production execution: its error workflow runs with this item. */
async function recordFailure(flow: ReturnsFlow, template: Template, run: RunResult): Promise<void> {
	flow.failures.push(run);
	const id = String(++executionId);
	const item = {
		execution: {
			id,
			url: `http://n8n/workflow/${template.id}/executions/${id}`,
			lastNodeExecuted: run.run.data.resultData.lastNodeExecuted,
			mode: 'webhook',
			error: { message: run.error?.message ?? 'unknown error' },
		},
		workflow: { id: template.id, name: template.name },
	};
	const recorded = await runWorkflow(TEMPLATES(flow).errors, {
		triggerItems: [{ json: item }],
		credentials: flow.credentials(),
		dataTables: flow.tables,
	});
	flow.runs?.push(recorded);
	if (recorded.status !== 'success')
		throw new Error(`the error workflow itself failed: ${recorded.error?.message}`);
}

export type Delivery = 'started' | 'nothing to start' | 'refused' | 'failed';

/**
 * One Happy Returns POST: the trigger answers; the workflow runs with what it started. Concurrent
 * deliveries pass their own `staticData`: n8n loads a workflow's static data per request and writes
 * it back after the execution, so requests in flight together do not see each other's entries.
 */
export async function deliverNotification(
	flow: ReturnsFlow,
	body: string,
	headers?: Record<string, string>,
	staticData: IDataObject = flow.staticData,
): Promise<{ delivery: Delivery; status: number }> {
	const hook = await callWebhook({
		type: 'happyReturnsTrigger',
		body,
		credentials: flow.credentials(),
		nodeCredentials: { happyReturnsApi: 'Happy Returns' },
		staticData,
		headers: {
			'content-type': 'application/json',
			...(headers ?? signatureHeaders(body, WEBHOOK_SECRET, 'hex', 0)),
		},
		parameters: { signatureMode: 'hex' },
	});
	const status = hook.recorded.statusCode ?? 200;
	if (status >= 400) return { delivery: 'refused', status };
	const items = hook.response.workflowData?.[0] as INodeExecutionData[] | undefined;
	if (!items?.length) return { delivery: 'nothing to start', status };
	const { intake, dropOff } = TEMPLATES(flow);
	const run = await runWorkflow(intake, {
		triggerItems: items,
		mode: 'webhook',
		credentials: flow.credentials(),
		dataTables: flow.tables,
		workflows: { [dropOff.id]: dropOff },
		executions: flow.runs ?? undefined,
	});
	flow.runs?.push(run);
	if (run.status === 'success') return { delivery: 'started', status };
	await recordFailure(flow, intake, run);
	return { delivery: 'failed', status };
}

export interface Receipt extends IDataObject {
	returnId: string;
	orderNumber: string;
	sku: string;
	unit: string;
	disposition: string;
}

/** One receipt per returned unit, as the warehouse checks them in. */
export function receiptsOf(flow: Pick<ReturnsFlow, 'scenario'>): Receipt[] {
	return flow.scenario.returnEvents
		.filter((e) => e.status === 'dropped_off')
		.map((e, index) => ({
			returnId: String(e.returnId),
			orderNumber: String(e.orderNumber),
			sku: String(e.sku),
			unit: String(e.unit),
			disposition: index % 5 === 0 ? 'damaged' : 'sellable',
			bagBarcode: String(e.bagBarcode),
			trackingNumber: '1ZSTORM',
		}));
}

export async function deliverReceipts(flow: ReturnsFlow, receipts: Receipt[]): Promise<Delivery> {
	const { warehouse: template } = TEMPLATES(flow);
	const node = template.nodes.find((n) => n.name === 'Warehouse receipt')!;
	const hook = await callWebhook({
		type: node.type,
		parameters: node.parameters,
		body: JSON.stringify({ receipts }),
		...receiptsAuth(),
	});
	if (hook.recorded.statusCode >= 400) return 'refused';
	const run = await runWorkflow(template, {
		startNode: node.name,
		triggerItems: hook.response.workflowData?.[0] as INodeExecutionData[],
		mode: 'webhook',
		credentials: flow.credentials(),
		dataTables: flow.tables,
		executions: flow.runs ?? undefined,
	});
	flow.runs?.push(run);
	if (run.status === 'success') return 'started';
	await recordFailure(flow, template, run);
	return 'failed';
}

export async function replay(flow: ReturnsFlow): Promise<RunResult> {
	const { replay: template, dropOff, warehouse } = TEMPLATES(flow);
	return runWorkflow(template, {
		credentials: flow.credentials(),
		dataTables: flow.tables,
		workflows: { [dropOff.id]: dropOff, [warehouse.id]: warehouse },
	});
}

export function shuffled<T>(items: T[], seed: number): T[] {
	const random = new Random(seed);
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random.next() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/**
 * What the facts are read from: the in-process flow, or a real n8n (the queue storm reads the same
 * tables from Postgres), whose templates keep their shipped in-transit warehouse name.
 */
export interface FactsSource {
	scenario: Scenario;
	centra: Pick<CentraSandbox, 'state'>;
	tables: { rows(table: string): Array<Record<string, unknown>> };
}

/** The sandbox ledgers, counted the way the reliability promises are worded. */
export function ledgerFacts(flow: FactsSource, transitWarehouse = 'TRANSIT') {
	const centra = flow.centra.state;
	const units = flow.scenario.returnEvents.filter((e) => e.status === 'dropped_off');
	const intoTransit = centra.stockChanges.filter(
		(c) => c.warehouse.name === transitWarehouse && c.lines.every((l) => l.deliveredQuantity > 0),
	);
	const outOfTransit = centra.stockChanges.filter((c) =>
		c.lines.some((l) => l.warehouse.name === transitWarehouse && l.deliveredQuantity < 0),
	);
	// A batched stock change lists the reference of each unit it moves: units are counted by reference.
	const unitMoves = (changes: typeof intoTransit) =>
		changes.flatMap((c) => c.comment.split(REFERENCE_SEPARATOR));
	const amazonOrders = new Set(
		flow.scenario.orders.filter((o) => o.aliases).map((o) => String(o.orderNumber)),
	);
	const returnIds = [...new Set(units.map((u) => String(u.returnId)))];
	const storefrontReturnIds = returnIds.filter(
		(id) => !amazonOrders.has(String(units.find((u) => u.returnId === id)!.orderNumber)),
	);
	const creditNotes = returnIds.map((id) => centra.returnsByExternalId(id).length);
	const refundsOf = (id: string) =>
		centra
			.returnsByExternalId(id)
			.flatMap((r) => r.payments)
			.filter((p) => p.entryType.startsWith('REFUND') && p.status !== 'FAILED').length;
	const familyOf = (ids: string[]) =>
		centra.returns.filter((r) => ids.includes(happyReturnsIdOf(r.externalId) ?? ''));
	const notes = flow.scenario.orders.map((o) => centra.notesOf(Number(o.orderNumber)));
	const ledger = flow.tables.rows('Returns Event Ledger');
	return {
		units: units.length,
		movesIntoTransit: unitMoves(intoTransit).length,
		distinctIntoTransit: new Set(unitMoves(intoTransit)).size,
		movesOutOfTransit: unitMoves(outOfTransit).length,
		distinctOutOfTransit: new Set(unitMoves(outOfTransit)).size,
		storefrontReturns: storefrontReturnIds.length,
		creditNotes: creditNotes.reduce((a, b) => a + b, 0),
		returnsWithTwoCreditNotes: creditNotes.filter((n) => n > 1).length,
		creditNotesOnAmazonOrders: returnIds
			.filter((id) => !storefrontReturnIds.includes(id))
			.reduce((sum, id) => sum + centra.returnsByExternalId(id).length, 0),
		refundsPaidByCentra: centra.returns.reduce(
			(sum, r) => sum + r.payments.filter((p) => p.entryType === 'REFUND').length,
			0,
		),
		// Paid or pending at the PSP: a declined (FAILED) refund leaves the credit note unrefunded.
		// Counted per credit note of the return's family: a unit credited in a later execution has
		// a further credit note of its own (Centra cannot add lines to a return).
		storefrontCreditNotes: familyOf(storefrontReturnIds).length,
		storefrontCreditNotesRefundedOnce: familyOf(storefrontReturnIds).filter(
			(r) =>
				r.payments.filter((p) => p.entryType.startsWith('REFUND') && p.status !== 'FAILED')
					.length === 1,
		).length,
		refundsOnAmazonOrders: returnIds
			.filter((id) => !storefrontReturnIds.includes(id))
			.reduce((sum, id) => sum + refundsOf(id), 0),
		refundCallsToCentra: centra.refundCalls,
		ordersWithRepeatedNote: notes.filter((list) => new Set(list).size !== list.length).length,
		ordersNoted: notes.filter((list) => list.length > 0).length,
		ledgerRows: ledger.length,
		distinctLedgerEvents: new Set(ledger.map((r) => r.eventId)).size,
		droppedOffUnprocessed: ledger.filter(
			(r) => r.eventType === 'return.dropped_off' && !String(r.status).startsWith('processed'),
		).length,
		// A unit's processing ends `processed` (or held: exception, investigation); `received` is
		// a receipt whose processing stopped or never ran.
		receiptsLeftReceived: flow.tables
			.rows('Warehouse Receipts')
			.filter((r) => r.status === 'received').length,
		failedExecutionsRegistered: flow.tables
			.rows('Exception Register')
			.filter((r) => r.type === 'failed_execution').length,
	};
}
