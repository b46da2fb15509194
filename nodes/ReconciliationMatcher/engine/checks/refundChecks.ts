/**
 * Refund-side checks of one order-line group: orphaned, duplicate, refunded-never-returned,
 * returned-never-refunded and value mismatch.
 */
import { MoneyTotals, formatMinor, type Money } from '../../../shared/money';
import { MS_PER_DAY } from '../../../shared/timestamps';
import { refs, type ExceptionDraft } from '../exceptionBuilder';
import { allowedGap, type GroupFacts, type RefundShare } from '../groupFacts';
import { pastWindow } from '../windows';
import type { Group } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ExceptionType, RefundRecord } from '../types';

const NONE_CLASSIFIED: ReadonlySet<RefundRecord> = new Set();

export type Emit = (draft: ExceptionDraft) => void;

function totals(shares: readonly RefundShare[]): Money[] {
	const sums = new MoneyTotals();
	for (const share of shares)
		sums.add({ amountMinor: share.amountMinor, currency: share.refund.amount.currency });
	return sums.list();
}

function describe(values: Money[]): string {
	return (
		values
			.map((value) => `${formatMinor(value.amountMinor, value.currency)} ${value.currency}`)
			.join(' + ') || 'no amount'
	);
}

function channels(shares: readonly RefundShare[]): string {
	return [...new Set(shares.map((share) => share.refund.channel))].sort().join('+');
}

/** The grades of the line's receipts that count as not returned, each once. */
function notReturnedGrades(group: Group, settings: MatcherSettings): string[] {
	const grades = new Set<string>();
	for (const receipt of group.receipts)
		if (settings.notReturnedDispositions.includes(receipt.disposition))
			grades.add(receipt.disposition);
	return [...grades].sort();
}

function returnIds(group: Group): string[] {
	return group.returnIds().sort();
}

function base(group: Group, type: ExceptionType) {
	return {
		type,
		keyParts: [group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		returnIds: returnIds(group),
	};
}

export function checkDuplicateRefund(
	group: Group,
	facts: GroupFacts,
	settings: MatcherSettings,
	emit: Emit,
): void {
	if (facts.duplicates.length === 0) return;
	const units = facts.duplicates.reduce((sum, share) => sum + share.units, 0);
	const clockAt = Math.max(...facts.duplicates.map((share) => share.refund.refundedAt));
	const all = [...facts.legitimate, ...facts.duplicates];
	const withoutId = all.filter((share) => !share.refund.hasId).length;
	emit({
		...base(group, 'duplicate_refund'),
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
}

/**
 * The refunds of a line with no return behind them. Unit refunds look for a return of their own
 * line; amount-only refunds (quantity 0: goodwill, returnless, shipping) for a return of any line
 * of their order (`orderHasReturn`). Oldest first.
 */
export function refundsWithoutReturn(facts: GroupFacts, orderHasReturn: boolean): RefundShare[] {
	if (facts.hasReturnEvidence) return [];
	const shares = orderHasReturn ? facts.legitimate : [...facts.legitimate, ...facts.adjustments];
	if (shares.length < 2) return shares;
	return [...shares].sort((a, b) => a.refund.refundedAt - b.refund.refundedAt);
}

/**
 * Refunds with no return behind them (`refundsWithoutReturn`, less those classified as needing
 * none): raised once the oldest of them is older than the grace window.
 */
export function checkOrphanedRefund(
	group: Group,
	shares: readonly RefundShare[],
	settings: MatcherSettings,
	emit: Emit,
): void {
	if (shares.length === 0) return;
	const oldest = shares[0].refund;
	if (!pastWindow(settings.asOf, oldest.refundedAt, settings.windows.orphanGraceDays * MS_PER_DAY))
		return;
	const units = shares.reduce((sum, share) => sum + share.units, 0);
	emit({
		...base(group, 'orphaned_refund'),
		refund: oldest,
		channel: channels(shares),
		units,
		actual: totals(shares),
		clockAt: oldest.refundedAt,
		summary: `Order ${group.orderKey}, SKU ${group.sku || '-'}: ${units > 0 ? `${units} unit(s) refunded` : 'amount-only refund'} (${describe(totals(shares))}, ${channels(shares)}) with no return record in Happy Returns, on any hub shipment or in the warehouse.`,
		evidence: {
			refunds: refs(shares.map((share) => share.refund)),
			returnEvents: refs(group.events),
		},
		details: { amountOnlyRefunds: shares.filter((share) => share.units === 0).length },
	});
}

export function checkRefundedNeverReturned(
	group: Group,
	facts: GroupFacts,
	settings: MatcherSettings,
	emit: Emit,
): void {
	if (!facts.hasReturnEvidence) return;
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
		...base(group, 'refunded_never_returned'),
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
			bagBarcodes: [...new Set(group.events.map((e) => e.bagBarcode).filter((bag) => bag !== ''))],
		},
	});
}

export function checkReturnedNeverRefunded(
	group: Group,
	facts: GroupFacts,
	settings: MatcherSettings,
	emit: Emit,
	unlinkedAmazonRefund = false,
): void {
	// An Amazon refund of this SKU that names no order we know may be this line's refund: it is
	// reported once, as a missing merchant order id, not again as a refund missing here.
	if (unlinkedAmazonRefund) return;
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
		...base(group, 'returned_never_refunded'),
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
}

export function checkValueMismatch(
	group: Group,
	facts: GroupFacts,
	settings: MatcherSettings,
	emit: Emit,
	classified: ReadonlySet<RefundRecord> = NONE_CLASSIFIED,
): void {
	const unitValue = facts.unitValue;
	if (!unitValue || facts.legitimate.length === 0) return;
	let units = 0;
	let refundedMinor = 0;
	let otherCurrency = false;
	// Split refunds sum: every row for the line's units, and amount-only top-ups of the same SKU,
	// are compared once with the value of the units.
	let paid = [...facts.legitimate, ...(group.sku !== '' ? facts.adjustments : [])];
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
		...base(group, 'refund_value_mismatch'),
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
}
