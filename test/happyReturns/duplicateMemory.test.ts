/**
 * The trigger's duplicate memory (workflow static data) checked from what it promises, not from
 * what it happens to hold: an event delivered again within the retention window is a duplicate as
 * long as fewer than the cap of other events were remembered since; an event first seen longer ago
 * than the window is new; each map holds at most its cap plus the trim slack; a memory saved by an
 * earlier version (no sizes, entries beyond the cap, expired ones) loads and keeps its promise;
 * the order and repetition of deliveries do not change which events start the workflow. Between
 * deliveries the memory goes through JSON, as n8n saves static data.
 */
import { hash } from 'crypto';
import type { CanonicalEvent } from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import {
	DEFAULT_MAPPING,
	toCanonicalEvents,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import type { EventState } from '../../nodes/HappyReturns/shared/logic/eventState';
import * as memory from '../../nodes/HappyReturns/shared/logic/eventState';
import { seeded } from './variedNotices';

const { emptyState, guardEvents, trimSlack } = memory;

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');
const STATUSES = ['started', 'dropped-off', 'approved', 'expired'];

/** A return notice of `units` units of return `returnId`, in status `typeID`. */
function notice(returnId: string, typeID: string, units = 1): CanonicalEvent[] {
	return toCanonicalEvents(
		{
			event: 'return_status_updated',
			typeID,
			items: Array.from({ length: units }, (_, unit) => ({
				happyReturnsReturnID: returnId,
				orderNumber: '1001',
				orderLineItemID: `77-${unit}-${units}`,
				sku: 'T',
			})),
		},
		DEFAULT_MAPPING,
		'2026-11-01T00:00:00.000Z',
	);
}

/** The memory as n8n hands it to the next execution: saved as JSON and read back. */
const saved = (state: EventState) => JSON.parse(JSON.stringify(state)) as EventState;

/** The key the memory files a unit under (the format earlier versions saved). */
const unitDigest = (unitKey: string) => hash('sha256', unitKey, 'hex').slice(0, 16);

describe('the duplicate memory keeps its promise', () => {
	it.each([1, 2, 3, 4, 5, 6])(
		'random deliveries (seed %i): within the window and the cap a redelivery is a duplicate, after the window it is new, and the memory stays within its cap and slack',
		(seed) => {
			const random = seeded(seed);
			const cap = 25;
			const options = (now: number) => ({ retentionMs: DAY, maxEntries: cap, now });
			const pool = Array.from({ length: 80 }, (_, n) => ({
				returnId: `r${n}`,
				typeID: STATUSES[Math.floor(random() * STATUSES.length)],
				units: 1 + Math.floor(random() * 3),
			}));
			// The promise's own bookkeeping: when each event was last remembered as new, and in which
			// delivery (an event is promised while fewer than the cap were remembered in its delivery
			// or since).
			const rememberedAt = new Map<string, number>();
			const rememberedIn = new Map<string, number>();
			let state = emptyState();
			let now = START;
			const checked = { duplicate: 0, forgotten: 0, new: 0, free: 0 };
			const broken: unknown[] = [];
			for (let delivery = 0; delivery < 600; delivery++) {
				now += Math.floor(random() * (random() < 0.04 ? 1.5 * DAY : DAY / 20));
				// Mostly recent notices, so redeliveries land on both sides of the cap and the window.
				const n = Math.min(
					pool.length - 1,
					Math.floor((delivery / 600) * pool.length + random() * 24),
				);
				const { returnId, typeID, units } = pool[n];
				const events = notice(returnId, typeID, units);
				const promised = (id: string) => {
					const since = rememberedIn.get(id);
					if (since === undefined) return 'new';
					if ((rememberedAt.get(id) as number) < now - DAY) return 'forgotten';
					const sinceCount = [...rememberedIn.values()].filter((d) => d >= since).length;
					return sinceCount <= cap ? 'duplicate' : 'free';
				};
				const expected = events.map((e) => promised(e.eventId));
				const guard = guardEvents(events, state, options(now));
				events.forEach((event, i) => {
					const want = expected[i];
					checked[want]++;
					const got = guard.verdicts[i];
					// Within one delivery an event remembered by an earlier one of it is a duplicate.
					const repeated = events.slice(0, i).some((e) => e.eventId === event.eventId);
					if (repeated) return;
					if (
						(want === 'duplicate' && got !== 'duplicate') ||
						(want !== 'duplicate' && want !== 'free' && got !== 'new')
					)
						broken.push({ delivery, event: event.eventId, want, got });
					if (got === 'new') {
						rememberedAt.set(event.eventId, now);
						rememberedIn.set(event.eventId, delivery);
					}
				});
				for (const anomaly of guard.anomalies) {
					rememberedAt.set(anomaly.eventId, now);
					rememberedIn.set(anomaly.eventId, delivery);
				}
				const bound = cap + trimSlack(cap);
				const seenKeys = Object.keys(state.seen).length;
				const unitKeys = Object.keys(state.units).length;
				if (seenKeys > bound || unitKeys > bound)
					broken.push({ delivery, seenKeys, unitKeys, bound });
				// The recorded sizes never undercount (else the memory could outgrow its bound).
				if (!(state.sizes!.seen >= seenKeys && state.sizes!.units >= unitKeys))
					broken.push({ delivery, sizes: state.sizes, seenKeys, unitKeys });
				state = saved(state);
			}
			expect(broken).toEqual([]);
			// Every side of the promise was exercised.
			expect(checked.duplicate).toBeGreaterThan(20);
			expect(checked.forgotten).toBeGreaterThan(5);
			expect(checked.new).toBeGreaterThan(50);
			expect(checked.free).toBeGreaterThan(5);
		},
	);

	it('a memory saved by the previous version (no sizes, over its cap, partly expired) loads and keeps its promise', () => {
		const cap = 2000;
		const now = START + 30 * DAY;
		const options = { retentionMs: 7 * DAY, maxEntries: cap, now };
		// As the previous version saved it: eventId -> first seen, unit digest -> milestone bits
		// and last update, nothing else. Returns o0..o2499, one a minute, the first 300 of them
		// longer ago than the window.
		const old: { seen: Record<string, number>; units: Record<string, { m: number; at: number }> } =
			{ seen: {}, units: {} };
		const count = cap + trimSlack(cap) + 250;
		const atOf = (n: number) => now - 7 * DAY - 300 * 60_000 + n * 60_000;
		for (let n = 0; n < count; n++) {
			const [event] = notice(`o${n}`, 'started');
			old.seen[event.eventId] = atOf(n);
			old.units[unitDigest(event.unitKey)] = { m: 1, at: atOf(n) };
		}
		// Unit of o2400 was approved (8), unit of o2401 expired (16), both within the window; unit
		// of o0 expired longer ago than the window.
		old.units[unitDigest(notice('o2400', 'started')[0].unitKey)].m = 8 | 1;
		old.units[unitDigest(notice('o2401', 'started')[0].unitKey)].m = 16 | 1;
		old.units[unitDigest(notice('o0', 'started')[0].unitKey)].m = 16 | 1;
		const state = saved(old as EventState);

		const first = guardEvents(
			[
				...notice('o2400', 'started'),
				...notice('o2401', 'dropped-off'),
				...notice('o0', 'dropped-off'),
			],
			state,
			options,
		);
		// A redelivery within the window is a duplicate; the other two are new milestones.
		expect(first.verdicts).toEqual(['duplicate', 'new', 'new']);
		// The dropped-off unit of o2401 had expired within the window: one anomaly; o0's expiry is forgotten.
		expect(first.anomalies.map((a) => [a.eventType, a.returnId])).toEqual([
			['return.anomaly', 'o2401'],
		]);
		// Trimmed at once to its cap (the sizes were unknown), sizes recorded.
		expect(Object.keys(state.seen).length).toBeLessThanOrEqual(cap);
		expect(Object.keys(state.units).length).toBeLessThanOrEqual(cap);
		expect(state.sizes).toEqual({
			seen: Object.keys(state.seen).length,
			units: Object.keys(state.units).length,
		});
		// The approved unit now reported dropped off is flagged late: its saved bits were read.
		const late = guardEvents(notice('o2400', 'dropped-off'), saved(state), options);
		expect(late).toMatchObject({ verdicts: ['new'], late: [true] });
		// Redeliveries: the most recent cap of the old entries are duplicates, the expired ones new.
		const verdictOf = (n: number) =>
			guardEvents(notice(`o${n}`, 'started'), state, options).verdicts[0];
		const recent = Array.from({ length: 50 }, (_, k) => count - 1 - k * 7).map(verdictOf);
		expect(new Set(recent)).toEqual(new Set(['duplicate']));
		expect([0, 100, 299].map(verdictOf)).toEqual(['new', 'new', 'new']);
	});

	it('a unit remembered dropped off flags a later "started" as late, across a save', () => {
		const options = { retentionMs: DAY, maxEntries: 10, now: START };
		const state = emptyState();
		guardEvents(notice('u1', 'dropped-off'), state, options);
		const result = guardEvents(notice('u1', 'started'), saved(state), options);
		expect(result).toMatchObject({ verdicts: ['new'], late: [true] });
		const forgotten = guardEvents(notice('u1', 'started'), saved(state), {
			...options,
			now: START + DAY + 1,
		});
		expect(forgotten).toMatchObject({ verdicts: ['new'], late: [false] });
	});

	it.each([11, 12, 13, 14])(
		'shuffled and repeated deliveries (seed %i) start the same events, each once, and the same anomalies',
		(seed) => {
			const random = seeded(seed);
			// Returns r0..r19 through their statuses, some expiring after a drop-off (anomalies).
			const notices: CanonicalEvent[][] = [];
			for (let r = 0; r < 20; r++)
				for (const status of STATUSES.slice(0, 1 + (r % 4)))
					notices.push(
						notice(`r${r}`, r % 3 === 0 && status === 'approved' ? 'expired' : status, 1 + (r % 3)),
					);
			const distinct = new Set(notices.flat().map((e) => e.eventId));
			const outcome = (order: number[]) => {
				let state = emptyState();
				const started: string[] = [];
				const anomalies: string[] = [];
				order.forEach((index, k) => {
					// Copies of the notice's events: the trigger emits its own objects.
					const events = notices[index].map((e) => ({ ...e }));
					const guard = guardEvents(events, state, {
						retentionMs: DAY,
						maxEntries: 500,
						now: START + k,
					});
					events.forEach((e, i) => guard.verdicts[i] === 'new' && started.push(e.eventId));
					anomalies.push(...guard.anomalies.map((a) => a.eventId));
					state = saved(state);
				});
				return { started: started.sort(), anomalies: anomalies.sort() };
			};
			const inOrder = outcome(notices.map((_, i) => i));
			expect(inOrder.started).toEqual([...distinct].sort());
			expect(inOrder.anomalies.length).toBeGreaterThan(0);
			expect(new Set(inOrder.anomalies).size).toBe(inOrder.anomalies.length);
			for (let trial = 0; trial < 5; trial++) {
				const order = notices.flatMap(
					(_, i) => Array(1 + Math.floor(random() * 3)).fill(i) as number[],
				);
				for (let i = order.length - 1; i > 0; i--) {
					const j = Math.floor(random() * (i + 1));
					[order[i], order[j]] = [order[j], order[i]];
				}
				expect(outcome(order)).toEqual(inOrder);
			}
		},
	);
});
