/**
 * Shipment-side checks: items lost between the Happy Returns hub and the warehouse (grouped per
 * tracking number for carrier claims), receipts on no manifest, and scans without an order.
 */
import { MoneyTotals } from '../../../shared/money';
import { MS_PER_DAY, toIsoUtc } from '../../../shared/timestamps';
import { refs } from '../exceptionBuilder';
import type { GroupFacts } from '../groupFacts';
import type { Group, Grouping } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ManifestRecord, ReceiptRecord, RefundRecord, ReturnEventRecord } from '../types';
import type { Emit } from './refundChecks';
import { pastWindow } from '../windows';

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const list = groups.get(key);
		if (list) list.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

export interface LostLine {
	line: ManifestRecord;
	group: Group;
	facts: GroupFacts;
}

/**
 * Finds the manifest lines of a group that no receipt accounts for. Receipts under the same
 * tracking number settle lines first, then any line of the group, oldest first.
 */
export function unreceivedLines(group: Group, facts: GroupFacts): ManifestRecord[] {
	// A unit graded as not returned ("missing", "wrong-item") came with a bag that arrived: the
	// carrier delivered it, so it settles its manifest line (not carrier loss; see refunded, never
	// returned).
	const arrived = facts.receivedUnits + facts.notReturnedUnits;
	if (group.manifests.length <= arrived) return [];
	const lines = [...group.manifests].sort((a, b) => a.shippedAt - b.shippedAt);
	const settled = new Set<ManifestRecord>();
	let budget = arrived;
	for (const receipt of group.receipts) {
		if (receipt.trackingNumber === '') continue;
		let quantity = receipt.quantity;
		for (const line of lines) {
			if (quantity === 0 || budget === 0) break;
			if (!settled.has(line) && line.trackingNumber === receipt.trackingNumber) {
				settled.add(line);
				quantity--;
				budget--;
			}
		}
	}
	for (const line of lines) {
		if (budget === 0) break;
		if (!settled.has(line)) {
			settled.add(line);
			budget--;
		}
	}
	return lines.filter((line) => !settled.has(line));
}

export function emitLostInTransit(lost: LostLine[], settings: MatcherSettings, emit: Emit): void {
	const windowMs = settings.windows.lostInTransitDays * MS_PER_DAY;
	const overdue = lost.filter((entry) =>
		pastWindow(settings.asOf, entry.line.deliveredAt ?? entry.line.shippedAt, windowMs),
	);
	const byTracking = groupBy(overdue, (entry) => entry.line.trackingNumber);
	for (const [tracking, entries] of byTracking) {
		const clockAt = Math.min(...entries.map((e) => e.line.deliveredAt ?? e.line.shippedAt));
		const value = new MoneyTotals();
		for (const entry of entries) if (entry.facts.unitValue) value.add(entry.facts.unitValue);
		const orders = [...new Set(entries.map((e) => e.group.orderKey))].sort();
		emit({
			type: 'lost_in_transit',
			keyParts: [tracking],
			trackingNumber: tracking,
			orderNumber: orders.length === 1 ? orders[0] : '',
			returnIds: [
				...new Set(entries.flatMap((e) => e.group.events.map((event) => event.returnId))),
			].sort(),
			units: entries.length,
			expected: value.list(),
			clockAt,
			summary: `Shipment ${tracking}: ${entries.length} item(s) on the Happy Returns manifest not received ${settings.windows.lostInTransitDays}+ days after ${entries.some((e) => e.line.deliveredAt !== null) ? 'delivery' : 'departure'} (orders ${orders.join(', ')}).`,
			evidence: {
				manifests: refs(entries.map((e) => e.line)),
				receipts: refs(entries.flatMap((e) => e.group.receipts)),
				returnEvents: refs(entries.flatMap((e) => e.group.events)),
			},
			details: {
				missingItems: entries.map((e) => ({
					orderNumber: e.group.orderKey,
					sku: e.line.sku,
					returnId: e.line.returnId,
					bagBarcode: e.line.bagBarcode,
					unit: e.line.unit,
					shippedAt: toIsoUtc(e.line.shippedAt),
					deliveredAt: e.line.deliveredAt === null ? null : toIsoUtc(e.line.deliveredAt),
				})),
			},
		});
	}
}

function receiptKey(receipt: ReceiptRecord): string[] {
	return [
		receipt.trackingNumber,
		receipt.bagBarcode,
		receipt.returnId,
		receipt.orderNumber,
		receipt.sku,
		String(receipt.receivedAt),
		receipt.disposition,
	];
}

