/** Refund value mismatch: the amount refunded differs from the value of the refunded units. */
import { formatMinor } from '../../../shared/money';
import { allowedGap } from '../groupFacts';
import { refs, type ExceptionCheck } from './check';
import { channels, describe, lineBase, totals } from './lineDraft';

export const refundValueMismatch: ExceptionCheck = {
	entry: {
		type: 'refund_value_mismatch',
		title: 'Refund value mismatch',
		description:
			'The amount refunded differs from the value of the returned units by more than the tolerance (same currency only; a refund in another currency than the order is reported, never converted).',
		rule: "Raised when the refund rows of an order line, with amount-only rows of its SKU, summed in the line's currency, differ from the units' value (order line price, else the return's unit value) by more than the tolerance, or include another currency; refunds classified as goodwill or FBA are left out.",
		defaultOwner: 'finance',
		defaultSeverity: 'medium',
		recommendedAction:
			'Compare the refund with the order line price, discounts and fees; correct the credit note or recover the difference.',
		clock: 'the refund date',
		deadlineSetting: 'recoveryDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line({ group, facts, settings, classified }, emit) {
			const unitValue = facts.unitValue;
			if (!unitValue || facts.legitimate.length === 0) return;
			let units = 0;
			let refundedMinor = 0;
			let otherCurrency = false;
			// Split refunds sum: every row for the line's units, and amount-only top-ups of the same SKU,
			// are compared once with the value of the units.
			let paid =
				group.sku !== '' && facts.adjustments.length > 0
					? [...facts.legitimate, ...facts.adjustments]
					: facts.legitimate;
			// A refund classified as needing no return (goodwill, FBA) has no goods to be worth.
			if (classified.size > 0) paid = paid.filter((share) => !classified.has(share.refund));
			if (paid.length === 0) return;
			for (const share of paid) {
				units += share.units;
				if (share.refund.amount.currency === unitValue.currency) refundedMinor += share.amountMinor;
				else otherCurrency = true;
			}
			if (units === 0) return;
			const expectedMinor = unitValue.amountMinor * units;
			const allowed = allowedGap(expectedMinor, settings.tolerance);
			// Most lines agree: decide from the one-currency sum, and build the totals only to report.
			if (!otherCurrency && Math.abs(refundedMinor - expectedMinor) <= allowed) return;
			const actual = totals(paid);
			const sameCurrency = actual.find((value) => value.currency === unitValue.currency);
			const otherCurrencies = actual.filter((value) => value.currency !== unitValue.currency);
			const outOfTolerance =
				sameCurrency !== undefined && Math.abs(sameCurrency.amountMinor - expectedMinor) > allowed;
			if (!outOfTolerance && otherCurrencies.length === 0) return;
			const clockAt = Math.max(...paid.map((share) => share.refund.refundedAt));
			emit({
				...lineBase(group, 'refund_value_mismatch'),
				channel: channels(paid),
				units,
				expected: [{ amountMinor: expectedMinor, currency: unitValue.currency }],
				actual,
				clockAt,
				summary:
					otherCurrencies.length > 0
						? `Order ${group.orderKey}, SKU ${group.sku}: refunded ${describe(actual)} for goods priced in ${unitValue.currency}; amounts in another currency are never converted, check the refund by hand.`
						: `Order ${group.orderKey}, SKU ${group.sku}: refunded ${describe(actual)} for ${units} unit(s) worth ${formatMinor(expectedMinor, unitValue.currency)} ${unitValue.currency} (tolerance ${formatMinor(allowed, unitValue.currency)}).`,
				evidence: {
					refunds: refs(paid.map((s) => s.refund)),
					orders: refs(group.orderLines),
					returnEvents: refs(group.events),
				},
				details: { currencyMismatch: otherCurrencies.length > 0, toleranceMinor: allowed },
			});
		},
	}),
};
