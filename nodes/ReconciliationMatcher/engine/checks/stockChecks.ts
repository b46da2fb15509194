/**
 * Stock-side checks: unmapped disposition codes, processed returns without a Centra stock
 * movement, and inventory drift (units stuck in transit, buckets that disagree with receipts).
 */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { refs } from '../exceptionBuilder';
import type { Group } from '../groups';
import { NO_STOCK_BUCKET } from '../buckets';
import type { MatcherSettings } from '../settings';
import type { ReceiptRecord } from '../types';
import type { Emit } from './refundChecks';
import { pastWindow } from '../windows';

function receiptIdentity(receipt: ReceiptRecord): string[] {
	return [
		receipt.trackingNumber,
		receipt.bagBarcode,
		receipt.returnId,
		receipt.orderNumber,
		receipt.sku,
		String(receipt.receivedAt),
	];
}

export function checkUnmappedDisposition(
	group: Group,
	settings: MatcherSettings,
	emit: Emit,
): void {
	for (const receipt of group.receipts) {
		if (
			receipt.disposition === '' ||
			settings.dispositionMapping.has(receipt.disposition) ||
			// A grade that means the unit did not come back leaves no stock without a row.
			settings.notReturnedDispositions.includes(receipt.disposition)
		)
			continue;
		emit({
			type: 'unmapped_disposition',
			keyParts: [...receiptIdentity(receipt), receipt.disposition],
			orderNumber: group.orderKey,
			sku: group.sku,
			trackingNumber: receipt.trackingNumber,
			returnIds: receipt.returnId ? [receipt.returnId] : [],
			units: receipt.quantity,
			clockAt: receipt.receivedAt,
			summary: `Disposition code "${receipt.disposition}" on ${receipt.quantity} x ${group.sku} (order ${group.orderKey}) has no row in the disposition mapping.`,
			evidence: { receipts: [receipt.ref] },
			details: { disposition: receipt.disposition },
		});
	}
}

