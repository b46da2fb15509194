/**
 * Seeded scenario generator: orders, Amazon and storefront refunds, Happy Returns events, hub
 * manifests, warehouse receipts with dispositions, Centra stock movements, at chosen rates of
 * each anomaly, plus the exceptions those anomalies must produce (the ground truth).
 *
 * Every clean return is complete and past every window, so each expected exception comes from an
 * injected anomaly. One physical anomaly can rightly raise several exceptions for several owners
 * (a lost box is a carrier claim, a refund never returned and units stuck in transit); the
 * ground truth lists each.
 */
import { Random } from './random';

export type Anomaly =
	| 'refundedNeverReturned'
	| 'duplicateRefund'
	| 'lostInTransit'
	| 'scanWithoutOrder'
	| 'missingOrderId'
	| 'unmappedDisposition'
	| 'valueMismatch'
	| 'missingStockMovement'
	| 'orphanedRefund'
	| 'returnedNeverRefunded'
	// Rules of the catalogue ("Rules every check follows"), each a case that raises exactly what
	// the docs say: nothing for the clean ones.
	/** A refund with no return, exactly the orphan grace old: a window is time allowed. */
	| 'atTheLimit'
	/** A refund with no return, reversed in full by a reversal row: nothing at stake. */
	| 'reversedRefund'
	/** A clean return refunded in two rows (half, then an amount-only top-up): split refunds sum. */
	| 'splitRefund'
	/** A clean return whose receipt carries only the bag barcode and SKU: links need the SKU. */
	| 'bagOnlyReceipt'
	/** A goodwill refund of quantity 0 on an order without any return: an orphaned refund. */
	| 'amountOnlyOrphan'
	/** A refunded unit graded "missing" in a bag that arrived: refunded, never returned only. */
	| 'missingInBag';

export interface ScenarioOptions {
	seed: number;
	returns: number;
	/** Share of returns (0..1) that get each anomaly. */
	rates: Partial<Record<Anomaly, number>>;
	asOf: string;
}

export interface ExpectedException {
	type: string;
	orderNumber?: string;
	sku?: string;
	trackingNumber?: string;
	returnId?: string;
}

type Row = Record<string, unknown>;

export interface Scenario {
	asOf: string;
	refunds: Row[];
	returnEvents: Row[];
	manifests: Row[];
	receipts: Row[];
	stockMovements: Row[];
	orders: Row[];
	expected: ExpectedException[];
	/** Disposition mapping the scenario assumes (code -> warehouse). */
	dispositionMapping: Record<string, string>;
	inTransitWarehouse: string;
}

const DAY = 86_400_000;
const SHIPMENT_SIZE = 20;
const LOST_BOX_SIZE = 4;
export const SCENARIO_DISPOSITIONS: Record<string, string> = {
	sellable: 'MAIN',
	damaged: 'B-STOCK',
	missing: 'NONE',
};
export const TRANSIT = 'TRANSIT';

/** Every anomaly the generator can plant, in the order it plants them. */
export const ANOMALY_ORDER: readonly Anomaly[] = [
	'refundedNeverReturned',
	'duplicateRefund',
	'lostInTransit',
	'scanWithoutOrder',
	'missingOrderId',
	'unmappedDisposition',
	'valueMismatch',
	'missingStockMovement',
	'orphanedRefund',
	'returnedNeverRefunded',
	'atTheLimit',
	'reversedRefund',
	'splitRefund',
	'bagOnlyReceipt',
	'amountOnlyOrphan',
	'missingInBag',
];

/** The default orphan grace of the catalogue (orphanGraceDays), in ms. */
const ORPHAN_GRACE_MS = 2 * DAY;

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function pickAnomaly(random: Random, rates: ScenarioOptions['rates']): Anomaly | null {
	let roll = random.next();
	for (const anomaly of ANOMALY_ORDER) {
		const rate = rates[anomaly] ?? 0;
		if (roll < rate) return anomaly;
		roll -= rate;
	}
	return null;
}

function money(minor: number): string {
	return (minor / 100).toFixed(2);
}

function emptyScenario(asOf: string): Scenario {
	return {
		asOf,
		refunds: [],
		returnEvents: [],
		manifests: [],
		receipts: [],
		stockMovements: [],
		orders: [],
		expected: [],
		dispositionMapping: SCENARIO_DISPOSITIONS,
		inTransitWarehouse: TRANSIT,
	};
}

export function generateScenario(options: ScenarioOptions): Scenario {
	const s = emptyScenario(options.asOf);
	const addReturn = returnWriter(options);
	for (let i = 0; i < options.returns; i++) addReturn(i, s);
	return s;
}

/**
 * The same scenario as `generateScenario`, delivered in slices of `returnsPerChunk` returns, so a
 * benchmark can feed millions of rows without holding them all (each slice is a fresh Scenario
 * holding only its own rows and ground truth).
 */
