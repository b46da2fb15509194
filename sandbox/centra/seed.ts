/** Builds Centra sandbox data: warehouses, product sizes with stock, shipped orders. */
import { createHash } from 'crypto';
import type { CentraState, OrderRecord, ProductSizeRecord, WarehouseRecord } from './state';

export function warehouse(state: CentraState, name: string): WarehouseRecord {
	let found = state.warehouseByName(name);
	if (!found) {
		found = { id: state.warehouses.length + 1, name, externalId: name.toLowerCase() };
		state.warehouses.push(found);
	}
	return found;
}

export function productSize(state: CentraState, sku: string): ProductSizeRecord {
	let found = state.sizeBySku(sku);
	if (!found) {
		const id = state.productSizes.length + 1;
		const [product, size = 'ONE'] = sku.split(/-(?=[^-]+$)/);
		found = {
			id,
			SKU: sku,
			EAN: String(7_300_000_000_000 + id),
			productVariant: { id: 5000 + id, name: product },
			size: { id: 100 + id, name: size },
		};
		state.productSizes.push(found);
	}
	return found;
}

export function setStock(
	state: CentraState,
	warehouseName: string,
	sku: string,
	physical: number,
	allocated = 0,
): void {
	const level = state.stockOf(warehouse(state, warehouseName).id, productSize(state, sku).id);
	level.physical = physical;
	level.allocated = allocated;
}

export interface SeedOrder {
	number: number;
	currency?: string;
	email?: string;
	createdAt?: string;
	shippingMinor?: number;
	warehouse?: string;
	lines: Array<{ sku: string; quantity: number; unitPriceMinor: number; taxPercent?: number }>;
}

/** Adds a shipped order with one shipment covering all its lines. */
export function addShippedOrder(state: CentraState, seed: SeedOrder): OrderRecord {
	const currency = seed.currency ?? 'EUR';
	const order: OrderRecord = {
		id: createHash('md5').update(String(seed.number)).digest('hex'),
		number: seed.number,
		status: 'SHIPPED',
		createdAt: seed.createdAt ?? '2026-09-01T10:00:00+02:00',
		isOnHold: false,
		internalComment: null,
		otherComment: '',
		customer: { id: seed.number, email: seed.email ?? `customer${seed.number}@example.com` },
		currency,
		lines: [],
		shipments: [],
		history: [],
	};
	order.lines = seed.lines.map((line) => ({
		id: state.id(),
		quantity: line.quantity,
		returnedQuantity: 0,
		productNumber: line.sku.split('-')[0],
		productName: `Product ${line.sku}`,
		size: productSize(state, line.sku).size.name,
		productSize: productSize(state, line.sku),
		unitPriceMinor: line.unitPriceMinor,
		taxPercent: line.taxPercent ?? 25,
	}));
	order.shipments = [
		{
			id: state.id(),
			number: `${seed.number}-1`,
			isShipped: true,
			shippingMinor: seed.shippingMinor ?? 0,
			shippingRefundedMinor: 0,
			order,
			warehouse: warehouse(state, seed.warehouse ?? 'Main'),
			lines: order.lines.map((line) => ({
				id: state.id(),
				quantity: line.quantity,
				returnedQuantity: 0,
				orderLine: line,
			})),
		},
	];
	state.orders.push(order);
	return order;
}

/** A storefront refund as Centra holds it: a completed return of the units with a successful REFUND payment. */
export function addRefundedReturn(
	state: CentraState,
	seed: {
		orderNumber: number;
		sku: string;
		quantity: number;
		refundMinor: number;
		at: string;
		externalId?: string;
	},
): void {
	const order = state.orders.find((o) => o.number === seed.orderNumber);
	const line = order?.shipments[0]?.lines.find((l) => l.orderLine.productSize.SKU === seed.sku);
	if (!order || !line)
		throw new Error(`sandbox seed: order ${seed.orderNumber} has no shipped line of ${seed.sku}`);
	state.returns.push({
		id: state.id(),
		returnStatus: 'COMPLETED',
		createdAt: seed.at,
		externalId: seed.externalId ?? null,
		comment: null,
		returnedToStock: false,
		returnWarehouse: null,
		order,
		shipment: order.shipments[0],
		lines: [{ id: state.id(), quantity: seed.quantity, shipmentLine: line }],
		shippingMinor: 0,
		handlingMinor: 0,
		returnCostMinor: 0,
		payments: [
			{
				id: state.id(),
				createdAt: seed.at,
				status: 'SUCCESS',
				entryType: 'REFUND',
				valueMinor: seed.refundMinor,
			},
		],
	});
}
