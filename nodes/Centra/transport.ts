/**
 * Centra transport: GraphQL over the shared vendor runner, with Centra's envelope handled here.
 * Top-level `errors` (permissions, syntax) and mutation `userErrors` become NodeApiErrors carrying
 * Centra's own message and path. Every call is paced to the credential's rate-limit plan first
 * (logic/pacer.ts); a 429 waits until the time `Retry-After` names (a Unix timestamp, as Centra
 * documents it, an HTTP date, or seconds).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { vendorRequest, type VendorResponse } from '../shared/n8n/vendorRequest';
import { Pacer, quotasOf, retryAfterDelay, type RatePlanSettings } from './logic/pacer';

export interface CentraCredentials {
	url: string;
	orderApiUrl: string;
	timeoutMs: number;
	/** One per execution: paces all its items together. */
	pacer: Pacer;
}

/**
 * Longest a call waits for the plan's quota before failing the item instead: an hourly quota that
 * is used up is reported, not slept through.
 */
const MAX_PACING_WAIT_MS = 120_000;

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
	return retryAfterDelay(Array.isArray(header) ? header[0] : header, now);
}

/** Waits until a call fits the plan's quotas, then records it. */
async function pace(
	context: IExecuteFunctions,
	credentials: CentraCredentials,
	mutation: boolean,
	itemIndex: number,
): Promise<void> {
	for (;;) {
		const delay = credentials.pacer.delayFor(mutation);
		if (delay <= 0) break;
		if (delay > MAX_PACING_WAIT_MS)
			throw new NodeOperationError(
				context.getNode(),
				`Centra's ${mutation ? 'mutation' : 'request'} quota of the rate-limit plan is used up for the next ${Math.ceil(delay / 1000)} s`,
				{
					itemIndex,
					description:
						'Run the rest later, or raise the numbers in the Centra credential if your plan allows more.',
				},
			);
		await sleep(delay);
	}
	credentials.pacer.record(mutation);
}

function describeErrors(errors: GraphqlError[]): string {
	return errors
		.map((e) => `${e.message}${e.path?.length ? ` (at ${e.path.join('.')})` : ''}`)
		.join('; ');
}

export async function centraCredentials(this: IExecuteFunctions): Promise<CentraCredentials> {
	const credentials = await this.getCredentials<
		{
			url: string;
			orderApiUrl?: string;
			timeoutSeconds?: number;
			rateLimitPlan?: RatePlanSettings['plan'];
		} & Omit<RatePlanSettings, 'plan'>
	>('centraApi');
	let quotas;
	try {
		quotas = quotasOf({ ...credentials, plan: credentials.rateLimitPlan ?? 'default' });
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Centra credential: ${(error as Error).message}`);
	}
	return {
		url: credentials.url,
		orderApiUrl: (credentials.orderApiUrl ?? '').replace(/\/+$/, ''),
		timeoutMs: (credentials.timeoutSeconds || 30) * 1000,
		pacer: new Pacer(quotas),
	};
}

export async function centraGraphql<T = IDataObject>(
	context: IExecuteFunctions,
	credentials: CentraCredentials,
	call: GraphqlCall,
): Promise<T> {
	const mutation = /^\s*mutation\b/.test(call.query);
	const response = await vendorRequest.call(context, {
		service: 'Centra',
		credentialType: 'centraApi',
		operation: call.operation,
		itemIndex: call.itemIndex,
		idempotent: call.idempotent,
		beforeAttempt: async () => await pace(context, credentials, mutation, call.itemIndex),
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
