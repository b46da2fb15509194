/** What the trigger suites share: one webhook delivery to the Happy Returns Trigger (harness). */
import type { IDataObject } from 'n8n-workflow';
import { callWebhook } from '../../harness';

export const secret = 'hr-webhook-secret';
export const credentials = {
	happyReturnsApi: { apiKey: 'k', retailerId: 'acme', webhookSecret: secret },
};

/** Delivers `body` with `headers`; `staticData` is the trigger's, kept across deliveries by the caller. */
export function deliver(
	body: string,
	headers: Record<string, string>,
	staticData: IDataObject = {},
	parameters: Record<string, unknown> = {},
) {
	return callWebhook({
		type: 'happyReturnsTrigger',
		body,
		headers: { 'content-type': 'application/json', ...headers },
		credentials,
		nodeCredentials: { happyReturnsApi: 'Happy Returns' },
		staticData,
		parameters: parameters as never,
	});
}
