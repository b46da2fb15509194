/**
 * Record and result types of the reconciliation engine. Plain data: no n8n types, so the engine
 * can be tested and benchmarked on its own.
 */
import type { Money } from '../../shared/money';

/** Where a record came from: input number (0-based) and item index, for n8n's pairedItem. */
export interface SourceRef {
	input: number;
	item: number;
}

export type ReturnStatus = 'started' | 'dropped_off' | 'refund_approved' | 'expired';

export interface RefundRecord {
	ref: SourceRef;
	refundId: string;
	/** Normalised channel: "amazon", "storefront", "happy_returns", or what the user sends. */
	channel: string;
	/** Amazon order id for Amazon refunds, storefront order number otherwise. */
	orderId: string;
	/** The seller's own order number (Centra), when the refund carries it. */
	merchantOrderId: string;
	sku: string;
	/** Units refunded; 0 for amount-only adjustments (shipping, goodwill). */
	quantity: number;
	amount: Money;
	refundedAt: number;
	/** "FBA" or "MFN" for Amazon refunds; decides the claim window. */
	fulfillment: string;
	/** False when the source gave no refund id: such rows are never merged with another. */
	hasId: boolean;
	/** Sign of the amount as written: -1 or 1 (0 for a zero amount). */
	sign: number;
	/** The row reverses an earlier refund (a reversal type, or netted by sign). */
	reversal: boolean;
	/** Why the refund was paid, as the source writes it ('' when not given); see goodwill. */
	refundReason: string;
}

export interface ReturnEventRecord {
	ref: SourceRef;
	returnId: string;
	orderNumber: string;
	sku: string;
	/** Unit index within the order line (HR orderLineItemID suffix); '' when unknown. */
	unit: string;
	status: ReturnStatus;
	scannedAt: number;
	bagBarcode: string;
	/** Exchanges are not refunded, so they are excluded from "returned, never refunded". */
	isExchange: boolean;
	/** Optional value of one unit, for the value check. */
	unitValue: Money | null;
}

export interface ManifestRecord {
	ref: SourceRef;
	trackingNumber: string;
	orderNumber: string;
	returnId: string;
	sku: string;
	unit: string;
	bagBarcode: string;
	shippedAt: number;
	/** Carrier delivery time, when known; the lost-in-transit window starts here. */
	deliveredAt: number | null;
}

export interface ReceiptRecord {
	ref: SourceRef;
	trackingNumber: string;
	bagBarcode: string;
	returnId: string;
	orderNumber: string;
	sku: string;
	quantity: number;
	disposition: string;
	receivedAt: number;
	/** Unit id within the return line, when the warehouse records it; part of the identity. */
	unit: string;
}

export interface StockMovementRecord {
	ref: SourceRef;
	returnId: string;
	orderNumber: string;
	sku: string;
	warehouse: string;
	/** Signed units: positive into `warehouse`, negative out of it. */
	quantity: number;
	movedAt: number;
}

export interface OrderLineRecord {
	ref: SourceRef;
	orderNumber: string;
	sku: string;
	quantity: number;
	unitPrice: Money | null;
}

export interface KnownException {
	id: string;
	status: ExceptionStatus;
	firstSeenAt?: string;
	owner?: string;
	notes?: string;
}

/**
 * "resolved" and "no_action" are set by a person and stay closed; "cleared" is set by the matcher
 * when the condition disappeared from the data, and reopens if it comes back.
 */
export type ExceptionStatus = 'open' | 'resolved' | 'no_action' | 'cleared';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type ExceptionType =
	| 'orphaned_refund'
	| 'refunded_never_returned'
	| 'duplicate_refund'
	| 'lost_in_transit'
	| 'received_not_on_manifest'
	| 'scan_without_order'
	| 'missing_merchant_order_id'
	| 'missing_stock_movement'
	| 'refund_value_mismatch'
	| 'unmapped_disposition'
	| 'inventory_drift'
	| 'returned_never_refunded';

export interface Evidence {
	refunds: SourceRef[];
	returnEvents: SourceRef[];
	manifests: SourceRef[];
	receipts: SourceRef[];
	stockMovements: SourceRef[];
	orders: SourceRef[];
}

export interface ReconciliationException {
	id: string;
	type: ExceptionType;
	title: string;
	severity: Severity;
	owner: string;
	status: ExceptionStatus;
	/** Plain-English account of this case: what was found and what is missing. */
	summary: string;
	recommendedAction: string;
	orderNumber: string;
	sku: string;
	channel: string;
	returnIds: string[];
	trackingNumber: string;
	units: number;
	expected: Money[];
	actual: Money[];
	difference: Money[];
	/** Whole days since the event that started the clock (refund, shipment, receipt...). */
	ageDays: number;
	agingBucket: string;
	/** ISO date (UTC) by which the owner must act, e.g. the claim deadline. */
	deadline: string;
	daysToDeadline: number;
	detectedAt: string;
	firstSeenAt: string;
	evidence: Evidence;
	/** Free-form facts specific to the type (missing items of a shipment, dispositions...). */
	details: Record<string, unknown>;
}
