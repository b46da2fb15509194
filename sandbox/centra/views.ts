/**
 * GraphQL views of sandbox records: money as MonetaryValue, nested objects resolved lazily.
 * `Order`, `Return`, `Shipment`, `OrderLine` and `OrderHistoryEntry` are interfaces in Centra's
 * schema, so each view names its concrete type (`__typename`). Nested lists are paged as Centra
 * pages them (limit 1-200, default 20: "Limit must be in range 1 - 200" on each schema page).
 */
import type {
	CentraState,
	OrderLineRecord,
	OrderRecord,
	ProductSizeRecord,
	ReturnRecord,
	ShipmentLineRecord,
	ShipmentRecord,
	StockChangeRecord,
	WarehouseRecord,
} from './state';

type Args = { limit?: number; page?: number };

/** Centra's nested-list paging: limit 1-200 (default 20), page from 1. */
export function pageOf<T>(list: T[], args: Args = {}): T[] {
	const limit = Math.min(Math.max(args.limit ?? 20, 1), 200);
	const page = Math.max(args.page ?? 1, 1);
	return list.slice((page - 1) * limit, page * limit);
}

const CURRENCY_IDS: Record<string, number> = { EUR: 1, USD: 2, SEK: 3, GBP: 4 };

export function monetary(minor: number, currency: string) {
	const value = Math.round(minor) / 100;
	return {
		value,
		currency: { id: CURRENCY_IDS[currency] ?? 99, code: currency },
		formattedValue: `${value.toFixed(2)} ${currency}`,
	};
}

export function warehouseView(state: CentraState, warehouse: WarehouseRecord) {
	return {
		...warehouse,
		stock: ({ where, ...args }: Args & { where?: { productSizeId?: number[] } }) =>
			pageOf(
				state.productSizes
					.filter((size) => !where?.productSizeId || where.productSizeId.includes(size.id))
					.filter((size) => state.stock.has(`${warehouse.id}:${size.id}`)),
				args,
			).map((size) => {
				const level = state.stockOf(warehouse.id, size.id);
				return {
					productSize: size,
					physicalQuantity: level.physical,
					allocatedQuantity: level.allocated,
					freeToAllocateQuantity: level.physical - level.allocated,
				};
			}),
	};
}

export function orderLineView(line: OrderLineRecord, currency: string) {
	return {
		__typename: 'ProductOrderLine',
		...line,
		productSize: line.productSize as ProductSizeRecord,
		unitPrice: () => monetary(line.unitPriceMinor, currency),
		lineValue: () => monetary(line.unitPriceMinor * line.quantity, currency),
	};
}

export function shipmentLineView(line: ShipmentLineRecord, currency: string) {
	return { ...line, orderLine: () => orderLineView(line.orderLine, currency) };
}

export function shipmentView(shipment: ShipmentRecord): Record<string, unknown> {
	const currency = shipment.order.currency;
	return {
		__typename: 'DirectToConsumerShipment',
		id: shipment.id,
		number: shipment.number,
		isShipped: shipment.isShipped,
		lines: () => shipment.lines.map((line) => shipmentLineView(line, currency)),
	};
}

export function orderView(order: OrderRecord): Record<string, unknown> {
	return {
		__typename: 'DirectToConsumerOrder',
		...order,
		grandTotal: () =>
			monetary(
				order.lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0) +
					order.shipments.reduce((sum, s) => sum + s.shippingMinor, 0),
				order.currency,
			),
		lines: () => order.lines.map((line) => orderLineView(line, order.currency)),
		shipments: () => order.shipments.map(shipmentView),
		history: (args: Args) =>
			pageOf(order.history, args).map((entry) => ({
				__typename: 'DirectToConsumerOrderHistoryEntry',
				...entry,
			})),
	};
}

export function returnTotals(record: ReturnRecord) {
	const lineValues = record.lines.reduce(
		(sum, line) => sum + line.shipmentLine.orderLine.unitPriceMinor * line.quantity,
		0,
	);
	const taxIncluded = record.lines.reduce((sum, line) => {
		const value = line.shipmentLine.orderLine.unitPriceMinor * line.quantity;
		const rate = line.shipmentLine.orderLine.taxPercent;
		return sum + Math.round((value * rate) / (100 + rate));
	}, 0);
	return {
		lineValues,
		taxIncluded,
		grandTotal: lineValues + record.shippingMinor + record.handlingMinor - record.returnCostMinor,
	};
}

export function returnView(state: CentraState, record: ReturnRecord): Record<string, unknown> {
	const currency = record.order.currency;
	const totals = returnTotals(record);
	return {
		__typename: 'DirectToConsumerReturn',
		id: record.id,
		returnStatus: record.returnStatus,
		grandTotal: () => monetary(totals.grandTotal, currency),
		createdAt: record.createdAt,
		externalId: record.externalId,
		comment: record.comment,
		returnedToStock: record.returnedToStock,
		returnWarehouse: () =>
			record.returnWarehouse ? warehouseView(state, record.returnWarehouse) : null,
		lines: () =>
			record.lines.map((line) => ({
				id: line.id,
				quantity: line.quantity,
				unitPrice: monetary(line.shipmentLine.orderLine.unitPriceMinor, currency),
				lineValue: monetary(line.shipmentLine.orderLine.unitPriceMinor * line.quantity, currency),
				orderLine: orderLineView(line.shipmentLine.orderLine, currency),
				shipmentLine: shipmentLineView(line.shipmentLine, currency),
			})),
		totals: () => ({
			quantity: record.lines.reduce((sum, line) => sum + line.quantity, 0),
			lineValues: monetary(totals.lineValues, currency),
			shipping: monetary(record.shippingMinor, currency),
			handling: monetary(record.handlingMinor, currency),
			returnCost: monetary(record.returnCostMinor, currency),
			taxIncluded: monetary(totals.taxIncluded, currency),
		}),
		order: () => orderView(record.order),
		shipment: () => shipmentView(record.shipment),
		refundPaymentHistory: () =>
			record.payments.map((p) => ({ ...p, value: monetary(p.valueMinor, currency) })),
	};
}

export function stockChangeView(state: CentraState, change: StockChangeRecord) {
	return {
		...change,
		warehouse: () => warehouseView(state, change.warehouse),
		lines: (args: Args) =>
			pageOf(change.lines, args).map((line) => ({
				...line,
				warehouse: warehouseView(state, line.warehouse),
			})),
	};
}