/** A graded unit: where its grade says it goes ("NONE" = no stock) and when it was received. */
interface GradedUnit {
	bucket: string;
	receivedAt: number;
	/** Graded as not returned ("missing", "wrong-item"): no stock movement is owed for it. */
	notReturned: boolean;
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

/**
 * Missing stock movement and bucket drift, timed per unit from that unit's receipt: a unit is
 * due once its own receipt is older than the window (an age of exactly the window is still
 * inside it). Units moved settle the oldest due units first.
 *
 * - Missing stock movement: fewer units moved into stock buckets than due units that go to stock.
 * - Bucket drift: a bucket holds more units than every graded unit of the line sends there
 *   (including a unit graded to no stock, such as "missing", that was moved into Main), or fewer
 *   than its due units while as many units were moved as are due (units went to the wrong bucket).
 */
export function checkStock(
	group: Group,
	settings: MatcherSettings,
	emit: Emit,
	checkMissing: boolean,
	checkDrift: boolean,
): void {
	const units = gradedUnits(group, settings);
	if (units.length > 0) {
		const windowMs = settings.windows.missingStockMovementDays * MS_PER_DAY;
		const due = units.filter((unit) => pastWindow(settings.asOf, unit.receivedAt, windowMs));
		const allByBucket = countBy(units);
		// A unit that did not come back is owed no movement (a move of it is still checked above).
		const dueByBucket = countBy(due.filter((unit) => !unit.notReturned));
		allByBucket.delete(NO_STOCK_BUCKET);
		dueByBucket.delete(NO_STOCK_BUCKET);
		const moved = netMoved(group, settings);
		let dueStock = 0;
		for (const count of dueByBucket.values()) dueStock += count;
		let movedUnits = 0;
		for (const units of moved.values()) if (units > 0) movedUnits += units;
		const dueStockUnits = due.filter(
			(unit) => unit.bucket !== NO_STOCK_BUCKET && !unit.notReturned,
		);
		if (checkMissing && movedUnits < dueStock) {
			// The units still waiting are the newest due ones; the clock is the oldest of them.
			const waiting = dueStockUnits.slice(movedUnits);
			emit({
				type: 'missing_stock_movement',
				keyParts: [group.orderKey, group.sku],
				orderNumber: group.orderKey,
				sku: group.sku,
				returnIds: [...new Set(group.receipts.map((r) => r.returnId).filter((id) => id !== ''))],
				units: dueStock - movedUnits,
				clockAt: waiting[0].receivedAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku}: ${dueStock} unit(s) processed in the warehouse more than ${settings.windows.missingStockMovementDays} day(s) ago, only ${movedUnits} moved into a stock bucket in Centra.`,
				evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
				details: { expectedByBucket: Object.fromEntries(dueByBucket) },
			});
		}
		if (checkDrift && due.length > 0) {
			const buckets = [...new Set([...allByBucket.keys(), ...moved.keys()])].sort();
			const drift: Array<{ bucket: string; expected: number; moved: number }> = [];
			for (const bucket of buckets) {
				const net = moved.get(bucket) ?? 0;
				const all = allByBucket.get(bucket) ?? 0;
				const owed = dueByBucket.get(bucket) ?? 0;
				// A bucket short while units are still unmoved is a missing movement, not drift.
				if (net > all || net < 0 || (net < owed && movedUnits >= dueStock))
					drift.push({ bucket, expected: net > all ? all : owed, moved: net });
			}
			if (drift.length > 0) {
				emit({
					type: 'inventory_drift',
					keyParts: ['bucket', group.orderKey, group.sku],
					orderNumber: group.orderKey,
					sku: group.sku,
					units: drift.reduce((sum, d) => sum + Math.abs(d.expected - d.moved), 0),
					clockAt: due[0].receivedAt,
					summary: `Order ${group.orderKey}, SKU ${group.sku}: stock buckets disagree with the graded units (${drift.map((d) => `${d.bucket}: expected ${d.expected}, moved ${d.moved}`).join('; ')}).`,
					evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
					details: {
						buckets: drift.map((d) => d.bucket),
						grades: [...new Set(units.map((unit) => unit.bucket))].sort(),
					},
				});
			}
		}
	}
	if (checkDrift) checkTransitHold(group, settings, emit);
}

/**
 * Units held in the in-transit warehouse, each on its own clock: units leave in the order they
 * came (first in, first out), so a unit routed on long ago does not age the one that came in
 * yesterday. Raised when a unit still held entered more than the window ago.
 */
function checkTransitHold(group: Group, settings: MatcherSettings, emit: Emit): void {
	if (settings.inTransitWarehouse === '') return;
	const moves = group.movements
		.filter((movement) => movement.warehouse === settings.inTransitWarehouse)
		.sort((a, b) => a.movedAt - b.movedAt || b.quantity - a.quantity);
	const held: number[] = [];
	let out = 0;
	for (const movement of moves) {
		if (movement.quantity > 0)
			for (let i = 0; i < movement.quantity; i++) held.push(movement.movedAt);
		else out -= movement.quantity;
	}
	const still = held.slice(Math.min(out, held.length));
	const windowMs = settings.windows.inTransitHoldDays * MS_PER_DAY;
	const overdue = still.filter((at) => pastWindow(settings.asOf, at, windowMs));
	if (overdue.length === 0) return;
	emit({
		type: 'inventory_drift',
		keyParts: ['transit', group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		units: overdue.length,
		clockAt: overdue[0],
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${overdue.length} unit(s) held in the in-transit warehouse ${settings.inTransitWarehouse} for more than ${settings.windows.inTransitHoldDays} days.`,
		evidence: { stockMovements: refs(group.movements), receipts: refs(group.receipts) },
		details: { warehouse: settings.inTransitWarehouse },
	});
}
