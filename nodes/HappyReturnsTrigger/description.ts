/** Parameters of the Happy Returns Trigger. */
import type { INodeProperties } from 'n8n-workflow';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Copy the Production URL above and give it to Happy Returns (your integration contact or dashboard) as the endpoint for return.asn, return.label.update and outbound_shipment.asn. Happy Returns has no API to register it for you.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: [
			'return.started',
			'return.dropoff_method_set',
			'return.dropped_off',
			'return.refund_approved',
			'return.expired',
			'return.bag_linked',
			'shipment.in_transit',
			'return.unknown',
		],
		description:
			'Which return events start the workflow. Others are acknowledged and recorded as seen.',
		options: [
			{
				name: 'Bag Linked (Return.label.update)',
				value: 'return.bag_linked',
				description: 'A bag barcode was linked to a return',
			},
			{
				name: 'Drop-Off Method Set',
				value: 'return.dropoff_method_set',
				description: 'The shopper chose or changed how to return (e.g. Return Bar)',
			},
			{
				name: 'Dropped Off (Refund Initiated at Return Bar)',
				value: 'return.dropped_off',
				description: 'First scan at a Return Bar or store: Happy Returns starts the refund here',
			},
			{
				name: 'Expired',
				value: 'return.expired',
				description: 'The return expired before drop-off',
			},
			{ name: 'Refund Approved', value: 'return.refund_approved' },
			{
				name: 'Shipment In Transit (Outbound_shipment.asn)',
				value: 'shipment.in_transit',
				description: 'A consolidated hub shipment left for the warehouse: one event per item',
			},
			{ name: 'Started', value: 'return.started', description: 'The shopper started a return' },
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
			'Redeliveries are recognised by a derived event ID and late events never move a return backwards. This memory lives in the workflow\'s static data, which n8n stores in its database (so it holds in queue mode), for "Duplicate Memory" days. Two deliveries of the same event that arrive at the same moment on different processes can both pass: keep the downstream steps idempotent, as the templates do (event ledger keyed by event ID).',
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
				description: 'How long a delivered event is remembered to recognise redeliveries',
			},
			{ displayName: 'Expired Type IDs', name: 'expired', type: 'string', default: 'expired' },
			{
				displayName: 'Include Original Payload',
				name: 'includeOriginal',
				type: 'boolean',
				default: true,
				description: 'Whether each event carries the untouched Happy Returns payload',
			},
			{
				displayName: 'Late Events',
				name: 'lateEvents',
				type: 'options',
				default: 'skip',
				description:
					'What to do with an event that would move a return backwards (e.g. "started" after "dropped off")',
				options: [
					{ name: 'Skip (Never Move a Return Backwards)', value: 'skip' },
					{ name: 'Emit, Flagged as Late', value: 'emit' },
				],
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
