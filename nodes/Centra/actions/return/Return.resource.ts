/** Return (credit note): the Operation dropdown and each operation's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as complete from './complete.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as refund from './refund.operation';

export { complete, create, get, getMany, refund };

export const description: INodeProperties[] = [
	operationProperty('return', 'create', {
		complete: { name: 'Complete', action: 'Complete a return' },
		create: {
			name: 'Create',
			action: 'Create a credit note for a Happy Returns return',
			description: 'Itemised credit note carrying the Happy Returns ID, created once',
		},
		get: { name: 'Get', action: 'Get a return' },
		getMany: {
			name: 'Get Many',
			action: 'Get many returns',
			description: 'Credit notes created in a time window, e.g. for the nightly reconciliation',
		},
		refund: {
			name: 'Refund',
			action: 'Refund a return',
			description: 'Only when Centra should pay the refund',
		},
	}),
	...create.description,
	...get.description,
	...getMany.description,
	...complete.description,
	...refund.description,
];
