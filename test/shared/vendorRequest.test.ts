/**
 * vendorRequest as a table: a scripted sequence of vendor answers (status codes, thrown network
 * or credential errors) against how many attempts are made and what the node sees. The policy's
 * delays are 1-2 ms so the real sleep from n8n-workflow costs nothing.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import {
	vendorRequest,
	type VendorCall,
	type VendorResponse,
} from '../../nodes/shared/n8n/vendorRequest';

const node: INode = {
	id: 'node',
	name: 'Vendor Node',
	type: 'test.vendor',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Answer = number | { throw: unknown };

function context(answers: Answer[]) {
	const calls: Array<{ credentialType: string; options: unknown; renewal: unknown }> = [];
	const self = {
		getNode: () => node,
		helpers: {
			httpRequestWithAuthentication: async (
				credentialType: string,
				options: unknown,
				renewal?: unknown,
			) => {
				calls.push({ credentialType, options, renewal });
				const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
				if (typeof answer === 'object') throw answer.throw;
				return { statusCode: answer, headers: {}, body: { status: answer } } as VendorResponse;
			},
		},
	} as unknown as IExecuteFunctions;
	return { self, calls };
}

function call(overrides: Partial<VendorCall> = {}): VendorCall {
	return {
		service: 'Vendor',
		credentialType: 'vendorApi',
		operation: 'Get Thing',
		itemIndex: 3,
		request: { method: 'GET', url: 'https://vendor.test/thing' },
		idempotent: true,
		policy: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxTotalWaitMs: 1000 },
		...overrides,
	};
}

const reset = { throw: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) };
const refused = {
	throw: Object.assign(new Error('Request failed with status code 401'), {
		response: { status: 401, data: { error: 'invalid_grant', error_description: 'revoked' } },
	}),
};

describe('vendorRequest', () => {
	const cases: Array<{
		why: string;
		answers: Answer[];
		overrides?: Partial<VendorCall>;
		attempts: number;
		result: number | { error: string; httpCode?: string };
	}> = [
		{ why: '200 at once', answers: [200], attempts: 1, result: 200 },
		{ why: '204 is success', answers: [204], attempts: 1, result: 204 },
		{
			why: '429 then 200, even for a write',
			answers: [429, 200],
			overrides: { idempotent: false },
			attempts: 2,
			result: 200,
		},
		{ why: '503 then 200 for a read', answers: [503, 200], attempts: 2, result: 200 },
		{
			why: '503 for a write is not retried',
			answers: [503, 200],
			overrides: { idempotent: false },
			attempts: 1,
			result: { error: 'Vendor Get Thing failed: HTTP 503', httpCode: '503' },
		},
		{ why: 'connection reset, read retried', answers: [reset, 200], attempts: 2, result: 200 },
		{
			why: 'connection reset, write not retried',
			answers: [reset, 200],
			overrides: { idempotent: false },
			attempts: 1,
			result: { error: 'The connection to the server was closed unexpectedly' },
		},
		{
			why: '404 is not retried',
			answers: [404, 200],
			attempts: 1,
			result: { error: 'HTTP 404', httpCode: '404' },
		},
		{
			why: '404 accepted as an answer',
			answers: [404],
			overrides: { acceptStatuses: [404] },
			attempts: 1,
			result: 404,
		},
		{
			why: 'vendor message in the error',
			answers: [422],
			overrides: { errorMessage: () => 'sku unknown' },
			attempts: 1,
			result: { error: 'Vendor Get Thing failed: sku unknown', httpCode: '422' },
		},
		{
			why: 'throttled past maxRetries',
			answers: [429],
			attempts: 3,
			result: { error: 'HTTP 429', httpCode: '429' },
		},
		{
			why: 'credentials refused: no retry',
			answers: [refused, 200],
			attempts: 1,
			result: {
				error: 'the credentials were refused (HTTP 401: invalid_grant: revoked)',
				httpCode: '401',
			},
		},
	];

	it.each(cases)('$why', async ({ answers, overrides, attempts, result }) => {
		const { self, calls } = context(answers);
		const outcome = vendorRequest.call(self, call(overrides));
		if (typeof result === 'number') {
			expect((await outcome).statusCode).toBe(result);
		} else {
			const error = await outcome.then(
				() => undefined,
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(NodeApiError);
			const apiError = error as NodeApiError;
			expect(apiError.message).toContain(result.error);
			expect(apiError.httpCode ?? undefined).toBe(result.httpCode);
			expect(apiError.context.itemIndex).toBe(3);
			expect(apiError.description).toContain('Item 3');
		}
		expect(calls).toHaveLength(attempts);
		for (const made of calls) {
			expect(made.credentialType).toBe('vendorApi');
			expect(made.options).toMatchObject({
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			});
		}
	});

	it('renews the credential once, then retries with the renewal options', async () => {
		const { self, calls } = context([401, 200]);
		const renewals: number[] = [];
		const response = await vendorRequest.call(
			self,
			call({
				renewCredentials: async (answer) => {
					renewals.push(answer.statusCode);
					return { forceRefresh: true };
				},
			}),
		);
		expect(response.statusCode).toBe(200);
		expect(renewals).toEqual([401]);
		expect(calls.map((made) => made.renewal)).toEqual([undefined, { forceRefresh: true }]);
	});

	it('does not renew twice when the renewed credential is refused again', async () => {
		const { self, calls } = context([401, 401, 200]);
		const error = await vendorRequest
			.call(self, call({ renewCredentials: async () => ({ forceRefresh: true }) }))
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(calls).toHaveLength(2);
	});

	it('waits what the vendor says on 429 and gives up when that exceeds the budget', async () => {
		const { self, calls } = context([429, 200]);
		const error = await vendorRequest
			.call(self, call({ serviceWait: () => 5000 }))
			.catch((caught: unknown) => caught);
		expect((error as NodeApiError).description).toContain('still throttled');
		expect(calls).toHaveLength(1);
	});

	it('runs beforeAttempt before every attempt and onSuccess once', async () => {
		const { self } = context([503, 503, 200]);
		const events: string[] = [];
		await vendorRequest.call(
			self,
			call({
				beforeAttempt: async () => {
					events.push('before');
				},
				onSuccess: (response) => events.push(`success ${response.statusCode}`),
			}),
		);
		expect(events).toEqual(['before', 'before', 'before', 'success 200']);
	});
});
