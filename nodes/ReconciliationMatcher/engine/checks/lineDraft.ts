/** Wording and keys the refund-side checks of one order line share. */
import { MoneyTotals, formatMinor, type Money } from '../../../shared/money';
import type { RefundShare } from '../groupFacts';
import type { Group } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ExceptionType } from '../types';

export function totals(shares: readonly RefundShare[]): Money[] {
	const sums = new MoneyTotals();
	for (const share of shares)
		sums.add({ amountMinor: share.amountMinor, currency: share.refund.amount.currency });
	return sums.list();
}

export function describe(values: Money[]): string {
	return (
		values
			.map((value) => `${formatMinor(value.amountMinor, value.currency)} ${value.currency}`)
			.join(' + ') || 'no amount'
	);
}

export function channels(shares: readonly RefundShare[]): string {
	return [...new Set(shares.map((share) => share.refund.channel))].sort().join('+');
}

/** The grades of the line's receipts that count as not returned, each once. */
export function notReturnedGrades(group: Group, settings: MatcherSettings): string[] {
	const grades = new Set<string>();
	for (const receipt of group.receipts)
		if (settings.notReturnedDispositions.includes(receipt.disposition))
			grades.add(receipt.disposition);
	return [...grades].sort();
}

/** Type, key and line of an exception about one order line. */
export function lineBase(group: Group, type: ExceptionType) {
	return {
		type,
		keyParts: [group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		returnIds: group.returnIds().sort(),
	};
}
