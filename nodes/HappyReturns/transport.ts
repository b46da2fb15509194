/**
 * Happy Returns partner API transport: base URL and retailer id from the credential, the
 * leaky-bucket wait read from the 429 body (HR sends no Retry-After), HR's error text, and the
 * shared retry policy.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { vendorRequest, type VendorResponse } from '../shared/n8n/vendorRequest';

export interface HrCredentials {
	baseUrl: string;
	retailerId: string;
	timeoutMs: number;
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
export function leakyBucketWaitMs(response: VendorResponse): number | undefined {
	const body = response.body as { ErrorMessage?: unknown } | string | undefined;
	const message = typeof body === 'string' ? body : String(body?.ErrorMessage ?? '');
	const match = /leaky bucket size\s+([\d.]+)/i.exec(message);
	if (!match) return undefined;
	const seconds = Number(match[1]);
	return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0.5), 60) * 1000 : undefined;
}

export function hrErrorMessage(response: VendorResponse): string | undefined {
	const body = response.body as { ErrorMessage?: unknown; error?: unknown } | undefined;
	const text = body && typeof body === 'object' ? (body.ErrorMessage ?? body.error) : body;
	return text ? `${String(text)} (HTTP ${response.statusCode})` : undefined;
}

export async function hrCredentials(this: IExecuteFunctions): Promise<HrCredentials> {
	const credentials = await this.getCredentials<{
		baseUrl?: string;
		retailerId?: string;
		timeoutSeconds?: number;
	}>('happyReturnsApi');
	return {
		baseUrl: (credentials.baseUrl || 'https://partner.happyreturns.com').replace(/\/+$/, ''),
		retailerId: credentials.retailerId ?? '',
		timeoutMs: (credentials.timeoutSeconds || 30) * 1000,
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
