/** Builds Happy Returns sandbox data: numbered items, two to a return. */
import type { HrItem } from './state';

/**
 * Item `i` of a made-up set: items 2n and 2n+1 belong to return `ret-n` (order 1000+n, express
 * code HRXn); every item has its own SKU, order line and bag.
 */
export function numberedItem(i: number, over: Partial<HrItem> = {}): HrItem {
	const n = Math.floor(i / 2);
	return {
		happyReturnsItemID: `item-${i}`,
		happyReturnsReturnID: `ret-${n}`,
		happyReturnsExpressCode: `HRX${n}`,
		email: `c${n}@example.com`,
		orderNumber: String(1000 + n),
		orderID: `o${i}`,
		orderLineItemID: `${i}-0-1`,
		sku: `SKU-${i}`,
		upc: '',
		productName: 'Tee',
		purchasedAt: '2026-10-01T10:00:00Z',
		labelBarcode: `BAG${i}`,
		dropoffMethod: 'return-bar',
		status: 'started',
		...over,
	};
}
