/**
 * Happy Returns webhook payloads -> canonical return events, one per event and per physical
 * unit. Payloads are accepted as HR sends them; anything unrecognised becomes `return.unknown`,
 * never an error. HR sends no event id, so a deterministic one is derived from what identifies
 * the event (webhook type, event, typeID, return, unit), so duplicate deliveries get the same id.
 */
import { createHash } from 'crypto';

export type CanonicalType =
	| 'return.started'
	| 'return.dropoff_method_set'
	| 'return.dropped_off'
	| 'return.refund_approved'
	| 'return.expired'
	| 'return.bag_linked'
	| 'shipment.in_transit'
	| 'return.unknown';

export const CANONICAL_TYPES: readonly CanonicalType[] = [
	'return.started',
	'return.dropoff_method_set',
	'return.dropped_off',
	'return.refund_approved',
	'return.expired',
	'return.bag_linked',
	'shipment.in_transit',
	'return.unknown',
];

export interface StatusMapping {
	/** typeID values (case-insensitive) meaning each status; a value starting with "/" is a regex. */
	started: string[];
	droppedOff: string[];
	refundApproved: string[];
	expired: string[];
}

/** Documented: "started". Unconfirmed (happy-returns.md §3.3): the other strings; settings. */
export const DEFAULT_STATUS_MAPPING: StatusMapping = {
	started: ['started'],
	droppedOff: ['dropped-off', 'dropped_off', 'droppedoff', '/drop/'],
	refundApproved: ['approved', 'refund-approved', 'refund_approved', 'refunded'],
	expired: ['expired'],
};

