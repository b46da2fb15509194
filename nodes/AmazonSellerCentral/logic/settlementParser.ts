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
import { currencyExponent, MoneyError, normalizeCurrency, toMinorUnits } from '../../shared/money';
import { parseTimestamp, toIsoUtc } from '../../shared/timestamps';

const REQUIRED_COLUMNS = [
	'settlement-id',
	'currency',
	'transaction-type',
	'order-id',
	'amount-type',
	'amount-description',
	'amount',
] as const;

/** V1 identifying columns (the amount columns vary between files: some lack promotion ones). */
const REQUIRED_V1_COLUMNS = [
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
	const fast = amazonIsoUtc(value);
	if (fast !== null) return fast;
	try {
		return toIsoUtc(parseTimestamp(value));
	} catch {
		return null;
	}
}

function twoDigits(text: string, at: number): number {
	const high = text.charCodeAt(at) - 48;
	const low = text.charCodeAt(at + 1) - 48;
	return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The two date forms Amazon writes in settlement files, read without Date: V2's
 * "2026-06-22 11:47:03 UTC" and V1's "2025-06-05T22:07:18+00:00" (posted-date-time and
 * posted-date, https://developer-docs.amazon.com/sp-api/docs/settlement-reports-attributes; the
 * V1 form from the real files). Real files post almost every transaction at a second of its own,
 * so a date is read once per transaction, not once per file. The result is the ISO text the
 * general parser gives (toIsoUtc of parseTimestamp, checked by a test); null for anything else
 * (other forms, impossible dates, years before 1000), which goes to the general parser.
 */
export function amazonIsoUtc(text: string): string | null {
	const length = text.length;
	const v2 = length === 23;
	if (!v2 && length !== 25) return null;
	if (
		text.charCodeAt(4) !== 45 ||
		text.charCodeAt(7) !== 45 ||
		text.charCodeAt(10) !== (v2 ? 32 : 84) ||
		text.charCodeAt(13) !== 58 ||
		text.charCodeAt(16) !== 58 ||
		(v2 ? !text.endsWith(' UTC', 23) : !text.endsWith('+00:00', 25))
	)
		return null;
	const century = twoDigits(text, 0);
	const yy = twoDigits(text, 2);
	const month = twoDigits(text, 5);
	const day = twoDigits(text, 8);
	const hour = twoDigits(text, 11);
	const minute = twoDigits(text, 14);
	const second = twoDigits(text, 17);
	if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1) return null;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
	const year = century * 100 + yy;
	const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return null;
	// Text of its own (see own): the pieces are slices of the decoded chunk.
	return own(`${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`);
}

function isBlank(line: string): boolean {
	for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
	return line.trim() === '';
}

function currencyOrError(value: string): string | MoneyError {
	try {
		return normalizeCurrency(value || undefined);
	} catch (error) {
		return error as MoneyError;
	}
}

function isUnknownAmountType(type: string): boolean {
	return !KNOWN_AMOUNT_TYPES.has(type.toLowerCase());
}

/**
 * A copy of a cell that does not hold on to its line: V8 keeps a substring as a view of the text
 * it was cut from, so a total keeping a cell would keep the whole decoded chunk alive (megabytes
 * per thousand totals). Concatenating first makes the kept text its own.
 */
export function own(value: string): string {
	return value.length < 13 ? value : (value + ' ').slice(0, -1);
}

/** A cell of the line, without padding; '' for a column the file does not have. */
function cellAt(cells: string[], at: number): string {
	return at < 0 ? '' : clean(cells[at]);
}

/** Leading or trailing whitespace (real files pad some cells with spaces). */
function clean(value: string | undefined): string {
	if (value === undefined || value.length === 0) return '';
	return value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32
		? value.trim()
		: value;
}

