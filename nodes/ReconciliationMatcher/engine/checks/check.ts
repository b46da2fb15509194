/**
 * What an exception check is: one module per exception type exports its catalogue entry (the
 * wording, owner, severity, window, what to do and the rule it applies) and its check. The
 * catalogue is the list of these modules (checks/index.ts), so the engine, the node and the
 * generated docs read one table.
 *
 * A check runs once per reconciliation: `start` gives it a run, whose `line` sees each order line
 * once (with the facts every check shares) and whose `end` runs after the last line, for
 * exceptions reported per shipment, record or run rather than per line.
 */
import type { ExceptionDraft } from '../exceptionBuilder';
import type { GroupFacts, RefundShare } from '../groupFacts';
import type { Group, Grouping } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ExceptionType, RefundRecord, Severity, SourceRef } from '../types';
import type { StockPosition } from './stockPosition';

export type Emit = (draft: ExceptionDraft) => void;

export interface DeadlineSettings {
	claimDeadlineDaysAmazonMfn: number;
	claimDeadlineDaysAmazonFba: number;
	recoveryDeadlineDays: number;
	carrierClaimDeadlineDays: number;
	investigationDeadlineDays: number;
	refundDueDays: number;
}

export interface ExceptionTypeInfo {
	type: ExceptionType;
	title: string;
	/** What the exception means, for finance and ops, in plain English. */
	description: string;
	/** When the check raises it, in one sentence (the catalogue prints it under the type). */
	rule: string;
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

/** One order line as every check sees it. */
export interface LineContext {
	readonly group: Group;
	readonly facts: GroupFacts;
	readonly settings: MatcherSettings;
	/** The Orders input was given, so an order it does not list is news. */
	readonly ordersGiven: boolean;
	/** The order of the line has a return record on any of its lines. */
	readonly orderHasReturn: boolean;
	/** An Amazon refund of this SKU names no order any input knows (it may be this line's). */
	readonly unlinkedAmazonSku: boolean;
	/** Refunds with no return behind them that need one (not classified): orphan candidates. */
	readonly orphans: readonly RefundShare[];
	/** Refunds of the line classified as needing no return (goodwill, FBA). */
	readonly classified: ReadonlySet<RefundRecord>;
	/** Graded units and net moves per bucket, worked out once for the stock checks. */
	readonly stock: StockPosition;
	/** Keeps the line out of "matched" for an exception reported later (in `end`). */
	hold(): void;
}

/** The whole run, after the last order line. */
export interface RunContext {
	readonly grouping: Grouping;
	readonly settings: MatcherSettings;
	/** Amazon refunds naming no order any input knows, less those classified. */
	readonly unlinkedAmazonRefunds: readonly RefundRecord[];
}

export interface CheckRun {
	line?(line: LineContext, emit: Emit): void;
	end?(run: RunContext, emit: Emit): void;
}

export interface ExceptionCheck {
	readonly entry: ExceptionTypeInfo;
	start(settings: MatcherSettings): CheckRun;
}

/** The source references of records, for an exception's evidence. */
export function refs<T extends { ref: SourceRef }>(records: readonly T[]): SourceRef[] {
	return records.map((record) => record.ref);
}

/** Groups items by a text key, in first-seen order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const list = groups.get(key);
		if (list) list.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}
