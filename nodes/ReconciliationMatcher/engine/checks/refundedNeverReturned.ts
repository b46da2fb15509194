/** Refunded, never returned: refunded units the warehouse has not received within the window. */
import { MS_PER_DAY } from '../../../shared/timestamps';
import type { RefundShare } from '../groupFacts';
import { pastWindow } from '../windows';
import { refs, type ExceptionCheck } from './check';
import { channels, describe, lineBase, notReturnedGrades, totals } from './lineDraft';

export const refundedNeverReturned: ExceptionCheck = {
	entry: {
		type: 'refunded_never_returned',
		title: 'Refunded, never returned',
		description:
			'The customer was refunded (often at the first Return Bar scan or an Amazon first scan) and a return was started or dropped off, but the goods have not reached the warehouse within the window.',
		rule: 'Raised for the refunded units of an order line with return evidence that no receipt settles (receipts settle the oldest refunds first; a unit graded as not returned settles none) once their refund is older than the refunded-never-returned window.',
		defaultOwner: 'finance',
		defaultSeverity: 'high',
		recommendedAction:
			'Trace the return with Happy Returns by return id and bag barcode. If the goods are lost, claim from Happy Returns or the carrier; for Amazon orders file the reimbursement or SAFE-T claim before the deadline.',
		clock: 'the refund date',
		deadlineSetting: 'claimDeadlineDaysAmazonMfn',
		amazonClaimWindow: true,
	},
	start: () => ({
		line({ group, facts, settings }, emit) {
			if (!facts.hasReturnEvidence) return;
			// Most lines are settled: every refunded unit received. No list is built for them.
			let refundedUnits = 0;
			for (const share of facts.legitimate) refundedUnits += share.units;
			if (facts.receivedUnits >= refundedUnits) return;
			// Receipts settle the oldest refunds first; what is left are the refunds still waiting.
			let received = facts.receivedUnits;
			const waiting: RefundShare[] = [];
			for (const share of facts.legitimate) {
				const settled = Math.min(received, share.units);
				received -= settled;
				if (settled < share.units) {
					const units = share.units - settled;
					waiting.push({
						refund: share.refund,
						units,
						amountMinor: Math.round((share.amountMinor * units) / share.units),
					});
				}
			}
			const windowMs = settings.windows.refundedNeverReturnedDays * MS_PER_DAY;
			const overdue = waiting.filter((share) =>
				pastWindow(settings.asOf, share.refund.refundedAt, windowMs),
			);
			if (overdue.length === 0) return;
			const units = overdue.reduce((sum, share) => sum + share.units, 0);
			const oldest = overdue[0].refund;
			const amounts = totals(overdue);
			const scans = facts.returnUnits.filter((unit) => Number.isFinite(unit.firstScanAt));
			emit({
				...lineBase(group, 'refunded_never_returned'),
				refund: oldest,
				channel: channels(overdue),
				units,
				actual: amounts,
				clockAt: oldest.refundedAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku}: ${units} refunded unit(s) (${describe(amounts)}) not received by the warehouse ${settings.windows.refundedNeverReturnedDays}+ days after the refund; ${facts.returnUnits.length} unit(s) with a Happy Returns return, ${scans.length} scanned at drop-off, ${facts.manifestUnits} on hub shipments, ${facts.receivedUnits} received${facts.expiredUnits > 0 ? `; ${facts.expiredUnits} unit(s) of a return that expired before drop-off` : ''}${facts.notReturnedUnits > 0 ? `; ${facts.notReturnedUnits} unit(s) graded as not returned (${notReturnedGrades(group, settings).join(', ')}) in a bag that arrived (packed at the Return Bar: claim from Happy Returns, not the carrier)` : ''}.`,
				evidence: {
					refunds: refs(overdue.map((share) => share.refund)),
					returnEvents: refs(group.events),
					manifests: refs(group.manifests),
					receipts: refs(group.receipts),
				},
				details: {
					returnStatus: facts.returnUnits.map((unit) => unit.status),
					expiredReturnUnits: facts.expiredUnits,
					missingInBagUnits: facts.notReturnedUnits,
					notReturnedGrades: notReturnedGrades(group, settings),
					trackingNumbers: [...new Set(group.manifests.map((m) => m.trackingNumber))],
					bagBarcodes: [
						...new Set(group.events.map((e) => e.bagBarcode).filter((bag) => bag !== '')),
					],
				},
			});
		},
	}),
};
