/**
 * Amazon orders of one unit, seeded in the Amazon sandbox, and their Happy Returns events as
 * template 01 records them in the Returns Event Ledger: the world of the settlement-cycle tests
 * (template 10), where each refunded unit is its own order so each outcome names one order.
 */
import type { InMemoryDataTables } from './dataTables';
import type { AmazonSandbox } from '../sandbox/amazon/server';

/** The US marketplace (https://developer-docs.amazon.com/sp-api/docs/marketplace-ids). */
export const US_MARKETPLACE = 'ATVPDKIKX0DER';

export interface AmazonUnitOrder {
	amazonOrderId: string;
	/** The seller order number Happy Returns knows the order by. */
	orderNumber: string;
	sku: string;
	/** The Happy Returns return of the unit. */
	returnId: string;
}

/**
 * A shipped MFN order of one unit of `sku` at 29.99 USD. `id` makes the Amazon order id
 * (`111-0000000-<id>`); `tag` names the rest: seller order `AMZ-<tag>`, order item `OI-<tag>`,
 * return `HR-<tag>`.
 */
export function addAmazonUnitOrder(
	amazon: AmazonSandbox,
	order: { id: number; tag: string; sku: string; purchasedAt: number },
): AmazonUnitOrder {
	const amazonOrderId = `111-0000000-${String(order.id).padStart(7, '0')}`;
	const orderNumber = `AMZ-${order.tag}`;
	amazon.state.orders.set(amazonOrderId, {
		amazonOrderId,
		sellerOrderId: orderNumber,
		purchaseDate: new Date(order.purchasedAt).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: 'MFN',
		currency: 'USD',
		totalMinor: 2999,
		marketplaceId: US_MARKETPLACE,
		items: [{ orderItemId: `OI-${order.tag}`, sku: order.sku, quantity: 1, priceMinor: 2999 }],
	});
	return { amazonOrderId, orderNumber, sku: order.sku, returnId: `HR-${order.tag}` };
}

/** A Happy Returns event of the order's unit, processed, as 01 records it in the ledger. */
export function recordAmazonUnitEvent(
	tables: Pick<InMemoryDataTables, 'insert'> | { insert(name: string, row: object): unknown },
	order: AmazonUnitOrder,
	eventType: string,
	at: number,
	trackingNumber = '',
): void {
	tables.insert('Returns Event Ledger', {
		eventId: `${eventType}-${order.returnId}`,
		eventType,
		returnId: order.returnId,
		orderNumber: order.orderNumber,
		orderId: order.amazonOrderId,
		channel: 'amazon',
		sku: order.sku,
		unit: '0',
		trackingNumber,
		status: 'processed',
		receivedAt: new Date(at).toISOString(),
	});
}
