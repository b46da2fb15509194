/**
 * Happy Returns partner API transport: base URL and retailer id from the credential, pacing to
 * the documented rate, the leaky-bucket wait read from the 429 body (HR sends no Retry-After),
 * HR's error text, path ids that cannot leave their endpoint, and the shared retry policy.
 * Rate limit source: https://developer.happyreturns.com/partner/api/ ("limit 0.500000
 * requests/sec, leaky bucket size X").
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { vendorRequest, type VendorResponse } from '../shared/n8n/vendorRequest';

export interface HrCredentials {
	baseUrl: string;
	retailerId: string;
	timeoutMs: number;
	/** Sustained rate and burst of the client-side pacer. */
	requestsPerSecond: number;
	burst: number;
}

/**
 * Client-side leaky bucket per API host and retailer, shared by every execution in this process,
 * so a run of many items waits instead of collecting 429s. Each request takes one slot; slots
 * drain at `requestsPerSecond`; beyond `burst` queued slots the caller sleeps.
 */
const buckets = new Map<string, { level: number; at: number }>();

export function pacingDelayMs(key: string, rate: number, burst: number, now: number): number {
	const bucket = buckets.get(key) ?? { level: 0, at: now };
	const level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * rate);
	const wait = level + 1 > burst ? ((level + 1 - burst) / rate) * 1000 : 0;
	buckets.set(key, { level: level + 1, at: now });
	return Math.ceil(wait);
}

async function pace(credentials: HrCredentials): Promise<void> {
	if (!(credentials.requestsPerSecond > 0)) return;
	const wait = pacingDelayMs(
		`${credentials.baseUrl}|${credentials.retailerId}`,
		credentials.requestsPerSecond,
		Math.max(1, credentials.burst),
		Date.now(),
	);
	if (wait > 0) await sleep(wait);
}

/**
 * An id placed in a URL path. encodeURIComponent keeps "." and "..", which a server or proxy
 * resolves as path segments (reaching another endpoint), so those are refused.
 */
export function pathId(
	context: IExecuteFunctions,
	field: string,
	value: unknown,
	itemIndex: number,
): string {
	const id = String(value ?? '').trim();
	if (!id) throw new NodeOperationError(context.getNode(), `"${field}" is empty`, { itemIndex });
	// eslint-disable-next-line no-control-regex -- control characters are what is refused
	if (/^\.+$/.test(id) || /[\u0000-\u001f]/.test(id))
		throw new NodeOperationError(
			context.getNode(),
			`"${field}" is not a valid Happy Returns id: ${JSON.stringify(id)}`,
			{ itemIndex },
		);
	return encodeURIComponent(id);
}

export interface HrCall {
	operation: string;
	itemIndex: number;
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	idempotent: boolean;
	acceptStatuses?: number[];
}

/**
 * HR's 429 text: "too many requests: limit 0.500000 requests/sec, leaky bucket size 2". Third-party
 * clients read the last number as the seconds to wait; HR does not document it, so it is read as
 * such and capped, and the exponential backoff applies when it is missing.
 */
function leakyBucketWaitMs(response: VendorResponse): number | undefined {
	const body = response.body as { ErrorMessage?: unknown } | string | undefined;
	const message = typeof body === 'string' ? body : String(body?.ErrorMessage ?? '');
	const match = /leaky bucket size\s+([\d.]+)/i.exec(message);
	if (!match) return undefined;
	const seconds = Number(match[1]);
	return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0.5), 60) * 1000 : undefined;
}

function hrErrorMessage(response: VendorResponse): string | undefined {
	const body = response.body as { ErrorMessage?: unknown; error?: unknown } | undefined;
	const text = body && typeof body === 'object' ? (body.ErrorMessage ?? body.error) : body;
	return text ? `${String(text)} (HTTP ${response.statusCode})` : undefined;
}

export async function hrCredentials(this: IExecuteFunctions): Promise<HrCredentials> {
	const credentials = await this.getCredentials<{
		baseUrl?: string;
		retailerId?: string;
		timeoutSeconds?: number;
		requestsPerSecond?: number;
		burst?: number;
	}>('happyReturnsApi');
	return {
		baseUrl: (credentials.baseUrl || 'https://partner.happyreturns.com').replace(/\/+$/, ''),
		retailerId: credentials.retailerId ?? '',
		timeoutMs: (credentials.timeoutSeconds || 30) * 1000,
		requestsPerSecond: credentials.requestsPerSecond ?? 0.5,
		burst: credentials.burst ?? 10,
	};
}

export async function hrRequest(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	call: HrCall,
): Promise<VendorResponse> {
	return await vendorRequest.call(this, {
		service: 'Happy Returns',
		credentialType: 'happyReturnsApi',
		operation: call.operation,
		itemIndex: call.itemIndex,
		idempotent: call.idempotent,
		acceptStatuses: call.acceptStatuses,
		serviceWait: leakyBucketWaitMs,
		beforeAttempt: async () => await pace(credentials),
		timeoutMs: credentials.timeoutMs,
		errorMessage: hrErrorMessage,
		request: {
			method: call.method,
			url: `${credentials.baseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			json: true,
		},
	});
}
