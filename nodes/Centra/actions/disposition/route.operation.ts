/**
 * Disposition: Route. Each returned unit moves from the in-transit warehouse to the bucket its
 * disposition maps to. A code without a row is never guessed; the unit goes out flagged
 * "unmapped disposition" on its own output, or as an error item, as the user chose.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import type { CentraLookups } from '../../helpers/lookups';
import { moveOnce } from '../../helpers/moveOnce';
import { buildRouting, normalizeDisposition, routeOf } from '../../logic/dispositionRouting';
import { stockReference } from '../../logic/stockReference';
import { show, warehouseField } from '../common.descriptions';

const onRoute = show('disposition', ['route']);

export const description: INodeProperties[] = [
	{
		displayName: 'SKU or EAN',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		displayOptions: onRoute,
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: onRoute,
	},
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		default: '',
		required: true,
		description: 'Happy Returns return ID; part of the stock reference',
		displayOptions: onRoute,
	},
	{
		displayName: 'Unit',
		name: 'unit',
		type: 'string',
		default: '',
		description: 'Unit index within the order line, so each unit moves once',
		displayOptions: onRoute,
	},
	{
		displayName: 'Disposition Code',
		name: 'disposition',
		type: 'string',
		default: '',
		required: true,
		displayOptions: onRoute,
	},
	...warehouseField('fromWarehouse', 'In-Transit Warehouse', onRoute),
	{
		displayName: 'Disposition Mapping',
		name: 'mapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Disposition',
		displayOptions: onRoute,
		description:
			'Code to stock bucket. "none" moves the unit out of the in-transit warehouse without adding it anywhere. Codes without a row are never guessed.',
		options: [
			{
				displayName: 'Row',
				name: 'rows',
				values: [
					{
						displayName: 'Disposition Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'damaged',
					},
					{
						displayName: 'Warehouse (Bucket)',
						name: 'warehouse',
						type: 'string',
						default: '',
						placeholder: 'B-stock, or none',
					},
				],
			},
		],
	},
	{
		displayName: 'Unmapped Codes',
		name: 'unmappedHandling',
		type: 'options',
		default: 'output',
		displayOptions: onRoute,
		options: [
			{ name: 'Send to the "Unmapped" Output', value: 'output' },
			{ name: 'Fail the Item', value: 'error' },
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[][]> {
	const routed: INodeExecutionData[] = [];
	const unmapped: INodeExecutionData[] = [];
	const handling = this.getNodeParameter('unmappedHandling', 0, 'output') as 'output' | 'error';
	const rows = this.getNodeParameter('mapping.rows', 0, []) as Array<{
		code: string;
		warehouse: string;
	}>;
	const routes = buildRouting(rows);
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const returnId = String(this.getNodeParameter('returnId', itemIndex)).trim();
			const sku = String(this.getNodeParameter('sku', itemIndex)).trim();
			const code = this.getNodeParameter('disposition', itemIndex) as string;
			const unit = this.getNodeParameter('unit', itemIndex, '') as string;
			const quantity = Number(this.getNodeParameter('quantity', itemIndex, 1));
			if (!returnId)
				throw new NodeOperationError(this.getNode(), '"Return ID" is empty', { itemIndex });
			const base: IDataObject = {
				returnId,
				sku,
				unit,
				quantity,
				disposition: normalizeDisposition(code),
			};
			const route = routeOf(routes, code);
			if (route.kind === 'unmapped') {
				const message = `Disposition "${String(code)}" has no row in the mapping; the unit stays in the in-transit warehouse`;
				if (handling === 'error')
					throw new NodeOperationError(this.getNode(), message, {
						itemIndex,
						description: 'Add the code to "Disposition Mapping" and run again.',
					});
				unmapped.push({
					json: { ...base, flag: 'unmapped_disposition', routed: false, message },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			const transit = await lookups.warehouseOf('fromWarehouse', itemIndex, 'In-Transit Warehouse');
			const to =
				route.kind === 'move'
					? await lookups.warehouse(
							route.warehouse,
							itemIndex,
							`Mapping for "${base.disposition as string}"`,
						)
					: null;
			const reference = stockReference({
				returnId,
				sku,
				unit,
				stage: route.kind === 'move' ? 'processed' : 'written-off',
			});
			const move = await moveOnce(this, lookups, {
				sku,
				quantity,
				from: transit,
				to,
				reference,
				itemIndex,
			});
			routed.push({
				json: { ...base, routed: true, bucket: to?.name ?? 'none', ...move },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			routed.push(errorItem(error, itemIndex));
		}
	}
	return handling === 'output' ? [routed, unmapped] : [routed];
}
