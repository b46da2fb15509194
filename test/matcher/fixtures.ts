/** Small builders for engine tests: one return of one unit, and variations of it. */
import {
	defaultSettings,
	reconcile,
	type MatcherSettings,
	type RawInputs,
} from '../../nodes/ReconciliationMatcher/engine';

export const AS_OF = Date.parse('2026-11-20T00:00:00Z');
export const DAY = 86_400_000;

export function daysAgo(days: number): string {
	return new Date(AS_OF - days * DAY).toISOString();
}

export function settings(patch: (s: MatcherSettings) => void = () => undefined): MatcherSettings {
	const s = defaultSettings(AS_OF);
	s.dispositionMapping = new Map([
		['sellable', 'MAIN'],
		['damaged', 'B-STOCK'],
		['missing', 'NONE'],
	]);
	s.inTransitWarehouse = 'TRANSIT';
	patch(s);
	return s;
}

export function refund(over: Record<string, unknown> = {}) {
	return {
		refundId: 'R1',
		channel: 'storefront',
		orderId: '1001',
		sku: 'SKU-1',
		quantity: 1,
		amount: '50.00',
		currency: 'EUR',
		refundedAt: daysAgo(50),
		...over,
	};
}

export function event(over: Record<string, unknown> = {}) {
	return {
		returnId: 'HR-1',
		orderNumber: '1001',
		sku: 'SKU-1',
		unit: '0',
		status: 'dropped_off',
		scannedAt: daysAgo(50),
		bagBarcode: 'BAG-1',
		...over,
	};
}

export function manifest(over: Record<string, unknown> = {}) {
	return {
		trackingNumber: '1Z001',
		orderNumber: '1001',
		sku: 'SKU-1',
		unit: '0',
		bagBarcode: 'BAG-1',
		shippedAt: daysAgo(45),
		...over,
	};
}

export function receipt(over: Record<string, unknown> = {}) {
	return {
		trackingNumber: '1Z001',
		bagBarcode: 'BAG-1',
		orderNumber: '1001',
		sku: 'SKU-1',
		quantity: 1,
		disposition: 'sellable',
		receivedAt: daysAgo(40),
		...over,
	};
}

export function movement(over: Record<string, unknown> = {}) {
	return {
		reference: 'HR HR-1 SKU-1 processed',
		sku: 'SKU-1',
		warehouse: 'MAIN',
		quantity: 1,
		movedAt: daysAgo(40),
		...over,
	};
}

export function run(inputs: RawInputs, patch?: (s: MatcherSettings) => void) {
	return reconcile(inputs, settings(patch));
}

export function types(inputs: RawInputs, patch?: (s: MatcherSettings) => void): string[] {
	return run(inputs, patch)
		.changes.map((c) => c.type as string)
		.sort();
}

/** A complete, clean return: refunded, scanned, shipped, received, restocked. */
export function cleanReturn(): RawInputs {
	return {
		refunds: [refund()],
		returnEvents: [event()],
		manifests: [manifest()],
		receipts: [receipt()],
		stockMovements: [movement()],
	};
}
