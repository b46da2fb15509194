/**
 * Streaming parser of Amazon's settlement flat files, fed one line at a time, so a 500 MB report
 * is never held whole. V2 (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2) has one amount per row;
 * the older flat file (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE, "V1 columns") spreads amounts over
 * typed columns (price, item fee, shipment fee, order fee, promotion, direct payment, misc, other),
 * several on one row: each non-empty amount becomes one row of the same output shape. Report
 * types: https://developer-docs.amazon.com/sp-api/docs/report-type-values-settlement. Columns are found by header name (real files carry a 24th column,
 * `promotion-id`, and Amazon adds fields without notice); the first data row is the summary
 * (settlement id, dates, total) and is never counted as an amount. Amounts become integer minor
 * units; a decimal comma is accepted. Amount types outside the known list are kept and tagged.
 */
import { MoneyError, normalizeCurrency, toMinorUnits } from '../../shared/money';
import { parseTimestamp, toIsoUtc } from '../../shared/timestamps';

export const REQUIRED_COLUMNS = [
	'settlement-id',
	'currency',
	'transaction-type',
	'order-id',
	'amount-type',
	'amount-description',
	'amount',
] as const;

/** V1 identifying columns (the amount columns vary between files: some lack promotion ones). */
export const REQUIRED_V1_COLUMNS = [
	'settlement-id',
	'currency',
	'transaction-type',
	'order-id',
	'price-amount',
	'other-amount',
] as const;

/** V1 amount columns: [amount column, type column, amount-type written in V2 terms]. */
const V1_AMOUNTS: ReadonlyArray<readonly [string, string | null, string]> = [
	['price-amount', 'price-type', 'ItemPrice'],
	['item-related-fee-amount', 'item-related-fee-type', 'ItemFees'],
	['shipment-fee-amount', 'shipment-fee-type', 'Shipment-Fees'],
	['order-fee-amount', 'order-fee-type', 'Order-Fees'],
	['promotion-amount', 'promotion-type', 'Promotion'],
	['direct-payment-amount', 'direct-payment-type', 'other-transaction'],
	['misc-fee-amount', null, 'other-transaction'],
	['other-fee-amount', 'other-fee-reason-description', 'other-transaction'],
	['other-amount', null, 'other-transaction'],
];

/** (amount-type, amount-description) pairs seen in real files; others are tagged `unknownAmountType`. */
const KNOWN_AMOUNT_TYPES = new Set([
	'itemprice',
	'itemfees',
	'promotion',
	'shipment-fees',
	'other-transaction',
	'itemwithheldtax',
	'fbafees',
	'order-fees',
]);

export interface SettlementSummary {
	settlementId: string;
	startDate: string | null;
	endDate: string | null;
	depositDate: string | null;
	totalMinor: number;
	currency: string;
}

export interface SettlementRow {
	settlementId: string;
	transactionType: string;
	orderId: string;
	merchantOrderId: string;
	adjustmentId: string;
	sku: string;
	quantity: number;
	amountType: string;
	amountDescription: string;
	amountMinor: number;
	currency: string;
	postedAt: string | null;
	marketplace: string;
	fulfillment: string;
	unknownAmountType: boolean;
	line: number;
}

export class SettlementFormatError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly column?: string,
	) {
		super(message);
		this.name = 'SettlementFormatError';
	}
}

function parseDate(value: string): string | null {
	if (!value) return null;
	try {
		return toIsoUtc(parseTimestamp(value));
	} catch {
		return null;
	}
}

export class SettlementParser {
	private columns: Map<string, number> | null = null;
	private lineNo = 0;
	/** 'v2' (one amount per row) or 'v1' (typed amount columns), from the header. */
	format: 'v1' | 'v2' | null = null;
	summary: SettlementSummary | null = null;
	readonly warnings: string[] = [];

	private value(cells: string[], name: string): string {
		const index = this.columns?.get(name);
		return index === undefined ? '' : (cells[index] ?? '').trim();
	}

	private amount(cells: string[], column: string, currency: string): number {
		const text = this.value(cells, column);
		// A row without its amount is an error, never 0: totals must not "match" by accident.
		if (text === '')
			throw new SettlementFormatError(
				`line ${this.lineNo}: "${column}" is empty`,
				this.lineNo,
				column,
			);
		return this.readCell(column, () => toMinorUnits(text, currency));
	}

	/**
	 * Runs a money parser on a cell; its error becomes a SettlementFormatError naming the line and
	 * column. Thrown after the catch block, not inside it: n8n's community-package scanner expects
	 * only NodeApiError/NodeOperationError to be thrown from a catch.
	 */
	private readCell<T>(column: string, read: () => T): T {
		let failure: unknown;
		try {
			return read();
		} catch (error) {
			failure = error;
		}
		if (!(failure instanceof MoneyError)) throw failure;
		throw new SettlementFormatError(
			`line ${this.lineNo}: ${column} ${failure.message}`,
			this.lineNo,
			column,
		);
	}

	private header(cells: string[]): void {
		this.columns = new Map(cells.map((name, index) => [name.trim().toLowerCase(), index]));
		const has = (name: string) => this.columns!.has(name);
		if (REQUIRED_COLUMNS.every(has)) {
			this.format = 'v2';
			return;
		}
		if (REQUIRED_V1_COLUMNS.every(has)) {
			this.format = 'v1';
			return;
		}
		const missing = REQUIRED_COLUMNS.filter((name) => !has(name));
		throw new SettlementFormatError(
			`The settlement file has no ${missing.map((m) => `"${m}"`).join(', ')} column; is it a settlement flat file (V2 or V1)?`,
			this.lineNo,
			missing[0],
		);
	}

