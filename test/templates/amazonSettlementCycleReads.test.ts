/**
 * Template 10 reads of the Returns Event Ledger only its settlement claims and the rows of the
 * cycle's orders (the seller's or Amazon's order id, one filtered read each), then the rows of
 * their returns and hub boxes, and of the Warehouse Receipts those of the orders, returns and boxes
 * (the other returns in a box included, as the whole-table read gave them). What it judges
 * is the same, so the cycle's outcomes are the same, whatever else the tables hold.
 *
 * Two worlds hold the same returns; one also holds a large history of other orders. One settlement
 * is processed in each: the same outcomes, reading the same rows.
 */
import type { IDataObject } from 'n8n-workflow';
import { gzipSync } from 'zlib';
import type { InMemoryDataTables, RunResult } from '../../harness';
import { amazonRefund, seedAmazonOrder } from '../../harness/season/seed';
import { loadTemplate } from '../../harness/templateFiles';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { cycleSettlements } from '../../sandbox/amazon/settlementCycles';
import { settlementFlatFile } from '../../sandbox/amazon/settlementFile';
import { rowsCount, runBesideHistory, runWithAmazon } from './templateReads';

const DAY = 86_400_000;
const MARKETPLACE = 'ATVPDKIKX0DER';
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const template = loadTemplate('10-amazon-settlement-cycle.json');

interface Unit {
	name: string;
	amazonOrderId: string;
	orderNumber: string;
	returnId: string;
	sku: string;
}
const unit = (name: string, n: number): Unit => ({
	name,
	amazonOrderId: `111-0000000-${String(5000 + n).padStart(7, '0')}`,
	orderNumber: `AMZ-R${n}`,
	returnId: `HR-R${n}`,
	sku: `SKU-R${n}`,
});
const U = {
	received: unit('received', 1),
	receivedByReturn: unit('receivedByReturn', 2),
	transit: unit('transit', 3),
	never: unit('never', 4),
	lost: unit('lost', 5),
	inArrivedBox: unit('inArrivedBox', 6),
};
/** Not in the settlement: another order's return in the same box as `inArrivedBox`, received. */
const boxmate = unit('boxmate', 7);

function event(tables: InMemoryDataTables, u: Unit, eventType: string, at: number, box = '') {
	tables.insert('Returns Event Ledger', {
		eventId: `${eventType}-${u.returnId}`,
		eventType,
		returnId: u.returnId,
		orderNumber: u.orderNumber,
		orderId: u.amazonOrderId,
		channel: 'amazon',
		sku: u.sku,
		unit: '0',
		trackingNumber: box,
		status: 'processed',
		receivedAt: iso(at),
	});
}

function receipt(tables: InMemoryDataTables, u: Unit, at: number, orderNumber = u.orderNumber) {
	tables.insert('Warehouse Receipts', {
		returnId: u.returnId,
		orderNumber,
		sku: u.sku,
		unit: '0',
		disposition: 'sellable',
		receivedAt: iso(at),
		status: 'processed',
	});
}

function seedReturns(tables: InMemoryDataTables): void {
	event(tables, U.received, 'return.dropped_off', now - 19 * DAY);
	receipt(tables, U.received, now - 12 * DAY);
	// 03 wrote the receipt by return id only.
	event(tables, U.receivedByReturn, 'return.dropped_off', now - 19 * DAY);
	receipt(tables, U.receivedByReturn, now - 12 * DAY, '');
	event(tables, U.transit, 'return.dropped_off', now - 4 * DAY);
	event(tables, U.transit, 'shipment.in_transit', now - 3 * DAY, 'TRK-R-TRANSIT');
	event(tables, U.never, 'return.started', now - 52 * DAY);
	event(tables, U.lost, 'return.dropped_off', now - 29 * DAY);
	event(tables, U.lost, 'shipment.in_transit', now - 28 * DAY, 'TRK-R-LOST');
	event(tables, U.inArrivedBox, 'return.dropped_off', now - 29 * DAY);
	event(tables, U.inArrivedBox, 'shipment.in_transit', now - 28 * DAY, 'TRK-R-SHARED');
	event(tables, boxmate, 'return.dropped_off', now - 29 * DAY);
	event(tables, boxmate, 'shipment.in_transit', now - 28 * DAY, 'TRK-R-SHARED');
	receipt(tables, boxmate, now - 20 * DAY);
}

