/**
 * Return / credit note: Create from a Happy Returns return (idempotent by the Happy Returns id as
 * externalId), Get, Complete, Refund (only when the user enables it here).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../shared/n8n/runPerItem';
import { creditNoteOf, type CentraReturn } from '../logic/creditNote';
import { PageGuard } from '../logic/paging';
import { refundLines } from '../logic/refundLines';
import {
	allocateReturnLines,
	ReturnLineError,
	type ShipmentLineView,
	type WantedLine,
} from '../logic/returnLines';
import {
	COMPLETE_RETURN,
	CREATE_RETURN,
	DELETE_RETURN,
	ORDER_BY_NUMBER,
	PAGE_SIZE,
	REFUND_RETURN,
	RETURNS_BY,
	RETURNS_PAGE,
} from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import type { CentraLookups } from './lookups';

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

export async function returnsByExternalId(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	externalId: string,
	itemIndex: number,
): Promise<CentraReturn[]> {
	const data = await centraGraphql<{ returns: CentraReturn[] }>(context, lookups.credentials, {
		operation: 'Find Return',
		itemIndex,
		query: RETURNS_BY,
		variables: { where: { externalId: [externalId] } },
		idempotent: true,
	});
	return data.returns;
}

function linesOf(context: IExecuteFunctions, itemIndex: number): WantedLine[] {
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
		const entry = (line ?? {}) as { sku?: unknown; quantity?: unknown };
		const sku = String(entry.sku ?? '').trim();
		if (!sku)
			throw new NodeOperationError(context.getNode(), `"Lines" entry ${i} has no sku`, {
				itemIndex,
			});
		return { sku, quantity: entry.quantity === undefined ? 1 : Number(entry.quantity) };
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
		.warehouse(
			context.getNodeParameter('restockWarehouse', itemIndex) as string,
			itemIndex,
			'Restock Warehouse',
		)
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
	const orderNumber = Number(context.getNodeParameter('orderNumber', itemIndex));
	if (!Number.isInteger(orderNumber))
		throw new NodeOperationError(
			context.getNode(),
			`"Order Number" must be a Centra order number, got "${String(context.getNodeParameter('orderNumber', itemIndex))}"`,
			{ itemIndex },
		);
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
	};
	let created: CentraReturn;
	try {
		const data = await centraGraphql<{
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
			data.createReturn,
			'Create Return',
			itemIndex,
			`Order ${orderNumber}, Happy Returns id ${externalId}.`,
		);
		created = data.createReturn.return as CentraReturn;
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

function earliest(records: CentraReturn[]): CentraReturn {
	return records.reduce((a, b) => (b.id < a.id ? b : a));
}

/**
 * Exactly once under concurrency. Centra has no unique external id, so two executions that both
 * found no return (check-then-write) can both create one. After writing, the node looks again:
 * when more than one return carries the external id, the earliest (lowest id) is the return and
 * every later one is deleted by the execution that created it. Whatever the interleaving, the
 * later writer's re-check runs after both writes, so it sees both and voids its own.
 */
async function keepEarliest(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	externalId: string,
	created: CentraReturn,
	itemIndex: number,
): Promise<IDataObject> {
	const all = await returnsByExternalId(context, lookups, externalId, itemIndex);
	const winner = earliest([created, ...all]);
	if (winner.id === created.id)
		return { wrote: true, alreadyExisted: false, ...creditNoteOf(created) };
	const data = await centraGraphql<{ deleteReturn: MutationPayload }>(
		context,
		lookups.credentials,
		{
			operation: 'Void Duplicate Return',
			itemIndex,
			query: DELETE_RETURN,
			variables: { id: created.id },
			idempotent: false,
		},
	);
	assertNoUserErrors.call(
		context,
		data.deleteReturn,
		'Void Duplicate Return',
		itemIndex,
		`Return ${created.id} duplicates return ${winner.id} (Happy Returns id ${externalId}); delete it in Centra.`,
	);
	return {
		wrote: false,
		alreadyExisted: true,
		voidedDuplicate: created.id,
		...creditNoteOf(winner),
	};
}

