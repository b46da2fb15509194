/**
 * Resources and operations of the Amazon Seller Central node. Each operation's own fields live in
 * actions/<resource>/<operation>.operation.ts, the fields several operations share in
 * actions/common.descriptions.ts; this file only orders them. The dropdowns are keyed by the
 * operation map (actions/node.type.ts), so a value the router does not know does not compile.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import * as getFbaReimbursements from './actions/claim/getFbaReimbursements.operation';
import * as getSafetReimbursements from './actions/claim/getSafetReimbursements.operation';
import {
	orderIdField,
	refundOptionsFields,
	refundTriggerDateField,
	reportFields,
	waitBudgetFields,
} from './actions/common.descriptions';
import type { AmazonMap, AmazonResource } from './actions/node.type';
import * as orderGet from './actions/order/get.operation';
import * as check from './actions/refund/check.operation';
import * as getMany from './actions/refund/getMany.operation';
import * as refundOnReceipt from './actions/refund/refundOnReceipt.operation';
import * as returnsReportGet from './actions/returnsReport/get.operation';
import * as settlementGet from './actions/settlementReport/get.operation';
import * as settlementList from './actions/settlementReport/list.operation';

/** One dropdown entry per key, in the order written; the key is the stored value. */
type OptionsByValue<V extends string> = Record<V, Omit<INodePropertyOptions, 'value'>>;

function optionsOf<V extends string>(options: OptionsByValue<V>): INodePropertyOptions[] {
	// Key order as n8n's own nodes write options: name, value, then the rest.
	return Object.entries<Omit<INodePropertyOptions, 'value'>>(options).map(
		([value, { name, ...rest }]) => ({ name, value, ...rest }),
	);
}

/** The Operation dropdown of one resource: exactly one entry per operation of node.type.ts. */
function operationProperty<R extends AmazonResource>(
	resource: R,
	defaultOperation: AmazonMap[R],
	options: OptionsByValue<AmazonMap[R]>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: defaultOperation,
		displayOptions: { show: { resource: [resource] } },
		options: optionsOf(options),
	};
}

const resources: OptionsByValue<AmazonResource> = {
	claim: { name: 'Claim' },
	order: { name: 'Order' },
	refund: { name: 'Refund' },
	returnsReport: { name: 'Returns Report' },
	settlementReport: { name: 'Settlement Report' },
};

export const amazonProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'refund',
		options: optionsOf(resources),
	},
	operationProperty('refund', 'check', {
		check: {
			name: 'Check',
			action: 'Check whether amazon already refunded',
			description: 'Already refunded? For a whole batch with one set of API calls',
		},
		refundOnReceipt: {
			name: 'Refund on Receipt (MFN)',
			action: 'Refund a received merchant fulfilled return',
			description:
				'Refunds a received MFN return through the order-adjustment feed, after a fresh refund check; dry run unless enabled',
		},
		getMany: {
			name: 'Get Many',
			action: 'Get many refunds',
			description:
				'Every refund posted in a time window, one item per refunded SKU line (for reconciliation)',
		},
	}),
	operationProperty('settlementReport', 'get', {
		get: {
			name: 'Get',
			action: 'Get a settlement report',
			description: 'Download, decompress and parse, streamed',
		},
		list: { name: 'List', action: 'List settlement reports' },
	}),
	operationProperty('returnsReport', 'get', {
		get: { name: 'Get', action: 'Get a returns report' },
	}),
	operationProperty('order', 'get', { get: { name: 'Get', action: 'Get an order' } }),
	operationProperty('claim', 'getFbaReimbursements', {
		getFbaReimbursements: {
			name: 'Get FBA Reimbursements',
			action: 'Get FBA reimbursements',
			description: 'Rows of the FBA reimbursements report, one item per reimbursement',
		},
		getSafetReimbursements: {
			name: 'Get SAFE-T Reimbursements',
			action: 'Get SAFE-T reimbursements',
			description: 'SAFE-T claim payments posted in the range (Finances transactions)',
		},
	}),
	...getSafetReimbursements.description,
	// Refund: Check (and the fields Refund on Receipt shares with it)
	orderIdField,
	...check.description,
	refundTriggerDateField,
	...refundOptionsFields,
	...refundOnReceipt.description,
	...getMany.description,
	...settlementList.description,
	...settlementGet.description,
	...returnsReportGet.description,
	...getFbaReimbursements.description,
	...reportFields,
	...orderGet.description,
	...waitBudgetFields,
];
