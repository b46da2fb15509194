/** Setup: the Operation dropdown; Check Setup has no fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as check from './check.operation';

export { check };

export const description: INodeProperties[] = [
	operationProperty('setup', 'check', {
		check: {
			name: 'Check Setup',
			action: 'Check the setup',
			description:
				'Lists, in plain words, any type, field, enum value or permission the node needs that this token cannot see',
		},
	}),
	...check.description,
];
