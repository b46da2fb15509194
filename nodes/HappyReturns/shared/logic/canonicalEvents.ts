/**
 * Happy Returns webhook payloads -> canonical events: one per milestone and per physical unit.
 * Payloads are accepted as Happy Returns sends them; anything unrecognised becomes an event of
 * its own (`return.unknown`, `shipment.unrecognized`), never an error.
 *
 * Happy Returns sends no event id, so one is derived from what the event means: the milestone
 * and the unit it happened to. The same milestone of the same unit always gets the same id,
 * whatever delivery, batching (`otherEvents`) or order it arrives in, so a workflow can claim the
 * id once (insert-if-absent) and every redelivery after that is a no-op.
 *
 * Sources: https://developer.happyreturns.com/partner/webhooks/return (return.asn, otherEvents,
 * one item per physical unit, the orderLineItemID unit suffix),
 * https://developer.happyreturns.com/partner/webhooks/return_label (return.label.update),
 * https://developer.happyreturns.com/hidden/outbound-shipment (V1 array, deprecated for V2).
 */
import { hash } from 'crypto';

export type CanonicalType =
	| 'return.started'
	| 'return.dropoff_method_set'
	| 'return.dropped_off'
	| 'return.refund_approved'
	| 'return.expired'
	| 'return.bag_linked'
	| 'shipment.in_transit'
	| 'exchange.requested'
	| 'return.anomaly'
	| 'shipment.unrecognized'
	| 'return.unknown';

export const CANONICAL_TYPES: readonly CanonicalType[] = [
	'return.started',
	'return.dropoff_method_set',
	'return.dropped_off',
	'return.refund_approved',
	'return.expired',
	'return.bag_linked',
	'shipment.in_transit',
	'exchange.requested',
	'return.anomaly',
	'shipment.unrecognized',
	'return.unknown',
];

export interface StatusMapping {
	/** typeID values (case-insensitive) meaning each status; a value starting with "/" is a regex. */
	started: string[];
	droppedOff: string[];
	refundApproved: string[];
	expired: string[];
}

/** Only "started" is in Happy Returns' public example; the other strings are settings. */
export const DEFAULT_STATUS_MAPPING: StatusMapping = {
	started: ['started'],
	droppedOff: ['dropped-off', 'dropped_off', 'droppedoff', '/drop/'],
	refundApproved: ['approved', 'refund-approved', 'refund_approved', 'refunded'],
	expired: ['expired'],
};

/**
 * Where an item says it is an exchange, and which field carries the replacement. `refundType`
 * and `oneClickExchange` are item fields of the outbound shipment notice; their values and a
 * replacement-SKU field are not published, so all three are settings.
 */
export interface ExchangeMapping {
	/** Item fields whose truthy value (true, "true", "yes", 1) marks an exchange. */
	flagFields: string[];
	/** Item field holding the refund type, and the values of it that mean an exchange. */
	refundTypeField: string;
	refundTypeValues: string[];
	/** Item fields tried in order for the replacement SKU. */
	replacementSkuFields: string[];
}

export const DEFAULT_EXCHANGE_MAPPING: ExchangeMapping = {
	flagFields: ['oneClickExchange'],
	refundTypeField: 'refundType',
	refundTypeValues: ['exchange', 'one-click-exchange', 'one_click_exchange'],
	replacementSkuFields: ['exchangeSku', 'exchangeSKU', 'replacementSku', 'exchangeVariantSku'],
};

export interface MappingConfig {
	status: StatusMapping;
	exchange: ExchangeMapping;
}

export const DEFAULT_MAPPING: MappingConfig = {
	status: DEFAULT_STATUS_MAPPING,
	exchange: DEFAULT_EXCHANGE_MAPPING,
};

/** Nesting deeper than this is not walked: the body becomes one `return.unknown`. */
export const MAX_DEPTH = 32;

