/**
 * Unit-level facts of one order-line group: how many units were returned, shipped, received and
 * refunded, and which refunds are legitimate and which duplicate. Counting units (not records)
 * is what makes quantity 3 on one line equal three single-unit scans.
 */
import type { Money } from '../../shared/money';
import type { Group } from './groups';
import type { ValueTolerance } from './settings';
import type { RefundRecord, ReturnEventRecord, ReturnStatus } from './types';

const STATUS_RANK: Readonly<Record<ReturnStatus, number>> = {
	started: 1,
	dropped_off: 2,
	refund_approved: 3,
	expired: 4,
};

export interface ReturnUnit {
	returnId: string;
	status: ReturnStatus;
	firstScanAt: number;
	isExchange: boolean;
	events: ReturnEventRecord[];
}

/**
 * A slice of a refund: `units` of it, with its share of the amount (net of reversals). A share
 * of 0 units is a top-up: money paid for units another row already refunded.
 */
export interface RefundShare {
	refund: RefundRecord;
	units: number;
	amountMinor: number;
}

export interface GroupFacts {
	/** Return units that did not expire. */
	returnUnits: ReturnUnit[];
	/** Units of returns that were started and expired (never dropped off): a return was started. */
	expiredUnits: number;
	/**
	 * Units in a bag that arrived, graded as not returned (`notReturnedDispositions`: "missing",
	 * not in the bag; "wrong-item", another item in it): the bag settles its manifest line, but
	 * the unit does not count as received.
	 */
	notReturnedUnits: number;
	/** Refund rows that reverse another (a reversal type, or the opposite sign in one channel). */
	reversals: RefundRecord[];
	exchangeUnits: number;
	manifestUnits: number;
	/** Received units that really came back (not graded as not returned). */
	receivedUnits: number;
	refundUnits: number;
	/** Unit refunds in date order, split into the legitimate part and the duplicate part. */
	legitimate: RefundShare[];
	duplicates: RefundShare[];
	/** Amount-only refunds (quantity 0): shipping, goodwill, top-ups; net of reversals. */
	adjustments: RefundShare[];
	unitValue: Money | null;
	hasReturnEvidence: boolean;
}

/** One unit of a return as it is being collected, with the scans already counted for it. */
interface UnitSlot {
	unitId: string;
	unit: ReturnUnit;
	/** Status rank and time of each event with this unit id, to skip repeated deliveries. */
	scans: number[];
}

/** The units of one return seen so far, and per status how many events came without a unit id. */
interface ReturnSlots {
	returnId: string;
	slots: UnitSlot[];
	unnamed: number[];
}

/** Past this many returns on one line, they are found through a map rather than a search. */
const SEARCHED_RETURNS = 8;

function returnSlots(
	list: ReturnSlots[],
	map: Map<string, ReturnSlots> | null,
	returnId: string,
): ReturnSlots | undefined {
	if (map !== null) return map.get(returnId);
	for (const entry of list) if (entry.returnId === returnId) return entry;
	return undefined;
}

function slotOf(slots: readonly UnitSlot[], unitId: string): UnitSlot | undefined {
	for (const slot of slots) if (slot.unitId === unitId) return slot;
	return undefined;
}

function scannedBefore(scans: readonly number[], rank: number, at: number): boolean {
	for (let i = 0; i < scans.length; i += 2)
		if (scans[i] === rank && scans[i + 1] === at) return true;
	return false;
}

// Keyed by return, then a short list of its units: a group holds a return or two of a few
// units each, and composite string keys per event cost more than the search. The returns
// themselves are a short list too (a map per line cost more than the search), until a line
// holds many.
function collectUnits(events: ReturnEventRecord[]): ReturnUnit[] {
	const units: ReturnUnit[] = [];
	const returns: ReturnSlots[] = [];
	let byId: Map<string, ReturnSlots> | null = null;
	for (const event of events) {
		const { returnId, unit: unitText } = event;
		const rank = STATUS_RANK[event.status];
		let entry = returnSlots(returns, byId, returnId);
		if (entry === undefined) {
			entry = { returnId, slots: [], unnamed: [0, 0, 0, 0, 0] };
			returns.push(entry);
			if (byId !== null) byId.set(returnId, entry);
			else if (returns.length > SEARCHED_RETURNS)
				byId = new Map(returns.map((known) => [known.returnId, known]));
		}
		// Events without a unit id are told apart by arrival order within (return, status): the
		// k-th "started" and the k-th "dropped_off" of a return and SKU describe the same unit.
		const named = unitText !== '';
		const unitId = named ? unitText : `#${entry.unnamed[rank]++}`;
		let slot = slotOf(entry.slots, unitId);
		// The same event delivered twice (same unit, status and time) counts once.
		if (named && slot !== undefined && scannedBefore(slot.scans, rank, event.scannedAt)) continue;
		if (slot === undefined) {
			const unit: ReturnUnit = {
				returnId,
				status: event.status,
				firstScanAt: event.status === 'started' ? Number.POSITIVE_INFINITY : event.scannedAt,
				isExchange: event.isExchange,
				events: [event],
			};
			slot = { unitId, unit, scans: [] };
			entry.slots.push(slot);
			units.push(unit);
		} else {
			const unit = slot.unit;
			unit.events.push(event);
			unit.isExchange ||= event.isExchange;
			if (rank > STATUS_RANK[unit.status]) unit.status = event.status;
			if (event.status !== 'started' && event.scannedAt < unit.firstScanAt)
				unit.firstScanAt = event.scannedAt;
		}
		if (named) slot.scans.push(rank, event.scannedAt);
	}
	return units;
}

