/**
 * Turns plain objects with canonical field names into typed engine records. Anything unreadable
 * becomes a RecordIssue naming the input, the item and the field; nothing is silently dropped.
 */
import { MoneyError, money, normalizeCurrency, type Money } from '../../shared/money';
import { parseTimestamp, TimestampError } from '../../shared/timestamps';
import {
	normalizeChannel,
	normalizeKey,
	normalizeSalesChannel,
	type KeyOptions,
} from './normalize';
import {
	ManifestFields,
	OrderLineFields,
	ReceiptFields,
	RefundFields,
	ReturnEventFields,
	StockMovementFields,
} from './rawFields';
import type {
	ManifestRecord,
	OrderLineRecord,
	ReceiptRecord,
	RefundRecord,
	ReturnEventRecord,
	ReturnStatus,
	SourceRef,
	StockMovementRecord,
} from './types';

export type InputKind =
	'refunds' | 'returnEvents' | 'manifests' | 'receipts' | 'stockMovements' | 'orders';

export interface RecordIssue {
	input: InputKind;
	ref: SourceRef;
	field: string;
	message: string;
}

/** A stock movement as read: the words of its reference text serve grouping only. */
export interface ParsedStockMovement extends StockMovementRecord {
	/** Words of the reference text as keys ("HR HR-1 SKU-1 processed"): one may be a return id. */
	referenceWords: string[];
}

/** An order line as read: its aliases serve grouping only. */
export interface ParsedOrderLine extends OrderLineRecord {
	/** Other identifiers of the same order (Amazon order id), so refunds keyed by them match. */
	aliases: string[];
}

export class RecordFieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'RecordFieldError';
	}
}

export interface ParseContext {
	keys: KeyOptions;
	/** Dates later than this (epoch ms) are rejected as "in the future". */
	latestAllowed: number;
}

type Raw = Record<string, unknown>;

// One reader per input, reused record after record (parsing is synchronous).
const refundFields = new RefundFields();
const returnEventFields = new ReturnEventFields();
const manifestFields = new ManifestFields();
const receiptFields = new ReceiptFields();
const stockMovementFields = new StockMovementFields();
const orderLineFields = new OrderLineFields();

/** True when trim() could not change `value`: it starts and ends with printable ASCII. */
function untrimmable(value: string): boolean {
	if (value.length === 0) return true;
	const first = value.charCodeAt(0);
	const last = value.charCodeAt(value.length - 1);
	return first > 32 && first < 127 && last > 32 && last < 127;
}

function text(value: unknown, field: string): string {
	if (typeof value === 'string') return untrimmable(value) ? value : value.trim();
	if (value === null || value === undefined) return '';
	if (typeof value === 'object')
		throw new RecordFieldError(field, `${field} must be text, not an object`);
	return String(value).trim();
}

function key(value: unknown, field: string, ctx: ParseContext): string {
	return normalizeKey(text(value, field), ctx.keys);
}

function requiredKey(value: unknown, field: string, ctx: ParseContext): string {
	const normal = key(value, field, ctx);
	if (normal === '') throw new RecordFieldError(field, `${field} is missing`);
	return normal;
}

/**
 * The RecordFieldError for a shared parser's typed error, naming the field; any other failure is
 * returned as it was. Callers throw it after their catch block, not inside it: n8n's
 * community-package scanner expects only NodeApiError/NodeOperationError to be thrown from a
 * catch, and this module imports no n8n. (No closure per call: this runs for millions of fields.)
 */
function fieldError(
	field: string,
	parserError: typeof MoneyError | typeof TimestampError,
	failure: unknown,
): unknown {
	return failure instanceof parserError
		? new RecordFieldError(field, `${field}: ${(failure as Error).message}`)
		: failure;
}

/** Marks "the parser returned" (a thrown value may be anything, undefined included). */
const PARSED = Symbol('parsed');

function timestamp(
	value: unknown,
	field: string,
	ctx: ParseContext,
	required = true,
): number | null {
	if (value === null || value === undefined || value === '') {
		if (required) throw new RecordFieldError(field, `${field} is missing`);
		return null;
	}
	let ms = 0;
	let failure: unknown = PARSED;
	try {
		ms = parseTimestamp(value);
	} catch (error) {
		failure = error;
	}
	if (failure !== PARSED) throw fieldError(field, TimestampError, failure);
	if (ms > ctx.latestAllowed) {
		throw new RecordFieldError(field, `${field} "${String(value)}" is in the future`);
	}
	return ms;
}

