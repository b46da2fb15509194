/**
 * A scenario's Happy Returns notices through the real Happy Returns Trigger, as one active
 * workflow receives them: in the order they arrived, each signed as Happy Returns signs it (hex
 * HMAC-SHA256 of the body), with one workflow static data shared by all of them (the trigger's
 * duplicate memory). Shared by the template tests and the nightly benchmark, which then run what
 * each delivery starts through template 01 in their own way.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { WebhookBody } from '../sandbox/happyReturns/webhooks';
import { signatureHeaders } from '../sandbox/happyReturns/webhookSender';
import type { CredentialStore } from './credentialsHelper';
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
