/**
 * Refund-side checks of one order-line group: orphaned, duplicate, refunded-never-returned,
 * returned-never-refunded and value mismatch.
 */
import { MoneyTotals, formatMinor, type Money } from '../../../shared/money';
import { MS_PER_DAY } from '../../../shared/timestamps';
import { refundDeadlineDays, refs, type ExceptionDraft } from '../exceptionBuilder';
import type { GroupFacts, RefundShare } from '../groupFacts';
import type { Group } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ExceptionType } from '../types';

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
	emit({
		...base(group, 'duplicate_refund'),
		channel: channels(all),
		units,
		expected: totals(facts.legitimate),
		actual: totals(all),
		clockAt,
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${facts.refundUnits} unit(s) refunded in ${new Set(all.map((s) => s.refund.refundId)).size} refunds (${channels(all)}), but only ${facts.refundUnits - units} unit(s) were returned or ordered; ${units} unit(s) refunded twice, ${describe(totals(facts.duplicates))} too much.`,
		evidence: {
			refunds: refs(all.map((share) => share.refund)),
			returnEvents: refs(group.events),
			receipts: refs(group.receipts),
		},
		details: {
			duplicateRefundIds: [...new Set(facts.duplicates.map((share) => share.refund.refundId))],
		},
	});
}

export function checkOrphanedRefund(
	group: Group,
	facts: GroupFacts,
	settings: MatcherSettings,
	emit: Emit,
): void {
	if (facts.hasReturnEvidence || facts.legitimate.length === 0) return;
	const oldest = facts.legitimate[0].refund;
	if (settings.asOf - oldest.refundedAt < settings.windows.orphanGraceDays * MS_PER_DAY) return;
	const units = facts.legitimate.reduce((sum, share) => sum + share.units, 0);
	emit({
		...base(group, 'orphaned_refund'),
		channel: channels(facts.legitimate),
		units,
		actual: totals(facts.legitimate),
		clockAt: oldest.refundedAt,
		deadlineDays: refundDeadlineDays(
			oldest.channel,
			oldest.fulfillment,
			settings.deadlines,
			settings.deadlines.recoveryDeadlineDays,
		),
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${units} unit(s) refunded (${describe(totals(facts.legitimate))}, ${channels(facts.legitimate)}) with no return record in Happy Returns, on any hub shipment or in the warehouse${facts.expiredUnits > 0 ? `; the return expired before drop-off` : ''}.`,
		evidence: {
			refunds: refs(facts.legitimate.map((share) => share.refund)),
			returnEvents: refs(group.events),
		},
		details: { expiredReturnUnits: facts.expiredUnits },
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
	const overdue = waiting.filter((share) => settings.asOf - share.refund.refundedAt >= windowMs);
	if (overdue.length === 0) return;
	const units = overdue.reduce((sum, share) => sum + share.units, 0);
	const oldest = overdue[0].refund;
	const amounts = totals(overdue);
	const scans = facts.returnUnits.filter((unit) => Number.isFinite(unit.firstScanAt));
	emit({
		...base(group, 'refunded_never_returned'),
		channel: channels(overdue),
		units,
		actual: amounts,
		clockAt: oldest.refundedAt,
		deadlineDays: refundDeadlineDays(
			oldest.channel,
			oldest.fulfillment,
			settings.deadlines,
			settings.windows.refundedNeverReturnedDays + settings.deadlines.recoveryDeadlineDays,
		),
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${units} refunded unit(s) (${describe(amounts)}) not received by the warehouse ${settings.windows.refundedNeverReturnedDays}+ days after the refund; ${facts.returnUnits.length} unit(s) with a Happy Returns return, ${scans.length} scanned at drop-off, ${facts.manifestUnits} on hub shipments, ${facts.receivedUnits} received.`,
		evidence: {
			refunds: refs(overdue.map((share) => share.refund)),
			returnEvents: refs(group.events),
			manifests: refs(group.manifests),
			receipts: refs(group.receipts),
		},
		details: {
			returnStatus: facts.returnUnits.map((unit) => unit.status),
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
): void {
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
	if (settings.asOf - clockAt < waitMs) return;
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
): void {
	const unitValue = facts.unitValue;
	if (!unitValue || facts.legitimate.length === 0) return;
	let units = 0;
	let refundedMinor = 0;
	let otherCurrency = false;
	for (const share of facts.legitimate) {
		units += share.units;
		if (share.refund.amount.currency === unitValue.currency) refundedMinor += share.amountMinor;
		else otherCurrency = true;
	}
	const expectedMinor = unitValue.amountMinor * units;
	const allowed = Math.max(
		settings.tolerance.absoluteMinor,
		Math.round((Math.abs(expectedMinor) * settings.tolerance.percent) / 100),
	);
	// Most lines agree: decide from the one-currency sum, and build the totals only to report.
	if (!otherCurrency && Math.abs(refundedMinor - expectedMinor) <= allowed) return;
	const actual = totals(facts.legitimate);
	const sameCurrency = actual.find((value) => value.currency === unitValue.currency);
	const otherCurrencies = actual.filter((value) => value.currency !== unitValue.currency);
	const outOfTolerance =
		sameCurrency !== undefined && Math.abs(sameCurrency.amountMinor - expectedMinor) > allowed;
	if (!outOfTolerance && otherCurrencies.length === 0) return;
	const clockAt = facts.legitimate[facts.legitimate.length - 1].refund.refundedAt;
	emit({
		...base(group, 'refund_value_mismatch'),
		channel: channels(facts.legitimate),
		units,
		expected: [{ amountMinor: expectedMinor, currency: unitValue.currency }],
		actual,
		clockAt,
		summary:
			otherCurrencies.length > 0
				? `Order ${group.orderKey}, SKU ${group.sku}: refunded ${describe(actual)} for goods priced in ${unitValue.currency}; amounts in another currency are never converted, check the refund by hand.`
				: `Order ${group.orderKey}, SKU ${group.sku}: refunded ${describe(actual)} for ${units} unit(s) worth ${formatMinor(expectedMinor, unitValue.currency)} ${unitValue.currency} (tolerance ${formatMinor(allowed, unitValue.currency)}).`,
		evidence: {
			refunds: refs(facts.legitimate.map((s) => s.refund)),
			orders: refs(group.orderLines),
			returnEvents: refs(group.events),
		},
		details: { currencyMismatch: otherCurrencies.length > 0, toleranceMinor: allowed },
	});
}
