/**
 * Template 06 reads only what it judges: of the Returns Event Ledger and the Warehouse Receipts the
 * rows since its read window and the rows of the orders and returns in scope (Data Table filters,
 * one read per key), of the Exception Register the rows of its two checks; and the Centra
 * movements of the returns recorded before the window with one search by time window (in pages of
 * 200), not one search per return.
 *
 * Two worlds hold the same scenario; one also holds a much larger season that settled long ago
 * (its ledger rows, receipts and Centra movements). Both must keep the same register, the
 * scenario's ground truth, with the same rows read and the same Centra requests.
 */
import type { IDataObject } from 'n8n-workflow';
import type { RunResult } from '../../harness';
import { loadTemplate } from '../../harness/templateFiles';
import { generateScenario } from '../../sandbox/scenario/generator';
import * as state from './stateWorld';
import { rowsRead } from './templateReads';

const { DAY, iso } = state;
const FILE = '06-stock-movement-monitor.json';
const template = loadTemplate(FILE);
const NOW = Date.now();
const rates = { missingStockMovement: 0.2, lostInTransit: 0.06, refundedNeverReturned: 0.05 };
const scenario = generateScenario({ seed: 2431, returns: 100, rates, asOf: iso(NOW) });
const settled = state.renamed(
	generateScenario({ seed: 2432, returns: 500, rates: {}, asOf: iso(NOW - 300 * DAY) }),
);
const stockRow = (row: IDataObject) =>
	row.type === 'missing_stock_movement' || row.type === 'inventory_drift';

/** 06 asks Centra for nothing but stock changes: every GraphQL request of its run is one. */
async function centraRequestsOf(world: state.World, run: () => Promise<RunResult>) {
	const graphql = new URL(world.centra.graphqlUrl).pathname;
	const count = () => world.centra.server.log.filter((r) => r.path === graphql).length;
	const before = count();
	const result = await run();
	return { run: result, requests: count() - before };
}

describe('06 reads what it judges, and the older returns’ movements by time window', () => {
	let small: state.World;
	let large: state.World;
	const runs: Record<string, { run: RunResult; requests: number }> = {};

	beforeAll(async () => {
		[small, large] = await Promise.all([state.startWorld(), state.startWorld()]);
		state.deliver(large, settled);
		for (const world of [small, large]) state.deliver(world, scenario);
		for (const [name, world] of [
			['small', small],
			['large', large],
		] as const) {
			runs[name] = await centraRequestsOf(world, () =>
				state.runAsOf(world, FILE, NOW, { lookbackDays: 160 }),
			);
			// Six hours later: the open rows' returns were all recorded before the read window.
			runs[`${name} later`] = await centraRequestsOf(world, () =>
				state.runAsOf(world, FILE, NOW + DAY / 4, { lookbackDays: 160 }),
			);
		}
	}, 600_000);
	afterAll(async () => Promise.all([small?.close(), large?.close()]));

	it("raises exactly the scenario's stock findings, the same in both worlds", () => {
		const key = (r: IDataObject) => `${String(r.type)}|${String(r.orderNumber)}|${String(r.sku)}`;
		const expected = [
			...new Set(
				scenario.expected
					.map((e) => ({ ...e }) as IDataObject)
					.filter(stockRow)
					.map(key),
			),
		].sort();
		expect(expected.length).toBeGreaterThan(0);
		for (const world of [small, large])
			expect([
				...new Set(world.tables.rows('Exception Register').filter(stockRow).map(key)),
			]).toEqual(expect.arrayContaining(expected));
		expect(state.registerOf(small)).not.toEqual([]);
		expect(state.registerOf(large)).toEqual(state.registerOf(small));
	});

	it('reads the same ledger rows and receipts whatever the size of the tables', () => {
		for (const later of ['', ' later']) {
			const readSmall = rowsRead(template, runs[`small${later}`].run);
			const readLarge = rowsRead(template, runs[`large${later}`].run);
			const ledgerRows = large.tables.rows('Returns Event Ledger').length;
			const receiptRows = large.tables.rows('Warehouse Receipts').length;
			expect(ledgerRows).toBeGreaterThan(5 * small.tables.rows('Returns Event Ledger').length);
			expect(readSmall['Returns Event Ledger'].length).toBeGreaterThan(0);
			expect(readLarge['Returns Event Ledger'].length).toBe(
				readSmall['Returns Event Ledger'].length,
			);
			expect(readLarge['Warehouse Receipts'].length).toBe(readSmall['Warehouse Receipts'].length);
			expect(readLarge['Returns Event Ledger'].length).toBeLessThan(ledgerRows / 5);
			expect(readLarge['Warehouse Receipts'].length).toBeLessThan(receiptRows / 5);
		}
	});

	it('reads the older returns’ movements with one search by time window, not one per return', () => {
		for (const name of ['small later', 'large later']) {
			const { run, requests } = runs[name];
			const scope = state.outputOf(run, 'Units in scope')[0].scope as {
				older: string[];
				byWindow: string[];
				byReference: string[];
			};
			// Every return in scope was recorded within lookbackDays: none is read by reference.
			expect(scope.older.length).toBeGreaterThan(20);
			expect(scope.byWindow).toEqual(scope.older);
			expect(scope.byReference).toEqual([]);
			const pages = (node: string) =>
				Math.max(1, Math.ceil(state.outputOf(run, node).filter((m) => m.id).length / 200));
			// Movements per return: a change of several returns is listed once per return, so the
			// pages are at most this many.
			expect(requests).toBeLessThanOrEqual(
				pages('Centra stock movements') + pages('Movements before the window'),
			);
			expect(requests).toBeLessThan(scope.older.length / 10);
		}
		expect(runs['large later'].requests).toBe(runs['small later'].requests);
	});
});
