/**
 * Pacing to Centra's rate-limit plan (https://centra.dev/integration-api/api-rate-limits): token
 * buckets on request count and mutation count, per 10 seconds and per hour, shared by every
 * integration of the store. Exceeding them earns a 429; pacing keeps one execution under them so
 * that a batch of items does not run into the limit in the first place.
 *
 * Pure and clock-injected: the transport asks how long to wait, sleeps with n8n's `sleep`, and
 * records the call. One pacer serves all the items of one execution; concurrent executions each
 * pace themselves, so together they can exceed the plan: their 429s are then waited out as
 * Centra's `Retry-After` says (see transport.ts).
 */

export interface Quota {
	/** Calls allowed per window. */
	limit: number;
	windowMs: number;
	/** Counts only mutations (Centra's MUTATION_COUNT); otherwise every request. */
	mutationsOnly: boolean;
}

export type RatePlan = 'default' | 'custom' | 'off';

export interface RatePlanSettings {
	plan?: RatePlan;
	requestsPer10Seconds?: number;
	mutationsPer10Seconds?: number;
	mutationsPerHour?: number;
}

/** Centra's default plan: 60 requests and 20 mutations per 10 s, 1,800 mutations per hour. */
export const DEFAULT_PLAN = {
	requestsPer10Seconds: 60,
	mutationsPer10Seconds: 20,
	mutationsPerHour: 1800,
} as const;

const TEN_SECONDS = 10_000;
const ONE_HOUR = 3_600_000;

export function quotasOf(settings: RatePlanSettings): Quota[] {
	if (settings.plan === 'off') return [];
	const numbers =
		settings.plan === 'custom'
			? {
					requestsPer10Seconds: settings.requestsPer10Seconds ?? DEFAULT_PLAN.requestsPer10Seconds,
					mutationsPer10Seconds:
						settings.mutationsPer10Seconds ?? DEFAULT_PLAN.mutationsPer10Seconds,
					mutationsPerHour: settings.mutationsPerHour ?? DEFAULT_PLAN.mutationsPerHour,
				}
			: DEFAULT_PLAN;
	const quotas: Quota[] = [
		{ limit: numbers.requestsPer10Seconds, windowMs: TEN_SECONDS, mutationsOnly: false },
		{ limit: numbers.mutationsPer10Seconds, windowMs: TEN_SECONDS, mutationsOnly: true },
		{ limit: numbers.mutationsPerHour, windowMs: ONE_HOUR, mutationsOnly: true },
	];
	for (const quota of quotas)
		if (!Number.isInteger(quota.limit) || quota.limit < 1)
			throw new RangeError(
				`Rate-limit numbers must be whole numbers of at least 1, got ${quota.limit}`,
			);
	return quotas;
}

export class Pacer {
	/** Start times of recent calls, oldest first, per quota. */
	private readonly logs: number[][];

	constructor(
		private readonly quotas: Quota[],
		private readonly now: () => number = () => Date.now(),
	) {
		this.logs = quotas.map(() => []);
	}

	/** Milliseconds to wait before a call of this kind fits every quota; 0 when it fits now. */
	delayFor(mutation: boolean): number {
		const now = this.now();
		let wait = 0;
		this.quotas.forEach((quota, i) => {
			if (quota.mutationsOnly && !mutation) return;
			const log = this.logs[i];
			while (log.length > 0 && log[0] <= now - quota.windowMs) log.shift();
			if (log.length >= quota.limit)
				wait = Math.max(wait, log[log.length - quota.limit] + quota.windowMs - now);
		});
		return wait;
	}

	/** Records a call made now. */
	record(mutation: boolean): void {
		const now = this.now();
		this.quotas.forEach((quota, i) => {
			if (!quota.mutationsOnly || mutation) this.logs[i].push(now);
		});
	}
}

/**
 * Milliseconds until the time a 429's `Retry-After` names. Centra describes it as "the timestamp
 * at which it is possible to try again" (a Unix timestamp, in seconds); HTTP also allows a number
 * of seconds or an HTTP date, so all three are read. A number is a timestamp when it is later than
 * 2001-09-09 (1e9 seconds); as milliseconds when above 1e12.
 */
export function retryAfterDelay(value: string | undefined, now: number): number | undefined {
	const text = (value ?? '').trim();
	if (!text) return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		if (number >= 1e12) return Math.max(0, number - now);
		if (number >= 1e9) return Math.max(0, number * 1000 - now);
		return number * 1000;
	}
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
