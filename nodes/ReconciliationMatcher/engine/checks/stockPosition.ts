/**
 * Where a line's received units should be and where they were moved, for the stock checks
 * (missing stock movement, inventory drift). Timed per unit from that unit's receipt: a unit is
 * due once its own receipt is older than the window (an age of exactly the window is still inside
 * it). Units moved settle the oldest due units first.
 */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { NO_STOCK_BUCKET } from '../buckets';
import type { Group } from '../groups';
import type { MatcherSettings } from '../settings';
import { pastWindow } from '../windows';

/** A graded unit: where its grade says it goes ("NONE" = no stock) and when it was received. */
export interface GradedUnit {
	bucket: string;
	receivedAt: number;
	/** Graded as not returned ("missing", "wrong-item"): no stock movement is owed for it. */
	notReturned: boolean;
}

export interface StockPosition {
	/** Every received unit with a mapped grade, oldest first. */
	units: GradedUnit[];
	/** Those whose receipt is past the missing-stock-movement window. */
	due: GradedUnit[];
	/** Graded units per stock bucket (no-stock grades left out). */
	allByBucket: Map<string, number>;
	/** Due units owed a movement, per stock bucket. */
	dueByBucket: Map<string, number>;
	/** Due units owed a movement, oldest first. */
	dueStockUnits: GradedUnit[];
	/** Units owed a movement in all. */
	dueStock: number;
	/** Net units moved per bucket (the in-transit warehouse is not a bucket). */
	moved: Map<string, number>;
	/** Units moved into buckets (positive nets only). */
	movedUnits: number;
}

/**
 * Every received unit with a mapped grade, oldest first (a receipt of quantity 2 is two units).
 * A grade meaning the unit did not come back goes where its row says, else to no stock.
 */
function gradedUnits(group: Group, settings: MatcherSettings): GradedUnit[] {
	const units: GradedUnit[] = [];
	for (const receipt of group.receipts) {
		if (receipt.disposition === '') continue;
		const notReturned = settings.notReturnedDispositions.includes(receipt.disposition);
		const bucket =
			settings.dispositionMapping.get(receipt.disposition) ??
			(notReturned ? NO_STOCK_BUCKET : undefined);
		if (bucket === undefined) continue;
		for (let i = 0; i < receipt.quantity; i++)
			units.push({ bucket, receivedAt: receipt.receivedAt, notReturned });
	}
	return units.sort((a, b) => a.receivedAt - b.receivedAt);
}

/**
 * Net units per stock bucket from the movements tied to the line: moves out (negative) and
 * corrections between buckets count, so "Main -1, B-stock +1" leaves Main 0 and B-stock 1.
 * The in-transit warehouse is not a bucket.
 */
function netMoved(group: Group, settings: MatcherSettings): Map<string, number> {
	const moved = new Map<string, number>();
	for (const movement of group.movements) {
		if (movement.warehouse === settings.inTransitWarehouse) continue;
		moved.set(movement.warehouse, (moved.get(movement.warehouse) ?? 0) + movement.quantity);
	}
	return moved;
}

function countBy(units: readonly GradedUnit[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const unit of units) counts.set(unit.bucket, (counts.get(unit.bucket) ?? 0) + 1);
	return counts;
}

export function stockPosition(group: Group, settings: MatcherSettings): StockPosition {
	const units = gradedUnits(group, settings);
	const windowMs = settings.windows.missingStockMovementDays * MS_PER_DAY;
	const due = units.filter((unit) => pastWindow(settings.asOf, unit.receivedAt, windowMs));
	const allByBucket = countBy(units);
	// A unit that did not come back is owed no movement (a move of it is still drift).
	const dueByBucket = countBy(due.filter((unit) => !unit.notReturned));
	allByBucket.delete(NO_STOCK_BUCKET);
	dueByBucket.delete(NO_STOCK_BUCKET);
	const moved = netMoved(group, settings);
	let dueStock = 0;
	for (const count of dueByBucket.values()) dueStock += count;
	let movedUnits = 0;
	for (const net of moved.values()) if (net > 0) movedUnits += net;
	const dueStockUnits = due.filter((unit) => unit.bucket !== NO_STOCK_BUCKET && !unit.notReturned);
	return { units, due, allByBucket, dueByBucket, dueStockUnits, dueStock, moved, movedUnits };
}
