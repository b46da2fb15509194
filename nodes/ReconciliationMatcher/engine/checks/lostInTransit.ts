/**
 * Lost in transit: items on a Happy Returns hub shipment the warehouse has not received within
 * the window, reported once per tracking number for a carrier claim.
 */
import { MoneyTotals, type Money } from '../../../shared/money';
import { MS_PER_DAY, toIsoUtc } from '../../../shared/timestamps';
import type { GroupFacts } from '../groupFacts';
import type { Group } from '../groups';
import type { ManifestRecord, SourceRef } from '../types';
import { pastWindow } from '../windows';
import { groupBy, refs, type ExceptionCheck } from './check';

/**
 * An overdue manifest line and what its shipment's exception needs of its order line. Not the
 * group itself: an order line's records and facts are garbage once it is analysed, and holding
 * them for every line still in transit until the end was the largest memory of the analysis.
 */
interface LostLine {
	line: ManifestRecord;
	orderKey: string;
	unitValue: Money | null;
	/** Of the order line (shared by its lost lines): return ids of its events, receipts, events. */
	returnIds: string[];
	receipts: SourceRef[];
	events: SourceRef[];
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

const NUMBERS_AS_NUMBERS = new Intl.Collator('en', { numeric: true });
const byOrderLine = (a: LostLine, b: LostLine): number =>
	NUMBERS_AS_NUMBERS.compare(a.orderKey, b.orderKey) ||
	NUMBERS_AS_NUMBERS.compare(a.line.returnId, b.line.returnId) ||
	NUMBERS_AS_NUMBERS.compare(a.line.sku, b.line.sku) ||
	NUMBERS_AS_NUMBERS.compare(a.line.unit, b.line.unit) ||
	a.line.shippedAt - b.line.shippedAt;

export const lostInTransit: ExceptionCheck = {
	entry: {
		type: 'lost_in_transit',
		title: 'Lost in transit',
		description:
			'Items were on a consolidated Happy Returns hub shipment (by tracking number) but the warehouse has not received them within the window after delivery or departure.',
		rule: 'Raised per tracking number for the manifest lines of an order line that no arrived unit settles (receipts under the same tracking number first, a not-returned grade counts as arrived) once the delivery, or the departure when no delivery date is known, is older than the lost-in-transit window. The lines are listed by order number, return, SKU and unit.',
		defaultOwner: 'logistics',
		defaultSeverity: 'high',
		recommendedAction:
			'Open a claim with the carrier for the tracking number, attaching the manifest lines listed in this exception, and ask Happy Returns to confirm what was loaded.',
		clock: 'the delivery date, or the departure date when no delivery date is known',
		deadlineSetting: 'carrierClaimDeadlineDays',
		amazonClaimWindow: false,
	},
	start: (settings) => {
		const lost: LostLine[] = [];
		const windowMs = settings.windows.lostInTransitDays * MS_PER_DAY;
		return {
			line(line) {
				const { group, facts } = line;
				if (group.manifests.length === 0) return;
				let shared: Omit<LostLine, 'line'> | null = null;
				for (const manifest of unreceivedLines(group, facts)) {
					// Lines still inside the window are not reported: only overdue ones are kept.
					if (!pastWindow(settings.asOf, manifest.deliveredAt ?? manifest.shippedAt, windowMs))
						continue;
					shared ??= {
						orderKey: group.orderKey,
						unitValue: facts.unitValue,
						returnIds: group.events.map((event) => event.returnId),
						receipts: refs(group.receipts),
						events: refs(group.events),
					};
					lost.push({ line: manifest, ...shared });
					// Reported at the end, per tracking number; the line is not matched meanwhile.
					line.hold();
				}
			},
			end(_run, emit) {
				const byTracking = groupBy(lost, (entry) => entry.line.trackingNumber);
				for (const [tracking, found] of byTracking) {
					// Listed by order, return, SKU and unit, not in the order the run met them: the row
					// must read the same however the records arrive or are split between runs.
					const entries = [...found].sort(byOrderLine);
					const clockAt = Math.min(...entries.map((e) => e.line.deliveredAt ?? e.line.shippedAt));
					const value = new MoneyTotals();
					for (const entry of entries) if (entry.unitValue) value.add(entry.unitValue);
					const orders = [...new Set(entries.map((e) => e.orderKey))].sort();
					emit({
						type: 'lost_in_transit',
						keyParts: [tracking],
						trackingNumber: tracking,
						orderNumber: orders.length === 1 ? orders[0] : '',
						returnIds: [...new Set(entries.flatMap((e) => e.returnIds))].sort(),
						units: entries.length,
						expected: value.list(),
						clockAt,
						summary: `Shipment ${tracking}: ${entries.length} item(s) on the Happy Returns manifest not received ${settings.windows.lostInTransitDays}+ days after ${entries.some((e) => e.line.deliveredAt !== null) ? 'delivery' : 'departure'} (orders ${orders.join(', ')}).`,
						evidence: {
							manifests: refs(entries.map((e) => e.line)),
							receipts: entries.flatMap((e) => e.receipts),
							returnEvents: entries.flatMap((e) => e.events),
						},
						details: {
							missingItems: entries.map((e) => ({
								orderNumber: e.orderKey,
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
			},
		};
	},
};
