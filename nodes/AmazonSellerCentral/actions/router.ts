/**
 * Dispatches each Amazon operation: Refund: Check and Refund on Receipt over the whole batch
 * (one set of API calls for all items), the others item by item through the shared runner. The
 * switch is exhaustive over node.type.ts: an operation without a case does not compile.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { perItem, unsupportedOperation } from '../../shared/n8n/runPerItem';
import { amazonContext } from '../transport';
import { waitBudgetParameter } from './common.descriptions';
import * as getFbaReimbursements from './claim/getFbaReimbursements.operation';
import * as getSafetReimbursements from './claim/getSafetReimbursements.operation';
import type { AmazonOperationKey } from './node.type';
import * as orderGet from './order/get.operation';
import * as check from './refund/check.operation';
import * as getMany from './refund/getMany.operation';
import * as refundOnReceipt from './refund/refundOnReceipt.operation';
import * as returnsReportGet from './returnsReport/get.operation';
import * as settlementGet from './settlementReport/get.operation';
import * as settlementList from './settlementReport/list.operation';

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const key = `${resource}.${operation}` as AmazonOperationKey;
	// Version 1 keeps the wait budget at the top; from version 2 it is an option.
	const waitBudget =
		this.getNode().typeVersion >= 2
			? waitBudgetParameter(resource, operation)
			: 'waitBudgetSeconds';
	const ctx = await amazonContext.call(
		this,
		(this.getNodeParameter(waitBudget, 0, 300) as number) * 1000,
	);
	switch (key) {
		case 'refund.check':
			return [await check.execute.call(this, ctx)];
		case 'refund.refundOnReceipt':
			return [await refundOnReceipt.execute.call(this, ctx)];
		case 'refund.getMany':
			return await perItem(this, ctx, getMany.execute);
		case 'settlementReport.list':
			return await perItem(this, ctx, settlementList.execute);
		case 'settlementReport.get': {
			// Settlements read earlier in this execution, so a second read is flagged.
			const seen = new Set<string>();
			return await perItem(this, ctx, function (this: IExecuteFunctions, c, itemIndex) {
				return settlementGet.execute.call(this, c, itemIndex, seen);
			});
		}
		case 'returnsReport.get':
			return await perItem(this, ctx, returnsReportGet.execute);
		case 'order.get':
			return await perItem(this, ctx, orderGet.execute);
		case 'claim.getFbaReimbursements':
			return await perItem(this, ctx, getFbaReimbursements.execute);
		case 'claim.getSafetReimbursements':
			return await perItem(this, ctx, getSafetReimbursements.execute);
		default:
			// `key` is `never` here: an operation without a case does not compile.
			throw unsupportedOperation(this, key, resource, operation);
	}
}
