/** Missing stock movement: units processed in the warehouse that Centra never moved into stock. */
import { refs, type ExceptionCheck } from './check';

export const missingStockMovement: ExceptionCheck = {
	entry: {
		type: 'missing_stock_movement',
		title: 'Missing stock movement',
		description:
			'A return was processed in the warehouse but Centra shows no matching stock movement within the window, so stock figures are wrong.',
		rule: 'Raised when fewer units of an order line were moved into stock buckets (net of corrections) than its received units whose grade maps to a stock bucket and whose own receipt is older than the missing-stock-movement window; a not-returned grade is owed no movement.',
		defaultOwner: 'inventory',
		defaultSeverity: 'medium',
		recommendedAction:
			'Re-run the warehouse processing for this return (it is idempotent) or move the stock by hand in Centra with the return id in the reference.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line(line, emit) {
			const { group, settings } = line;
			if (group.receipts.length === 0) return;
			const { dueStock, movedUnits } = line.stock;
			if (movedUnits >= dueStock) return;
			const { dueStockUnits, dueByBucket } = line.stock.details();
			// The units still waiting are the newest due ones; the clock is the oldest of them.
			const waiting = dueStockUnits.slice(movedUnits);
			emit({
				type: 'missing_stock_movement',
				keyParts: [group.orderKey, group.sku],
				orderNumber: group.orderKey,
				sku: group.sku,
				returnIds: [...new Set(group.receipts.map((r) => r.returnId).filter((id) => id !== ''))],
				units: dueStock - movedUnits,
				clockAt: waiting[0].receivedAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku}: ${dueStock} unit(s) processed in the warehouse more than ${settings.windows.missingStockMovementDays} day(s) ago, only ${movedUnits} moved into a stock bucket in Centra.`,
				evidence: { receipts: refs(group.receipts), stockMovements: refs(group.movements) },
				details: { expectedByBucket: Object.fromEntries(dueByBucket) },
			});
		},
	}),
};
