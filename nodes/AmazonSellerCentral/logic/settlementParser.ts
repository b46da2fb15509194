/**
 * Streaming parser of Amazon's V2 settlement flat file: fed one line at a time, so a 500 MB report
 * is never held whole. Columns are found by header name (real files carry a 24th column,
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
	summary: SettlementSummary | null = null;
	readonly warnings: string[] = [];

	private value(cells: string[], name: string): string {
		const index = this.columns?.get(name);
		return index === undefined ? '' : (cells[index] ?? '').trim();
	}

	private amount(cells: string[], column: string, currency: string): number {
		try {
			return toMinorUnits(this.value(cells, column) || '0', currency);
		} catch (error) {
			if (error instanceof MoneyError)
				throw new SettlementFormatError(
					`line ${this.lineNo}: ${column} ${error.message}`,
					this.lineNo,
					column,
				);
			throw error;
		}
	}

	/** Feeds one line; returns a data row, or null for the header, the summary and blank lines. */
	feed(rawLine: string): SettlementRow | null {
		this.lineNo++;
		const line = rawLine.replace(/\r$/, '');
		if (line.trim() === '') return null;
		const cells = line.split('\t');
		if (!this.columns) {
			this.columns = new Map(cells.map((name, index) => [name.trim().toLowerCase(), index]));
			const missing = REQUIRED_COLUMNS.filter((name) => !this.columns!.has(name));
			if (missing.length)
				throw new SettlementFormatError(
					`The settlement file has no ${missing.map((m) => `"${m}"`).join(', ')} column; is it a V2 flat file?`,
					this.lineNo,
					missing[0],
				);
			return null;
		}
		let currency: string;
		try {
			// Real files often fill `currency` on the summary row only; rows inherit it.
			currency = normalizeCurrency(this.value(cells, 'currency') || this.summary?.currency);
		} catch (error) {
			throw new SettlementFormatError(
				`line ${this.lineNo}: currency ${(error as Error).message}`,
				this.lineNo,
				'currency',
			);
		}
		if (!this.summary) {
			this.summary = {
				settlementId: this.value(cells, 'settlement-id'),
				startDate: parseDate(this.value(cells, 'settlement-start-date')),
				endDate: parseDate(this.value(cells, 'settlement-end-date')),
				depositDate: parseDate(this.value(cells, 'deposit-date')),
				totalMinor: this.amount(cells, 'total-amount', currency),
				currency,
			};
			return null;
		}
		const amountType = this.value(cells, 'amount-type');
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
			amountDescription: this.value(cells, 'amount-description'),
			amountMinor: this.amount(cells, 'amount', currency),
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
