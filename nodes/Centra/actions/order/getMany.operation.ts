/**
 * Order: Get Many by Number. The orders of a list of order numbers in as few reads as Centra
 * allows: one `orders(where: { number: [...] })` query per 200 numbers (a list returns at most 200
 * rows, https://centra.dev/graphql/query.html; `OrderFilter.number` takes a list,
 * https://centra.dev/graphql/orderfilter.html). One item per number asked for, in the order asked:
 * the order with `found: true`, or `{ found: false, orderNumber }`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { batches, parseOrderNumbers } from '../../logic/orderNumbers';
import { ORDERS_BY_NUMBERS, PAGE_SIZE } from '../../queries';
import { centraGraphql } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Order Numbers',
		name: 'orderNumbers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1001, 1002, 1003',
		description:
			'Centra order numbers separated by commas, spaces or new lines, or an expression giving a list. Read 200 per request.',
		displayOptions: show('order', ['getMany']),
	},
];

function orderNumbersOf(context: IExecuteFunctions, itemIndex: number): number[] {
	const raw = context.getNodeParameter('orderNumbers', itemIndex, '') as unknown;
	const { numbers, invalid } = parseOrderNumbers(raw);
	if (invalid !== null)
		throw new NodeOperationError(
			context.getNode(),
			`"Order Numbers": "${invalid}" is not a Centra order number`,
			{ itemIndex, description: 'Give whole Centra order numbers, e.g. "1001, 1002".' },
		);
	return numbers;
}

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject[]> {
	const numbers = orderNumbersOf(this, itemIndex);
	const found = new Map<number, IDataObject>();
	for (const batch of batches(numbers, PAGE_SIZE)) {
		// A batch of at most one page of numbers fits in one page of orders: no paging loop.
		const data = await centraGraphql<{ orders: IDataObject[] }>(this, lookups.credentials, {
			operation: 'Get Orders',
			itemIndex,
			query: ORDERS_BY_NUMBERS,
			variables: { numbers: batch, limit: PAGE_SIZE },
			idempotent: true,
		});
		for (const order of data.orders) found.set(Number(order.number), order);
	}
	return numbers.map((number) => {
		const order = found.get(number);
		return order ? { found: true, ...order } : { found: false, orderNumber: number };
	});
}
