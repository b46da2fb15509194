/**
 * Entry point of the engine: records in, typed exceptions, matched lines and a summary out.
 *
 * `Reconciliation` takes records one at a time (`add`), so a caller can stream millions of rows
 * without holding them: each is parsed, checked and stored as interned ids in column tables.
 * `finish` groups the rows by order line on integer keys and analyses one group at a time.
 * Linear in the number of records: every record is parsed once, grouped once, analysed once.
 */
import {
	classifiedRefund,
	classifiedTotals,
	refundClass,
	type ClassifiedRefund,
	type ClassifiedTotal,
} from './classified';
import { buildException, type ExceptionDraft } from './exceptionBuilder';
import { analyzeGroup, type GroupFacts } from './groupFacts';
import { Grouping, type Group } from './groups';
import { applyLifecycle, type ExceptionChange, type KnownExceptionRow } from './lifecycle';
import {
	checkDuplicateRefund,
	checkOrphanedRefund,
	checkRefundedNeverReturned,
	checkReturnedNeverRefunded,
	checkValueMismatch,
	refundsWithoutReturn,
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
import { checkLinkProblems } from './checks/linkChecks';
import { MS_PER_DAY } from '../../shared/timestamps';
import { pastWindow } from './windows';
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
import { INPUT_INDEX, inputNumber, RecordStore } from './store/recordStore';
import { summarize, type ReconciliationSummary } from './summary';
import type {
	ExceptionType,
	ReceiptRecord,
	ReconciliationException,
	RefundRecord,
	ReturnEventRecord,
	SourceRef,
} from './types';

export { INPUT_INDEX } from './store/recordStore';

export type RawRecord = Record<string, unknown>;

export type RawInputs = Partial<Record<InputKind, RawRecord[]>>;

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
	/** Empty when the lines went to `onMatched` instead. */
	matched: MatchedLine[];
	rejected: RecordIssue[];
	/** Refunds with no return behind them that need none (goodwill, FBA): not exceptions. */
	classified: ClassifiedRefund[];
	summary: ReconciliationSummary & {
		/** Classified refunds per class and currency (see `classified`). */
		classified: ClassifiedTotal[];
	};
}

export interface FinishOptions {
	/** The register's current rows, for the lifecycle (new / open / resolved). */
	known?: readonly KnownExceptionRow[];
	/** Receives each matched line as it is produced; the result then does not keep them. */
	onMatched?: (line: MatchedLine) => void;
}

const FUTURE_TOLERANCE_MS = 86_400_000;
const KINDS = Object.keys(INPUT_INDEX) as InputKind[];

function sourcesOf(group: Group): SourceRef[] {
	const sources: SourceRef[] = [];
	for (const record of group.refunds) sources.push(record.ref);
	for (const record of group.events) sources.push(record.ref);
	for (const record of group.manifests) sources.push(record.ref);
	for (const record of group.receipts) sources.push(record.ref);
	for (const record of group.movements) sources.push(record.ref);
	return sources;
}

function matchedLine(
	group: Group,
	facts: GroupFacts,
	hasException: boolean,
	classified: ReadonlySet<RefundRecord> | undefined,
): MatchedLine {
	let refunded = 0;
	for (const share of facts.legitimate) refunded += share.units;
	// A refund that needs no return (goodwill, FBA) is not waiting for goods.
	let needReturn = refunded;
	if (classified !== undefined)
		for (const share of facts.legitimate)
			if (classified.has(share.refund)) needReturn -= share.units;
	const agree =
		!hasException &&
		needReturn === facts.receivedUnits &&
		facts.receivedUnits >= facts.returnUnits.length;
	return {
		orderNumber: group.orderKey,
		sku: group.sku,
		state: agree ? 'matched' : 'pending',
		refundedUnits: refunded,
		returnedUnits: facts.returnUnits.length,
		shippedUnits: facts.manifestUnits,
		receivedUnits: facts.receivedUnits,
		returnIds: group.returnIds(),
		sources: sourcesOf(group),
	};
}

/** Marks "nothing was thrown" (a thrown value may be anything, undefined included). */
const NO_FAILURE = Symbol('no failure');

export class Reconciliation {
	private store: RecordStore | null = new RecordStore();
	private readonly rejected: RecordIssue[] = [];
	private readonly ctx: ParseContext;
	/** Records added per input, by input number (see INPUT_INDEX). */
	private readonly counts = [0, 0, 0, 0, 0, 0];

