/** Parameters of the Happy Returns Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { CANONICAL_TYPES } from '../shared/logic/canonicalEvents';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Give the Production URL above to Happy Returns as your webhook endpoint. <a href="https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/happy-returns.md#webhook-setup-checklist-for-the-merchant">Setup guide</a>',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		// Every canonical type by default: one list, so a new type is never left out here.
		default: [...CANONICAL_TYPES],
		description:
			'Which return events start the workflow. Others are acknowledged and recorded as seen.',
		options: [
			{
				name: 'Anomaly',
				value: 'return.anomaly',
				description:
					'A unit that expired although it was dropped off, approved or shipped (in either order)',
			},
			{
				name: 'Bag Linked',
				value: 'return.bag_linked',
				description:
					'A bag barcode was linked to a return (Happy Returns topic return.label.update)',
			},
			{
				name: 'Drop-Off Method Set',
				value: 'return.dropoff_method_set',
				description:
					'The shopper chose or changed how to return, e.g. Return Bar (topic return.asn)',
			},
			{
				name: 'Dropped Off',
				value: 'return.dropped_off',
				description:
					'First scan at a Return Bar or store, where Happy Returns starts the refund (topic return.asn)',
			},
			{
				name: 'Exchange Requested',
				value: 'exchange.requested',
				description:
					'A unit the shopper exchanges rather than refunds, with the replacement SKU when the payload names it',
			},
			{
				name: 'Expired',
				value: 'return.expired',
				description: 'The return expired (topic return.asn)',
			},
			{
				name: 'Refund Approved',
				value: 'return.refund_approved',
				description: 'Happy Returns approved the refund (topic return.asn)',
			},
			{
				name: 'Shipment In Transit',
				value: 'shipment.in_transit',
				description:
					'A consolidated hub shipment left for the warehouse, one event per item (Outbound Shipment notice)',
			},
			{
				name: 'Shipment Notice Not Recognised',
				value: 'shipment.unrecognized',
				description:
					'A shipment notice whose shape is not understood: answered 200 and kept for review',
			},
			{
				name: 'Started',
				value: 'return.started',
				description: 'The shopper started a return (topic return.asn)',
			},
			{
				name: 'Unknown',
				value: 'return.unknown',
				description: 'Anything Happy Returns sends that is not recognised (never an error)',
			},
		],
	},
	{
		displayName: 'Signature Check',
		name: 'signatureMode',
		type: 'options',
		default: 'hex',
		description:
			'How X-Hr-Signature is computed. Happy Returns does not publish the algorithm; hex HMAC-SHA256 of the raw body is the documented shape (64 hex characters).',
		options: [
			{ name: 'HMAC-SHA256, Base64', value: 'base64' },
			{ name: 'HMAC-SHA256, Hex (Default)', value: 'hex' },
			{ name: 'HMAC-SHA256 of "Timestamp.Body" With Replay Protection', value: 'timestamped' },
			{ name: 'None (Testing Only)', value: 'none' },
		],
	},
	{
		displayName:
			'Without a signature check anyone who knows the URL can start this workflow and create refunds or stock moves. Use only for local testing.',
		name: 'noSignatureWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { signatureMode: ['none'] } },
	},
	{
		displayName:
			'Each event has an event ID, the same on every redelivery: claim it before any side effect, as the templates do. <a href="https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/happy-returns.md">Node guide</a>',
		name: 'stateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dropped-Off Type IDs',
				name: 'droppedOff',
				type: 'string',
				default: 'dropped-off,dropped_off,droppedoff,/drop/',
				description:
					'Comma-separated typeID values that mean "dropped off"; /regex/ allowed. Not confirmed by Happy Returns\' public docs.',
			},
			{
				displayName: 'Duplicate Memory (Days)',
				name: 'retentionDays',
				type: 'number',
				default: 7,
				description:
					"How long a delivered event ID is remembered to skip plain redeliveries (a hint; 0 turns it off, the workflow's claim still deduplicates)",
			},
			{
				displayName: 'Exchange Flag Fields',
				name: 'exchangeFlagFields',
				type: 'string',
				default: 'oneClickExchange',
				description:
					"Comma-separated item fields whose true value marks an exchange. Not confirmed by Happy Returns' public docs.",
			},
			{
				displayName: 'Exchange Refund Types',
				name: 'exchangeRefundTypes',
				type: 'string',
				default: 'exchange,one-click-exchange,one_click_exchange',
				description:
					"Comma-separated values of the item field refundType that mean an exchange; /regex/ allowed. Not confirmed by Happy Returns' public docs.",
			},
			{ displayName: 'Expired Type IDs', name: 'expired', type: 'string', default: 'expired' },
			{
				displayName: 'Include Original Item',
				name: 'includeOriginal',
				type: 'boolean',
				default: true,
				description:
					"Whether each event carries its unit's own item as Happy Returns sent it (never the whole delivery; deliveryHash identifies that)",
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodyKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description:
					'Larger requests are refused with 413 before anything is parsed; Happy Returns notifications are a few KB',
			},
			{
				displayName: 'Refund-Approved Type IDs',
				name: 'refundApproved',
				type: 'string',
				default: 'approved,refund-approved,refund_approved,refunded',
			},
			{
				displayName: 'Replacement SKU Fields',
				name: 'replacementSkuFields',
				type: 'string',
				default: 'exchangeSku,exchangeSKU,replacementSku,exchangeVariantSku',
				description:
					"Comma-separated item fields tried in order for the SKU of an exchange's replacement. Not confirmed by Happy Returns' public docs.",
			},
			{
				displayName: 'Signature Header',
				name: 'signatureHeader',
				type: 'string',
				default: 'x-hr-signature',
			},
			{
				displayName: 'Timestamp Header',
				name: 'timestampHeader',
				type: 'string',
				default: 'x-hr-timestamp',
				description: 'Used by the timestamped signature check',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				default: 300,
			},
		],
	},
];
