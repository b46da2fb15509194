/**
 * Template 05 reads only the warehouse receipts of the boxes in scope: the rows whose tracking
 * number, Happy Returns return id, order number or bag barcode is that of a manifest line in scope
 * (n8n's Data Table "Get" filters by column values; one read per manifest line, each row kept once).
 * Its cost follows the boxes in scope, not the Warehouse Receipts table, and its answer is the
 * one reading the whole table gave.
 *
 * Two worlds hold the same scenario; one also holds the receipts of a much larger, older season
 * whose boxes are all settled. Both must read the same receipts and keep the same register.
 */
import type { IDataObject } from 'n8n-workflow';
import { warehouseReceiptRows } from '../../harness/scenarioRows';
import { loadTemplate } from '../../harness/templateFiles';
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
import { rowsRead } from './templateReads';

const FILE = '05-lost-in-transit.json';
const NOW = Date.now();
const rates = {
	lostInTransit: 0.12,
	missingStockMovement: 0.05,
	refundedNeverReturned: 0.05,
	bagOnlyReceipt: 0.15,
};
const scenario = generateScenario({ seed: 2311, returns: 40, rates, asOf: iso(NOW) });
const settled = renamed(
	generateScenario({ seed: 2312, returns: 400, rates: {}, asOf: iso(NOW - 300 * DAY) }),
);

const text = (value: unknown) => String(value ?? '').trim();

/** The receipts of the table a manifest line in scope names (the spec of what 05 reads). */
function receiptsOfBoxes(world: World, manifests: IDataObject[]): number[] {
	const keys = {
		trackingNumber: new Set(manifests.map((m) => text(m.tracking ?? m.trackingNumber))),
		returnId: new Set(manifests.map((m) => text(m.happyReturnsReturnID))),
		orderNumber: new Set(manifests.map((m) => text(m.orderNumber))),
		bagBarcode: new Set(manifests.map((m) => text(m.labelBarcode))),
	};
	return world.tables
		.rows('Warehouse Receipts')
		.filter((row) =>
			(Object.keys(keys) as Array<keyof typeof keys>).some(
				(column) => text(row[column]) !== '' && keys[column].has(text(row[column])),
			),
		)
		.map((row) => Number(row.id))
		.sort((a, b) => a - b);
}

/** The receipt rows the run read from the table (each row once) and how many reads returned. */
const template = loadTemplate(FILE);
const idsRead = (run: Awaited<ReturnType<typeof runAsOf>>) =>
	rowsRead(template, run)['Warehouse Receipts'] ?? [];
const rowsReturned = (run: Awaited<ReturnType<typeof runAsOf>>) =>
	outputOf(run, 'Warehouse receipts').length;

describe('05 reads the receipts of the boxes in scope, not the table', () => {
	let small: World;
	let large: World;
	const runs: Record<string, Awaited<ReturnType<typeof runAsOf>>> = {};
	const registers: Record<string, string[]> = {};

	beforeAll(async () => {
		[small, large] = await Promise.all([startWorld(), startWorld()]);
		for (const world of [small, large]) {
			deliver(world, { ...scenario, receipts: [] });
			// A bag-only receipt (no order number, no tracking number) as a warehouse that scans only
			// the bag sends it: no return id either, so only its bag barcode names its manifest line.
			for (const row of warehouseReceiptRows(scenario, { status: 'processed' }))
				world.tables.insert('Warehouse Receipts', row.orderNumber ? row : { ...row, returnId: '' });
		}
		// The older season's receipts only: its boxes arrived long ago and are out of scope.
		for (const row of warehouseReceiptRows(settled, { status: 'processed' }))
			large.tables.insert('Warehouse Receipts', row);
		runs.small = await runAsOf(small, FILE, NOW, { lookbackDays: 160 });
		runs.large = await runAsOf(large, FILE, NOW, { lookbackDays: 160 });
		registers.small = registerOf(small);
		registers.large = registerOf(large);
		runs.quiet = await runAsOf(large, FILE, NOW + DAY, { lookbackDays: 30 });
	}, 600_000);
	afterAll(async () => Promise.all([small?.close(), large?.close()]));

	it('holds bag-only receipts, and a table much larger than the receipts of the boxes in scope', () => {
		const bagOnly = small.tables
			.rows('Warehouse Receipts')
			.filter((r) => !r.orderNumber && !r.returnId && !r.trackingNumber);
		expect(bagOnly.length).toBeGreaterThan(0);
		expect(large.tables.rows('Warehouse Receipts').length).toBeGreaterThan(
			5 * small.tables.rows('Warehouse Receipts').length,
		);
	});

	it('reads exactly the receipts a manifest line in scope names, each once', () => {
		for (const [name, world] of [
			['small', small],
			['large', large],
			['quiet', large],
		] as const) {
			const manifests = outputOf(runs[name], 'Shipment manifest');
			expect({ name, read: idsRead(runs[name]) }).toEqual({
				name,
				read: receiptsOfBoxes(world, manifests),
			});
			// The matcher gets each row once, however many manifest lines named it.
			const passed = outputOf(runs[name], 'Each receipt once').map((r) => Number(r.id));
			expect(passed.sort((a, b) => a - b)).toEqual(idsRead(runs[name]));
		}
	});

	it('reads as many receipts whatever the size of the table: the cost follows the boxes in scope', () => {
		expect(idsRead(runs.large).length).toBeGreaterThan(0);
		expect(idsRead(runs.large).length).toBe(idsRead(runs.small).length);
		expect(rowsReturned(runs.large)).toBe(rowsReturned(runs.small));
		expect(idsRead(runs.large).length).toBeLessThan(
			large.tables.rows('Warehouse Receipts').length / 5,
		);
		// The quiet day has fewer boxes in scope (open ones and recent departures): fewer reads.
		expect(outputOf(runs.quiet, 'Shipment manifest').length).toBeLessThan(
			outputOf(runs.large, 'Shipment manifest').length,
		);
		expect(idsRead(runs.quiet).length).toBeLessThan(idsRead(runs.large).length);
	});

	it("raises exactly the scenario's lost boxes: a box whose units came back (bag-only receipts too) is not lost", () => {
		const expected = [
			...new Set(
				scenario.expected
					.filter((e) => e.type === 'lost_in_transit')
					.map((e) => String(e.trackingNumber)),
			),
		].sort();
		expect(expected.length).toBeGreaterThan(0);
		for (const world of [small, large])
			expect(
				world.tables
					.rows('Exception Register')
					.filter((r) => r.type === 'lost_in_transit')
					.map((r) => String(r.trackingNumber))
					.sort(),
			).toEqual(expected);
	});

	it('keeps the same register and claims in both worlds', () => {
		expect(registers.large).not.toEqual([]);
		expect(registers.large).toEqual(registers.small);
		const claims = (name: string) =>
			outputOf(runs[name], 'Claim lines')
				.map((c) => JSON.stringify(c))
				.sort();
		expect(claims('large')).toEqual(claims('small'));
	});
});
