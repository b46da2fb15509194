/**
 * Dispatches each operation. The operation map is typed by resource, and the switch is
 * exhaustive: a new operation value that has no case does not compile.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { perItem, unsupportedOperation } from '../shared/n8n/runPerItem';
import * as getItems from './actions/outboundShipment/getItems.operation';
import * as list from './actions/outboundShipment/list.operation';
import * as approve from './actions/return/approve.operation';
import * as expire from './actions/return/expire.operation';
import * as get from './actions/return/get.operation';
import * as post from './actions/returnContents/post.operation';
import { hrCredentials } from './transport';

/** Resource -> its operations, as the description's option values spell them. */
export interface HappyReturnsOperations {
	return: 'get' | 'approve' | 'expire';
	outboundShipment: 'list' | 'getItems';
	returnContents: 'post';
}

type OperationKey = {
	[R in keyof HappyReturnsOperations]: `${R}.${HappyReturnsOperations[R]}`;
}[keyof HappyReturnsOperations];

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const key = `${resource}.${operation}` as OperationKey;
	const credentials = await hrCredentials.call(this);
	switch (key) {
		case 'return.get':
			return await perItem(this, credentials, get.execute);
		case 'return.approve':
			return await perItem(this, credentials, approve.execute);
		case 'return.expire':
			return await perItem(this, credentials, expire.execute);
		case 'outboundShipment.list':
			return await perItem(this, credentials, list.execute);
		case 'outboundShipment.getItems':
			return await perItem(this, credentials, getItems.execute);
		case 'returnContents.post':
			return [await post.execute.call(this, credentials)];
		default:
			// `key` is `never` here: an operation without a case does not compile.
			throw unsupportedOperation(this, key, resource, operation);
	}
}
