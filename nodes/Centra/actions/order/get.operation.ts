/** Order: Get, with its lines and shipments; a missing order is reported as not found. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { orderNumber } from '../../helpers/orders';
import { ORDER_BY_NUMBER } from '../../queries';
import { centraGraphql } from '../../transport';
import { orderNumberField } from '../common.descriptions';

export const description: INodeProperties[] = [orderNumberField('get')];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const number = orderNumber(this, itemIndex);
	const data = await centraGraphql<{ orders: IDataObject[] }>(this, lookups.credentials, {
		operation: 'Get Order',
		itemIndex,
		query: ORDER_BY_NUMBER,
		variables: { number: [number] },
		idempotent: true,
	});
	if (data.orders.length === 0) return { found: false, orderNumber: number };
	return { found: true, ...data.orders[0] };
}