export interface CanonicalEvent {
	eventId: string;
	eventType: CanonicalType;
	webhookType: string;
	/** "v1" (array) or "v2" (object with items) for shipment notices, else "". */
	shipmentVersion: string;
	hrEvent: string;
	hrTypeId: string;
	retailerId: string;
	returnId: string;
	orderNumber: string;
	orderId: string;
	orderLineItemId: string;
	/** orderLineItemID without the unit suffix ("12345-1-2": line 12345, unit 1 of 2). */
	lineItemId: string;
	/** The unit on its order line: the suffix, else counted per order line in arrival order. */
	unitIndex: number | null;
	unitCount: number | null;
	/** One physical unit, unique within its return: "<line>.<unit>", no whitespace. */
	unitRef: string;
	/** One physical unit, unique across returns: "<return or order>|<line>|<unit>". */
	unitKey: string;
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
	refundType: string;
	exchangeRequested: boolean;
	replacementSku: string;
	/** For return.anomaly: what is inconsistent. For the unrecognised: why. */
	reason: string;
	otherEvents: Array<{ event: string; typeID: string }>;
	/** sha256 of the raw request body: ties the event to its delivery without storing it. */
	deliveryHash: string;
	/** The unit's own item as Happy Returns sent it (the envelope for bodies without items). */
	original: unknown;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a character code is one `trim` may remove (a space, a control or a non-ASCII one). */
const maybeSpace = (code: number) => !(code > 32 && code < 127);

const text = (value: unknown): string =>
	typeof value === 'string'
		? value.length > 0 &&
			!maybeSpace(value.charCodeAt(0)) &&
			!maybeSpace(value.charCodeAt(value.length - 1))
			? value
			: value.trim()
		: value === undefined || value === null || typeof value === 'object'
			? ''
			: String(value).trim();

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;
const FIRST_4_DIGIT_YEAR = Date.UTC(1000, 0, 1);
const LAST_4_DIGIT_YEAR = Date.UTC(10000, 0, 1);

/**
 * `new Date(ms).toISOString()` for years 1000 to 9999, computed from the day number (civil-from-days,
 * https://howardhinnant.github.io/date_algorithms.html#civil_from_days). `toISOString` was the
 * largest cost of mapping a one-unit notice; the result is the same string (tested against it).
 */
export function isoUtc(ms: number): string {
	if (!(ms >= FIRST_4_DIGIT_YEAR && ms < LAST_4_DIGIT_YEAR) || !Number.isInteger(ms))
		return new Date(ms).toISOString();
	const days = Math.floor(ms / 86_400_000);
	let rest = ms - days * 86_400_000;
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36_524) -
			Math.floor(dayOfEra / 146_096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	const hours = Math.floor(rest / 3_600_000);
	rest -= hours * 3_600_000;
	const minutes = Math.floor(rest / 60_000);
	rest -= minutes * 60_000;
	const seconds = Math.floor(rest / 1000);
	return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

function isoOrNull(value: unknown, seen?: Map<string, string | null>): string | null {
	const raw = text(value);
	if (!raw) return null;
	// Units of one notice mostly share their dates (a shipment's departure always): parse each once.
	const known = seen?.get(raw);
	if (known !== undefined) return known;
	const ms = Date.parse(raw);
	const iso = Number.isNaN(ms) ? null : isoUtc(ms);
	seen?.set(raw, iso);
	return iso;
}

/** A pattern list read once: its plain values lower-cased, its "/regex/" values compiled. */
interface Matcher {
	/** The list as compiled: a list changed in place since is compiled again. */
	source: string[];
	literals: Set<string>;
	regexes: RegExp[];
}

/**
 * Compiled per pattern list (the lists are a mapping's settings, made once per delivery or kept):
 * a unit's refund type is matched once per unit, and compiling each regex and lower-casing each
 * value per unit cost more than the rest of the unit's fields.
 */
const compiled = new WeakMap<readonly string[], Matcher>();

function sameList(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

function matcherOf(patterns: readonly string[]): Matcher {
	let matcher = compiled.get(patterns);
	if (matcher && sameList(matcher.source, patterns)) return matcher;
	matcher = { source: [...patterns], literals: new Set(), regexes: [] };
	for (const pattern of patterns) {
		if (pattern.startsWith('/') && pattern.endsWith('/') && pattern.length > 2) {
			// An invalid regex matches nothing.
			try {
				matcher.regexes.push(new RegExp(pattern.slice(1, -1), 'i'));
			} catch {
				continue;
			}
		} else matcher.literals.add(pattern.toLowerCase());
	}
	compiled.set(patterns, matcher);
	return matcher;
}

/** Whether `value` is one of `patterns` (case-insensitive), or matches one of its regexes. */
function matches(value: string, patterns: readonly string[]): boolean {
	const { literals, regexes } = matcherOf(patterns);
	if (literals.has(value.toLowerCase())) return true;
	for (const regex of regexes) if (regex.test(value)) return true;
	return false;
}

function statusType(event: string, typeId: string, mapping: StatusMapping): CanonicalType {
	if (event === 'return_dropoff_method_created') return 'return.dropoff_method_set';
	if (event !== 'return_status_updated') return 'return.unknown';
	if (matches(typeId, mapping.started)) return 'return.started';
	if (matches(typeId, mapping.expired)) return 'return.expired';
	if (matches(typeId, mapping.refundApproved)) return 'return.refund_approved';
	if (matches(typeId, mapping.droppedOff)) return 'return.dropped_off';
	return 'return.unknown';
}

/** Whether `value[from..to)` is one or more ASCII digits (what `\d+` matches). */
function digitsOnly(value: string, from: number, to: number): boolean {
	if (from >= to) return false;
	for (let i = from; i < to; i++) {
		const c = value.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

/** Whether `value[0..to)` holds a line terminator (what `.` does not match). */
function hasLineTerminator(value: string, to: number): boolean {
	for (let i = 0; i < to; i++) {
		const c = value.charCodeAt(i);
		if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
	}
	return false;
}

/**
 * "13377523220546-0-5" -> line "13377523220546", unit 0 of 5. What `/^(.*)-(\d+)-(\d+)$/` reads,
 * found without the regex (it runs once per unit): digits hold no hyphen, so the two numbers are
 * what follows the last two hyphens, and the line is everything before them.
 */
export function parseLineItemId(value: string): {
	lineItemId: string;
	unitIndex: number | null;
	unitCount: number | null;
} {
	const last = value.lastIndexOf('-');
	const before = last > 0 ? value.lastIndexOf('-', last - 1) : -1;
	if (
		before < 0 ||
		!digitsOnly(value, last + 1, value.length) ||
		!digitsOnly(value, before + 1, last) ||
		hasLineTerminator(value, before)
	)
		return { lineItemId: value, unitIndex: null, unitCount: null };
	return {
		lineItemId: value.slice(0, before),
		unitIndex: Number(value.slice(before + 1, last)),
		unitCount: Number(value.slice(last + 1)),
	};
}

/**
 * The event id of an id input (its parts joined by NUL). One-shot `hash` (Node 20.12+): the same
 * SHA-256 as a Hash object, without creating one per event.
 */
const idOf = (input: string): string => `hr_${hash('sha256', input, 'hex').slice(0, 32)}`;

export function eventId(parts: readonly string[]): string {
	return idOf(parts.join('\u0000'));
}

export function deliveryHashOf(rawBody: Buffer | string): string {
	return hash('sha256', rawBody, 'hex');
}

/**
 * From where it starts, everything before the next bracket outside strings: characters other
 * than a quote or a bracket, then whole strings (a backslash escapes the character after it), each
 * followed by such characters. Written as an unrolled loop, so the engine never has two ways to
 * read a character (linear time); sticky, so it starts where it is told. A quote it stops at opens
 * a string that never closes.
 */
const TO_NEXT_BRACKET = /[^"[\]{}]*(?:"[^"\\]*(?:\\[^][^"\\]*)*"[^"[\]{}]*)*/y;

/**
 * Whether a JSON text nests deeper than `limit`, counted without parsing (so a hostile body
 * cannot overflow the stack) and stopping as soon as it does. Brackets inside strings do not
 * count. The regex jumps from bracket to bracket in native code; a native search per string
 * (a notice's bytes are mostly short strings) or a loop per character cost about half as much
 * again.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
	try {
		return bracketsExceed(text, limit);
	} catch {
		// The engine's backtracking stack runs out on millions of strings (a body of many MB); the
		// count one character at a time gives the same answer.
		return charactersExceed(text, limit);
	}
}

function bracketsExceed(text: string, limit: number): boolean {
	let depth = 0;
	let at = 0;
	for (;;) {
		TO_NEXT_BRACKET.lastIndex = at;
		TO_NEXT_BRACKET.test(text);
		at = TO_NEXT_BRACKET.lastIndex;
		if (at >= text.length) return false;
		const c = text.charCodeAt(at);
		// A string that never closes: no bracket after it counts.
		if (c === 34) return false;
		if (c === 123 || c === 91) {
			if (++depth > limit) return true;
		} else depth--;
		at++;
	}
}

/** The same count, one character at a time (for texts too large for the regex). */
function charactersExceed(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92) i++;
			else if (c === 34) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) {
			if (++depth > limit) return true;
		} else if (c === 125 || c === 93) depth--;
	}
	return false;
}

