/** Order look-ups shared by the order operations: the number and the notes. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { readAllPages } from '../logic/paging';
import { ORDER_HISTORY, PAGE_SIZE } from '../queries';
import { centraGraphql } from '../transport';
import type { CentraLookups } from './lookups';

interface HistoryOrder {
	id: string;
	number: number;
	history: Array<{ id: number; createdAt: string; type: string; dataJSON: string }>;
}

export function orderNumber(context: IExecuteFunctions, itemIndex: number): number {
	const raw = context.getNodeParameter('orderNumber', itemIndex);
	const number = Number(raw);
	if (!Number.isInteger(number) || number <= 0)
		throw new NodeOperationError(
			context.getNode(),
			`"Order Number" must be a Centra order number, got "${String(raw)}"`,
			{ itemIndex },
		);
	return number;
}

/** The order's note texts, every history page read (Centra pages the history by 200 at most). */
export async function notes(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	number: number,
	itemIndex: number,
): Promise<string[]> {
	let found = true;
	const history = await readAllPages(
		'order history',
		PAGE_SIZE,
		async (page) => {
			const data = await centraGraphql<{ orders: HistoryOrder[] }>(context, lookups.credentials, {
				operation: 'Get Order History',
				itemIndex,
				query: ORDER_HISTORY,
				variables: { number: [number], page },
				idempotent: true,
			});
			if (data.orders.length === 0) {
				found = false;
				return [];
			}
			return data.orders[0].history ?? [];
		},
		(entry) => entry.id,
	);
	if (!found)
		throw new NodeOperationError(context.getNode(), `Order ${number} not found in Centra`, {
			itemIndex,
		});
	return history
		.filter((h) => h.type === 'USER_NOTE_ADDED')
		.map((h) => {
			try {
				return String((JSON.parse(h.dataJSON) as { note?: unknown }).note ?? '');
			} catch {
				return h.dataJSON;
			}
		});
}
