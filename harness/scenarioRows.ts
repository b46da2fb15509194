/**
 * A generated scenario as the templates' own tables hold it, shared by the template tests and the
 * nightly benchmark: the warehouse receipts as template 03 records them, and the scenario moved
 * out of the way of another one so an older season can share a world.
 */
import type { ExpectedException, Scenario, ScenarioOptions } from '../sandbox/scenario/generator';

type ReceiptRow = Record<string, string>;

/**
 * Anomaly rates at which a scenario of a hundred or more returns holds every exception kind the
 * matcher raises, several of each: for tests that compare a whole register with the ground truth.
 */
export const EVERY_EXCEPTION_KIND: ScenarioOptions['rates'] = {
	refundedNeverReturned: 0.04,
	duplicateRefund: 0.04,
	lostInTransit: 0.05,
	scanWithoutOrder: 0.03,
	missingOrderId: 0.03,
	unmappedDisposition: 0.03,
	valueMismatch: 0.04,
	missingStockMovement: 0.04,
	orphanedRefund: 0.03,
	returnedNeverRefunded: 0.04,
};

/** Every exception kind of EVERY_EXCEPTION_KIND at one anomaly rate. */
export function everyExceptionKindAt(rate: number): ScenarioOptions['rates'] {
	return Object.fromEntries(Object.keys(EVERY_EXCEPTION_KIND).map((kind) => [kind, rate]));
}

/**
 * Warehouse receipts as 03 records them: one row per unit, with the return id of the first return
 * event of the same order and SKU (or, for a receipt without an order number, of the same bag).
 * `extra` is added to every row (e.g. the status a processed receipt carries).
 */
export function warehouseReceiptRows(
	scenario: Scenario,
	extra: Record<string, string> = {},
): ReceiptRow[] {
	const returnIds = new Map<string, string>();
	for (const e of scenario.returnEvents) {
		const byOrder = `o|${String(e.orderNumber)}|${String(e.sku)}`;
		const byBag = `b|${String(e.bagBarcode)}`;
		if (!returnIds.has(byOrder)) returnIds.set(byOrder, String(e.returnId));
		if (!returnIds.has(byBag)) returnIds.set(byBag, String(e.returnId));
	}
	const rows: ReceiptRow[] = [];
	for (const receipt of scenario.receipts) {
		const returnId = receipt.orderNumber
			? returnIds.get(`o|${String(receipt.orderNumber)}|${String(receipt.sku)}`)
			: returnIds.get(`b|${String(receipt.bagBarcode)}`);
		for (let unit = 0; unit < Number(receipt.quantity); unit++)
			rows.push({
				returnId: returnId ?? '',
				orderNumber: String(receipt.orderNumber),
				sku: String(receipt.sku),
				unit: String(unit),
				disposition: String(receipt.disposition),
				bagBarcode: String(receipt.bagBarcode),
				trackingNumber: String(receipt.trackingNumber),
				receivedAt: String(receipt.receivedAt),
				...extra,
			});
	}
	return rows;
}

/**
 * The scenario with every identifier moved out of the way of another one: its own order numbers,
 * return ids, bags, boxes, refunds and marketplace order ids (same shapes), so an older season can
 * share a world with it.
 */
export function renamedScenario(scenario: Scenario): Scenario {
	// Word by word: a stock movement's reference carries the return id among other words.
	const renameWord = (value: string): string =>
		value
			.replace(/^1(\d{6})$/, '7$1')
			.replace(/^HR-/, 'HP-')
			.replace(/^BAG/, 'PBAG')
			.replace(/^1Z(SHIP|LOST)/, '1ZP$1')
			.replace(/^RF-/, 'RP-')
			.replace(/^(\d{3}-\d{7}-)0/, '$19');
	const rename = (value: string): string => value.split(' ').map(renameWord).join(' ');
	const walk = (value: unknown): unknown => {
		if (typeof value === 'string') return rename(value);
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
		return value;
	};
	return walk(scenario) as Scenario;
}

/** The exception a ground-truth entry stands for, as the Exception Register shows it. */
export function groundTruthKey(e: ExpectedException): string {
	if (e.type === 'lost_in_transit') return `${e.type}|${e.trackingNumber}`;
	if (e.type === 'scan_without_order' || e.type === 'missing_merchant_order_id')
		return `${e.type}|${e.returnId}`;
	return `${e.type}|${e.orderNumber}|${e.sku}`;
}

/** A register row's identity in the same terms as groundTruthKey. */
export function registerKey(row: Record<string, unknown>): string {
	const type = String(row.type);
	if (type === 'lost_in_transit') return `${type}|${String(row.trackingNumber)}`;
	if (type === 'scan_without_order' || type === 'missing_merchant_order_id')
		return `${type}|${String(row.returnId).split(',')[0].trim()}`;
	return `${type}|${String(row.orderNumber)}|${String(row.sku)}`;
}
