/** Return: Approve Items (POST /rma/{id}/approve). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError } from '../../../shared/n8n/runPerItem';
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
		displayOptions: show('return', ['approve']),
	},
	{
		displayName: 'Items',
		name: 'approvals',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Item',
		displayOptions: show('return', ['approve']),
		options: [
			{
				displayName: 'Item',
				name: 'items',
				values: [
					{
						displayName: 'Item ID',
						name: 'itemId',
						type: 'string',
						default: '',
						description: 'The happyReturnsItemID of the item',
					},
					{
						displayName: 'Condition',
						name: 'condition',
						type: 'options',
						default: 'sellable',
						options: [
							{ name: 'Damaged', value: 'damaged' },
							{ name: 'Missing', value: 'missing' },
							{ name: 'Sellable', value: 'sellable' },
							{ name: 'Wrong Item', value: 'wrong-item' },
						],
					},
					{ displayName: 'Approve', name: 'approve', type: 'boolean', default: true },
				],
			},
		],
	},
];

interface ApprovalRow {
	itemId: string;
	condition: string;
	approve: boolean;
}

/** An express code ("HR" and six characters) can be looked up with Get Return. */
const EXPRESS_CODE = /^HR[A-Z0-9]{6}$/i;

/**
 * Approves items of a mail return. Approving triggers the shopper's refund, so the call is never
 * retried: after a timeout, a 5xx or a 409 its outcome is unknown, and the node re-reads the
 * return (when the id is an express code) and reports what it found in the error instead of
 * guessing. Source: https://developer.happyreturns.com/partner/api/ (Approve Return).
 */
export async function execute(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject> {
	const rmaId = String(this.getNodeParameter('rmaId', itemIndex)).trim();
	const rows = (this.getNodeParameter('approvals.items', itemIndex, []) as ApprovalRow[]).filter(
		(row) => String(row.itemId ?? '').trim() !== '',
	);
	const path = `/rma/${pathId(this, 'Return (RMA) ID', rmaId, itemIndex)}/approve`;
	if (rows.length === 0)
		throw new NodeOperationError(this.getNode(), 'Add at least one item to approve', { itemIndex });
	const returning = rows.map((row) => ({
		happyReturnsItemID: String(row.itemId).trim(),
		approve: row.approve !== false,
		condition: row.condition,
	}));
	try {
		const response = await hrRequest.call(this, credentials, {
			operation: 'Approve Items',
			itemIndex,
			method: 'POST',
			path,
			body: { returning },
			idempotent: false,
		});
		return { rmaId, approved: true, items: returning, response: response.body as IDataObject };
	} catch (error) {
		const httpCode = Number((error as { httpCode?: string }).httpCode);
		const definite = httpCode >= 400 && httpCode < 500 && httpCode !== 409 && httpCode !== 429;
		if (definite) throw asNodeError(this, error, itemIndex);
		const state = await reread.call(this, credentials, rmaId, itemIndex);
		throw new NodeOperationError(
			this.getNode(),
			`Happy Returns Approve Items: the outcome for return ${rmaId} is unknown (${(error as Error).message}); it was not retried because approving refunds the shopper`,
			{
				itemIndex,
				description: `Check the return before running again. ${state}`,
			},
		);
	}
}

async function reread(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	rmaId: string,
	itemIndex: number,
): Promise<string> {
	if (!EXPRESS_CODE.test(rmaId))
		return 'Look it up in the Happy Returns dashboard (Manage Returns) by its id.';
	try {
		const response = await hrRequest.call(this, credentials, {
			operation: 'Get Return',
			itemIndex,
			method: 'POST',
			path: '/return',
			body: { happyReturnsRetailerID: credentials.retailerId, happyReturnsExpressCode: rmaId },
			idempotent: true,
			acceptStatuses: [204],
		});
		const body = response.body as { items?: IDataObject[] } | IDataObject[] | undefined;
		const items = Array.isArray(body) ? body : (body?.items ?? []);
		return `Happy Returns now reports: ${JSON.stringify(
			items.map((item) => ({
				happyReturnsItemID: item.happyReturnsItemID,
				status: item.returnStatus ?? item.status,
			})),
		)}`;
	} catch (error) {
		return `Re-reading the return failed too: ${(error as Error).message}`;
	}
}
