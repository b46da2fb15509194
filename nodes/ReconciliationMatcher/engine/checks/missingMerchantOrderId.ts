/** Missing merchant order id: a record without an order number the other systems know. */
import { groupBy, refs, type ExceptionCheck } from './check';

export const missingMerchantOrderId: ExceptionCheck = {
	entry: {
		type: 'missing_merchant_order_id',
		title: 'Missing merchant order id',
		description:
			'A record arrived without an order number the other systems know (for example an Amazon refund without the seller order id, or a Happy Returns item without an order number), so it cannot be matched at all.',
		rule: 'Raised at once for a refund with neither order id, an Amazon refund without the seller order id whose Amazon order id no input knows (unless classified as goodwill or FBA), a Happy Returns return without an order number its return id cannot supply, and a manifest line with no order, known return or bag.',
		defaultOwner: 'operations',
		defaultSeverity: 'medium',
		recommendedAction:
			'Find the order in the source system and fill in the order number; fix the integration mapping that dropped it.',
		clock: 'the record date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => ({
		line(line) {
			// The unlinked Amazon refund may be this line's refund: the line is not matched.
			if (line.unlinkedAmazonSku) line.hold();
		},
		end({ grouping, unlinkedAmazonRefunds: unmatchedAmazon }, emit) {
			for (const refund of [...grouping.unkeyedRefunds, ...unmatchedAmazon]) {
				emit({
					type: 'missing_merchant_order_id',
					keyParts: ['refund', refund.refundId],
					orderNumber: refund.orderId,
					sku: refund.sku,
					channel: refund.channel,
					units: refund.quantity,
					actual: [refund.amount],
					clockAt: refund.refundedAt,
					summary: refund.orderId
						? `${refund.channel} refund ${refund.refundId} for order ${refund.orderId} has no seller order id and matches no known order.`
						: `${refund.channel} refund ${refund.refundId} carries no order id at all.`,
					evidence: { refunds: [refund.ref] },
				});
			}
			const events = groupBy(grouping.unkeyedEvents, (event) => event.returnId);
			for (const [returnId, list] of events) {
				emit({
					type: 'missing_merchant_order_id',
					keyParts: ['return', returnId],
					sku: [...new Set(list.map((e) => e.sku))].join(','),
					returnIds: [returnId],
					units: new Set(list.map((e) => `${e.sku}|${e.unit}`)).size,
					clockAt: Math.min(...list.map((e) => e.scannedAt)),
					summary: `Happy Returns return ${returnId} arrived without an order number.`,
					evidence: { returnEvents: refs(list) },
				});
			}
			for (const line of grouping.unkeyedManifests) {
				emit({
					type: 'missing_merchant_order_id',
					keyParts: [
						'manifest',
						line.trackingNumber,
						line.sku,
						line.unit,
						line.bagBarcode,
						String(line.shippedAt),
					],
					sku: line.sku,
					trackingNumber: line.trackingNumber,
					units: 1,
					clockAt: line.shippedAt,
					summary: `Manifest line of shipment ${line.trackingNumber} (SKU ${line.sku}) has no order number and no known return or bag.`,
					evidence: { manifests: [line.ref] },
				});
			}
		},
	}),
};
