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

/** The unit-by-unit position, for an exception's clock and details (see StockPosition). */
export interface StockDetails {
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

function stockDetails(group: Group, settings: MatcherSettings): StockDetails {
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

/**
 * The counts the stock checks decide on, per line: units past the window, units owed a movement,
 * units moved, and per bucket (graded units' buckets and the warehouses moved into, first seen
 * first) the graded units, the due units owed a movement and the net moved. Counted receipt by
 * receipt without a list of units, a sort or a map: every line with a receipt needs them, and
 * building the unit-by-unit position for each was most of what the stock checks cost. That
 * position (`details`) is worked out only for a line that raises an exception.
 */
export class StockPosition {
	/** Graded units whose receipt is past the missing-stock-movement window. */
	dueUnits = 0;
	/** Due units owed a movement in all (stock buckets only, not-returned grades left out). */
	dueStock = 0;
	/** Units moved into buckets (positive nets only). */
	movedUnits = 0;
	/** Bucket names; `all`, `owed` and `net` hold each one's counts at the same index. */
	readonly buckets: string[] = [];
	/** Graded units sent to the bucket (0 for the no-stock bucket). */
	readonly all: number[] = [];
	/** Due units owed a movement into the bucket. */
	readonly owed: number[] = [];
	/** Net units moved into the bucket (the in-transit warehouse is not a bucket). */
	readonly net: number[] = [];
	private full: StockDetails | null = null;

	constructor(
		private readonly group: Group,
		private readonly settings: MatcherSettings,
	) {
		const { asOf, dispositionMapping, notReturnedDispositions, inTransitWarehouse } = settings;
		const windowMs = settings.windows.missingStockMovementDays * MS_PER_DAY;
		for (const receipt of group.receipts) {
			const disposition = receipt.disposition;
			if (disposition === '') continue;
			const notReturned = notReturnedDispositions.includes(disposition);
			const bucket =
				dispositionMapping.get(disposition) ?? (notReturned ? NO_STOCK_BUCKET : undefined);
			if (bucket === undefined || receipt.quantity <= 0) continue;
			const at = this.slot(bucket);
			const stock = bucket !== NO_STOCK_BUCKET;
			if (stock) this.all[at] += receipt.quantity;
			if (!pastWindow(asOf, receipt.receivedAt, windowMs)) continue;
			this.dueUnits += receipt.quantity;
			if (stock && !notReturned) {
				this.owed[at] += receipt.quantity;
				this.dueStock += receipt.quantity;
			}
		}
		for (const movement of group.movements) {
			if (movement.warehouse === inTransitWarehouse) continue;
			this.net[this.slot(movement.warehouse)] += movement.quantity;
		}
		for (const net of this.net) if (net > 0) this.movedUnits += net;
	}

	/** The unit-by-unit position (oldest first), worked out on first use. */
	details(): StockDetails {
		this.full ??= stockDetails(this.group, this.settings);
		return this.full;
	}

	private slot(bucket: string): number {
		const { buckets } = this;
		for (let i = 0; i < buckets.length; i++) if (buckets[i] === bucket) return i;
		buckets.push(bucket);
		this.all.push(0);
		this.owed.push(0);
		this.net.push(0);
		return buckets.length - 1;
	}
}
