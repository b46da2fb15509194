/**
 * A refunded credit note as refund lines, one per SKU line, in the Reconciliation Matcher's field
 * names. Centra records the refund per return, not per line, so the refunded money is shared out
 * over the lines in proportion to their value (largest remainder, in minor units), and the lines
 * always add up to exactly what was refunded.
 */
import { formatMinor } from '../../shared/money';
import type { creditNoteOf } from './creditNote';

type CreditNote = ReturnType<typeof creditNoteOf>;

export interface RefundLine {
	channel: 'storefront';
	refundId: string;
	returnId: number;
	externalId: string | null;
	/** The Happy Returns return, also for a further return of a later unit. */
	happyReturnsId: string | null;
	orderId: string;
	merchantOrderId: string;
	sku: string;
	quantity: number;
	amount: string;
	amountMinor: number;
	currency: string;
	refundedAt: string | null;
}

/** Splits `total` over `weights` in proportion; the parts are integers that sum to `total`. */
export function allocate(total: number, weights: number[]): number[] {
	if (weights.length === 0) return [];
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
	const exact = weights.map((w) => (total * w) / sum);
	const parts = exact.map(Math.floor);
	let left = total - parts.reduce((a, b) => a + b, 0);
	const order = exact
		.map((value, index) => ({ index, remainder: value - Math.floor(value) }))
		.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
	for (const { index } of order) {
		if (left <= 0) break;
		parts[index]++;
		left--;
	}
	return parts;
}

/**
 * One refund of `minor` shared over the credit note's SKU lines by value: the refund id of each
 * line is `<return id>:<line id>` plus `idSuffix`, and `withUnits` says whether the lines carry
 * their quantities (a later payment of the same return is amount-only).
 */
function linesOfRefund(
	note: CreditNote,
	minor: number,
	refundedAt: string | null,
	idSuffix: string,
	withUnits: boolean,
): RefundLine[] {
	const shares = allocate(
		minor,
		note.lines.map((line) => line.lineValueMinor),
	);
	return note.lines.map((line, index) => ({
		channel: 'storefront',
		refundId: `${note.returnId}:${line.lineId}${idSuffix}`,
		returnId: note.returnId,
		externalId: note.externalId,
		happyReturnsId: note.happyReturnsId,
		orderId: String(note.orderNumber),
		merchantOrderId: String(note.orderNumber),
		sku: line.sku,
		quantity: withUnits ? line.quantity : 0,
		amount: formatMinor(shares[index], note.currency),
		amountMinor: shares[index],
		currency: note.currency,
		refundedAt,
	}));
}

/** Refund lines of a credit note; none when Centra has not refunded it. */
export function refundLines(note: CreditNote): RefundLine[] {
	if (!note.refunded || note.refundedMinor === 0) return [];
	return linesOfRefund(note, note.refundedMinor, note.refundedAt ?? note.createdAt, '', true);
}

/** A paid entry of a return's payment history, in minor units. */
export interface RefundPayment {
	id: number;
	createdAt: string | null;
	minor: number;
}

/**
 * Refund lines per payment, for a count by the day money was paid back: each paid entry of the
 * return's payment history (https://centra.dev/graphql/paymenthistoryentry.html) shared over the
 * SKU lines by value, dated when that entry was made, so a return refunded in two payments
 * months apart counts each in its own period and never the first twice. The units go with the
 * first payment; a later one is amount-only (quantity 0). One payment gives the same amounts and
 * date as `refundLines`.
 */
export function refundPaymentLines(note: CreditNote, payments: RefundPayment[]): RefundLine[] {
	const paid = payments
		.filter((p) => p.minor !== 0)
		.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id - b.id);
	return paid.flatMap((payment, order) =>
		linesOfRefund(
			note,
			payment.minor,
			payment.createdAt ?? note.createdAt,
			`:${payment.id}`,
			order === 0,
		),
	);
}
