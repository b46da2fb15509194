/** Disposition: the Operation dropdown and the Route operation's fields. */
import type { INodeProperties } from 'n8n-workflow';
import { operationProperty } from '../common.descriptions';
import * as route from './route.operation';

export { route };

export const description: INodeProperties[] = [
	operationProperty('disposition', 'route', {
		route: { name: 'Route', action: 'Route returned units to stock buckets' },
	}),
	...route.description,
];
