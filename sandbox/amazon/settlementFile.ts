/**
 * Writes Amazon's V2 settlement flat file (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2): the 23
 * documented columns plus `promotion-id` that real files carry, tab separated, a summary row
 * first (settlement id, dates, total, currency), then one row per amount component.
 */
export const SETTLEMENT_V2_COLUMNS = [
	'settlement-id',
	'settlement-start-date',
	'settlement-end-date',
	'deposit-date',
	'total-amount',
	'currency',
	'transaction-type',
	'order-id',
	'merchant-order-id',
	'adjustment-id',
	'shipment-id',
	'marketplace-name',
	'amount-type',
	'amount-description',
	'amount',
	'fulfillment-id',
	'posted-date',
	'posted-date-time',
	'order-item-code',
	'merchant-order-item-id',
	'merchant-adjustment-item-id',
	'sku',
	'quantity-purchased',
	'promotion-id',
] as const;

export interface SettlementRow {
	transactionType: string;
	orderId: string;
	merchantOrderId: string;
	adjustmentId?: string;
	shipmentId?: string;
	marketplaceName: string;
	amountType: string;
	amountDescription: string;
	/** Minor units, signed as Amazon writes them (refund principal negative). */
	amountMinor: number;
	fulfillmentId: string;
	postedAt: number;
	orderItemCode: string;
	sku: string;
	quantity: number;
	/** A row in another currency than the settlement (seen in multi-marketplace accounts). */
	currency?: string;
}

export interface Settlement {
	settlementId: string;
	startAt: number;
	endAt: number;
	depositAt: number;
	currency: string;
	rows: SettlementRow[];
	/** A stated total other than the rows' sum (a file that does not tie out). */
	statedTotalMinor?: number;
}

function amazonDateTime(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d{3}Z$/, ' UTC');
}

function postedDate(ms: number): string {
	const d = new Date(ms);
	return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCFullYear()).slice(2)}`;
}

export function formatAmount(minor: number, decimalComma = false): string {
	const text = (minor / 100).toFixed(2);
	return decimalComma ? text.replace('.', ',') : text;
}

/** The stated total: rows in the settlement's own currency only (currencies are never added). */
export function settlementTotal(settlement: Settlement): number {
	return settlement.rows
		.filter((row) => !row.currency || row.currency === settlement.currency)
		.reduce((sum, row) => sum + row.amountMinor, 0);
}

/** The file as text. `columns` reorders or drops columns (for hostile-input tests). */
export function settlementFlatFile(
	settlement: Settlement,
	options: { decimalComma?: boolean; columns?: readonly string[] } = {},
): string {
	const columns = options.columns ?? SETTLEMENT_V2_COLUMNS;
	const line = (values: Partial<Record<string, string>>) =>
		columns.map((column) => values[column] ?? '').join('\t');
	const summary = line({
		'settlement-id': settlement.settlementId,
		'settlement-start-date': amazonDateTime(settlement.startAt),
		'settlement-end-date': amazonDateTime(settlement.endAt),
		'deposit-date': amazonDateTime(settlement.depositAt),
		'total-amount': formatAmount(
			settlement.statedTotalMinor ?? settlementTotal(settlement),
			options.decimalComma,
		),
		currency: settlement.currency,
	});
	const rows = settlement.rows.map((row) =>
		line({
			'settlement-id': settlement.settlementId,
			currency: row.currency ?? settlement.currency,
			'transaction-type': row.transactionType,
			'order-id': row.orderId,
			'merchant-order-id': row.merchantOrderId,
			'adjustment-id': row.adjustmentId ?? '',
			'shipment-id': row.shipmentId ?? '',
			'marketplace-name': row.marketplaceName,
			'amount-type': row.amountType,
			'amount-description': row.amountDescription,
			amount: formatAmount(row.amountMinor, options.decimalComma),
			'fulfillment-id': row.fulfillmentId,
			'posted-date': postedDate(row.postedAt),
			'posted-date-time': amazonDateTime(row.postedAt),
			'order-item-code': row.orderItemCode,
			sku: row.sku,
			'quantity-purchased': String(row.quantity),
		}),
	);
	return [columns.join('\t'), summary, ...rows].join('\n') + '\n';
}
