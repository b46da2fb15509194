/**
 * The world of template 11's tests (Amazon refund on receipt), shared by the Data Table tests and
 * the Postgres variant's: what 01, 02 and 03 leave behind for five Amazon return units (one to
 * refund, one Amazon refunded, one received inside the posting lag, one FBA, one graded missing),
 * Amazon's orders and refunds in the sandbox, and the feed lines Amazon received.
 */
import type { AmazonSandbox } from '../../sandbox/amazon/server';
import type { FinancialEvent } from '../../sandbox/amazon/state';
import { DAY, HOUR, type SeedTables } from './seedTables';

const MARKETPLACE = 'ATVPDKIKX0DER';

export interface Unit {
	returnId: string;
	orderNumber: string;
	amazonOrderId: string;
	sku: string;
	fulfillment?: 'MFN' | 'AFN';
	receivedHoursAgo?: number;
	disposition?: string;
}

/** What 01, 02 and 03 leave behind for one Amazon return unit, and Amazon's order. */
function seed(tables: SeedTables, amazon: AmazonSandbox, unit: Unit, now: number): void {
	const receivedAt = new Date(now - (unit.receivedHoursAgo ?? 72) * HOUR).toISOString();
	tables.insert('Returns Event Ledger', {
		eventId: `evt-${unit.returnId}`,
		eventType: 'return.dropped_off',
		returnId: unit.returnId,
		orderNumber: unit.orderNumber,
		orderId: unit.amazonOrderId,
		channel: 'amazon',
		sku: unit.sku,
		unit: '0',
		status: 'processed_amazon_not_refunded',
		receivedAt: new Date(now - 6 * DAY).toISOString(),
	});
	tables.insert('Warehouse Receipts', {
		returnId: unit.returnId,
		orderNumber: unit.orderNumber,
		sku: unit.sku,
		unit: '0',
		disposition: unit.disposition ?? 'sellable',
		receivedAt,
		status: 'processed',
		processedAt: receivedAt,
	});
	amazon.state.orders.set(unit.amazonOrderId, {
		amazonOrderId: unit.amazonOrderId,
		sellerOrderId: unit.orderNumber,
		purchaseDate: new Date(now - 20 * DAY).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: unit.fulfillment ?? 'MFN',
		currency: 'USD',
		totalMinor: 2999,
		marketplaceId: MARKETPLACE,
		items: [{ orderItemId: `OI-${unit.returnId}`, sku: unit.sku, quantity: 1, priceMinor: 2999 }],
	});
}

export function refund(unit: Unit, postedAt: number): FinancialEvent {
	return {
		kind: 'Refund',
		transactionId: `T-${unit.amazonOrderId}-${postedAt}`,
		amazonOrderId: unit.amazonOrderId,
		sellerOrderId: unit.orderNumber,
		sku: unit.sku,
		quantity: 1,
		principalMinor: -2999,
		currency: 'USD',
		postedAt,
		adjustmentId: `ADJ-${unit.amazonOrderId}`,
		orderItemId: `OI-${unit.returnId}`,
		marketplaceId: MARKETPLACE,
	};
}

export const A: Unit = {
	returnId: 'HR-A1',
	orderNumber: 'AMZ-1001',
	amazonOrderId: '111-0000000-0001001',
	sku: 'COAT-M',
};
export const REFUNDED: Unit = {
	returnId: 'HR-B1',
	orderNumber: 'AMZ-1002',
	amazonOrderId: '111-0000000-0001002',
	sku: 'COAT-L',
};
export const LAGGING: Unit = {
	returnId: 'HR-C1',
	orderNumber: 'AMZ-1003',
	amazonOrderId: '111-0000000-0001003',
	sku: 'COAT-S',
	receivedHoursAgo: 10,
};
export const FBA: Unit = {
	returnId: 'HR-D1',
	orderNumber: 'AMZ-1004',
	amazonOrderId: '111-0000000-0001004',
	sku: 'HAT',
	fulfillment: 'AFN',
};
export const MISSING: Unit = {
	returnId: 'HR-E1',
	orderNumber: 'AMZ-1005',
	amazonOrderId: '111-0000000-0001005',
	sku: 'SCARF',
	disposition: 'missing',
};

/** The five units, Amazon's refund of REFUNDED, and A's open "returned, never refunded" row, as of `now`. */
export function seedRefundWorld(tables: SeedTables, amazon: AmazonSandbox, now: number): void {
	for (const unit of [A, REFUNDED, LAGGING, FBA, MISSING]) seed(tables, amazon, unit, now);
	amazon.state.events.push(refund(REFUNDED, now - 2 * DAY));
	tables.insert('Exception Register', {
		exceptionId: 'exc_returned_A',
		type: 'returned_never_refunded',
		status: 'open',
		orderNumber: A.orderNumber,
		sku: A.sku,
	});
}

/** Every adjustment line Amazon received in a feed, by MerchantAdjustmentItemID. */
export function adjustmentsSent(amazon: AmazonSandbox): string[] {
	return amazon.state.feeds.flatMap((feed) => {
		const text =
			amazon.state.feedDocuments.get(feed.inputFeedDocumentId)?.content?.toString('utf8') ?? '';
		return [...text.matchAll(/<MerchantAdjustmentItemID>([^<]+)<\/MerchantAdjustmentItemID>/g)].map(
			(m) => m[1],
		);
	});
}

export { DAY, HOUR };
