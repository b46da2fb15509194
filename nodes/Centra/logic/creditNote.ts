/**
 * A Centra return as an itemised credit note: each line with unit price, tax and line value,
 * shipping, handling, the fee (returnCost), totals and currency, in decimals and in minor units.
 */
import { moneyFromFloat, type Money } from '../../shared/money';
import { happyReturnsIdOf, unitsOf } from './returnFamily';

interface CentraMoney {
	value: number;
	currency: { code: string };
}

export interface CentraReturn {
	id: number;
	returnStatus: string;
	createdAt: string;
	externalId: string | null;
	comment: string | null;
	returnedToStock: boolean;
	returnWarehouse: { id: number; name: string } | null;
	order: { id: string; number: number };
	shipment: { id: number; number: string };
	/** On the return, not on its totals (https://centra.dev/graphql/returntotals.html has none). */
	grandTotal: CentraMoney;
	lines: Array<{
		id: number;
		quantity: number;
		unitPrice: CentraMoney;
		lineValue: CentraMoney;
		/** The tax rate lives on the order line (https://centra.dev/graphql/returnline.html). */
		orderLine: { taxPercent: number; productSize: { SKU: string; EAN: string | null } | null };
	}>;
	totals: {
		quantity: number;
		lineValues: CentraMoney;
		shipping: CentraMoney;
		handling: CentraMoney;
		returnCost: CentraMoney;
		taxIncluded: CentraMoney;
	};
	refundPaymentHistory: Array<{
		id: number;
		createdAt?: string;
		status: string;
		entryType: string;
		value: CentraMoney;
	}>;
}

function decimalMinor(value: CentraMoney): Money {
	return moneyFromFloat(value.value, value.currency.code);
}

/** A Centra amount in integer minor units of its currency. */
export function moneyMinorOf(value: CentraMoney): number {
	return decimalMinor(value).amountMinor;
}

type PaymentEntry = CentraReturn['refundPaymentHistory'][number];

/**
 * Where the refund of a return stands, from its payment history
 * (https://centra.dev/graphql/paymenthistoryentry.html): entry types REFUND, REFUND_GIFT_CARD
 * (money paid out), REFUND_REQUEST (asked of the PSP), REFUND_FAILED; statuses SUCCESS, PENDING,
 * FAILED. Adyen and Klarna answer refunds later, so a request or a PENDING entry is a refund in
 * progress: never refunded again.
 */
export function refundState(payments: PaymentEntry[]): {
	status: 'none' | 'inProgress' | 'refunded';
	paid: PaymentEntry[];
} {
	const refunds = payments.filter((p) => p.entryType.startsWith('REFUND'));
	const paid = refunds.filter(
		(p) =>
			(p.entryType === 'REFUND' || p.entryType === 'REFUND_GIFT_CARD') && p.status === 'SUCCESS',
	);
	if (paid.length > 0) return { status: 'refunded', paid };
	const pending = refunds.some((p) => p.entryType !== 'REFUND_FAILED' && p.status !== 'FAILED');
	return { status: pending ? 'inProgress' : 'none', paid };
}

export function creditNoteOf(record: CentraReturn) {
	const currency = record.grandTotal.currency.code;
	const lines = record.lines.map((line) => {
		const lineValue = decimalMinor(line.lineValue);
		const rate = line.orderLine.taxPercent;
		const tax = Math.round((lineValue.amountMinor * rate) / (100 + rate));
		return {
			lineId: line.id,
			sku: line.orderLine.productSize?.SKU ?? '',
			ean: line.orderLine.productSize?.EAN ?? '',
			quantity: line.quantity,
			unitPrice: line.unitPrice.value,
			taxPercent: rate,
			tax: tax / 100,
			lineValue: line.lineValue.value,
			unitPriceMinor: decimalMinor(line.unitPrice).amountMinor,
			taxMinor: tax,
			lineValueMinor: lineValue.amountMinor,
		};
	});
	const t = record.totals;
	const refund = refundState(record.refundPaymentHistory);
	const refunded = refund.paid;
	return {
		returnId: record.id,
		externalId: record.externalId,
		/** The Happy Returns return this credit note belongs to (a further return's id read back). */
		happyReturnsId: happyReturnsIdOf(record.externalId),
		/** The units it covers ({ sku, unit }), when it records them; [] when it does not say. */
		units: unitsOf(record.externalId, record.comment),
		status: record.returnStatus,
		createdAt: record.createdAt,
		orderNumber: record.order.number,
		shipmentNumber: record.shipment.number,
		returnedToStock: record.returnedToStock,
		returnWarehouse: record.returnWarehouse?.name ?? null,
		comment: record.comment,
		currency,
		lines,
		quantity: t.quantity,
		lineValues: t.lineValues.value,
		shipping: t.shipping.value,
		handling: t.handling.value,
		fee: t.returnCost.value,
		taxIncluded: t.taxIncluded.value,
		total: record.grandTotal.value,
		lineValuesMinor: decimalMinor(t.lineValues).amountMinor,
		shippingMinor: decimalMinor(t.shipping).amountMinor,
		handlingMinor: decimalMinor(t.handling).amountMinor,
		feeMinor: decimalMinor(t.returnCost).amountMinor,
		taxIncludedMinor: decimalMinor(t.taxIncluded).amountMinor,
		totalMinor: decimalMinor(record.grandTotal).amountMinor,
		refunded: refund.status === 'refunded',
		refundInProgress: refund.status === 'inProgress',
		refundStatus: refund.status,
		refundedMinor: refunded.reduce((sum, p) => sum + decimalMinor(p.value).amountMinor, 0),
		refundedAt:
			refunded
				.map((p) => p.createdAt ?? '')
				.filter(Boolean)
				.sort()
				.pop() ?? null,
	};
}