/** Other orders' history, none of them in the settlement. */
function seedHistory(tables: InMemoryDataTables, orders: number): void {
	for (let i = 0; i < orders; i++) {
		// Their numbers do not contain the cycle's: the reads match order numbers by "contains".
		const u = {
			name: `old${i}`,
			amazonOrderId: `222-0000000-${String(i).padStart(7, '0')}`,
			orderNumber: `OLD-${i}`,
			returnId: `HR-OLD-${i}`,
			sku: `SKU-OLD-${i}`,
		};
		event(tables, u, 'return.dropped_off', now - 200 * DAY);
		event(tables, u, 'shipment.in_transit', now - 199 * DAY, `TRK-OLD-${i}`);
		receipt(tables, u, now - 190 * DAY);
	}
}

function seedAmazon(amazon: AmazonSandbox): void {
	const refunds = Object.values(U).map((u) => {
		const order = { ...u, fba: false, currency: 'USD', quantity: 1, unitMinor: 2999 };
		seedAmazonOrder(amazon.state, order, now - 90 * DAY);
		return amazonRefund({
			...order,
			transactionId: `T-R-${u.returnId}`,
			adjustmentId: `ADJ-${u.returnId}`,
			postedAt: now - (u === U.never ? 50 : 20) * DAY,
		});
	});
	const [settlement] = cycleSettlements(
		refunds,
		now - 60 * DAY,
		now,
		now - DAY,
		() => '9200000001',
	);
	const text = settlementFlatFile(settlement);
	const documentId = 'amzn1.spdoc.1.4.na.reads-0';
	amazon.state.documents.set(documentId, { content: gzipSync(text), gzip: true, charset: 'UTF-8' });
	amazon.state.reports.push({
		reportId: '42000000001',
		reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
		createdAt: Date.now(),
		readyAfterMs: 0,
		marketplaceIds: [MARKETPLACE],
		documentId,
	});
}

const run = (amazon: AmazonSandbox, tables: InMemoryDataTables) =>
	runWithAmazon(template, 'When called (manual or reprocess)', amazon, tables);
const outcomesOf = (result: RunResult) =>
	(result.output('Cycle outcomes')[0].json.outcomes as IDataObject[])
		.map((o) => `${String(o.orderNumber)} ${String(o.outcome)} ${String(o.trackingNumber ?? '')}`)
		.sort();

describe('10 reads the rows of the cycle’s orders, their returns and boxes, not the tables', () => {
	let amazon: AmazonSandbox;
	let small: InMemoryDataTables;
	let large: InMemoryDataTables;
	let runs: Record<string, RunResult>;

	beforeAll(async () => {
		amazon = await startAmazonSandbox({ rateScale: 1000 });
		seedAmazon(amazon);
		({ small, large, runs } = await runBesideHistory(
			seedReturns,
			(tables) => seedHistory(tables, 400),
			(tables) => run(amazon, tables),
		));
	}, 300_000);
	afterAll(() => amazon?.close());

	it('gives each refunded unit the outcome its records say, receipts by return id included', () => {
		const outcome = (u: Unit) =>
			outcomesOf(runs.small)
				.filter((line) => line.startsWith(`${u.orderNumber} `))
				.map((line) => line.split(' ')[1]);
		expect(outcome(U.received)).toEqual(['returned_and_received']);
		expect(outcome(U.receivedByReturn)).toEqual(['returned_and_received']);
		expect(outcome(U.transit)).toEqual(['in_transit']);
		expect(outcome(U.never)).toEqual(['refunded_never_returned']);
		expect(outcome(U.lost)).toEqual(['lost_in_transit']);
		// Judged by its own receipt: another order's return received from its box does not count.
		expect(outcome(U.inArrivedBox)).toEqual(['lost_in_transit']);
	});

	it('the same outcomes and register with a large history of other orders in the tables', () => {
		expect(outcomesOf(runs.large)).toEqual(outcomesOf(runs.small));
		const register = (tables: InMemoryDataTables) =>
			tables
				.rows('Exception Register')
				.map((r) => `${String(r.exceptionId)} ${String(r.type)} ${String(r.status)}`)
				.sort();
		expect(register(small).length).toBeGreaterThan(0);
		expect(register(large)).toEqual(register(small));
	});

	it('reads the same ledger rows and receipts whatever the size of the tables', () => {
		const readSmall = rowsCount(template, runs.small);
		const readLarge = rowsCount(template, runs.large);
		expect(readSmall['Warehouse Receipts']).toBe(3);
		expect(readLarge['Returns Event Ledger']).toBe(readSmall['Returns Event Ledger']);
		expect(readLarge['Warehouse Receipts']).toBe(readSmall['Warehouse Receipts']);
		expect(large.rows('Returns Event Ledger').length).toBeGreaterThan(
			20 * readLarge['Returns Event Ledger'],
		);
	});
});
