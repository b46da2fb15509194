/** GraphQL views of sandbox records: money as MonetaryValue, nested objects resolved lazily. */
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
		stock: ({ where }: { where?: { productSizeId?: number[] } }) =>
			state.productSizes
				.filter((size) => !where?.productSizeId || where.productSizeId.includes(size.id))
				.filter((size) => state.stock.has(`${warehouse.id}:${size.id}`))
				.map((size) => {
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
		id: shipment.id,
		number: shipment.number,
		isShipped: shipment.isShipped,
		shippingValue: () => monetary(shipment.shippingMinor, currency),
		lines: () => shipment.lines.map((line) => shipmentLineView(line, currency)),
		order: () => orderView(shipment.order),
	};
}

export function orderView(order: OrderRecord): Record<string, unknown> {
	return {
		...order,
		grandTotal: () =>
			monetary(
				order.lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0) +
					order.shipments.reduce((sum, s) => sum + s.shippingMinor, 0),
				order.currency,
			),
		lines: () => order.lines.map((line) => orderLineView(line, order.currency)),
		shipments: () => order.shipments.map(shipmentView),
		history: () => order.history,
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
		id: record.id,
		returnStatus: record.returnStatus,
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
				taxPercent: line.shipmentLine.orderLine.taxPercent,
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
			grandTotal: monetary(totals.grandTotal, currency),
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
		lines: () =>
			change.lines.map((line) => ({ ...line, warehouse: warehouseView(state, line.warehouse) })),
	};
}
