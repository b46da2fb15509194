/**
 * Return Bar drop-offs as template 01 records them in the Returns Event Ledger: one row per unit,
 * "received" until 02 has processed it. For the 02 tests that start from the ledger.
 */
import type { InMemoryDataTables } from '../../harness';

/** One dropped-off unit, as 01 passes it to 02. */
export type DropOff = {
	eventId: string;
	eventType: string;
	returnId: string;
	orderNumber: string;
	orderId: string;
	sku: string;
	unitIndex: number;
	unitRef: string;
	email: string;
	receivedAt: string;
};

export function recordDropOffs(
	tables: InMemoryDataTables,
	events: DropOff[],
	channel: 'storefront' | 'amazon' = 'storefront',
): void {
	for (const e of events)
		tables.insert('Returns Event Ledger', {
			eventId: e.eventId,
			eventType: e.eventType,
			returnId: e.returnId,
			orderNumber: e.orderNumber,
			orderId: e.orderId,
			channel,
			sku: e.sku,
			unit: String(e.unitIndex),
			unitRef: e.unitRef,
			status: 'received',
			receivedAt: e.receivedAt,
		});
}