export function* scenarioChunks(
	options: ScenarioOptions,
	returnsPerChunk: number,
): Generator<Scenario> {
	const addReturn = returnWriter(options);
	for (let first = 0; first < options.returns; first += returnsPerChunk) {
		const s = emptyScenario(options.asOf);
		const end = Math.min(options.returns, first + returnsPerChunk);
		for (let i = first; i < end; i++) addReturn(i, s);
		yield s;
	}
}

/** Writes return number i (0, 1, 2... in order) into a scenario; the shipment state carries over. */
function returnWriter(options: ScenarioOptions): (i: number, s: Scenario) => void {
	const random = new Random(options.seed);
	const asOf = Date.parse(options.asOf);
	let shipment = 0;
	let inShipment = 0;
	let lostBox = 0;
	let inLostBox = LOST_BOX_SIZE;
	return (i, s) => {
		const anomaly = pickAnomaly(random, options.rates);
		const order = String(1_000_000 + i);
		const sku = `SKU-${random.int(1, 400)}`;
		const returnId = `HR-${(i + 1).toString(36).toUpperCase().padStart(6, '0')}`;
		const quantity = random.chance(0.2) ? 2 : 1;
		const currency = random.chance(0.3) ? 'USD' : 'EUR';
		const unitMinor = random.int(15, 250) * 100 - 10;
		const amazon = random.chance(0.3);
		const amazonId = `${random.int(100, 999)}-${random.int(1000000, 9999999)}-${String(i).padStart(7, '0')}`;
		const dropAt = asOf - random.int(60, 120) * DAY - random.int(0, DAY - 1);
		const bag = `BAG${i}`;
		let tracking: string;
		if (anomaly === 'lostInTransit') {
			if (inLostBox === LOST_BOX_SIZE) {
				lostBox++;
				inLostBox = 0;
			}
			inLostBox++;
			tracking = `1ZLOST${lostBox}`;
		} else {
			if (inShipment === SHIPMENT_SIZE) {
				shipment++;
				inShipment = 0;
			}
			inShipment++;
			tracking = `1ZSHIP${shipment}`;
		}
		const shippedAt = dropAt + 2 * DAY;
		const deliveredAt = dropAt + 5 * DAY;
		const receivedAt = dropAt + 6 * DAY;
		const disposition =
			anomaly === 'unmappedDisposition'
				? 'water_damage'
				: anomaly === 'missingInBag'
					? 'missing'
					: random.chance(0.8)
						? 'sellable'
						: 'damaged';
		const bucket = SCENARIO_DISPOSITIONS[disposition];
		const knownOrder = anomaly !== 'scanWithoutOrder';
		const hasOrderNumber = anomaly !== 'missingOrderId';

		if (knownOrder) {
			s.orders.push({
				orderNumber: order,
				aliases: amazon ? amazonId : '',
				sku,
				quantity,
				unitPrice: money(unitMinor),
				currency,
			});
		}
		for (let unit = 0; unit < quantity; unit++) {
			const common = {
				returnId,
				orderNumber: hasOrderNumber ? order : '',
				sku,
				unit: String(unit),
				bagBarcode: bag,
			};
			s.returnEvents.push({ ...common, status: 'started', scannedAt: iso(dropAt - 2 * DAY) });
			s.returnEvents.push({ ...common, status: 'dropped_off', scannedAt: iso(dropAt) });
		}
		if (anomaly === 'scanWithoutOrder') {
			s.expected.push({ type: 'scan_without_order', returnId });
			return;
		}
		if (anomaly === 'missingOrderId') {
			s.expected.push({ type: 'missing_merchant_order_id', returnId });
			return;
		}
		const refund = (
			id: string,
			channel: 'amazon' | 'storefront',
			amountMinor: number,
			at: number,
			units: number,
		) =>
			s.refunds.push({
				refundId: id,
				channel,
				sku,
				quantity: units,
				amount: channel === 'amazon' ? `-${money(amountMinor)}` : money(amountMinor),
				currency,
				refundedAt: iso(at),
				orderId: channel === 'amazon' ? amazonId : order,
				merchantOrderId: channel === 'amazon' ? order : '',
				fulfillment: channel === 'amazon' ? 'MFN' : '',
			});
		const channel = amazon ? 'amazon' : 'storefront';
		if (
			anomaly === 'atTheLimit' ||
			anomaly === 'reversedRefund' ||
			anomaly === 'amountOnlyOrphan'
		) {
			s.returnEvents.splice(s.returnEvents.length - quantity * 2, quantity * 2);
			if (anomaly === 'atTheLimit') {
				refund(`RF-${i}`, channel, unitMinor * quantity, asOf - ORPHAN_GRACE_MS, quantity);
			} else if (anomaly === 'reversedRefund') {
				refund(`RF-${i}`, channel, unitMinor * quantity, dropAt, quantity);
				s.refunds.push({
					...s.refunds[s.refunds.length - 1],
					refundId: `RF-${i}-REV`,
					type: 'reversal',
					refundedAt: iso(dropAt + DAY),
				});
			} else {
				s.refunds.push({
					refundId: `GW-${i}`,
					channel: 'storefront',
					sku: '',
					quantity: 0,
					amount: money(500),
					currency,
					refundedAt: iso(dropAt),
					orderId: order,
					merchantOrderId: '',
					fulfillment: '',
				});
				s.expected.push({ type: 'orphaned_refund', orderNumber: order, sku: '' });
			}
			return;
		}
		if (anomaly === 'splitRefund') {
			const half = Math.floor((unitMinor * quantity) / 2);
			refund(`RF-${i}`, channel, half, dropAt + 3_600_000, quantity);
			refund(`RF-${i}-B`, channel, unitMinor * quantity - half, dropAt + DAY, 0);
		} else if (anomaly !== 'returnedNeverRefunded') {
			const extra = anomaly === 'valueMismatch' ? Math.max(200, Math.round(unitMinor * 0.15)) : 0;
			refund(`RF-${i}`, channel, unitMinor * quantity + extra, dropAt + 3_600_000, quantity);
		}
		if (anomaly === 'duplicateRefund') {
			// Amazon orders: Amazon and the storefront/HR signal both refund. Storefront orders cannot be
			// refunded by Amazon, so their duplicate is a second storefront refund.
			refund(`RF-${i}-DUP`, 'storefront', unitMinor, dropAt + 4 * DAY, 1);
			s.expected.push({ type: 'duplicate_refund', orderNumber: order, sku });
		}
		if (anomaly === 'orphanedRefund') {
			// No return ever started: drop the events pushed above.
			s.returnEvents.splice(s.returnEvents.length - quantity * 2, quantity * 2);
			s.expected.push({ type: 'orphaned_refund', orderNumber: order, sku });
			return;
		}
		const reference = `HR ${returnId} ${sku}`;
		s.stockMovements.push({
			reference: `${reference} in-transit`,
			sku,
			warehouse: TRANSIT,
			quantity,
			movedAt: iso(dropAt + 60_000),
		});
		if (anomaly === 'refundedNeverReturned') {
			s.expected.push(
				{ type: 'refunded_never_returned', orderNumber: order, sku },
				{ type: 'inventory_drift', orderNumber: order, sku },
			);
			return;
		}
		for (let unit = 0; unit < quantity; unit++) {
			s.manifests.push({
				trackingNumber: tracking,
				orderNumber: order,
				sku,
				unit: String(unit),
				bagBarcode: bag,
				shippedAt: iso(shippedAt),
				deliveredAt: iso(deliveredAt),
			});
		}
		if (anomaly === 'lostInTransit') {
			if (inLostBox === 1) s.expected.push({ type: 'lost_in_transit', trackingNumber: tracking });
			s.expected.push(
				{ type: 'refunded_never_returned', orderNumber: order, sku },
				{ type: 'inventory_drift', orderNumber: order, sku },
			);
			return;
		}
		const bagOnly = anomaly === 'bagOnlyReceipt';
		s.receipts.push({
			trackingNumber: bagOnly ? '' : tracking,
			bagBarcode: bag,
			orderNumber: bagOnly ? '' : order,
			sku,
			quantity,
			disposition,
			receivedAt: iso(receivedAt),
		});
		if (anomaly === 'unmappedDisposition') {
			s.expected.push(
				{ type: 'unmapped_disposition', orderNumber: order, sku },
				{ type: 'inventory_drift', orderNumber: order, sku },
			);
			return;
		}
		if (anomaly === 'missingStockMovement') {
			s.expected.push(
				{ type: 'missing_stock_movement', orderNumber: order, sku },
				{ type: 'inventory_drift', orderNumber: order, sku },
			);
			return;
		}
		s.stockMovements.push({
			reference: `${reference} processed`,
			sku,
			warehouse: TRANSIT,
			quantity: -quantity,
			movedAt: iso(receivedAt + 3_600_000),
		});
		if (anomaly === 'missingInBag') {
			// Not carrier loss (the bag arrived) and no stock to move: the refund is at stake.
			s.expected.push({ type: 'refunded_never_returned', orderNumber: order, sku });
			return;
		}
		s.stockMovements.push({
			reference: `${reference} processed`,
			sku,
			warehouse: bucket,
			quantity,
			movedAt: iso(receivedAt + 3_600_000),
		});
		if (anomaly === 'valueMismatch')
			s.expected.push({ type: 'refund_value_mismatch', orderNumber: order, sku });
		if (anomaly === 'returnedNeverRefunded')
			s.expected.push({ type: 'returned_never_refunded', orderNumber: order, sku });
	};
}
