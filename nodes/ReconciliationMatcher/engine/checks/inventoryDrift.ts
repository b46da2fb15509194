/**
 * Inventory drift: units held in the in-transit warehouse past the window, or stock buckets that
 * disagree with what the graded units of the line send there.
 */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { pastWindow } from '../windows';
import { refs, type Emit, type ExceptionCheck, type LineContext } from './check';

/**
 * Bucket drift: a bucket holds more units than every graded unit of the line sends there
 * (including a unit graded to no stock, such as "missing", that was moved into Main), or fewer
 * than its due units while as many units were moved as are due (units went to the wrong bucket).
 * A bucket short while units are still unmoved is a missing movement, not drift.
 */
function checkBuckets(line: LineContext, emit: Emit): void {
	const { group } = line;
	if (group.receipts.length === 0) return;
	const stock = line.stock;
	if (stock.dueUnits === 0) return;
	const { buckets, all, owed, net, movedUnits, dueStock } = stock;
	let drift: Array<{ bucket: string; expected: number; moved: number }> | null = null;
	for (let i = 0; i < buckets.length; i++) {
		if (net[i] > all[i] || net[i] < 0 || (net[i] < owed[i] && movedUnits >= dueStock)) {
			drift ??= [];
			drift.push({
				bucket: buckets[i],
				expected: net[i] > all[i] ? all[i] : owed[i],
				moved: net[i],
			});
		}
	}
	if (drift === null) return;
	drift.sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
	const { units, due } = stock.details();
	emit({
		type: 'inventory_drift',
		keyParts: ['bucket', group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		units: drift.reduce((sum, d) => sum + Math.abs(d.expected - d.moved), 0),
		clockAt: due[0].receivedAt,
		summary: `Order ${group.orderKey}, SKU ${group.sku}: stock buckets disagree with the graded units (${drift.map((d) => `${d.bucket}: expected ${d.expected}, moved ${d.moved}`).join('; ')}).`,
		evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
		details: {
			buckets: drift.map((d) => d.bucket),
			grades: [...new Set(units.map((unit) => unit.bucket))].sort(),
		},
	});
}

/**
 * Units held in the in-transit warehouse, each on its own clock: units leave in the order they
 * came (first in, first out), so a unit routed on long ago does not age the one that came in
 * yesterday. Raised when a unit still held entered more than the window ago.
 */
function checkTransitHold({ group, settings }: LineContext, emit: Emit): void {
	if (settings.inTransitWarehouse === '') return;
	// Most lines hold no unit in transit any more (every unit that came in went out): no list is
	// built for them.
	let unitsIn = 0;
	let unitsOut = 0;
	for (const movement of group.movements) {
		if (movement.warehouse !== settings.inTransitWarehouse) continue;
		if (movement.quantity > 0) unitsIn += movement.quantity;
		else unitsOut -= movement.quantity;
	}
	if (unitsOut >= unitsIn) return;
	const moves = group.movements
		.filter((movement) => movement.warehouse === settings.inTransitWarehouse)
		.sort((a, b) => a.movedAt - b.movedAt || b.quantity - a.quantity);
	const held: number[] = [];
	let out = 0;
	for (const movement of moves) {
		if (movement.quantity > 0)
			for (let i = 0; i < movement.quantity; i++) held.push(movement.movedAt);
		else out -= movement.quantity;
	}
	const still = held.slice(Math.min(out, held.length));
	const windowMs = settings.windows.inTransitHoldDays * MS_PER_DAY;
	const overdue = still.filter((at) => pastWindow(settings.asOf, at, windowMs));
	if (overdue.length === 0) return;
	emit({
		type: 'inventory_drift',
		keyParts: ['transit', group.orderKey, group.sku],
		orderNumber: group.orderKey,
		sku: group.sku,
		units: overdue.length,
		clockAt: overdue[0],
		summary: `Order ${group.orderKey}, SKU ${group.sku}: ${overdue.length} unit(s) held in the in-transit warehouse ${settings.inTransitWarehouse} for more than ${settings.windows.inTransitHoldDays} days.`,
		evidence: { stockMovements: refs(group.movements), receipts: refs(group.receipts) },
		details: { warehouse: settings.inTransitWarehouse },
	});
}

export const inventoryDrift: ExceptionCheck = {
	entry: {
		type: 'inventory_drift',
		title: 'Inventory drift',
		description:
			'Returned units sit in the in-transit warehouse longer than the window, or the units moved into a stock bucket disagree with what the processed returns say should be there.',
		rule: 'Raised when a unit of an order line still held in the in-transit warehouse (first in, first out) entered it more than the in-transit hold ago, or, once a graded unit is past the missing-stock-movement window, when a bucket holds more units (net) than the graded units send there, fewer than zero, or fewer than owed while every owed unit was moved.',
		defaultOwner: 'inventory',
		defaultSeverity: 'medium',
		recommendedAction:
			'Count the units in the listed warehouses and correct stock in Centra with a reference to the return; check the disposition mapping.',
		clock: 'the oldest movement into the in-transit warehouse, or the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line(line, emit) {
			checkBuckets(line, emit);
			checkTransitHold(line, emit);
		},
	}),
};
