/** Order: Get (Orders v0, which still carries SellerOrderId = the seller's own order number). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { amazonRequest, type AmazonContext } from '../transport';

export async function getOrder(
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
	const response = await amazonRequest.call(this, ctx, {
		operation: 'getOrder',
		itemIndex,
		method: 'GET',
		path: `/orders/v0/orders/${orderId}`,
		acceptStatuses: [404],
	});
	if (response.statusCode === 404) return { found: false, amazonOrderId: orderId };
	const order = ((response.body as IDataObject)?.payload ?? {}) as IDataObject;
	return { found: true, ...order, merchantOrderId: order.SellerOrderId ?? null };
}
