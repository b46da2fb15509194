/**
 * Stock: Move (relative changeStock into, out of, or between warehouses, idempotent by its
 * reference), Find Movements, Get Levels.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError } from '../../shared/n8n/runPerItem';
import { readAllPages } from '../logic/paging';
import { CHANGE_STOCK, PAGE_SIZE, WAREHOUSE_STOCK } from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import type { CentraLookups, ProductSize, StockChangeNode, Warehouse } from './lookups';

interface StockLevel {
	productSize: { id: number };
	freeToAllocateQuantity: number;
	physicalQuantity: number;
	allocatedQuantity: number;
}

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
	const input: IDataObject = {
		...(move.from ? { outFromWarehouse: { id: move.from.id } } : {}),
		...(move.to ? { intoWarehouse: { id: move.to.id } } : {}),
		description: move.reference,
		productSizes: [{ productSize: { id: size.id }, quantity: move.quantity }],
	};
	let created: StockChangeNode | null;
	let warnings: unknown[];
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
		created = data.changeStock.stockChange;
		warnings = data.changeStock.userWarnings ?? [];
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
	return await keepFirstMove(context, lookups, move, input, created, base, warnings);
}

/**
 * Exactly once under concurrency. Centra has no unique key for stock changes, so two executions
 * that both found no movement with the reference can both move. After writing, the node reads the
 * movements with the reference again: in the warehouse of its own change, the earliest change
 * (lowest id) is the move, and a later one means this execution moved a second time, so it
 * reverses its own move at once with a movement referenced "<reference> void <id>". Whatever the
 * interleaving, the later writer's re-check runs after both writes and sees both.
 */
async function keepFirstMove(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	move: MoveRequest,
	input: IDataObject,
	created: StockChangeNode | null,
	base: IDataObject,
	warnings: unknown[],
): Promise<IDataObject> {
	const after = await lookups.stockChangesByReference(move.reference, move.itemIndex);
	if (!created)
		return { ...base, wrote: true, alreadyMoved: false, stockChanges: summarize(after), warnings };
	const sameWarehouse = after.filter((c) => c.warehouse.id === created.warehouse.id);
	const first = sameWarehouse.reduce((a, b) => (b.id < a.id ? b : a), created);
	if (first.id === created.id)
		return { ...base, wrote: true, alreadyMoved: false, stockChanges: summarize(after), warnings };
	const reversal = {
		...(input.intoWarehouse ? { outFromWarehouse: input.intoWarehouse } : {}),
		...(input.outFromWarehouse ? { intoWarehouse: input.outFromWarehouse } : {}),
		description: `${move.reference} void ${created.id}`,
		productSizes: input.productSizes,
	};
	const data = await centraGraphql<{
		changeStock: MutationPayload & { stockChange: StockChangeNode | null };
	}>(context, lookups.credentials, {
		operation: 'Void Duplicate Move',
		itemIndex: move.itemIndex,
		query: CHANGE_STOCK,
		variables: { input: reversal },
		idempotent: false,
	});
	assertNoUserErrors.call(
		context,
		data.changeStock,
		'Void Duplicate Move',
		move.itemIndex,
		`Stock change ${created.id} duplicates ${first.id} (reference "${move.reference}"); reverse it in Centra.`,
	);
	return {
		...base,
		wrote: false,
		alreadyMoved: true,
		voidedDuplicate: created.id,
		stockChanges: summarize(after.filter((c) => c.id !== created.id)),
	};
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