/** A boolean is itself (`text(false)` is "false"); no value is nothing; others by their text. */
const truthy = (value: unknown): boolean =>
	typeof value === 'boolean'
		? value
		: value === 1 || (value != null && /^(true|yes|1)$/i.test(text(value)));

/**
 * A unit's identity fields, with the milestone's fields still blank. It has every field of an
 * event, in the event's order, so the first milestone of a unit can be the unit's own object
 * (see `stamp`): one object per unit instead of two.
 */
type UnitFields = CanonicalEvent;

const NO_OTHER_EVENTS: CanonicalEvent['otherEvents'] = [];

const hasOwn = Object.prototype.hasOwnProperty;

/** The shipment-level fields of a notice that has none (return notices, V1 shipment notices). */
const NO_SHIPMENT: Json = Object.freeze({}) as Json;

/**
 * An item's field merged with the shipment's, the item winning. Items come from `JSON.parse`, in
 * which a field that is present is never `undefined`, so "present" is read as "not undefined":
 * that lets every fixed field below be a named property read, which V8 caches per object shape,
 * instead of a keyed read and an own-property check per field and unit.
 */
const merged = (own: unknown, shipment: unknown): unknown => (own !== undefined ? own : shipment);

/** An exchange field (its name is a setting), with whether every object has a property so named. */
interface FieldRead {
	key: string;
	/** "constructor", "toString"...: only there is an item's value possibly not its own. */
	inherited: boolean;
}

