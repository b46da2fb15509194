/** Return: Get, by order number, email or express code (POST /return, cursor pages). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { hrRequest, type HrCredentials } from '../../transport';
import { show } from '../show';

export const description: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		default: 'orderNumber',
		displayOptions: show('return', ['get']),
		options: [
			{ name: 'Email', value: 'email' },
			{
				name: 'Express Code',
				value: 'expressCode',
				description: 'The HR code the shopper shows at the Return Bar',
			},
			{ name: 'Order Number', value: 'orderNumber' },
		],
	},
	{
		displayName: 'Lookup Value',
		name: 'lookupValue',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('return', ['get']),
	},
];

const LOOKUP_FIELD: Record<string, string> = {
	orderNumber: 'orderNumber',
	email: 'email',
	expressCode: 'happyReturnsExpressCode',
};

export async function execute(
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
	const seen = new Set<string>();
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
		if (Array.isArray(response.body)) {
			items.push(...(response.body as IDataObject[]));
			break;
		}
		const page = (response.body ?? {}) as {
			items?: IDataObject[];
			cursor?: string;
			nextCursor?: string;
		};
		items.push(...(Array.isArray(page.items) ? page.items : []));
		cursor = page.nextCursor || page.cursor || undefined;
		if (cursor !== undefined) {
			// A server that echoes the cursor would loop forever.
			if (seen.has(cursor))
				throw new NodeOperationError(
					this.getNode(),
					`Get Return: Happy Returns sent the same cursor twice (${cursor}); the answer is incomplete`,
					{ itemIndex },
				);
			seen.add(cursor);
		}
	} while (cursor);
	if (items.length === 0) return [{ found: false, lookupBy, lookupValue: value }];
	return items.map((item) => ({ found: true, ...item }));
}
