/**
 * Scan without an order: a Happy Returns scan or a warehouse receipt no order confirms. Records
 * tied to no order; records naming an order the Orders input does not list (when their return id
 * or bag ties them to a listed order, they are matched there and the typo is reported); records
 * tied by bag or tracking number to several orders, or to none holding their SKU (reported with
 * the candidate orders, never assigned arbitrarily).
 */
import type { AmbiguousLink, MistypedOrder } from '../groups';
import type { ManifestRecord, ReceiptRecord, ReturnEventRecord } from '../types';
import { groupBy, refs, type ExceptionCheck } from './check';
import { receiptKey } from './receiptKey';

function when(record: MistypedOrder['record'] | AmbiguousLink['record']): number {
	if ('receivedAt' in record) return record.receivedAt;
	if ('scannedAt' in record) return record.scannedAt;
	return record.shippedAt;
}

function units(record: MistypedOrder['record'] | AmbiguousLink['record']): number {
	return 'quantity' in record ? record.quantity : 1;
}

function evidenceOf(input: string, record: { ref: { input: number; item: number } }) {
	if (input === 'receipt') return { receipts: refs([record]) };
	if (input === 'manifest') return { manifests: refs([record]) };
	return { returnEvents: refs([record]) };
}

export const scanWithoutOrder: ExceptionCheck = {
	entry: {
		type: 'scan_without_order',
		title: 'Scan without an order',
		description:
			'A Happy Returns scan or a warehouse receipt cannot be tied to any known order, so nobody can refund, restock or credit it correctly.',
		rule: 'Raised at once for a receipt no order number, return id, bag or tracking number ties to an order; for a Happy Returns return or receipt naming an order the Orders input does not list (when its return id ties it to a listed order, it is matched there and the written number is reported); and for a receipt or manifest line tied by bag or tracking number to several orders or to none holding its SKU.',
		defaultOwner: 'customer_service',
		defaultSeverity: 'medium',
		recommendedAction:
			'Look the return up in Happy Returns by return id or bag barcode, find the customer and order, and correct the order reference.',
		clock: 'the scan or receipt date',
		deadlineSetting: 'investigationDeadlineDays',
		amazonClaimWindow: false,
	},
	start: () => {
		const unknownOrderEvents: ReturnEventRecord[] = [];
		const unknownOrderReceipts: ReceiptRecord[] = [];
		return {
			line(line) {
				const { group } = line;
				if (group.orderListed || !line.ordersGiven) return;
				unknownOrderEvents.push(...group.events);
				unknownOrderReceipts.push(...group.receipts);
				if (group.events.length > 0 || group.receipts.length > 0) line.hold();
			},
			end({ grouping }, emit) {
				const orphanReceipts = [...grouping.orphanReceipts, ...unknownOrderReceipts];
				const { mistyped, ambiguous } = grouping;
				for (const receipt of orphanReceipts) {
					emit({
						type: 'scan_without_order',
						keyParts: ['receipt', ...receiptKey(receipt)],
						sku: receipt.sku,
						trackingNumber: receipt.trackingNumber,
						units: receipt.quantity,
						clockAt: receipt.receivedAt,
						summary: `Warehouse receipt of ${receipt.quantity} x ${receipt.sku} (tracking "${receipt.trackingNumber || '-'}", bag "${receipt.bagBarcode || '-'}") matches no order, return or shipment.`,
						evidence: { receipts: [receipt.ref] },
					});
				}
				const unknown = groupBy(unknownOrderEvents, (event) => event.returnId);
				for (const [returnId, events] of unknown) {
					emit({
						type: 'scan_without_order',
						keyParts: ['return', returnId],
						orderNumber: events[0].orderNumber,
						sku: [...new Set(events.map((e) => e.sku))].join(','),
						returnIds: [returnId],
						units: new Set(events.map((e) => `${e.sku}|${e.unit}`)).size,
						clockAt: Math.min(...events.map((e) => e.scannedAt)),
						summary: `Happy Returns return ${returnId} names order "${events[0].orderNumber}", which is not in the order data.`,
						evidence: { returnEvents: refs(events) },
					});
				}
				for (const entry of mistyped) {
					const { record } = entry;
					emit({
						type: 'scan_without_order',
						keyParts: [
							'typo',
							entry.input,
							record.returnId,
							record.sku,
							'unit' in record ? record.unit : '',
							entry.writtenOrder,
						],
						orderNumber: entry.linkedOrder,
						sku: record.sku,
						trackingNumber: 'trackingNumber' in record ? record.trackingNumber : '',
						returnIds: record.returnId ? [record.returnId] : [],
						units: units(record),
						clockAt: when(record),
						summary: `A ${entry.input === 'returnEvent' ? 'Happy Returns event' : entry.input === 'receipt' ? 'warehouse receipt' : 'manifest line'} names order "${entry.writtenOrder}", which is not in the order data; its return ${record.returnId || '(by bag)'} belongs to order ${entry.linkedOrder}, so it was matched there. Correct the order number at the source.`,
						evidence: evidenceOf(entry.input, record),
						details: { writtenOrder: entry.writtenOrder, linkedOrder: entry.linkedOrder },
					});
				}
				for (const entry of ambiguous) {
					const record: ReceiptRecord | ManifestRecord = entry.record;
					emit({
						type: 'scan_without_order',
						keyParts: [
							'ambiguous',
							entry.input,
							record.trackingNumber,
							record.bagBarcode,
							record.sku,
							'unit' in record ? record.unit : '',
							String(when(record)),
						],
						sku: record.sku,
						trackingNumber: record.trackingNumber,
						units: units(record),
						clockAt: when(record),
						summary: `A ${entry.input === 'receipt' ? 'warehouse receipt' : 'manifest line'} of SKU ${record.sku} under bag "${record.bagBarcode || '-'}" / tracking "${record.trackingNumber || '-'}" cannot be tied to one order: ${entry.candidates.length === 0 ? 'no return in it' : `the returns in it belong to ${entry.candidates.join(', ')}, and ${entry.candidates.length === 1 ? 'that one does not hold' : 'not exactly one of them holds'}`} this SKU. Choose the order by hand.`,
						evidence: evidenceOf(entry.input, record),
						details: { ambiguous: true, candidates: entry.candidates },
					});
				}
			},
		};
	},
};