/** The exchange settings as the mapping reads them, made once per delivery. */
interface ExchangeReads {
	refundType: FieldRead;
	refundTypeValues: readonly string[];
	flags: FieldRead[];
	replacementSkus: FieldRead[];
}

const fieldRead = (key: string): FieldRead => ({ key, inherited: key in Object.prototype });

function exchangeReadsOf(exchange: ExchangeMapping): ExchangeReads {
	return {
		refundType: fieldRead(exchange.refundTypeField),
		refundTypeValues: exchange.refundTypeValues,
		flags: exchange.flagFields.map(fieldRead),
		replacementSkus: exchange.replacementSkuFields.map(fieldRead),
	};
}

/**
 * An exchange field of an item, merged with the shipment's, the item winning. Unless every
 * object has a property of that name, a value read from the item is its own (JSON values are
 * never `undefined`), so the own-property check, which cost more than the read, is skipped.
 */
function mergedField(item: Json, shipment: Json, field: FieldRead): unknown {
	if (shipment === NO_SHIPMENT) return item[field.key];
	if (!field.inherited) {
		const own = item[field.key];
		return own !== undefined ? own : shipment[field.key];
	}
	return hasOwn.call(item, field.key) ? item[field.key] : shipment[field.key];
}

/**
 * A unit's fields from its item, falling back to `shipment` (the shipment-level fields of a V2
 * notice) for what the item does not carry, as if the two were merged with the item winning.
 * Read field by field rather than spread into one object: spreading a parsed item costs more
 * than the rest of the mapping (measured by the webhook benchmark).
 */
