/**
 * Records whose link to an order needs a person: an order number the Orders input does not list
 * on a record whose return id (or bag and SKU) ties it to a listed order (a typo: the record is
 * matched through the return, and the typo is reported), and records tied by bag or tracking
 * number to several orders, or to a bag or shipment none of whose lines holds their SKU
 * (reported with the candidate orders, never assigned arbitrarily). Both are "scan without an
 * order": the record names no order the data can confirm.
 */
import { refs } from '../exceptionBuilder';
import type { AmbiguousLink, MistypedOrder } from '../groups';
import type { MatcherSettings } from '../settings';
import type { ManifestRecord, ReceiptRecord } from '../types';
import type { Emit } from './refundChecks';

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

export function checkLinkProblems(
	mistyped: readonly MistypedOrder[],
	ambiguous: readonly AmbiguousLink[],
	settings: MatcherSettings,
	emit: Emit,
): void {
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
}
