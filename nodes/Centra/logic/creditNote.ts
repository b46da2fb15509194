/**
 * A Centra return as an itemised credit note: each line with unit price, tax and line value,
 * shipping, handling, the fee (returnCost), totals and currency, in decimals and in minor units.
 */
import { moneyFromFloat, type Money } from '../../shared/money';

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
	lines: Array<{
		id: number;
		quantity: number;
		taxPercent: number;
		unitPrice: CentraMoney;
		lineValue: CentraMoney;
		orderLine: { productSize: { SKU: string; EAN: string | null } };
	}>;
	totals: {
		quantity: number;
		lineValues: CentraMoney;
		shipping: CentraMoney;
		handling: CentraMoney;
		returnCost: CentraMoney;
		taxIncluded: CentraMoney;
		grandTotal: CentraMoney;
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

export function creditNoteOf(record: CentraReturn) {
	const currency = record.totals.grandTotal.currency.code;
	const lines = record.lines.map((line) => {
		const lineValue = decimalMinor(line.lineValue);
		const tax = Math.round((lineValue.amountMinor * line.taxPercent) / (100 + line.taxPercent));
		return {
			lineId: line.id,
			sku: line.orderLine.productSize.SKU,
			ean: line.orderLine.productSize.EAN ?? '',
			quantity: line.quantity,
			unitPrice: line.unitPrice.value,
			taxPercent: line.taxPercent,
			tax: tax / 100,
			lineValue: line.lineValue.value,
			unitPriceMinor: decimalMinor(line.unitPrice).amountMinor,
			taxMinor: tax,
			lineValueMinor: lineValue.amountMinor,
		};
	});
	const t = record.totals;
	const refunded = record.refundPaymentHistory.filter(
		(p) => p.entryType === 'REFUND' && p.status === 'SUCCESS',
	);
	return {
		returnId: record.id,
		externalId: record.externalId,
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
		total: t.grandTotal.value,
		lineValuesMinor: decimalMinor(t.lineValues).amountMinor,
		shippingMinor: decimalMinor(t.shipping).amountMinor,
		handlingMinor: decimalMinor(t.handling).amountMinor,
		feeMinor: decimalMinor(t.returnCost).amountMinor,
		taxIncludedMinor: decimalMinor(t.taxIncluded).amountMinor,
		totalMinor: decimalMinor(t.grandTotal).amountMinor,
		refunded: refunded.length > 0,
		refundedMinor: refunded.reduce((sum, p) => sum + decimalMinor(p.value).amountMinor, 0),
		refundedAt:
			refunded
				.map((p) => p.createdAt ?? '')
				.filter(Boolean)
				.sort()
				.pop() ?? null,
	};
}