	constructor(private readonly settings: MatcherSettings) {
		validateSettings(settings);
		this.ctx = { keys: settings.keys, latestAllowed: settings.asOf + FUTURE_TOLERANCE_MS };
	}

	/**
	 * Reads one record of `kind`. `item` is its index in that input (for evidence and pairing);
	 * by default the count of records added to that input so far. An unreadable record is kept
	 * as a rejection naming the input, item and field.
	 */
	add(kind: InputKind, raw: RawRecord | undefined, item?: number): void {
		const store = this.openStore();
		const input = inputNumber(kind);
		const count = this.counts[input]++;
		const ref = { input, item: item ?? count };
		const record = raw ?? {};
		let failure: unknown = NO_FAILURE;
		try {
			switch (kind) {
				case 'refunds':
					store.refunds.add(parseRefund(record, ref, this.ctx));
					break;
				case 'returnEvents': {
					const event = parseReturnEvent(record, ref, this.ctx);
					if ('kind' in event) store.addBagLink(event);
					else store.returnEvents.add(event);
					break;
				}
				case 'manifests':
					store.manifests.add(parseManifest(record, ref, this.ctx));
					break;
				case 'receipts':
					store.receipts.add(parseReceipt(record, ref, this.ctx));
					break;
				case 'stockMovements':
					store.stockMovements.add(parseStockMovement(record, ref, this.ctx));
					break;
				case 'orders':
					store.orders.add(parseOrderLine(record, ref, this.ctx));
					break;
			}
		} catch (error) {
			failure = error;
		}
		// Handled after the catch block: n8n's scanner expects only NodeApiError thrown inside one.
		if (failure === NO_FAILURE) return;
		if (!(failure instanceof RecordFieldError)) throw failure;
		this.rejected.push({ input: kind, ref, field: failure.field, message: failure.message });
	}

	/** Adds every record of `rows`; item i is rows[i]. */
	addAll(kind: InputKind, rows: readonly RawRecord[] | undefined): void {
		if (!rows) return;
		for (let item = 0; item < rows.length; item++) this.add(kind, rows[item], item);
	}

	/** Runs every enabled check; the run cannot take more records afterwards. */
	finish(options: FinishOptions = {}): ReconciliationResult {
		const store = this.openStore();
		this.store = null;
		const { settings } = this;
		const matched: MatchedLine[] = [];
		const lines = { matched: 0, pending: 0 };
		const deliver = options.onMatched ?? ((line: MatchedLine) => matched.push(line));
		store.keys.seal();
		const grouping = new Grouping(store);
		const { detected, classified } = detectExceptions(grouping, settings, (line) => {
			lines[line.state === 'matched' ? 'matched' : 'pending']++;
			deliver(line);
		});
		const lifecycle = applyLifecycle(
			detected,
			options.known ?? [],
			new Set(settings.checks),
			settings.asOf,
		);
		const counts = Object.fromEntries(KINDS.map((kind) => [kind, this.counts[INPUT_INDEX[kind]]]));
		return {
			changes: lifecycle.changes,
			matched,
			rejected: this.rejected,
			classified,
			summary: {
				...summarize(
					lifecycle.changes,
					lines,
					this.rejected,
					counts,
					lifecycle.suppressed,
					settings,
				),
				classified: classifiedTotals(classified),
			},
		};
	}

	private openStore(): RecordStore {
		if (!this.store)
			throw new Error('This reconciliation has finished; start a new one for more records');
		return this.store;
	}
}