function byDateThenId(a: RefundRecord, b: RefundRecord): number {
	return (
		a.refundedAt - b.refundedAt || (a.refundId < b.refundId ? -1 : a.refundId > b.refundId ? 1 : 0)
	);
}

/** Share of a refund's (net) amount for `units` of its quantity, rounded half away from zero. */
function shareOf(net: RefundShare, units: number): number {
	if (units === net.units) return net.amountMinor;
	return Math.round((net.amountMinor * units) / net.units);
}

/**
 * The same refund id read twice (settlement report and Finances API) is one refund. Rows
 * without an id are never merged: two identical id-less rows are two payments until a person
 * decides (they come out as a duplicate refund saying so).
 */
function uniqueRefunds(refunds: RefundRecord[]): RefundRecord[] {
	if (refunds.length < 2) return refunds;
	const seen = new Set<string>();
	const out: RefundRecord[] = [];
	for (const refund of refunds) {
		if (refund.hasId) {
			const key = `${refund.sign}|${refund.refundId}`;
			if (seen.has(key)) continue;
			seen.add(key);
		}
		out.push(refund);
	}
	return out;
}

/** The refund a reversal row undoes: same refund id, else the same amount, oldest first. */
function reversalTarget(row: RefundRecord, kept: readonly RefundShare[]): RefundShare | undefined {
	const open = kept.filter(
		(k) =>
			k.amountMinor > 0 &&
			k.refund.amount.currency === row.amount.currency &&
			(row.reversal || (k.refund.channel === row.channel && k.refund.sign === -row.sign)),
	);
	return (
		(row.hasId
			? open.find((k) => k.refund.hasId && k.refund.refundId === row.refundId)
			: undefined) ??
		open.find((k) => k.amountMinor === row.amount.amountMinor) ??
		(row.reversal ? open[0] : undefined)
	);
}

/**
 * Nets reversals against the refunds they undo, in date order. A row is a reversal when its type
 * says so, or when it has the opposite sign of an earlier refund of the same channel with the
 * same id or amount (sign conventions differ: Amazon writes refunds negative, storefronts
 * positive, so only the opposite of the line's own refund counts). The net amount is what was
 * paid; a refund reversed in full is gone, a partial reversal lowers it.
 */
function netOfReversals(refunds: RefundRecord[]): {
	kept: RefundShare[];
	reversals: RefundRecord[];
} {
	const kept: RefundShare[] = [];
	const reversals: RefundRecord[] = [];
	if (refunds.length === 1 && !refunds[0].reversal) {
		const only = refunds[0];
		return {
			kept: [{ refund: only, units: only.quantity, amountMinor: only.amount.amountMinor }],
			reversals,
		};
	}
	for (const row of [...refunds].sort(byDateThenId)) {
		const target = row.sign === 0 && !row.reversal ? undefined : reversalTarget(row, kept);
		if (target === undefined) {
			if (row.reversal) reversals.push(row);
			else kept.push({ refund: row, units: row.quantity, amountMinor: row.amount.amountMinor });
			continue;
		}
		reversals.push(row);
		target.amountMinor = Math.max(0, target.amountMinor - row.amount.amountMinor);
	}
	return {
		kept: kept.filter((k) => k.amountMinor > 0 || k.refund.amount.amountMinor === 0),
		reversals,
	};
}

/**
 * How many refunded units the evidence justifies. With return evidence it is the largest unit
 * count any source saw; without any, the ordered quantity; failing that, a refund of the same
 * line in two channels (Amazon plus storefront) is the classic double refund, so only the
 * largest single channel counts; otherwise every refunded unit is taken at face value.
 */
