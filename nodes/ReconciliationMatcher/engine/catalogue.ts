/**
 * The one catalogue of exception types: wording, default owner and severity, what to do and by
 * when. The node, the HTML report and docs/exception-catalogue.md are all generated from it.
 */
import type { ExceptionType, Severity } from './types';

export interface ExceptionTypeInfo {
	type: ExceptionType;
	title: string;
	/** What the exception means, for finance and ops, in plain English. */
	description: string;
	defaultOwner: string;
	defaultSeverity: Severity;
	recommendedAction: string;
	/** What starts the clock for age and deadline. */
	clock: string;
	/** Name of the settings field holding the deadline in days after the clock starts. */
	deadlineSetting: keyof DeadlineSettings;
}

export interface DeadlineSettings {
	claimDeadlineDaysAmazonMfn: number;
	claimDeadlineDaysAmazonFba: number;
	recoveryDeadlineDays: number;
	carrierClaimDeadlineDays: number;
	investigationDeadlineDays: number;
	refundDueDays: number;
}

export const EXCEPTION_CATALOGUE: readonly ExceptionTypeInfo[] = [
	{
		type: 'orphaned_refund',
		title: 'Orphaned refund',
		description:
			'A refund was paid but no return exists for that order line anywhere: no Happy Returns event, no hub shipment, no warehouse receipt. It may be a returnless refund or goodwill gesture, or money paid out in error.',
		defaultOwner: 'finance',
		defaultSeverity: 'high',
		recommendedAction:
			'Check whether the refund was a deliberate returnless refund or goodwill. If not, recover the money from the customer, or file a SAFE-T claim for Amazon orders before the deadline.',
		clock: 'the refund date',
		deadlineSetting: 'claimDeadlineDaysAmazonMfn',
	},
	{
		type: 'refunded_never_returned',
		title: 'Refunded, never returned',
		description:
			'The customer was refunded (often at the first Return Bar scan or an Amazon first scan) and a return was started or dropped off, but the goods have not reached the warehouse within the window.',
		defaultOwner: 'finance',
		defaultSeverity: 'high',
		recommendedAction:
			'Trace the return with Happy Returns by return id and bag barcode. If the goods are lost, claim from Happy Returns or the carrier; for Amazon orders file the reimbursement or SAFE-T claim before the deadline.',
		clock: 'the refund date',
		deadlineSetting: 'claimDeadlineDaysAmazonMfn',
	},
	{
		type: 'duplicate_refund',
		title: 'Duplicate refund',
		description:
			'The same returned unit was refunded more than once, within one channel or across channels (for example Amazon refunded at first scan and a credit note was also created from the Happy Returns signal).',
		defaultOwner: 'finance',
		defaultSeverity: 'critical',
		recommendedAction:
			'Confirm both refunds in the payment provider or Seller Central, then reverse the extra credit note or recover the double payment.',
		clock: 'the later refund date',
		deadlineSetting: 'recoveryDeadlineDays',
	},
	{
		type: 'lost_in_transit',
		title: 'Lost in transit',
		description:
			'Items were on a consolidated Happy Returns hub shipment (by tracking number) but the warehouse has not received them within the window after delivery or departure.',
		defaultOwner: 'logistics',
		defaultSeverity: 'high',
		recommendedAction:
			'Open a claim with the carrier for the tracking number, attaching the manifest lines listed in this exception, and ask Happy Returns to confirm what was loaded.',
		clock: 'the delivery date, or the departure date when no delivery date is known',
		deadlineSetting: 'carrierClaimDeadlineDays',
	},
	{
		type: 'received_not_on_manifest',
		title: 'Received, not on any manifest',
		description:
			'The warehouse received items under a tracking number or bag barcode that appears on no Happy Returns shipment manifest.',
		defaultOwner: 'warehouse',
		defaultSeverity: 'low',
		recommendedAction:
			'Check the label and bag barcode on the parcel; if it is a return, link it to its Happy Returns return so it is refunded and restocked correctly.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'scan_without_order',
		title: 'Scan without an order',
		description:
			'A Happy Returns scan or a warehouse receipt cannot be tied to any known order, so nobody can refund, restock or credit it correctly.',
		defaultOwner: 'customer_service',
		defaultSeverity: 'medium',
		recommendedAction:
			'Look the return up in Happy Returns by return id or bag barcode, find the customer and order, and correct the order reference.',
		clock: 'the scan or receipt date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'missing_merchant_order_id',
		title: 'Missing merchant order id',
		description:
			'A record arrived without an order number the other systems know (for example an Amazon refund without the seller order id, or a Happy Returns item without an order number), so it cannot be matched at all.',
		defaultOwner: 'operations',
		defaultSeverity: 'medium',
		recommendedAction:
			'Find the order in the source system and fill in the order number; fix the integration mapping that dropped it.',
		clock: 'the record date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'missing_stock_movement',
		title: 'Missing stock movement',
		description:
			'A return was processed in the warehouse but Centra shows no matching stock movement within the window, so stock figures are wrong.',
		defaultOwner: 'inventory',
		defaultSeverity: 'medium',
		recommendedAction:
			'Re-run the warehouse processing for this return (it is idempotent) or move the stock by hand in Centra with the return id in the reference.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'refund_value_mismatch',
		title: 'Refund value mismatch',
		description:
			'The amount refunded differs from the value of the returned units by more than the tolerance (same currency only; a refund in another currency than the order is reported, never converted).',
		defaultOwner: 'finance',
		defaultSeverity: 'medium',
		recommendedAction:
			'Compare the refund with the order line price, discounts and fees; correct the credit note or recover the difference.',
		clock: 'the refund date',
		deadlineSetting: 'recoveryDeadlineDays',
	},
	{
		type: 'unmapped_disposition',
		title: 'Unmapped disposition code',
		description:
			'The warehouse used a disposition code that has no row in the disposition mapping, so the unit cannot be routed to a stock bucket. Nothing is guessed.',
		defaultOwner: 'operations',
		defaultSeverity: 'medium',
		recommendedAction:
			'Add the code to the disposition mapping (Settings), then re-run warehouse processing for the listed receipts.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'inventory_drift',
		title: 'Inventory drift',
		description:
			'Returned units sit in the in-transit warehouse longer than the window, or the units moved into a stock bucket disagree with what the processed returns say should be there.',
		defaultOwner: 'inventory',
		defaultSeverity: 'medium',
		recommendedAction:
			'Count the units in the listed warehouses and correct stock in Centra with a reference to the return; check the disposition mapping.',
		clock: 'the oldest movement into the in-transit warehouse, or the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
	},
	{
		type: 'returned_never_refunded',
		title: 'Returned, never refunded',
		description:
			'Goods are back in the warehouse but no refund was paid within the window. The customer is waiting; for Amazon orders Amazon may refund on your behalf and charge you.',
		defaultOwner: 'customer_service',
		defaultSeverity: 'high',
		recommendedAction:
			'Check Amazon first (never refund twice), then issue the refund or credit note and tell the customer.',
		clock: 'the receipt date',
		deadlineSetting: 'refundDueDays',
	},
];

const BY_TYPE = new Map(EXCEPTION_CATALOGUE.map((info) => [info.type, info]));

export function exceptionInfo(type: ExceptionType): ExceptionTypeInfo {
	const info = BY_TYPE.get(type);
	if (!info) throw new Error(`Unknown exception type "${type}"`);
	return info;
}

export const EXCEPTION_TYPES: readonly ExceptionType[] = EXCEPTION_CATALOGUE.map(
	(info) => info.type,
);
