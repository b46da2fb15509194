/**
 * Stock: Move (relative changeStock into, out of, or between warehouses, idempotent by its
 * reference), Find Movements, Get Levels.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError } from '../../shared/n8n/runPerItem';
import { CHANGE_STOCK, WAREHOUSE_STOCK } from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import type { CentraLookups, StockChangeNode, Warehouse } from './lookups';

export interface MoveRequest {
	sku: string;
	quantity: number;
	from: Warehouse | null;
	to: Warehouse | null;
	reference: string;
	itemIndex: number;
}

function summarize(changes: StockChangeNode[]): IDataObject[] {
	return changes.map((change) => ({
		id: change.id,
		createdAt: change.createdAt,
		reference: change.comment,
		warehouse: change.warehouse.name,
		lines: change.lines.map((l) => ({ sku: l.productSize.SKU, quantity: l.deliveredQuantity })),
	}));
}

/**
 * Moves stock once per reference: an earlier movement with the same reference means the move was
 * already made (a re-run, a duplicate event, or a timeout that went through) and nothing is written.
 */
export async function moveOnce(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	move: MoveRequest,
): Promise<IDataObject> {
	if (!move.reference.trim())
		throw new NodeOperationError(
			context.getNode(),
			'"Reference" is required: it makes the move traceable and prevents moving twice',
			{ itemIndex: move.itemIndex },
		);
	if (!Number.isInteger(move.quantity) || move.quantity < 1)
		throw new NodeOperationError(
			context.getNode(),
			`"Quantity" must be a whole number of at least 1, got ${move.quantity}`,
			{ itemIndex: move.itemIndex },
		);
	const base = {
		reference: move.reference,
		sku: move.sku,
		quantity: move.quantity,
		from: move.from?.name ?? null,
		to: move.to?.name ?? null,
	};
	const existing = await lookups.stockChangesByReference(move.reference, move.itemIndex);
	if (existing.length > 0)
		return { ...base, wrote: false, alreadyMoved: true, stockChanges: summarize(existing) };
	const size = await lookups.productSize(move.sku, move.itemIndex);
	const input = {
		...(move.from ? { outFromWarehouse: { id: move.from.id } } : {}),
		...(move.to ? { intoWarehouse: { id: move.to.id } } : {}),
		description: move.reference,
		productSizes: [{ productSize: { id: size.id }, quantity: move.quantity }],
	};
	try {
		const data = await centraGraphql<{
			changeStock: MutationPayload & { stockChange: StockChangeNode | null };
		}>(context, lookups.credentials, {
			operation: 'Move Stock',
			itemIndex: move.itemIndex,
			query: CHANGE_STOCK,
			variables: { input },
			idempotent: false,
		});
		assertNoUserErrors.call(
			context,
			data.changeStock,
			'Move Stock',
			move.itemIndex,
			`SKU ${move.sku}, ${move.quantity} unit(s)${move.from ? ` out of ${move.from.name}` : ''}${move.to ? ` into ${move.to.name}` : ''}.`,
		);
		return {
			...base,
			wrote: true,
			alreadyMoved: false,
			stockChanges: summarize(
				await lookups.stockChangesByReference(move.reference, move.itemIndex),
			),
			warnings: data.changeStock.userWarnings ?? [],
		};
	} catch (error) {
		// After a timeout the move may have happened: look again before reporting a failure.
		const after = await lookups
			.stockChangesByReference(move.reference, move.itemIndex)
			.catch(() => []);
		if (after.length > 0)
			return {
				...base,
				wrote: true,
				alreadyMoved: false,
				recoveredAfterError: true,
				stockChanges: summarize(after),
			};
		throw asNodeError(context, error, move.itemIndex);
	}
}

export async function moveStock(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const direction = this.getNodeParameter('direction', itemIndex) as 'into' | 'outOf' | 'between';
	const from =
		direction === 'into'
			? null
			: await lookups.warehouse(
					this.getNodeParameter('fromWarehouse', itemIndex) as string,
					itemIndex,
					'From Warehouse',
				);
	const to =
		direction === 'outOf'
			? null
			: await lookups.warehouse(
					this.getNodeParameter('toWarehouse', itemIndex) as string,
					itemIndex,
					'To Warehouse',
				);
	return await moveOnce(this, lookups, {
		sku: String(this.getNodeParameter('sku', itemIndex)),
		quantity: Number(this.getNodeParameter('quantity', itemIndex)),
		from,
		to,
		reference: String(this.getNodeParameter('reference', itemIndex)),
		itemIndex,
	});
}

export async function findMovements(
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

export async function getLevels(
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
	const warehouse = await lookups.warehouse(
		this.getNodeParameter('warehouse', itemIndex) as string,
		itemIndex,
		'Warehouse',
	);
	const sizes = await Promise.all(codes.map((code) => lookups.productSize(code, itemIndex)));
	const data = await centraGraphql<{
		warehouses: Array<{
			id: number;
			name: string;
			stock: Array<{
				productSize: { id: number };
				freeToAllocateQuantity: number;
				physicalQuantity: number;
				allocatedQuantity: number;
			}>;
		}>;
	}>(this, lookups.credentials, {
		operation: 'Get Stock Levels',
		itemIndex,
		query: WAREHOUSE_STOCK,
		variables: { sizeIds: sizes.map((s) => s.id) },
		idempotent: true,
	});
	const stock = data.warehouses.find((w) => w.id === warehouse.id)?.stock ?? [];
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