function unitFields(
	item: Json,
	receivedAt: string,
	exchange: ExchangeReads,
	shipment: Json = NO_SHIPMENT,
	dates?: Map<string, string | null>,
): UnitFields {
	const orderLineItemId = text(merged(item.orderLineItemID, shipment.orderLineItemID));
	const orderNumber = text(merged(item.orderNumber, shipment.orderNumber));
	const parsed = parseLineItemId(orderLineItemId);
	const refundType = text(mergedField(item, shipment, exchange.refundType));
	let exchangeRequested = false;
	for (const field of exchange.flags)
		if (truthy(mergedField(item, shipment, field))) {
			exchangeRequested = true;
			break;
		}
	if (!exchangeRequested && refundType !== '')
		exchangeRequested = matches(refundType, exchange.refundTypeValues);
	let replacementSku = '';
	for (const field of exchange.replacementSkus) {
		replacementSku = text(mergedField(item, shipment, field));
		if (replacementSku) break;
	}
	return {
		returnId: text(merged(item.happyReturnsReturnID, shipment.happyReturnsReturnID)),
		orderNumber,
		orderId: text(merged(item.orderID, shipment.orderID)),
		orderLineItemId,
		lineItemId: parsed.lineItemId,
		unitIndex: parsed.unitIndex,
		unitCount: parsed.unitCount,
		unitRef: '',
		unitKey: '',
		itemId: text(merged(item.happyReturnsItemID, shipment.happyReturnsItemID)),
		sku: text(merged(item.sku, shipment.sku)),
		upc: text(merged(item.upc, shipment.upc)),
		productName: text(merged(item.productName, shipment.productName)),
		email: text(merged(item.email, shipment.email)),
		expressCode: text(merged(item.happyReturnsExpressCode, shipment.happyReturnsExpressCode)),
		bagBarcode: text(merged(item.labelBarcode, shipment.labelBarcode)),
		dropoffMethod: text(merged(item.dropoffMethod, shipment.dropoffMethod)),
		trackingNumber: text(
			merged(item.tracking, shipment.tracking) ??
				merged(item.trackingNumber, shipment.trackingNumber),
		),
		carrier: text(merged(item.carrier, shipment.carrier)),
		shipmentBox: text(merged(item.shippingBoxBarcode, shipment.shippingBoxBarcode)),
		pallet: text(merged(item.palletNumber, shipment.palletNumber)),
		departedAt: isoOrNull(merged(item.departureDate, shipment.departureDate), dates),
		purchasedAt: isoOrNull(
			merged(item.purchasedAt, shipment.purchasedAt) ??
				merged(item.purchasedDate, shipment.purchasedDate),
			dates,
		),
		receivedAt,
		missingOrderNumber: orderNumber === '',
		refundType,
		exchangeRequested,
		replacementSku,
		original: item,
		webhookType: '',
		shipmentVersion: '',
		hrEvent: '',
		hrTypeId: '',
		retailerId: '',
		otherEvents: NO_OTHER_EVENTS,
		deliveryHash: '',
		eventType: 'return.unknown',
		reason: '',
		eventId: '',
	};
}

const noWhitespace = (value: string) => value.replace(/\s+/g, '_');

/**
 * Whether `value` holds a character `\s` matches. Printable ASCII is passed over without a regex:
 * a unit's line is nearly always digits.
 */
function hasWhitespace(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c > 32 && c < 127) continue;
		if (/\s/.test(value.slice(i))) return true;
		return false;
	}
	return false;
}

/**
 * The reference of one physical unit within its return, as the trigger emits it in `unitRef`:
 * "<order line>.<unit>" (or "sku:<sku>.<unit>" without an order line), no whitespace. For other
 * modules that must name the same unit (stock movement references, check-ins): pass the item's
 * orderLineItemID as Happy Returns sent it, its SKU, and its position among the units of that
 * order line when the line id has no unit suffix.
 */
export function unitRefOf(orderLineItemId: string, sku: string, positionOnLine = 0): string {
	const parsed = parseLineItemId(orderLineItemId.trim());
	const line = parsed.lineItemId || `sku:${sku.trim()}`;
	return noWhitespace(`${line}.${parsed.unitIndex ?? positionOnLine}`);
}

/**
 * Gives every unit of one body its identity. Happy Returns suffixes the order line with the unit
 * ("12345-1-2") when a line has several units; without a suffix, units of the same order line are
 * counted in the order they appear. Item ids are not used: they are not in Happy Returns' own
 * return example. A unit without an order line is counted per SKU.
 */
