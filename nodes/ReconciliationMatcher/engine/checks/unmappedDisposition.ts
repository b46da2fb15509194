/** Unmapped disposition: a grade the disposition mapping has no row for. */
import type { ExceptionCheck } from './check';

export const unmappedDisposition: ExceptionCheck = {
	entry: {
		type: 'unmapped_disposition',
		title: 'Unmapped disposition code',
		description:
			'The warehouse used a disposition code that has no row in the disposition mapping, so the unit cannot be routed to a stock bucket. Nothing is guessed.',
		rule: 'Raised at once for each receipt whose disposition code has no row in the disposition mapping and is not a not-returned grade (those mean no stock without a row); a receipt with no code is not graded.',
		defaultOwner: 'operations',
		defaultSeverity: 'medium',
		recommendedAction:
			'Add the code to the disposition mapping (Settings), then re-run warehouse processing for the listed receipts.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line({ group, settings }, emit) {
			for (const receipt of group.receipts) {
				if (
					receipt.disposition === '' ||
					settings.dispositionMapping.has(receipt.disposition) ||
					// A grade that means the unit did not come back leaves no stock without a row.
					settings.notReturnedDispositions.includes(receipt.disposition)
				)
					continue;
				emit({
					type: 'unmapped_disposition',
					keyParts: [
						receipt.trackingNumber,
						receipt.bagBarcode,
						receipt.returnId,
						receipt.orderNumber,
						receipt.sku,
						String(receipt.receivedAt),
						receipt.disposition,
					],
					orderNumber: group.orderKey,
					sku: group.sku,
					trackingNumber: receipt.trackingNumber,
					returnIds: receipt.returnId ? [receipt.returnId] : [],
					units: receipt.quantity,
					clockAt: receipt.receivedAt,
					summary: `Disposition code "${receipt.disposition}" on ${receipt.quantity} x ${group.sku} (order ${group.orderKey}) has no row in the disposition mapping.`,
					evidence: { receipts: [receipt.ref] },
					details: { disposition: receipt.disposition },
				});
			}
		},
	}),
};
