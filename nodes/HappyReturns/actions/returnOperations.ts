/** Return: Get (by order number, email or express code), Approve Items, Expire. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { hrRequest, type HrCredentials } from '../transport';

const LOOKUP_FIELD: Record<string, string> = {
	orderNumber: 'orderNumber',
	email: 'email',
	expressCode: 'happyReturnsExpressCode',
};

export async function getReturn(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject[]> {
	const lookupBy = this.getNodeParameter('lookupBy', itemIndex) as string;
	const value = String(this.getNodeParameter('lookupValue', itemIndex)).trim();
	if (!value)
		throw new NodeOperationError(
			this.getNode(),
			`"Lookup Value" is empty (looking up by ${lookupBy})`,
			{ itemIndex },
		);
	const items: IDataObject[] = [];
	let cursor: string | undefined;
	do {
		const body: IDataObject = {
			happyReturnsRetailerID: credentials.retailerId,
			[LOOKUP_FIELD[lookupBy]]: value,
			...(cursor ? { cursor } : {}),
		};
		const response = await hrRequest.call(this, credentials, {
			operation: 'Get Return',
			itemIndex,
			method: 'POST',
			path: '/return',
			body,
			idempotent: true,
			acceptStatuses: [204],
		});
		if (response.statusCode === 204) break;
		const page = (response.body ?? {}) as {
			items?: IDataObject[];
			cursor?: string;
			nextCursor?: string;
		};
		items.push(...(page.items ?? []));
		cursor = page.nextCursor ?? page.cursor ?? undefined;
	} while (cursor);
	if (items.length === 0) return [{ found: false, lookupBy, lookupValue: value }];
	return items.map((item) => ({ found: true, ...item }));
}

interface ApprovalRow {
	itemId: string;
	condition: string;
	approve: boolean;
}

export async function approveItems(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject> {
	const rmaId = String(this.getNodeParameter('rmaId', itemIndex)).trim();
	const rows = (this.getNodeParameter('approvals.items', itemIndex, []) as ApprovalRow[]).filter(
		(row) => String(row.itemId ?? '').trim() !== '',
	);
	if (!rmaId)
		throw new NodeOperationError(this.getNode(), '"Return (RMA) ID" is empty', { itemIndex });
	if (rows.length === 0)
		throw new NodeOperationError(this.getNode(), 'Add at least one item to approve', { itemIndex });
	const returning = rows.map((row) => ({
		happyReturnsItemID: String(row.itemId).trim(),
		approve: row.approve !== false,
		condition: row.condition,
	}));
	const response = await hrRequest.call(this, credentials, {
		operation: 'Approve Items',
		itemIndex,
		method: 'POST',
		path: `/rma/${encodeURIComponent(rmaId)}/approve`,
		body: { returning },
		// A second approval answers 409: the approval already happened, so a retry or re-run is safe.
		idempotent: true,
		acceptStatuses: [409],
	});
	if (response.statusCode === 409)
		return {
			rmaId,
			approved: false,
			alreadyApproved: true,
			items: returning,
			message: String((response.body as IDataObject)?.ErrorMessage ?? ''),
		};
	return {
		rmaId,
		approved: true,
		alreadyApproved: false,
		items: returning,
		response: response.body as IDataObject,
	};
}

export async function expireReturn(
	this: IExecuteFunctions,
	credentials: HrCredentials,
	itemIndex: number,
): Promise<IDataObject> {
	const rmaId = String(this.getNodeParameter('rmaId', itemIndex)).trim();
	if (!rmaId)
		throw new NodeOperationError(this.getNode(), '"Return (RMA) ID" is empty', { itemIndex });
	const response = await hrRequest.call(this, credentials, {
		operation: 'Expire Return',
		itemIndex,
		method: 'POST',
		path: `/rma/${encodeURIComponent(rmaId)}/expire`,
		idempotent: true,
	});
	return { rmaId, expired: true, response: response.body as IDataObject };
}
