/**
 * Orders v2026-01-01 getOrder
 * (https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/orders_2026-01-01.json):
 * the seller's own order number is the `SELLER_ORDER_ID` alias and FBA/MFN is
 * `fulfillment.fulfilledBy`; Orders v0 facts for the deprecated fallback. Shared by Order: Get and
 * Refund: Get Many.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { amazonRequest, type AmazonContext } from '../transport';

export type OrdersApi = '2026-01-01' | 'v0';

interface V2026Order {
	orderId?: string;
	orderAliases?: Array<{ aliasId?: string; aliasType?: string }>;
	fulfillment?: { fulfilledBy?: string; fulfillmentStatus?: string };
	salesChannel?: { marketplaceId?: string };
}

export interface OrderFacts {
	sellerOrderId: string;
	/** 'FBA', 'MFN' or '' when Amazon does not say. */
	fulfillment: string;
}

export function factsOf2026(order: V2026Order): OrderFacts {
	const by = (order.fulfillment?.fulfilledBy ?? '').toUpperCase();
	return {
		sellerOrderId:
			order.orderAliases?.find((a) => a.aliasType === 'SELLER_ORDER_ID')?.aliasId ?? '',
		fulfillment: by === 'AMAZON' ? 'FBA' : by === 'MERCHANT' ? 'MFN' : '',
	};
}

export function factsOfV0(order: {
	SellerOrderId?: string;
	FulfillmentChannel?: string;
}): OrderFacts {
	return {
		sellerOrderId: order.SellerOrderId ?? '',
		fulfillment:
			order.FulfillmentChannel === 'AFN' ? 'FBA' : order.FulfillmentChannel === 'MFN' ? 'MFN' : '',
	};
}

/** One order, or null when Amazon answers 404. */
export async function fetchOrder2026(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	orderId: string,
	itemIndex: number,
): Promise<V2026Order | null> {
	const response = await amazonRequest.call(context, ctx, {
		operation: 'getOrder2026',
		itemIndex,
		method: 'GET',
		path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
		qs: { includedData: 'FULFILLMENT' },
		acceptStatuses: [404],
	});
	if (response.statusCode === 404) return null;
	return ((response.body as IDataObject)?.order ?? {}) as V2026Order;
}
