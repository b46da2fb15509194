/**
 * Resources and operations of the Centra node; each operation's fields live in its own file under
 * actions/<resource>/<operation>.operation.ts, listed by actions/<resource>/<Resource>.resource.ts.
 */
import type { INodeProperties } from 'n8n-workflow';
import { resourceProperty } from './actions/common.descriptions';
import * as disposition from './actions/disposition/Disposition.resource';
import * as order from './actions/order/Order.resource';
import * as returns from './actions/return/Return.resource';
import * as setup from './actions/setup/Setup.resource';
import * as stock from './actions/stock/Stock.resource';

export const centraProperties: INodeProperties[] = [
	resourceProperty('stock', {
		disposition: {
			name: 'Disposition',
			description: 'Route returned units to stock buckets by their disposition code',
		},
		order: { name: 'Order' },
		return: { name: 'Return (Credit Note)' },
		setup: {
			name: 'Setup',
			description: "Check the token against everything the node relies on in Centra's schema",
		},
		stock: { name: 'Stock' },
	}),
	...setup.description,
	...stock.description,
	...disposition.description,
	...returns.description,
	...order.description,
];