/** `receipts`: those under a tracking number or bag that no Happy Returns manifest lists. */
export function checkReceivedNotOnManifest(
	receipts: Iterable<ReceiptRecord>,
	settings: MatcherSettings,
	emit: Emit,
): void {
	for (const receipt of receipts) {
		emit({
			type: 'received_not_on_manifest',
			keyParts: receiptKey(receipt),
			orderNumber: receipt.orderNumber,
			sku: receipt.sku,
			trackingNumber: receipt.trackingNumber,
			units: receipt.quantity,
			clockAt: receipt.receivedAt,
			summary: `Received ${receipt.quantity} x ${receipt.sku} under tracking "${receipt.trackingNumber || '-'}" / bag "${receipt.bagBarcode || '-'}", which is on no Happy Returns manifest.`,
			evidence: { receipts: [receipt.ref] },
		});
	}
}

/**
 * Receipts tied to no order, and returns naming an order the orders input does not list
 * (`unknownOrderEvents`, collected from the groups whose order is not listed).
 */
export function checkScanWithoutOrder(
	orphanReceipts: Iterable<ReceiptRecord>,
	unknownOrderEvents: ReturnEventRecord[],
	settings: MatcherSettings,
	emit: Emit,
): void {
	for (const receipt of orphanReceipts) {
		emit({
			type: 'scan_without_order',
			keyParts: ['receipt', ...receiptKey(receipt)],
			sku: receipt.sku,
			trackingNumber: receipt.trackingNumber,
			units: receipt.quantity,
			clockAt: receipt.receivedAt,
			summary: `Warehouse receipt of ${receipt.quantity} x ${receipt.sku} (tracking "${receipt.trackingNumber || '-'}", bag "${receipt.bagBarcode || '-'}") matches no order, return or shipment.`,
			evidence: { receipts: [receipt.ref] },
		});
	}
	const unknown = groupBy(unknownOrderEvents, (event) => event.returnId);
	for (const [returnId, events] of unknown) {
		emit({
			type: 'scan_without_order',
			keyParts: ['return', returnId],
			orderNumber: events[0].orderNumber,
			sku: [...new Set(events.map((e) => e.sku))].join(','),
			returnIds: [returnId],
			units: new Set(events.map((e) => `${e.sku}|${e.unit}`)).size,
			clockAt: Math.min(...events.map((e) => e.scannedAt)),
			summary: `Happy Returns return ${returnId} names order "${events[0].orderNumber}", which is not in the order data.`,
			evidence: { returnEvents: refs(events) },
		});
	}
}

/** `unmatchedAmazon`: the Amazon refunds naming no known order, less those classified. */
export function checkMissingOrderId(
	grouping: Grouping,
	unmatchedAmazon: readonly RefundRecord[],
	settings: MatcherSettings,
	emit: Emit,
): void {
	for (const refund of [...grouping.unkeyedRefunds, ...unmatchedAmazon]) {
		emit({
			type: 'missing_merchant_order_id',
			keyParts: ['refund', refund.refundId],
			orderNumber: refund.orderId,
			sku: refund.sku,
			channel: refund.channel,
			units: refund.quantity,
			actual: [refund.amount],
			clockAt: refund.refundedAt,
			summary: refund.orderId
				? `${refund.channel} refund ${refund.refundId} for order ${refund.orderId} has no seller order id and matches no known order.`
				: `${refund.channel} refund ${refund.refundId} carries no order id at all.`,
			evidence: { refunds: [refund.ref] },
		});
	}
	const events = groupBy(grouping.unkeyedEvents, (event) => event.returnId);
	for (const [returnId, list] of events) {
		emit({
			type: 'missing_merchant_order_id',
			keyParts: ['return', returnId],
			sku: [...new Set(list.map((e) => e.sku))].join(','),
			returnIds: [returnId],
			units: new Set(list.map((e) => `${e.sku}|${e.unit}`)).size,
			clockAt: Math.min(...list.map((e) => e.scannedAt)),
			summary: `Happy Returns return ${returnId} arrived without an order number.`,
			evidence: { returnEvents: refs(list) },
		});
	}
	for (const line of grouping.unkeyedManifests) {
		emit({
			type: 'missing_merchant_order_id',
			keyParts: [
				'manifest',
				line.trackingNumber,
				line.sku,
				line.unit,
				line.bagBarcode,
				String(line.shippedAt),
			],
			sku: line.sku,
			trackingNumber: line.trackingNumber,
			units: 1,
			clockAt: line.shippedAt,
			summary: `Manifest line of shipment ${line.trackingNumber} (SKU ${line.sku}) has no order number and no known return or bag.`,
			evidence: { manifests: [line.ref] },
		});
	}
}
