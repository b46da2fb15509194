/**
 * Moves stock once per reference, for Stock: Move and Disposition: Route (relative changeStock
 * into, out of, or between warehouses).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError } from '../../shared/n8n/runPerItem';
import { CHANGE_STOCK } from '../queries';
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
