/**
 * A scenario's Happy Returns notices through the real Happy Returns Trigger, as one active
 * workflow receives them: in the order they arrived, each signed as Happy Returns signs it (hex
 * HMAC-SHA256 of the body), with one workflow static data shared by all of them (the trigger's
 * duplicate memory). Shared by the template tests and the nightly benchmark.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { WebhookBody } from '../sandbox/happyReturns/webhooks';
import { signatureHeaders } from '../sandbox/happyReturns/webhookSender';
import type { CredentialStore } from './credentialsHelper';
import type { InMemoryDataTables } from './dataTables';
import { runWorkflow } from './runWorkflow';
import { calledWorkflowStub, loadTemplate } from './templateFiles';
import { callWebhook } from './webhook';

export interface NoticeDeliveries {
	/** The secret the trigger's credential holds, which signs every body. */
	secret: string;
	credentials: CredentialStore;
	/** The workflow's static data; pass the same object again to keep the memory. */
	staticData?: IDataObject;
}

/**
 * Delivers `bodies` in arrival order; `onDelivered` gets, for each, the items the trigger starts
 * the workflow with (none when its memory held the delivery back), the body and its position.
 */
export async function deliverNotices(
	bodies: readonly WebhookBody[],
	{ secret, credentials, staticData = {} }: NoticeDeliveries,
	onDelivered: (items: INodeExecutionData[], body: WebhookBody, index: number) => unknown,
): Promise<void> {
	const sorted = [...bodies].sort((a, b) => a.at - b.at);
	for (const [index, body] of sorted.entries()) {
		const webhook = await callWebhook({
			type: 'happyReturnsTrigger',
			body: body.body,
			headers: {
				'content-type': 'application/json',
				...signatureHeaders(body.body, secret, 'hex', 0),
			},
			credentials,
			nodeCredentials: { happyReturnsApi: 'Happy Returns' },
			staticData,
			parameters: { signatureMode: 'hex' },
		});
		await onDelivered(
			(webhook.response.workflowData?.[0] ?? []) as INodeExecutionData[],
			body,
			index,
		);
	}
}

/**
 * Delivers `bodies` and runs what each starts through template 01 as shipped, with 02 stood in for
 * by a no-op (the scenario already holds what 02 would have written in the vendors): the Event
 * Ledger as 01 keeps it, each event received when its notice arrived. Throws on a failed run.
 */
export async function deliverNoticesToIntake(
	bodies: readonly WebhookBody[],
	delivery: NoticeDeliveries,
	dataTables: InMemoryDataTables,
): Promise<void> {
	const intake = loadTemplate('01-happy-returns-intake.json');
	const noDropOff = calledWorkflowStub(intake, 'Return Bar drop-off', 'When called by intake');
	await deliverNotices(bodies, delivery, async (items, body) => {
		if (items.length === 0) return;
		for (const item of items) item.json.receivedAt = new Date(body.at).toISOString();
		const run = await runWorkflow(intake, {
			triggerItems: items,
			mode: 'webhook',
			credentials: delivery.credentials,
			dataTables,
			workflows: { [noDropOff.id]: noDropOff },
		});
		if (run.status !== 'success') throw new Error(`intake failed: ${run.error?.message}`);
	});
}
