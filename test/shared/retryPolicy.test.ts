/**
 * The retry policy as a table: what happened (status, idempotent, the vendor's wait) and how far
 * the call already went (retries, time waited) against the answer (a delay or give up). Expected
 * values come from the rules in the module's header, not from running it.
 */
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	nextRetryDelay,
	type AttemptOutcome,
	type RetryPolicy,
} from '../../nodes/shared/retryPolicy';

const policy: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 100,
	maxDelayMs: 1000,
	maxTotalWaitMs: 5000,
};
const low = () => 0;
const high = () => 1;

describe('nextRetryDelay', () => {
	const cases: Array<{
		why: string;
		outcome: AttemptOutcome;
		retries?: number;
		waited?: number;
		random?: () => number;
		delay: number | null;
	}> = [
		// 429: the vendor refused, nothing happened, so every call may retry
		{
			why: '429 GET, vendor wait',
			outcome: { status: 429, idempotent: true, serviceWaitMs: 700 },
			delay: 700,
		},
		{
			why: '429 POST, vendor wait',
			outcome: { status: 429, idempotent: false, serviceWaitMs: 700 },
			delay: 700,
		},
		{
			why: '429 POST, no vendor wait: backoff floor',
			outcome: { status: 429, idempotent: false },
			random: low,
			delay: 50,
		},
		{
			why: '429 POST, no vendor wait: backoff ceiling',
			outcome: { status: 429, idempotent: false },
			random: high,
			delay: 100,
		},
		{
			why: '429, vendor wait of 0',
			outcome: { status: 429, idempotent: false, serviceWaitMs: 0 },
			delay: 0,
		},
		// 5xx and no response: only idempotent calls, a write may have gone through
		...[500, 502, 503, 504].map((status) => ({
			why: `${status} GET`,
			outcome: { status, idempotent: true },
			random: high,
			delay: 100,
		})),
		...[500, 502, 503, 504].map((status) => ({
			why: `${status} POST`,
			outcome: { status, idempotent: false },
			delay: null,
		})),
		{ why: 'timeout GET', outcome: { idempotent: true }, random: high, delay: 100 },
		{ why: 'timeout POST', outcome: { idempotent: false }, delay: null },
		{
			why: '5xx ignores a vendor wait',
			outcome: { status: 503, idempotent: true, serviceWaitMs: 4000 },
			random: high,
			delay: 100,
		},
		// answers that retrying cannot change
		...[400, 401, 403, 404, 409, 422, 501, 505].map((status) => ({
			why: `${status} GET`,
			outcome: { status, idempotent: true },
			delay: null,
		})),
		// the retry count: maxRetries retries, then give up
		{
			why: 'last allowed retry',
			outcome: { status: 429, idempotent: true },
			retries: 2,
			random: high,
			delay: 400,
		},
		{
			why: 'retries used up',
			outcome: { status: 429, idempotent: true, serviceWaitMs: 1 },
			retries: 3,
			delay: null,
		},
		// the total wait budget: exactly at the budget is allowed, one ms past is not
		{
			why: 'wait ends exactly at budget',
			outcome: { status: 429, idempotent: true, serviceWaitMs: 1000 },
			waited: 4000,
			delay: 1000,
		},
		{
			why: 'wait ends 1 ms past budget',
			outcome: { status: 429, idempotent: true, serviceWaitMs: 1001 },
			waited: 4000,
			delay: null,
		},
	];

	it.each(cases)('$why -> $delay', ({ outcome, retries = 0, waited = 0, random = low, delay }) => {
		expect(nextRetryDelay(outcome, retries, waited, policy, random)).toBe(delay);
	});
});

describe('backoffDelay', () => {
	it.each([
		[0, 50, 100],
		[1, 100, 200],
		[2, 200, 400],
		[3, 400, 800],
		[4, 500, 1000],
		[10, 500, 1000],
	])(
		'retry %d waits between %d and %d ms (full jitter over the upper half)',
		(retries, min, max) => {
			expect(backoffDelay(retries, policy, low)).toBe(min);
			expect(backoffDelay(retries, policy, high)).toBe(max);
			const any = backoffDelay(retries, policy);
			expect(any).toBeGreaterThanOrEqual(min);
			expect(any).toBeLessThanOrEqual(max);
		},
	);

	it('the default policy never waits longer than its budget in total', () => {
		let waited = 0;
		let retries = 0;
		for (;;) {
			const delay = nextRetryDelay(
				{ status: 429, idempotent: false },
				retries,
				waited,
				DEFAULT_RETRY_POLICY,
				high,
			);
			if (delay === null) break;
			waited += delay;
			retries++;
		}
		expect(retries).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxRetries);
		expect(waited).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxTotalWaitMs);
	});
});
