/**
 * Exchange orders through Centra's REST Order API (POST <orderApi>/order;
 * https://docs.centra.com/api-references/order-api/api-reference/create-order). Pure: builds the
 * body, derives the order number and reads the answer; the caller sends it.
 *
 * Exactly once: the order number is derived from the exchange's idempotency key, so a second create
 * for the same exchange (a re-run, a duplicate event, or two executions at the same moment) asks
 * Centra for a number that already exists and is refused. Two keys can hash to one number: the
 * order's internal comment names its key, so an order at the number that names another key is
 * passed over and the next candidate (the hash of `<key>#2`, `#3`, ...) tried, the same sequence in
 * every execution. The key names the original order, the
 * return and, when given, the one returned unit the order replaces (`<SKU>.<unit>`, as the credit
 * notes of logic/returnFamily.ts name units): units of one return that reach their milestone on
 * different days each get their own order. Without a unit the key is the whole return (the
 * behaviour of earlier versions, which saved exchanges keep).
 */

export class ExchangeOrderError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'ExchangeOrderError';
	}
}

/** Centra order numbers are GraphQL `Int` (32-bit); derived numbers sit in 1,000,000,000-2,000,000,000. */
const DERIVED_BASE = 1_000_000_000;
const DERIVED_SPAN = 1_000_000_000;

/** Marks the unit in a per-unit key, as a further credit note's external id does. */
export const EXCHANGED_UNIT_MARK = '#unit:';

export function exchangeIdempotencyKey(
	originalOrder: number,
	returnReference: string,
	exchangedUnit = '',
): string {
	const unit = exchangedUnit.trim();
	return `exchange:${originalOrder}:${returnReference.trim()}${unit ? EXCHANGED_UNIT_MARK + unit : ''}`;
}

/** FNV-1a (32 bit) of the key, folded into the derived range: same key, same number. */
export function exchangeOrderNumber(key: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) {
		hash ^= key.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return DERIVED_BASE + (hash % DERIVED_SPAN);
}

/**
 * The numbers an exchange may take, in the order every execution tries them: the first is the
 * number earlier versions derived, so their orders are found. Bounded so a key whose every
 * candidate is taken stops with an error instead of walking on.
 */
export const EXCHANGE_ORDER_CANDIDATES = 8;

export function exchangeOrderCandidates(key: string): number[] {
	return Array.from({ length: EXCHANGE_ORDER_CANDIDATES }, (_, i) =>
		exchangeOrderNumber(i === 0 ? key : `${key}#${i + 1}`),
	);
}

/** Ends the internal comment the body sets, followed by the key (see exchangeOrderBody). */
const KEY_MARK = '; key ';

/**
 * Whose order an existing order at a candidate number is, by the key its internal comment ends
 * with: this exchange's, another exchange's (its comment names another key), or unknown (no key:
 * not an order this node created, or its comment was rewritten in Centra).
 */
export function exchangeOrderOwner(
	internalComment: string | null | undefined,
	key: string,
): 'this' | 'another' | 'unknown' {
	const comment = internalComment ?? '';
	const at = comment.lastIndexOf(KEY_MARK);
	if (at < 0) return 'unknown';
	const named = comment.slice(at + KEY_MARK.length);
	// Text added after the key in Centra still leaves the key first.
	if (named === key || named.startsWith(`${key} `)) return 'this';
	return named.startsWith('exchange:') ? 'another' : 'unknown';
}

export type ExchangeOrderSlot =
	| { kind: 'created'; orderNumber: number }
	| { kind: 'free'; orderNumber: number }
	| { kind: 'unknown'; orderNumber: number; internalComment: string }
	| { kind: 'exhausted'; candidates: number[] };

/**
 * Where this exchange's order is or goes, given the orders found at its candidate numbers (number
 * to internal comment): its own order wherever it is; else the first candidate that is free,
 * passing over other exchanges' orders. An order of unknown owner before a free number stops the
 * walk: it may be this exchange's order with its comment rewritten, and a second replacement is
 * not to be sent on a guess.
 */
export function exchangeOrderSlot(
	key: string,
	found: ReadonlyMap<number, string | null>,
): ExchangeOrderSlot {
	const candidates = exchangeOrderCandidates(key);
	const own = candidates.find(
		(n) => found.has(n) && exchangeOrderOwner(found.get(n), key) === 'this',
	);
	if (own !== undefined) return { kind: 'created', orderNumber: own };
	for (const candidate of candidates) {
		if (!found.has(candidate)) return { kind: 'free', orderNumber: candidate };
		if (exchangeOrderOwner(found.get(candidate), key) === 'unknown')
			return {
				kind: 'unknown',
				orderNumber: candidate,
				internalComment: found.get(candidate) ?? '',
			};
	}
	return { kind: 'exhausted', candidates };
}

