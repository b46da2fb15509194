/**
 * Lost in transit: items on a Happy Returns hub shipment the warehouse has not received within
 * the window, reported once per tracking number for a carrier claim.
 */
import { MoneyTotals } from '../../../shared/money';
import { MS_PER_DAY, toIsoUtc } from '../../../shared/timestamps';
import type { GroupFacts } from '../groupFacts';
import type { Group } from '../groups';
import type { ManifestRecord } from '../types';
import { pastWindow } from '../windows';
import { groupBy, refs, type ExceptionCheck } from './check';

interface LostLine {
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

export const lostInTransit: ExceptionCheck = {
	entry: {
		type: 'lost_in_transit',
		title: 'Lost in transit',
		description:
			'Items were on a consolidated Happy Returns hub shipment (by tracking number) but the warehouse has not received them within the window after delivery or departure.',
		rule: 'Raised per tracking number for the manifest lines of an order line that no arrived unit settles (receipts under the same tracking number first, a not-returned grade counts as arrived) once the delivery, or the departure when no delivery date is known, is older than the lost-in-transit window.',
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
				for (const manifest of unreceivedLines(group, facts)) {
					lost.push({ line: manifest, group, facts });
					// Reported at the end, per tracking number; the line is not matched meanwhile.
					if (pastWindow(settings.asOf, manifest.deliveredAt ?? manifest.shippedAt, windowMs))
						line.hold();
				}
			},
			end(_run, emit) {
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
			},
		};
	},
};
