/** The identity of a receipt in the keys of the exceptions it raises. */
import type { ReceiptRecord } from '../types';

export function receiptKey(receipt: ReceiptRecord): string[] {
	return [
		receipt.trackingNumber,
		receipt.bagBarcode,
		receipt.returnId,
		receipt.orderNumber,
		receipt.sku,
		String(receipt.receivedAt),
		receipt.disposition,
	];
}
