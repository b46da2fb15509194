/** Dispatches Centra operations; per-item ones go through the shared runner. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { runPerItem } from '../shared/n8n/runPerItem';
import { routeDispositions } from './actions/disposition';
import { CentraLookups } from './actions/lookups';
import { addNote, createExchangeOrder, getOrder } from './actions/orders';
import {
	completeReturn,
	createReturns,
	getReturn,
	listReturns,
	refundReturn,
} from './actions/returns';
import { checkSetup } from './actions/setup';
import { findMovements, getLevels, moveStock } from './actions/stock';
import { centraCredentials } from './transport';

type PerItem = (
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

const PER_ITEM: Record<string, PerItem> = {
	'stock.move': moveStock,
	'stock.findMovements': findMovements,
	'stock.getLevels': getLevels,
	'return.get': getReturn,
	'return.getMany': listReturns,
	'return.complete': completeReturn,
	'return.refund': refundReturn,
	'order.get': getOrder,
	'order.addNote': addNote,
	'order.createExchange': createExchangeOrder,
	'setup.check': checkSetup,
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const lookups = new CentraLookups(this, await centraCredentials.call(this));
	if (resource === 'disposition') return await routeDispositions.call(this, lookups);
	if (resource === 'return' && operation === 'create')
		return [await createReturns.call(this, lookups)];
	const handler = PER_ITEM[`${resource}.${operation}`];
	if (!handler)
		throw new NodeOperationError(
			this.getNode(),
			`Unsupported operation "${operation}" for resource "${resource}"`,
		);
	return [await runPerItem.call(this, (itemIndex) => handler.call(this, lookups, itemIndex))];
}
