/** Returned, never refunded: goods back in the warehouse with no refund within the window. */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { pastWindow } from '../windows';
import { refs, type ExceptionCheck } from './check';
import { lineBase } from './lineDraft';

export const returnedNeverRefunded: ExceptionCheck = {
	entry: {
		type: 'returned_never_refunded',
		title: 'Returned, never refunded',
		description:
			'Goods are back in the warehouse but no refund was paid within the window. The customer is waiting; for Amazon orders Amazon may refund on your behalf and charge you.',
		rule: 'Raised for received units of an order line (not exchanges, not graded as not returned) beyond the units refunded, once the first unrefunded receipt is older than the returned-never-refunded window plus the finance lag; not while an Amazon refund of the same SKU names no known order.',
		defaultOwner: 'customer_service',
		defaultSeverity: 'high',
		recommendedAction:
			'Check Amazon first (never refund twice), then issue the refund or credit note and tell the customer.',
		clock: 'the receipt date',
		deadlineSetting: 'refundDueDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line({ group, facts, settings, unlinkedAmazonSku }, emit) {
			// An Amazon refund of this SKU that names no order we know may be this line's refund: it is
			// reported once, as a missing merchant order id, not again as a refund missing here.
			if (unlinkedAmazonSku) return;
			const refundable = facts.receivedUnits - facts.exchangeUnits;
			const refunded = facts.legitimate.reduce((sum, share) => sum + share.units, 0);
			if (refundable <= refunded) return;
			const receipts = [...group.receipts].sort((a, b) => a.receivedAt - b.receivedAt);
			// The first receipts are the refunded ones; the clock runs from the first unrefunded unit.
			let covered = refunded + facts.exchangeUnits;
			let clockAt = Number.NaN;
			for (const receipt of receipts) {
				if (covered < receipt.quantity) {
					clockAt = receipt.receivedAt;
					break;
				}
				covered -= receipt.quantity;
			}
			if (Number.isNaN(clockAt)) return;
			const waitMs =
				settings.windows.returnedNeverRefundedDays * MS_PER_DAY +
				settings.windows.financeLagHours * 3_600_000;
			if (!pastWindow(settings.asOf, clockAt, waitMs)) return;
			const units = refundable - refunded;
			const expected = facts.unitValue
				? [{ amountMinor: facts.unitValue.amountMinor * units, currency: facts.unitValue.currency }]
				: [];
			emit({
				...lineBase(group, 'returned_never_refunded'),
				units,
				expected,
				clockAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku}: ${units} unit(s) received in the warehouse with no refund after ${settings.windows.returnedNeverRefundedDays} day(s) (plus ${settings.windows.financeLagHours} h for refunds to post).`,
				evidence: {
					receipts: refs(group.receipts),
					refunds: refs(facts.legitimate.map((s) => s.refund)),
					returnEvents: refs(group.events),
				},
			});
		},
	}),
};