function identify(units: UnitFields[]): void {
	const counters = new Map<string, number>();
	for (const unit of units) {
		const owner = unit.returnId || `order:${unit.orderNumber}`;
		const line = unit.lineItemId || `sku:${unit.sku}`;
		if (unit.unitIndex === null) {
			const key = `${owner}|${line}`;
			const next = counters.get(key) ?? 0;
			counters.set(key, next + 1);
			unit.unitIndex = next;
		}
		// The unit index is digits: only the line can hold whitespace.
		unit.unitRef = `${hasWhitespace(line) ? noWhitespace(line) : line}.${unit.unitIndex}`;
		unit.unitKey = `${owner}|${line}|${unit.unitIndex}`;
	}
}

interface Envelope {
	webhookType: string;
	shipmentVersion: string;
	hrEvent: string;
	hrTypeId: string;
	retailerId: string;
	otherEvents: Array<{ event: string; typeID: string }>;
	deliveryHash: string;
}

/**
 * `base` with some fields replaced, written out field by field: it runs once per status and unit,
 * and an object spread costs more here than the few fields it copies.
 */
function withEnvelope(base: Envelope, over: Partial<Envelope>): Envelope {
	return {
		webhookType: over.webhookType ?? base.webhookType,
		shipmentVersion: over.shipmentVersion ?? base.shipmentVersion,
		hrEvent: over.hrEvent ?? base.hrEvent,
		hrTypeId: over.hrTypeId ?? base.hrTypeId,
		retailerId: over.retailerId ?? base.retailerId,
		otherEvents: over.otherEvents ?? base.otherEvents,
		deliveryHash: over.deliveryHash ?? base.deliveryHash,
	};
}

function milestone(
	unit: UnitFields,
	envelope: Envelope,
	eventType: CanonicalType,
	/** The id's parts joined by NUL, as `eventId` joins them. */
	idInput: string,
	retailerId = envelope.retailerId,
): CanonicalEvent {
	// Every field written out, in the order spreading `unit` then `envelope` would give: one event
	// per unit per milestone, and spreading two wide objects costs several times the rest of the
	// mapping (measured by the webhook benchmark).
	return {
		returnId: unit.returnId,
		orderNumber: unit.orderNumber,
		orderId: unit.orderId,
		orderLineItemId: unit.orderLineItemId,
		lineItemId: unit.lineItemId,
		unitIndex: unit.unitIndex,
		unitCount: unit.unitCount,
		unitRef: unit.unitRef,
		unitKey: unit.unitKey,
		itemId: unit.itemId,
		sku: unit.sku,
		upc: unit.upc,
		productName: unit.productName,
		email: unit.email,
		expressCode: unit.expressCode,
		bagBarcode: unit.bagBarcode,
		dropoffMethod: unit.dropoffMethod,
		trackingNumber: unit.trackingNumber,
		carrier: unit.carrier,
		shipmentBox: unit.shipmentBox,
		pallet: unit.pallet,
		departedAt: unit.departedAt,
		purchasedAt: unit.purchasedAt,
		receivedAt: unit.receivedAt,
		missingOrderNumber: unit.missingOrderNumber,
		refundType: unit.refundType,
		exchangeRequested: unit.exchangeRequested,
		replacementSku: unit.replacementSku,
		original: unit.original,
		webhookType: envelope.webhookType,
		shipmentVersion: envelope.shipmentVersion,
		hrEvent: envelope.hrEvent,
		hrTypeId: envelope.hrTypeId,
		retailerId,
		otherEvents: envelope.otherEvents,
		deliveryHash: envelope.deliveryHash,
		eventType,
		reason: '',
		eventId: idOf(idInput),
	};
}

/**
 * Makes a unit's own object its milestone event, in place: for a unit with one milestone (the
 * shipment notices', one per unit) it saves copying every field into a new object.
 */
function stamp(
	unit: UnitFields,
	envelope: Envelope,
	eventType: CanonicalType,
	idInput: string,
	retailerId: string,
): CanonicalEvent {
	unit.webhookType = envelope.webhookType;
	unit.shipmentVersion = envelope.shipmentVersion;
	unit.hrEvent = envelope.hrEvent;
	unit.hrTypeId = envelope.hrTypeId;
	unit.retailerId = retailerId;
	unit.otherEvents = envelope.otherEvents;
	unit.deliveryHash = envelope.deliveryHash;
	unit.eventType = eventType;
	unit.reason = '';
	unit.eventId = idOf(idInput);
	return unit;
}

