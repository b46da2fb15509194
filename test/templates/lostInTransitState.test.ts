/**
 * Template 05 (lost in transit) reads what is still open, not a look-back window: its register and
 * its claims CSV do not depend on how long the system has been live, and a box that is not
 * received stays in both however old it is, until it arrives or a person closes its row.
 *
 * The same scenario is judged in two worlds: one went live with it; the other had been live 400
 * days longer, with an older season (its own lost boxes among settled ones) judged back then. Both
 * must hold the same rows for the scenario; the old season's lost boxes, long past `lookbackDays`,
 * must still be open and claimed.
 */
import type { IDataObject } from 'n8n-workflow';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import {
	DAY,
	deliver,
	iso,
	outputOf,
	registerOf,
	renamed,
	runAsOf,
	startWorld,
	type World,
} from './stateWorld';

const FILE = '05-lost-in-transit.json';
const NOW = Date.now();
const LOOKBACK = 30;

const lostBoxes = (scenario: Scenario) =>
	[
		...new Set(
			scenario.expected.filter((e) => e.type === 'lost_in_transit').map((e) => e.trackingNumber),
		),
	].sort();

const claimsOf = (run: Awaited<ReturnType<typeof runAsOf>>) =>
	outputOf(run, 'Claim lines')
		.map((c) =>
			[c.trackingNumber, c.unitsMissing, c.items, c.valueAtStake, c.claimDeadline].join(' | '),
		)
		.sort();

const lostRows = (row: IDataObject) => row.type === 'lost_in_transit';
const scenarioRow = (row: IDataObject) => lostRows(row) && !/^1ZP/.test(String(row.trackingNumber));

describe('05 reconciles from state: the same register after 30 or 400 days live', () => {
	const rates = { lostInTransit: 0.12, missingStockMovement: 0.05, refundedNeverReturned: 0.05 };
	// The scenario's boxes left 58 to 118 days before NOW; the old season's 400 days earlier.
	const scenario = generateScenario({ seed: 2211, returns: 50, rates, asOf: iso(NOW) });
	const oldSeason = renamed(
		generateScenario({ seed: 2212, returns: 40, rates, asOf: iso(NOW - 400 * DAY) }),
	);
	let young: World;
	let old: World;
	const claims: Record<string, string[]> = {};

	beforeAll(async () => {
		[young, old] = await Promise.all([startWorld(), startWorld()]);
		deliver(young, scenario);
		claims.young = claimsOf(await runAsOf(young, FILE, NOW, { lookbackDays: 160 }));
		// Live 400 days longer: the old season judged back then (the first run reads lookbackDays
		// back, later ones what is open and what left since), then nothing for months, then the
		// scenario (its boxes leave from 119 days before NOW).
		deliver(old, oldSeason);
		await runAsOf(old, FILE, NOW - 330 * DAY, { lookbackDays: 220 });
		await runAsOf(old, FILE, NOW - 329 * DAY, { lookbackDays: LOOKBACK });
		await runAsOf(old, FILE, NOW - 200 * DAY, { lookbackDays: LOOKBACK });
		await runAsOf(old, FILE, NOW - 125 * DAY, { lookbackDays: LOOKBACK });
		deliver(old, scenario);
		claims.old = claimsOf(await runAsOf(old, FILE, NOW, { lookbackDays: LOOKBACK }));
	}, 600_000);
	afterAll(async () => Promise.all([young?.close(), old?.close()]));

	it('the scenario raises its lost boxes in the young world', () => {
		expect(lostBoxes(scenario).length).toBeGreaterThan(0);
		expect(
			young.tables
				.rows('Exception Register')
				.filter(lostRows)
				.map((r) => r.trackingNumber)
				.sort(),
		).toEqual(lostBoxes(scenario));
	});

	it('both worlds hold the same rows for the scenario and claim the same boxes', () => {
		expect(registerOf(old, scenarioRow)).toEqual(registerOf(young, scenarioRow));
		expect(claims.old.filter((c) => !c.startsWith('1ZP'))).toEqual(claims.young);
	});

	it("the old season's lost boxes, 460 days and more since they left, are still open and claimed", () => {
		const boxes = lostBoxes(oldSeason);
		expect(boxes.length).toBeGreaterThan(0);
		const rows = old.tables
			.rows('Exception Register')
			.filter((r) => boxes.includes(String(r.trackingNumber)));
		expect(rows.map((r) => [r.trackingNumber, r.status]).sort()).toEqual(
			boxes.map((b) => [b, 'open']),
		);
		expect(claims.old.filter((c) => c.startsWith('1ZP')).map((c) => c.split(' | ')[0])).toEqual(
			boxes,
		);
	});

	it('a quiet day reads only the open boxes and changes nothing', async () => {
		const before = registerOf(old);
		const run = await runAsOf(old, FILE, NOW + DAY, { lookbackDays: LOOKBACK });
		expect(registerOf(old)).toEqual(before);
		const read = outputOf(run, 'Each shipment in scope').map((s) => String(s.trackingNumber));
		const open = old.tables
			.rows('Exception Register')
			.filter((r) => lostRows(r) && r.status === 'open')
			.map((r) => String(r.trackingNumber));
		// Every open box, and apart from them only boxes that left within the window and two days.
		expect(read).toEqual(expect.arrayContaining(open));
		for (const s of outputOf(run, 'Each shipment in scope'))
			if (!open.includes(String(s.trackingNumber)))
				expect(Date.parse(String(s.departureDate))).toBeGreaterThanOrEqual(NOW + DAY - 12 * DAY);
	}, 120_000);

	it('a box a person closed is not read again; the others stay claimed', async () => {
		const first = lostBoxes(scenario)[0];
		const second = lostBoxes(oldSeason)[0];
		const row = old.tables.rows('Exception Register').find((r) => r.trackingNumber === first)!;
		Object.assign(row, { status: 'resolved' });
		const run = await runAsOf(old, FILE, NOW + 2 * DAY, { lookbackDays: LOOKBACK });
		expect(outputOf(run, 'Each shipment in scope').map((s) => s.trackingNumber)).not.toContain(
			first,
		);
		expect(claimsOf(run).map((c) => c.split(' | ')[0])).not.toContain(first);
		expect(claimsOf(run).map((c) => c.split(' | ')[0])).toContain(second);
		expect(
			old.tables.rows('Exception Register').find((r) => r.trackingNumber === first)?.status,
		).toBe('resolved');
	}, 120_000);
});

