/**
 * The Happy Returns webhook path in-process, without n8n: the trigger's own pure steps in the
 * order its handler runs them (verify the HMAC over the raw bytes, decode, delivery hash, depth
 * check, JSON.parse, canonical events, duplicate-memory guard), timed per canonical event against
 * the floor of Node's HMAC-SHA256 over the same bytes plus JSON.parse. Also the duplicate memory
 * (workflow static data) at its cap: its size and what a delivery costs with it full.
 * Prints one JSON line; `scripts/bench.ts` turns it into the table.
 */
import { createHmac, hash } from 'crypto';
import { loadavg } from 'os';
import {
	MAX_DEPTH,
	deliveryHashOf,
	isoUtc,
	jsonDepthExceeds,
	toCanonicalEvents,
	type CanonicalEvent,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import {
	emptyState,
	guardEvents,
	type EventState,
} from '../../nodes/HappyReturns/shared/logic/eventState';
import { verifySignature } from '../../nodes/HappyReturns/shared/logic/signature';
import { MAX_REMEMBERED, mappingOf } from '../../nodes/HappyReturns/trigger/webhook';
import type { HrItem } from '../../sandbox/happyReturns/state';
import { outboundShipmentV2Body, returnAsnBodies } from '../../sandbox/happyReturns/webhooks';

export const SECRET = 'bench-webhook-secret';
const RETENTION_MS = 7 * 86_400_000;
export const NOW = Date.parse('2026-11-30T00:00:00Z');
const mapping = mappingOf({});

/** Units as Happy Returns sends them: one item per physical unit, each on its own return. */
function unit(n: number, tag: string): HrItem {
	return {
		happyReturnsItemID: `${tag}-item-${n}`,
		happyReturnsReturnID: `${tag}-ret-${n}`,
		happyReturnsExpressCode: `EXP${n}`,
		email: `customer${n}@example.com`,
		orderNumber: `${100000 + n}`,
		orderID: `${5324938444866 + n}`,
		orderLineItemID: `${13377523220546 + n}-0-1`,
		sku: `sku-${n % 97}`,
		upc: `${n}`.padStart(12, '0'),
		productName: 'Shorts',
		purchasedAt: '2026-11-05T16:26:05-05:00',
		labelBarcode: `HR${n}BAG`,
		dropoffMethod: 'return-bar',
		status: 'started',
	};
}

export interface Delivery {
	body: string;
	raw: Buffer;
	signature: string;
}

function signed(body: string): Delivery {
	const raw = Buffer.from(body, 'utf8');
	return { body, raw, signature: createHmac('sha256', SECRET).update(raw).digest('hex') };
}

export function returnNotice(tag: string): Delivery {
	const [body] = returnAsnBodies(
		[
			{
				at: NOW,
				orderNumber: '100000',
				returnId: `${tag}-ret-0`,
				change: { event: 'return_status_updated', typeID: 'started' },
				items: [unit(0, tag)],
			},
		],
		'acme',
	);
	return signed(body.body);
}

export function shipmentNotice(units: number, tag: string): Delivery {
	const items = Array.from({ length: units }, (_, n) => unit(n, tag));
	const shipment = {
		trackingNumber: `1Z${tag}`,
		carrier: 'UPS',
		departureDate: '2026-11-29T18:00:00Z',
		palletNumber: 'P-1',
		shippingBoxBarcode: `BOX-${tag}`,
	};
	return signed(outboundShipmentV2Body(items, shipment, 'acme', NOW).body);
}

/** What the handler does between the raw body and the items it starts the workflow with. */
export function webhookPath(delivery: Delivery, state: EventState): number {
	const verdict = verifySignature({
		mode: 'hex',
		secret: SECRET,
		rawBody: delivery.raw,
		signature: delivery.signature,
	});
	if (!verdict.ok) throw new Error(`signature rejected: ${verdict.reason}`);
	const text = delivery.raw.toString('utf8');
	const deliveryHash = deliveryHashOf(delivery.raw);
	if (jsonDepthExceeds(text, MAX_DEPTH)) throw new Error('too deep');
	const body: unknown = JSON.parse(text);
	const events = toCanonicalEvents(body, mapping, isoUtc(NOW), deliveryHash);
	const guard = guardEvents(events, state, {
		retentionMs: RETENTION_MS,
		maxEntries: MAX_REMEMBERED,
		now: NOW,
	});
	if (guard.verdicts.some((v) => v !== 'new')) throw new Error('a fresh event was seen as old');
	return events.length;
}

export function floor(delivery: Delivery): number {
	const digest = createHmac('sha256', SECRET).update(delivery.raw).digest();
	const body = JSON.parse(delivery.raw.toString('utf8')) as unknown;
	return digest.length + (body === null ? 0 : 1);
}

/** What the fair floor does per canonical event, prepared outside the clock. */
export interface PerEvent {
	/** The event id's input (its type and unit key, NUL-joined) and the unit key. */
	idInput: string;
	unitKey: string;
	/** The event as the path makes it: the floor copies its fields into one new object. */
	event: CanonicalEvent;
}

/**
 * The fair floor: the floor plus what the canonical event contract makes every path do
 * per event: two SHA-256 (the content-derived event id the ledger's claim keys on, and the unit
 * key's digest the duplicate memory is keyed by, both formats fixed by saved data) and one object
 * of the event's fields. Shown beside the floor, not instead of it.
 */
export function fairFloor(delivery: Delivery, perEvent: readonly PerEvent[]): number {
	let sum = floor(delivery);
	for (const { idInput, unitKey, event } of perEvent) {
		const copy = { ...event };
		copy.eventId = hash('sha256', idInput, 'hex');
		sum += copy.eventId.length + hash('sha256', unitKey, 'hex').length;
	}
	return sum;
}

interface Timed<T> {
	setup: () => T;
	run: (input: T) => unknown;
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The quartiles of a sample: [first, third]. */
function quartiles(values: readonly number[]): [number, number] {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return [at(0.25), at(0.75)];
}

export interface InTurn {
	/** Median time of one call in ms, per timed function. */
	medianMs: number[];
	/**
	 * Per timed function after the first: the median over batches of (first / this one) taken
	 * within the same batch, and its quartiles. Pairing within a batch cancels what the machine's
	 * load did between batches, which moved single figures by tens of percent.
	 */
	ratios: Array<{ median: number; q1: number; q3: number }>;
}

/**
 * Times each of `timed` in `batches` rounds after a warm-up: in every round each runs one batch of
 * `calls` calls, in turn, the order rotating between rounds (so none always runs right after a
 * garbage collection or first after another's). Time is this process's CPU time (user and system,
 * all its threads, so garbage collection counts): on a shared machine, wall time mostly measured
 * the other processes. `setup` runs outside the clock (fresh duplicate memories, so every event
 * is new, as in production).
 */
function timeInTurn(calls: number, timed: Array<Timed<unknown>>, batches = 41): InTurn {
	let sink = 0;
	const timeBatch = ({ setup, run }: Timed<unknown>) => {
		const inputs = Array.from({ length: calls }, setup);
		const start = process.cpuUsage();
		for (const input of inputs) sink += Number(run(input)) || 0;
		const used = process.cpuUsage(start);
		return (used.user + used.system) / 1000 / calls;
	};
	for (const t of timed) for (let warm = 0; warm < 3; warm++) timeBatch(t);
	const times = timed.map((): number[] => []);
	for (let b = 0; b < batches; b++) {
		(global as { gc?: () => void }).gc?.();
		for (let k = 0; k < timed.length; k++) {
			const i = (b + k) % timed.length;
			times[i].push(timeBatch(timed[i]));
		}
	}
	if (sink < 0) throw new Error('unreachable');
	return {
		medianMs: times.map(median),
		ratios: times.slice(1).map((other) => {
			const paired = other.map((ms, b) => times[0][b] / ms);
			const [q1, q3] = quartiles(paired);
			return { median: median(paired), q1, q3 };
		}),
	};
}

/** Median time of one call in ms for each of `timed` (see timeInTurn). */
function bestInTurn(calls: number, timed: Array<Timed<unknown>>, batches = 41): number[] {
	return timeInTurn(calls, timed, batches).medianMs;
}

function best<T>(calls: number, setup: () => T, run: (input: T) => unknown): number {
	return bestInTurn(calls, [{ setup, run } as Timed<unknown>], 7)[0];
}

/** Calls per batch: about a thousand events a batch, at least three calls. */
function callsFor(units: number): number {
	return Math.max(3, Math.round(1000 / units));
}

/** A duplicate memory filled to its cap by earlier deliveries of other returns. */
function fullState(): EventState {
	const state = emptyState();
	for (let n = 0; n < MAX_REMEMBERED + 100; n++) {
		const delivery = returnNotice(`old${n}`);
		const body = JSON.parse(delivery.raw.toString('utf8')) as unknown;
		const events = toCanonicalEvents(body, mapping, new Date(NOW - 60_000).toISOString(), '');
		guardEvents(events, state, {
			retentionMs: RETENTION_MS,
			maxEntries: MAX_REMEMBERED,
			now: NOW - 60_000,
		});
	}
	return state;
}

function main(): void {
	const cases = [
		{ name: '1-unit return notice', units: 1, delivery: returnNotice('r') },
		...[1, 10, 100, 1000].map((units) => ({
			name: `${units.toLocaleString('en')}-unit shipment notice`,
			units,
			delivery: shipmentNotice(units, `s${units}`),
		})),
	];
	const rows = cases.map(({ name, units, delivery }) => {
		const events = webhookPath(delivery, emptyState());
		const perEvent = toCanonicalEvents(
			JSON.parse(delivery.raw.toString('utf8')) as unknown,
			mapping,
			isoUtc(NOW),
			'',
		).map((event) => ({
			idInput: `${event.eventType}\u0000${event.unitKey}`,
			unitKey: event.unitKey,
			event,
		}));
		const calls = callsFor(units);
		const timing = timeInTurn(calls, [
			{ setup: emptyState, run: (state) => webhookPath(delivery, state as EventState) },
			{ setup: () => delivery, run: (input) => floor(input as Delivery) },
			{ setup: () => delivery, run: (input) => fairFloor(input as Delivery, perEvent) },
		]);
		const [pathMs, floorMs, fairFloorMs] = timing.medianMs;
		const [ratio, ratioFair] = timing.ratios;
		return {
			name,
			units,
			bytes: delivery.raw.length,
			events,
			pathMs,
			floorMs,
			fairFloorMs,
			ratio,
			ratioFair,
		};
	});

	const full = fullState();
	const stateJson = JSON.stringify(full);
	const clone = () => JSON.parse(stateJson) as EventState;
	const atCap = [cases[0], cases[cases.length - 1]].map(({ name, units, delivery }) => {
		const calls = callsFor(units);
		const [emptyMs, fullMs] = bestInTurn(
			calls,
			[
				{ setup: emptyState, run: (state) => webhookPath(delivery, state as EventState) },
				{ setup: clone, run: (state) => webhookPath(delivery, state as EventState) },
				// Each call parses a full memory outside the clock: fewer rounds keep the run short.
			],
			7,
		);
		return { name, units, emptyMs, fullMs };
	});
	// n8n keeps static data as JSON: it is read with the workflow and written back when changed.
	const persistMs = best(
		20,
		() => full,
		(state) => JSON.parse(JSON.stringify(state)),
	);
	process.stdout.write(
		`${JSON.stringify({
			loadAverage: loadavg(),
			rows,
			state: {
				cap: MAX_REMEMBERED,
				seen: Object.keys(full.seen).length,
				units: Object.keys(full.units).length,
				bytes: Buffer.byteLength(stateJson),
				atCap,
				persistMs,
			},
		})}\n`,
	);
}

// Run when called as a script; the intake benchmark imports the notices above.
if (require.main === module) main();
