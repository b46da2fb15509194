/** Order: the Operation dropdown and each operation's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as addNote from './addNote.operation';
import * as createExchange from './createExchange.operation';
import * as get from './get.operation';

export { addNote, createExchange, get };

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
	}),
	...get.description,
	...addNote.description,
	...createExchange.description,
];
