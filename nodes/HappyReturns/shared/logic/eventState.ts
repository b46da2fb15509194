/**
 * The trigger's fast, best-effort memory of recent deliveries, kept in the workflow's static
 * data. It is a HINT, never the exactly-once guard: n8n loads static data per execution and
 * writes the whole object back afterwards, so two executions at once can both miss an entry or
 * overwrite each other's additions. The worst that does here is to forget a hint (an event is
 * emitted again and the workflow's atomic claim on `eventId` stops it); it never drops a
 * milestone, because nothing is skipped for being late: every milestone of a unit is emitted
 * once, in whatever order or batching it arrives.
 *
 * - An event id seen within the retention window is a duplicate and does not start the workflow.
 * - Per unit, the milestones seen are kept as bits. They flag a status that arrives after a
 *   later one (`isLate`, information only) and raise one `return.anomaly` when a unit has both
 *   expired and been dropped off, approved or shipped, in either order.
 * - Entries expire after the retention window: an entry older than that is ignored as if it were
 *   gone. Both maps are capped, so the object stays small (it is rewritten on every delivery):
 *   each always holds the `maxEntries` most recent entries still within the window, and at most
 *   `maxEntries` plus a slack (`trimSlack`). It is trimmed back to the cap (expired entries, then
 *   the oldest) only once it has grown the slack beyond it, because a trim lists every key, and
 *   at the cap that was a trim of thousands of keys on every delivery. Retention 0 turns the
 *   memory off.
 */
import { hash } from 'crypto';
import { eventId, type CanonicalEvent, type CanonicalType } from './canonicalEvents';

export interface EventState {
	/** eventId -> when it was last taken as new (epoch ms): first seen, or seen again after it expired. */
	seen: Record<string, number>;
	/** hash of unitKey -> milestone bits and last update (epoch ms). */
	units: Record<string, { m?: number; at: number }>;
	/** Timestamped signatures already accepted (replay guard): digest -> seen at. */
	signatures?: Record<string, number>;
	/**
	 * At least the number of keys in `seen` and in `units` (counted at each trim, then raised by
	 * every key added), so a delivery knows whether to trim without listing the keys. Missing in
	 * memories saved before it existed, or if it is not a count: the next delivery trims.
	 */
	sizes?: { seen: number; units: number };
}

export interface GuardOptions {
	retentionMs: number;
	maxEntries: number;
	now: number;
}

export type Verdict = 'new' | 'duplicate';

export interface GuardResult {
	/** One per input event. */
	verdicts: Verdict[];
	/** Per input event: a status that arrived after a later status of its unit. */
	late: boolean[];
	/** Anomaly events raised by this delivery (already checked against the memory). */
	anomalies: CanonicalEvent[];
}

const BIT: Partial<Record<CanonicalType, number>> = {
	'return.started': 1,
	'return.dropoff_method_set': 2,
	'return.dropped_off': 4,
	'return.refund_approved': 8,
	'return.expired': 16,
	'shipment.in_transit': 32,
};

/** Statuses in lifecycle order; an earlier one arriving after a later one is "late". */
const RANK: Partial<Record<CanonicalType, number>> = {
	'return.started': 1,
	'return.dropoff_method_set': 1,
	'return.dropped_off': 2,
	'return.refund_approved': 3,
	'shipment.in_transit': 3,
};

const EXPIRED = 16;
const PROGRESSED = 4 | 8 | 32;

export function emptyState(): EventState {
	return { seen: {}, units: {}, sizes: { seen: 0, units: 0 } };
}

/** How far beyond its cap a map may grow before it is trimmed back to the cap. */
export const trimSlack = (maxEntries: number): number => Math.ceil(maxEntries / 8);

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;

const unitHash = (unitKey: string) => hash('sha256', unitKey, 'hex').slice(0, 16);

/** The highest lifecycle rank among a unit's milestone bits, for every combination of bits. */
const HIGHEST_RANK: readonly number[] = (() => {
	const all = Object.values(BIT).reduce((sum, bit) => sum | bit!, 0);
	const table: number[] = [];
	for (let bits = 0; bits <= all; bits++) {
		let rank = 0;
		for (const [type, bit] of Object.entries(BIT))
			if (bits & bit!) rank = Math.max(rank, RANK[type as CanonicalType] ?? 0);
		table.push(rank);
	}
	return table;
})();

/**
 * Drops expired entries, then the oldest beyond the cap (ties: the earliest inserted first), and
 * returns how many entries are left. One pass over the keys, sorting only a typed array of
 * timestamps, instead of sorting every entry as an object.
 */
