/**
 * Order: Get. Orders v2026-01-01 getOrder by default
 * (https://github.com/amzn/selling-partner-api-models/blob/main/models/orders-api-model/orders_2026-01-01.json):
 * the seller's own order number is the `SELLER_ORDER_ID` alias and FBA/MFN is
 * `fulfillment.fulfilledBy`. Orders v0 stays selectable until Amazon removes it (its changelog asks
 * to migrate by 2027-03-27).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { factsOf2026, factsOfV0, fetchOrder2026, type OrdersApi } from '../../helpers/orders';
import { amazonRequest, type AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Amazon Order ID',
		name: 'amazonOrderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123-1234567-1234567',
		displayOptions: show('order', ['get']),
	},
	{
		displayName: 'Orders API',
		name: 'ordersApi',
		type: 'options',
		default: '2026-01-01',
		description:
			'Orders v2026-01-01 (seller order number from its SELLER_ORDER_ID alias); v0 only as a fallback until Amazon removes it',
		displayOptions: show('order', ['get']),
		options: [
			{ name: 'v2026-01-01', value: '2026-01-01' },
			{ name: 'V0 (Deprecated Fallback)', value: 'v0' },
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject> {
	const orderId = String(this.getNodeParameter('amazonOrderId', itemIndex)).trim();
	if (!/^\d{3}-\d{7}-\d{7}$/.test(orderId))
		throw new NodeOperationError(
			this.getNode(),
			`"Amazon Order ID" must look like 123-1234567-1234567, got "${orderId}"`,
			{ itemIndex },
		);
	const api = this.getNodeParameter('ordersApi', itemIndex, '2026-01-01') as OrdersApi;
	if (api === '2026-01-01') {
		const order = await fetchOrder2026(this, ctx, orderId, itemIndex);
		if (!order) return { found: false, amazonOrderId: orderId };
		const facts = factsOf2026(order);
		return {
			found: true,
			amazonOrderId: order.orderId ?? orderId,
			merchantOrderId: facts.sellerOrderId || null,
			fulfillment: facts.fulfillment,
			ordersApi: api,
			order: order as IDataObject,
		};
	}
	const response = await amazonRequest.call(this, ctx, {
		operation: 'getOrder',
		itemIndex,
		method: 'GET',
		path: `/orders/v0/orders/${orderId}`,
		acceptStatuses: [404],
	});
	if (response.statusCode === 404) return { found: false, amazonOrderId: orderId };
	const order = ((response.body as IDataObject)?.payload ?? {}) as IDataObject;
	const facts = factsOfV0(order as { SellerOrderId?: string; FulfillmentChannel?: string });
	return {
		found: true,
		...order,
		amazonOrderId: order.AmazonOrderId ?? orderId,
		merchantOrderId: facts.sellerOrderId || null,
		fulfillment: facts.fulfillment,
		ordersApi: api,
	};
}
