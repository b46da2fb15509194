/**
 * Stock: Move. A relative stock change into, out of, or between warehouses, made once per
 * reference (helpers/moveOnce.ts). Items with the same "Batch Key" and warehouses share one stock
 * change (one Centra mutation for the units of a notice or a bag).
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
import {
	MAX_BATCH_UNITS,
	moveBatchOnce,
	moveOnce,
	type BatchOutcome,
	type MoveRequest,
} from '../../helpers/moveOnce';
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
	{
		displayName: 'Batch Key',
		name: 'batchKey',
		type: 'string',
		default: '',
		displayOptions: show('stock', ['move']),
		description:
			"Items of this run with the same key and warehouses are moved with one stock change listing every item's reference (fewer mutations from Centra's shared quota); each reference is still moved once. Use the return ID, so the movement still names its return. Empty: one stock change per item.",
	},
];

async function requestOf(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<MoveRequest> {
	const direction = context.getNodeParameter('direction', itemIndex) as
		'into' | 'outOf' | 'between';
	return {
		sku: String(context.getNodeParameter('sku', itemIndex)),
		quantity: Number(context.getNodeParameter('quantity', itemIndex)),
		from:
			direction === 'into'
				? null
				: await lookups.warehouseOf('fromWarehouse', itemIndex, 'From Warehouse'),
		to:
			direction === 'outOf'
				? null
				: await lookups.warehouseOf('toWarehouse', itemIndex, 'To Warehouse'),
		reference: String(context.getNodeParameter('reference', itemIndex)),
		itemIndex,
	};
}

function validate(context: IExecuteFunctions, move: MoveRequest): void {
	const fail = (message: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex: move.itemIndex });
	if (!move.reference.trim())
		throw fail('"Reference" is required: it makes the move traceable and prevents moving twice');
	if (move.reference.includes(REFERENCE_SEPARATOR))
		throw fail(
			`"Reference" must not contain "${REFERENCE_SEPARATOR}": a batched stock change lists its units' references separated by it`,
		);
	if (!Number.isInteger(move.quantity) || move.quantity < 1)
		throw fail(`"Quantity" must be a whole number of at least 1, got ${move.quantity}`);
}

/**
 * Every item of the run: items without a batch key one by one (as `execute`), items sharing a key
 * and warehouses in batches of at most MAX_BATCH_UNITS, one stock change each. Output in input
 * order, each item paired with its input; with "Continue On Fail" a failed item (or batch) becomes
 * error items and the rest go on.
 */
export async function executeAll(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const outcomes: Array<BatchOutcome | undefined> = new Array(count);
	const groups = new Map<string, MoveRequest[]>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const key = String(this.getNodeParameter('batchKey', itemIndex, '') ?? '').trim();
			if (!key) {
				const result = await execute.call(this, lookups, itemIndex);
				outcomes[itemIndex] = { move: { itemIndex } as MoveRequest, result };
				continue;
			}
			const move = await requestOf(this, lookups, itemIndex);
			validate(this, move);
			const group = `${key}\u0000${move.from?.id ?? ''}\u0000${move.to?.id ?? ''}`;
			groups.set(group, [...(groups.get(group) ?? []), move]);
		} catch (error) {
			outcomes[itemIndex] = { move: { itemIndex } as MoveRequest, error: error as Error };
		}
	}
	for (const moves of groups.values())
		for (let start = 0; start < moves.length; start += MAX_BATCH_UNITS) {
			const batch = moves.slice(start, start + MAX_BATCH_UNITS);
			try {
				for (const outcome of await moveBatchOnce(this, lookups, batch))
					outcomes[outcome.move.itemIndex] = outcome;
			} catch (error) {
				for (const move of batch) outcomes[move.itemIndex] = { move, error: error as Error };
			}
		}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const outcome = outcomes[itemIndex]!;
		if (outcome.error) {
			if (!this.continueOnFail()) throw asNodeError(this, outcome.error, itemIndex);
			output.push(errorItem(outcome.error, itemIndex));
		} else output.push({ json: outcome.result!, pairedItem: { item: itemIndex } });
	}
	return [output];
}

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
