/**
 * The fields of each input, declared once. The node's field mapping (fieldMapping.ts), the
 * readers (rawFields.ts, whose classes must carry exactly these fields), the column tables
 * (store/recordTables.ts, through `stored`) and the generated input tables of the node guide
 * all come from here; test/matcher/schema.test.ts fails when one of them names a field this
 * schema does not, or misses one it does.
 */
import type { InputKind } from './records';

/** How the engine reads a field's value. */
export type FieldType =
	| 'key'
	| 'key list'
	| 'text'
	| 'channel'
	| 'status'
	| 'whole number'
	| 'signed whole number'
	| 'amount'
	| 'currency'
	| 'timestamp'
	| 'flag';

/** What each field type accepts, for the generated docs. */
export const FIELD_TYPE_TEXT: Readonly<Record<FieldType, string>> = {
	key: 'matching key: compared without spaces or a leading `#`, case-insensitively (setting)',
	'key list': 'list of matching keys, or one comma-separated text',
	text: 'text, trimmed',
	channel:
		'sales channel name; Amazon marketplaces, Happy Returns and storefront spellings are normalised',
	status: 'one of the listed words, any case; a `return.` or `return_` prefix is accepted',
	'whole number':
		'whole number written as such (`2`, `"2"`): no blanks, lists, hex, exponents or fractions',
	'signed whole number': 'non-zero whole number with an optional sign',
	amount: "decimal in the currency's precision (a decimal comma is accepted)",
	currency: 'ISO 4217 code',
	timestamp:
		'ISO 8601 (no offset means UTC) or another documented date form; not more than a day in the future',
	flag: 'true/false, yes/no, 1/0',
};

export interface InputField {
	/** The engine's field name, and the default item field the node reads. */
	readonly name: string;
	/** Shown in the node's field mapping. */
	readonly label: string;
	readonly type: FieldType;
	/** A record without it is rejected (conditions, if any, are in the description). */
	readonly required: boolean;
	/** Part of what makes two rows the same unit (see `identityNote`). */
	readonly identity: boolean;
	readonly description: string;
	/** The column(s) of this input's table that hold what the field is read into. */
	readonly stored: readonly string[];
}

export interface InputSchema {
	readonly kind: InputKind;
	/** The node input's name. */
	readonly label: string;
	readonly fields: readonly InputField[];
	/** What the identity fields leave to say about when two rows are one unit. */
	readonly identityNote: string;
}

const field = (
	name: string,
	label: string,
	type: FieldType,
	description: string,
	options: { required?: boolean; identity?: boolean; stored?: readonly string[] } = {},
): InputField => ({
	name,
	label,
	type,
	required: options.required ?? false,
	identity: options.identity ?? false,
	description,
	stored: options.stored ?? [name],
});

const required = { required: true } as const;
const identity = { identity: true } as const;

