/** Duplicate refund: the same returned unit refunded more than once. */
import { refs, type ExceptionCheck } from './check';
import { channels, describe, lineBase, totals } from './lineDraft';

export const duplicateRefund: ExceptionCheck = {
	entry: {
		type: 'duplicate_refund',
		title: 'Duplicate refund',
		description:
			'The same returned unit was refunded more than once, within one channel or across channels (for example Amazon refunded at first scan and a credit note was also created from the Happy Returns signal).',
		rule: "Raised when a second refund row of an order line refunds units beyond the units any source saw returned (without return evidence: ordered, or the largest single channel), unless the line's price shows the extra rows only top up the value of the refunded units; classified refunds are checked too.",
		defaultOwner: 'finance',
		defaultSeverity: 'critical',
		recommendedAction:
			'Confirm both refunds in the payment provider or Seller Central, then reverse the extra credit note or recover the double payment.',
		clock: 'the later refund date',
		deadlineSetting: 'recoveryDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line({ group, facts }, emit) {
			if (facts.duplicates.length === 0) return;
			const units = facts.duplicates.reduce((sum, share) => sum + share.units, 0);
			const clockAt = Math.max(...facts.duplicates.map((share) => share.refund.refundedAt));
			const all = [...facts.legitimate, ...facts.duplicates];
			const withoutId = all.filter((share) => !share.refund.hasId).length;
			emit({
				...lineBase(group, 'duplicate_refund'),
				refund: facts.duplicates[facts.duplicates.length - 1].refund,
				channel: channels(all),
				units,
				expected: totals(facts.legitimate),
				actual: totals(all),
				clockAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku}: ${facts.refundUnits} unit(s) refunded in ${new Set(all.map((s) => s.refund.refundId)).size} refunds (${channels(all)}), but only ${facts.refundUnits - units} unit(s) were returned or ordered; ${units} unit(s) refunded twice, ${describe(totals(facts.duplicates))} too much.${withoutId > 0 ? ` ${withoutId} of the refund rows carry no refund id, so they cannot be told apart from a row delivered twice: a person decides.` : ''}`,
				evidence: {
					refunds: refs(all.map((share) => share.refund)),
					returnEvents: refs(group.events),
					receipts: refs(group.receipts),
				},
				details: {
					duplicateRefundIds: [...new Set(facts.duplicates.map((share) => share.refund.refundId))],
					rowsWithoutId: withoutId,
				},
			});
		},
	}),
};
