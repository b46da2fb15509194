/**
 * Stock: Move. A relative stock change into, out of, or between warehouses, made once per
 * reference (helpers/moveOnce.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { moveOnce } from '../../helpers/moveOnce';
import { show, warehouseField } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		default: 'between',
		displayOptions: show('stock', ['move']),
		options: [
			{ name: 'Between Warehouses', value: 'between' },
			{ name: 'Into a Warehouse', value: 'into' },
			{ name: 'Out of a Warehouse', value: 'outOf' },
		],
	},
	...warehouseField('fromWarehouse', 'From Warehouse', {
		show: { resource: ['stock'], operation: ['move'], direction: ['between', 'outOf'] },
	}),
	...warehouseField('toWarehouse', 'To Warehouse', {
		show: { resource: ['stock'], operation: ['move'], direction: ['between', 'into'] },
	}),
	{
		displayName: 'SKU or EAN',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('stock', ['move']),
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: show('stock', ['move']),
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show('stock', ['move']),
		description:
			'Stored on the stock change. The same reference is never moved twice, so derive it from the event, e.g. "HR" + return ID + SKU + "in-transit".',
	},
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const direction = this.getNodeParameter('direction', itemIndex) as 'into' | 'outOf' | 'between';
	const from =
		direction === 'into'
			? null
			: await lookups.warehouseOf('fromWarehouse', itemIndex, 'From Warehouse');
	const to =
		direction === 'outOf'
			? null
			: await lookups.warehouseOf('toWarehouse', itemIndex, 'To Warehouse');
	return await moveOnce(this, lookups, {
		sku: String(this.getNodeParameter('sku', itemIndex)),
		quantity: Number(this.getNodeParameter('quantity', itemIndex)),
		from,
		to,
		reference: String(this.getNodeParameter('reference', itemIndex)),
		itemIndex,
	});
}
