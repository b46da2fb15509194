/**
 * Parameters of the Reconciliation Matcher node. Defaults are literals (the n8n linter reads
 * them); test/matcher/description.test.ts checks they equal engine/settings.ts.
 */
import type { INodeProperties } from 'n8n-workflow';
import { EXCEPTION_CATALOGUE, INPUT_SCHEMAS } from './engine';
import { INPUT_FIELDS } from './fieldMapping';
import type { InputKind } from './engine';

const INPUT_LABELS: ReadonlyArray<[InputKind, string]> = INPUT_SCHEMAS.map((schema) => [
	schema.kind,
	schema.label,
]);

export const INPUT_NAMES = [...INPUT_LABELS.map(([, label]) => label), 'Known Exceptions'];
export const OUTPUT_NAMES = ['Exceptions', 'Matched', 'Summary', 'Rejected'];

const windowFields: INodeProperties[] = [
	{
		displayName: 'Orphaned Refund Grace (Days)',
		name: 'orphanGraceDays',
		type: 'number',
		default: 2,
		description: 'Days a refund may wait for any return record (webhook lag)',
	},
	{
		displayName: 'Refunded, Never Returned After (Days)',
		name: 'refundedNeverReturnedDays',
		type: 'number',
		default: 45,
		description: 'Amazon FBA uses 45 days; some sellers use 60',
	},
	{
		displayName: 'Lost in Transit After (Days)',
		name: 'lostInTransitDays',
		type: 'number',
		default: 10,
		description: 'Days after delivery (or departure) before a manifest item counts as lost',
	},
	{
		displayName: 'Missing Stock Movement After (Days)',
		name: 'missingStockMovementDays',
		type: 'number',
		default: 2,
	},
	{
		displayName: 'In-Transit Hold Limit (Days)',
		name: 'inTransitHoldDays',
		type: 'number',
		default: 21,
	},
	{
		displayName: 'Returned, Never Refunded After (Days)',
		name: 'returnedNeverRefundedDays',
		type: 'number',
		default: 2,
		description: 'Amazon expects a refund within 2 business days of receipt',
	},
	{
		displayName: 'Finance Posting Lag (Hours)',
		name: 'financeLagHours',
		type: 'number',
		default: 48,
		description: 'Amazon financial events can take up to 48 hours to appear',
	},
];

const deadlineFields: INodeProperties[] = [
	{
		displayName: 'Amazon MFN / SAFE-T Claim (Days)',
		name: 'claimDeadlineDaysAmazonMfn',
		type: 'number',
		default: 60,
	},
	{
		displayName: 'Amazon FBA Claim (Days)',
		name: 'claimDeadlineDaysAmazonFba',
		type: 'number',
		default: 105,
		description: 'EU: claims 45 to 105 days after the refund',
	},
	{ displayName: 'Recovery (Days)', name: 'recoveryDeadlineDays', type: 'number', default: 30 },
	{
		displayName: 'Carrier Claim (Days)',
		name: 'carrierClaimDeadlineDays',
		type: 'number',
		default: 60,
	},
	{
		displayName: 'Investigation (Days)',
		name: 'investigationDeadlineDays',
		type: 'number',
		default: 14,
	},
	{ displayName: 'Refund Due (Days)', name: 'refundDueDays', type: 'number', default: 2 },
];

function fieldMappingProperty(kind: InputKind, label: string): INodeProperties {
	return {
		displayName: `${label} Fields`,
		name: `${kind}Fields`,
		type: 'collection',
		placeholder: 'Map a Field',
		default: {},
		description: `Field names (dot paths allowed) to read from the ${label} input when they differ from the defaults`,
		options: INPUT_FIELDS[kind].map((field) => ({
			displayName: field.displayName,
			name: field.name,
			type: 'string' as const,
			default: field.name,
			description: field.description,
		})),
	};
}

const reconcileOnly = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { mode: ['reconcile'] } },
});