const UNSIGNED_DIGITS = /^\+?[0-9]+$/;
const SIGNED_DIGITS = /^[+-]?[0-9]+$/;

/**
 * A quantity written as a whole number: a JavaScript integer, or text of decimal digits with an
 * optional sign. Blank text, lists, hexadecimal ("0x2"), exponents ("2e0") and fractions are
 * rejected rather than read as a number JavaScript would make of them.
 */
function integerOf(value: unknown, signed: boolean): number {
	if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
	if (typeof value !== 'string') return Number.NaN;
	const trimmed = value.trim();
	if (!(signed ? SIGNED_DIGITS : UNSIGNED_DIGITS).test(trimmed)) return Number.NaN;
	const parsed = Number(trimmed);
	return Number.isSafeInteger(parsed) ? parsed : Number.NaN;
}

function wholeNumber(value: unknown, field: string, min: number, fallback?: number): number {
	if ((value === null || value === undefined || value === '') && fallback !== undefined)
		return fallback;
	const parsed = integerOf(value, false);
	if (!Number.isInteger(parsed) || parsed < min) {
		throw new RecordFieldError(
			field,
			`${field} must be a whole number of at least ${min}, got ${JSON.stringify(value) ?? 'nothing'}`,
		);
	}
	return parsed;
}

function signedWholeNumber(value: unknown, field: string): number {
	const parsed = integerOf(value, true);
	if (!Number.isInteger(parsed) || parsed === 0) {
		throw new RecordFieldError(
			field,
			`${field} must be a non-zero whole number, got ${JSON.stringify(value) ?? 'nothing'}`,
		);
	}
	return parsed;
}

function amount(
	value: unknown,
	currencyValue: unknown,
	amountField: string,
	currencyField: string,
	required: boolean,
): Money | null {
	if (value === null || value === undefined || value === '') {
		if (required) throw new RecordFieldError(amountField, `${amountField} is missing`);
		return null;
	}
	let currency = '';
	let failure: unknown = PARSED;
	try {
		currency = normalizeCurrency(currencyValue);
	} catch (error) {
		failure = error;
	}
	if (failure !== PARSED) throw fieldError(currencyField, MoneyError, failure);
	let parsed: Money | null = null;
	try {
		parsed = money(value, currency);
	} catch (error) {
		failure = error;
	}
	if (failure !== PARSED) throw fieldError(amountField, MoneyError, failure);
	return parsed;
}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'y']);

function flag(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') return TRUE_WORDS.has(value.trim().toLowerCase());
	return value === 1;
}

/** How many spellings of a vocabulary field (status, channel) are remembered at most. */
const MAX_SPELLINGS = 256;

/** Sales channels already read, by the text as written (see statusBySpelling). */
const channelBySpelling = new Map<string, string>();

function salesChannelOf(value: unknown): string {
	if (typeof value === 'string') {
		const known = channelBySpelling.get(value);
		if (known !== undefined) return known;
	}
	const channel = normalizeSalesChannel(value) || 'unknown';
	if (typeof value === 'string' && channelBySpelling.size < MAX_SPELLINGS)
		channelBySpelling.set(value, channel);
	return channel;
}

export function parseRefund(raw: Raw, ref: SourceRef, ctx: ParseContext): RefundRecord {
	const f = refundFields.read(raw);
	const quantity = wholeNumber(f.quantity, 'quantity', 0, 1);
	const sku = key(f.sku, 'sku', ctx);
	if (sku === '' && quantity > 0)
		throw new RecordFieldError('sku', 'sku is missing (needed when quantity is above 0)');
	const value = amount(f.amount, f.currency, 'amount', 'currency', true) as Money;
	// Amazon writes refunds as negative amounts; the engine compares money paid back. The sign
	// as written is kept: a row of the opposite sign to its refund is a reversal (see refundNet).
	const refund: Money = { amountMinor: Math.abs(value.amountMinor), currency: value.currency };
	const refundedAt = timestamp(f.refundedAt, 'refundedAt', ctx) as number;
	const channel = salesChannelOf(f.channel);
	const orderId = key(f.orderId, 'orderId', ctx);
	const merchantOrderId = key(f.merchantOrderId, 'merchantOrderId', ctx);
	const givenId = text(f.refundId, 'refundId');
	// A row without an id is its own refund: two identical id-less rows are two payments until a
	// person says otherwise, so the id made up for it is unique to the row.
	const refundId = givenId || `(no id: item ${ref.item})`;
	return {
		hasId: givenId !== '',
		sign: Math.sign(value.amountMinor),
		reversal:
			f.type !== undefined && f.type !== null && f.type !== ''
				? REVERSAL_TYPES.has(normalizeChannel(text(f.type, 'type')))
				: false,
		ref,
		refundId,
		channel,
		orderId,
		merchantOrderId,
		sku,
		quantity,
		amount: refund,
		refundedAt,
		fulfillment: text(f.fulfillment, 'fulfillment').toUpperCase(),
		refundReason: text(f.refundReason, 'refundReason'),
	};
}