function emptyUnit(receivedAt: string, original: unknown): UnitFields {
	const unit = unitFields({}, receivedAt, exchangeReadsOf(DEFAULT_EXCHANGE_MAPPING));
	return { ...unit, unitIndex: null, missingOrderNumber: false, original };
}

/** An event for a body (or part of one) that is not understood: kept, never dropped. */
function unrecognized(
	eventType: 'return.unknown' | 'shipment.unrecognized',
	envelope: Envelope,
	receivedAt: string,
	original: unknown,
	reason: string,
	index = 0,
): CanonicalEvent {
	return {
		...emptyUnit(receivedAt, original),
		...envelope,
		eventType,
		reason,
		eventId: eventId([eventType, envelope.deliveryHash, String(index)]),
	};
}

/** Top-level fields of a body without its item list (small, safe to keep with each event). */
function envelopeOnly(payload: Json): Json {
	const rest: Json = {};
	for (const [key, value] of Object.entries(payload)) if (key !== 'items') rest[key] = value;
	return rest;
}

function isShipmentV2(payload: Json): boolean {
	if (text(payload.webhookType).startsWith('outbound_shipment')) return true;
	// V2's payload page is not public: an object with an item list and no return event is read
	// as a shipment notice, and its shipment-level fields apply to every item.
	return Array.isArray(payload.items) && payload.event === undefined;
}

function shipmentEvents(
	rawItems: unknown[],
	shipment: Json,
	envelope: Envelope,
	receivedAt: string,
	config: MappingConfig,
): CanonicalEvent[] {
	const objects = rawItems.filter(isObject);
	if (objects.length === 0 || objects.length !== rawItems.length)
		return [
			unrecognized(
				'shipment.unrecognized',
				envelope,
				receivedAt,
				objects.length === 0 ? envelopeOnly(shipment) : null,
				objects.length === 0
					? 'a shipment notice without items'
					: 'a shipment notice with items that are not objects',
			),
		];
	const dates = new Map<string, string | null>();
	const exchange = exchangeReadsOf(config.exchange);
	const units = objects.map((item) => unitFields(item, receivedAt, exchange, shipment, dates));
	identify(units);
	const events: CanonicalEvent[] = [];
	const shipmentRetailer = text(shipment.happyReturnsRetailerID) || envelope.retailerId;
	const type = 'shipment.in_transit';
	for (let index = 0; index < units.length; index++) {
		const unit = units[index];
		const retailerId = text(objects[index].happyReturnsRetailerID) || shipmentRetailer;
		events.push(stamp(unit, envelope, type, `${type}\u0000${unit.unitKey}`, retailerId));
		if (unit.exchangeRequested)
			events.push(
				milestone(
					unit,
					envelope,
					'exchange.requested',
					`exchange.requested\u0000${unit.unitKey}`,
					retailerId,
				),
			);
	}
	return events;
}

