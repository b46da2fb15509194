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
import { analyzeGroup, type GroupFacts, type RefundShare } from './groupFacts';
import { Grouping, type Group } from './groups';
import { applyLifecycle, type ExceptionChange, type KnownExceptionRow } from './lifecycle';
import { CHECKS } from './checks';
import type { CheckRun, LineContext, RunContext } from './checks/check';
import { StockPosition } from './checks/stockPosition';
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
import type { ExceptionType, ReconciliationException, RefundRecord, SourceRef } from './types';

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
	classified: ReadonlySet<RefundRecord>,
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
		const grouping = new Grouping(store, settings.ordersComplete);
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

/** One order line as the checks see it (see LineContext); its stock position is worked out once. */
class Line implements LineContext {
	held = false;
	private position: StockPosition | null = null;

	constructor(
		readonly group: Group,
		readonly facts: GroupFacts,
		readonly settings: MatcherSettings,
		readonly ordersGiven: boolean,
		readonly orderHasReturn: boolean,
		readonly unlinkedAmazonSku: boolean,
		readonly orphans: readonly RefundShare[],
		readonly classified: ReadonlySet<RefundRecord>,
	) {}

	get stock(): StockPosition {
		this.position ??= new StockPosition(this.group, this.settings);
		return this.position;
	}

	hold(): void {
		this.held = true;
	}
}

const NONE_CLASSIFIED: ReadonlySet<RefundRecord> = new Set();

/**
 * Analyses every group once and runs the enabled checks (checks/index.ts) on it, then their
 * end-of-run parts; returns exceptions before the lifecycle, and the classified refunds.
 */
function detectExceptions(
	grouping: Grouping,
	settings: MatcherSettings,
	onMatched: (line: MatchedLine) => void,
): { detected: ReconciliationException[]; classified: ClassifiedRefund[] } {
	const enabled = new Set<ExceptionType>(settings.checks);
	const notReturned = new Set(settings.notReturnedDispositions);
	const detected: ReconciliationException[] = [];
	const byId = new Map<string, ReconciliationException>();
	let current: Line | null = null;
	const emit = (draft: ExceptionDraft): void => {
		const exception = buildException(draft, settings);
		if (current !== null) current.held = true;
		// Two records can describe one case (e.g. a receipt listed twice); keep one exception.
		if (byId.has(exception.id)) return;
		byId.set(exception.id, exception);
		detected.push(exception);
	};
	const runs = CHECKS.filter((check) => enabled.has(check.entry.type)).map((check) =>
		check.start(settings),
	);
	const lineRuns = runs.filter((run) => run.line !== undefined);
	const classified: ClassifiedRefund[] = [];
	const classifying = settings.goodwillRefundReasons.length > 0 || !settings.fbaRefundsNeedReturn;
	// An Amazon refund that names no known order and needs no return is classified, not reported
	// as a missing order id; only the others may be some line's refund.
	const unlinkedSeen = new Set<string>();
	const unlinkedAmazon = grouping.unmatchedAmazonRefunds.filter((refund) => {
		const kind = classifying ? refundClass(refund, settings) : null;
		if (kind === null) return true;
		// The same refund id read twice is one refund (as on a line); rows without an id never merge.
		if (refund.hasId) {
			const key = `${refund.sign}|${refund.refundId}`;
			if (unlinkedSeen.has(key)) return false;
			unlinkedSeen.add(key);
		}
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
		const facts = analyzeGroup(group, notReturned, settings.tolerance);
		const withoutReturn = refundsWithoutReturn(facts, grouping.orderHasReturn(g));
		let orphans = withoutReturn;
		let classifiedHere = NONE_CLASSIFIED;
		if (classifying && withoutReturn.length > 0) {
			orphans = [];
			const here = new Set<RefundRecord>();
			for (const share of withoutReturn) {
				const kind = refundClass(share.refund, settings);
				if (kind === null) {
					orphans.push(share);
					continue;
				}
				here.add(share.refund);
				classified.push(
					classifiedRefund(kind, share.refund, group.orderKey, share.units, share.amountMinor),
				);
			}
			classifiedHere = here;
		}
		const line = new Line(
			group,
			facts,
			settings,
			grouping.hasOrders,
			grouping.orderHasReturn(g),
			anyUnlinkedAmazon && unlinkedAmazonSkus.has(group.sku),
			orphans,
			classifiedHere,
		);
		current = line;
		for (const run of lineRuns) (run.line as NonNullable<CheckRun['line']>)(line, emit);
		current = null;
		if (group.refunds.length > 0 || group.events.length > 0 || group.receipts.length > 0) {
			onMatched(matchedLine(group, facts, line.held, classifiedHere));
		}
	}
	const run: RunContext = { grouping, settings, unlinkedAmazonRefunds: unlinkedAmazon };
	for (const check of runs) check.end?.(run, emit);
	return { detected, classified };
}

/**
 * The refunds of a line with no return behind them. Unit refunds look for a return of their own
 * line; amount-only refunds (quantity 0: goodwill, returnless, shipping) for a return of any line
 * of their order (`orderHasReturn`). Oldest first.
 */
function refundsWithoutReturn(facts: GroupFacts, orderHasReturn: boolean): RefundShare[] {
	if (facts.hasReturnEvidence) return [];
	const shares = orderHasReturn ? facts.legitimate : [...facts.legitimate, ...facts.adjustments];
	if (shares.length < 2) return shares;
	return [...shares].sort((a, b) => a.refund.refundedAt - b.refund.refundedAt);
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