export interface ExchangeRequest {
	originalOrder: number;
	returnReference: string;
	/** The Centra return the exchange comes from, when it exists (its Centra id). */
	centraReturnId: number | null;
	/** The one returned unit the order replaces (`<SKU>.<unit>`); '' for the whole return. */
	exchangedUnit?: string;
	sku: string;
	quantity: number;
	pricing: string;
	fullPrice: number;
	email: string;
	country: string;
	marketId?: number;
	pricelistId?: number;
	sendEmail?: boolean;
}

/**
 * The Order API body. Centra takes no payment for orders created here, so an exchange must cost
 * the customer nothing: zero-value lines (the default), or full-price lines with a voucher of
 * equal value. Anything that would leave an amount to pay is refused rather than sent.
 */
export function exchangeOrderBody(
	request: ExchangeRequest,
	orderNumber?: number,
): Record<string, unknown> {
	if (!request.sku) throw new ExchangeOrderError('"Replacement SKU" is empty', 'exchangeSku');
	if (!Number.isInteger(request.quantity) || request.quantity < 1)
		throw new ExchangeOrderError(
			`"Quantity" must be a whole number of at least 1, got ${request.quantity}`,
			'exchangeQuantity',
		);
	const unit = (request.exchangedUnit ?? '').trim();
	if (unit && request.quantity !== 1)
		throw new ExchangeOrderError(
			`"Quantity" must be 1 when the order replaces one exchanged unit ("${unit}"), got ${request.quantity}`,
			'exchangeQuantity',
		);
	if (!request.email || !request.country)
		throw new ExchangeOrderError(
			"Exchange orders need the customer's email and delivery country (Exchange Details)",
			'exchangeDetails',
		);
	if (request.pricing !== 'zeroValue' && request.pricing !== 'discount')
		throw new ExchangeOrderError(
			`Pricing "${request.pricing}" would leave an amount to pay, and Centra's Order API takes no payment: use "Zero Value" or "Full Price With an Equal Discount", or sell the replacement through the checkout`,
			'exchangePricing',
		);
	if (request.pricing === 'discount' && !(request.fullPrice > 0))
		throw new ExchangeOrderError(
			`"Full Price" must be more than 0 for a full-price exchange with an equal discount, got ${request.fullPrice}`,
			'fullPrice',
		);
	const price = request.pricing === 'zeroValue' ? 0 : request.fullPrice;
	const key = exchangeIdempotencyKey(request.originalOrder, request.returnReference, unit);
	return {
		orderNumber: orderNumber ?? exchangeOrderNumber(key),
		email: request.email,
		address: { country: request.country },
		products: [{ sku: request.sku, qty: request.quantity, unitPrice: price, originalPrice: price }],
		// createdFromOrigin takes a Centra object id: the Centra return when there is one, else the
		// original order's number.
		createdFromOrigin:
			request.centraReturnId !== null
				? { type: 'return', id: request.centraReturnId }
				: { type: 'order', id: request.originalOrder },
		// Ends with the key: exchangeOrderOwner reads it back to tell this exchange's order from another's.
		internalComment: `Exchange for Happy Returns return ${request.returnReference}${unit ? ` unit ${unit}` : ''} (order ${request.originalOrder})${KEY_MARK}${key}`,
		sendEmail: request.sendEmail ?? false,
		...(price > 0 ? { voucherValue: Math.round(price * request.quantity * 100) / 100 } : {}),
		...(request.marketId ? { marketId: request.marketId } : {}),
		...(request.pricelistId ? { pricelistId: request.pricelistId } : {}),
	};
}

export type OrderApiAnswer =
	| { kind: 'created'; orderNumber: string }
	| { kind: 'exists' }
	| { kind: 'refused'; message: string };

/**
 * Reads the Order API answer: `{"status":"ok","orders":[<id>]}` (or `order` with createOnly);
 * refusals come as HTTP 200 with `status:"no"`. A refusal saying the order number exists is the
 * duplicate guard at work, not an error.
 */
export function readOrderApiAnswer(body: unknown): OrderApiAnswer {
	const answer = (body ?? {}) as {
		status?: string;
		orders?: Array<number | string>;
		order?: number | string;
		msg?: string;
		message?: string;
		code?: string;
	};
	if (answer.status === 'ok') {
		const created = answer.orders?.[0] ?? answer.order;
		if (created === undefined || created === null || created === '')
			return { kind: 'refused', message: 'Centra answered "ok" without an order number' };
		return { kind: 'created', orderNumber: String(created) };
	}
	const message = answer.msg ?? answer.message ?? 'no reason given';
	if (answer.code === 'exists' || /already exists|already in use|duplicate/i.test(message))
		return { kind: 'exists' };
	return { kind: 'refused', message };
}
