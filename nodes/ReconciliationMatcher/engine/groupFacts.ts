/**
 * Unit-level facts of one order-line group: how many units were returned, shipped, received and
 * refunded, and which refunds are legitimate and which duplicate. Counting units (not records)
 * is what makes quantity 3 on one line equal three single-unit scans.
 */
import type { Money } from '../../shared/money';
import type { Group } from './groups';
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

/** A slice of a refund: `units` of it, with its share of the amount. */
export interface RefundShare {
	refund: RefundRecord;
	units: number;
	amountMinor: number;
}

export interface GroupFacts {
	/** Return units that did not expire. */
	returnUnits: ReturnUnit[];
	expiredUnits: number;
	exchangeUnits: number;
	manifestUnits: number;
	/** Received units that were really in the bag (not a "missing" disposition). */
	receivedUnits: number;
	refundUnits: number;
	/** Unit refunds in date order, split into the legitimate part and the duplicate part. */
	legitimate: RefundShare[];
	duplicates: RefundShare[];
	/** Amount-only refunds (quantity 0): shipping, goodwill. */
	adjustments: RefundRecord[];
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
	slots: UnitSlot[];
	unnamed: number[];
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
// units each, and composite string keys per event cost more than the search.
function collectUnits(events: ReturnEventRecord[]): ReturnUnit[] {
	const units: ReturnUnit[] = [];
	const returns = new Map<string, ReturnSlots>();
	for (const event of events) {
		const { returnId, unit: unitText } = event;
		const rank = STATUS_RANK[event.status];
		let entry = returns.get(returnId);
		if (entry === undefined) {
			entry = { slots: [], unnamed: [0, 0, 0, 0, 0] };
			returns.set(returnId, entry);
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

/** Share of a refund's amount for `units` of its quantity, rounded half away from zero. */
function shareOf(refund: RefundRecord, units: number): number {
	if (units === refund.quantity) return refund.amount.amountMinor;
	return Math.round((refund.amount.amountMinor * units) / refund.quantity);
}

function uniqueRefunds(refunds: RefundRecord[]): RefundRecord[] {
	if (refunds.length < 2) return refunds;
	const byId = new Map<string, RefundRecord>();
	// The same refund read from two sources (settlement and Finances API) is one refund.
	for (const refund of refunds) if (!byId.has(refund.refundId)) byId.set(refund.refundId, refund);
	return [...byId.values()];
}

/**
 * How many refunded units the evidence justifies. With return evidence it is the largest unit
 * count any source saw; without any, the ordered quantity; failing that, a refund of the same
 * line in two channels (Amazon plus storefront) is the classic double refund, so only the
 * largest single channel counts; otherwise every refunded unit is taken at face value.
 */
function justifiedUnits(group: Group, evidenceUnits: number, unitRefunds: RefundRecord[]): number {
	if (evidenceUnits > 0) return evidenceUnits;
	const ordered = group.orderLines.reduce((sum, line) => sum + line.quantity, 0);
	if (ordered > 0) return ordered;
	const perChannel = new Map<string, number>();
	for (const refund of unitRefunds)
		perChannel.set(refund.channel, (perChannel.get(refund.channel) ?? 0) + refund.quantity);
	if (perChannel.size > 1) return Math.max(...perChannel.values());
	return unitRefunds.reduce((sum, refund) => sum + refund.quantity, 0);
}

export function analyzeGroup(group: Group, missingDispositions: ReadonlySet<string>): GroupFacts {
	const units = collectUnits(group.events);
	const returnUnits = units.filter((unit) => unit.status !== 'expired');
	const receivedUnits = group.receipts.reduce(
		(sum, receipt) => (missingDispositions.has(receipt.disposition) ? sum : sum + receipt.quantity),
		0,
	);
	const manifestUnits = group.manifests.length;
	const refunds = uniqueRefunds(group.refunds);
	const unitRefunds = refunds.filter((refund) => refund.quantity > 0).sort(byDateThenId);
	const evidenceUnits = Math.max(returnUnits.length, manifestUnits, receivedUnits);
	let remaining = justifiedUnits(group, evidenceUnits, unitRefunds);
	const legitimate: RefundShare[] = [];
	const duplicates: RefundShare[] = [];
	let refundUnits = 0;
	for (const refund of unitRefunds) {
		refundUnits += refund.quantity;
		const legit = Math.min(remaining, refund.quantity);
		remaining -= legit;
		if (legit > 0) legitimate.push({ refund, units: legit, amountMinor: shareOf(refund, legit) });
		if (legit < refund.quantity) {
			const extra = refund.quantity - legit;
			duplicates.push({
				refund,
				units: extra,
				amountMinor: refund.amount.amountMinor - (legit > 0 ? shareOf(refund, legit) : 0),
			});
		}
	}
	const priced =
		group.orderLines.find((line) => line.unitPrice !== null)?.unitPrice ??
		group.events.find((event) => event.unitValue !== null)?.unitValue ??
		null;
	return {
		returnUnits,
		expiredUnits: units.length - returnUnits.length,
		exchangeUnits: returnUnits.filter((unit) => unit.isExchange).length,
		manifestUnits,
		receivedUnits,
		refundUnits,
		legitimate,
		duplicates,
		adjustments: refunds.filter((refund) => refund.quantity === 0),
		unitValue: priced,
		hasReturnEvidence: evidenceUnits > 0,
	};
}
