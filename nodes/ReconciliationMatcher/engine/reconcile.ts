/**
 * Entry point of the engine: records in, typed exceptions, matched lines and a summary out.
 * Linear in the number of records: every record is parsed once, grouped once by hash, and
 * each group is analysed once.
 */
import { buildException, type ExceptionDraft } from './exceptionBuilder';
import { analyzeGroup, type GroupFacts } from './groupFacts';
import { groupRecords, type Group, type RecordSets } from './groups';
import { applyLifecycle, type ExceptionChange, type KnownExceptionRow } from './lifecycle';
import {
	checkDuplicateRefund,
	checkOrphanedRefund,
	checkRefundedNeverReturned,
	checkReturnedNeverRefunded,
	checkValueMismatch,
} from './checks/refundChecks';
import {
	checkMissingOrderId,
	checkReceivedNotOnManifest,
	checkScanWithoutOrder,
	emitLostInTransit,
	unreceivedLines,
	type LostLine,
} from './checks/logisticsChecks';
import { checkStock, checkUnmappedDisposition } from './checks/stockChecks';
import {
	parseManifest,
	parseOrderLine,
	parseReceipt,
	parseRefund,
	parseReturnEvent,
	parseStockMovement,
	RecordFieldError,
	type InputKind,
	type ParseContext,
	type RecordIssue,
} from './records';
import { validateSettings, type MatcherSettings } from './settings';
import { summarize, type ReconciliationSummary } from './summary';
import type { ExceptionType, ReconciliationException, SourceRef } from './types';

export type RawRecord = Record<string, unknown>;

export interface RawInputs {
	refunds?: RawRecord[];
	returnEvents?: RawRecord[];
	manifests?: RawRecord[];
	receipts?: RawRecord[];
	stockMovements?: RawRecord[];
	orders?: RawRecord[];
}

/** Input number of each record set, used in SourceRef.input (the node's input order). */
export const INPUT_INDEX: Readonly<Record<InputKind, number>> = {
	refunds: 0,
	returnEvents: 1,
	manifests: 2,
	receipts: 3,
	stockMovements: 4,
	orders: 5,
};

export interface MatchedLine {
	orderNumber: string;
	sku: string;
	/** "matched": every source agrees; "pending": a difference still inside its window. */
	state: 'matched' | 'pending';
	refundedUnits: number;
	returnedUnits: number;
	shippedUnits: number;
	receivedUnits: number;
	returnIds: string[];
	sources: SourceRef[];
}

export interface ReconciliationResult {
	changes: ExceptionChange[];
	matched: MatchedLine[];
	rejected: RecordIssue[];
	summary: ReconciliationSummary;
}

const FUTURE_TOLERANCE_MS = 86_400_000;

function parseAll<T>(
	kind: InputKind,
	rows: RawRecord[] | undefined,
	parse: (raw: RawRecord, ref: SourceRef, ctx: ParseContext) => T,
	ctx: ParseContext,
	rejected: RecordIssue[],
): T[] {
	const out: T[] = [];
	if (!rows) return out;
	const input = INPUT_INDEX[kind];
	for (let item = 0; item < rows.length; item++) {
		const ref = { input, item };
		try {
			out.push(parse(rows[item] ?? {}, ref, ctx));
		} catch (error) {
			if (!(error instanceof RecordFieldError)) throw error;
			rejected.push({ input: kind, ref, field: error.field, message: error.message });
		}
	}
	return out;
}

export function parseInputs(inputs: RawInputs, settings: MatcherSettings, rejected: RecordIssue[]): RecordSets {
	const ctx: ParseContext = { keys: settings.keys, latestAllowed: settings.asOf + FUTURE_TOLERANCE_MS };
	// Parsed in input order so rejected records are reported in that order too.
	const refunds = parseAll('refunds', inputs.refunds, parseRefund, ctx, rejected);
	const events = parseAll('returnEvents', inputs.returnEvents, parseReturnEvent, ctx, rejected);
	return {
		refunds,
		returnEvents: events.filter((e): e is Exclude<typeof e, { kind: 'bag' }> => !('kind' in e)),
		bagLinks: events.filter((e): e is Extract<typeof e, { kind: 'bag' }> => 'kind' in e),
		manifests: parseAll('manifests', inputs.manifests, parseManifest, ctx, rejected),
		receipts: parseAll('receipts', inputs.receipts, parseReceipt, ctx, rejected),
		stockMovements: parseAll('stockMovements', inputs.stockMovements, parseStockMovement, ctx, rejected),
		orders: parseAll('orders', inputs.orders, parseOrderLine, ctx, rejected),
	};
}

