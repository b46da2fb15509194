/** Outbound Shipment: List, shipments that left a hub in a date window (GET /outbound-shipments). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { hrRequest, type HrCredentials } from '../../transport';
import { show } from '../show';

export const description: INodeProperties[] = [
	{
		displayName: 'Start',
		name: 'startDateTime',
		type: 'dateTime',
		default: '',
		description: 'Default: 24 hours before End',
		displayOptions: show('outboundShipment', ['list']),
	},
	{
		displayName: 'End',
		name: 'endDateTime',
		type: 'dateTime',
		default: '',
		description: 'Default: now',
		displayOptions: show('outboundShipment', ['list']),
	},
];

function isoParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: Date,
): string {
	const value = context.getNodeParameter(name, itemIndex, '') as string;
	if (!value) return fallback.toISOString();
	const ms = Date.parse(value);
	if (Number.isNaN(ms))
		throw new NodeOperationError(context.getNode(), `"${name}" is not a date: ${value}`, {
			itemIndex,
		});
	return new Date(ms).toISOString();
}

export async function execute(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject[]> {
	const end = isoParameter(this, 'endDateTime', itemIndex, new Date());
	const start = isoParameter(
		this,
		'startDateTime',
		itemIndex,
		new Date(Date.parse(end) - 86_400_000),
	);
	if (start > end)
		throw new NodeOperationError(this.getNode(), 'Start is after end', { itemIndex });
	const response = await hrRequest.call(this, credentials, {
		operation: 'List Outbound Shipments',
		itemIndex,
		method: 'GET',
		path: '/outbound-shipments',
		qs: { retailerID: credentials.retailerId, startDateTime: start, endDateTime: end },
		idempotent: true,
	});
	const body = response.body as { data?: IDataObject[] } | IDataObject[];
	return Array.isArray(body) ? body : (body?.data ?? []);
}
