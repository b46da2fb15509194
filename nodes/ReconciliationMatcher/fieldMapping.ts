/**
 * Which item field feeds which engine field, per input. Defaults are the field names the other
 * nodes of this package emit, so wiring them straight in needs no mapping.
 */
import type { InputKind } from './engine';

export interface FieldSpec {
	name: string;
	displayName: string;
	description: string;
}

export const INPUT_FIELDS: Readonly<Record<InputKind, readonly FieldSpec[]>> = {
	refunds: [
		{
			name: 'refundId',
			displayName: 'Refund ID',
			description: 'Unique id of the refund (Amazon adjustment id, credit note id). Optional.',
		},
		{
			name: 'channel',
			displayName: 'Channel',
			description: 'amazon, storefront, happy_returns...',
		},
		{
			name: 'orderId',
			displayName: 'Order ID',
			description: 'Amazon order id, or the storefront order number',
		},
		{
			name: 'merchantOrderId',
			displayName: 'Merchant Order ID',
			description: 'The seller order number (Centra) when the refund carries it',
		},
		{ name: 'sku', displayName: 'SKU', description: 'SKU refunded' },
		{
			name: 'quantity',
			displayName: 'Quantity',
			description: 'Units refunded; 0 for amount-only refunds. Default 1.',
		},
		{
			name: 'amount',
			displayName: 'Amount',
			description: 'Refund amount as a decimal in the currency (sign ignored)',
		},
		{ name: 'currency', displayName: 'Currency', description: 'ISO 4217 code' },
		{ name: 'refundedAt', displayName: 'Refunded At', description: 'Refund or posting date' },
		{
			name: 'fulfillment',
			displayName: 'Fulfillment',
			description: 'FBA or MFN for Amazon refunds (claim window)',
		},
		{
			name: 'type',
			displayName: 'Type',
			description:
				'Row type; "reversal" (or refund_reversal, reversed, cancelled_refund) undoes an earlier refund. Optional.',
		},
	],
	returnEvents: [
		{ name: 'returnId', displayName: 'Return ID', description: 'Happy Returns return id' },
		{ name: 'orderNumber', displayName: 'Order Number', description: 'Merchant order number' },
		{ name: 'sku', displayName: 'SKU', description: 'SKU of the unit' },
		{
			name: 'unit',
			displayName: 'Unit',
			description: 'Unit index within the order line (from orderLineItemID)',
		},
		{
			name: 'status',
			displayName: 'Status',
			description: 'started, dropped_off, refund_approved, expired or bag_linked',
		},
		{ name: 'scannedAt', displayName: 'Scanned At', description: 'When the event happened' },
		{ name: 'bagBarcode', displayName: 'Bag Barcode', description: 'Happy Returns bag barcode' },
		{
			name: 'isExchange',
			displayName: 'Is Exchange',
			description: 'True for exchanges (not refunded)',
		},
		{
			name: 'unitValue',
			displayName: 'Unit Value',
			description: 'Value of one unit, for the value check',
		},
		{ name: 'currency', displayName: 'Currency', description: 'Currency of the unit value' },
	],
	manifests: [
		{
			name: 'trackingNumber',
			displayName: 'Tracking Number',
			description: 'Tracking number of the consolidated hub shipment',
		},
		{
			name: 'orderNumber',
			displayName: 'Order Number',
			description: 'Merchant order number of the item',
		},
		{
			name: 'returnId',
			displayName: 'Return ID',
			description: 'Happy Returns return id, when known',
		},
		{ name: 'sku', displayName: 'SKU', description: 'SKU of the item' },
		{ name: 'unit', displayName: 'Unit', description: 'Unit index within the order line' },
		{ name: 'bagBarcode', displayName: 'Bag Barcode', description: 'Bag barcode of the item' },
		{ name: 'shippedAt', displayName: 'Shipped At', description: 'Departure from the hub' },
		{
			name: 'deliveredAt',
			displayName: 'Delivered At',
			description: 'Carrier delivery date, when known',
		},
	],
	receipts: [
		{
			name: 'trackingNumber',
			displayName: 'Tracking Number',
			description: 'Tracking number the goods arrived under',
		},
		{
			name: 'bagBarcode',
			displayName: 'Bag Barcode',
			description: 'Bag barcode scanned at check-in',
		},
		{
			name: 'returnId',
			displayName: 'Return ID',
			description: 'Happy Returns return id, when known',
		},
		{
			name: 'orderNumber',
			displayName: 'Order Number',
			description: 'Merchant order number, when known',
		},
		{ name: 'sku', displayName: 'SKU', description: 'SKU received' },
		{ name: 'quantity', displayName: 'Quantity', description: 'Units received (default 1)' },
		{
			name: 'disposition',
			displayName: 'Disposition',
			description: 'Disposition code (sellable, damaged, missing...)',
		},
		{
			name: 'receivedAt',
			displayName: 'Received At',
			description: 'When the warehouse checked the goods in',
		},
		{
			name: 'unit',
			displayName: 'Unit',
			description:
				'Unit id within the return line, when recorded; the same unit received twice counts once',
		},
	],
	stockMovements: [
		{
			name: 'reference',
			displayName: 'Reference',
			description: 'Movement reference text (carries the return id)',
		},
		{
			name: 'returnId',
			displayName: 'Return ID',
			description: 'Return id, when the movement carries it separately',
		},
		{ name: 'orderNumber', displayName: 'Order Number', description: 'Order number, when known' },
		{ name: 'sku', displayName: 'SKU', description: 'SKU moved' },
		{
			name: 'warehouse',
			displayName: 'Warehouse',
			description: 'Warehouse (bucket) of the movement',
		},
		{
			name: 'quantity',
			displayName: 'Quantity',
			description: 'Signed units: positive into, negative out of the warehouse',
		},
		{ name: 'movedAt', displayName: 'Moved At', description: 'When the stock moved' },
	],
	orders: [
		{ name: 'orderNumber', displayName: 'Order Number', description: 'Merchant order number' },
		{
			name: 'aliases',
			displayName: 'Aliases',
			description: 'Other ids of the order (Amazon order id), list or comma-separated',
		},
		{ name: 'sku', displayName: 'SKU', description: 'SKU of the line' },
		{ name: 'quantity', displayName: 'Quantity', description: 'Units ordered' },
		{ name: 'unitPrice', displayName: 'Unit Price', description: 'Price of one unit as paid' },
		{ name: 'currency', displayName: 'Currency', description: 'ISO 4217 code' },
	],
};

