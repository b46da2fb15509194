/** Received, not on any manifest: goods under a tracking number or bag no manifest lists. */
import type { ExceptionCheck } from './check';
import { receiptKey } from './receiptKey';

export const receivedNotOnManifest: ExceptionCheck = {
	entry: {
		type: 'received_not_on_manifest',
		title: 'Received, not on any manifest',
		description:
			'The warehouse received items under a tracking number or bag barcode that appears on no Happy Returns shipment manifest.',
		rule: 'Raised at once, when the Shipment Manifests input is given, for each receipt whose tracking number and bag appear on no manifest line (a receipt with neither: whose return no manifest line names or lists the bag of).',
		defaultOwner: 'warehouse',
		defaultSeverity: 'low',
		recommendedAction:
			'Check the label and bag barcode on the parcel; if it is a return, link it to its Happy Returns return so it is refunded and restocked correctly.',
		clock: 'the receipt date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		end({ grouping }, emit) {
			const receipts = grouping.offManifestReceipts;
			for (const receipt of receipts) {
				emit({
					type: 'received_not_on_manifest',
					keyParts: receiptKey(receipt),
					orderNumber: receipt.orderNumber,
					sku: receipt.sku,
					trackingNumber: receipt.trackingNumber,
					units: receipt.quantity,
					clockAt: receipt.receivedAt,
					summary: `Received ${receipt.quantity} x ${receipt.sku} under tracking "${receipt.trackingNumber || '-'}" / bag "${receipt.bagBarcode || '-'}", which is on no Happy Returns manifest.`,
					evidence: { receipts: [receipt.ref] },
				});
			}
		},
	}),
};
