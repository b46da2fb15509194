/** Stock: Find Movements. Stock changes by warehouse, time window and reference, all pages. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { returnAllFields, show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Warehouse Name or ID',
		name: 'warehouse',
		type: 'options',
		// "All Warehouses" (the empty value) is a listed choice, so the editor accepts the default.
		typeOptions: { loadOptionsMethod: 'getWarehousesOrAll' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: show('stock', ['findMovements']),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('stock', ['findMovements']),
		options: [
			{ displayName: 'From', name: 'from', type: 'dateTime', default: '' },
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '' },
			{
				displayName: 'Reference Match',
				name: 'referenceMatch',
				type: 'options',
				default: 'contains',
				options: [
					{ name: 'Contains', value: 'contains' },
					{ name: 'Equals', value: 'equals' },
				],
			},
			{ displayName: 'To', name: 'to', type: 'dateTime', default: '' },
		],
	},
	...returnAllFields('stock', 'findMovements'),
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject[]> {
	const where: IDataObject = {};
	const warehouseName = this.getNodeParameter('warehouse', itemIndex, '') as string;
	if (warehouseName)
		where.warehouseId = [(await lookups.warehouse(warehouseName, itemIndex, 'Warehouse')).id];
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		from?: string;
		to?: string;
		reference?: string;
		referenceMatch?: string;
	};
	if (filters.from || filters.to)
		where.createdAt = {
			...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
			...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
		};
	if (filters.reference)
		where.comment =
			filters.referenceMatch === 'equals'
				? { equals: filters.reference }
				: { contains: filters.reference };
	const limit = (this.getNodeParameter('returnAll', itemIndex, true) as boolean)
		? Number.POSITIVE_INFINITY
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	const changes = await lookups.stockChanges(where, itemIndex, limit);
	return changes.map((change) => ({
		id: change.id,
		createdAt: change.createdAt,
		reference: change.comment,
		type: change.type,
		warehouse: change.warehouse.name,
		warehouseId: change.warehouse.id,
		lines: change.lines.map((line) => ({
			sku: line.productSize.SKU,
			ean: line.productSize.EAN,
			quantity: line.deliveredQuantity,
		})),
	}));
}
