/**
 * Builds Happy Returns webhook bodies exactly as HR documents them (happy-returns.md §1.4):
 * `return.asn` (one POST per order number, one item per physical unit, status events within
 * 60 s of each other merged, extras in `otherEvents` newest first), `return.label.update` and
 * the V1 `outbound_shipment.asn` array.
 */
import type { HrItem } from './state';

export type ReturnAsnEvent =
	| { event: 'return_status_updated'; typeID: string }
	| { event: 'return_dropoff_method_created'; typeID: string };

export interface ReturnAsnChange {
	/** When HR recorded the change (epoch ms). */
	at: number;
	orderNumber: string;
	returnId: string;
	change: ReturnAsnEvent;
	/** Items (physical units) of the order the webhook carries. */
	items: HrItem[];
}

export interface WebhookBody {
	type: 'return.asn' | 'return.label.update' | 'outbound_shipment.asn';
	/** Exact bytes to send and sign. */
	body: string;
	/** Orders the delivery modes by this (epoch ms). */
	at: number;
	/** Identifies the logical notification for duplicate accounting in tests. */
	key: string;
}

const AGGREGATION_MS = 60_000;

function itemPayload(item: HrItem): Record<string, unknown> {
	return {
		happyReturnsReturnID: item.happyReturnsReturnID,
		purchasedAt: item.purchasedAt,
		email: item.email,
		orderNumber: item.orderNumber,
		externalRMAID: '',
		orderID: item.orderID,
		orderLineItemID: item.orderLineItemID,
		sku: item.sku,
		upc: item.upc,
		productVariantID: '',
		labelBarcode: item.labelBarcode,
		productName: item.productName,
		happyReturnsItemID: item.happyReturnsItemID,
		happyReturnsExpressCode: item.happyReturnsExpressCode,
		dropoffMethod: item.dropoffMethod,
		...(item.refundType ? { refundType: item.refundType } : {}),
		...(item.exchangeSku ? { exchangeSku: item.exchangeSku } : {}),
	};
}

/**
 * Groups changes per order number; changes within 60 s of the first are sent as one POST whose
 * primary event is the newest status event (or the newest change when none is a status), the
 * rest in otherEvents, newest first.
 */
export function returnAsnBodies(changes: ReturnAsnChange[], retailerId: string): WebhookBody[] {
	const byOrder = new Map<string, ReturnAsnChange[]>();
	for (const change of [...changes].sort((a, b) => a.at - b.at)) {
		const list = byOrder.get(change.orderNumber) ?? [];
		list.push(change);
		byOrder.set(change.orderNumber, list);
	}
	const bodies: WebhookBody[] = [];
	for (const [orderNumber, list] of byOrder) {
		let window: ReturnAsnChange[] = [];
		const flush = () => {
			if (window.length === 0) return;
			const newestFirst = [...window].reverse();
			const primary =
				newestFirst.find((c) => c.change.event === 'return_status_updated') ?? newestFirst[0];
			const others = newestFirst
				.filter((c) => c !== primary)
				.map((c) => ({ event: c.change.event, typeID: c.change.typeID }));
			const latest = window[window.length - 1];
			const payload = {
				event: primary.change.event,
				typeID: primary.change.typeID,
				retailerID: retailerId,
				otherEvents: others,
				items: latest.items.map(itemPayload),
			};
			bodies.push({
				type: 'return.asn',
				body: JSON.stringify(payload),
				at: latest.at,
				key: `asn:${orderNumber}:${window[0].at}`,
			});
			window = [];
		};
		for (const change of list) {
			if (window.length > 0 && change.at - window[0].at > AGGREGATION_MS) flush();
			window.push(change);
		}
		flush();
	}
	return bodies;
}

export function labelUpdateBody(item: HrItem, retailerId: string, at: number): WebhookBody {
	const payload = {
		event: 'return_label_update',
		typeID: '',
		retailerID: retailerId,
		webhookType: 'return.label.update',
		labelID: item.labelBarcode,
		happyReturnsReturnID: item.happyReturnsReturnID,
		happyReturnsExpressCode: item.happyReturnsExpressCode,
	};
	return {
		type: 'return.label.update',
		body: JSON.stringify(payload),
		at,
		key: `label:${item.happyReturnsReturnID}:${item.labelBarcode}`,
	};
}

export interface ShipmentInfo {
	trackingNumber: string;
	carrier: string;
	departureDate: string;
	palletNumber: string;
	shippingBoxBarcode: string;
	poNumber?: string;
}

export function outboundShipmentBody(
	items: HrItem[],
	shipment: ShipmentInfo,
	retailerId: string,
	at: number,
): WebhookBody {
	const payload = items.map((item) => ({
		purchasedDate: item.purchasedAt,
		...itemPayload(item),
		returnReason: 'too-small',
		refundType: 'refund',
		oneClickExchange: false,
		startedDate: item.purchasedAt,
		poNumber: shipment.poNumber ?? '',
		palletNumber: shipment.palletNumber,
		shippingBoxBarcode: shipment.shippingBoxBarcode,
		shippingBoxKind: 'box',
		tracking: shipment.trackingNumber,
		carrier: shipment.carrier,
		departureDate: shipment.departureDate,
		happyReturnsRetailerID: retailerId,
	}));
	return {
		type: 'outbound_shipment.asn',
		body: JSON.stringify(payload),
		at,
		key: `shipment:${shipment.trackingNumber}`,
	};
}

/**
 * The Outbound Shipment V2 notice. Happy Returns deprecates the V1 array in favour of V2
 * (https://developer.happyreturns.com/hidden/outbound-shipment) but V2's payload page is not
 * public: this shape (one object naming its webhook type, the shipment's fields once, and its
 * physical units under `items`) is an assumption, listed in docs/vendor-uncertainties.md. The
 * trigger detects it by shape and surfaces anything else it cannot read.
 */
export function outboundShipmentV2Body(
	items: HrItem[],
	shipment: ShipmentInfo,
	retailerId: string,
	at: number,
): WebhookBody {
	const payload = {
		webhookType: 'outbound_shipment.asn',
		happyReturnsRetailerID: retailerId,
		tracking: shipment.trackingNumber,
		carrier: shipment.carrier,
		departureDate: shipment.departureDate,
		palletNumber: shipment.palletNumber,
		shippingBoxBarcode: shipment.shippingBoxBarcode,
		poNumber: shipment.poNumber ?? '',
		items: items.map((item) => ({
			purchasedDate: item.purchasedAt,
			...itemPayload(item),
			refundType: 'refund',
			oneClickExchange: false,
		})),
	};
	return {
		type: 'outbound_shipment.asn',
		body: JSON.stringify(payload),
		at,
		key: `shipment:${shipment.trackingNumber}`,
	};
}