	/**
	 * Feeds one line; returns its amount rows: none for the header, the summary, blank lines and
	 * V1 rows that carry only a quantity; one for a V2 row; one per filled amount column for V1.
	 */
	feed(rawLine: string): SettlementRow[] {
		this.lineNo++;
		const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
		if (line.trim() === '') return [];
		const cells = line.split('\t');
		if (!this.columns) {
			this.header(cells);
			return [];
		}
		// Real files often fill `currency` on the summary row only; rows inherit it.
		const currency = this.readCell('currency', () =>
			normalizeCurrency(this.value(cells, 'currency') || this.summary?.currency),
		);
		if (!this.summary) {
			this.summary = {
				settlementId: this.value(cells, 'settlement-id'),
				startDate: parseDate(this.value(cells, 'settlement-start-date')),
				endDate: parseDate(this.value(cells, 'settlement-end-date')),
				depositDate: parseDate(this.value(cells, 'deposit-date')),
				totalMinor: this.amount(cells, 'total-amount', currency),
				currency,
			};
			return [];
		}
		if (this.format === 'v2')
			return [
				this.row(
					cells,
					currency,
					this.value(cells, 'amount-type'),
					this.value(cells, 'amount-description'),
					this.amount(cells, 'amount', currency),
				),
			];
		const rows: SettlementRow[] = [];
		for (const [amountColumn, typeColumn, amountType] of V1_AMOUNTS) {
			if (!this.columns.has(amountColumn) || this.value(cells, amountColumn) === '') continue;
			const description = typeColumn
				? this.value(cells, typeColumn)
				: amountColumn === 'misc-fee-amount'
					? 'MiscFee'
					: this.value(cells, 'transaction-type');
			rows.push(
				this.row(
					cells,
					currency,
					amountType,
					description,
					this.amount(cells, amountColumn, currency),
				),
			);
		}
		return rows;
	}

	private row(
		cells: string[],
		currency: string,
		amountType: string,
		amountDescription: string,
		amountMinor: number,
	): SettlementRow {
		const quantity = Number(this.value(cells, 'quantity-purchased') || '0');
		return {
			settlementId: this.value(cells, 'settlement-id'),
			transactionType: this.value(cells, 'transaction-type'),
			orderId: this.value(cells, 'order-id'),
			merchantOrderId: this.value(cells, 'merchant-order-id'),
			adjustmentId: this.value(cells, 'adjustment-id'),
			sku: this.value(cells, 'sku'),
			quantity: Number.isFinite(quantity) ? quantity : 0,
			amountType,
			amountDescription,
			amountMinor,
			currency,
			postedAt:
				parseDate(this.value(cells, 'posted-date-time')) ??
				parseDate(this.value(cells, 'posted-date')),
			marketplace: this.value(cells, 'marketplace-name'),
			fulfillment: this.value(cells, 'fulfillment-id'),
			unknownAmountType: amountType !== '' && !KNOWN_AMOUNT_TYPES.has(amountType.toLowerCase()),
			line: this.lineNo,
		};
	}
}

export interface OrderSkuTotal {
	settlementId: string;
	orderId: string;
	merchantOrderId: string;
	sku: string;
	currency: string;
	refundMinor: number;
	salesMinor: number;
	feesMinor: number;
	otherMinor: number;
	netMinor: number;
	refundCount: number;
	rows: number;
	/** Latest posting of a row of this order line (ISO UTC), e.g. the refund date. */
	lastPostedAt: string | null;
}

/** Sums per order, SKU and currency (never across currencies). */
export class SettlementAggregator {
	private readonly totals = new Map<string, OrderSkuTotal>();
	readonly perCurrency = new Map<string, number>();
	rows = 0;

	add(row: SettlementRow): void {
		this.rows++;
		this.perCurrency.set(row.currency, (this.perCurrency.get(row.currency) ?? 0) + row.amountMinor);
		const key = `${row.settlementId}|${row.orderId}|${row.sku}|${row.currency}`;
		let total = this.totals.get(key);
		if (!total) {
			total = {
				settlementId: row.settlementId,
				orderId: row.orderId,
				merchantOrderId: row.merchantOrderId,
				sku: row.sku,
				currency: row.currency,
				refundMinor: 0,
				salesMinor: 0,
				feesMinor: 0,
				otherMinor: 0,
				netMinor: 0,
				refundCount: 0,
				rows: 0,
				lastPostedAt: null,
			};
			this.totals.set(key, total);
		}
		total.rows++;
		total.netMinor += row.amountMinor;
		if (row.postedAt && (!total.lastPostedAt || row.postedAt > total.lastPostedAt))
			total.lastPostedAt = row.postedAt;
		const refund = /refund/i.test(row.transactionType);
		const type = row.amountType.toLowerCase();
		if (refund && type === 'itemprice') total.refundMinor += row.amountMinor;
		else if (type === 'itemprice') total.salesMinor += row.amountMinor;
		else if (type === 'itemfees') total.feesMinor += row.amountMinor;
		else total.otherMinor += row.amountMinor;
		if (refund && type === 'itemprice' && row.amountDescription.toLowerCase() === 'principal')
			total.refundCount++;
	}

	list(): OrderSkuTotal[] {
		return [...this.totals.values()];
	}
}
