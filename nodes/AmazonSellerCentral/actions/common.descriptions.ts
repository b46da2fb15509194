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

const waitBudget: INodeProperties = {
	displayName: 'Throttling Wait Budget (Seconds)',
	name: 'waitBudgetSeconds',
	type: 'number',
	default: 300,
	description:
		'How long the node may wait in total on one call when Amazon throttles (429) before it gives up',
};

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

/** The field as it is, shown only in version 1 (saved workflows) or only from version 2. */
function inVersion1(property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { show: { ...property.displayOptions?.show, ...V1 } } };
}

function fromVersion2(property: INodeProperties): INodeProperties {
	return { ...property, displayOptions: { show: { ...property.displayOptions?.show, ...V2_ON } } };
}

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

const refundOptions: INodeProperties = {
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

/** Refund: Check and Refund on Receipt's Options; from version 2 with the wait budget inside. */
export const refundOptionsFields: INodeProperties[] = optionsWithWaitBudget(refundOptions);

/**
 * Reports the node requests itself (returns, FBA reimbursements) and the feed of Refund on
 * Receipt. Their display options span resources, so they are written out in full.
 */
const marketplacesShown: IDisplayOptions = {
	show: {
		resource: ['returnsReport', 'claim', 'refund'],
		operation: ['get', 'getFbaReimbursements', 'refundOnReceipt'],
	},
};

/**
 * The marketplaces a report or feed is for. Version 1: comma-separated IDs as text. From version
 * 2: a resource locator listing the seller's marketplaces (Sellers API getMarketplaceParticipations,
 * loaded when the list is opened), or By ID for one or more IDs typed or from an expression.
 * Both store under the same name and the operations read them with extractValue.
 */
/** The marketplace resource locator (version 2) for the given operations. */
export function marketplaceLocator(
	displayOptions: IDisplayOptions,
	required: boolean,
	displayName = 'Marketplace',
	description?: string,
): INodeProperties {
	return fromVersion2({
		displayName,
		name: 'marketplaceIds',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		...(description ? { description } : {}),
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchMarketplaces', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. ATVPDKIKX0DER, or several comma-separated',
				// Every ID on Amazon's list is capital letters and digits:
				// https://developer-docs.amazon.com/sp-api/docs/marketplace-ids
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[A-Z0-9]+\\s*(,\\s*[A-Z0-9]+\\s*)*$',
							errorMessage:
								'Amazon marketplace IDs are capital letters and digits, comma-separated',
						},
					},
				],
			},
		],
	});
}

const marketplaceFields: INodeProperties[] = [
	inVersion1({
		displayName: 'Marketplace IDs',
		name: 'marketplaceIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ATVPDKIKX0DER',
		description: 'Comma-separated',
		displayOptions: marketplacesShown,
	}),
	marketplaceLocator(marketplacesShown, true),
];

export const reportFields: INodeProperties[] = [
	...marketplaceFields,
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

/** The collection with the wait budget among its options, in alphabetical order. */
function withWaitBudget(collection: INodeProperties): INodeProperties {
	const options = [...((collection.options ?? []) as INodeProperties[]), waitBudget].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return { ...collection, options };
}

/** An Options collection as version 1 has it, and from version 2 with the wait budget inside. */
export function optionsWithWaitBudget(collection: INodeProperties): INodeProperties[] {
	return [inVersion1(collection), fromVersion2(withWaitBudget(collection))];
}

/**
 * The throttling wait budget. Version 1: a field at the top of every operation (as saved
 * workflows store it). From version 2 it is an option: inside the refund operations' Options, and
 * an Options collection of its own for the others.
 */
export const waitBudgetFields: INodeProperties[] = [
	inVersion1(waitBudget),
	fromVersion2({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: {
			show: { resource: ['settlementReport', 'returnsReport', 'order', 'claim'] },
		},
		options: [waitBudget],
	}),
];

/** Where an operation of version 2 keeps its wait budget (its Options collection). */
export function waitBudgetParameter(resource: string, operation: string): string {
	if (resource !== 'refund') return 'options.waitBudgetSeconds';
	return operation === 'getMany'
		? 'refundListOptions.waitBudgetSeconds'
		: 'refundOptions.waitBudgetSeconds';
}
