/**
 * Return: Create. An itemised return (credit note) from a Happy Returns return, carrying the Happy
 * Returns id as its external id, created once (helpers/returns.ts repairs a concurrent duplicate).
 * Lines that name their unit are credited per unit: a unit not yet on any return of the Happy
 * Returns id gets a further return of its own (logic/returnFamily.ts), a unit already on one is
 * answered with that return.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import type { CentraLookups } from '../../helpers/lookups';
import { earliest, keepEarliest, returnsByExternalId } from '../../helpers/returns';
import { creditNoteOf, type CentraReturn } from '../../logic/creditNote';
import {
	commentWithUnits,
	coverage,
	inFamily,
	unitKey,
	type ReturnUnit,
} from '../../logic/returnFamily';
import {
	allocateReturnLines,
	ReturnLineError,
	type ShipmentLineView,
	type WantedLine,
} from '../../logic/returnLines';
import { CREATE_RETURN, ORDER_BY_NUMBER, RETURNS_BY } from '../../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../../transport';
import { show, warehouseField } from '../common.descriptions';

const onCreate = show('return', ['create']);

export const description: INodeProperties[] = [
	{
		displayName: 'Happy Returns ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		description: "Stored as the return's external ID; a return with this ID is never created twice",
		displayOptions: onCreate,
	},
	{
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		default: '',
		required: true,
		description: 'The Centra order number the Happy Returns return belongs to',
		displayOptions: onCreate,
	},
	{
		displayName: 'Lines',
		name: 'lines',
		type: 'json',
		default: '[{ "sku": "", "quantity": 1 }]',
		required: true,
		description:
			'SKUs and quantities returned, as a list like [{ "sku": "TEE-M", "quantity": 1 }]. Add "unit" (the unit\'s number within its SKU in the return, e.g. Happy Returns\' unitIndex) to credit per unit: a unit that arrives after the credit note was created gets a further return.',
		displayOptions: onCreate,
	},
	{
		displayName: 'Group Items by Happy Returns ID',
		name: 'groupByReturn',
		type: 'boolean',
		default: true,
		description:
			'Whether input items with the same Happy Returns ID (one per unit) make one return',
		displayOptions: onCreate,
	},
	{
		displayName: 'Stock Policy',
		name: 'stockPolicy',
		type: 'options',
		default: 'noRestock',
		displayOptions: onCreate,
		options: [
			{ name: 'No Restock (Goods Still in Transit)', value: 'noRestock' },
			{ name: 'Restock to a Chosen Warehouse', value: 'warehouse' },
			{ name: 'Restock to the Shipping Warehouse', value: 'originalWarehouse' },
		],
	},
	...warehouseField('restockWarehouse', 'Restock Warehouse', {
		show: { resource: ['return'], operation: ['create'], stockPolicy: ['warehouse'] },
	}),
	{
		displayName: 'Return Options',
		name: 'returnOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: onCreate,
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'Shown in the order history',
			},
			{
				displayName: 'Handling Amount',
				name: 'handlingAmount',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
			},
			{
				displayName: 'Restocking Fee',
				name: 'restockingFee',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
				description: 'Deducted from the refund (Centra returnCost)',
			},
			{
				displayName: 'Shipping Refund',
				name: 'shipping',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'Amount', value: 'amount' },
					{ name: 'None', value: 'none' },
					{ name: 'Remaining Shipping of the Shipment', value: 'fromShipment' },
				],
			},
			{
				displayName: 'Shipping Refund Amount',
				name: 'shippingAmount',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
			},
		],
	},
];

interface OrderShipments {
	number: number;
	grandTotal: { currency: { code: string } };
	shipments: Array<{
		id: number;
		lines: Array<{
			id: number;
			quantity: number;
			returnedQuantity: number;
			orderLine: { productSize: { SKU: string; EAN: string | null } };
		}>;
	}>;
}

type RequestedLine = WantedLine & { unit?: string };

function linesOf(context: IExecuteFunctions, itemIndex: number): RequestedLine[] {
	const raw = context.getNodeParameter('lines', itemIndex) as unknown;
	const parsed =
		typeof raw === 'string'
			? (() => {
					try {
						return JSON.parse(raw) as unknown;
					} catch {
						return undefined;
					}
				})()
			: raw;
	const list = Array.isArray(parsed)
		? parsed
		: parsed && typeof parsed === 'object'
			? [parsed]
			: undefined;
	if (!list || list.length === 0)
		throw new NodeOperationError(
			context.getNode(),
			'"Lines" must be a list of { "sku": "...", "quantity": 1 }',
			{ itemIndex },
		);
	return list.map((line, i) => {
		const entry = (line ?? {}) as { sku?: unknown; quantity?: unknown; unit?: unknown };
		const sku = String(entry.sku ?? '').trim();
		if (!sku)
			throw new NodeOperationError(context.getNode(), `"Lines" entry ${i} has no sku`, {
				itemIndex,
			});
		const quantity = entry.quantity === undefined ? 1 : Number(entry.quantity);
		const unit = entry.unit === undefined || entry.unit === null ? '' : String(entry.unit).trim();
		if (unit === '') return { sku, quantity };
		if (quantity !== 1)
			throw new NodeOperationError(
				context.getNode(),
				`"Lines" entry ${i} names unit "${unit}" with quantity ${String(entry.quantity)}: a line with a unit is one unit (quantity 1)`,
				{ itemIndex },
			);
		return { sku, quantity, unit };
	});
}

function stockPolicy(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> | IDataObject {
	const policy = context.getNodeParameter('stockPolicy', itemIndex) as string;
	if (policy === 'noRestock') return { removeItemsFromStock: true };
	if (policy === 'originalWarehouse') return { releaseItemsBackToWarehouse: true };
	return lookups
		.warehouseOf('restockWarehouse', itemIndex, 'Restock Warehouse')
		.then((w) => ({ sendItemsToDifferentWarehouse: { id: w.id } }));
}

function costs(context: IExecuteFunctions, itemIndex: number, currency: string): IDataObject {
	const options = context.getNodeParameter('returnOptions', itemIndex, {}) as {
		shipping?: string;
		shippingAmount?: number;
		handlingAmount?: number;
		restockingFee?: number;
		comment?: string;
	};
	const input: IDataObject = {};
	if (options.shipping === 'fromShipment') input.shippingCost = { fromShipment: true };
	if (options.shipping === 'amount')
		input.shippingCost = {
			value: { value: options.shippingAmount ?? 0, currencyIsoCode: currency },
		};
	if (options.handlingAmount)
		input.handlingCost = { value: { value: options.handlingAmount, currencyIsoCode: currency } };
	if (options.restockingFee)
		input.returnCost = { value: options.restockingFee, currencyIsoCode: currency };
	if (options.comment) input.comment = options.comment;
	return input;
}

function orderNumberOf(context: IExecuteFunctions, itemIndex: number): number {
	const orderNumber = Number(context.getNodeParameter('orderNumber', itemIndex));
	if (!Number.isInteger(orderNumber))
		throw new NodeOperationError(
			context.getNode(),
			`"Order Number" must be a Centra order number, got "${String(context.getNodeParameter('orderNumber', itemIndex))}"`,
			{ itemIndex },
		);
	return orderNumber;
}

/** Reads the order, takes the units from its shipment lines and creates one return. */
async function writeReturn(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
	externalId: string,
	wanted: WantedLine[],
	comment?: string,
): Promise<CentraReturn> {
	const orderNumber = orderNumberOf(context, itemIndex);
	const data = await centraGraphql<{ orders: OrderShipments[] }>(context, lookups.credentials, {
		operation: 'Get Order',
		itemIndex,
		query: ORDER_BY_NUMBER,
		variables: { number: [orderNumber] },
		idempotent: true,
	});
	const order = data.orders[0];
	if (!order)
		throw new NodeOperationError(context.getNode(), `Order ${orderNumber} not found in Centra`, {
			itemIndex,
		});
	const lines: ShipmentLineView[] = order.shipments.flatMap((shipment) =>
		shipment.lines.map((line) => ({
			shipmentId: shipment.id,
			lineId: line.id,
			sku: line.orderLine.productSize.SKU,
			ean: line.orderLine.productSize.EAN ?? '',
			quantity: line.quantity,
			returnedQuantity: line.returnedQuantity,
		})),
	);
	let allocated;
	try {
		allocated = allocateReturnLines(wanted, lines);
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			error instanceof ReturnLineError
				? `Order ${orderNumber}: ${error.message}`
				: (error as Error),
			{ itemIndex },
		);
	}
	const shipments = [...new Set(allocated.map((line) => line.shipmentId))];
	if (shipments.length > 1)
		throw new NodeOperationError(
			context.getNode(),
			`Order ${orderNumber}: the units span ${shipments.length} shipments; Centra returns belong to one shipment. Split the lines per shipment.`,
			{ itemIndex },
		);
	const currency = order.grandTotal.currency.code;
	const input = {
		shipment: { id: shipments[0] },
		lines: allocated.map((line) => ({
			shipmentLine: { id: line.lineId },
			quantity: line.quantity,
		})),
		returnStockActionPolicy: await stockPolicy(context, lookups, itemIndex),
		externalId,
		...costs(context, itemIndex, currency),
		...(comment !== undefined ? { comment } : {}),
	};
	const created = await centraGraphql<{
		createReturn: MutationPayload & { return: CentraReturn | null };
	}>(context, lookups.credentials, {
		operation: 'Create Return',
		itemIndex,
		query: CREATE_RETURN,
		variables: { input },
		idempotent: false,
	});
	assertNoUserErrors.call(
		context,
		created.createReturn,
		'Create Return',
		itemIndex,
		`Order ${orderNumber}, Happy Returns id ${externalId}.`,
	);
	return created.createReturn.return as CentraReturn;
}

