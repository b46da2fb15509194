/**
 * A brand's returns season, generated from the documented model (docs/operating-model.md, the
 * exception catalogue, the template guides and the settings they name), seeded and deterministic:
 * storefront and Amazon MFN returns through Happy Returns, exchanges, goodwill refunds, FBA refunds,
 * Happy Returns redeliveries and out-of-order notices, Amazon's refund posting lag, lost boxes,
 * mis-grades and a week of vendor faults.
 *
 * Each injected anomaly carries the exceptions the DOCS say it must raise under the settings the
 * templates ship with (./policy reads them from 00 Returns settings). The labels are written from
 * the catalogue's and the guides' wording, never from the matcher's or the templates' code:
 * - refunds: a storefront return is refunded by Centra (credit note and refund, once) at
 *   `storefrontRefundAt` (the first scan or the receipt; 00's guide); exchanges are never refunded;
 *   units graded with an `investigateDispositions` code are never credited (03's guide); Amazon is
 *   the master of Amazon refunds and refunds at the first scan (the operating model);
 * - a lost box: "Items were on a consolidated Happy Returns hub shipment ... but the warehouse has
 *   not received them within the window" (lost in transit, one per tracking number); units already
 *   refunded (Amazon, or a storefront refund at the first scan) "have not reached the warehouse"
 *   (refunded, never returned, per order line); they "sit in the in-transit warehouse longer than
 *   the window" (inventory drift, per order line);
 * - a unit graded `missing` or `wrong-item`: 03 "registers the unit for investigation" (a
 *   `unit_investigation` row); the unit the customer returned did not come back, so when it was
 *   refunded already (Amazon, or a storefront refund at the first scan) it is refunded, never
 *   returned (per order line);
 * - a goodwill refund or an FBA refund with no Happy Returns return: "A refund was paid but no
 *   return exists for that order line anywhere ... It may be a returnless refund or goodwill
 *   gesture": an orphaned refund, unless the settings classify it (`goodwillRefundReasons` holds
 *   its reason, an Amazon transaction type; `fbaRefundsNeedReturn` off), when it is part of the
 *   clean population. The season's goodwill refunds are paid in Centra, which records no reason
 *   the templates read: orphans by the docs.
 * Everything else (exchanges, redeliveries, out-of-order notices, Amazon's posting lag up to 48 h,
 * the fault week) is the clean population: the docs promise it raises nothing.
 */
import { Random } from '../../sandbox/scenario/random';
import { shippedPolicy, type Policy } from './policy';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type Channel = 'storefront' | 'amazon';
export type ReturnAnomaly = 'lostBox' | 'gradedMissing' | 'gradedWrongItem';
export type LooseRefundKind = 'goodwill' | 'fba';

export interface SeasonReturn {
	returnId: string;
	orderNumber: string;
	channel: Channel;
	amazonOrderId: string;
	currency: string;
	sku: string;
	quantity: number;
	unitMinor: number;
	/** A storefront exchange: the replacement SKU the warehouse receipt carries; never refunded. */
	exchangeSku: string;
	bag: string;
	startedAt: number;
	droppedAt: number;
	/** Amazon posts its refund at first scan after this lag (0 to 48 h). */
	amazonRefundAt: number | null;
	tracking: string;
	shippedAt: number;
	deliveredAt: number;
	/** When the warehouse checks the units in; null when the box never arrives. */
	receivedAt: number | null;
	/** Disposition per unit, in unit order. */
	dispositions: string[];
	anomaly: ReturnAnomaly | null;
	/** The drop-off notice arrives before the return-started notice. */
	outOfOrder: boolean;
	/** Happy Returns delivers every notice of this return twice (a redelivery hours later). */
	redelivered: boolean;
}

export interface LooseRefund {
	kind: LooseRefundKind;
	/** The reason customer service or Amazon gives the refund (goodwill: `goodwill`). */
	reason: string;
	refundId: string;
	orderNumber: string;
	amazonOrderId: string;
	channel: Channel;
	currency: string;
	sku: string;
	unitMinor: number;
	at: number;
}

