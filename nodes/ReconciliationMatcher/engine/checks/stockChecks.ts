/**
 * Stock-side checks: unmapped disposition codes, processed returns without a Centra stock
 * movement, and inventory drift (units stuck in transit, buckets that disagree with receipts).
 */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { refs } from '../exceptionBuilder';
import type { Group } from '../groups';
import { NO_STOCK_BUCKET, type MatcherSettings } from '../settings';
import type { ReceiptRecord } from '../types';
import type { Emit } from './refundChecks';

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
		if (receipt.disposition === '' || settings.dispositionMapping.has(receipt.disposition))
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

/** Bucket (warehouse) each processed receipt should have moved stock into, per the mapping. */
function expectedBuckets(
	group: Group,
	settings: MatcherSettings,
): Map<string, { units: number; oldest: number }> {
	const expected = new Map<string, { units: number; oldest: number }>();
	for (const receipt of group.receipts) {
		if (receipt.disposition === '') continue;
		const bucket = settings.dispositionMapping.get(receipt.disposition);
		if (bucket === undefined || bucket === NO_STOCK_BUCKET) continue;
		const entry = expected.get(bucket) ?? { units: 0, oldest: receipt.receivedAt };
		entry.units += receipt.quantity;
		entry.oldest = Math.min(entry.oldest, receipt.receivedAt);
		expected.set(bucket, entry);
	}
	return expected;
}

function movedInto(group: Group, settings: MatcherSettings): Map<string, number> {
	const moved = new Map<string, number>();
	for (const movement of group.movements) {
		if (movement.quantity <= 0 || movement.warehouse === settings.inTransitWarehouse) continue;
		moved.set(movement.warehouse, (moved.get(movement.warehouse) ?? 0) + movement.quantity);
	}
	return moved;
}

function mismatchedBuckets(
	expected: Map<string, { units: number }>,
	moved: Map<string, number>,
): string[] {
	return [...new Set([...expected.keys(), ...moved.keys()])].filter(
		(bucket) => (expected.get(bucket)?.units ?? 0) !== (moved.get(bucket) ?? 0),
	);
}

export function checkStock(
	group: Group,
	settings: MatcherSettings,
	emit: Emit,
	checkMissing: boolean,
	checkDrift: boolean,
): void {
	const expected = expectedBuckets(group, settings);
	const moved = movedInto(group, settings);
	const windowMs = settings.windows.missingStockMovementDays * MS_PER_DAY;
	let expectedUnits = 0;
	let oldest = Number.POSITIVE_INFINITY;
	for (const entry of expected.values()) {
		expectedUnits += entry.units;
		oldest = Math.min(oldest, entry.oldest);
	}
	let movedUnits = 0;
	for (const units of moved.values()) movedUnits += units;
	const due = expectedUnits > 0 && settings.asOf - oldest >= windowMs;
	if (checkMissing && due && movedUnits < expectedUnits) {
		emit({
			type: 'missing_stock_movement',
			keyParts: [group.orderKey, group.sku],
			orderNumber: group.orderKey,
			sku: group.sku,
			returnIds: [...new Set(group.receipts.map((r) => r.returnId).filter((id) => id !== ''))],
			units: expectedUnits - movedUnits,
			clockAt: oldest,
			summary: `Order ${group.orderKey}, SKU ${group.sku}: ${expectedUnits} unit(s) processed in the warehouse, only ${movedUnits} moved into a stock bucket in Centra after ${settings.windows.missingStockMovementDays} day(s).`,
			evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
			details: {
				expectedByBucket: Object.fromEntries([...expected].map(([bucket, e]) => [bucket, e.units])),
			},
		});
	}
	if (!checkDrift) return;
	// A bucket short of units with nothing moved at all is a missing movement, not drift.
	const mismatched = due && movedUnits > 0 ? mismatchedBuckets(expected, moved) : [];
	if (mismatched.length > 0) {
		emit({
			type: 'inventory_drift',
			keyParts: ['bucket', group.orderKey, group.sku],
			orderNumber: group.orderKey,
			sku: group.sku,
			units: mismatched.reduce(
				(sum, b) => sum + Math.abs((expected.get(b)?.units ?? 0) - (moved.get(b) ?? 0)),
				0,
			),
			clockAt: oldest,
			summary: `Order ${group.orderKey}, SKU ${group.sku}: stock buckets disagree with processed returns (${mismatched.map((b) => `${b}: expected ${expected.get(b)?.units ?? 0}, moved ${moved.get(b) ?? 0}`).join('; ')}).`,
			evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
			details: { buckets: mismatched },
		});
	}
	checkTransitHold(group, settings, emit);
}

function checkTransitHold(group: Group, settings: MatcherSettings, emit: Emit): void {
	if (settings.inTransitWarehouse === '') return;
	let net = 0;
	let oldestIn = Number.POSITIVE_INFINITY;
	for (const movement of group.movements) {
		if (movement.warehouse !== settings.inTransitWarehouse) continue;
		net += movement.quantity;
		if (movement.quantity > 0) oldestIn = Math.min(oldestIn, movement.movedAt);
	}
	if (net <= 0 || settings.asOf - oldestIn < settings.windows.inTransitHoldDays * MS_PER_DAY)
		return;
	emit({
		type: 'inventory_drift',
		keyParts: ['transit', group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		units: net,
		clockAt: oldestIn,
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${net} unit(s) held in the in-transit warehouse ${settings.inTransitWarehouse} for ${settings.windows.inTransitHoldDays}+ days.`,
		evidence: { stockMovements: refs(group.movements), receipts: refs(group.receipts) },
		details: { warehouse: settings.inTransitWarehouse },
	});
}
