/**
 * Field builders and the fields several Amazon operations share (each shown for exactly the
 * operations that read it). An operation's own fields live in its
 * actions/<resource>/<operation>.operation.ts.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import type { AmazonMap, AmazonResource } from './node.type';

/** displayOptions that show a field for some operations of one resource. */
export const show = <R extends AmazonResource>(
	resource: R,
	operation: Array<AmazonMap[R]>,
): IDisplayOptions => ({ show: { resource: [resource], operation } });

/** Refund: Check and Refund on Receipt. */
export const orderIdField: INodeProperties = {
	displayName: 'Amazon Order ID',
	name: 'orderId',
	type: 'string',
	default: '={{ $json.orderId }}',
	description: 'Items without one come out flagged "missing_order_id", not dropped',
	displayOptions: show('refund', ['check', 'refundOnReceipt']),
};

export const refundTriggerDateField: INodeProperties = {
	displayName: 'Refund Trigger Date',
	name: 'refundTriggerDate',
	type: 'string',
	default: '',
	description:
		'Optional: when a refund would have been issued (e.g. the drop-off scan). Until the posting lag has passed since then, a missing refund is "not_yet_known", never "not_refunded". Empty means the moment of the check.',
	displayOptions: show('refund', ['check', 'refundOnReceipt']),
};

export const refundOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'refundOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: show('refund', ['check', 'refundOnReceipt']),
	options: [
		{
			displayName: 'Look Back (Days)',
			name: 'lookbackDays',
			type: 'number',
			default: 90,
			description: 'Posted-date window fetched once for the whole batch',
		},
		{
			displayName: 'Look Up Every Order Separately',
			name: 'perOrder',
			type: 'boolean',
			default: false,
			description:
				'Whether to skip the batch window and call Amazon once per order (0.5 requests per second) whatever the batch size',
		},
		{
			displayName: 'Per-Order Look-Up Up To (Orders)',
			name: 'perOrderUpTo',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 20,
			description:
				'Batches with at most this many distinct orders are asked order by order; larger ones read one posted-date window',
		},
		{
			displayName: 'Posting Lag (Hours)',
			name: 'lagHours',
			type: 'number',
			default: 48,
			description:
				'Amazon says financial events can take up to 48 hours to appear; counted from the refund trigger',
		},
		{
			displayName: 'Refund Transaction Types',
			name: 'refundTypes',
			type: 'string',
			default: 'Refund, ChargebackRefund, Chargeback, GuaranteeClaim, GuaranteeClaimRefund',
			description:
				'Comma-separated transactionType values that mean money went back to the buyer. Amazon documents no list; descriptions are not read. SAFE-T and FBA reimbursements are reported apart.',
		},
	],
};

/**
 * Reports the node requests itself (returns, FBA reimbursements) and the feed of Refund on
 * Receipt. Their display options span resources, so they are written out in full.
 */
export const reportFields: INodeProperties[] = [
	{
		displayName: 'Marketplace IDs',
		name: 'marketplaceIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ATVPDKIKX0DER',
		description: 'Comma-separated',
		displayOptions: {
			show: {
				resource: ['returnsReport', 'claim', 'refund'],
				operation: ['get', 'getFbaReimbursements', 'refundOnReceipt'],
			},
		},
	},
	{
		displayName: 'Data Start',
		name: 'dataStartTime',
		type: 'dateTime',
		default: '',
		description:
			'Empty: 30 days before Data End. Longer ranges than a report allows (60 days for MFN returns) are split.',
		displayOptions: {
			show: {
				resource: ['returnsReport', 'claim'],
				operation: ['get', 'getFbaReimbursements', 'getSafetReimbursements'],
			},
		},
	},
	{
		displayName: 'Data End',
		name: 'dataEndTime',
		type: 'dateTime',
		default: '',
		description:
			'Empty: now. Longer ranges than a report allows (60 days for MFN returns) are split.',
		displayOptions: {
			show: {
				resource: ['returnsReport', 'claim'],
				operation: ['get', 'getFbaReimbursements', 'getSafetReimbursements'],
			},
		},
	},
	{
		displayName: 'Poll Every (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		default: 30,
		displayOptions: {
			show: {
				resource: ['returnsReport', 'claim', 'refund'],
				operation: ['get', 'getFbaReimbursements', 'refundOnReceipt'],
			},
		},
	},
	{
		displayName: 'Give Up After (Minutes)',
		name: 'pollTimeoutMinutes',
		type: 'number',
		default: 30,
		displayOptions: {
			show: {
				resource: ['returnsReport', 'claim', 'refund'],
				operation: ['get', 'getFbaReimbursements', 'refundOnReceipt'],
			},
		},
	},
];

/** Every operation: the throttling wait budget (top level, as saved workflows store it). */
export const waitBudgetField: INodeProperties = {
	displayName: 'Throttling Wait Budget (Seconds)',
	name: 'waitBudgetSeconds',
	type: 'number',
	default: 300,
	description:
		'How long the node may wait in total on one call when Amazon throttles (429) before it gives up',
};
