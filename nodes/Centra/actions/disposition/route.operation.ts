/**
 * Disposition: Route. Each returned unit moves from the in-transit warehouse to the bucket its
 * disposition maps to. A code without a row is never guessed; the unit goes out flagged
 * "unmapped disposition" on its own output, or as an error item, as the user chose. Units with
 * the same "Batch Key" routed to the same bucket move with one stock change (helpers/moveOnce.ts),
 * across returns when the key is the same for all.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import { REFERENCE_SEPARATOR, type CentraLookups } from '../../helpers/lookups';
import { MAX_BATCH_UNITS, moveBatchOnce, moveOnce, type MoveRequest } from '../../helpers/moveOnce';
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
		displayName: 'Batch Key',
		name: 'batchKey',
		type: 'string',
		default: '',
		displayOptions: onRoute,
		description:
			"Units of this run with the same key and bucket move with one stock change listing every unit's reference (fewer mutations from Centra's shared quota); each unit is still moved once. The same key for every unit (e.g. a fixed text) moves all units of the run to a bucket together, across returns; Stock: Find Movements reads such a change back as one movement per return. Units of more than one piece batch only with their own return. Empty: one stock change per unit.",
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

interface Slot {
	output: 'routed' | 'unmapped';
	item: INodeExecutionData;
}

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[][]> {
	const handling = this.getNodeParameter('unmappedHandling', 0, 'output') as 'output' | 'error';
	const rows = this.getNodeParameter('mapping.rows', 0, []) as Array<{
		code: string;
		warehouse: string;
	}>;
	const routes = buildRouting(rows);
	const count = this.getInputData().length;
	const slots: Array<Slot | undefined> = new Array(count);
	const failed = (error: unknown, itemIndex: number): Slot => {
		if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
		return { output: 'routed', item: errorItem(error, itemIndex) };
	};
	// Batched units wait here (by key and bucket) until every item has been read.
	const groups = new Map<string, Array<{ move: MoveRequest; base: IDataObject; bucket: string }>>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const returnId = String(this.getNodeParameter('returnId', itemIndex)).trim();
			const sku = String(this.getNodeParameter('sku', itemIndex)).trim();
			const code = this.getNodeParameter('disposition', itemIndex) as string;
			const unit = this.getNodeParameter('unit', itemIndex, '') as string;
			const quantity = Number(this.getNodeParameter('quantity', itemIndex, 1));
			const key = String(this.getNodeParameter('batchKey', itemIndex, '') ?? '').trim();
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
				slots[itemIndex] = {
					output: 'unmapped',
					item: {
						json: { ...base, flag: 'unmapped_disposition', routed: false, message },
						pairedItem: { item: itemIndex },
					},
				};
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
			const move: MoveRequest = { sku, quantity, from: transit, to, reference, itemIndex };
			const bucket = to?.name ?? 'none';
			if (key) {
				if (reference.includes(REFERENCE_SEPARATOR))
					throw new NodeOperationError(
						this.getNode(),
						`The unit's stock reference "${reference}" contains "${REFERENCE_SEPARATOR}", which separates the references of a batched stock change: clear "Batch Key" for it`,
						{ itemIndex },
					);
				if (!Number.isInteger(quantity) || quantity < 1)
					throw new NodeOperationError(
						this.getNode(),
						`"Quantity" must be a whole number of at least 1, got ${quantity}`,
						{ itemIndex },
					);
				// A unit of several pieces stays within its return's change: a change across returns is
				// read back per return by counting one piece per unit reference (logic/movementsPerReturn.ts).
				const group = [key, transit.id, to?.id ?? '', quantity === 1 ? '' : returnId].join(
					'\u0000',
				);
				groups.set(group, [...(groups.get(group) ?? []), { move, base, bucket }]);
				continue;
			}
			const moved = await moveOnce(this, lookups, move);
			slots[itemIndex] = {
				output: 'routed',
				item: {
					json: { ...base, routed: true, bucket, ...moved },
					pairedItem: { item: itemIndex },
				},
			};
		} catch (error) {
			slots[itemIndex] = failed(error, itemIndex);
		}
	}
	for (const units of groups.values())
		for (let start = 0; start < units.length; start += MAX_BATCH_UNITS) {
			const batch = units.slice(start, start + MAX_BATCH_UNITS);
			let outcomes;
			try {
				outcomes = await moveBatchOnce(
					this,
					lookups,
					batch.map((u) => u.move),
				);
			} catch (error) {
				for (const { move } of batch) slots[move.itemIndex] = failed(error, move.itemIndex);
				continue;
			}
			outcomes.forEach((outcome, i) => {
				const { move, base, bucket } = batch[i];
				slots[move.itemIndex] = outcome.error
					? failed(outcome.error, move.itemIndex)
					: {
							output: 'routed',
							item: {
								json: { ...base, routed: true, bucket, ...outcome.result },
								pairedItem: { item: move.itemIndex },
							},
						};
			});
		}
	const routed = slots.filter((s) => s?.output === 'routed').map((s) => s!.item);
	const unmapped = slots.filter((s) => s?.output === 'unmapped').map((s) => s!.item);
	return handling === 'output' ? [routed, unmapped] : [routed];
}