function returnAsnEvents(
	payload: Json,
	envelope: Envelope,
	receivedAt: string,
	config: MappingConfig,
): CanonicalEvent[] {
	const primary = { event: text(payload.event), typeID: text(payload.typeID) };
	const others = (Array.isArray(payload.otherEvents) ? payload.otherEvents : []).map((e) =>
		isObject(e) ? { event: text(e.event), typeID: text(e.typeID) } : { event: '', typeID: '' },
	);
	const all = [primary, ...others];
	const env = withEnvelope(envelope, { otherEvents: others });
	const rawItems = Array.isArray(payload.items) ? payload.items : [];
	const objects = rawItems.filter(isObject);
	if (objects.length === 0)
		return all.map((e, index) =>
			unrecognized(
				'return.unknown',
				withEnvelope(env, { hrEvent: e.event, hrTypeId: e.typeID }),
				receivedAt,
				envelopeOnly(payload),
				'a return notice without items',
				index,
			),
		);
	const dates = new Map<string, string | null>();
	const exchange = exchangeReadsOf(config.exchange);
	const units = objects.map((item) => unitFields(item, receivedAt, exchange, undefined, dates));
	identify(units);
	const events: CanonicalEvent[] = [];
	const emitted = new Set<string>();
	const push = (event: CanonicalEvent) => {
		if (emitted.has(event.eventId)) return;
		emitted.add(event.eventId);
		events.push(event);
	};
	// Per status of the notice, once: its canonical type and the envelope its events carry.
	const statuses = all.map((e) => ({
		e,
		type: statusType(e.event, e.typeID, config.status),
		base: withEnvelope(env, { hrEvent: e.event, hrTypeId: e.typeID }),
	}));
	const primaryEnvelope = statuses[0].base;
	for (const unit of units) {
		for (const { e, type, base } of statuses) {
			if (type === 'return.unknown') {
				// Unrecognised: keyed by its own strings, so a new status is kept once per unit.
				push(
					milestone(
						unit,
						base,
						type,
						`${type}\u0000${unit.unitKey}\u0000${e.event}\u0000${e.typeID}`,
					),
				);
				continue;
			}
			// A drop-off method can change; each method chosen is its own milestone.
			const detail = type === 'return.dropoff_method_set' ? e.typeID.toLowerCase() : '';
			push(milestone(unit, base, type, `${type}\u0000${unit.unitKey}\u0000${detail}`));
		}
		if (unit.exchangeRequested)
			push(
				milestone(
					unit,
					primaryEnvelope,
					'exchange.requested',
					`exchange.requested\u0000${unit.unitKey}`,
				),
			);
	}
	if (objects.length !== rawItems.length)
		events.push(
			unrecognized(
				'return.unknown',
				withEnvelope(env, { hrEvent: primary.event, hrTypeId: primary.typeID }),
				receivedAt,
				null,
				'items that are not objects',
				rawItems.length,
			),
		);
	return events;
}

/**
 * Turns one webhook body into canonical events. The kind is taken from `webhookType` when the body
 * names it, else from the shape: an array is a V1 shipment notice, `labelID` a label update, an
 * object with `items` and a return `event` a return notice, an object with `items` and no event a
 * V2 shipment notice. Never throws for any parsed JSON value.
 */
export function toCanonicalEvents(
	body: unknown,
	config: MappingConfig,
	receivedAt: string,
	deliveryHash = '',
): CanonicalEvent[] {
	const envelope: Envelope = {
		webhookType: '',
		shipmentVersion: '',
		hrEvent: '',
		hrTypeId: '',
		retailerId: '',
		otherEvents: [],
		deliveryHash,
	};
	if (Array.isArray(body))
		return shipmentEvents(
			body,
			{},
			withEnvelope(envelope, { webhookType: 'outbound_shipment.asn', shipmentVersion: 'v1' }),
			receivedAt,
			config,
		);
	if (!isObject(body))
		return [
			unrecognized('return.unknown', envelope, receivedAt, body, 'a body that is not an object'),
		];
	const payload = body;
	const base = withEnvelope(envelope, {
		retailerId: text(payload.retailerID),
		hrEvent: text(payload.event),
		hrTypeId: text(payload.typeID),
	});
	if (payload.webhookType === 'return.label.update' || payload.labelID !== undefined) {
		const unit = emptyUnit(receivedAt, body);
		unit.returnId = text(payload.happyReturnsReturnID);
		unit.expressCode = text(payload.happyReturnsExpressCode);
		unit.bagBarcode = text(payload.labelID);
		unit.unitKey = unit.returnId;
		return [
			milestone(
				unit,
				withEnvelope(base, { webhookType: 'return.label.update' }),
				'return.bag_linked',
				`return.bag_linked\u0000${unit.returnId}\u0000${unit.bagBarcode}`,
			),
		];
	}
	if (isShipmentV2(payload)) {
		const env = withEnvelope(base, { webhookType: 'outbound_shipment.asn', shipmentVersion: 'v2' });
		const items = Array.isArray(payload.items) ? payload.items : [];
		return shipmentEvents(items, envelopeOnly(payload), env, receivedAt, config);
	}
	return returnAsnEvents(
		payload,
		withEnvelope(base, { webhookType: 'return.asn' }),
		receivedAt,
		config,
	);
}
