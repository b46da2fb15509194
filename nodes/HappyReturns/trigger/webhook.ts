/**
 * The trigger's request handler: verify the signature over the raw bytes, map the payload to
 * canonical milestone events, skip what the recent-delivery hint already saw, and start the
 * workflow with the rest. It answers at once; the work happens in the workflow, which claims each
 * `eventId` atomically before any side effect (the hint here is not that guard).
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import {
	DEFAULT_EXCHANGE_MAPPING,
	DEFAULT_STATUS_MAPPING,
	MAX_DEPTH,
	deliveryHashOf,
	eventId,
	isoUtc,
	jsonDepthExceeds,
	toCanonicalEvents,
	type CanonicalEvent,
	type MappingConfig,
} from '../shared/logic/canonicalEvents';
import {
	emptyState,
	guardEvents,
	rememberSignature,
	type EventState,
} from '../shared/logic/eventState';
import { verifySignature, type SignatureMode } from '../shared/logic/signature';

interface TriggerOptions {
	droppedOff?: string;
	refundApproved?: string;
	expired?: string;
	exchangeFlagFields?: string;
	exchangeRefundTypes?: string;
	replacementSkuFields?: string;
	retentionDays?: number;
	includeOriginal?: boolean;
	maxBodyKb?: number;
	signatureHeader?: string;
	timestampHeader?: string;
	toleranceSeconds?: number;
}

/**
 * Cap of each hint map (plus its trim slack): it is rewritten on every delivery, so it stays a few
 * hundred KB.
 */
export const MAX_REMEMBERED = 2_000;
const MAX_SIGNATURES = 5_000;

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

/** One `return.unknown` for a body that cannot be walked: recorded, answered 200, never a 500. */
function unwalkable(deliveryHash: string, receivedAt: string, reason: string): CanonicalEvent {
	const [event] = toCanonicalEvents(null, mappingOf({}), receivedAt, deliveryHash);
	return {
		...event,
		reason,
		eventId: eventId(['return.unknown', deliveryHash, 'unwalkable']),
	};
}

export function mappingOf(options: TriggerOptions): MappingConfig {
	return {
		status: {
			started: DEFAULT_STATUS_MAPPING.started,
			droppedOff: list(options.droppedOff, DEFAULT_STATUS_MAPPING.droppedOff),
			refundApproved: list(options.refundApproved, DEFAULT_STATUS_MAPPING.refundApproved),
			expired: list(options.expired, DEFAULT_STATUS_MAPPING.expired),
		},
		exchange: {
			flagFields: list(options.exchangeFlagFields, DEFAULT_EXCHANGE_MAPPING.flagFields),
			refundTypeField: DEFAULT_EXCHANGE_MAPPING.refundTypeField,
			refundTypeValues: list(
				options.exchangeRefundTypes,
				DEFAULT_EXCHANGE_MAPPING.refundTypeValues,
			),
			replacementSkuFields: list(
				options.replacementSkuFields,
				DEFAULT_EXCHANGE_MAPPING.replacementSkuFields,
			),
		},
	};
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
	const toleranceSeconds = options.toleranceSeconds ?? 300;
	let digest: string | undefined;
	if (mode !== 'none') {
		const credentials = await this.getCredentials<{ webhookSecret?: string }>('happyReturnsApi');
		const verdict = verifySignature({
			mode,
			secret: credentials.webhookSecret ?? '',
			rawBody,
			signature: header(this, options.signatureHeader ?? 'x-hr-signature'),
			timestamp: header(this, options.timestampHeader ?? 'x-hr-timestamp'),
			nowSeconds: Math.floor(now / 1000),
			toleranceSeconds,
		});
		if (!verdict.ok) {
			this.logger.warn(`Happy Returns Trigger rejected a request: ${verdict.reason}`);
			return reject(this, 401, 'Invalid signature');
		}
		digest = verdict.digest;
	}
	const text = rawBody.toString('utf8');
	const deliveryHash = deliveryHashOf(rawBody);
	const receivedAt = isoUtc(now);
	let body: unknown;
	const tooDeep = jsonDepthExceeds(text, MAX_DEPTH);
	if (!tooDeep) {
		try {
			body = JSON.parse(text);
		} catch {
			return reject(this, 400, 'The body is not valid JSON');
		}
	}
	const state = this.getWorkflowStaticData('node') as unknown as EventState;
	if (!state.seen || !state.units) Object.assign(state, emptyState());
	const retentionMs = Math.max(0, options.retentionDays ?? 7) * 86_400_000;
	if (mode === 'timestamped' && digest) {
		// A valid timestamped signature is used once. The key is the verified digest, so a prefix,
		// upper case or padding in the header does not make a replay look new; it is kept for the
		// whole timestamp window even when the duplicate memory is off.
		const replay = rememberSignature(state, digest.slice(0, 32), {
			now,
			keepMs: Math.max(retentionMs, 2 * toleranceSeconds * 1000),
			maxEntries: MAX_SIGNATURES,
		});
		if (replay === 'replay') return reject(this, 401, 'Replayed request');
	}
	let events: CanonicalEvent[];
	if (tooDeep) {
		events = [unwalkable(deliveryHash, receivedAt, `nested deeper than ${MAX_DEPTH} levels`)];
	} else {
		try {
			events = toCanonicalEvents(body, mappingOf(options), receivedAt, deliveryHash);
		} catch (error) {
			// Mapping is written not to throw; if it does, the delivery is still kept.
			events = [unwalkable(deliveryHash, receivedAt, (error as Error).message)];
		}
	}
	const guard = guardEvents(events, state, { retentionMs, maxEntries: MAX_REMEMBERED, now });
	const wanted = new Set(this.getNodeParameter('events', []) as string[]);
	const items: INodeExecutionData[] = [];
	const emit = (event: CanonicalEvent, isLate: boolean) => {
		if (!wanted.has(event.eventType)) return;
		// The event is this delivery's own object: the flag is added in place (spreading each of a
		// thousand events into a copy cost more than mapping them), without an object per event.
		const json = event as unknown as IDataObject;
		json.isLate = isLate;
		if (options.includeOriginal === false) delete json.original;
		items.push({ json });
	};
	events.forEach((event, index) => {
		if (guard.verdicts[index] === 'new') emit(event, guard.late[index]);
	});
	for (const anomaly of guard.anomalies) emit(anomaly, false);
	const summary = {
		received: events.length,
		started: items.length,
		duplicates: guard.verdicts.filter((v) => v === 'duplicate').length,
		late: guard.late.filter(Boolean).length,
	};
	if (items.length === 0) return { webhookResponse: summary };
	return { workflowData: [items] };
}
