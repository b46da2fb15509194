/**
 * Stock: Find Movements. Stock changes by warehouse, time window and reference, all pages. A change
 * that moved units of several returns at once is output once per return (logic/movementsPerReturn.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { movementsPerReturn } from '../../logic/movementsPerReturn';
import { ALL_WAREHOUSES_VALUE } from '../../loadOptions';
import { returnAllFields, show, warehouseLocator } from '../common.descriptions';

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
		displayOptions: { show: { ...show('stock', ['findMovements']).show, '@version': [1] } },
	},
	// Version 2: the warehouse locator every other Centra warehouse field uses, with an explicit
	// "All Warehouses" in its list (the default), so no filter is never an empty field.
	warehouseLocator({
		name: 'warehouse',
		displayName: 'Warehouse',
		searchListMethod: 'searchWarehousesOrAll',
		default: { mode: 'list', value: ALL_WAREHOUSES_VALUE, cachedResultName: 'All Warehouses' },
		description: 'The warehouse whose stock changes to read, or All Warehouses',
		displayOptions: {
			show: { ...show('stock', ['findMovements']).show, '@version': [{ _cnd: { gte: 2 } }] },
		},
	}),
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
	const locator = this.getNodeParameter('warehouse', itemIndex, '') as
		string | { mode?: string; value?: unknown };
	const listed = typeof locator === 'object' && locator !== null;
	const given = String((listed ? locator.value : locator) ?? '').trim();
	// "All Warehouses": the empty value (version 1) or the list's own entry (version 2).
	const warehouseName =
		listed && locator.mode === 'list' && given === ALL_WAREHOUSES_VALUE ? '' : given;
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
	return changes.flatMap((change) =>
		movementsPerReturn({
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
		}),
	);
}
