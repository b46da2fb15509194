/**
 * The webhook path's outputs are pinned byte for byte: the canonical events (every field, in
 * order) and the guard's verdicts, late flags and anomalies, after every delivery of a few
 * hundred varied bodies (see variedNotices). Event ids key the ledger's claim, so a speed-up of
 * the path must leave all of it identical. The digests in the fixture were written by the path as
 * it was before it was tuned for speed (the verdicts' by the duplicate memory as it was before it
 * trimmed itself only once it had grown a slack beyond its cap); rewrite them only for an intended
 * change of an output format, and say so in the commit.
 *
 * The verdicts are pinned with a memory that forgets nothing here (a window longer than the run,
 * a cap above its events), so each is what the memory promises: a duplicate exactly when the
 * event was delivered before. Which events an expiring, capped memory still remembers beyond its
 * promise is not pinned (the trimming changed it); duplicateMemory.test.ts checks the promise.
 */
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
	deliveryHashOf,
	isoUtc,
	parseLineItemId,
	toCanonicalEvents,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import { emptyState, guardEvents } from '../../nodes/HappyReturns/shared/logic/eventState';
import { MAPPINGS, seeded, variedNotices } from './variedNotices';

const FIXTURE = join(__dirname, 'fixtures', 'webhookPathOutputs.json');
const NOTICES = 300;
const START = Date.parse('2026-11-01T00:00:00Z');
/** A duplicate memory that forgets nothing within the run: a year's window, a cap above its events. */
const REMEMBERS_ALL = (now: number) => ({ retentionMs: 365 * 86_400_000, maxEntries: 1e6, now });

interface Digests {
	/** Per delivery, in delivery order: the canonical events. */
	events: string[];
	/** Per delivery: the guard's verdicts, late flags and anomalies. */
	verdicts: string[];
}

const digest = (value: unknown) =>
	createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);

/** Digests of what each delivery gives, in delivery order. */
function digestsOf(mappingIndex: number): Digests {
	const config = MAPPINGS[mappingIndex];
	const bodies = variedNotices(1000 + mappingIndex, NOTICES).map((body) => JSON.stringify(body));
	const random = seeded(77 + mappingIndex);
	const state = emptyState();
	let now = START;
	const digests: Digests = { events: [], verdicts: [] };
	// Some bodies are delivered again later (duplicates); time moves on by up to two days.
	const order = bodies.map((_, index) => index);
	for (let k = 0; k < NOTICES / 5; k++) order.push(Math.floor(random() * NOTICES));
	for (const index of order) {
		now += Math.floor(random() * 2 * 86_400_000 * (random() < 0.05 ? 1 : 0.01));
		const raw = Buffer.from(bodies[index], 'utf8');
		const events = toCanonicalEvents(
			JSON.parse(bodies[index]),
			config,
			isoUtc(now),
			deliveryHashOf(raw),
		);
		digests.events.push(digest(events));
		const guard = guardEvents(events, state, REMEMBERS_ALL(now));
		digests.verdicts.push(digest(guard));
	}
	return digests;
}

// `WRITE_WEBHOOK_DIGESTS=1 npx jest test/happyReturns/webhookPathIdentity` rewrites the fixture
// (only for an intended change of an output format).
if (process.env.WRITE_WEBHOOK_DIGESTS === '1')
	writeFileSync(
		FIXTURE,
		`${JSON.stringify(
			MAPPINGS.map((_, index) => digestsOf(index)),
			null,
			'\t',
		)}\n`,
	);

describe('the webhook path gives byte-identical events and verdicts', () => {
	const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Digests[];

	it.each(
		MAPPINGS.flatMap((_, index) => [
			[index, 'events'],
			[index, 'verdicts'],
		]) as Array<[number, keyof Digests]>,
	)('with mapping %i, the %s of every delivery', (mappingIndex, what) => {
		const digests = digestsOf(mappingIndex)[what];
		const first = digests.findIndex((d, i) => d !== pinned[mappingIndex][what][i]);
		// The first delivery that differs, to look at; then all of them.
		expect({ firstDifferentDelivery: first }).toEqual({ firstDifferentDelivery: -1 });
		expect(digests).toEqual(pinned[mappingIndex][what]);
	});

	it('the bodies are varied: every kind of event and verdict occurs', () => {
		const kinds = new Set<string>();
		const verdicts = new Set<string>();
		let anomalies = 0;
		for (const config of MAPPINGS) {
			const state = emptyState();
			for (const body of variedNotices(1000, NOTICES)) {
				const events = toCanonicalEvents(JSON.parse(JSON.stringify(body)), config, 'x');
				events.forEach((e) => kinds.add(e.eventType));
				const guard = guardEvents(events, state, {
					retentionMs: 86_400_000,
					maxEntries: 150,
					now: START,
				});
				guard.verdicts.forEach((v) => verdicts.add(v));
				anomalies += guard.anomalies.length;
			}
		}
		expect([...kinds].sort()).toEqual([
			'exchange.requested',
			'return.bag_linked',
			'return.dropoff_method_set',
			'return.dropped_off',
			'return.expired',
			'return.refund_approved',
			'return.started',
			'return.unknown',
			'shipment.in_transit',
			'shipment.unrecognized',
		]);
		expect([...verdicts].sort()).toEqual(['duplicate', 'new']);
		expect(anomalies).toBeGreaterThan(0);
	});
});

describe('parseLineItemId', () => {
	/** The rule as Happy Returns' unit suffix reads: "<line>-<unit>-<count>". */
	const byRegex = (value: string) => {
		const match = /^(.*)-(\d+)-(\d+)$/.exec(value);
		if (!match) return { lineItemId: value, unitIndex: null, unitCount: null };
		return { lineItemId: match[1], unitIndex: Number(match[2]), unitCount: Number(match[3]) };
	};

	it('reads every string as the suffix pattern does', () => {
		const random = seeded(5);
		const alphabet = ['-', '-', '-', '0', '1', '9', 'a', ' ', '\n', '\r', '\u2028', '\u2029', '١'];
		const differing: unknown[] = [];
		for (let n = 0; n < 20000; n++) {
			let value = '';
			const length = Math.floor(random() * 9);
			for (let i = 0; i < length; i++) value += alphabet[Math.floor(random() * alphabet.length)];
			const [got, want] = [parseLineItemId(value), byRegex(value)];
			if (JSON.stringify(got) !== JSON.stringify(want)) differing.push({ value, got, want });
		}
		expect(differing).toEqual([]);
	});
});
