/**
 * The world of template 10's tests (Amazon settlement cycle), shared by the Data Table tests and
 * the Postgres variant's: Amazon orders of one unit, their Happy Returns events and warehouse
 * receipts as 01 and 03 record them, and settlement files as Amazon publishes them; `seedTwoCycles`
 * lays out the two cycles of the tests (a V2 file that ties out, a V1 file one cent off).
 */
import { gzipSync } from 'zlib';
import type { AmazonSandbox } from '../../sandbox/amazon/server';
import {
	SETTLEMENT_V2_COLUMNS,
	settlementFlatFile,
	type Settlement,
	type SettlementRow,
} from '../../sandbox/amazon/settlementFile';
import {
	addAmazonUnitOrder,
	recordAmazonUnitEvent,
	US_MARKETPLACE,
	type AmazonUnitOrder,
} from '../../harness/amazonUnitOrders';
import { DAY, HOUR, type SeedTables } from './seedTables';

export const iso = (ms: number) => new Date(ms).toISOString();

/** The outcome each refunded unit of the two cycles must come out with, by the order's name. */
export const EXPECTED: Record<string, string> = {
	received: 'returned_and_received',
	transit: 'in_transit',
	never: 'refunded_never_returned',
	lost: 'lost_in_transit',
	duplicate: 'duplicate_refund',
	mismatch: 'refund_value_mismatch',
	v1: 'returned_and_received',
};