/** Reads a dot path ("order.lines.0.sku") from an item's JSON. */
export function readPath(source: unknown, path: string): unknown {
	if (!path.includes('.')) return (source as Record<string, unknown> | null | undefined)?.[path];
	let value: unknown = source;
	for (const part of path.split('.')) {
		if (value === null || value === undefined || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/**
 * Returns a function that turns one item's JSON into an engine record, renaming mapped fields to
 * the engine's names. Without overrides the item JSON is used as is (no copy).
 */
export function recordMapper(
	fields: readonly FieldSpec[],
	overrides: Readonly<Record<string, string>>,
): (json: unknown) => Record<string, unknown> {
	const paths = fields.map(
		(field) => [field.name, overrides[field.name]?.trim() || field.name] as const,
	);
	if (paths.every(([name, path]) => name === path))
		return (json) => (json ?? {}) as Record<string, unknown>;
	return (json) => {
		const record: Record<string, unknown> = {};
		for (const [name, path] of paths) record[name] = readPath(json, path);
		return record;
	};
}

export interface KnownRow {
	id: string;
	status: 'open' | 'resolved' | 'no_action' | 'cleared';
	type?: string;
	owner?: string;
	firstSeenAt?: string;
	resolvedAt?: string;
}

const CLOSED_WORDS: Readonly<Record<string, KnownRow['status']>> = {
	resolved: 'resolved',
	closed: 'resolved',
	done: 'resolved',
	no_action: 'no_action',
	'no action': 'no_action',
	'no-action': 'no_action',
	noaction: 'no_action',
	ignored: 'no_action',
	// Written by the matcher itself when the data no longer shows the case: not a person's word.
	cleared: 'cleared',
};

/**
 * A row of the exception register as the lifecycle reads it. Registers name the key "exceptionId"
 * (a Data Table row also has its own "id") or "id", and people type statuses as they speak ("No action", "Resolved"); anything that is
 * not a closing word counts as open, so a typo never silently closes an exception.
 */
export function knownRow(json: Record<string, unknown>): KnownRow | null {
	// "exceptionId" first: a Data Table row also has its own numeric "id".
	const id = String(json.exceptionId ?? json.id ?? '').trim();
	if (!id) return null;
	const word = String(json.status ?? '')
		.trim()
		.toLowerCase();
	// Own keys only: a status "constructor" is not a closing word.
	const status = Object.prototype.hasOwnProperty.call(CLOSED_WORDS, word)
		? CLOSED_WORDS[word]
		: 'open';
	const text = (value: unknown) =>
		value === undefined || value === null || value === '' ? undefined : String(value);
	return {
		id,
		status,
		type: text(json.type),
		owner: text(json.owner),
		firstSeenAt: text(json.firstSeenAt ?? json.detectedAt),
		resolvedAt: text(json.resolvedAt),
	};
}
