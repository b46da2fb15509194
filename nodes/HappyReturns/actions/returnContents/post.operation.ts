/**
 * Return Contents: Post (POST /return-contents). All input items are sent as warehouse check-ins in batches of at most
 * 1000 (HR's limit). The POST is not retried after a timeout or 5xx (it may have been stored);
 * a 429 is retried because HR refused it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import { hrRequest, type HrCredentials } from '../../transport';
import { show } from '../show';

export const description: INodeProperties[] = [
	{
		displayName: 'Item ID',
		name: 'itemId',
		type: 'string',
		default: '',
		required: true,
		description: 'The happyReturnsItemID, or "unidentified"',
		displayOptions: show('returnContents', ['post']),
	},
	{
		displayName: 'Bag Barcode',
		name: 'bagBarcode',
		type: 'string',
		default: '',
		displayOptions: show('returnContents', ['post']),
	},
	{
		displayName: 'Disposition',
		name: 'disposition',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sellable',
		description: 'Your disposition code for the item',
		displayOptions: show('returnContents', ['post']),
	},
	{
		displayName: 'Checked In At',
		name: 'checkedInAt',
		type: 'dateTime',
		default: '',
		description: 'Default: now',
		displayOptions: show('returnContents', ['post']),
	},
	{
		displayName: 'Unidentified Item Type',
		name: 'unidentifiedItemType',
		type: 'string',
		default: '',
		displayOptions: show('returnContents', ['post']),
	},
	{
		displayName: 'Unidentified Item Index',
		name: 'unidentifiedItemIndex',
		type: 'number',
		default: 0,
		displayOptions: show('returnContents', ['post']),
	},
];

const BATCH = 1000;

function contentOf(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const itemId = String(context.getNodeParameter('itemId', itemIndex)).trim();
	const disposition = String(context.getNodeParameter('disposition', itemIndex)).trim();
	if (!itemId)
		throw new NodeOperationError(
			context.getNode(),
			'"Item ID" is empty (use "unidentified" for an item Happy Returns did not list)',
			{ itemIndex },
		);
	if (!disposition)
		throw new NodeOperationError(context.getNode(), '"Disposition" is empty', { itemIndex });
	const checkedIn = context.getNodeParameter('checkedInAt', itemIndex, '') as string;
	const ms = checkedIn ? Date.parse(checkedIn) : Date.now();
	if (Number.isNaN(ms))
		throw new NodeOperationError(context.getNode(), `"Checked In At" is not a date: ${checkedIn}`, {
			itemIndex,
		});
	const content: IDataObject = {
		happyReturnsItemID: itemId,
		returnBagBarcode: context.getNodeParameter('bagBarcode', itemIndex, ''),
		checkedInAt: new Date(ms).toISOString(),
		disposition,
	};
	if (itemId === 'unidentified') {
		content.unidentifiedItemType = context.getNodeParameter('unidentifiedItemType', itemIndex, '');
		content.unidentifiedItemIndex = context.getNodeParameter('unidentifiedItemIndex', itemIndex, 0);
		if (!content.unidentifiedItemType)
			throw new NodeOperationError(
				context.getNode(),
				'An unidentified item needs "Unidentified Item Type"',
				{ itemIndex },
			);
	}
	return content;
}

export async function execute(
	this: IExecuteFunctions,
	credentials: HrCredentials,
): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const output: INodeExecutionData[] = [];
	const pending: Array<{ itemIndex: number; content: IDataObject }> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			pending.push({ itemIndex, content: contentOf(this, itemIndex) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	for (let start = 0; start < pending.length; start += BATCH) {
		const batch = pending.slice(start, start + BATCH);
		const first = batch[0].itemIndex;
		try {
			await hrRequest.call(this, credentials, {
				operation: 'Post Return Contents',
				itemIndex: first,
				method: 'POST',
				path: '/return-contents',
				body: [
					{
						happyReturnsRetailerID: credentials.retailerId,
						items: batch.map((entry) => entry.content),
					},
				],
				idempotent: false,
			});
			for (const entry of batch)
				output.push({
					json: { posted: true, batch: start / BATCH + 1, ...entry.content },
					pairedItem: { item: entry.itemIndex },
				});
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, first);
			for (const entry of batch) output.push(errorItem(error, entry.itemIndex));
		}
	}
	return output;
}