function justifiedUnits(group: Group, evidenceUnits: number, unitRefunds: RefundShare[]): number {
	if (evidenceUnits > 0) return evidenceUnits;
	const ordered = group.orderLines.reduce((sum, line) => sum + line.quantity, 0);
	if (ordered > 0) return ordered;
	const perChannel = new Map<string, number>();
	for (const share of unitRefunds)
		perChannel.set(share.refund.channel, (perChannel.get(share.refund.channel) ?? 0) + share.units);
	if (perChannel.size > 1) return Math.max(...perChannel.values());
	return unitRefunds.reduce((sum, share) => sum + share.units, 0);
}

/** Allowed gap between a refunded and an expected amount (minor units). */
export function allowedGap(expectedMinor: number, tolerance: ValueTolerance): number {
	return Math.max(
		tolerance.absoluteMinor,
		Math.round((Math.abs(expectedMinor) * tolerance.percent) / 100),
	);
}

export function analyzeGroup(
	group: Group,
	notReturnedDispositions: ReadonlySet<string>,
	tolerance: ValueTolerance,
): GroupFacts {
	const units = collectUnits(group.events);
	let expired = 0;
	let exchangeUnits = 0;
	for (const unit of units) {
		if (unit.status === 'expired') expired++;
		else if (unit.isExchange) exchangeUnits++;
	}
	const returnUnits = expired > 0 ? units.filter((unit) => unit.status !== 'expired') : units;
	let receivedUnits = 0;
	let notReturnedUnits = 0;
	for (const receipt of group.receipts) {
		if (notReturnedDispositions.has(receipt.disposition)) notReturnedUnits += receipt.quantity;
		else receivedUnits += receipt.quantity;
	}
	const manifestUnits = group.manifests.length;
	const { kept, reversals } = netOfReversals(uniqueRefunds(group.refunds));
	const unitRefunds: RefundShare[] = [];
	const adjustments: RefundShare[] = [];
	for (const share of kept) {
		if (share.units > 0) unitRefunds.push(share);
		else if (share.units === 0) adjustments.push(share);
	}
	// A started return that expired is still a return: its refund waits for goods like any other.
	const evidenceUnits = Math.max(units.length, manifestUnits, receivedUnits + notReturnedUnits);
	let remaining = justifiedUnits(group, evidenceUnits, unitRefunds);
	let legitimate: RefundShare[] = [];
	let duplicates: RefundShare[] = [];
	let refundUnits = 0;
	for (const share of unitRefunds) {
		refundUnits += share.units;
		// One row is never a duplicate of itself: a refund of 2 units with 1 returned is a refund
		// of 2, and the unit not returned follows "refunded, never returned".
		const legit = share === unitRefunds[0] ? share.units : Math.min(remaining, share.units);
		remaining = Math.max(0, remaining - legit);
		if (legit > 0)
			legitimate.push({ refund: share.refund, units: legit, amountMinor: shareOf(share, legit) });
		if (legit < share.units) {
			duplicates.push({
				refund: share.refund,
				units: share.units - legit,
				amountMinor: share.amountMinor - (legit > 0 ? shareOf(share, legit) : 0),
			});
		}
	}
	const priced =
		group.orderLines.find((line) => line.unitPrice !== null)?.unitPrice ??
		group.events.find((event) => event.unitValue !== null)?.unitValue ??
		null;
	// Split refunds sum: rows beyond the units whose amounts together stay within the value of the
	// refunded units (one unit refunded in two halves) are top-ups, not duplicates.
	if (duplicates.length > 0 && priced !== null) {
		const all = [...legitimate, ...duplicates, ...(group.sku !== '' ? adjustments : [])];
		let legitUnits = 0;
		for (const share of legitimate) legitUnits += share.units;
		const expected = priced.amountMinor * legitUnits;
		const sameCurrency = all.every((share) => share.refund.amount.currency === priced.currency);
		const paid = all.reduce((sum, share) => sum + share.amountMinor, 0);
		if (sameCurrency && paid <= expected + allowedGap(expected, tolerance)) {
			legitimate = [...legitimate, ...duplicates.map((share) => ({ ...share, units: 0 }))];
			duplicates = [];
		}
	}
	return {
		returnUnits,
		expiredUnits: units.length - returnUnits.length,
		notReturnedUnits,
		reversals,
		exchangeUnits,
		manifestUnits,
		receivedUnits,
		refundUnits,
		legitimate,
		duplicates,
		adjustments,
		unitValue: priced,
		hasReturnEvidence: evidenceUnits > 0,
	};
}