/** In the node's input order (see INPUT_INDEX). */
export const INPUT_SCHEMAS: readonly InputSchema[] = [
	{
		kind: 'refunds',
		label: 'Refunds',
		identityNote:
			'the same id of the same sign read twice is one refund; a row without an id is a refund of its own',
		fields: [
			field(
				'refundId',
				'Refund ID',
				'text',
				'Unique id of the refund (Amazon adjustment id, credit note id). Optional.',
				{ ...identity, stored: ['refundId', 'flags'] },
			),
			field('channel', 'Channel', 'channel', 'amazon, storefront, happy_returns...'),
			field('orderId', 'Order ID', 'key', 'Amazon order id, or the storefront order number'),
			field(
				'merchantOrderId',
				'Merchant Order ID',
				'key',
				'The seller order number (Centra) when the refund carries it',
			),
			field('sku', 'SKU', 'key', 'SKU refunded'),
			field(
				'quantity',
				'Quantity',
				'whole number',
				'Units refunded; 0 for amount-only refunds. Default 1.',
			),
			field(
				'amount',
				'Amount',
				'amount',
				'Refund amount as a decimal in the currency (sign ignored)',
				{ ...required, stored: ['amountMinor', 'flags'] },
			),
			field('currency', 'Currency', 'currency', 'ISO 4217 code', required),
			field('refundedAt', 'Refunded At', 'timestamp', 'Refund or posting date', required),
			field('fulfillment', 'Fulfillment', 'text', 'FBA or MFN for Amazon refunds (claim window)'),
			field(
				'type',
				'Type',
				'text',
				'Row type; "reversal" (or refund_reversal, reversed, cancelled_refund) undoes an earlier refund. Optional.',
				{ stored: ['flags'] },
			),
			field(
				'refundReason',
				'Refund Reason',
				'text',
				'Why the refund was paid (Amazon adjustment type, credit note reason). A reason listed in Goodwill Refund Reasons makes a refund with no return behind it goodwill, not an orphaned refund. Optional.',
			),
		],
	},
	{
		kind: 'returnEvents',
		label: 'Return Events',
		identityNote:
			'without a unit id, the k-th event of a status is the k-th unit; a bag_linked event only ties a bag to a return',
		fields: [
			field('returnId', 'Return ID', 'key', 'Happy Returns return id', {
				...required,
				...identity,
			}),
			field('orderNumber', 'Order Number', 'key', 'Merchant order number'),
			field('sku', 'SKU', 'key', 'SKU of the unit', { ...required, ...identity }),
			field(
				'unit',
				'Unit',
				'text',
				'Unit index within the order line (from orderLineItemID)',
				identity,
			),
			field(
				'status',
				'Status',
				'status',
				'started, dropped_off, refund_approved, expired or bag_linked',
				{ ...required, ...identity },
			),
			field('scannedAt', 'Scanned At', 'timestamp', 'When the event happened', {
				...required,
				...identity,
			}),
			field('bagBarcode', 'Bag Barcode', 'key', 'Happy Returns bag barcode'),
			field('isExchange', 'Is Exchange', 'flag', 'True for exchanges (not refunded)'),
			field('unitValue', 'Unit Value', 'amount', 'Value of one unit, for the value check', {
				stored: ['unitValueMinor'],
			}),
			field('currency', 'Currency', 'currency', 'Currency of the unit value', {
				stored: ['unitValueCurrency'],
			}),
		],
	},
	{
		kind: 'manifests',
		label: 'Shipment Manifests',
		identityNote:
			'within the order line; lines otherwise equal without a unit id are one line delivered twice (give the unit to list several units of one SKU)',
		fields: [
			field(
				'trackingNumber',
				'Tracking Number',
				'key',
				'Tracking number of the consolidated hub shipment',
				{ ...required, ...identity },
			),
			field('orderNumber', 'Order Number', 'key', 'Merchant order number of the item'),
			field('returnId', 'Return ID', 'key', 'Happy Returns return id, when known', identity),
			field('sku', 'SKU', 'key', 'SKU of the item', { ...required, ...identity }),
			field('unit', 'Unit', 'text', 'Unit index within the order line', identity),
			field('bagBarcode', 'Bag Barcode', 'key', 'Bag barcode of the item', identity),
			field('shippedAt', 'Shipped At', 'timestamp', 'Departure from the hub', required),
			field('deliveredAt', 'Delivered At', 'timestamp', 'Carrier delivery date, when known'),
		],
	},
	{
		kind: 'receipts',
		label: 'Warehouse Receipts',
		identityNote:
			'within the order line; with a unit id the earliest receipt of the unit counts, without one the receipt time, quantity and grade tell rows apart too',
		fields: [
			field(
				'trackingNumber',
				'Tracking Number',
				'key',
				'Tracking number the goods arrived under',
				identity,
			),
			field('bagBarcode', 'Bag Barcode', 'key', 'Bag barcode scanned at check-in', identity),
			field('returnId', 'Return ID', 'key', 'Happy Returns return id, when known', identity),
			field('orderNumber', 'Order Number', 'key', 'Merchant order number, when known'),
			field('sku', 'SKU', 'key', 'SKU received', { ...required, ...identity }),
			field('quantity', 'Quantity', 'whole number', 'Units received (default 1)'),
			field(
				'disposition',
				'Disposition',
				'text',
				'Disposition code (sellable, damaged, missing...)',
			),
			field(
				'receivedAt',
				'Received At',
				'timestamp',
				'When the warehouse checked the goods in',
				required,
			),
			field(
				'unit',
				'Unit',
				'text',
				'Unit id within the return line, when recorded; the same unit received twice counts once',
				identity,
			),
		],
	},
	{
		kind: 'stockMovements',
		label: 'Stock Movements',
		identityNote: 'within the order line: the same movement delivered twice counts once',
		fields: [
			field('reference', 'Reference', 'text', 'Movement reference text (carries the return id)', {
				stored: ['referenceWords', 'referenceEnd'],
			}),
			field(
				'returnId',
				'Return ID',
				'key',
				'Return id, when the movement carries it separately',
				identity,
			),
			field('orderNumber', 'Order Number', 'key', 'Order number, when known'),
			field('sku', 'SKU', 'key', 'SKU moved', required),
			field('warehouse', 'Warehouse', 'key', 'Warehouse (bucket) of the movement', {
				...required,
				...identity,
			}),
			field(
				'quantity',
				'Quantity',
				'signed whole number',
				'Signed units: positive into, negative out of the warehouse',
				{ ...required, ...identity },
			),
			field('movedAt', 'Moved At', 'timestamp', 'When the stock moved', {
				...required,
				...identity,
			}),
		],
	},
	{
		kind: 'orders',
		label: 'Orders',
		identityNote:
			'lines of one order and SKU equal in quantity and price are one line delivered twice',
		fields: [
			field('orderNumber', 'Order Number', 'key', 'Merchant order number', {
				...required,
				...identity,
			}),
			field(
				'aliases',
				'Aliases',
				'key list',
				'Other ids of the order (Amazon order id), list or comma-separated',
				{ stored: ['aliases', 'aliasEnd'] },
			),
			field('sku', 'SKU', 'key', 'SKU of the line', { ...required, ...identity }),
			field('quantity', 'Quantity', 'whole number', 'Units ordered', identity),
			field('unitPrice', 'Unit Price', 'amount', 'Price of one unit as paid', {
				...identity,
				stored: ['unitPriceMinor'],
			}),
			field('currency', 'Currency', 'currency', 'ISO 4217 code', { stored: ['currency'] }),
		],
	},
];

/** The schema of one input. */
export function inputSchema(kind: InputKind): InputSchema {
	const schema = INPUT_SCHEMAS.find((candidate) => candidate.kind === kind);
	if (!schema) throw new Error(`Unknown input "${String(kind)}"`);
	return schema;
}

/** "a + b + c" of an input's identity fields, then its note: the catalogue's unit identity. */
export function identityText(schema: InputSchema): string {
	const names = schema.fields.filter((f) => f.identity).map((f) => f.name);
	return `${names.join(' + ')}; ${schema.identityNote}`;
}