/** Column positions, found once from the header (-1: the file has no such column). */
interface Columns {
	settlementId: number;
	startDate: number;
	endDate: number;
	depositDate: number;
	totalAmount: number;
	currency: number;
	transactionType: number;
	orderId: number;
	merchantOrderId: number;
	adjustmentId: number;
	sku: number;
	quantity: number;
	amountType: number;
	amountDescription: number;
	amount: number;
	postedDateTime: number;
	postedDate: number;
	marketplace: number;
	fulfillment: number;
	/** V1: [amount column, its index, type column index, amount-type written in V2 terms]. */
	v1: Array<{ column: string; at: number; typeAt: number; amountType: string; misc: boolean }>;
}

/** Memo of a few thousand distinct values (dates and currencies repeat across rows). */
class Memo<T> {
	private readonly map = new Map<string, T>();
	// Neighbouring rows mostly repeat the value: compared first, without hashing.
	private lastKey: string | undefined;
	private lastValue: T | undefined;
	get(key: string, compute: (key: string) => T): T {
		if (key === this.lastKey) return this.lastValue as T;
		let value = this.map.get(key);
		if (value === undefined && !this.map.has(key)) {
			value = compute(key);
			if (this.map.size >= 4096) this.map.clear();
			this.map.set(own(key), value);
		}
		this.lastKey = own(key);
		this.lastValue = value;
		return value as T;
	}
}

/**
 * Parses one line at a time. `feedInto` hands each amount row to a callback in one reused object
 * (no object per row: a 500 MB file has millions of rows); a consumer that keeps a row copies it.
 * `feed` returns copies, for callers that want an array.
 */
export class SettlementParser {
	private byName: Map<string, number> | null = null;
	private col: Columns | null = null;
	private lineNo = 0;
	/** 'v2' (one amount per row) or 'v1' (typed amount columns), from the header. */
	format: 'v1' | 'v2' | null = null;
	summary: SettlementSummary | null = null;
	readonly warnings: string[] = [];
	private readonly dates = new Memo<string | null>();
	private readonly currencies = new Memo<string | MoneyError>();
	private readonly unknownTypes = new Memo<boolean>();
	private readonly row: SettlementRow = {
		settlementId: '',
		transactionType: '',
		orderId: '',
		merchantOrderId: '',
		adjustmentId: '',
		sku: '',
		quantity: 0,
		amountType: '',
		amountDescription: '',
		amountMinor: 0,
		currency: '',
		postedAt: null,
		marketplace: '',
		fulfillment: '',
		unknownAmountType: false,
		line: 0,
	};

	private value(cells: string[], name: string): string {
		const index = this.byName?.get(name);
		return index === undefined ? '' : clean(cells[index]);
	}