function prune(map: Record<string, number | { at: number }>, options: GuardOptions): number {
	const cutoff = options.now - options.retentionMs;
	const keys: string[] = [];
	const ats: number[] = [];
	for (const key of Object.keys(map)) {
		const value = map[key];
		const at = typeof value === 'number' ? value : value.at;
		if (at < cutoff) delete map[key];
		else {
			keys.push(key);
			ats.push(at);
		}
	}
	let excess = keys.length - options.maxEntries;
	if (excess <= 0) return keys.length;
	// The excess-th oldest timestamp: everything older goes, then entries at exactly that time in
	// insertion order until the map is at its cap (what a stable sort by time would remove).
	const threshold = Float64Array.from(ats).sort()[excess - 1];
	let older = 0;
	for (let i = 0; i < keys.length; i++) if (ats[i] < threshold) older++;
	let tiesToDrop = excess - older;
	for (let i = 0; i < keys.length && excess > 0; i++) {
		if (ats[i] < threshold || (ats[i] === threshold && tiesToDrop-- > 0)) {
			delete map[keys[i]];
			excess--;
		}
	}
	return options.maxEntries;
}

/** The anomaly event of a unit: one id per unit, whichever milestone revealed it. */
function anomalyEvent(from: CanonicalEvent): CanonicalEvent {
	return {
		...from,
		eventType: 'return.anomaly',
		reason: 'expired after it was dropped off, approved or shipped',
		eventId: eventId(['return.anomaly', 'expired-after-progress', from.unitKey]),
	};
}

/**
 * Classifies each event against the memory and records it. Mutates `state` (unless retention is
 * 0, when a throwaway memory sees only this delivery).
 */
export function guardEvents(
	events: CanonicalEvent[],
	persistent: EventState,
	options: GuardOptions,
): GuardResult {
	const state = options.retentionMs > 0 ? persistent : emptyState();
	state.seen ??= {};
	state.units ??= {};
	const late: boolean[] = [];
	const anomalies: CanonicalEvent[] = [];
	const verdicts: Verdict[] = [];
	const seen = state.seen;
	const units = state.units;
	const now = options.now;
	// Entries seen before this are forgotten, whether or not a trim has removed them yet.
	const cutoff = now - options.retentionMs;
	const sizes = state.sizes;
	let seenSize = isCount(sizes?.seen) ? sizes.seen : Infinity;
	let unitsSize = isCount(sizes?.units) ? sizes.units : Infinity;
	// A plain loop: a delivery of a thousand units runs this a thousand times.
	for (const event of events) {
		const id = event.eventId;
		const seenAt = seen[id];
		if (seenAt !== undefined && seenAt >= cutoff) {
			verdicts.push('duplicate');
			late.push(false);
			continue;
		}
		if (seenAt === undefined) seenSize++;
		seen[id] = now;
		verdicts.push('new');
		const bit = BIT[event.eventType];
		if (bit === undefined || !event.unitKey) {
			late.push(false);
			continue;
		}
		const key = unitHash(event.unitKey);
		const unit = units[key];
		if (unit === undefined) unitsSize++;
		const before = unit !== undefined && unit.at >= cutoff ? (unit.m ?? 0) : 0;
		const after = before | bit;
		units[key] = { m: after, at: now };
		const rank = RANK[event.eventType];
		late.push(rank !== undefined && rank < HIGHEST_RANK[before]);
		if (after & EXPIRED && after & PROGRESSED) {
			const anomaly = anomalyEvent(event);
			const anomalyAt = seen[anomaly.eventId];
			if (anomalyAt === undefined || anomalyAt < cutoff) {
				if (anomalyAt === undefined) seenSize++;
				seen[anomaly.eventId] = now;
				anomalies.push(anomaly);
			}
		}
	}
	const limit = options.maxEntries + trimSlack(options.maxEntries);
	if (seenSize > limit) seenSize = prune(seen, options);
	if (unitsSize > limit) unitsSize = prune(units, options);
	state.sizes = { seen: seenSize, units: unitsSize };
	return { verdicts, late, anomalies };
}

/** Replay memory for timestamped signatures: kept at least as long as a timestamp is valid. */
export function rememberSignature(
	state: EventState,
	digest: string,
	options: { now: number; keepMs: number; maxEntries: number },
): 'new' | 'replay' {
	state.signatures ??= {};
	prune(state.signatures, { now: options.now, retentionMs: options.keepMs, maxEntries: Infinity });
	if (state.signatures[digest] !== undefined) return 'replay';
	state.signatures[digest] = options.now;
	prune(state.signatures, {
		now: options.now,
		retentionMs: options.keepMs,
		maxEntries: options.maxEntries,
	});
	return 'new';
}
