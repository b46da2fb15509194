/**
 * The one catalogue of exception types: wording, default owner and severity, what to do, by when
 * and the rule each applies. Each entry lives in its check's module (checks/<type>.ts); the
 * engine, the node, the HTML report and docs/exception-catalogue.md all read this list.
 */
import { CHECKS } from './checks';
import type { ExceptionTypeInfo } from './checks/check';
import { identityText, INPUT_SCHEMAS } from './schema';
import type { ExceptionType } from './types';

export type { DeadlineSettings, ExceptionTypeInfo } from './checks/check';

/** The entries of the check modules (checks/index.ts), in their order. */
export const EXCEPTION_CATALOGUE: readonly ExceptionTypeInfo[] = CHECKS.map((check) => check.entry);

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
