/** Stock: the Operation dropdown and each operation's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as findMovements from './findMovements.operation';
import * as getLevels from './getLevels.operation';
import * as move from './move.operation';

export { findMovements, getLevels, move };

export const description: INodeProperties[] = [
	operationProperty('stock', 'move', {
		findMovements: { name: 'Find Movements', action: 'Find stock movements' },
		getLevels: { name: 'Get Levels', action: 'Get stock levels' },
		move: {
			name: 'Move',
			action: 'Move stock',
			description: 'Relative change into, out of, or between warehouses, once per reference',
		},
	}),
	...move.description,
	...findMovements.description,
	...getLevels.description,
];