/** Create Return: one return per input item, or per Happy Returns id when grouping is on. */
export async function createReturns(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const group = this.getNodeParameter('groupByReturn', 0, false) as boolean;
	const batches = new Map<string, { indexes: number[]; lines: WantedLine[] }>();
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
			const batch = batches.get(key) ?? { indexes: [], lines: [] };
			batch.indexes.push(itemIndex);
			batch.lines.push(...linesOf(this, itemIndex));
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

async function returnByIdOrExternal(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<CentraReturn> {
	const by = context.getNodeParameter('returnLookup', itemIndex, 'externalId') as string;
	const value = String(context.getNodeParameter('returnValue', itemIndex)).trim();
	if (!value) throw new NodeOperationError(context.getNode(), '"Return" is empty', { itemIndex });
	const where = by === 'id' ? { id: [Number(value)] } : { externalId: [value] };
	const data = await centraGraphql<{ returns: CentraReturn[] }>(context, lookups.credentials, {
		operation: 'Get Return',
		itemIndex,
		query: RETURNS_BY,
		variables: { where },
		idempotent: true,
	});
	if (data.returns.length === 0)
		throw new NodeOperationError(
			context.getNode(),
			`No Centra return with ${by === 'id' ? 'id' : 'external id'} "${value}"`,
			{ itemIndex },
		);
	return data.returns[0];
}

export async function getReturn(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	return creditNoteOf(await returnByIdOrExternal(this, lookups, itemIndex));
}

export async function completeReturn(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const record = await returnByIdOrExternal(this, lookups, itemIndex);
	if (record.returnStatus === 'COMPLETED')
		return { wrote: false, alreadyCompleted: true, ...creditNoteOf(record) };
	const data = await centraGraphql<{
		completeReturn: MutationPayload & { return: CentraReturn | null };
	}>(this, lookups.credentials, {
		operation: 'Complete Return',
		itemIndex,
		query: COMPLETE_RETURN,
		variables: {
			id: record.id,
			sendEmail: this.getNodeParameter('sendEmail', itemIndex, false) as boolean,
		},
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.completeReturn, 'Complete Return', itemIndex);
	return {
		wrote: true,
		alreadyCompleted: false,
		...creditNoteOf(data.completeReturn.return as CentraReturn),
	};
}

export async function refundReturn(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	if (this.getNodeParameter('allowRefund', itemIndex, false) !== true) {
		throw new NodeOperationError(
			this.getNode(),
			'Refunding in Centra is switched off for this node',
			{
				itemIndex,
				description:
					'The returns flow refunds elsewhere by default (Happy Returns or Amazon). Turn on "Refund the Customer in Centra" only if Centra should pay the refund.',
			},
		);
	}
	const record = await returnByIdOrExternal(this, lookups, itemIndex);
	const note = creditNoteOf(record);
	// A refund requested at the PSP and not yet confirmed is in progress: refunding again would
	// pay twice once both go through.
	if (note.refunded || note.refundInProgress)
		return { wrote: false, alreadyRefunded: note.refunded, ...note };
	const data = await centraGraphql<{
		refundReturn: MutationPayload & { return: CentraReturn | null };
	}>(this, lookups.credentials, {
		operation: 'Refund Return',
		itemIndex,
		query: REFUND_RETURN,
		variables: {
			id: record.id,
			sendEmail: this.getNodeParameter('sendEmail', itemIndex, false) as boolean,
		},
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.refundReturn, 'Refund Return', itemIndex);
	return {
		wrote: true,
		alreadyRefunded: false,
		...creditNoteOf(data.refundReturn.return as CentraReturn),
	};
}

/** Get Many: credit notes created in a time window (e.g. the storefront refunds of a night), all pages. */
export async function listReturns(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('returnFilters', itemIndex, {}) as {
		from?: string;
		to?: string;
		refundedOnly?: boolean;
	};
	const where: IDataObject = {};
	if (filters.from || filters.to)
		where.createdAt = {
			...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
			...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
		};
	const limit = (this.getNodeParameter('returnAll', itemIndex, true) as boolean)
		? Number.POSITIVE_INFINITY
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	const asLines = this.getNodeParameter('returnOutput', itemIndex, 'creditNotes') === 'refundLines';
	const output: IDataObject[] = [];
	const guard = new PageGuard('return');
	for (let page = 1; output.length < limit; page++) {
		const data = await centraGraphql<{ returns: CentraReturn[] }>(this, lookups.credentials, {
			operation: 'List Returns',
			itemIndex,
			query: RETURNS_PAGE,
			variables: { where, limit: PAGE_SIZE, page },
			idempotent: true,
		});
		guard.checkRows(data.returns, (r: CentraReturn) => r.id);
		for (const record of data.returns) {
			const note = creditNoteOf(record);
			if (asLines) output.push(...(refundLines(note) as unknown as IDataObject[]));
			else if (!filters.refundedOnly || note.refunded) output.push(note);
		}
		if (data.returns.length < PAGE_SIZE) break;
	}
	return output.slice(0, limit);
}
