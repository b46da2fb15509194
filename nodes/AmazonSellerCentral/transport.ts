/**
 * Amazon SP-API transport: the regional endpoint (or an override), Amazon's usage plans as token
 * buckets shared by every item of the execution, backoff with jitter on 429 `QuotaExceeded` (Amazon
 * sends no Retry-After) within the user's wait budget, and a token refresh plus one retry when
 * Amazon answers 403 "access token ... expired", on every n8n version (not only where n8n offers
 * preAuthenticationRetryStatusCode). Errors carry Amazon's code and message, never a token.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { RetryPolicy } from '../shared/retryPolicy';
import { vendorRequest, type VendorResponse } from '../shared/n8n/vendorRequest';
import { amazonErrorText, isExpiredTokenError, UsagePlans } from './logic/usagePlans';

const REGION_ENDPOINTS: Record<string, string> = {
	na: 'https://sellingpartnerapi-na.amazon.com',
	eu: 'https://sellingpartnerapi-eu.amazon.com',
	fe: 'https://sellingpartnerapi-fe.amazon.com',
};

export interface AmazonContext {
	baseUrl: string;
	plans: UsagePlans;
	policy: RetryPolicy;
	timeoutMs: number;
}

export interface AmazonCall {
	operation: string;
	itemIndex: number;
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	acceptStatuses?: number[];
}

/** The credential's endpoint override, or its region's SP-API endpoint. */
export function amazonBaseUrl(credentials: { region?: string; endpoint?: string }): string {
	return (
		credentials.endpoint ||
		REGION_ENDPOINTS[credentials.region ?? 'eu'] ||
		REGION_ENDPOINTS.eu
	).replace(/\/+$/, '');
}

export async function amazonContext(
	this: IExecuteFunctions,
	waitBudgetMs: number,
): Promise<AmazonContext> {
	const credentials = await this.getCredentials<{
		region?: string;
		endpoint?: string;
		timeoutSeconds?: number;
	}>('amazonSpApi');
	return {
		baseUrl: amazonBaseUrl(credentials),
		plans: new UsagePlans(),
		policy: { maxRetries: 50, baseDelayMs: 1000, maxDelayMs: 60_000, maxTotalWaitMs: waitBudgetMs },
		timeoutMs: (credentials.timeoutSeconds || 60) * 1000,
	};
}

async function forcedRefreshOptions(context: IExecuteFunctions): Promise<IDataObject> {
	const reference = context.getNode().credentials?.amazonSpApi;
	const data = await context.getCredentials<ICredentialDataDecryptedObject>('amazonSpApi');
	// An empty expirable token makes n8n run preAuthentication and store the new token.
	return {
		credentialsDecrypted: {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: 'amazonSpApi',
			data: { ...data, accessToken: '' },
		},
	};
}

export async function amazonRequest(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	call: AmazonCall,
): Promise<VendorResponse> {
	const bucket = ctx.plans.bucket(call.operation, Date.now());
	return await vendorRequest.call(this, {
		service: 'Amazon',
		credentialType: 'amazonSpApi',
		operation: call.operation,
		itemIndex: call.itemIndex,
		idempotent: call.method === 'GET',
		acceptStatuses: call.acceptStatuses,
		policy: ctx.policy,
		timeoutMs: ctx.timeoutMs,
		request: {
			method: call.method,
			url: `${ctx.baseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			json: true,
			headers: { 'user-agent': 'n8n-nodes-returns-reconciliation/0.1 (Language=TypeScript)' },
		},
		errorMessage: (response) => amazonErrorText(response.body),
		beforeAttempt: async () => {
			const pace = bucket.reserve(Date.now());
			if (pace > 0) await sleep(pace);
		},
		onSuccess: (response) => bucket.adjust(response.headers['x-amzn-ratelimit-limit'], Date.now()),
		renewCredentials: async (response) =>
			response.statusCode === 403 && isExpiredTokenError(response.body)
				? await forcedRefreshOptions(this)
				: undefined,
	});
}
