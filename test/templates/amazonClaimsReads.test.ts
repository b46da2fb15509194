/**
 * Template 12 reads only the rows of the orders its Amazon refunds name: of the Returns Event
 * Ledger and the Exception Register the rows of those orders (the seller's order id or Amazon's,
 * one filtered read each), then the ledger rows of their returns and hub boxes, and the warehouse
 * receipts of the orders, returns and boxes. What it judges is the same, so the claim pack is the
 * same, whatever else the tables hold.
 *
 * Two worlds hold the same refunds and their returns; one also holds a large history of other
 * orders (return events, hub shipment lines, receipts, register rows). Both must list the same
 * claim pack, reading the same rows.
 */
import type { InMemoryDataTables, RunResult } from '../../harness';
import { amazonRefund, seedAmazonOrder } from '../../harness/season/seed';
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { rowsCount, runBesideHistory, runWithAmazon } from './templateReads';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const iso = (ago: number) => new Date(now - ago).toISOString();

interface Case {
	name: string;
	refundedAgo: number;
	/** How the warehouse receipt names the unit, if one came back. */
	receipt?: 'order' | 'return only';
	/** The ledger writes the order number as Happy Returns sent it ("#AMZ-…"). */
	hashOrderNumber?: boolean;
	inPack: boolean;
}

// SAFE-T (merchant-fulfilled): claimable 14 to 30 days after the refund.
const CASES: Case[] = [
	{ name: 'open', refundedAgo: 20 * DAY, inPack: true },
	{ name: 'open-hash', refundedAgo: 21 * DAY, hashOrderNumber: true, inPack: true },
	{ name: 'returned', refundedAgo: 20 * DAY, receipt: 'order', inPack: false },
	{ name: 'returned-by-return', refundedAgo: 22 * DAY, receipt: 'return only', inPack: false },
	{
		name: 'returned-hash',
		refundedAgo: 23 * DAY,
		receipt: 'order',
		hashOrderNumber: true,
		inPack: false,
	},
	{ name: 'too-early', refundedAgo: 10 * DAY, inPack: false },
];

function seedAmazon(amazon: AmazonSandbox): void {
	CASES.forEach((c, i) => {
		const order = {
			orderNumber: `AMZ-${c.name}`,
			amazonOrderId: `111-0000000-${String(3000 + i).padStart(7, '0')}`,
			fba: false,
			currency: 'USD',
			sku: `SKU-${c.name}`,
			quantity: 1,
			unitMinor: 2999,
		};
		seedAmazonOrder(amazon.state, order, now - c.refundedAgo - 10 * DAY);
		amazon.state.events.push(
			amazonRefund({
				...order,
				transactionId: `T-R-${c.name}`,
				adjustmentId: `ADJ-${c.name}`,
				postedAt: now - c.refundedAgo,
			}),
		);
	});
}

/** The returns as 01 and 03 record them: a started return, its hub box, its receipt if any. */
function seedTables(tables: InMemoryDataTables): void {
	for (const c of CASES) {
		const orderNumber = `${c.hashOrderNumber ? '#' : ''}AMZ-${c.name}`;
		const row = { returnId: `HR-${c.name}`, orderNumber, sku: `SKU-${c.name}`, unit: '0' };
		tables.insert('Returns Event Ledger', {
			...row,
			eventId: `evt-started-${c.name}`,
			eventType: 'return.started',
			channel: 'amazon',
			status: 'processed',
			receivedAt: iso(c.refundedAgo + DAY),
		});
		if (c.receipt)
			tables.insert('Warehouse Receipts', {
				...row,
				orderNumber: c.receipt === 'order' ? orderNumber : '',
				disposition: 'sellable',
				receivedAt: iso(c.refundedAgo - 2 * DAY),
				status: 'processed',
			});
	}
}

/** Other orders' history, none of them refunded in the period the run reads. */
function seedHistory(tables: InMemoryDataTables, orders: number): void {
	for (let i = 0; i < orders; i++) {
		const row = {
			returnId: `HR-OLD-${i}`,
			orderNumber: `OLD-${i}`,
			sku: `SKU-OLD-${i}`,
			unit: '0',
		};
		for (const eventType of ['return.started', 'return.dropped_off'])
			tables.insert('Returns Event Ledger', {
				...row,
				eventId: `${eventType}:${i}`,
				eventType,
				channel: i % 2 ? 'amazon' : 'storefront',
				status: 'processed',
				receivedAt: iso(200 * DAY),
			});
		tables.insert('Returns Event Ledger', {
			...row,
			eventId: `shipment.in_transit:${i}`,
			eventType: 'shipment.in_transit',
			trackingNumber: `1ZOLD${i}`,
			status: 'recorded',
			receivedAt: iso(199 * DAY),
		});
		tables.insert('Warehouse Receipts', {
			...row,
			disposition: 'sellable',
			receivedAt: iso(190 * DAY),
			status: 'processed',
		});
		if (i % 10 === 0)
			tables.insert('Exception Register', {
				exceptionId: `exc-old-${i}`,
				type: 'refunded_never_returned',
				status: 'resolved',
				orderNumber: row.orderNumber,
				sku: row.sku,
			});
	}
}

const template = withSettings(loadTemplate('12-amazon-claims.json'), {
	amazonReportPollSeconds: 0.05,
});
const run = (amazon: AmazonSandbox, tables: InMemoryDataTables) =>
	runWithAmazon(template, 'When called (manual or tests)', amazon, tables);
describe('12 reads the rows of the orders its refunds name, not the tables', () => {
	let amazon: AmazonSandbox;
	let large: InMemoryDataTables;
	let runs: Record<string, RunResult>;

	beforeAll(async () => {
		amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 0 });
		seedAmazon(amazon);
		({ large, runs } = await runBesideHistory(
			seedTables,
			(tables) => seedHistory(tables, 400),
			(tables) => run(amazon, tables),
		));
	}, 300_000);
	afterAll(() => amazon?.close());

	const pack = (name: string) =>
		runs[name]
			.output('Claim pack lines')
			.map((l) => JSON.stringify(l.json))
			.sort();

	it('lists exactly the refunded units inside their claim window that did not come back', () => {
		const listed = runs.small.output('Claim pack lines').map((l) => String(l.json.orderNumber));
		expect(listed.sort()).toEqual(
			CASES.filter((c) => c.inPack)
				.map((c) => `AMZ-${c.name}`)
				.sort(),
		);
	});

	it('lists the same claim pack with a large history of other orders in the tables', () => {
		expect(pack('small').length).toBeGreaterThan(0);
		expect(pack('large')).toEqual(pack('small'));
	});

	it('reads the same rows whatever the size of the tables', () => {
		const readSmall = rowsCount(template, runs.small);
		const readLarge = rowsCount(template, runs.large);
		expect(readSmall['Returns Event Ledger']).toBeGreaterThanOrEqual(CASES.length);
		expect(readSmall['Warehouse Receipts']).toBe(CASES.filter((c) => c.receipt).length);
		expect(readLarge).toEqual(readSmall);
		expect(large.rows('Returns Event Ledger').length).toBeGreaterThan(
			20 * (readLarge['Returns Event Ledger'] ?? 0),
		);
	});
});
