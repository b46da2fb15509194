/**
 * When to retry a vendor call and how long to wait. Pure: the transports feed it what happened
 * and it answers with a delay or "give up". Rules:
 * - 429 is always retried (the vendor refused the request, so it had no effect), waiting what
 *   the vendor says when it says it, else capped exponential backoff with full jitter;
 * - 5xx and network failures (timeouts, dropped connections) are retried only for idempotent
 *   calls, since a money- or stock-moving POST may have gone through;
 * - nothing is retried past `maxRetries` or past the total wait budget.
 */

export interface RetryPolicy {
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Total time the retries of one call may wait, all attempts together. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 120_000,
};

export interface AttemptOutcome {
	/** HTTP status, or undefined when no response arrived (network failure or timeout). */
	status?: number;
	/** How long the vendor asked us to wait, if it said (Retry-After, body text). */
	serviceWaitMs?: number;
	idempotent: boolean;
}

const RETRYABLE_SERVER_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export function backoffDelay(
	retriesSoFar: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesSoFar);
	return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The delay before the next attempt in ms, or null to give up. */
export function nextRetryDelay(
	outcome: AttemptOutcome,
	retriesSoFar: number,
	waitedMs: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | null {
	if (retriesSoFar >= policy.maxRetries) return null;
	const throttled = outcome.status === 429;
	const transient = outcome.status === undefined || RETRYABLE_SERVER_STATUSES.has(outcome.status);
	if (!throttled && !(transient && outcome.idempotent)) return null;
	const delay =
		throttled && outcome.serviceWaitMs !== undefined
			? outcome.serviceWaitMs
			: backoffDelay(retriesSoFar, policy, random);
	if (waitedMs + delay > policy.maxTotalWaitMs) return null;
	return delay;
}
