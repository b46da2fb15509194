/**
 * Fault injection for sandbox servers: per endpoint, a share of requests answers 429, a 5xx,
 * is held past the client's timeout, or has its connection dropped. Seeded, so a run repeats.
 */
import { Random } from '../scenario/random';

export interface FaultRates {
	rateLimited?: number;
	serverError?: number;
	slow?: number;
	drop?: number;
}

export type Fault = 'rateLimited' | 'serverError' | 'slow' | 'drop' | null;

export class FaultInjector {
	private readonly random: Random;
	/** Rates per endpoint key ("POST /return"); "*" applies to every endpoint. */
	private readonly rates = new Map<string, FaultRates>();
	readonly counts: Record<Exclude<Fault, null> | 'none', number> = {
		rateLimited: 0,
		serverError: 0,
		slow: 0,
		drop: 0,
		none: 0,
	};

	constructor(seed = 1) {
		this.random = new Random(seed);
	}

	set(endpoint: string, rates: FaultRates): void {
		this.rates.set(endpoint, rates);
	}

	clear(): void {
		this.rates.clear();
	}

	decide(endpoint: string): Fault {
		const rates = this.rates.get(endpoint) ?? this.rates.get('*');
		if (!rates) {
			this.counts.none++;
			return null;
		}
		let roll = this.random.next();
		for (const fault of ['rateLimited', 'serverError', 'slow', 'drop'] as const) {
			const rate = rates[fault] ?? 0;
			if (roll < rate) {
				this.counts[fault]++;
				return fault;
			}
			roll -= rate;
		}
		this.counts.none++;
		return null;
	}
}
