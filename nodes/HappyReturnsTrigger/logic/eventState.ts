/**
 * Duplicate and ordering guard for the trigger, over a plain object n8n persists as the
 * workflow's static data (in its database, so every main, worker and webhook process sees it).
 *
 * - A delivery already seen (same derived event id) does not start the workflow again.
 * - A late event never moves a unit backwards: started < dropped off < refund approved, and
 *   expired is terminal. Bag links, shipments and unknown events have no rank.
 * - Entries expire after a retention window and the maps are capped, so the state stays small.
 */
import type { CanonicalEvent, CanonicalType } from './canonicalEvents';

export interface EventState {
	/** eventId -> first seen (epoch ms). */
	seen: Record<string, number>;
	/** "returnId|unit" -> { rank, at }. */
	units: Record<string, { rank: number; at: number }>;
	/** Timestamped signatures already accepted (replay guard): hash -> seen at. */
	signatures?: Record<string, number>;
}

export interface GuardOptions {
	retentionMs: number;
	maxEntries: number;
	now: number;
}

export type Verdict = 'new' | 'duplicate' | 'late';

const RANK: Partial<Record<CanonicalType, number>> = {
	'return.started': 1,
	'return.dropoff_method_set': 1,
	'return.dropped_off': 2,
	'return.refund_approved': 3,
	'return.expired': 4,
};

export function emptyState(): EventState {
	return { seen: {}, units: {} };
}

function unitKey(event: CanonicalEvent): string {
	return `${event.returnId}|${event.itemId || event.orderLineItemId || event.sku}`;
}

function prune(map: Record<string, number | { at: number }>, options: GuardOptions): void {
	const cutoff = options.now - options.retentionMs;
	const entries = Object.entries(map);
	for (const [key, value] of entries)
		if ((typeof value === 'number' ? value : value.at) < cutoff) delete map[key];
	const remaining = Object.entries(map);
	if (remaining.length <= options.maxEntries) return;
	remaining
		.sort(([, a], [, b]) => (typeof a === 'number' ? a : a.at) - (typeof b === 'number' ? b : b.at))
		.slice(0, remaining.length - options.maxEntries)
		.forEach(([key]) => delete map[key]);
}

/** Classifies each event and records the new ones; mutates `state`. */
export function guardEvents(
	events: CanonicalEvent[],
	state: EventState,
	options: GuardOptions,
): Verdict[] {
	const verdicts = events.map((event): Verdict => {
		if (state.seen[event.eventId] !== undefined) return 'duplicate';
		const rank = RANK[event.eventType];
		if (rank !== undefined && event.returnId) {
			const key = unitKey(event);
			const current = state.units[key];
			// Expired is terminal; otherwise a lower rank than what we hold is a late event.
			if (current && (current.rank === 4 || rank < current.rank)) {
				state.seen[event.eventId] = options.now;
				return 'late';
			}
			if (!current || rank > current.rank) state.units[key] = { rank, at: options.now };
		}
		state.seen[event.eventId] = options.now;
		return 'new';
	});
	prune(state.seen, options);
	prune(state.units, options);
	if (state.signatures) prune(state.signatures, options);
	return verdicts;
}
