/**
 * Turns plain objects with canonical field names into typed engine records. Anything unreadable
 * becomes a RecordIssue naming the input, the item and the field; nothing is silently dropped.
 */
import { MoneyError, money, normalizeCurrency, type Money } from '../../shared/money';
import { parseTimestamp, TimestampError } from '../../shared/timestamps';
import { normalizeChannel, normalizeKey, type KeyOptions } from './normalize';
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

export type InputKind = 'refunds' | 'returnEvents' | 'manifests' | 'receipts' | 'stockMovements' | 'orders';

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

/** True when trim() could not change `value`: it starts and ends with printable ASCII. */
function untrimmable(value: string): boolean {
	if (value.length === 0) return true;
	const first = value.charCodeAt(0);
	const last = value.charCodeAt(value.length - 1);
	return first > 32 && first < 127 && last > 32 && last < 127;
}

function text(raw: Raw, field: string): string {
	const value = raw[field];
	if (typeof value === 'string') return untrimmable(value) ? value : value.trim();
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') throw new RecordFieldError(field, `${field} must be text, not an object`);
	return String(value).trim();
}

function key(raw: Raw, field: string, ctx: ParseContext): string {
	return normalizeKey(text(raw, field), ctx.keys);
}

function requiredKey(raw: Raw, field: string, ctx: ParseContext): string {
	const value = key(raw, field, ctx);
	if (value === '') throw new RecordFieldError(field, `${field} is missing`);
	return value;
}

function timestamp(raw: Raw, field: string, ctx: ParseContext, required = true): number | null {
	const value = raw[field];
	if (value === null || value === undefined || value === '') {
		if (required) throw new RecordFieldError(field, `${field} is missing`);
		return null;
	}
	let ms: number;
	try {
		ms = parseTimestamp(value);
	} catch (error) {
		if (error instanceof TimestampError) throw new RecordFieldError(field, `${field}: ${error.message}`);
		throw error;
	}
	if (ms > ctx.latestAllowed) {
		throw new RecordFieldError(field, `${field} "${String(value)}" is in the future`);
	}
	return ms;
}

function wholeNumber(raw: Raw, field: string, min: number, fallback?: number): number {
	const value = raw[field];
	if ((value === null || value === undefined || value === '') && fallback !== undefined) return fallback;
	const parsed = typeof value === 'number' ? value : Number(String(value ?? '').trim());
	if (!Number.isInteger(parsed) || parsed < min) {
		throw new RecordFieldError(field, `${field} must be a whole number of at least ${min}, got ${JSON.stringify(value) ?? 'nothing'}`);
	}
	return parsed;
}

function signedWholeNumber(raw: Raw, field: string): number {
	const value = raw[field];
	const parsed = typeof value === 'number' ? value : Number(String(value ?? '').trim());
	if (!Number.isInteger(parsed) || parsed === 0) {
		throw new RecordFieldError(field, `${field} must be a non-zero whole number, got ${JSON.stringify(value) ?? 'nothing'}`);
	}
	return parsed;
}

function amount(raw: Raw, amountField: string, currencyField: string, required: boolean): Money | null {
	const value = raw[amountField];
	if (value === null || value === undefined || value === '') {
		if (required) throw new RecordFieldError(amountField, `${amountField} is missing`);
		return null;
	}
	let currency: string;
	try {
		currency = normalizeCurrency(raw[currencyField]);
	} catch (error) {
		if (error instanceof MoneyError) throw new RecordFieldError(currencyField, `${currencyField}: ${error.message}`);
		throw error;
	}
	try {
		return money(value, currency);
	} catch (error) {
		if (error instanceof MoneyError) throw new RecordFieldError(amountField, `${amountField}: ${error.message}`);
		throw error;
	}
}

function flag(raw: Raw, field: string): boolean {
	const value = raw[field];
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') return ['true', 'yes', '1', 'y'].includes(value.trim().toLowerCase());
	return value === 1;
}

export function parseRefund(raw: Raw, ref: SourceRef, ctx: ParseContext): RefundRecord {
	const quantity = wholeNumber(raw, 'quantity', 0, 1);
	const sku = key(raw, 'sku', ctx);
	if (sku === '' && quantity > 0) throw new RecordFieldError('sku', 'sku is missing (needed when quantity is above 0)');
	const value = amount(raw, 'amount', 'currency', true) as Money;
	// Amazon writes refunds as negative amounts; the engine compares money paid back.
	const refund: Money = { amountMinor: Math.abs(value.amountMinor), currency: value.currency };
	const refundedAt = timestamp(raw, 'refundedAt', ctx) as number;
	const channel = normalizeChannel(raw.channel) || 'unknown';
	const orderId = key(raw, 'orderId', ctx);
	const merchantOrderId = key(raw, 'merchantOrderId', ctx);
	const refundId =
		text(raw, 'refundId') ||
		`${channel}|${orderId}|${merchantOrderId}|${sku}|${refund.amountMinor}${refund.currency}|${refundedAt}`;
	return {
		ref, refundId, channel, orderId, merchantOrderId, sku, quantity, amount: refund, refundedAt,
		fulfillment: text(raw, 'fulfillment').toUpperCase(),
	};
}

