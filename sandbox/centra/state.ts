/** Centra sandbox data: orders, shipments, products, warehouses, stock, returns and the ledger. */

export interface ProductSizeRecord {
	id: number;
	SKU: string;
	EAN: string;
	productVariant: { id: number; name: string };
	size: { id: number; name: string };
}
export interface WarehouseRecord {
	id: number;
	name: string;
	externalId: string;
}
export interface OrderLineRecord {
	id: number;
	quantity: number;
	returnedQuantity: number;
	productNumber: string;
	productName: string;
	size: string;
	productSize: ProductSizeRecord;
	unitPriceMinor: number;
	taxPercent: number;
}
export interface ShipmentLineRecord {
	id: number;
	quantity: number;
	returnedQuantity: number;
	orderLine: OrderLineRecord;
}
export interface ShipmentRecord {
	id: number;
	number: string;
	isShipped: boolean;
	shippingMinor: number;
	shippingRefundedMinor: number;
	lines: ShipmentLineRecord[];
	order: OrderRecord;
	warehouse: WarehouseRecord;
}
export interface HistoryRecord {
	id: number;
	createdAt: string;
	type: string;
	dataJSON: string;
}
export interface OrderRecord {
	id: string;
	number: number;
	status: string;
	createdAt: string;
	isOnHold: boolean;
	internalComment: string | null;
	otherComment: string;
	customer: { id: number; email: string };
	currency: string;
	lines: OrderLineRecord[];
	shipments: ShipmentRecord[];
	history: HistoryRecord[];
}
export interface PaymentRecord {
	id: number;
	createdAt: string;
	status: string;
	entryType: string;
	valueMinor: number;
}
export interface ReturnLineRecord {
	id: number;
	quantity: number;
	shipmentLine: ShipmentLineRecord;
}
export interface ReturnRecord {
	id: number;
	returnStatus: 'PENDING' | 'COMPLETED';
	createdAt: string;
	externalId: string | null;
	comment: string | null;
	returnedToStock: boolean;
	returnWarehouse: WarehouseRecord | null;
	lines: ReturnLineRecord[];
	order: OrderRecord;
	shipment: ShipmentRecord;
	shippingMinor: number;
	handlingMinor: number;
	returnCostMinor: number;
	payments: PaymentRecord[];
}
export interface StockChangeLineRecord {
	id: number;
	deliveredQuantity: number;
	productSize: ProductSizeRecord;
	warehouse: WarehouseRecord;
	createdFromShipmentLine: ShipmentLineRecord | null;
}
export interface StockChangeRecord {
	id: number;
	createdAt: string;
	comment: string;
	type: string;
	warehouse: WarehouseRecord;
	lines: StockChangeLineRecord[];
}

export class CentraState {
	readonly productSizes: ProductSizeRecord[] = [];
	readonly warehouses: WarehouseRecord[] = [];
	/** Markets and pricelists, as Query.markets and Query.pricelists list them (id and name). */
	readonly markets: Array<{ id: number; name: string }> = [];
	readonly pricelists: Array<{ id: number; name: string }> = [];
	readonly orders: OrderRecord[] = [];
	readonly returns: ReturnRecord[] = [];
	readonly stockChanges: StockChangeRecord[] = [];
	/** Free-to-allocate and allocated units per "warehouseId:productSizeId". */
	readonly stock = new Map<string, { physical: number; allocated: number }>();
	/** Orders created through the REST Order API (exchange orders). */
	readonly restOrders: Array<Record<string, unknown>> = [];
	/** A misbehaving server: stockChangeConnection answers the same cursor page forever. */
	repeatCursor = false;
	/** How refundReturn is answered by the PSP behind Centra. */
	refundMode: 'success' | 'pending' | 'giftCard' = 'success';
	/** Note texts addOrderNote refuses with a userError (to test that the node reads them). */
	readonly refusedNotes = new Set<string>();
	private nextId = 1000;

	id(): number {
		return ++this.nextId;
	}

	stockOf(warehouseId: number, productSizeId: number): { physical: number; allocated: number } {
		const key = `${warehouseId}:${productSizeId}`;
		let level = this.stock.get(key);
		if (!level) this.stock.set(key, (level = { physical: 0, allocated: 0 }));
		return level;
	}

	warehouseByName(name: string): WarehouseRecord | undefined {
		return this.warehouses.find((w) => w.name === name);
	}

	sizeBySku(sku: string): ProductSizeRecord | undefined {
		return this.productSizes.find((size) => size.SKU === sku);
	}

	/** Ledger: net units moved per SKU and warehouse name by stock changes. */
	movedUnits(sku: string, warehouse: string): number {
		let total = 0;
		for (const change of this.stockChanges)
			for (const line of change.lines)
				if (line.productSize.SKU === sku && line.warehouse.name === warehouse)
					total += line.deliveredQuantity;
		return total;
	}

	returnsByExternalId(externalId: string): ReturnRecord[] {
		return this.returns.filter((r) => r.externalId === externalId);
	}

	notesOf(orderNumber: number): string[] {
		const order = this.orders.find((o) => o.number === orderNumber);
		return (order?.history ?? [])
			.filter((h) => h.type === 'USER_NOTE_ADDED')
			.map((h) => (JSON.parse(h.dataJSON) as { note: string }).note);
	}
}
