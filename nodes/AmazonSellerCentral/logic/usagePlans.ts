/**
 * Amazon's usage plans: a token bucket per operation (rate per second, burst). The bucket is
 * shared by all items of one execution, and the `x-amzn-RateLimit-Limit` header, when Amazon sends
 * it, replaces the documented rate. Pure: callers sleep for the returned wait.
 */

export const DOCUMENTED_PLANS: Readonly<Record<string, { rate: number; burst: number }>> = {
	listTransactions: { rate: 0.5, burst: 10 },
	getReports: { rate: 0.0222, burst: 10 },
	getReport: { rate: 2, burst: 15 },
	createReport: { rate: 0.0167, burst: 15 },
	getReportDocument: { rate: 0.0167, burst: 15 },
	getOrders: { rate: 0.0167, burst: 20 },
	getOrder: { rate: 0.5, burst: 30 },
	// Orders v2026-01-01 getOrder (its own model's usage plan), kept apart from v0's bucket.
	getOrder2026: { rate: 0.5, burst: 30 },
};

export class OperationBucket {
	private tokens: number;
	private updatedAt: number;

	constructor(
		public rate: number,
		readonly burst: number,
		now: number,
	) {
		this.tokens = burst;
		this.updatedAt = now;
	}

	private refill(now: number): void {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
		this.updatedAt = now;
	}

	/** Takes one token; returns how long to wait first (0 when one is available). */
	reserve(now: number): number {
		this.refill(now);
		this.tokens -= 1;
		return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
	}

	/** Amazon's header says the rate actually applied to this seller and application. */
	adjust(headerValue: unknown, now: number): void {
		const rate = Number(headerValue);
		if (!Number.isFinite(rate) || rate <= 0 || rate === this.rate) return;
		this.refill(now);
		this.rate = rate;
	}
}

export class UsagePlans {
	private readonly buckets = new Map<string, OperationBucket>();

	bucket(operation: string, now: number): OperationBucket {
		let bucket = this.buckets.get(operation);
		if (!bucket) {
			const plan = DOCUMENTED_PLANS[operation] ?? { rate: 1, burst: 5 };
			bucket = new OperationBucket(plan.rate, plan.burst, now);
			this.buckets.set(operation, bucket);
		}
		return bucket;
	}
}

/** Amazon answers 403 with this detail when the LWA access token has expired. */
export function isExpiredTokenError(body: unknown): boolean {
	const errors = (body as { errors?: Array<{ details?: string; message?: string }> })?.errors ?? [];
	return errors.some((e) => /access token.*expired/i.test(`${e.details ?? ''} ${e.message ?? ''}`));
}

export function amazonErrorText(body: unknown): string | undefined {
	const errors = (body as { errors?: Array<{ code?: string; message?: string; details?: string }> })
		?.errors;
	if (!errors?.length) return undefined;
	return errors
		.map((e) => `${e.code ?? 'Error'}: ${e.message ?? ''}${e.details ? ` (${e.details})` : ''}`)
		.join('; ');
}