describe('05: a box older than lookbackDays stays claimed until its claim deadline and after', () => {
	const scenario = generateScenario({
		seed: 2213,
		returns: 24,
		rates: { lostInTransit: 0.2 },
		asOf: iso(NOW),
	});
	let world: World;
	beforeAll(async () => {
		world = await startWorld();
		deliver(world, scenario);
	}, 120_000);
	afterAll(async () => world?.close());

	it('on both sides of lookbackDays and of the deadline: in the register, open, and in the claims CSV', async () => {
		const box = String(lostBoxes(scenario)[0]);
		const departed = Date.parse(world.hr.state.shipments.get(box)!.departureDate);
		// First seen once it is due (lost-in-transit window 10 days), then every day around the
		// look-back boundary and the claim deadline (60 days after departure).
		const first = await runAsOf(world, FILE, departed + 11 * DAY, { lookbackDays: LOOKBACK });
		expect(claimsOf(first).map((c) => c.split(' | ')[0])).toContain(box);
		const row = () =>
			world.tables.rows('Exception Register').find((r) => r.trackingNumber === box)!;
		const deadline =
			row().deadline instanceof Date
				? (row().deadline as Date).toISOString()
				: String(row().deadline);
		const deadlineDay = Date.parse(deadline.slice(0, 10) + 'T12:00:00Z');
		expect(deadlineDay - departed).toBeGreaterThan(LOOKBACK * DAY);
		for (const at of [
			departed + (LOOKBACK - 1) * DAY,
			departed + (LOOKBACK + 1) * DAY,
			deadlineDay - DAY,
			deadlineDay,
			deadlineDay + DAY,
		]) {
			const run = await runAsOf(world, FILE, at, { lookbackDays: LOOKBACK });
			const claim = outputOf(run, 'Claim lines').find((c) => c.trackingNumber === box);
			expect({ at: iso(at), claimed: claim?.claimDeadline }).toEqual({
				at: iso(at),
				claimed: expect.stringMatching(new RegExp('^' + deadline.slice(0, 10))),
			});
			expect(row().status).toBe('open');
		}
	}, 300_000);
});