async function createOne(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
	externalId: string,
	wanted: WantedLine[],
): Promise<IDataObject> {
	const existing = await returnsByExternalId(context, lookups, externalId, itemIndex);
	if (existing.length > 0)
		return { wrote: false, alreadyExisted: true, ...creditNoteOf(earliest(existing)) };
	let created: CentraReturn;
	try {
		created = await writeReturn(context, lookups, itemIndex, externalId, wanted);
	} catch (error) {
		// A timed-out create may have gone through, or a concurrent execution created the return
		// first (Centra then refuses the units as already returned): the external id tells.
		const after = await returnsByExternalId(context, lookups, externalId, itemIndex).catch(
			() => [],
		);
		if (after.length > 0)
			return {
				wrote: false,
				alreadyExisted: true,
				recoveredAfterError: true,
				...creditNoteOf(earliest(after)),
			};
		throw asNodeError(context, error, itemIndex);
	}
	return await keepEarliest(context, lookups, externalId, created, itemIndex);
}

interface RequestedUnit extends ReturnUnit {
	item: number;
}

/** Rounds of read-family, write-what-is-missing before giving up (concurrent writers settle). */
const UNIT_ROUNDS = 4;

/**
 * Per-unit credit. Each round reads the family (the order's returns whose external id is the
 * Happy Returns id or derived from it), answers the units it covers, and creates what is missing:
 * the first return with every uncovered unit when the family is empty, else one further return per
 * uncovered unit. Every write is followed by the keep-the-earliest repair of its external id, and
 * the next round reads again, so a unit a concurrent execution wrote first is answered with that
 * return, never written twice. A failed write is not repeated blindly: the next round re-reads
 * first (a timed-out write that went through is then found).
 */