/** Refund row types that undo an earlier refund (the `type` field, any case or spacing). */
const REVERSAL_TYPES: ReadonlySet<string> = new Set([
	'reversal',
	'refund_reversal',
	'reversed',
	'reverse',
	'chargeback_reversal',
	'cancelled_refund',
	'refund_cancelled',
]);

const STATUS_ALIASES: Readonly<Record<string, ReturnStatus | 'bag_linked'>> = {
	started: 'started',
	dropoff_method_set: 'started',
	dropped_off: 'dropped_off',
	refund_approved: 'refund_approved',
	approved: 'refund_approved',
	expired: 'expired',
	bag_linked: 'bag_linked',
};

/** The status word without a "return_" prefix ("return.dropped_off" arrives as return_dropped_off). */
function statusWord(value: unknown): string {
	const word = normalizeChannel(text(value, 'status'));
	return word.startsWith('return_') ? word.slice(7) : word;
}

/**
 * Statuses already read, by the text as written: a feed spells its few statuses the same way
 * millions of times, so each spelling is normalised once. Only known statuses are kept, and
 * only a bounded number of spellings, so odd input cannot grow it.
 */
const statusBySpelling = new Map<string, ReturnStatus | 'bag_linked'>();

function statusOf(value: unknown): ReturnStatus | 'bag_linked' | undefined {
	if (typeof value === 'string') {
		const known = statusBySpelling.get(value);
		if (known !== undefined) return known;
	}
	const word = statusWord(value);
	// An own-key lookup: "constructor" or "__proto__" is an unknown status, not Object's own.
	const status = Object.prototype.hasOwnProperty.call(STATUS_ALIASES, word)
		? STATUS_ALIASES[word]
		: undefined;
	if (status !== undefined && typeof value === 'string' && statusBySpelling.size < MAX_SPELLINGS)
		statusBySpelling.set(value, status);
	return status;
}

export function parseReturnEvent(
	raw: Raw,
	ref: SourceRef,
	ctx: ParseContext,
): ReturnEventRecord | BagLink {
	const f = returnEventFields.read(raw);
	const returnId = requiredKey(f.returnId, 'returnId', ctx);
	const status = statusOf(f.status);
	if (!status) {
		throw new RecordFieldError(
			'status',
			`status "${text(f.status, 'status')}" is not a return status (started, dropped_off, refund_approved, expired, bag_linked)`,
		);
	}
	const bagBarcode = key(f.bagBarcode, 'bagBarcode', ctx);
	if (status === 'bag_linked') {
		if (bagBarcode === '')
			throw new RecordFieldError('bagBarcode', 'bagBarcode is missing on a bag_linked event');
		return { kind: 'bag', ref, returnId, bagBarcode };
	}
	const unitValue = amount(f.unitValue, f.currency, 'unitValue', 'currency', false);
	return {
		ref,
		returnId,
		status,
		bagBarcode,
		unitValue,
		orderNumber: key(f.orderNumber, 'orderNumber', ctx),
		sku: requiredKey(f.sku, 'sku', ctx),
		unit: text(f.unit, 'unit'),
		scannedAt: timestamp(f.scannedAt, 'scannedAt', ctx) as number,
		isExchange: flag(f.isExchange),
	};
}

/** A return.bag_linked event: it only links a bag barcode to a return. */
export interface BagLink {
	kind: 'bag';
	ref: SourceRef;
	returnId: string;
	bagBarcode: string;
}