/** The world as of `now`, on these tables and this Amazon sandbox. */
export function settlementWorld(amazon: AmazonSandbox, tables: SeedTables, now: number) {
	/** An Amazon order of one unit at 29.99 USD whose seller order number Happy Returns knows. */
	const order = (n: number, sku = 'COAT-M') =>
		addAmazonUnitOrder(amazon, { id: 3000 + n, tag: `${n}`, sku, purchasedAt: now - 90 * DAY });
	type Order = AmazonUnitOrder;

	const ledgerEvent = (o: Order, eventType: string, at: number, trackingNumber = '') =>
		recordAmazonUnitEvent(tables, o, eventType, at, trackingNumber);

	function receipt(o: Order, at: number) {
		tables.insert('Warehouse Receipts', {
			returnId: o.returnId,
			orderNumber: o.orderNumber,
			sku: o.sku,
			unit: '0',
			disposition: 'sellable',
			receivedAt: iso(at),
			status: 'processed',
		});
	}

	/** The rows Amazon writes for a refund of one unit: principal back to the buyer, fees given back. */
	function refundRows(
		o: Order,
		at: number,
		principalMinor = -2999,
		adjustment = `ADJ-${o.returnId}`,
	) {
		const base = {
			transactionType: 'Refund',
			orderId: o.amazonOrderId,
			merchantOrderId: o.orderNumber,
			adjustmentId: adjustment,
			marketplaceName: 'Amazon.com',
			fulfillmentId: 'MFN',
			postedAt: at,
			orderItemCode: `OI-${o.returnId}`,
			sku: o.sku,
			quantity: 1,
		};
		return [
			{
				...base,
				amountType: 'ItemPrice',
				amountDescription: 'Principal',
				amountMinor: principalMinor,
			},
			{ ...base, amountType: 'ItemFees', amountDescription: 'Commission', amountMinor: 450 },
		] satisfies SettlementRow[];
	}

	/** Publishes a settlement document as Amazon lists it (Reports API), with the given text. */
	function publish(text: string, reportType: string): string {
		const documentId = `amzn1.spdoc.1.4.na.tpl-${amazon.state.reports.length}`;
		amazon.state.documents.set(documentId, {
			content: gzipSync(text),
			gzip: true,
			charset: 'UTF-8',
		});
		const reportId = String(41_000_000_000 + amazon.state.reports.length);
		amazon.state.reports.push({
			reportId,
			reportType,
			// An hour before the world's clock, a millisecond apart: listed in the order published
			// (two reports in the same millisecond or not would otherwise list either way).
			createdAt: now - HOUR + amazon.state.reports.length,
			readyAfterMs: 0,
			marketplaceIds: [US_MARKETPLACE],
			documentId,
		});
		return documentId;
	}

	// The V1 file's first columns are the V2 file's; then typed amount columns.
	const V1_COLUMNS = [
		...SETTLEMENT_V2_COLUMNS.slice(0, SETTLEMENT_V2_COLUMNS.indexOf('marketplace-name') + 1),
		'fulfillment-id',
		'posted-date',
		'sku',
		'quantity-purchased',
		'price-type',
		'price-amount',
		'item-related-fee-type',
		'item-related-fee-amount',
		'other-amount',
	];

	/** An older "V1 column" settlement file: amounts in typed columns, no refund quantity. */
	function v1File(id: string, statedTotal: string, o: Order, at: number): string {
		const line = (values: Record<string, string>) =>
			V1_COLUMNS.map((c) => values[c] ?? '').join('\t');
		const row = {
			'settlement-id': id,
			'transaction-type': 'Refund',
			'order-id': o.amazonOrderId,
			'merchant-order-id': o.orderNumber,
			'adjustment-id': `ADJ-${o.returnId}`,
			'marketplace-name': 'Amazon.com',
			'fulfillment-id': 'MFN',
			'posted-date': iso(at),
			sku: o.sku,
		};
		return (
			[
				V1_COLUMNS.join('\t'),
				line({
					'settlement-id': id,
					'settlement-start-date': iso(now - 14 * DAY),
					'settlement-end-date': iso(now - DAY),
					'deposit-date': iso(now - DAY),
					'total-amount': statedTotal,
					currency: 'USD',
				}),
				line({ ...row, 'price-type': 'Principal', 'price-amount': '-29.99' }),
				line({ ...row, 'item-related-fee-type': 'Commission', 'item-related-fee-amount': '4.50' }),
				line({
					'settlement-id': id,
					'transaction-type': 'Successful charge',
					'other-amount': '100.00',
				}),
			].join('\n') + '\n'
		);
	}

	/** The two cycles of the tests: every outcome of EXPECTED once (the V1 file one cent off). */
	function seedTwoCycles(): Record<string, Order> {
		const O: Record<string, Order> = Object.fromEntries(
			Object.keys(EXPECTED).map((name, i) => [name, order(i + 1)]),
		);
		// Returned and received.
		ledgerEvent(O.received, 'return.dropped_off', now - 19 * DAY);
		receipt(O.received, now - 12 * DAY);
		// Dropped off and on a hub shipment, not received yet: in transit.
		ledgerEvent(O.transit, 'return.dropped_off', now - 4 * DAY);
		ledgerEvent(O.transit, 'shipment.in_transit', now - 3 * DAY, 'TRK-TRANSIT');
		// Return started, never dropped off, refunded 50 days ago.
		ledgerEvent(O.never, 'return.started', now - 52 * DAY);
		// Dropped off, shipped from the hub 28 days ago, never received.
		ledgerEvent(O.lost, 'return.dropped_off', now - 29 * DAY);
		ledgerEvent(O.lost, 'shipment.in_transit', now - 28 * DAY, 'TRK-LOST');
		// One unit back, refunded twice.
		ledgerEvent(O.duplicate, 'return.dropped_off', now - 20 * DAY);
		receipt(O.duplicate, now - 14 * DAY);
		// Back, refunded 19.99 for a 29.99 unit.
		ledgerEvent(O.mismatch, 'return.dropped_off', now - 20 * DAY);
		receipt(O.mismatch, now - 14 * DAY);
		// The V1 cycle's refund: back and received.
		ledgerEvent(O.v1, 'return.dropped_off', now - 12 * DAY);
		receipt(O.v1, now - 6 * DAY);

		const cycle1: Settlement = {
			settlementId: '9100000001',
			startAt: now - 60 * DAY,
			endAt: now - DAY,
			depositAt: now - DAY,
			currency: 'USD',
			rows: [
				...refundRows(O.received, now - 20 * DAY),
				...refundRows(O.transit, now - 5 * DAY),
				...refundRows(O.never, now - 50 * DAY),
				...refundRows(O.lost, now - 30 * DAY),
				...refundRows(O.duplicate, now - 21 * DAY, -2999, 'ADJ-DUP-1'),
				...refundRows(O.duplicate, now - 18 * DAY, -2999, 'ADJ-DUP-2'),
				...refundRows(O.mismatch, now - 19 * DAY, -1999),
			],
		};
		publish(settlementFlatFile(cycle1), 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2');
		// Rows add up to 74.51 (100.00 - 29.99 + 4.50); the stated total says 74.52.
		publish(
			v1File('9100000002', '74.52', O.v1, now - 10 * DAY),
			'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE',
		);
		return O;
	}

	/** A V2 settlement of one refund of the order ten days ago, its cycle ending an hour ago. */
	function publishCycle(settlementId: string, o: Order): string {
		return publish(
			settlementFlatFile({
				settlementId,
				startAt: now - 14 * DAY,
				endAt: now - HOUR,
				depositAt: now - HOUR,
				currency: 'USD',
				rows: refundRows(o, now - 10 * DAY),
			}),
			'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
		);
	}

	return { order, ledgerEvent, receipt, refundRows, publish, publishCycle, v1File, seedTwoCycles };
}

export { DAY, HOUR };
