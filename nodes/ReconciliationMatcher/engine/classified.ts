/**
 * Refunds that need no return, classified instead of raised as orphaned refunds: goodwill (a
 * refund reason the merchant lists as goodwill) and, when the merchant says FBA refunds need no
 * return here, Amazon refunds fulfilled by Amazon (the unit goes back to Amazon's fulfilment
 * centre, which these inputs do not see). Only a refund with no return behind it is classified;
 * one with a return is matched like any other, and duplicate checks apply to both.
 */
import type { Money } from '../../shared/money';
import { toIsoUtc } from '../../shared/timestamps';
import { normalizeChannel } from './normalize';
import type { MatcherSettings } from './settings';
import type { RefundRecord, SourceRef } from './types';

export type RefundClass = 'goodwill' | 'fba';

/** One refund (or its share on a line) classified as needing no return. */
export interface ClassifiedRefund {
	class: RefundClass;
	refundId: string;
	channel: string;
	orderNumber: string;
	sku: string;
	units: number;
	amount: Money;
	refundedAt: string;
	refundReason: string;
	ref: SourceRef;
}

/** Classified refunds per class and currency, for the summary. */
export interface ClassifiedTotal {
	class: RefundClass;
	currency: string;
	refunds: number;
	units: number;
	amountMinor: number;
}

/**
 * The class of a refund that needs no return, or null. A goodwill reason wins over FBA: the
 * merchant named why it was paid.
 */
export function refundClass(refund: RefundRecord, settings: MatcherSettings): RefundClass | null {
	if (settings.goodwillRefundReasons.length > 0 && refund.refundReason !== '') {
		if (settings.goodwillRefundReasons.includes(normalizeChannel(refund.refundReason)))
			return 'goodwill';
	}
	if (
		!settings.fbaRefundsNeedReturn &&
		refund.channel === 'amazon' &&
		(refund.fulfillment === 'FBA' || refund.fulfillment === 'AFN')
	)
		return 'fba';
	return null;
}

export function classifiedRefund(
	refundClassName: RefundClass,
	refund: RefundRecord,
	orderNumber: string,
	units: number,
	amountMinor: number,
): ClassifiedRefund {
	return {
		class: refundClassName,
		refundId: refund.refundId,
		channel: refund.channel,
		orderNumber,
		sku: refund.sku,
		units,
		amount: { amountMinor, currency: refund.amount.currency },
		refundedAt: toIsoUtc(refund.refundedAt),
		refundReason: refund.refundReason,
		ref: refund.ref,
	};
}

/** Count, units and money per class and currency (never adding two currencies), sorted. */
export function classifiedTotals(list: readonly ClassifiedRefund[]): ClassifiedTotal[] {
	const totals = new Map<string, ClassifiedTotal>();
	const refundsSeen = new Map<string, Set<string>>();
	for (const entry of list) {
		const key = `${entry.class}\u0000${entry.amount.currency}`;
		let total = totals.get(key);
		if (total === undefined) {
			total = {
				class: entry.class,
				currency: entry.amount.currency,
				refunds: 0,
				units: 0,
				amountMinor: 0,
			};
			totals.set(key, total);
			refundsSeen.set(key, new Set());
		}
		// A refund split over lines of one order is one refund.
		const seen = refundsSeen.get(key) as Set<string>;
		const id = `${entry.ref.input}:${entry.ref.item}`;
		if (!seen.has(id)) {
			seen.add(id);
			total.refunds++;
		}
		total.units += entry.units;
		total.amountMinor += entry.amount.amountMinor;
	}
	return [...totals.values()].sort((a, b) =>
		a.class === b.class ? a.currency.localeCompare(b.currency) : a.class.localeCompare(b.class),
	);
}
