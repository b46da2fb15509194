/**
 * Centra transport: GraphQL over the shared vendor runner, with Centra's envelope handled here.
 * Top-level `errors` (permissions, syntax) and mutation `userErrors` become NodeApiErrors carrying
 * Centra's own message and path; a 429 waits for `Retry-After` (an HTTP date or seconds).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { vendorRequest, type VendorResponse } from '../shared/n8n/vendorRequest';

export interface CentraCredentials {
	url: string;
	orderApiUrl: string;
	timeoutMs: number;
}

export interface GraphqlCall {
	operation: string;
	itemIndex: number;
	query: string;
	variables?: IDataObject;
	/** Reads are idempotent; mutations are not retried after a timeout (callers re-check first). */
	idempotent: boolean;
}

interface GraphqlError {
	message: string;
	path?: Array<string | number>;
	extensions?: { category?: string };
}

export function retryAfterMs(response: VendorResponse, now = Date.now()): number | undefined {
	const header = response.headers['retry-after'];
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeErrors(errors: GraphqlError[]): string {
	return errors
		.map((e) => `${e.message}${e.path?.length ? ` (at ${e.path.join('.')})` : ''}`)
		.join('; ');
}

export async function centraCredentials(this: IExecuteFunctions): Promise<CentraCredentials> {
	const credentials = await this.getCredentials<{
		url: string;
		orderApiUrl?: string;
		timeoutSeconds?: number;
	}>('centraApi');
	return {
		url: credentials.url,
		orderApiUrl: (credentials.orderApiUrl ?? '').replace(/\/+$/, ''),
		timeoutMs: (credentials.timeoutSeconds || 30) * 1000,
	};
}

export async function centraGraphql<T = IDataObject>(
	context: IExecuteFunctions,
	credentials: CentraCredentials,
	call: GraphqlCall,
): Promise<T> {
	const response = await vendorRequest.call(context, {
		service: 'Centra',
		credentialType: 'centraApi',
		operation: call.operation,
		itemIndex: call.itemIndex,
		idempotent: call.idempotent,
		serviceWait: (r) => retryAfterMs(r),
		timeoutMs: credentials.timeoutMs,
		errorMessage: (r) => {
			const errors = (r.body as { errors?: GraphqlError[] })?.errors;
			return errors?.length ? `${describeErrors(errors)} (HTTP ${r.statusCode})` : undefined;
		},
		request: {
			method: 'POST',
			url: credentials.url,
			body: { query: call.query, variables: call.variables ?? {} },
			json: true,
		},
	});
	const body = (response.body ?? {}) as { data?: T; errors?: GraphqlError[] };
	if (body.errors?.length) {
		throw new NodeApiError(context.getNode(), body as unknown as JsonObject, {
			message: `Centra ${call.operation} failed: ${describeErrors(body.errors)}`,
			description: body.errors.some((e) => e.extensions?.category === 'authorization')
				? 'The Integration API token lacks a permission; add it in AMS > System > API Tokens.'
				: undefined,
			itemIndex: call.itemIndex,
		});
	}
	return (body.data ?? {}) as T;
}

export interface MutationPayload {
	userErrors?: Array<{ message: string; path?: string[] }>;
	userWarnings?: Array<{ message: string; path?: string[] }>;
}

/** Throws Centra's userErrors (business validation) as a NodeApiError naming the item. */
export function assertNoUserErrors(
	this: IExecuteFunctions,
	payload: MutationPayload | undefined,
	operation: string,
	itemIndex: number,
	hint?: string,
): void {
	const errors = payload?.userErrors ?? [];
	if (errors.length === 0) return;
	throw new NodeApiError(this.getNode(), { userErrors: errors } as unknown as JsonObject, {
		message: `Centra ${operation} refused: ${errors.map((e) => `${e.message}${e.path?.length ? ` (at ${e.path.join('.')})` : ''}`).join('; ')}`,
		description: hint,
		itemIndex,
	});
}