/** Analyses every group once, then the cross-group checks; returns exceptions before the lifecycle. */
function detectExceptions(
	grouping: Grouping,
	settings: MatcherSettings,
	onMatched: (line: MatchedLine) => void,
): { detected: ReconciliationException[]; classified: ClassifiedRefund[] } {
	const enabled = new Set<ExceptionType>(settings.checks);
	const notReturned = new Set(settings.notReturnedDispositions);
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
	const unknownOrderEvents: ReturnEventRecord[] = [];
	const unknownOrderReceipts: ReceiptRecord[] = [];
	const stockMissing = enabled.has('missing_stock_movement');
	const stockDrift = enabled.has('inventory_drift');
	const lostWindowMs = settings.windows.lostInTransitDays * MS_PER_DAY;
	// Looked up once per run, not once per order line.
	const checkUnmapped = enabled.has('unmapped_disposition');
	const checkLost = enabled.has('lost_in_transit');
	const checkUnknownOrder = enabled.has('scan_without_order');
	const checkUnlinkedAmazon = enabled.has('missing_merchant_order_id');
	const classified: ClassifiedRefund[] = [];
	const classifying = settings.goodwillRefundReasons.length > 0 || !settings.fbaRefundsNeedReturn;
	// An Amazon refund that names no known order and needs no return is classified, not reported
	// as a missing order id; only the others may be some line's refund.
	const unlinkedAmazon = grouping.unmatchedAmazonRefunds.filter((refund) => {
		const kind = classifying ? refundClass(refund, settings) : null;
		if (kind === null) return true;
		classified.push(
			classifiedRefund(kind, refund, refund.orderId, refund.quantity, refund.amount.amountMinor),
		);
		return false;
	});
	const unlinkedAmazonSkus = classifying
		? new Set(unlinkedAmazon.filter((r) => r.quantity > 0).map((r) => r.sku))
		: grouping.unlinkedAmazonSkus;
	const anyUnlinkedAmazon = unlinkedAmazonSkus.size > 0;
	for (let g = 0; g < grouping.count; g++) {
		const group = grouping.group(g);
		groupHadException = false;
		const unlinkedAmazonSku = anyUnlinkedAmazon && unlinkedAmazonSkus.has(group.sku);
		const facts = analyzeGroup(group, notReturned, settings.tolerance);
		checkDuplicateRefund(group, facts, settings, emit);
		const withoutReturn = refundsWithoutReturn(facts, grouping.orderHasReturn(g));
		let orphans = withoutReturn;
		let classifiedHere: Set<RefundRecord> | undefined;
		if (classifying && withoutReturn.length > 0) {
			orphans = [];
			for (const share of withoutReturn) {
				const kind = refundClass(share.refund, settings);
				if (kind === null) {
					orphans.push(share);
					continue;
				}
				(classifiedHere ??= new Set()).add(share.refund);
				classified.push(
					classifiedRefund(kind, share.refund, group.orderKey, share.units, share.amountMinor),
				);
			}
		}
		checkOrphanedRefund(group, orphans, settings, emit);
		checkRefundedNeverReturned(group, facts, settings, emit);
		checkReturnedNeverRefunded(group, facts, settings, emit, unlinkedAmazonSku);
		checkValueMismatch(group, facts, settings, emit, classifiedHere);
		if (checkUnmapped) checkUnmappedDisposition(group, settings, emit);
		if (stockMissing || stockDrift) checkStock(group, settings, emit, stockMissing, stockDrift);
		if (checkLost) {
			for (const line of unreceivedLines(group, facts)) {
				lost.push({ line, group, facts });
				// Reported after the loop, per tracking number; the line is not matched meanwhile.
				if (pastWindow(settings.asOf, line.deliveredAt ?? line.shippedAt, lostWindowMs))
					groupHadException = true;
			}
		}
		if (grouping.hasOrders && !group.orderListed) {
			unknownOrderEvents.push(...group.events);
			unknownOrderReceipts.push(...group.receipts);
			if (checkUnknownOrder && (group.events.length > 0 || group.receipts.length > 0))
				groupHadException = true;
		}
		if (unlinkedAmazonSku && checkUnlinkedAmazon) groupHadException = true;
		if (group.refunds.length > 0 || group.events.length > 0 || group.receipts.length > 0) {
			onMatched(matchedLine(group, facts, groupHadException, classifiedHere));
		}
	}
	emitLostInTransit(lost, settings, emit);
	checkReceivedNotOnManifest(grouping.offManifestReceipts, settings, emit);
	checkScanWithoutOrder(
		[...grouping.orphanReceipts, ...unknownOrderReceipts],
		unknownOrderEvents,
		settings,
		emit,
	);
	checkLinkProblems(grouping.mistyped, grouping.ambiguous, settings, emit);
	checkMissingOrderId(grouping, unlinkedAmazon, settings, emit);
	return { detected, classified };
}

/** Reconciles complete record sets in one call (see `Reconciliation` for streaming). */
export function reconcile(
	inputs: RawInputs,
	settings: MatcherSettings,
	known: readonly KnownExceptionRow[] = [],
): ReconciliationResult {
	const run = new Reconciliation(settings);
	for (const kind of KINDS) run.addAll(kind, inputs[kind]);
	return run.finish({ known });
}