const STATUS_ALIASES: Readonly<Record<string, ReturnStatus | 'bag_linked'>> = {
	started: 'started',
	dropoff_method_set: 'started',
	dropped_off: 'dropped_off',
	refund_approved: 'refund_approved',
	approved: 'refund_approved',
	expired: 'expired',
	bag_linked: 'bag_linked',
};

export function parseReturnEvent(raw: Raw, ref: SourceRef, ctx: ParseContext): ReturnEventRecord | BagLink {
	const returnId = requiredKey(raw, 'returnId', ctx);
	const statusText = normalizeChannel(text(raw, 'status')).replace(/^return_/, '');
	const status = STATUS_ALIASES[statusText];
	if (!status) {
		throw new RecordFieldError(
			'status',
			`status "${text(raw, 'status')}" is not a return status (started, dropped_off, refund_approved, expired, bag_linked)`,
		);
	}
	const bagBarcode = key(raw, 'bagBarcode', ctx);
	if (status === 'bag_linked') {
		if (bagBarcode === '') throw new RecordFieldError('bagBarcode', 'bagBarcode is missing on a bag_linked event');
		return { kind: 'bag', ref, returnId, bagBarcode };
	}
	const unitValue = amount(raw, 'unitValue', 'currency', false);
	return {
		ref, returnId, status, bagBarcode, unitValue,
		orderNumber: key(raw, 'orderNumber', ctx),
		sku: requiredKey(raw, 'sku', ctx),
		unit: text(raw, 'unit'),
		scannedAt: timestamp(raw, 'scannedAt', ctx) as number,
		isExchange: flag(raw, 'isExchange'),
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
	return {
		ref,
		trackingNumber: requiredKey(raw, 'trackingNumber', ctx),
		orderNumber: key(raw, 'orderNumber', ctx),
		returnId: key(raw, 'returnId', ctx),
		sku: requiredKey(raw, 'sku', ctx),
		unit: text(raw, 'unit'),
		bagBarcode: key(raw, 'bagBarcode', ctx),
		shippedAt: timestamp(raw, 'shippedAt', ctx) as number,
		deliveredAt: timestamp(raw, 'deliveredAt', ctx, false),
	};
}

export function parseReceipt(raw: Raw, ref: SourceRef, ctx: ParseContext): ReceiptRecord {
	return {
		ref,
		trackingNumber: key(raw, 'trackingNumber', ctx),
		bagBarcode: key(raw, 'bagBarcode', ctx),
		returnId: key(raw, 'returnId', ctx),
		orderNumber: key(raw, 'orderNumber', ctx),
		sku: requiredKey(raw, 'sku', ctx),
		quantity: wholeNumber(raw, 'quantity', 1, 1),
		disposition: normalizeChannel(text(raw, 'disposition')),
		receivedAt: timestamp(raw, 'receivedAt', ctx) as number,
	};
}

const REFERENCE_SEPARATORS = /[\s:|,;/#=]+/;

/** The words of a free-text reference, normalised like keys so a return id among them matches. */
function referenceWords(reference: string, ctx: ParseContext): string[] {
	if (reference === '') return [];
	const words: string[] = [];
	for (const word of reference.split(REFERENCE_SEPARATORS)) {
		const key = normalizeKey(word, ctx.keys);
		if (key !== '' && !words.includes(key)) words.push(key);
	}
	return words;
}

export function parseStockMovement(raw: Raw, ref: SourceRef, ctx: ParseContext): ParsedStockMovement {
	return {
		ref,
		referenceWords: referenceWords(text(raw, 'reference'), ctx),
		returnId: key(raw, 'returnId', ctx),
		orderNumber: key(raw, 'orderNumber', ctx),
		sku: requiredKey(raw, 'sku', ctx),
		warehouse: requiredKey(raw, 'warehouse', ctx),
		quantity: signedWholeNumber(raw, 'quantity'),
		movedAt: timestamp(raw, 'movedAt', ctx) as number,
	};
}

export function parseOrderLine(raw: Raw, ref: SourceRef, ctx: ParseContext): ParsedOrderLine {
	const aliasValue = raw.aliases;
	const aliases = (Array.isArray(aliasValue) ? aliasValue : aliasValue ? String(aliasValue).split(',') : [])
		.map((alias) => normalizeKey(alias, ctx.keys))
		.filter((alias) => alias !== '');
	return {
		ref,
		orderNumber: requiredKey(raw, 'orderNumber', ctx),
		aliases,
		sku: requiredKey(raw, 'sku', ctx),
		quantity: wholeNumber(raw, 'quantity', 1, 1),
		unitPrice: amount(raw, 'unitPrice', 'currency', false),
	};
}
