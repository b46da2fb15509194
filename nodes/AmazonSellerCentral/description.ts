/** Resources, operations and fields of the Amazon Seller Central node. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

const on = (resource: string, operation: string[]): IDisplayOptions => ({
	show: { resource: [resource], operation },
});

export const amazonProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'refund',
		options: [
			{ name: 'Claim', value: 'claim' },
			{ name: 'Order', value: 'order' },
			{ name: 'Refund', value: 'refund' },
			{ name: 'Returns Report', value: 'returnsReport' },
			{ name: 'Settlement Report', value: 'settlementReport' },
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'check',
		displayOptions: { show: { resource: ['refund'] } },
		options: [
			{
				name: 'Check',
				value: 'check',
				action: 'Check whether amazon already refunded',
				description: 'Already refunded? For a whole batch with one set of API calls',
			},
			{
				name: 'Refund on Receipt (MFN)',
				value: 'refundOnReceipt',
				action: 'Refund a received merchant fulfilled return',
				description:
					'Refunds a received MFN return through the order-adjustment feed, after a fresh refund check; dry run unless enabled',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many refunds',
				description:
					'Every refund posted in a time window, one item per refunded SKU line (for reconciliation)',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'get',
		displayOptions: { show: { resource: ['settlementReport'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a settlement report',
				description: 'Download, decompress and parse, streamed',
			},
			{ name: 'List', value: 'list', action: 'List settlement reports' },
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'get',
		displayOptions: { show: { resource: ['returnsReport'] } },
		options: [{ name: 'Get', value: 'get', action: 'Get a returns report' }],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'get',
		displayOptions: { show: { resource: ['order'] } },
		options: [{ name: 'Get', value: 'get', action: 'Get an order' }],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getFbaReimbursements',
		displayOptions: { show: { resource: ['claim'] } },
		options: [
			{
				name: 'Get FBA Reimbursements',
				value: 'getFbaReimbursements',
				action: 'Get FBA reimbursements',
				description: 'Rows of the FBA reimbursements report, one item per reimbursement',
			},
			{
				name: 'Get SAFE-T Reimbursements',
				value: 'getSafetReimbursements',
				action: 'Get SAFE-T reimbursements',
				description: 'SAFE-T claim payments posted in the range (Finances transactions)',
			},
		],
	},
	{
		displayName: 'SAFE-T Transaction Types',
		name: 'safetTypes',
		type: 'string',
		default: 'SAFETReimbursement',
		description:
			'Comma-separated transactionType values of SAFE-T reimbursements (Amazon documents no list)',
		displayOptions: on('claim', ['getSafetReimbursements']),
	},
	// Refund check
	{
		displayName: 'Amazon Order ID',
		name: 'orderId',
		type: 'string',
		default: '={{ $json.orderId }}',
		description: 'Items without one come out flagged "missing_order_id", not dropped',
		displayOptions: on('refund', ['check', 'refundOnReceipt']),
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description: 'Optional: check this SKU of the order only',
		displayOptions: on('refund', ['check']),
	},
	{
		displayName: 'Expected Amount',
		name: 'expectedAmount',
		type: 'string',
		default: '',
		description: 'Optional: the full refund, to flag partial refunds',
		displayOptions: on('refund', ['check']),
	},
	{
		displayName: 'Event Date',
		name: 'eventDate',
		type: 'string',
		default: '',
		description:
			'Optional: when the return happened (or the order date). Items older than the window are looked up per order; recent ones are flagged while Amazon may still be posting.',
		displayOptions: on('refund', ['check']),
	},
	{
		displayName: 'Refund Trigger Date',
		name: 'refundTriggerDate',
		type: 'string',
		default: '',
		description:
			'Optional: when a refund would have been issued (e.g. the drop-off scan). Until the posting lag has passed since then, a missing refund is "not_yet_known", never "not_refunded". Empty means the moment of the check.',
		displayOptions: on('refund', ['check', 'refundOnReceipt']),
	},
	{
		displayName: 'Options',
		name: 'refundOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: on('refund', ['check', 'refundOnReceipt']),
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
	},
	// Refund on receipt
	{
		displayName: 'Mode',
		name: 'feedMode',
		type: 'options',
		default: 'dryRun',
		displayOptions: on('refund', ['refundOnReceipt']),
		options: [
			{
				name: 'Dry Run (Show the Feed)',
				value: 'dryRun',
				description: 'Checks every line and outputs the feed it would send; sends nothing',
			},
			{
				name: 'Submit',
				value: 'submit',
				description:
					'Sends the feed when the credential allows refunds through feeds, and waits for its processing report',
			},
		],
	},
	{
		displayName: 'Order Item ID',
		name: 'orderItemId',
		type: 'string',
		default: '',
		required: true,
		description: "Amazon's order item code of the returned line (AmazonOrderItemCode)",
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The return (e.g. Amazon RMA or Happy Returns ID); with the unit it makes MerchantAdjustmentItemID, so one unit is refunded once',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Return Unit',
		name: 'returnUnit',
		type: 'string',
		default: '1',
		description: 'Which unit of the return this is (1, 2, …)',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Unit Received',
		name: 'unitReceived',
		type: 'boolean',
		default: false,
		description:
			'Whether the warehouse has received the unit; lines not received are never refunded',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'USD',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Principal',
		name: 'refundPrincipal',
		type: 'string',
		default: '',
		required: true,
		description: 'Item price to refund, in the currency (e.g. 29.99)',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Tax',
		name: 'refundTax',
		type: 'string',
		default: '',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Shipping',
		name: 'refundShipping',
		type: 'string',
		default: '',
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Adjustment Reason',
		name: 'adjustmentReason',
		type: 'string',
		default: 'CustomerReturn',
		description: "Amazon's AdjustmentReason value",
		displayOptions: on('refund', ['refundOnReceipt']),
	},
	// Refund get many
	{
		displayName: 'Posted After',
		name: 'postedAfter',
		type: 'dateTime',
		default: '',
		description: 'Start of the window. Empty means "Look Back (Days)" before now.',
		displayOptions: on('refund', ['getMany']),
	},
	{
		displayName: 'Posted Before',
		name: 'postedBefore',
		type: 'dateTime',
		default: '',
		description: 'End of the window. Empty means now (less the 2 minutes Amazon requires).',
		displayOptions: on('refund', ['getMany']),
	},
	{
		displayName: 'Options',
		name: 'refundListOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: on('refund', ['getMany']),
		options: [
			{
				displayName: 'Fulfillment',
				name: 'fulfillment',
				type: 'options',
				default: '',
				description:
					'Labels every refund with how it was fulfilled, for claim deadlines (the transactions API does not say)',
				options: [
					{ name: 'Unknown', value: '' },
					{ name: 'FBA', value: 'FBA' },
					{ name: 'MFN (Seller Fulfilled)', value: 'MFN' },
				],
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookbackDays',
				type: 'number',
				default: 90,
				description: 'Window length when "Posted After" is empty',
			},
			{
				displayName: 'Look Up Seller Order IDs',
				name: 'sellerOrderIds',
				type: 'boolean',
				default: false,
				description:
					"Whether to add each refund's seller order ID (your order number) from the Orders API (see Orders API); FBA or MFN comes from the transaction itself",
			},
			{
				displayName: 'Marketplace IDs',
				name: 'marketplaceIds',
				type: 'string',
				default: '',
				placeholder: 'ATVPDKIKX0DER',
				description: 'Comma-separated; needed to look up seller order IDs',
			},
			{
				displayName: 'Orders API',
				name: 'ordersApi',
				type: 'options',
				default: '2026-01-01',
				description:
					'For seller order IDs: v2026-01-01 asks once per order; v0 (deprecated) asks 50 orders per call',
				options: [
					{ name: 'v2026-01-01', value: '2026-01-01' },
					{ name: 'V0 (Deprecated Fallback)', value: 'v0' },
				],
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
	},
	// Settlement
	{
		displayName: 'Created Since',
		name: 'createdSince',
		type: 'dateTime',
		default: '',
		description: 'Default: 90 days ago (Amazon keeps reports for 90 days)',
		displayOptions: on('settlementReport', ['list']),
	},
	{
		displayName: 'Created Until',
		name: 'createdUntil',
		type: 'dateTime',
		default: '',
		displayOptions: on('settlementReport', ['list']),
	},
	{
		displayName: 'Report By',
		name: 'settlementBy',
		type: 'options',
		default: 'reportId',
		displayOptions: on('settlementReport', ['get']),
		options: [
			{ name: 'Report ID', value: 'reportId' },
			{ name: 'Report Document ID', value: 'documentId' },
		],
	},
	{
		displayName: 'Report',
		name: 'settlementValue',
		type: 'string',
		default: '={{ $json.reportId }}',
		required: true,
		displayOptions: on('settlementReport', ['get']),
	},
	{
		displayName: 'Output',
		name: 'settlementOutput',
		type: 'options',
		default: 'aggregate',
		displayOptions: on('settlementReport', ['get']),
		options: [
			{
				name: 'Totals per Order and SKU',
				value: 'aggregate',
				description: 'Refunds, sales, fees and net per order, SKU and currency',
			},
			{
				name: 'Rows in Pages',
				value: 'rows',
				description: 'Every amount row, in items of a page of rows each',
			},
			{
				name: 'Refunds for the Reconciliation Matcher',
				value: 'matcherRefunds',
				description:
					"Refund, chargeback and reversal-reimbursement rows as refund records under the matcher's field names, after the summary item",
			},
		],
	},
	{
		displayName: 'On Tie-Out Difference',
		name: 'tieOutDifference',
		type: 'options',
		default: 'flag',
		description:
			"What to do when the rows do not add up to the settlement's total-amount (or a row is in another currency)",
		displayOptions: on('settlementReport', ['get']),
		options: [
			{
				name: 'Flag',
				value: 'flag',
				description: 'Output everything; the summary item says the difference under tieOut',
			},
			{
				name: 'Error',
				value: 'error',
				description: 'Stop with an error naming the difference',
			},
		],
	},
	{
		displayName: 'Refund Transaction Types',
		name: 'settlementRefundTypes',
		type: 'string',
		default: 'Refund',
		description:
			'Comma-separated transaction-type values of refunds to the buyer. Amazon documents no list; case, spaces and underscores are ignored.',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Chargeback Transaction Types',
		name: 'settlementChargebackTypes',
		type: 'string',
		default: 'Chargeback Refund',
		description:
			'Comma-separated transaction-type values of chargebacks (output with type chargeback)',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Reversal Transaction Types',
		name: 'settlementReversalTypes',
		type: 'string',
		default: 'REVERSAL_REIMBURSEMENT',
		description:
			'Comma-separated transaction-type values where Amazon pays an earlier refund back to the seller (output with type reversal: the matcher nets it against that refund)',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Rows per Page',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		displayOptions: {
			show: { resource: ['settlementReport'], operation: ['get'], settlementOutput: ['rows'] },
		},
	},
	// Returns report
	{
		displayName: 'Report Type',
		name: 'returnsReportType',
		type: 'options',
		default: 'fba',
		displayOptions: on('returnsReport', ['get']),
		options: [
			{ name: 'FBA Customer Returns', value: 'fba' },
			{ name: 'Merchant-Fulfilled Returns', value: 'mfn' },
		],
	},
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
	// Order
	{
		displayName: 'Amazon Order ID',
		name: 'amazonOrderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123-1234567-1234567',
		displayOptions: on('order', ['get']),
	},
	{
		displayName: 'Orders API',
		name: 'ordersApi',
		type: 'options',
		default: '2026-01-01',
		description:
			'Orders v2026-01-01 (seller order number from its SELLER_ORDER_ID alias); v0 only as a fallback until Amazon removes it',
		displayOptions: on('order', ['get']),
		options: [
			{ name: 'v2026-01-01', value: '2026-01-01' },
			{ name: 'V0 (Deprecated Fallback)', value: 'v0' },
		],
	},
	{
		displayName: 'Throttling Wait Budget (Seconds)',
		name: 'waitBudgetSeconds',
		type: 'number',
		default: 300,
		description:
			'How long the node may wait in total on one call when Amazon throttles (429) before it gives up',
	},
];
