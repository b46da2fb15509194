/** Outbound Shipment: Get Items, the manifest of one consolidated shipment (GET /outbound-shipment/{id}). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseLineItemId } from '../../shared/logic/canonicalEvents';
import { hrRequest, pathId, type HrCredentials } from '../../transport';
import { show } from '../show';

export const description: INodeProperties[] = [
	{
		displayName: 'Shipment ID',
		name: 'shipmentId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('outboundShipment', ['getItems']),
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show('outboundShipment', ['getItems']),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: {
			show: { resource: ['outboundShipment'], operation: ['getItems'], returnAll: [false] },
		},
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('outboundShipment', ['getItems']),
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1000,
				description: 'Items per request (Happy Returns allows up to 1000)',
			},
		],
	},
];

/**
 * The `page[after]` cursor of a `links.next` value. Cursor pagination with `page[after]` and a
 * `links.next` URL is the JSON:API convention (https://jsonapi.org/format/#fetching-pagination);
 * a bare cursor string is read too. Null when there is no next page.
 */
export function nextCursor(next: unknown): string | null {
	if (next === null || next === undefined || next === '') return null;
	if (typeof next !== 'string')
		throw new Error(`links.next is not a string: ${JSON.stringify(next)}`);
	if (!/[/?&=]/.test(next)) return next;
	const url = new URL(next, 'http://placeholder.invalid');
	const after = url.searchParams.get('page[after]');
	if (!after) throw new Error(`links.next has no page[after]: ${next}`);
	return after;
}

export async function execute(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject[]> {
	const shipmentId = String(this.getNodeParameter('shipmentId', itemIndex)).trim();
	const path = `/outbound-shipment/${pathId(this, 'Shipment ID', shipmentId, itemIndex)}`;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = returnAll
		? Number.POSITIVE_INFINITY
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	const pageSize = Math.min(
		1000,
		Math.max(1, this.getNodeParameter('options.pageSize', itemIndex, 1000) as number),
	);
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let after: string | null = null;
	do {
		const response = await hrRequest.call(this, credentials, {
			operation: 'Get Shipment Items',
			itemIndex,
			method: 'GET',
			path,
			qs: {
				'page[size]': Math.min(pageSize, limit - items.length),
				...(after ? { 'page[after]': after } : {}),
			},
			idempotent: true,
		});
		const body = response.body ?? {};
		// A bare array is the whole manifest (no envelope, so no further page).
		if (Array.isArray(body)) {
			items.push(...(body as IDataObject[]));
			break;
		}
		const page = body as { data?: IDataObject[]; links?: { next?: unknown } };
		items.push(...(Array.isArray(page.data) ? page.data : []));
		try {
			after = nextCursor(page.links?.next);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
		if (after !== null) {
			// A server that repeats a cursor would page forever and duplicate items.
			if (seen.has(after))
				throw new NodeOperationError(
					this.getNode(),
					`Get Shipment Items: Happy Returns sent the same page cursor twice (${after}); the manifest is incomplete`,
					{ itemIndex },
				);
			seen.add(after);
		}
	} while (after && items.length < limit);
	// The unit index lives in orderLineItemID ("12345-1-2" is unit 1 of 2); matching is per unit.
	return items.slice(0, limit).map((item) => ({
		shipmentId,
		...item,
		unit: parseLineItemId(String(item.orderLineItemID ?? '')).unitIndex,
	}));
}