async function creditUnits(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
	happyReturnsId: string,
	units: RequestedUnit[],
): Promise<INodeExecutionData[]> {
	const orderNumber = orderNumberOf(context, itemIndex);
	const userComment = String(
		(context.getNodeParameter('returnOptions', itemIndex, {}) as { comment?: string }).comment ??
			'',
	);
	const written = new Set<number>();
	let lastError: unknown;
	for (let round = 0; round < UNIT_ROUNDS; round++) {
		const data = await centraGraphql<{ returns: CentraReturn[] }>(context, lookups.credentials, {
			operation: 'Find Return',
			itemIndex,
			query: RETURNS_BY,
			variables: { where: { orderNumber: [orderNumber] } },
			idempotent: true,
		});
		const family = data.returns.filter((r) => inFamily(happyReturnsId, r.externalId));
		const members = family.map((r) => ({
			id: r.id,
			externalId: r.externalId,
			comment: r.comment,
			skuQuantities: r.lines.reduce((m, line) => {
				const sku = (line.orderLine.productSize?.SKU ?? '').toUpperCase();
				return m.set(sku, (m.get(sku) ?? 0) + line.quantity);
			}, new Map<string, number>()),
		}));
		const cov = coverage(happyReturnsId, members, units);
		const missing = units.map((_, i) => i).filter((i) => cov.coveredBy[i] === null);
		if (missing.length === 0) {
			const byReturn = new Map<number, RequestedUnit[]>();
			units.forEach((unit, i) =>
				byReturn.set(cov.coveredBy[i]!, [...(byReturn.get(cov.coveredBy[i]!) ?? []), unit]),
			);
			return [...byReturn].map(([id, on]) => {
				const record = family.find((r) => r.id === id)!;
				return {
					json: {
						wrote: written.has(id),
						alreadyExisted: !written.has(id),
						...creditNoteOf(record),
						creditedUnits: on.map(({ sku, unit }) => ({ sku, unit })),
					},
					pairedItem: [...new Set(on.map((u) => u.item))].map((item) => ({ item })),
				};
			});
		}
		if (round > 0) await sleep(100 * round);
		// What to write this round: the first return with every missing unit, or one further
		// return per missing unit.
		const writes = cov.first
			? missing.map((i) => ({
					externalId: cov.furtherIds.get(i)!,
					units: [i],
					comment: undefined,
				}))
			: [
					{
						externalId: happyReturnsId,
						units: missing,
						comment: commentWithUnits(
							userComment,
							missing.map((i) => unitKey(units[i])),
						),
					},
				];
		for (const write of writes) {
			let created: CentraReturn;
			try {
				created = await writeReturn(
					context,
					lookups,
					itemIndex,
					write.externalId,
					write.units.map((i) => ({ sku: units[i].sku, quantity: 1 })),
					write.comment,
				);
			} catch (error) {
				// Permanent refusals (a SKU not on the order, units spanning shipments) fail now; a
				// shortage of returnable units or a refused or timed-out write is read again: a
				// concurrent execution may hold the units on a return about to be repaired.
				const message = error instanceof Error ? error.message : String(error);
				if (/is not on any shipment|span \d+ shipments|not found in Centra/.test(message))
					throw asNodeError(context, error, itemIndex);
				lastError = error;
				break;
			}
			// The repair's own failure (a duplicate it could not delete) is not retried: it names
			// the return to delete by hand.
			const kept = await keepEarliest(context, lookups, write.externalId, created, itemIndex);
			if (kept.wrote === true) written.add(created.id);
		}
	}
	throw lastError !== undefined
		? asNodeError(context, lastError, itemIndex)
		: new NodeOperationError(
				context.getNode(),
				`Happy Returns id ${happyReturnsId}: the units were still not on a Centra return after ${UNIT_ROUNDS} rounds`,
				{ itemIndex },
			);
}