export interface Shipment {
	tracking: string;
	shippedAt: number;
	deliveredAt: number;
	returnIds: string[];
	lost: boolean;
}

/** One injected anomaly and the exception rows the docs say it must raise. */
export interface Label {
	anomaly: ReturnAnomaly | LooseRefundKind;
	/** The order the label is about (its returns or its loose refund). */
	orderNumber: string;
	/** Register keys in the form type|orderNumber|sku, or lost_in_transit|tracking. */
	keys: string[];
	/** The docs' rule the label follows, for the failure message. */
	rule: string;
}

export interface Season {
	start: number;
	days: number;
	returns: SeasonReturn[];
	looseRefunds: LooseRefund[];
	shipments: Shipment[];
	labels: Label[];
	faultWeek: { from: number; to: number; rate: number };
	/** The settings the labels follow. */
	policy: Policy;
}

export interface SeasonOptions {
	seed: number;
	returns: number;
	days?: number;
	/** Midnight UTC of day 0. */
	start?: string;
	/** The settings the labels follow (default: 00 Returns settings as shipped). */
	policy?: Policy;
}

/**
 * Anomalies are injected only this early, so every documented window (45 days for a refund whose
 * goods never arrive, the longest) has run out by the end of the season.
 */
export function anomalyDays(days: number): number {
	return Math.max(0, Math.min(35, days - 50));
}
const SHIPMENT_UNITS = 12;

const key = (type: string, order: string, sku: string) => `${type}|${order}|${sku}`;

