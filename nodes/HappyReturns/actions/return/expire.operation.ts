/** Return: Expire (POST /rma/{id}/expire; idempotent as third-party clients observe). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { hrRequest, pathId, type HrCredentials } from '../../transport';
import { show } from '../show';

export const description: INodeProperties[] = [
	{
		displayName: 'Return (RMA) ID',
		name: 'rmaId',
		type: 'string',
		default: '',
		required: true,
		description: 'Happy Returns return ID or confirmation code',
		displayOptions: show('return', ['expire']),
	},
];

export async function execute(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject> {
	const rmaId = String(this.getNodeParameter('rmaId', itemIndex)).trim();
	const path = `/rma/${pathId(this, 'Return (RMA) ID', rmaId, itemIndex)}/expire`;
	const response = await hrRequest.call(this, credentials, {
		operation: 'Expire Return',
		itemIndex,
		method: 'POST',
		path,
		idempotent: true,
	});
	return { rmaId, expired: true, response: response.body as IDataObject };
}
