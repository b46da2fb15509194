/** Fields shared by the return operations that work on one existing return. */
import type { INodeProperties } from 'n8n-workflow';
import type { CentraMap } from '../node.type';
import { show } from '../common.descriptions';

type OneReturn = Extract<CentraMap['return'], 'get' | 'complete' | 'refund'>;

export const findReturnFields = (operation: OneReturn): INodeProperties[] => [
	{
		displayName: 'Find Return By',
		name: 'returnLookup',
		type: 'options',
		default: 'externalId',
		displayOptions: show('return', [operation]),
		options: [
			{ name: 'External ID (Happy Returns ID)', value: 'externalId' },
			{ name: 'Centra Return ID', value: 'id' },
		],
	},
	{
		displayName: 'Return',
		name: 'returnValue',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('return', [operation]),
	},
];

export const sendEmailField = (operation: Extract<OneReturn, 'complete' | 'refund'>) =>
	({
		displayName: 'Send Email',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether Centra emails the customer',
		displayOptions: show('return', [operation]),
	}) satisfies INodeProperties;