export interface CanonicalEvent {
	eventId: string;
	eventType: CanonicalType;
	webhookType: string;
	hrEvent: string;
	hrTypeId: string;
	retailerId: string;
	returnId: string;
	orderNumber: string;
	orderId: string;
	orderLineItemId: string;
	/** orderLineItemID without the unit suffix, and the suffix parsed ("12345-1-2": unit 1 of 2). */
	lineItemId: string;
	unitIndex: number | null;
	unitCount: number | null;
	itemId: string;
	sku: string;
	upc: string;
	productName: string;
	email: string;
	expressCode: string;
	bagBarcode: string;
	dropoffMethod: string;
	trackingNumber: string;
	carrier: string;
	shipmentBox: string;
	pallet: string;
	departedAt: string | null;
	purchasedAt: string | null;
	receivedAt: string;
	missingOrderNumber: boolean;
	otherEvents: Array<{ event: string; typeID: string }>;
	original: unknown;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();

function isoOrNull(value: unknown): string | null {
	const raw = text(value);
	if (!raw) return null;
	const ms = Date.parse(raw);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function matches(value: string, patterns: string[]): boolean {
	const lower = value.toLowerCase();
	return patterns.some((pattern) => {
		if (pattern.startsWith('/') && pattern.endsWith('/') && pattern.length > 2)
			return new RegExp(pattern.slice(1, -1), 'i').test(value);
		return lower === pattern.toLowerCase();
	});
}

export function statusType(event: string, typeId: string, mapping: StatusMapping): CanonicalType {
	if (event === 'return_dropoff_method_created') return 'return.dropoff_method_set';
	if (event !== 'return_status_updated') return 'return.unknown';
	if (matches(typeId, mapping.started)) return 'return.started';
	if (matches(typeId, mapping.expired)) return 'return.expired';
	if (matches(typeId, mapping.refundApproved)) return 'return.refund_approved';
	if (matches(typeId, mapping.droppedOff)) return 'return.dropped_off';
	return 'return.unknown';
}

/** "13377523220546-0-5" -> line "13377523220546", unit 0 of 5. */
export function parseLineItemId(value: string): {
	lineItemId: string;
	unitIndex: number | null;
	unitCount: number | null;
} {
	const match = /^(.*)-(\d+)-(\d+)$/.exec(value);
	if (!match) return { lineItemId: value, unitIndex: null, unitCount: null };
	return { lineItemId: match[1], unitIndex: Number(match[2]), unitCount: Number(match[3]) };
}

export function eventId(parts: readonly string[]): string {
	return `hr_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

function base(
	item: Json,
	receivedAt: string,
	original: unknown,
): Omit<
	CanonicalEvent,
	'eventId' | 'eventType' | 'webhookType' | 'hrEvent' | 'hrTypeId' | 'retailerId' | 'otherEvents'
> {
	const orderLineItemId = text(item.orderLineItemID);
	const orderNumber = text(item.orderNumber);
	return {
		returnId: text(item.happyReturnsReturnID),
		orderNumber,
		orderId: text(item.orderID),
		orderLineItemId,
		...parseLineItemId(orderLineItemId),
		itemId: text(item.happyReturnsItemID),
		sku: text(item.sku),
		upc: text(item.upc),
		productName: text(item.productName),
		email: text(item.email),
		expressCode: text(item.happyReturnsExpressCode),
		bagBarcode: text(item.labelBarcode),
		dropoffMethod: text(item.dropoffMethod),
		trackingNumber: text(item.tracking ?? item.trackingNumber),
		carrier: text(item.carrier),
		shipmentBox: text(item.shippingBoxBarcode),
		pallet: text(item.palletNumber),
		departedAt: isoOrNull(item.departureDate),
		purchasedAt: isoOrNull(item.purchasedAt ?? item.purchasedDate),
		receivedAt,
		missingOrderNumber: orderNumber === '',
		original,
	};
}

function unitKey(item: Json): string {
	return (
		text(item.happyReturnsItemID) ||
		text(item.orderLineItemID) ||
		`${text(item.sku)}|${text(item.orderNumber)}`
	);
}

/**
 * Turns one webhook body into canonical events. `webhookType` is taken from the body when HR
 * names it, else inferred from the shape (an array is an outbound shipment, `labelID` a label
 * update, `items` a return ASN).
 */
export function toCanonicalEvents(
	body: unknown,
	mapping: StatusMapping,
	receivedAt: string,
): CanonicalEvent[] {
	if (Array.isArray(body))
		return body.map((item) => shipmentEvent((item ?? {}) as Json, receivedAt, body));
	const payload = (body ?? {}) as Json;
	const retailerId = text(payload.retailerID);
	if (payload.webhookType === 'return.label.update' || payload.labelID !== undefined) {
		const returnId = text(payload.happyReturnsReturnID);
		const bag = text(payload.labelID);
		return [
			{
				...base(
					{
						happyReturnsReturnID: returnId,
						happyReturnsExpressCode: payload.happyReturnsExpressCode,
						labelBarcode: bag,
					},
					receivedAt,
					body,
				),
				missingOrderNumber: false,
				eventId: eventId(['return.label.update', returnId, bag]),
				eventType: 'return.bag_linked',
				webhookType: 'return.label.update',
				hrEvent: text(payload.event),
				hrTypeId: text(payload.typeID),
				retailerId,
				otherEvents: [],
			},
		];
	}
	const items = Array.isArray(payload.items) ? (payload.items as Json[]) : [];
	const primary = { event: text(payload.event), typeID: text(payload.typeID) };
	const others = (Array.isArray(payload.otherEvents) ? (payload.otherEvents as Json[]) : []).map(
		(e) => ({ event: text(e.event), typeID: text(e.typeID) }),
	);
	const all = [primary, ...others];
	if (items.length === 0) {
		return all.map((e) => ({
			...base({}, receivedAt, body),
			eventId: eventId(['return.asn', e.event, e.typeID, retailerId, JSON.stringify(body)]),
			eventType: 'return.unknown' as CanonicalType,
			webhookType: 'return.asn',
			hrEvent: e.event,
			hrTypeId: e.typeID,
			retailerId,
			otherEvents: others,
		}));
	}
	const events: CanonicalEvent[] = [];
	for (const item of items) {
		for (const e of all) {
			const fields = base(item ?? {}, receivedAt, body);
			events.push({
				...fields,
				eventId: eventId(['return.asn', e.event, e.typeID, fields.returnId, unitKey(item ?? {})]),
				eventType: statusType(e.event, e.typeID, mapping),
				webhookType: 'return.asn',
				hrEvent: e.event,
				hrTypeId: e.typeID,
				retailerId,
				otherEvents: others,
			});
		}
	}
	return events;
}

function shipmentEvent(item: Json, receivedAt: string, original: unknown): CanonicalEvent {
	const fields = base(item, receivedAt, original);
	return {
		...fields,
		eventId: eventId(['outbound_shipment.asn', fields.trackingNumber, unitKey(item)]),
		eventType: 'shipment.in_transit',
		webhookType: 'outbound_shipment.asn',
		hrEvent: 'outbound_shipment',
		hrTypeId: '',
		retailerId: text(item.happyReturnsRetailerID),
		otherEvents: [],
	};
}