export function parseManifest(raw: Raw, ref: SourceRef, ctx: ParseContext): ManifestRecord {
	const f = manifestFields.read(raw);
	return {
		ref,
		trackingNumber: requiredKey(f.trackingNumber, 'trackingNumber', ctx),
		orderNumber: key(f.orderNumber, 'orderNumber', ctx),
		returnId: key(f.returnId, 'returnId', ctx),
		sku: requiredKey(f.sku, 'sku', ctx),
		unit: text(f.unit, 'unit'),
		bagBarcode: key(f.bagBarcode, 'bagBarcode', ctx),
		shippedAt: timestamp(f.shippedAt, 'shippedAt', ctx) as number,
		deliveredAt: timestamp(f.deliveredAt, 'deliveredAt', ctx, false),
	};
}

export function parseReceipt(raw: Raw, ref: SourceRef, ctx: ParseContext): ReceiptRecord {
	const f = receiptFields.read(raw);
	return {
		ref,
		trackingNumber: key(f.trackingNumber, 'trackingNumber', ctx),
		bagBarcode: key(f.bagBarcode, 'bagBarcode', ctx),
		returnId: key(f.returnId, 'returnId', ctx),
		orderNumber: key(f.orderNumber, 'orderNumber', ctx),
		sku: requiredKey(f.sku, 'sku', ctx),
		quantity: wholeNumber(f.quantity, 'quantity', 1, 1),
		disposition: normalizeChannel(text(f.disposition, 'disposition')),
		receivedAt: timestamp(f.receivedAt, 'receivedAt', ctx) as number,
		unit: text(f.unit, 'unit'),
	};
}

/** Whether `code` separates the words of a reference: the characters of /[\s:|,;/#=]/. */
function separates(code: number): boolean {
	switch (code) {
		case 32:
		case 58:
		case 124:
		case 44:
		case 59:
		case 47:
		case 35:
		case 61: // space : | , ; / # =
		case 9:
		case 10:
		case 11:
		case 12:
		case 13:
		case 0xa0:
		case 0x1680:
		case 0x2028:
		case 0x2029:
		case 0x202f:
		case 0x205f:
		case 0x3000:
		case 0xfeff:
			return true;
		default:
			return code >= 0x2000 && code <= 0x200a;
	}
}

/** The words of a free-text reference, normalised like keys so a return id among them matches. */
function referenceWords(reference: string, ctx: ParseContext): string[] {
	const words: string[] = [];
	// Split by hand: a regular-expression split per movement was a tenth of reading them.
	let start = 0;
	for (let i = 0; i <= reference.length; i++) {
		if (i < reference.length && !separates(reference.charCodeAt(i))) continue;
		if (i > start) {
			const word = normalizeKey(reference.slice(start, i), ctx.keys);
			if (word !== '' && !words.includes(word)) words.push(word);
		}
		start = i + 1;
	}
	return words;
}

export function parseStockMovement(
	raw: Raw,
	ref: SourceRef,
	ctx: ParseContext,
): ParsedStockMovement {
	const f = stockMovementFields.read(raw);
	return {
		ref,
		referenceWords: referenceWords(text(f.reference, 'reference'), ctx),
		returnId: key(f.returnId, 'returnId', ctx),
		orderNumber: key(f.orderNumber, 'orderNumber', ctx),
		sku: requiredKey(f.sku, 'sku', ctx),
		warehouse: requiredKey(f.warehouse, 'warehouse', ctx),
		quantity: signedWholeNumber(f.quantity, 'quantity'),
		movedAt: timestamp(f.movedAt, 'movedAt', ctx) as number,
	};
}

export function parseOrderLine(raw: Raw, ref: SourceRef, ctx: ParseContext): ParsedOrderLine {
	const f = orderLineFields.read(raw);
	const aliasValue = f.aliases;
	const aliases = (
		Array.isArray(aliasValue) ? aliasValue : aliasValue ? String(aliasValue).split(',') : []
	)
		.map((alias) => normalizeKey(alias, ctx.keys))
		.filter((alias) => alias !== '');
	return {
		ref,
		orderNumber: requiredKey(f.orderNumber, 'orderNumber', ctx),
		aliases,
		sku: requiredKey(f.sku, 'sku', ctx),
		quantity: wholeNumber(f.quantity, 'quantity', 1, 1),
		unitPrice: amount(f.unitPrice, f.currency, 'unitPrice', 'currency', false),
	};
}
