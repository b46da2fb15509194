/**
 * The brand before a season and the refunds Amazon posts during it, written into the sandboxes'
 * state. One place for the in-process season (driver.ts) and the real-n8n season
 * (test/n8n/season.e2e.test.ts), so both run the same brand.
 */
import type { AmazonState, FinancialEvent } from '../../sandbox/amazon/state';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import type { CentraState } from '../../sandbox/centra/state';
import type { Season } from './model';

/** Warehouse names as the templates ship them (the merchant creates these in Centra). */
export const WAREHOUSES = { transit: 'In transit', sellable: 'Main', damaged: 'B-stock' };

/** One order the brand shipped before the season (one line). */
export interface BrandOrder {
	orderNumber: string;
	/** Empty for a storefront order. */
	amazonOrderId: string;
	/** Fulfilled by Amazon (AFN) rather than by the merchant (MFN). */
	fba: boolean;
	currency: string;
	sku: string;
	quantity: number;
	unitMinor: number;
}

/** An Amazon order as its Orders API shows it: shipped, one item per line, in the US marketplace. */
export function seedAmazonOrder(amazon: AmazonState, order: BrandOrder, purchasedAt: number): void {
	amazon.orders.set(order.amazonOrderId, {
		amazonOrderId: order.amazonOrderId,
		sellerOrderId: order.orderNumber,
		purchaseDate: new Date(purchasedAt).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: order.fba ? 'AFN' : 'MFN',
		currency: order.currency,
		totalMinor: order.unitMinor * order.quantity,
		marketplaceId: 'ATVPDKIKX0DER',
		items: [
			{
				orderItemId: `OI-${order.orderNumber}`,
				sku: order.sku,
				quantity: order.quantity,
				priceMinor: order.unitMinor,
			},
		],
	});
}

/** Every order of the season: those returned and those refunded without a return. */
export function brandOrders(season: Season): BrandOrder[] {
	return [
		...season.returns.map((r) => ({ ...r, fba: false })),
		...season.looseRefunds.map((l) => ({ ...l, quantity: 1, fba: l.kind === 'fba' })),
	].map(({ orderNumber, amazonOrderId, fba, currency, sku, quantity, unitMinor }) => ({
		orderNumber,
		amazonOrderId,
		fba,
		currency,
		sku,
		quantity,
		unitMinor,
	}));
}

/**
 * The brand before the season: the warehouses the templates name, every order shipped (in Centra,
 * and in Amazon for Amazon orders) `purchasedAt`, and stock of every SKU sold and every replacement
 * an exchange asks for.
 */
export function seedBrand(
	centra: CentraState,
	amazon: AmazonState,
	season: Season,
	purchasedAt: number,
): void {
	for (const name of Object.values(WAREHOUSES)) warehouse(centra, name);
	const orders = brandOrders(season);
	for (const o of orders) {
		addShippedOrder(centra, {
			number: Number(o.orderNumber),
			currency: o.currency,
			createdAt: new Date(purchasedAt).toISOString(),
			lines: [{ sku: o.sku, quantity: o.quantity, unitPriceMinor: o.unitMinor }],
		});
		if (o.amazonOrderId) seedAmazonOrder(amazon, o, purchasedAt);
	}
	const catalogue = [...orders.map((o) => o.sku), ...season.returns.map((r) => r.exchangeSku)];
	for (const sku of new Set(catalogue.filter(Boolean)))
		setStock(centra, WAREHOUSES.sellable, sku, 100);
}

/**
 * The fees of a refund as Amazon posts them: the referral fee (15% for most categories) given
 * back, less the refund administration fee Amazon keeps, "the lesser of $5.00 or 20% of the
 * referral fee" (Selling on Amazon fee schedule,
 * https://sellercentral.amazon.com/help/hub/reference/external/G200336920).
 */
export function refundFees(principalMinor: number) {
	const commission = Math.round(principalMinor * 0.15);
	return {
		commissionMinor: commission,
		refundCommissionMinor: -Math.min(500, Math.round(commission * 0.2)),
	};
}

/** One refund Amazon posts for `quantity` units of an order line (principal negative, fees back). */
export function amazonRefund(refund: {
	transactionId: string;
	adjustmentId: string;
	amazonOrderId: string;
	orderNumber: string;
	sku: string;
	quantity: number;
	unitMinor: number;
	currency: string;
	postedAt: number;
	fba: boolean;
}): FinancialEvent {
	const principal = refund.unitMinor * refund.quantity;
	return {
		kind: 'Refund',
		transactionId: refund.transactionId,
		amazonOrderId: refund.amazonOrderId,
		sellerOrderId: refund.orderNumber,
		sku: refund.sku,
		quantity: refund.quantity,
		principalMinor: -principal,
		...refundFees(principal),
		currency: refund.currency,
		postedAt: refund.postedAt,
		adjustmentId: refund.adjustmentId,
		orderItemId: `OI-${refund.orderNumber}`,
		marketplaceId: 'ATVPDKIKX0DER',
		fulfillmentNetwork: refund.fba ? 'AFN' : 'MFN',
	};
}
