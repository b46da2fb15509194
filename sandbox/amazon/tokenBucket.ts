/** Amazon's per-operation usage plans: a token bucket of `burst` tokens refilled at `rate`/s. */
import type { Clock } from '../common/httpServer';

export class TokenBucket {
	private tokens: number;
	private updatedAt: number;

	constructor(
		readonly rate: number,
		readonly burst: number,
		private readonly clock: Clock,
	) {
		this.tokens = burst;
		this.updatedAt = clock.now();
	}

	take(): boolean {
		const now = this.clock.now();
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
		this.updatedAt = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

/**
 * Documented rate (requests/s) and burst per operation: the usage plans in each API model
 * (https://github.com/amzn/selling-partner-api-models/tree/main/models) and
 * https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits.
 */
export const USAGE_PLANS: Readonly<Record<string, { rate: number; burst: number }>> = {
	listTransactions: { rate: 0.5, burst: 10 },
	getReports: { rate: 0.0222, burst: 10 },
	getReport: { rate: 2, burst: 15 },
	createReport: { rate: 0.0167, burst: 15 },
	getReportDocument: { rate: 0.0167, burst: 15 },
	getOrders: { rate: 0.0167, burst: 20 },
	getOrder: { rate: 0.5, burst: 30 },
	// orders_2026-01-01.json getOrder usage plan.
	getOrder2026: { rate: 0.5, burst: 30 },
	// feeds_2021-06-30.json usage plans.
	createFeedDocument: { rate: 0.5, burst: 15 },
	createFeed: { rate: 0.0083, burst: 15 },
	getFeed: { rate: 2, burst: 15 },
	getFeedDocument: { rate: 0.0222, burst: 10 },
	getMarketplaceParticipations: { rate: 0.016, burst: 15 },
};
