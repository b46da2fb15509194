/**
 * Template 06 (stock-movement monitor) reads what is still open, not a look-back window: its
 * register does not depend on how long the system has been live, and a unit whose movement is
 * missing stays open however old, until the movement arrives or a person closes the row.
 *
 * The same scenario is judged in two worlds: one went live with it; the other had been live 400
 * days longer, with an older season (its own missing movements and stuck units among settled
 * returns) judged back then. Both must hold the same rows for the scenario; the old season's open
 * rows stay open, and its settled returns raise nothing, although their movements are long past
 * `lookbackDays`.
 */
import type { IDataObject } from 'n8n-workflow';
import { generateScenario } from '../../sandbox/scenario/generator';
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

const FILE = '06-stock-movement-monitor.json';
const NOW = Date.now();
const LOOKBACK = 30;
const stockRow = (row: IDataObject) =>
	row.type === 'missing_stock_movement' || row.type === 'inventory_drift';
const oldRow = (row: IDataObject) => /^7\d{6}$/.test(String(row.orderNumber));
const scenarioRow = (row: IDataObject) => stockRow(row) && !oldRow(row);

describe('06 reconciles from state: the same register after 30 or 400 days live', () => {
	const rates = { missingStockMovement: 0.1, lostInTransit: 0.06, refundedNeverReturned: 0.05 };
	// The scenario's returns were dropped off 60 to 121 days before NOW; the old season's 400 days
	// earlier.
	const scenario = generateScenario({ seed: 2221, returns: 50, rates, asOf: iso(NOW) });
	const oldSeason = renamed(
		generateScenario({ seed: 2222, returns: 40, rates, asOf: iso(NOW - 400 * DAY) }),
	);
	let young: World;
	let old: World;
	let oldOpenBefore: string[] = [];

	beforeAll(async () => {
		[young, old] = await Promise.all([startWorld(), startWorld()]);
		deliver(young, scenario);
		await runAsOf(young, FILE, NOW, { lookbackDays: 160 });
		// Live 400 days longer: the old season judged back then, then months with nothing new, then
		// the scenario.
		deliver(old, oldSeason);
		await runAsOf(old, FILE, NOW - 330 * DAY, { lookbackDays: 220 });
		await runAsOf(old, FILE, NOW - 329 * DAY, { lookbackDays: LOOKBACK });
		await runAsOf(old, FILE, NOW - 200 * DAY, { lookbackDays: LOOKBACK });
		await runAsOf(old, FILE, NOW - 125 * DAY, { lookbackDays: LOOKBACK });
		oldOpenBefore = registerOf(old, (r) => stockRow(r) && oldRow(r));
		deliver(old, scenario);
		await runAsOf(old, FILE, NOW, { lookbackDays: LOOKBACK });
	}, 600_000);
	afterAll(async () => Promise.all([young?.close(), old?.close()]));

	it('the scenario raises its stock findings in the young world', () => {
		expect(
			young.tables
				.rows('Exception Register')
				.filter(scenarioRow)
				.map((r) => r.type),
		).toEqual(expect.arrayContaining(['missing_stock_movement', 'inventory_drift']));
	});

	it('both worlds hold the same rows for the scenario', () => {
		expect(registerOf(old, scenarioRow)).toEqual(registerOf(young, scenarioRow));
	});

	it("the old season's rows, open for a year and more, are still open; its settled returns raise nothing", () => {
		expect(oldOpenBefore.length).toBeGreaterThan(0);
		expect(oldOpenBefore.every((r) => r.includes(' | open | '))).toBe(true);
		// Exactly the old season's own findings: none of its settled returns.
		const key = (r: IDataObject) => `${String(r.type)}|${String(r.orderNumber)}|${String(r.sku)}`;
		expect(
			[
				...new Set(
					old.tables
						.rows('Exception Register')
						.filter((r) => stockRow(r) && oldRow(r))
						.map(key),
				),
			].sort(),
		).toEqual(
			[
				...new Set(
					oldSeason.expected
						.map((e) => ({ ...e }) as IDataObject)
						.filter(stockRow)
						.map(key),
				),
			].sort(),
		);
		expect(registerOf(old, (r) => stockRow(r) && oldRow(r))).toEqual(oldOpenBefore);
	});

	it('a quiet run reads the open returns (their movements by reference) and changes nothing', async () => {
		const before = registerOf(old);
		const run = await runAsOf(old, FILE, NOW + DAY / 4, { lookbackDays: LOOKBACK });
		expect(registerOf(old)).toEqual(before);
		const scope = outputOf(run, 'Units in scope')[0].scope as {
			returns: Record<string, boolean>;
			older: string[];
		};
		const openRows = old.tables
			.rows('Exception Register')
			.filter((r) => stockRow(r) && r.status === 'open');
		const openReturns = openRows
			.flatMap((r) => String(r.returnId).split(', '))
			.filter((id) => id !== '');
		const openOrders = new Set(openRows.map((r) => String(r.orderNumber)));
		const orderOf = new Map(
			old.tables
				.rows('Returns Event Ledger')
				.map((r) => [String(r.returnId), String(r.orderNumber)]),
		);
		expect(openRows.length).toBeGreaterThan(0);
		expect(Object.keys(scope.returns)).toEqual(expect.arrayContaining(openReturns));
		expect(scope.older).toEqual(expect.arrayContaining(openReturns));
		// Settled returns are not read again: only those of an open row or its order (the scenario's
		// last records are 54 days old, outside every window).
		expect(
			Object.keys(scope.returns).filter(
				(id) => !openReturns.includes(id) && !openOrders.has(orderOf.get(id) ?? ''),
			),
		).toEqual([]);
		expect(outputOf(run, 'Their movements').length).toBeGreaterThan(0);
	}, 120_000);

	it('a row a person closed is not read again', async () => {
		const open = old.tables
			.rows('Exception Register')
			.filter((r) => r.type === 'missing_stock_movement' && r.status === 'open' && oldRow(r));
		expect(open.length).toBeGreaterThan(0);
		// Every row of the order closed by a person: none keeps its returns in scope.
		const order = open[0].orderNumber;
		const closed = old.tables
			.rows('Exception Register')
			.filter((r) => stockRow(r) && r.orderNumber === order);
		for (const row of closed) Object.assign(row, { status: 'no action' });
		const run = await runAsOf(old, FILE, NOW + DAY / 2, { lookbackDays: LOOKBACK });
		const scope = outputOf(run, 'Units in scope')[0].scope as {
			orders: Record<string, boolean>;
			returns: Record<string, boolean>;
		};
		expect(scope.orders[String(order)]).toBeUndefined();
		for (const row of closed)
			for (const id of String(row.returnId).split(', ')) expect(scope.returns[id]).toBeUndefined();
		expect(
			old.tables.rows('Exception Register').filter((r) => closed.some((c) => c.id === r.id)),
		).toEqual(closed.map(() => expect.objectContaining({ status: 'no action' })));
	}, 120_000);
});
