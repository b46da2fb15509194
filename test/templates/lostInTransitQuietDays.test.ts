/**
 * Template 05 writes its run marker (`lost_in_transit.completed`) only when something was in scope.
 * A day with nothing in scope has no box shipped in its read window and no open row, so the next
 * run, whose window reaches back to the last marker, reads nothing more than it would had the
 * quiet days written markers: the days between hold no box. Decided: no marker on a quiet day is
 * harmless, and kept.
 *
 * Two worlds hold the same seasons. One runs every few days through a quiet stretch; the other
 * does not run in it at all. The quiet runs write no marker, and the next busy run reads the same
 * hub shipments and receipts and keeps the same register in both.
 */
import { generateScenario } from '../../sandbox/scenario/generator';
import * as state from './stateWorld';

const { DAY, iso } = state;
const FILE = '05-lost-in-transit.json';
const NOW = Date.now();
const settings = { lookbackDays: 160 };
// The first season's boxes left 58 to 118 days before NOW, none lost: settled at NOW's run.
const first = generateScenario({ seed: 2511, returns: 30, rates: {}, asOf: iso(NOW) });
// The next season's boxes leave after the quiet stretch, some of them lost.
const next = state.renamed(
	generateScenario({
		seed: 2512,
		returns: 30,
		rates: { lostInTransit: 0.2 },
		asOf: iso(NOW + 150 * DAY),
	}),
);

const markers = (world: state.World) =>
	world.tables
		.rows('Returns Event Ledger')
		.filter((r) => r.eventType === 'lost_in_transit.completed').length;

describe('05 on quiet days: no run marker, and the next run reads what it would have', () => {
	let quiet: state.World;
	let skipped: state.World;
	const busy: Record<string, Awaited<ReturnType<typeof state.runAsOf>>> = {};
	const markersAfter: Record<string, number> = {};

	beforeAll(async () => {
		[quiet, skipped] = await Promise.all([state.startWorld(), state.startWorld()]);
		for (const world of [quiet, skipped]) {
			state.deliver(world, first);
			await state.runAsOf(world, FILE, NOW, settings);
		}
		markersAfter.first = markers(quiet);
		for (const day of [10, 20, 30]) await state.runAsOf(quiet, FILE, NOW + day * DAY, settings);
		markersAfter.quiet = markers(quiet);
		for (const [name, world] of [
			['quiet', quiet],
			['skipped', skipped],
		] as const) {
			state.deliver(world, next);
			busy[name] = await state.runAsOf(world, FILE, NOW + 150 * DAY, settings);
		}
	}, 600_000);
	afterAll(async () => Promise.all([quiet?.close(), skipped?.close()]));

	it('a run with boxes in scope writes its marker; the quiet runs write none', () => {
		expect(markersAfter.first).toBe(1);
		expect(markersAfter.quiet).toBe(1);
		expect(markers(quiet)).toBe(2);
	});

	it('the next busy run reads the same shipments and receipts and keeps the same register', () => {
		const read = (name: string, node: string) =>
			state
				.outputOf(busy[name], node)
				.map((r) => JSON.stringify(r))
				.sort();
		expect(read('quiet', 'Shipment manifest').length).toBeGreaterThan(0);
		expect(read('quiet', 'Shipment manifest')).toEqual(read('skipped', 'Shipment manifest'));
		expect(read('quiet', 'Warehouse receipts').length).toBe(
			read('skipped', 'Warehouse receipts').length,
		);
		expect(state.registerOf(quiet).some((r) => r.includes('lost_in_transit'))).toBe(true);
		expect(state.registerOf(quiet)).toEqual(state.registerOf(skipped));
	});
});
