/**
 * The one catalogue of exception types: wording, default owner and severity, what to do and by
 * when. The node, the HTML report and docs/exception-catalogue.md are all generated from it.
 */
import { identityText, INPUT_SCHEMAS } from './schema';
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
	/** Amazon refunds use Amazon's claim window (FBA or merchant-fulfilled) instead. */
	amazonClaimWindow: boolean;
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
		amazonClaimWindow: true,
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
		amazonClaimWindow: true,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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
		amazonClaimWindow: false,
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

/**
 * The rules every check follows, one sentence each; docs/exception-catalogue.md lists them, so
 * what the engine does and what the catalogue says come from one place.
 */
export const MATCHING_RULES: ReadonlyArray<{ rule: string; text: string }> = [
	{
		rule: 'A window is time allowed',
		text: 'An exception is raised only when the age is greater than its window: an age of exactly the window (a month-end run at midnight, a date-only input) is still inside it. This holds for every window: orphan grace, refunded never returned, lost in transit, missing stock movement, in-transit hold, and returned never refunded with the finance lag.',
	},
	{
		rule: 'Clocks are per unit',
		text: "The in-transit hold of a unit starts when that unit entered the in-transit warehouse (units leave first in, first out); missing-stock-movement and bucket checks are timed from that unit's receipt. A unit routed on long ago does not age a unit that arrived yesterday.",
	},
	{
		rule: 'A row delivered twice is one unit',
		text: 'Each input has a unit identity (see "Unit identity" below); the same row delivered twice counts once. Refunds are one refund per refund id; rows without a refund id are never merged.',
	},
	{
		rule: 'Corrections count',
		text: 'Stock movements tied to a return are netted per bucket, negative quantities and moves between buckets included: a corrected routing (Main -1, B-stock +1) clears the drift.',
	},
	{
		rule: 'Every graded unit is checked',
		text: 'For every received unit with a mapped grade, the buckets it was moved into must equal what its grade maps to, including "no stock": a unit graded missing and moved into Main is inventory drift.',
	},
	{
		rule: 'Grades that mean the unit did not come back',
		text: 'A receipt graded in Not-Returned Dispositions (default `missing`: not in the bag; `wrong-item`: another item in it) does not count as the unit returned: its refund becomes refunded never returned once the refund is older than that window, the bag still settles its manifest line (not lost in transit), no stock movement is owed for it, and the grade needs no mapping row (none means no stock).',
	},
	{
		rule: 'Refunds that need no return are classified',
		text: 'A refund with no return behind it whose reason is in Goodwill Refund Reasons (any case), or an Amazon refund fulfilled by Amazon (FBA/AFN) when FBA Refunds Need a Return is off, is counted per class and currency in the summary (`classified`), not raised as an orphaned refund, a value mismatch or, for an Amazon refund naming no known order, a missing merchant order id; with a return behind it, it is matched like any other refund, and duplicate refunds are raised either way.',
	},
	{
		rule: 'Amount-only refunds are read',
		text: "A refund of quantity 0 (goodwill, returnless, shipping) with no return on any line of its order is an orphaned refund after the grace; with the SKU of a line it counts towards that line's refunded value.",
	},
	{
		rule: 'Reversals net',
		text: 'A refund row of the opposite sign to an earlier refund of the same channel (same refund id, else same amount), or with a reversal type, nets against it; a reversal is never a duplicate refund, and a refund fully reversed leaves nothing at stake.',
	},
	{
		rule: 'Split refunds sum',
		text: "Refund rows of one order line are summed and compared once with the value of the refunded units. A duplicate refund is quantity refunded beyond the returned units by a second row (one row for 2 units with 1 returned is not a duplicate: the unit not returned follows refunded never returned); when the line's price is known, extra rows whose amounts keep the sum within the value (one unit refunded in two halves) are top-ups, not duplicates. A value mismatch is the summed amount outside the tolerance.",
	},
	{
		rule: 'Links by bag or tracking number need the SKU',
		text: 'A record tied only by bag barcode or tracking number belongs to the return in that bag or shipment whose lines hold its SKU; when none or several do, it is a scan without an order listing the candidate orders, for a person to resolve.',
	},
	{
		rule: 'Orders the Orders input does not list',
		text: 'A Happy Returns event or warehouse receipt naming an order the Orders input does not list is a scan without an order. When its return id ties it to a listed order, it is matched there and the mistyped order number is the scan without an order.',
	},
	{
		rule: 'Matched means nothing open',
		text: 'An order line with any exception raised in the run (including lost in transit, scans without an order and unlinked Amazon refunds) is "pending" in the Matched output, never "matched".',
	},
	{
		rule: 'Who closed a row',
		text: 'A row a person closed ("resolved", "no action") stays closed. A row the matcher closed because the condition disappeared from the data gets status "cleared" and reopens (change "reopened", status "open", first-seen date kept, with its history) if the condition comes back.',
	},
];

/**
 * What makes two rows of an input the same unit (or refund), per input: the identity fields of
 * the input's schema, then what they leave to say.
 */
export const UNIT_IDENTITY: ReadonlyArray<{ input: string; identity: string }> = INPUT_SCHEMAS.map(
	(schema) => ({ input: schema.label, identity: identityText(schema) }),
);