function matchedLine(group: Group, facts: GroupFacts, hasException: boolean): MatchedLine {
	const refunded = facts.legitimate.reduce((sum, share) => sum + share.units, 0);
	const agree = !hasException && refunded === facts.receivedUnits && facts.receivedUnits >= facts.returnUnits.length;
	return {
		orderNumber: group.orderKey,
		sku: group.sku,
		state: agree ? 'matched' : 'pending',
		refundedUnits: refunded,
		returnedUnits: facts.returnUnits.length,
		shippedUnits: facts.manifestUnits,
		receivedUnits: facts.receivedUnits,
		returnIds: [...new Set(group.events.map((e) => e.returnId))],
		sources: [...group.refunds, ...group.events, ...group.manifests, ...group.receipts, ...group.movements].map((r) => r.ref),
	};
}

/** Runs every enabled check and returns exceptions before the lifecycle is applied. */
export function detectExceptions(
	sets: RecordSets,
	settings: MatcherSettings,
	matched?: MatchedLine[],
): ReconciliationException[] {
	const enabled = new Set<ExceptionType>(settings.checks);
	const grouping = groupRecords(sets);
	const missing = new Set(settings.missingDispositions);
	const detected: ReconciliationException[] = [];
	const byId = new Map<string, ReconciliationException>();
	let groupHadException = false;
	const emit = (draft: ExceptionDraft): void => {
		if (!enabled.has(draft.type)) return;
		const exception = buildException(draft, settings);
		groupHadException = true;
		// Two records can describe one case (e.g. a receipt listed twice); keep one exception.
		if (byId.has(exception.id)) return;
		byId.set(exception.id, exception);
		detected.push(exception);
	};
	const lost: LostLine[] = [];
	const stockMissing = enabled.has('missing_stock_movement');
	const stockDrift = enabled.has('inventory_drift');
	for (const group of grouping.groups.values()) {
		groupHadException = false;
		const facts = analyzeGroup(group, missing);
		checkDuplicateRefund(group, facts, settings, emit);
		checkOrphanedRefund(group, facts, settings, emit);
		checkRefundedNeverReturned(group, facts, settings, emit);
		checkReturnedNeverRefunded(group, facts, settings, emit);
		checkValueMismatch(group, facts, settings, emit);
		if (enabled.has('unmapped_disposition')) checkUnmappedDisposition(group, settings, emit);
		if (stockMissing || stockDrift) checkStock(group, settings, emit, stockMissing, stockDrift);
		if (enabled.has('lost_in_transit')) {
			for (const line of unreceivedLines(group, facts)) lost.push({ line, group, facts });
		}
		if (matched && (group.refunds.length > 0 || group.events.length > 0 || group.receipts.length > 0)) {
			matched.push(matchedLine(group, facts, groupHadException));
		}
	}
	emitLostInTransit(lost, settings, emit);
	checkReceivedNotOnManifest(sets.receipts, grouping, settings, emit);
	checkScanWithoutOrder(grouping, settings, emit);
	checkMissingOrderId(grouping, settings, emit);
	return detected;
}

export function reconcile(
	inputs: RawInputs,
	settings: MatcherSettings,
	known: readonly KnownExceptionRow[] = [],
): ReconciliationResult {
	validateSettings(settings);
	const rejected: RecordIssue[] = [];
	const sets = parseInputs(inputs, settings, rejected);
	const matched: MatchedLine[] = [];
	const detected = detectExceptions(sets, settings, matched);
	const lifecycle = applyLifecycle(detected, known, new Set(settings.checks), settings.asOf);
	const counts = {
		refunds: inputs.refunds?.length ?? 0,
		returnEvents: inputs.returnEvents?.length ?? 0,
		manifests: inputs.manifests?.length ?? 0,
		receipts: inputs.receipts?.length ?? 0,
		stockMovements: inputs.stockMovements?.length ?? 0,
		orders: inputs.orders?.length ?? 0,
	};
	return {
		changes: lifecycle.changes,
		matched,
		rejected,
		summary: summarize(lifecycle.changes, matched, rejected, counts, lifecycle.suppressed, settings),
	};
}