export const matcherProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'reconcile',
		options: [
			{ name: 'Reconcile', value: 'reconcile', description: 'Join the inputs and find exceptions' },
			{
				name: 'Report on the Register',
				value: 'registerReport',
				description:
					'Summary and HTML report of every open row of the Known Exceptions input (e.g. at month end); with a close period (Options), also the Refunds, Warehouse Receipts and Stock Movements as the close pack',
			},
		],
	},
	{
		displayName:
			'Connect only the inputs you have. Each input is matched by order number and SKU, unit by unit. Known Exceptions takes the rows of your exception register so closed ones stay closed.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['reconcile'] } },
	},
	{
		displayName: 'Checks',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'checks',
		type: 'multiOptions',
		default: [
			'orphaned_refund',
			'refunded_never_returned',
			'duplicate_refund',
			'lost_in_transit',
			'received_not_on_manifest',
			'scan_without_order',
			'missing_merchant_order_id',
			'missing_stock_movement',
			'refund_value_mismatch',
			'unmapped_disposition',
			'inventory_drift',
			'returned_never_refunded',
		],
		options: [...EXCEPTION_CATALOGUE]
			.sort((a, b) => a.title.localeCompare(b.title))
			.map((info) => ({ name: info.title, value: info.type, description: info.description })),
		description: 'Which exception types to look for',
	},
	{
		displayName: 'Reconcile As Of',
		name: 'asOf',
		type: 'dateTime',
		default: '',
		description: 'The moment ages and windows are measured from. Empty means now.',
	},
	{
		displayName: 'Disposition Mapping',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'dispositionMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Disposition',
		description:
			'Disposition code to stock bucket (warehouse). Use "none" for codes that leave no stock. Codes without a row are flagged, never guessed.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Disposition Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'damaged',
					},
					{
						displayName: 'Stock Bucket',
						name: 'bucket',
						type: 'string',
						default: '',
						placeholder: 'B-stock',
					},
				],
			},
		],
	},
	{
		displayName: 'In-Transit Warehouse',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'inTransitWarehouse',
		type: 'string',
		default: '',
		description: 'Warehouse that holds returns between first scan and warehouse processing',
	},
	{
		displayName: 'Not-Returned Dispositions',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'notReturnedDispositions',
		type: 'string',
		default: 'missing,wrong-item',
		description:
			'Comma-separated disposition codes meaning the refunded unit did not come back (not in the bag, or another item in it). Such a unit does not count as returned: its refund becomes "refunded, never returned" after the window, and no stock movement is expected for it.',
	},
	{
		displayName: 'Goodwill Refund Reasons',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'goodwillRefundReasons',
		type: 'string',
		default: '',
		placeholder: 'goodwill,GoodwillAdjustment',
		description:
			'Comma-separated refund reasons (the Refund Reason field, any case) of refunds that need no return. Such a refund with no return behind it is counted as goodwill in the summary, not raised as an orphaned refund.',
	},
	{
		displayName: 'FBA Refunds Need a Return',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'fbaRefundsNeedReturn',
		type: 'boolean',
		default: true,
		description:
			'Whether an Amazon refund fulfilled by Amazon (FBA/AFN) needs a return in these inputs. Turn off when FBA returns go back to Amazon: such a refund with no return behind it is then counted as FBA in the summary, not raised as an orphaned refund.',
	},
	{
		displayName: 'Windows',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'windows',
		type: 'collection',
		placeholder: 'Change a Window',
		default: {},
		options: windowFields,
	},
	{
		displayName: 'Deadlines',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'deadlines',
		type: 'collection',
		placeholder: 'Change a Deadline',
		default: {},
		options: deadlineFields,
	},
	{
		displayName: 'Value Tolerance',
		displayOptions: { show: { mode: ['reconcile'] } },
		name: 'tolerance',
		type: 'collection',
		placeholder: 'Change Tolerance',
		default: {},
		options: [
			{
				displayName: 'Absolute (Minor Units)',
				name: 'absoluteMinor',
				type: 'number',
				default: 1,
				description: 'Allowed difference in cents (or the currency minor unit)',
			},
			{
				displayName: 'Percent',
				name: 'percent',
				type: 'number',
				default: 0,
				description: 'Allowed difference as a percentage of the expected value',
			},
		],
	},
	...INPUT_LABELS.map(([kind, label]) => reconcileOnly(fieldMappingProperty(kind, label))),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Aging Buckets (Days)',
				name: 'agingBuckets',
				type: 'string',
				default: '30,60,90',
				description: 'Upper bounds of the aging buckets, comma-separated',
			},
			{
				displayName: 'Case-Insensitive Keys',
				name: 'caseInsensitive',
				type: 'boolean',
				default: true,
				description: 'Whether order numbers, SKUs and barcodes match regardless of case',
			},
			{
				displayName: 'Close Period End',
				name: 'periodEnd',
				type: 'dateTime',
				default: '',
				description:
					'End (exclusive) of the month-end close period, e.g. the moment the close runs. With a start, the report adds the close pack from the Refunds, Warehouse Receipts and Stock Movements inputs.',
				displayOptions: { show: { '/mode': ['registerReport'] } },
			},
			{
				displayName: 'Close Period Start',
				name: 'periodStart',
				type: 'dateTime',
				default: '',
				description: 'Start of the month-end close period, e.g. the first day of the month',
				displayOptions: { show: { '/mode': ['registerReport'] } },
			},
			{
				displayName: 'Disposition Mapping (JSON)',
				name: 'dispositionMappingJson',
				type: 'string',
				default: '',
				placeholder: '{"sellable": "Main", "damaged": "B-stock", "missing": "none"}',
				description:
					'The mapping as one JSON object (code to stock bucket), e.g. from a Settings node; added to the rows above',
			},
			{
				displayName: 'Include Evidence Records',
				name: 'includeEvidence',
				type: 'boolean',
				default: true,
				description: 'Whether each exception carries the source records that prove it',
			},
			{
				displayName: 'Missing Dispositions',
				name: 'missingDispositions',
				type: 'string',
				default: 'missing',
				description:
					'Kept for workflows saved before Not-Returned Dispositions: these codes are added to them',
			},
			{
				displayName: 'On Invalid Record',
				name: 'onInvalidRecord',
				type: 'options',
				default: 'reject',
				options: [
					{ name: 'Send to Rejected Output', value: 'reject' },
					{ name: 'Stop the Workflow', value: 'stop' },
				],
			},
			{
				displayName: 'Orders Input Is Complete',
				name: 'ordersComplete',
				type: 'boolean',
				default: false,
				description:
					'Whether the Orders input holds every order the other inputs name that exists, as when it was read for them (template 04 reads Centra for its live orders). On, an empty Orders input means none of those orders exists, and returns and receipts naming them are scans without an order. Off, an empty Orders input means no orders were given, and order numbers are not checked.',
			},
			{
				displayName: 'Output Matched Lines',
				name: 'outputMatched',
				type: 'boolean',
				default: true,
				description:
					'Whether the Matched output lists every reconciled order line. Turn off for large runs that only need the exceptions; the summary still counts matched and pending lines.',
			},
			{
				displayName: 'Owner Names (JSON)',
				name: 'ownerNamesJson',
				type: 'string',
				default: '',
				placeholder: '{"finance": "Finance", "customer_service": "Customer service"}',
				description:
					'How owners are named in the report: one JSON object of owner ID to name. IDs without a name are shown as they are.',
				displayOptions: { show: { '/mode': ['registerReport'] } },
			},
			{
				displayName: 'Owner Overrides',
				name: 'owners',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Owner',
						name: 'owner',
						values: [
							{
								displayName: 'Exception Type',
								name: 'type',
								type: 'options',
								default: 'orphaned_refund',
								options: EXCEPTION_CATALOGUE.map((info) => ({
									name: info.title,
									value: info.type,
								})),
							},
							{ displayName: 'Owner Team', name: 'team', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Previous Close',
				name: 'previousClose',
				type: 'dateTime',
				default: '',
				description:
					"When the previous close ran: refunds paid after it but dated before this period are shown apart, as late. Empty means the period's start.",
				displayOptions: { show: { '/mode': ['registerReport'] } },
			},
			{
				displayName: 'Report Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'report',
				description: 'Binary property of the Summary item that holds the HTML report',
			},
			{
				displayName: 'Report Time Zone',
				name: 'reportTimeZone',
				type: 'string',
				default: 'UTC',
				placeholder: 'Europe/Stockholm',
				description: 'IANA time zone in which the report shows dates and decides what is overdue',
				displayOptions: { show: { '/mode': ['registerReport'] } },
			},
			{
				displayName: 'Report Title',
				name: 'reportTitle',
				type: 'string',
				default: 'Returns reconciliation',
			},
			{
				displayName: 'Strip Leading Zeros',
				name: 'stripLeadingZeros',
				type: 'boolean',
				default: false,
				description: 'Whether "000123" and "123" are the same key',
			},
		],
	},
];
