/**
 * Moves stock once per reference, for Stock: Move and Disposition: Route (relative changeStock
 * into, out of, or between warehouses).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError } from '../../shared/n8n/runPerItem';
import { CHANGE_STOCK } from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import {
	REFERENCE_SEPARATOR,
	type CentraLookups,
	type StockChangeNode,
	type Warehouse,
} from './lookups';

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

type ChangeStockData = {
	changeStock: MutationPayload & { stockChange: StockChangeNode | null };
};

/**
 * The one place a stock change is sent: Centra's `changeStock` (never retried blindly: a stock
 * change is not idempotent, so the callers look their references up again after an error), its
 * user errors raised as a node error with `hint` as the description.
 */
async function submitStockChange(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	operation: 'Move Stock' | 'Void Duplicate Move',
	itemIndex: number,
	input: IDataObject,
	hint: string,
): Promise<{ created: StockChangeNode | null; warnings: unknown[] }> {
	const data = await centraGraphql<ChangeStockData>(context, lookups.credentials, {
		operation,
		itemIndex,
		query: CHANGE_STOCK,
		variables: { input },
		idempotent: false,
	});
	assertNoUserErrors.call(context, data.changeStock, operation, itemIndex, hint);
	return {
		created: data.changeStock.stockChange,
		warnings: data.changeStock.userWarnings ?? [],
	};
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
		({ created, warnings } = await submitStockChange(
			context,
			lookups,
			'Move Stock',
			move.itemIndex,
			input,
			`SKU ${move.sku}, ${move.quantity} unit(s)${move.from ? ` out of ${move.from.name}` : ''}${move.to ? ` into ${move.to.name}` : ''}.`,
		));
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
	await submitStockChange(
		context,
		lookups,
		'Void Duplicate Move',
		move.itemIndex,
		reversal,
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

/**
 * The most units one batched stock change carries. ASSUMPTION: Centra documents no limit on the
 * lines of `changeStock` nor on the length of its description (docs/vendor-uncertainties.md); a
 * bag or a notice stays far below this.
 */
export const MAX_BATCH_UNITS = 50;

export interface BatchOutcome {
	move: MoveRequest;
	result?: IDataObject;
	error?: Error;
}

async function linesOf(
	lookups: CentraLookups,
	moves: MoveRequest[],
): Promise<Array<{ productSize: { id: number }; quantity: number }>> {
	const bySize = new Map<number, number>();
	for (const move of moves) {
		const size = await lookups.productSize(move.sku, move.itemIndex);
		bySize.set(size.id, (bySize.get(size.id) ?? 0) + move.quantity);
	}
	return [...bySize].map(([id, quantity]) => ({ productSize: { id }, quantity }));
}

/**
 * Moves several units between the same warehouses with ONE stock change (one mutation of Centra's
 * shared quota instead of one per unit; https://centra.dev/graphql/stockchangeinput.html takes
 * several `productSizes` lines). Each unit keeps its own reference, and the change's comment lists
 * them all (`referencesOf`), so the per-unit guards of `moveOnce` still hold:
 * - a unit whose reference is already on a movement is left out (a re-run, a copy of the event);
 * - Centra's stock change is not idempotent, but one change is written whole or not at all: after
 *   an error the node looks every reference up again, so a retry after a timeout that went through
 *   moves nothing twice, and a unit is never in two batches of the same execution;
 * - under concurrency each unit's earliest change in the warehouse wins: the units this execution
 *   moved a second time are reversed at once, together, with a change referencing
 *   "<reference> void <id>" for each.
 * Every move must have been validated by the caller (reference, quantity) and share `from`/`to`.
 */
export async function moveBatchOnce(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	moves: MoveRequest[],
): Promise<BatchOutcome[]> {
	const outcomes = new Map<MoveRequest, BatchOutcome>();
	const base = (move: MoveRequest) => ({
		reference: move.reference,
		sku: move.sku,
		quantity: move.quantity,
		from: move.from?.name ?? null,
		to: move.to?.name ?? null,
	});
	const pending: MoveRequest[] = [];
	const copies: Array<[MoveRequest, MoveRequest]> = [];
	for (const move of moves) {
		// The same reference twice in one batch is one unit: it is moved once, not twice in one change.
		const twin = pending.find((m) => m.reference === move.reference);
		if (twin) {
			copies.push([move, twin]);
			continue;
		}
		const existing = await lookups.stockChangesByReference(move.reference, move.itemIndex);
		if (existing.length > 0)
			outcomes.set(move, {
				move,
				result: {
					...base(move),
					wrote: false,
					alreadyMoved: true,
					stockChanges: summarize(existing),
				},
			});
		else pending.push(move);
	}
	if (pending.length > 0) {
		const first = pending[0];
		const input: IDataObject = {
			...(first.from ? { outFromWarehouse: { id: first.from.id } } : {}),
			...(first.to ? { intoWarehouse: { id: first.to.id } } : {}),
			description: pending.map((m) => m.reference).join(REFERENCE_SEPARATOR),
			productSizes: await linesOf(lookups, pending),
		};
		let created: StockChangeNode | null = null;
		let failure: unknown;
		try {
			({ created } = await submitStockChange(
				context,
				lookups,
				'Move Stock',
				first.itemIndex,
				input,
				`${pending.length} unit(s) in one stock change${first.from ? ` out of ${first.from.name}` : ''}${first.to ? ` into ${first.to.name}` : ''}: ${pending.map((m) => m.sku).join(', ')}.`,
			));
		} catch (error) {
			failure = error;
		}
		const duplicated: MoveRequest[] = [];
		for (const move of pending) {
			// After the write (or an error: the change may have gone through) each reference again.
			const after = await lookups
				.stockChangesByReference(move.reference, move.itemIndex)
				.catch((error: unknown) => (failure ? [] : Promise.reject(error)));
			if (failure) {
				outcomes.set(
					move,
					after.length > 0
						? {
								move,
								result: {
									...base(move),
									wrote: true,
									alreadyMoved: false,
									recoveredAfterError: true,
									stockChanges: summarize(after),
								},
							}
						: { move, error: asNodeError(context, failure, move.itemIndex) },
				);
				continue;
			}
			const mine = created;
			const earliest = mine
				? after
						.filter((c) => c.warehouse.id === mine.warehouse.id)
						.reduce((a, b) => (b.id < a.id ? b : a), mine)
				: null;
			if (mine && earliest && earliest.id !== mine.id) duplicated.push(move);
			else
				outcomes.set(move, {
					move,
					result: {
						...base(move),
						wrote: true,
						alreadyMoved: false,
						batchedUnits: pending.length,
						stockChanges: summarize(after),
					},
				});
		}
		if (created && duplicated.length > 0) {
			const reversal = {
				...(input.intoWarehouse ? { outFromWarehouse: input.intoWarehouse } : {}),
				...(input.outFromWarehouse ? { intoWarehouse: input.outFromWarehouse } : {}),
				description: duplicated
					.map((m) => `${m.reference} void ${created.id}`)
					.join(REFERENCE_SEPARATOR),
				productSizes: await linesOf(lookups, duplicated),
			};
			await submitStockChange(
				context,
				lookups,
				'Void Duplicate Move',
				duplicated[0].itemIndex,
				reversal,
				`Stock change ${created.id} moved ${duplicated.map((m) => `"${m.reference}"`).join(', ')} a second time; reverse those lines in Centra.`,
			);
			for (const move of duplicated)
				outcomes.set(move, {
					move,
					result: { ...base(move), wrote: false, alreadyMoved: true, voidedDuplicate: created.id },
				});
		}
	}
	for (const [copy, twin] of copies) {
		const done = outcomes.get(twin)!;
		outcomes.set(
			copy,
			done.error
				? { move: copy, error: done.error }
				: { move: copy, result: { ...done.result, wrote: false, alreadyMoved: true } },
		);
	}
	return moves.map((move) => outcomes.get(move)!);
}
