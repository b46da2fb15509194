/**
 * The one place this package's nodes call vendors: httpRequestWithAuthentication with a timeout,
 * the shared retry policy (waiting with n8n's sleep), and every failure turned into a
 * NodeApiError that names the service, the operation and the item. Credentials never appear in
 * errors: only the vendor's response body is attached.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, type RetryPolicy } from '../retryPolicy';

export interface VendorResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export interface VendorCall {
	service: string;
	credentialType: string;
	/** Operation name for error messages, e.g. "Get Return". */
	operation: string;
	itemIndex: number;
	request: IHttpRequestOptions;
	/** Safe to repeat after a timeout or 5xx (GET, idempotent POST). */
	idempotent: boolean;
	/** Statuses that are answers, not failures (e.g. 204 "not found", 409 "already done"). */
	acceptStatuses?: number[];
	policy?: RetryPolicy;
	/** Reads the vendor's "wait this long" from a 429 (header or body), in ms. */
	serviceWait?: (response: VendorResponse) => number | undefined;
	/** Extracts the vendor's own error message from a failed response. */
	errorMessage?: (response: VendorResponse) => string | undefined;
	timeoutMs?: number;
	/** Runs before every attempt, e.g. to wait for a rate-limit token. */
	beforeAttempt?: () => Promise<void>;
	/** Sees every successful response, e.g. to read rate-limit headers. */
	onSuccess?: (response: VendorResponse) => void;
	/**
	 * Asked once about a failed response: options for httpRequestWithAuthentication that renew the
	 * credential (e.g. force a token refresh), for one immediate retry; undefined when it does not apply.
	 */
	renewCredentials?: (response: VendorResponse) => Promise<IDataObject | undefined>;
}

interface NetworkFailure {
	message: string;
	code?: string;
}

function networkFailure(error: unknown): NetworkFailure {
	const e = error as {
		message?: string;
		code?: string;
		cause?: { code?: string; message?: string };
	};
	return {
		message: e.cause?.message ?? e.message ?? 'request failed',
		code: e.code ?? e.cause?.code,
	};
}

/** A thrown error that carries a 4xx answer: credentials refused before the call was made. */
function credentialRefusal(error: unknown): { status: number; detail: string } | null {
	const e = error as {
		response?: { status?: number; data?: unknown };
		statusCode?: number;
		httpCode?: string;
		cause?: { response?: { status?: number; data?: unknown } };
	};
	const status = Number(
		e.response?.status ?? e.cause?.response?.status ?? e.statusCode ?? e.httpCode,
	);
	if (!Number.isInteger(status) || status < 400 || status >= 500 || status === 429) return null;
	const data = (e.response?.data ?? e.cause?.response?.data) as
		{ error?: unknown; error_description?: unknown; message?: unknown } | undefined;
	const detail = [data?.error, data?.error_description ?? data?.message]
		.filter((part) => typeof part === 'string' && part)
		.join(': ');
	return { status, detail };
}

function asJson(body: unknown): JsonObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as JsonObject;
	return {
		body: Buffer.isBuffer(body) ? body.toString('utf8').slice(0, 2000) : String(body ?? ''),
	};
}

export async function vendorRequest(
	this: IExecuteFunctions,
	call: VendorCall,
): Promise<VendorResponse> {
	const policy = call.policy ?? DEFAULT_RETRY_POLICY;
	let waited = 0;
	let renewal: IDataObject | undefined;
	let renewed = false;
	for (let retries = 0; ;) {
		await call.beforeAttempt?.();
		let response: VendorResponse | undefined;
		let failure: NetworkFailure | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				call.credentialType,
				{
					timeout: call.timeoutMs ?? 30_000,
					...call.request,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				},
				renewal,
			)) as VendorResponse;
		} catch (error) {
			const refused = credentialRefusal(error);
			// The token endpoint answered "no" (a revoked refresh token, a wrong secret): retrying cannot help.
			if (refused) {
				throw new NodeApiError(
					this.getNode(),
					{ message: refused.detail },
					{
						message: `${call.service} ${call.operation} failed: the credentials were refused (HTTP ${refused.status}${refused.detail ? `: ${refused.detail}` : ''})`,
						description: `Item ${call.itemIndex}. Check the ${call.service} credential: the refresh token, client secret or API key may be revoked or expired.`,
						httpCode: String(refused.status),
						itemIndex: call.itemIndex,
					},
				);
			}
			failure = networkFailure(error);
		}
		renewal = undefined;
		const status = response?.statusCode;
		if (
			response &&
			status !== undefined &&
			((status >= 200 && status < 300) || call.acceptStatuses?.includes(status))
		) {
			call.onSuccess?.(response);
			return response;
		}
		if (response && !renewed && call.renewCredentials) {
			renewal = await call.renewCredentials(response);
			if (renewal) {
				renewed = true;
				continue;
			}
		}
		const delay = nextRetryDelay(
			{
				status,
				idempotent: call.idempotent,
				serviceWaitMs: response && status === 429 ? call.serviceWait?.(response) : undefined,
			},
			retries,
			waited,
			policy,
		);
		if (delay === null) {
			const detail = response
				? (call.errorMessage?.(response) ?? `HTTP ${status}`)
				: `${failure?.code ?? 'network error'}: ${failure?.message}`;
			const attempts = retries + 1;
			throw new NodeApiError(
				this.getNode(),
				response ? asJson(response.body) : { message: detail },
				{
					message: `${call.service} ${call.operation} failed: ${detail}`,
					description: `Item ${call.itemIndex}, after ${attempts} attempt${attempts === 1 ? '' : 's'}${status === 429 ? `; still throttled after waiting ${Math.round(waited / 1000)} s (the wait budget)` : ''}.`,
					httpCode: status !== undefined ? String(status) : undefined,
					itemIndex: call.itemIndex,
				},
			);
		}
		waited += delay;
		retries++;
		await sleep(delay);
	}
}
