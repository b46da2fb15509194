/**
 * Dispatches each Centra operation: per-item ones through the shared runner, Stock: Move, Create
 * Return and Disposition: Route over all items at once (they group items or have a second output). The
 * switch is exhaustive over node.type.ts: an operation without a case does not compile.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { perItem, unsupportedOperation } from '../../shared/n8n/runPerItem';
import { CentraLookups } from '../helpers/lookups';
import { centraCredentials } from '../transport';
import * as disposition from './disposition/Disposition.resource';
import type { CentraOperationKey } from './node.type';
import * as order from './order/Order.resource';
import * as returns from './return/Return.resource';
import * as setup from './setup/Setup.resource';
import * as stock from './stock/Stock.resource';

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const key = `${resource}.${operation}` as CentraOperationKey;
	const lookups = new CentraLookups(this, await centraCredentials.call(this));
	switch (key) {
		case 'stock.move':
			return await stock.move.executeAll.call(this, lookups);
		case 'stock.findMovements':
			return await perItem(this, lookups, stock.findMovements.execute);
		case 'stock.getLevels':
			return await perItem(this, lookups, stock.getLevels.execute);
		case 'disposition.route':
			return await disposition.route.execute.call(this, lookups);
		case 'return.create':
			return [await returns.create.execute.call(this, lookups)];
		case 'return.get':
			return await perItem(this, lookups, returns.get.execute);
		case 'return.getMany':
			return await perItem(this, lookups, returns.getMany.execute);
		case 'return.complete':
			return await perItem(this, lookups, returns.complete.execute);
		case 'return.refund':
			return await perItem(this, lookups, returns.refund.execute);
		case 'order.get':
			return await perItem(this, lookups, order.get.execute);
		case 'order.getMany':
			return await perItem(this, lookups, order.getMany.execute);
		case 'order.addNote':
			return await perItem(this, lookups, order.addNote.execute);
		case 'order.createExchange':
			return await perItem(this, lookups, order.createExchange.execute);
		case 'setup.check':
			return await perItem(this, lookups, setup.check.execute);
		default:
			// `key` is `never` here: an operation without a case does not compile.
			throw unsupportedOperation(this, key, resource, operation);
	}
}
