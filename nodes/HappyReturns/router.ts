/** Dispatches each operation; per-item operations go through the shared runner. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { runPerItem } from '../shared/n8n/runPerItem';
import { getShipmentItems, listShipments } from './actions/outboundShipmentOperations';
import { postReturnContents } from './actions/returnContents';
import { approveItems, expireReturn, getReturn } from './actions/returnOperations';
import { hrCredentials, type HrCredentials } from './transport';

type PerItem = (
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
) => Promise<unknown>;

const PER_ITEM: Record<string, PerItem> = {
	'return.get': getReturn,
	'return.approve': approveItems,
	'return.expire': expireReturn,
	'outboundShipment.list': listShipments,
	'outboundShipment.getItems': getShipmentItems,
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const credentials = await hrCredentials.call(this);
	if (resource === 'returnContents' && operation === 'post')
		return [await postReturnContents.call(this, credentials)];
	const handler = PER_ITEM[`${resource}.${operation}`];
	if (!handler)
		throw new NodeOperationError(
			this.getNode(),
			`Unsupported operation "${operation}" for resource "${resource}"`,
		);
	return [
		await runPerItem.call(
			this,
			async (itemIndex) => (await handler.call(this, credentials, itemIndex)) as never,
		),
	];
}
