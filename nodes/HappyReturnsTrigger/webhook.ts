/**
 * The trigger's request handler: verify the signature over the raw bytes, map the payload to
 * canonical events, drop redeliveries and backwards moves, and start the workflow with the rest.
 * It answers at once; the work happens in the workflow.
 */
import { createHash } from 'crypto';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import {
	DEFAULT_STATUS_MAPPING,
	toCanonicalEvents,
	type StatusMapping,
} from './logic/canonicalEvents';
import { emptyState, guardEvents, type EventState } from './logic/eventState';
import { verifySignature, type SignatureMode } from './logic/signature';

interface TriggerOptions {
	droppedOff?: string;
	refundApproved?: string;
	expired?: string;
	retentionDays?: number;
	includeOriginal?: boolean;
	maxBodyKb?: number;
	lateEvents?: 'skip' | 'emit';
	signatureHeader?: string;
	timestampHeader?: string;
	toleranceSeconds?: number;
}

const MAX_REMEMBERED = 50_000;

function list(value: string | undefined, fallback: string[]): string[] {
	if (value === undefined) return fallback;
	return value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

function reject(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ error: message }).end();
	return { noWebhookResponse: true };
}

function header(context: IWebhookFunctions, name: string): string | undefined {
	const value = context.getHeaderData()[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const mode = this.getNodeParameter('signatureMode', 'hex') as SignatureMode;
	const rawBody = (this.getRequestObject() as { rawBody?: Buffer }).rawBody;
	if (!Buffer.isBuffer(rawBody)) return reject(this, 400, 'The request body could not be read');
	const maxBytes = (options.maxBodyKb ?? 1024) * 1024;
	if (rawBody.length > maxBytes) {
		this.logger.warn(
			`Happy Returns Trigger refused a body of ${rawBody.length} bytes (limit ${maxBytes})`,
		);
		return reject(
			this,
			413,
			`The body is ${Math.ceil(rawBody.length / 1024)} KB; the limit is ${maxBytes / 1024} KB (option "Max Body Size")`,
		);
	}
	const now = Date.now();
	if (mode !== 'none') {
		const credentials = await this.getCredentials<{ webhookSecret?: string }>('happyReturnsApi');
		const timestamp = header(this, options.timestampHeader ?? 'x-hr-timestamp');
		const verdict = verifySignature({
			mode,
			secret: credentials.webhookSecret ?? '',
			rawBody,
			signature: header(this, options.signatureHeader ?? 'x-hr-signature'),
			timestamp,
			nowSeconds: Math.floor(now / 1000),
			toleranceSeconds: options.toleranceSeconds ?? 300,
		});
		if (!verdict.ok) {
			this.logger.warn(`Happy Returns Trigger rejected a request: ${verdict.reason}`);
			return reject(this, 401, 'Invalid signature');
		}
	}
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return reject(this, 400, 'The body is not valid JSON');
	}
	const state = this.getWorkflowStaticData('node') as unknown as EventState;
	if (!state.seen || !state.units) Object.assign(state, emptyState());
	const retentionMs = (options.retentionDays ?? 7) * 86_400_000;
	if (mode === 'timestamped') {
		// A valid timestamped signature may be used once: a replay within the window is refused.
		const fingerprint = createHash('sha256')
			.update(
				`${header(this, options.timestampHeader ?? 'x-hr-timestamp')}.${header(this, options.signatureHeader ?? 'x-hr-signature')}`,
			)
			.digest('hex');
		state.signatures ??= {};
		if (state.signatures[fingerprint] !== undefined) return reject(this, 401, 'Replayed request');
		state.signatures[fingerprint] = now;
	}
	const mapping: StatusMapping = {
		started: DEFAULT_STATUS_MAPPING.started,
		droppedOff: list(options.droppedOff, DEFAULT_STATUS_MAPPING.droppedOff),
		refundApproved: list(options.refundApproved, DEFAULT_STATUS_MAPPING.refundApproved),
		expired: list(options.expired, DEFAULT_STATUS_MAPPING.expired),
	};
	const events = toCanonicalEvents(body, mapping, new Date(now).toISOString());
	const verdicts = guardEvents(events, state, { retentionMs, maxEntries: MAX_REMEMBERED, now });
	const wanted = new Set(this.getNodeParameter('events', []) as string[]);
	const items: INodeExecutionData[] = [];
	events.forEach((event, index) => {
		const verdict = verdicts[index];
		if (verdict === 'duplicate' || !wanted.has(event.eventType)) return;
		if (verdict === 'late' && options.lateEvents !== 'emit') return;
		const json = { ...event, isLate: verdict === 'late' } as unknown as IDataObject;
		if (options.includeOriginal === false) delete json.original;
		items.push({ json });
	});
	const summary = {
		received: events.length,
		started: items.length,
		duplicates: verdicts.filter((v) => v === 'duplicate').length,
		late: verdicts.filter((v) => v === 'late').length,
	};
	if (items.length === 0) return { webhookResponse: summary };
	return { workflowData: [items] };
}