	private amount(cells: string[], at: number, column: string, currency: string): number {
		const text = at < 0 ? '' : clean(cells[at]);
		// A row without its amount is an error, never 0: totals must not "match" by accident.
		if (text === '')
			throw new SettlementFormatError(
				`line ${this.lineNo}: "${column}" is empty`,
				this.lineNo,
				column,
			);
		// As readCell, without a closure per row.
		let failure: unknown;
		try {
			return toMinorUnits(decimalPoint(text, currency), currency);
		} catch (error) {
			failure = error;
		}
		return this.readCell(column, () => {
			throw failure;
		});
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

	// The previous row's date: a transaction's rows share it.
	private lastDateText = '';
	private lastDate: string | null = null;

	private date(value: string): string | null {
		if (!value) return null;
		if (value === this.lastDateText) return this.lastDate;
		const date = amazonIsoUtc(value) ?? this.dates.get(value, parseDate);
		this.lastDateText = own(value);
		this.lastDate = date;
		return date;
	}

	private header(cells: string[]): void {
		const byName = new Map(cells.map((name, index) => [name.trim().toLowerCase(), index]));
		this.byName = byName;
		const has = (name: string) => byName.has(name);
		if (REQUIRED_COLUMNS.every(has)) this.format = 'v2';
		else if (REQUIRED_V1_COLUMNS.every(has)) this.format = 'v1';
		else {
			const missing = REQUIRED_COLUMNS.filter((name) => !has(name));
			throw new SettlementFormatError(
				`The settlement file has no ${missing.map((m) => `"${m}"`).join(', ')} column; is it a settlement flat file (V2 or V1)?`,
				this.lineNo,
				missing[0],
			);
		}
		const at = (name: string) => byName.get(name) ?? -1;
		this.col = {
			settlementId: at('settlement-id'),
			startDate: at('settlement-start-date'),
			endDate: at('settlement-end-date'),
			depositDate: at('deposit-date'),
			totalAmount: at('total-amount'),
			currency: at('currency'),
			transactionType: at('transaction-type'),
			orderId: at('order-id'),
			merchantOrderId: at('merchant-order-id'),
			adjustmentId: at('adjustment-id'),
			sku: at('sku'),
			quantity: at('quantity-purchased'),
			amountType: at('amount-type'),
			amountDescription: at('amount-description'),
			amount: at('amount'),
			postedDateTime: at('posted-date-time'),
			postedDate: at('posted-date'),
			marketplace: at('marketplace-name'),
			fulfillment: at('fulfillment-id'),
			v1: V1_AMOUNTS.filter(([column]) => byName.has(column)).map(
				([column, typeColumn, amountType]) => ({
					column,
					at: at(column),
					// -2: this amount column has no type column at all (-1: the file lacks it).
					typeAt: typeColumn ? at(typeColumn) : -2,
					amountType,
					misc: column === 'misc-fee-amount',
				}),
			),
		};
	}

	/** Feeds one line; returns copies of its amount rows (see feedInto). */
	feed(rawLine: string): SettlementRow[] {
		const rows: SettlementRow[] = [];
		this.feedInto(rawLine, (row) => rows.push({ ...row }));
		return rows;
	}

	/**
	 * Feeds one line and calls `emit` for each of its amount rows: none for the header, the
	 * summary, blank lines and V1 rows that carry only a quantity; one for a V2 row; one per filled
	 * amount column for V1. The row object is reused: copy it to keep it.
	 */
	feedInto(rawLine: string, emit: (row: SettlementRow) => void): void {
		this.lineNo++;
		const line = rawLine.charCodeAt(rawLine.length - 1) === 13 ? rawLine.slice(0, -1) : rawLine;
		if (isBlank(line)) return;
		const cells = line.split('\t');
		const col = this.col;
		if (!col) {
			this.header(cells);
			return;
		}
		// Real files often fill `currency` on the summary row only; rows inherit it.
		const rawCurrency = col.currency < 0 ? '' : clean(cells[col.currency]);
		const currency = this.currencyOf(rawCurrency);
		if (!this.summary) {
			this.summary = {
				settlementId: this.value(cells, 'settlement-id'),
				startDate: parseDate(this.value(cells, 'settlement-start-date')),
				endDate: parseDate(this.value(cells, 'settlement-end-date')),
				depositDate: parseDate(this.value(cells, 'deposit-date')),
				totalMinor: this.amount(cells, col.totalAmount, 'total-amount', currency),
				currency,
			};
			return;
		}
		const row = this.row;
		row.settlementId = cellAt(cells, col.settlementId);
		row.transactionType = cellAt(cells, col.transactionType);
		row.orderId = cellAt(cells, col.orderId);
		row.merchantOrderId = cellAt(cells, col.merchantOrderId);
		row.adjustmentId = cellAt(cells, col.adjustmentId);
		row.sku = cellAt(cells, col.sku);
		const quantity = col.quantity < 0 ? 0 : Number(cellAt(cells, col.quantity) || '0');
		row.quantity = Number.isFinite(quantity) ? quantity : 0;
		row.currency = currency;
		row.postedAt =
			this.date(cellAt(cells, col.postedDateTime)) ?? this.date(cellAt(cells, col.postedDate));
		row.marketplace = cellAt(cells, col.marketplace);
		row.fulfillment = cellAt(cells, col.fulfillment);
		row.line = this.lineNo;
		if (this.format === 'v2') {
			this.setAmount(row, cellAt(cells, col.amountType), cellAt(cells, col.amountDescription));
			row.amountMinor = this.amount(cells, col.amount, 'amount', currency);
			emit(row);
			return;
		}
		for (const v1 of col.v1) {
			if (cellAt(cells, v1.at) === '') continue;
			const description =
				v1.typeAt !== -2 ? cellAt(cells, v1.typeAt) : v1.misc ? 'MiscFee' : row.transactionType;
			this.setAmount(row, v1.amountType, description);
			row.amountMinor = this.amount(cells, v1.at, v1.column, currency);
			emit(row);
		}
	}

	private currencyOf(raw: string): string {
		const key = raw || this.summary?.currency || '';
		const result = this.currencies.get(key, currencyOrError);
		if (typeof result === 'string') return result;
		return this.readCell('currency', () => {
			throw result;
		});
	}

	private setAmount(row: SettlementRow, amountType: string, description: string): void {
		row.amountType = amountType;
		row.amountDescription = description;
		row.unknownAmountType =
			amountType !== '' && this.unknownTypes.get(amountType, isUnknownAmountType);
	}
}

/**
 * "12,34" as "12.34" when that reading is the only one (one comma, at most the currency's
 * decimals after it, no point, and a currency of at most two decimals, where "1,500" cannot be
 * meant as 1.500), so the money parser's fast path takes it; anything else goes to it unchanged.
 */
function decimalPoint(text: string, currency: string): string {
	const comma = text.indexOf(',');
	if (comma < 0 || text.indexOf('.') >= 0 || text.indexOf(',', comma + 1) >= 0) return text;
	const exponent = currencyExponent(currency);
	const decimals = text.length - comma - 1;
	if (exponent > 2 || decimals < 1 || decimals > exponent) return text;
	for (let i = text.charCodeAt(0) === 45 ? 1 : 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (i !== comma && (code < 48 || code > 57)) return text;
	}
	if (comma === 0 || (comma === 1 && text.charCodeAt(0) === 45)) return text;
	return `${text.slice(0, comma)}.${text.slice(comma + 1)}`;
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

/** A total while it is summed: the next SKU line of the same order chained on. */
interface OpenTotal extends OrderSkuTotal {
	next: OpenTotal | null;
}

/**
 * One string per distinct value (up to a bound), so the totals' keys compare by identity: a row's
 * sku then matches its total's without reading the total's text from memory.
 */
class Interner {
	private readonly map = new Map<string, string>();
	private last = '';
	intern(value: string): string {
		if (value === this.last) return this.last;
		let kept = this.map.get(value);
		if (kept === undefined) {
			kept = own(value);
			// Beyond the bound values are still compared by text, only more slowly.
			if (this.map.size < 65_536) this.map.set(kept, kept);
		}
		this.last = kept;
		return kept;
	}
}

/** Sums per order, SKU and currency (never across currencies). */
export class SettlementAggregator {
	/** In order of first appearance. */
	private readonly totals: OpenTotal[] = [];
	/**
	 * Order id to the order's first total (further SKU lines chained through `next`): one hash
	 * lookup per row when the order changes, and the row's keys compared by identity.
	 */
	private readonly byOrder = new Map<string, OpenTotal>();
	private readonly skus = new Interner();
	private readonly settlementIds = new Interner();
	// A file has a handful of transaction and amount types: each is examined once.
	private readonly refundTypes = new Map<string, boolean>();
	private readonly lowerTypes = new Map<string, string>();

	private refundType(transactionType: string): boolean {
		let refund = this.refundTypes.get(transactionType);
		if (refund === undefined) {
			refund = /refund/i.test(transactionType);
			this.refundTypes.set(own(transactionType), refund);
		}
		return refund;
	}

	private lower(value: string): string {
		let lower = this.lowerTypes.get(value);
		if (lower === undefined) {
			lower = value.toLowerCase();
			this.lowerTypes.set(own(value), lower);
		}
		return lower;
	}
	rows = 0;
	// The previous row's order and types: neighbouring rows mostly share them.
	private lastOrderId = '';
	private lastFirst: OpenTotal | null = null;
	private lastTransactionType: string | undefined;
	private lastRefund = false;
	private lastAmountType: string | undefined;
	private lastLower = '';
	private lastDescription: string | undefined;
	private lastPrincipal = false;

	/** Sum of all rows per currency (the sum of the totals' net amounts, never across currencies). */
	get perCurrency(): Map<string, number> {
		const sums = new Map<string, number>();
		for (const total of this.totals)
			sums.set(total.currency, (sums.get(total.currency) ?? 0) + total.netMinor);
		return sums;
	}

	add(row: SettlementRow): void {
		this.rows++;
		const sku = this.skus.intern(row.sku);
		const settlementId = this.settlementIds.intern(row.settlementId);
		const currency = row.currency;
		let first: OpenTotal | null | undefined = this.lastFirst;
		if (first === null || row.orderId !== this.lastOrderId) {
			first = this.byOrder.get(row.orderId);
			this.lastFirst = first ?? null;
			this.lastOrderId = first ? first.orderId : '';
		}
		let total: OpenTotal | null | undefined = first;
		while (
			total &&
			!(total.sku === sku && total.currency === currency && total.settlementId === settlementId)
		)
			total = total.next;
		if (!total) {
			// Kept for the output: copies that do not hold the document's text in memory.
			total = {
				settlementId,
				orderId: first ? first.orderId : own(row.orderId),
				merchantOrderId: own(row.merchantOrderId),
				sku,
				currency,
				refundMinor: 0,
				salesMinor: 0,
				feesMinor: 0,
				otherMinor: 0,
				netMinor: 0,
				refundCount: 0,
				rows: 0,
				lastPostedAt: null,
				next: null,
			};
			this.totals.push(total);
			if (first) {
				let tail = first;
				while (tail.next) tail = tail.next;
				tail.next = total;
			} else {
				this.byOrder.set(total.orderId, total);
				this.lastFirst = total;
				this.lastOrderId = total.orderId;
			}
		}
		total.rows++;
		total.netMinor += row.amountMinor;
		// A transaction's rows share one date text (the parser reads it once): compared by identity first.
		const postedAt = row.postedAt;
		if (
			postedAt !== total.lastPostedAt &&
			postedAt &&
			(!total.lastPostedAt || postedAt > total.lastPostedAt)
		)
			total.lastPostedAt = postedAt;
		if (row.transactionType !== this.lastTransactionType) {
			this.lastRefund = this.refundType(row.transactionType);
			this.lastTransactionType = own(row.transactionType);
		}
		if (row.amountType !== this.lastAmountType) {
			this.lastLower = this.lower(row.amountType);
			this.lastAmountType = own(row.amountType);
		}
		const refund = this.lastRefund;
		const type = this.lastLower;
		if (refund && type === 'itemprice') total.refundMinor += row.amountMinor;
		else if (type === 'itemprice') total.salesMinor += row.amountMinor;
		else if (type === 'itemfees') total.feesMinor += row.amountMinor;
		else total.otherMinor += row.amountMinor;
		if (refund && type === 'itemprice') {
			if (row.amountDescription !== this.lastDescription) {
				this.lastPrincipal = this.lower(row.amountDescription) === 'principal';
				this.lastDescription = own(row.amountDescription);
			}
			if (this.lastPrincipal) total.refundCount++;
		}
	}

	list(): OrderSkuTotal[] {
		return this.totals.map((t) => ({
			settlementId: t.settlementId,
			orderId: t.orderId,
			merchantOrderId: t.merchantOrderId,
			sku: t.sku,
			currency: t.currency,
			refundMinor: t.refundMinor,
			salesMinor: t.salesMinor,
			feesMinor: t.feesMinor,
			otherMinor: t.otherMinor,
			netMinor: t.netMinor,
			refundCount: t.refundCount,
			rows: t.rows,
			lastPostedAt: t.lastPostedAt,
		}));
	}
}
