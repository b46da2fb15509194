/**
 * The Happy Returns webhook path in-process, without n8n: the trigger's own pure steps in the
 * order its handler runs them (verify the HMAC over the raw bytes, decode, delivery hash, depth
 * check, JSON.parse, canonical events, duplicate-memory guard), timed per canonical event against
 * the floor of Node's HMAC-SHA256 over the same bytes plus JSON.parse. Also the duplicate memory
 * (workflow static data) at its cap and at its fullest: its size and what a delivery costs then.
 * Prints one JSON line per run; `scripts/bench.ts` runs it several times and turns the runs into
 * the table.
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
	trimSlack,
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
 * The fair floor: the issue's floor plus what the canonical event contract makes every path do
 * per event: two SHA-256 (the content-derived event id the ledger's claim keys on, and the unit
 * key's digest the duplicate memory is keyed by, both formats fixed by saved data) and one object
 * of the event's fields. Shown beside the issue's floor, not instead of it.
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

/**
 * A duplicate memory filled by `deliveries` earlier one-unit deliveries of other returns (each adds
 * one event id and one unit): up to the cap plus the trim slack it holds them all, one more and it
 * trims back to the cap.
 */
function filledState(deliveries: number): EventState {
	const state = emptyState();
	for (let n = 0; n < deliveries; n++) {
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

/** What one run of this script prints (see main). */
export interface WebhookRun {
	loadAverage: number[];
	rows: Array<{
		name: string;
		units: number;
		bytes: number;
		events: number;
		pathMs: number;
		floorMs: number;
		fairFloorMs: number;
		ratio: { median: number; q1: number; q3: number };
		ratioFair: { median: number; q1: number; q3: number };
	}>;
	state: {
		cap: number;
		slack: number;
		/** The memory at its fullest (cap plus slack): entries per map, bytes as JSON. */
		seen: number;
		units: number;
		bytes: number;
		/** Bytes as JSON right after a trim (at its cap). */
		capBytes: number;
		/**
		 * One delivery against an empty memory, one at its cap (no trim: most deliveries), and one
		 * at its fullest (it trims: one delivery in every `slack` new entries).
		 */
		atCap: Array<{ name: string; emptyMs: number; capMs: number; trimMs: number }>;
		/** n8n's JSON round trip of the memory at its fullest. */
		persistMs: number;
	};
}

/** What `scripts/bench/intakeRun.ts` prints. */
export interface IntakeRun {
	units: number;
	bodyBytes: number;
	events: number;
	triggerMs: number;
	workflowMs: number;
	ledgerRows: number;
	ledgerBytes: number;
	largestRowBytes: number;
	redelivered: number;
	rowsAfterRedelivery: number;
	distinctEventIdsAfterRedelivery: number;
}

/** The target of issue 25 item 2: the path at most this many times its floor, per event. */
const TARGET = 3;

/**
 * Where the path's processor time goes: written from CPU profiles taken beside this table (the
 * inspector's sampling profiler around thousands of runs of the path on the 10-, 100- and
 * 1,000-unit notices; shares of the path's time, self time per function, so a builtin counts in
 * the function that calls it), so it is prose, not a measurement of this run.
 */
const PROFILE =
	"- Profile (self time, shares of the path's processor time; 100-unit notice, the 10- and 1,000-unit ones where they differ): `JSON.parse` and decoding the body about 31% (28% at 10 units, 36% at 1,000), the HMAC another 5 to 8%: together the issue's floor, over a third of the path. The SHA-256s about a fifth: the event id and the unit key's digest the duplicate memory is keyed by, one each per event, and the delivery hash, once over the whole body. The duplicate-memory guard about a tenth (6% at 10 units, 12% at 1,000), nearly all of it inserting each fresh event id and unit digest as a key of the plain objects static data must be: the engine interns every new key string, which measured apart costs 0.5 to 1 µs a key against about 0.12 µs for a key already interned (a `Map` takes 0.2 to 0.3 µs, but static data is saved as JSON). The nesting-depth check 7 to 8%; the mapping of the items' fields 12 to 16%; garbage collection 2 to 5%. Changed this session, outputs unchanged: the duplicate memory no longer lists its every key on each delivery to trim itself (it records an upper bound of its size and trims back to its cap once it holds an eighth more), so a one-unit delivery against a memory at its cap costs tens of µs more than against an empty one, where it cost about 0.9 ms more (the one delivery in about 125 that trims still lists every key, see below); entries older than the window are ignored on lookup, so it forgets at the window's end exactly. Against the code before this change, in one process with the two alternating and paired per round (fresh memories, load average 12), the path takes 8% less processor time per event on the one- and 100-unit notices and 12% less on the 1,000-unit one. Tried and dropped this session: interning a delivery's new keys in one `JSON.parse` of them (the parser interns keys the same way: no faster). Not done, because it would change what a memory saved today means: answering \"seen?\" for a unit's lifecycle milestones from the unit's bits rather than a second key per event (it would halve the inserts on shipment notices, but a milestone's id would then live as long as its unit's latest milestone, not its own window). Earlier sessions: the nesting check is one sticky regex over the decoded text jumping from bracket to bracket; pattern lists compiled once per list; exchange fields read without an own-property check unless every object inherits the name; an item's fixed fields are named reads merged with the shipment's; strings without surrounding space are not trimmed; the unit suffix is read without a regex; each event id is hashed from one string built once; a shipment unit's own object becomes its event; building the memory's new entries in a `Map` and copying them was slower. `test/happyReturns/webhookPathIdentity.test.ts` pins the events and the verdicts after every delivery of a few hundred varied notices, as digests written before any of this tuning (the verdicts with a memory that forgets nothing in the run, so each is what the memory promises): byte-identical; what the memory holds is checked from its promise in `test/happyReturns/duplicateMemory.test.ts`.";

type RunRow = WebhookRun['rows'][number];

/** One notice's figures over several runs: the median of the runs' figures, and the worst run's ratios. */
interface AcrossRuns extends Omit<RunRow, 'ratio' | 'ratioFair'> {
	ratio: number;
	ratioWorst: number;
	ratioFair: number;
	ratioFairWorst: number;
}

function acrossRuns(runs: readonly WebhookRun[]): AcrossRuns[] {
	return runs[0].rows.map((first, i) => {
		const rows = runs.map((run) => run.rows[i]);
		const of = (read: (row: RunRow) => number) => rows.map(read);
		return {
			name: first.name,
			units: first.units,
			bytes: first.bytes,
			events: first.events,
			pathMs: median(of((r) => r.pathMs)),
			floorMs: median(of((r) => r.floorMs)),
			fairFloorMs: median(of((r) => r.fairFloorMs)),
			ratio: median(of((r) => r.ratio.median)),
			ratioWorst: Math.max(...of((r) => r.ratio.median)),
			ratioFair: median(of((r) => r.ratioFair.median)),
			ratioFairWorst: Math.max(...of((r) => r.ratioFair.median)),
		};
	});
}

/** The "Happy Returns webhook path" section of docs/benchmarks.md, from one or more runs. */
export function webhookSection(runs: readonly WebhookRun[], intake: IntakeRun): string {
	const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
	const perEvent = (ms: number, events: number) => us(ms / events);
	const x = (ratio: number) => `${ratio.toFixed(2)}x`;
	const rows = acrossRuns(runs);
	const worstRow = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
	const worstRun = Math.max(...rows.map((r) => r.ratioWorst));
	const worstFair = rows.reduce((a, b) => (b.ratioFair > a.ratioFair ? b : a));
	const worstFairRun = Math.max(...rows.map((r) => r.ratioFairWorst));
	const shipments = rows.filter((r) => r.name.includes('shipment'));
	const above = rows.filter((r) => r.ratio > TARGET);
	// Linear in units: the per-event figure at the largest notice against the smallest of the
	// many-unit ones (a one-unit notice carries the whole per-delivery cost on its one event).
	const largest = shipments[shipments.length - 1];
	const manyUnits = shipments.filter((r) => r.units > 1);
	const leastPerEvent = Math.min(...manyUnits.map((r) => r.pathMs / r.events));
	const growth = largest.pathMs / largest.events / leastPerEvent - 1;
	const large = rows.filter((r) => r.units >= 100);
	const fairShare = large
		.map((r) => `${Math.round((r.fairFloorMs / r.floorMs - 1) * 100)}%`)
		.join(' and ');
	const load = (run: WebhookRun) => run.loadAverage.map((l) => l.toFixed(1)).join(', ');
	const state = runs[0].state;
	const stateOf = (i: number) => ({
		name: state.atCap[i].name,
		emptyMs: median(runs.map((run) => run.state.atCap[i].emptyMs)),
		capMs: median(runs.map((run) => run.state.atCap[i].capMs)),
		trimMs: median(runs.map((run) => run.state.atCap[i].trimMs)),
	});
	const [oneUnit, manyUnit] = [stateOf(0), stateOf(state.atCap.length - 1)];
	return [
		'## Happy Returns webhook path',
		'',
		`In-process, without n8n: the trigger's own pure steps in the order its handler runs them (verify the hex HMAC over the raw bytes, decode the body once, delivery hash, nesting-depth check over the decoded text, \`JSON.parse\`, canonical events, duplicate-memory guard with a fresh memory, so every event is new). The issue's floor is Node's \`crypto\` HMAC-SHA256 over the same bytes plus \`JSON.parse\`. The fair floor adds what the canonical event contract makes any path do per event: two SHA-256 (the event id, and the unit key's digest the duplicate memory is keyed by) and one object of the event's fields. CPU time of the benchmark process (user and system, all threads), after a warm-up, in 41 rounds of about a thousand events each: in every round the path and both floors each run one batch, in turn, the order rotating (\`scripts/bench/webhookRun.ts\`); a run's ratio is the median over its rounds of path / floor within the same round (so load that changes between rounds cancels). The script ran ${runs.length} times, each in its own process; the table gives, per notice, the median of the runs' figures and, beside each ratio, the worst run's.`,
		'',
		'| notice | bytes | canonical events | path per event | floor per event | path / floor (worst run) | fair floor per event | path / fair floor (worst run) |',
		'|---|---:|---:|---:|---:|---:|---:|---:|',
		...rows.map(
			(r) =>
				`| ${r.name} | ${r.bytes.toLocaleString('en')} | ${r.events.toLocaleString('en')} | ${perEvent(r.pathMs, r.events)} | ${perEvent(r.floorMs, r.events)} | ${x(r.ratio)} (${x(r.ratioWorst)}) | ${perEvent(r.fairFloorMs, r.events)} | ${x(r.ratioFair)} (${x(r.ratioFairWorst)}) |`,
		),
		'',
		`- The runs, with the load average (1, 5, 15 min) at the end of each, on 2 cores shared with other work: ${runs.map((run, i) => `run ${i + 1} at ${load(run)}: ${run.rows.map((r) => x(r.ratio.median)).join(', ')}`).join('; ')} (path / floor, notices in the table's order). A run's ratio on one notice moves by a few tenths from run to run, and grows with the load (the path's many small objects and keyed inserts suffer more from shared caches than the floor's streaming hash and parse).`,
		`- Target: at most ${TARGET}x the issue's floor per event. The largest median over the runs is ${x(worstRow.ratio)} (${worstRow.name}), the worst single run ${x(worstRun)}: ${
			above.length === 0
				? 'met on every notice by the median of the runs'
				: `not met on ${above.map((r) => `the ${r.name} (${x(r.ratio)}, ${((r.ratio / TARGET - 1) * 100).toFixed(0)}% over; worst run ${x(r.ratioWorst)})`).join(', ')}`
		}. Against the fair floor the largest median is ${x(worstFair.ratioFair)} (${worstFair.name}), the worst run ${x(worstFairRun)}: ${worstFairRun <= TARGET ? 'within' : worstFair.ratioFair <= TARGET ? 'within by the median, above in the worst run' : 'above'} ${TARGET}x.`,
		`- What would be honest: the issue's floor does no work per event, yet every canonical event carries a stable id that is a SHA-256 of its content (the ledger's exactly-once claim keys on it), the duplicate memory is keyed by a SHA-256 of the unit key (that format is kept in workflow static data; changing it would forget every unit remembered at an upgrade), and each unit becomes one event object: on the notices of 100 units and more that alone adds ${fairShare} to the issue's floor. The fair floor does exactly that and nothing more, so the honest form of the target is ${TARGET}x the fair floor${worstFairRun <= TARGET ? ', which every notice meets in every run' : ''}.${above.length === 0 ? '' : ` Against the issue's floor, what these runs support is ${(Math.ceil(worstRow.ratio * 10) / 10).toFixed(1)}x by the median of runs (${(Math.ceil(worstRun * 10) / 10).toFixed(1)}x in the worst run), at these loads.`} Beyond both floors the path also does, once per delivery, a SHA-256 of the whole body (the events' \`deliveryHash\`, a field of the canonical event) and the nesting-depth check (so a hostile body cannot make a deep walk).`,
		PROFILE,
		`- Linearity in units (shipment notices, path per event): ${shipments.map((r) => `${perEvent(r.pathMs, r.events)} at ${r.units.toLocaleString('en')}`).join(', ')}. At ${largest.units.toLocaleString('en')} units the figure is ${growth <= 0 ? 'no higher than' : `${(growth * 100).toFixed(0)}% above`} the lowest of the many-unit notices${growth > 0.1 ? ' (the fresh memory grows to a thousand entries within the delivery, and the body no longer fits the processor cache)' : ''}.`,
		`- Duplicate memory (workflow static data): cap ${state.cap.toLocaleString('en')} per map, trimmed back to it once it holds ${state.slack.toLocaleString('en')} more; at its fullest ${state.seen.toLocaleString('en')} event ids and ${state.units.toLocaleString('en')} unit entries, ${Math.round(state.bytes / 1024)} KB as JSON (${Math.round(state.capBytes / 1024)} KB right after a trim). One delivery against an empty memory, one at its cap (most deliveries: no trim) and one at its fullest (it trims: for one-unit notices about one delivery in ${Math.round(state.slack / 2)}): ${oneUnit.name} ${us(oneUnit.emptyMs)}, ${us(oneUnit.capMs)}, ${us(oneUnit.trimMs)}; ${manyUnit.name} ${us(manyUnit.emptyMs)}, ${us(manyUnit.capMs)}, ${us(manyUnit.trimMs)} (at its cap, a thousand new entries trim too). n8n reads and writes static data as JSON with the workflow: that round trip of the fullest memory is ${us(median(runs.map((run) => run.state.persistMs)))} per delivery.`,
		`- Through template 01 in-process (\`scripts/bench/intakeRun.ts\`: the real trigger, then n8n's WorkflowExecute with the template's Data Table nodes on in-memory tables): a ${intake.units.toLocaleString('en')}-unit V2 shipment notice of ${Math.round(intake.bodyBytes / 1024)} KB gives ${intake.events.toLocaleString('en')} events; the trigger takes ${intake.triggerMs.toFixed(0)} ms and the workflow ${(intake.workflowMs / 1000).toFixed(1)} s. The Event Ledger then holds ${intake.ledgerRows.toLocaleString('en')} rows, ${(intake.ledgerBytes / 1024 / 1024).toFixed(2)} MB as JSON (largest row ${intake.largestRowBytes.toLocaleString('en')} bytes; target under 2 MB per delivery). Delivered again with the trigger's memory forgotten, all ${intake.redelivered.toLocaleString('en')} events reach the template and the ledger's claim keeps ${intake.rowsAfterRedelivery.toLocaleString('en')} rows (${intake.distinctEventIdsAfterRedelivery.toLocaleString('en')} distinct event ids).`,
		'- The machine is shared: the in-process path is timed in CPU time, which other processes do not inflate; the template run is wall time and carries their load.',
		...(runs.some((run) => run.rows.some((r) => r.fairFloorMs < r.floorMs))
			? [
					'- Some run was noisy: in some rows the fair floor measured below the floor alone, which cannot be; read each run beside its load, and rerun on an idle machine before reading one row.',
				]
			: []),
	].join('\n');
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

	const slack = trimSlack(MAX_REMEMBERED);
	const fullest = filledState(MAX_REMEMBERED + slack);
	const fullestJson = JSON.stringify(fullest);
	const atCapJson = JSON.stringify(filledState(MAX_REMEMBERED + slack + 1));
	const parsed = (json: string) => () => JSON.parse(json) as EventState;
	const atCap = [cases[0], cases[cases.length - 1]].map(({ name, units, delivery }) => {
		const calls = callsFor(units);
		const path = (state: unknown) => webhookPath(delivery, state as EventState);
		const [emptyMs, capMs, trimMs] = bestInTurn(
			calls,
			[
				{ setup: emptyState, run: path },
				{ setup: parsed(atCapJson), run: path },
				{ setup: parsed(fullestJson), run: path },
				// Each call parses a memory outside the clock: fewer rounds keep the run short.
			],
			7,
		);
		return { name, units, emptyMs, capMs, trimMs };
	});
	// n8n keeps static data as JSON: it is read with the workflow and written back when changed.
	const persistMs = best(
		20,
		() => fullest,
		(state) => JSON.parse(JSON.stringify(state)),
	);
	const run: WebhookRun = {
		loadAverage: loadavg(),
		rows,
		state: {
			cap: MAX_REMEMBERED,
			slack,
			seen: Object.keys(fullest.seen).length,
			units: Object.keys(fullest.units).length,
			bytes: Buffer.byteLength(fullestJson),
			capBytes: Buffer.byteLength(atCapJson),
			atCap,
			persistMs,
		},
	};
	process.stdout.write(`${JSON.stringify(run)}\n`);
}

// Run when called as a script; the intake benchmark imports the notices above.
if (require.main === module) main();
