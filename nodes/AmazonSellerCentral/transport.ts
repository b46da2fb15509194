/**
 * Amazon SP-API transport: the regional endpoint (or an override), Amazon's usage plans as token
 * buckets shared by every item of the execution, backoff with jitter on 429 `QuotaExceeded` (Amazon
 * sends no Retry-After) within the user's wait budget, and a token refresh plus one retry when
 * Amazon answers 403 "access token ... expired", on every n8n version (not only where n8n offers
 * preAuthenticationRetryStatusCode). Errors carry Amazon's code and message, never a token.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { nextRetryDelay, type RetryPolicy } from '../shared/http/retryPolicy';
import type { VendorResponse } from '../shared/http/vendorRequest';
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
	/** Counters for the output and the benchmark. */
	stats: { calls: number; throttled: number; refreshes: number; waitedMs: number };
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

export async function amazonContext(this: IExecuteFunctions, waitBudgetMs: number): Promise<AmazonContext> {
	const credentials = await this.getCredentials<{ region?: string; endpoint?: string }>('amazonSpApi');
	const baseUrl = (credentials.endpoint || REGION_ENDPOINTS[credentials.region ?? 'eu'] || REGION_ENDPOINTS.eu).replace(/\/+$/, '');
	return {
		baseUrl,
		plans: new UsagePlans(),
		policy: { maxRetries: 50, baseDelayMs: 1000, maxDelayMs: 60_000, maxTotalWaitMs: waitBudgetMs },
		stats: { calls: 0, throttled: 0, refreshes: 0, waitedMs: 0 },
	};
}

async function forcedRefreshOptions(context: IExecuteFunctions): Promise<IDataObject> {
	const reference = context.getNode().credentials?.amazonSpApi;
	const data = await context.getCredentials<ICredentialDataDecryptedObject>('amazonSpApi');
	// An empty expirable token makes n8n run preAuthentication and store the new token.
	return { credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type: 'amazonSpApi', data: { ...data, accessToken: '' } } };
}

export async function amazonRequest(this: IExecuteFunctions, ctx: AmazonContext, call: AmazonCall): Promise<VendorResponse> {
	const bucket = ctx.plans.bucket(call.operation, Date.now());
	let waited = 0;
	let refreshed = false;
	let extra: IDataObject = {};
	for (let retries = 0; ; ) {
		const pace = bucket.reserve(Date.now());
		if (pace > 0) {
			ctx.stats.waitedMs += pace;
			await sleep(pace);
		}
		let response: VendorResponse | undefined;
		let failure: string | undefined;
		ctx.stats.calls++;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'amazonSpApi',
				{ method: call.method, url: `${ctx.baseUrl}${call.path}`, qs: call.qs, body: call.body, json: true, timeout: 60_000, returnFullResponse: true, ignoreHttpStatusErrors: true, headers: { 'user-agent': 'n8n-nodes-returns-reconciliation/0.1 (Language=TypeScript)' } },
				extra,
			)) as VendorResponse;
		} catch (error) {
			failure = (error as Error).message;
		}
		extra = {};
		const status = response?.statusCode;
		if (response && status !== undefined && ((status >= 200 && status < 300) || call.acceptStatuses?.includes(status))) {
			bucket.adjust(response.headers['x-amzn-ratelimit-limit'], Date.now());
			return response;
		}
		if (status === 403 && !refreshed && isExpiredTokenError(response?.body)) {
			refreshed = true;
			ctx.stats.refreshes++;
			extra = await forcedRefreshOptions(this);
			continue;
		}
		if (status === 429) ctx.stats.throttled++;
		const delay = nextRetryDelay({ status, idempotent: call.method === 'GET' }, retries, waited, ctx.policy);
		if (delay === null) {
			const text = response ? (amazonErrorText(response.body) ?? `HTTP ${status}`) : `network error: ${failure}`;
			throw new NodeApiError(this.getNode(), (response?.body ?? { message: text }) as JsonObject, {
				message: `Amazon ${call.operation} failed: ${text}`,
				description: `Item ${call.itemIndex}${status === 429 ? `; still throttled after waiting ${Math.round(waited / 1000)} s (the wait budget)` : ''}.`,
				httpCode: status !== undefined ? String(status) : undefined,
				itemIndex: call.itemIndex,
			});
		}
		waited += delay;
		ctx.stats.waitedMs += delay;
		retries++;
		await sleep(delay);
	}
}