export function generateSeason(options: SeasonOptions): Season {
	const policy = options.policy ?? shippedPolicy();
	const random = new Random(options.seed);
	const days = options.days ?? 90;
	const start = Date.parse(options.start ?? '2026-08-01T00:00:00Z');
	const returns: SeasonReturn[] = [];
	const looseRefunds: LooseRefund[] = [];
	const labels: Label[] = [];
	const skus = (n: number) => `SKU-${n}`;
	// The last returns start early enough to be dropped off inside the season.
	const lastStartDay = days - 4;
	const ANOMALY_DAYS = anomalyDays(days);
	for (let i = 0; i < options.returns; i++) {
		const day = Math.floor((i * lastStartDay) / options.returns);
		const startedAt = start + day * DAY + random.int(8, 20) * HOUR + random.int(0, 3_599) * 1000;
		const droppedAt = startedAt + random.int(1, 3) * DAY + random.int(0, 6) * HOUR;
		const channel: Channel = random.chance(0.35) ? 'amazon' : 'storefront';
		const orderNumber = String(300_000 + i);
		const quantity = random.chance(0.2) ? 2 : 1;
		const exchange = channel === 'storefront' && random.chance(0.12);
		const sku = skus(random.int(1, 120));
		const early = droppedAt < start + ANOMALY_DAYS * DAY;
		const roll = random.next();
		const anomaly: ReturnAnomaly | null =
			!early || exchange
				? null
				: roll < 0.03
					? 'gradedMissing'
					: roll < 0.06
						? 'gradedWrongItem'
						: null;
		const graded = random.chance(0.8) ? 'sellable' : 'damaged';
		const dispositions = Array.from({ length: quantity }, (_, unit) =>
			unit === 0 && anomaly === 'gradedMissing'
				? 'missing'
				: unit === 0 && anomaly === 'gradedWrongItem'
					? 'wrong-item'
					: graded,
		);
		returns.push({
			returnId: `HR-S${(i + 1).toString(36).toUpperCase().padStart(5, '0')}`,
			orderNumber,
			channel,
			amazonOrderId:
				channel === 'amazon'
					? `11${random.int(1, 9)}-${random.int(1_000_000, 9_999_999)}-${String(i).padStart(7, '0')}`
					: '',
			currency: random.chance(0.3) ? 'USD' : 'EUR',
			sku,
			quantity,
			unitMinor: random.int(15, 250) * 100 - 5,
			exchangeSku: exchange ? skus(random.int(121, 160)) : '',
			bag: `BAG-S${i}`,
			startedAt,
			droppedAt,
			amazonRefundAt: channel === 'amazon' ? droppedAt + random.int(0, 48 * 60) * 60_000 : null,
			tracking: '',
			shippedAt: 0,
			deliveredAt: 0,
			receivedAt: null,
			dispositions,
			anomaly,
			outOfOrder: random.chance(0.06),
			redelivered: random.chance(0.1),
		});
	}
	// A small season still holds each mis-grade once: the first early clean returns take them.
	for (const wanted of ['gradedMissing', 'gradedWrongItem'] as const) {
		if (returns.some((r) => r.anomaly === wanted)) continue;
		const r = returns.find(
			(x) => x.anomaly === null && !x.exchangeSku && x.droppedAt < start + ANOMALY_DAYS * DAY,
		);
		if (!r) continue;
		r.anomaly = wanted;
		r.dispositions[0] = wanted === 'gradedMissing' ? 'missing' : 'wrong-item';
	}
	// Hub consolidation: the bags dropped off on one day leave together two days later, in boxes.
	const shipments: Shipment[] = [];
	const byDay = new Map<number, SeasonReturn[]>();
	for (const r of returns) {
		const day = Math.floor((r.droppedAt - start) / DAY);
		byDay.set(day, [...(byDay.get(day) ?? []), r]);
	}
	for (const [day, list] of [...byDay].sort((a, b) => a[0] - b[0])) {
		let box: SeasonReturn[] = [];
		let units = 0;
		const close = () => {
			if (box.length === 0) return;
			const shippedAt = start + (day + 2) * DAY + 14 * HOUR;
			const tracking = `1ZSEASON${day}B${shipments.length}`;
			// A lost box: only while every window can still run out inside the season, and never
			// a box holding a mis-graded unit (one anomaly per return keeps the labels unambiguous).
			const early = day < ANOMALY_DAYS && box.every((r) => r.anomaly === null);
			// At least one lost box per season: the first early box when chance gave none.
			const lost = early && (random.chance(0.05) || !shipments.some((x) => x.lost));
			shipments.push({
				tracking,
				shippedAt,
				deliveredAt: shippedAt + 3 * DAY,
				returnIds: box.map((r) => r.returnId),
				lost,
			});
			for (const r of box) {
				r.tracking = tracking;
				r.shippedAt = shippedAt;
				r.deliveredAt = shippedAt + 3 * DAY;
				if (lost) r.anomaly = 'lostBox';
				else r.receivedAt = shippedAt + 3 * DAY + random.int(2, 20) * HOUR;
			}
			box = [];
			units = 0;
		};
		for (const r of list) {
			box.push(r);
			units += r.quantity;
			if (units >= SHIPMENT_UNITS) close();
		}
		close();
	}
	// Refunds without a Happy Returns return: goodwill (storefront, in Centra) and FBA (Amazon).
	const loose = Math.max(2, Math.round(options.returns * 0.04));
	for (let i = 0; i < loose; i++) {
		const kind: LooseRefundKind = i % 2 === 0 ? 'goodwill' : 'fba';
		const orderNumber = String(700_000 + i);
		looseRefunds.push({
			kind,
			reason: kind === 'goodwill' ? 'goodwill' : 'CustomerReturn',
			refundId: `${kind === 'goodwill' ? 'GW' : 'FBA'}-${i}`,
			orderNumber,
			amazonOrderId:
				kind === 'fba'
					? `11${random.int(1, 9)}-${random.int(1_000_000, 9_999_999)}-${String(9_000_000 + i)}`
					: '',
			channel: kind === 'fba' ? 'amazon' : 'storefront',
			currency: random.chance(0.3) ? 'USD' : 'EUR',
			sku: skus(random.int(1, 120)),
			unitMinor: random.int(15, 250) * 100 - 5,
			at: start + random.int(1, Math.max(1, ANOMALY_DAYS)) * DAY + random.int(9, 17) * HOUR,
		});
	}
	// Refunded before the goods came back: Amazon always (its own refund at the first scan), a
	// storefront return when Centra refunds it at the first scan; never an exchange.
	const refundedEarly = (r: SeasonReturn) =>
		!r.exchangeSku && (r.channel === 'amazon' || policy.storefrontRefundAt === 'first-scan');
	for (const r of returns) {
		const base = { anomaly: r.anomaly!, orderNumber: r.orderNumber };
		if (r.anomaly === 'lostBox')
			labels.push({
				...base,
				keys: [
					...(refundedEarly(r) ? [key('refunded_never_returned', r.orderNumber, r.sku)] : []),
					key('inventory_drift', r.orderNumber, r.sku),
				],
				rule: refundedEarly(r)
					? 'refunded at the first scan, goods never reached the warehouse, units left in transit'
					: 'not refunded yet (refund at receipt), units left in transit',
			});
		if (r.anomaly === 'gradedMissing' || r.anomaly === 'gradedWrongItem')
			labels.push({
				...base,
				keys: [
					key('unit_investigation', r.orderNumber, r.sku),
					...(refundedEarly(r) ? [key('refunded_never_returned', r.orderNumber, r.sku)] : []),
				],
				rule: refundedEarly(r)
					? 'graded as not returned: investigated; refunded at the first scan, the unit never came back'
					: 'graded as not returned: never credited, investigated',
			});
	}
	for (const s of shipments.filter((x) => x.lost))
		labels.push({
			anomaly: 'lostBox',
			orderNumber: '',
			keys: [`lost_in_transit|${s.tracking}`],
			rule: 'on a hub shipment, not received within the window after delivery',
		});
	for (const refund of looseRefunds)
		if (!classified(policy, refund))
			labels.push({
				anomaly: refund.kind,
				orderNumber: refund.orderNumber,
				keys: [key('orphaned_refund', refund.orderNumber, refund.sku)],
				rule: 'a refund was paid but no return exists for that order line anywhere',
			});
	const faultFrom = start + Math.min(20, Math.floor(days / 3)) * DAY;
	return {
		start,
		days,
		returns,
		looseRefunds,
		shipments,
		labels,
		faultWeek: { from: faultFrom, to: faultFrom + 7 * DAY, rate: 0.2 },
		policy,
	};
}

/** Every register key the docs expect at the end of the season, each once. */
export function expectedKeys(season: Season): string[] {
	return [...new Set(season.labels.flatMap((l) => l.keys))].sort();
}

/**
 * A refund without a return the settings classify (goodwill reason listed; FBA needing none). The
 * reasons are Amazon transaction types (00's guide, `goodwillRefundReasons`; 04's guide: "by
 * reason: the Amazon transaction type"): a goodwill refund customer service pays in Centra carries
 * no reason the templates read, so the docs raise it as an orphaned refund for a person to decide.
 */
export function classified(policy: Policy, refund: LooseRefund): boolean {
	if (refund.kind === 'goodwill')
		return (
			refund.channel === 'amazon' &&
			policy.goodwillRefundReasons.includes(refund.reason.toLowerCase())
		);
	return policy.fbaRefundsNeedReturn === false;
}

/**
 * Orders whose every return is clean, and orders of refunds the settings classify (the population
 * the docs promise raises nothing).
 */
export function cleanOrders(season: Season): Set<string> {
	return new Set([
		...season.returns.filter((r) => r.anomaly === null).map((r) => r.orderNumber),
		...season.looseRefunds.filter((l) => classified(season.policy, l)).map((l) => l.orderNumber),
	]);
}
