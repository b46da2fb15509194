/** Dispatches Amazon operations. Refund Check runs once for the whole batch. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { runPerItem } from '../shared/n8n/runPerItem';
import { getFbaReimbursements, getSafetReimbursements } from './actions/claims';
import { getOrder } from './actions/orders';
import { checkRefunds } from './actions/refundCheck';
import { listRefunds } from './actions/refundList';
import { refundOnReceipt } from './actions/refundOnReceipt';
import { getReturnsReport, getSettlement, listSettlements } from './actions/reports';
import { amazonContext } from './transport';

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const ctx = await amazonContext.call(
		this,
		(this.getNodeParameter('waitBudgetSeconds', 0, 300) as number) * 1000,
	);
	if (resource === 'refund' && operation === 'check') return [await checkRefunds.call(this, ctx)];
	if (resource === 'refund' && operation === 'refundOnReceipt')
		return [await refundOnReceipt.call(this, ctx)];
	const seen = new Set<string>();
	const handlers: Record<string, (itemIndex: number) => Promise<IDataObject | IDataObject[]>> = {
		'refund.getMany': (i) => listRefunds.call(this, ctx, i),
		'settlementReport.list': (i) => listSettlements.call(this, ctx, i),
		'settlementReport.get': (i) => getSettlement.call(this, ctx, i, seen),
		'returnsReport.get': (i) => getReturnsReport.call(this, ctx, i),
		'order.get': (i) => getOrder.call(this, ctx, i),
		'claim.getFbaReimbursements': (i) => getFbaReimbursements.call(this, ctx, i),
		'claim.getSafetReimbursements': (i) => getSafetReimbursements.call(this, ctx, i),
	};
	const handler = handlers[`${resource}.${operation}`];
	if (!handler)
		throw new NodeOperationError(
			this.getNode(),
			`Unsupported operation "${operation}" for resource "${resource}"`,
		);
	return [await runPerItem.call(this, handler)];
}
