/** Stock: Get Levels. Free, physical and allocated quantities of some SKUs in one warehouse. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CentraLookups, ProductSize } from '../../helpers/lookups';
import { readAllPages } from '../../logic/paging';
import { PAGE_SIZE, WAREHOUSE_STOCK } from '../../queries';
import { centraGraphql } from '../../transport';
import { show, warehouseField } from '../common.descriptions';

export const description: INodeProperties[] = [
	...warehouseField('warehouse', 'Warehouse', show('stock', ['getLevels'])),
	{
		displayName: 'SKUs',
		name: 'skus',
		type: 'string',
		default: '',
		required: true,
		description: 'Comma-separated SKUs or EANs',
		displayOptions: show('stock', ['getLevels']),
	},
];

interface StockLevel {
	productSize: { id: number };
	freeToAllocateQuantity: number;
	physicalQuantity: number;
	allocatedQuantity: number;
}

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject[]> {
	const codes = String(this.getNodeParameter('skus', itemIndex))
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (codes.length === 0)
		throw new NodeOperationError(this.getNode(), '"SKUs" is empty', { itemIndex });
	const warehouse = await lookups.warehouseOf('warehouse', itemIndex, 'Warehouse');
	const sizes: ProductSize[] = [];
	for (const code of codes) sizes.push(await lookups.productSize(code, itemIndex));
	// Warehouse.stock is paged (limit 1-200, default 20): read every page of this warehouse.
	const stock = await readAllPages(
		'stock',
		PAGE_SIZE,
		async (page) => {
			const data = await centraGraphql<{
				warehouses: Array<{ id: number; name: string; stock: StockLevel[] }>;
			}>(this, lookups.credentials, {
				operation: 'Get Stock Levels',
				itemIndex,
				query: WAREHOUSE_STOCK,
				variables: { sizeIds: [...new Set(sizes.map((s) => s.id))], page },
				idempotent: true,
			});
			return data.warehouses.find((w) => w.id === warehouse.id)?.stock ?? [];
		},
		(level) => level.productSize.id,
	);
	return sizes.map((size, i) => {
		const level = stock.find((s) => s.productSize.id === size.id);
		return {
			warehouse: warehouse.name,
			sku: size.SKU,
			requested: codes[i],
			freeToAllocate: level?.freeToAllocateQuantity ?? 0,
			physical: level?.physicalQuantity ?? 0,
			allocated: level?.allocatedQuantity ?? 0,
		};
	});
}
