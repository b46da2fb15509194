/** Order: the Operation dropdown and each operation's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as addNote from './addNote.operation';
import * as createExchange from './createExchange.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { addNote, createExchange, get, getMany };

export const description: INodeProperties[] = [
	operationProperty('order', 'get', {
		addNote: { name: 'Add Note', action: 'Add a customer service note' },
		createExchange: {
			name: 'Create Exchange Order',
			action: 'Create an exchange order',
			description:
				'Order for the replacement at no cost to the customer, linked to the return (REST Order API), once per return',
		},
		get: { name: 'Get', action: 'Get an order' },
		getMany: {
			name: 'Get Many by Number',
			action: 'Get many orders by number',
			description: 'The orders of a list of order numbers, 200 per request',
		},
	}),
	...get.description,
	...getMany.description,
	...addNote.description,
	...createExchange.description,
];