/** Create Return: one return per input item, or per Happy Returns id when grouping is on. */
export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const group = this.getNodeParameter('groupByReturn', 0, false) as boolean;
	const batches = new Map<
		string,
		{ indexes: number[]; lines: WantedLine[]; units: RequestedUnit[]; unitless: boolean }
	>();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const externalId = String(this.getNodeParameter('externalId', itemIndex)).trim();
			if (!externalId)
				throw new NodeOperationError(
					this.getNode(),
					'"Happy Returns ID" is empty: it is the external id that makes the return traceable and idempotent',
					{ itemIndex },
				);
			const key = group ? externalId : `${externalId}\u0000${itemIndex}`;
			const batch = batches.get(key) ?? { indexes: [], lines: [], units: [], unitless: false };
			const lines = linesOf(this, itemIndex);
			batch.indexes.push(itemIndex);
			batch.lines.push(...lines);
			for (const line of lines)
				if (line.unit === undefined) batch.unitless = true;
				else batch.units.push({ sku: line.sku, unit: line.unit, item: itemIndex });
			batches.set(key, batch);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	for (const [key, batch] of batches) {
		const first = batch.indexes[0];
		const merged = new Map<string, number>();
		for (const line of batch.lines)
			merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
		try {
			// Per unit only when every line names its unit; otherwise one return per Happy Returns id.
			if (!batch.unitless && batch.units.length > 0) {
				output.push(
					...(await creditUnits(this, lookups, first, key.split('\u0000')[0], batch.units)),
				);
				continue;
			}
			const json = await createOne(
				this,
				lookups,
				first,
				key.split('\u0000')[0],
				[...merged].map(([sku, quantity]) => ({ sku, quantity })),
			);
			output.push({ json, pairedItem: batch.indexes.map((item) => ({ item })) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, first);
			for (const item of batch.indexes) output.push(errorItem(error, item));
		}
	}
	return output;
}
