/** In-memory Happy Returns data the sandbox serves, plus the ledger of what clients wrote. */

export interface HrItem {
	happyReturnsItemID: string;
	happyReturnsReturnID: string;
	happyReturnsExpressCode: string;
	email: string;
	orderNumber: string;
	orderID: string;
	orderLineItemID: string;
	sku: string;
	upc: string;
	productName: string;
	purchasedAt: string;
	labelBarcode: string;
	dropoffMethod: string;
	status: 'started' | 'dropped_off' | 'refund_approved' | 'expired';
	/**
	 * An exchange: `refundType` and the replacement SKU on every notice of the unit. Only the field
	 * name `refundType` is corroborated, not its values nor the replacement's field name
	 * (docs/vendor-uncertainties.md); the merchant configures both in the trigger.
	 */
	refundType?: string;
	exchangeSku?: string;
}

export interface HrOutboundShipment {
	id: string;
	trackingNumber: string;
	carrier: string;
	departureDate: string;
	palletNumber: string;
	/** Item ids on this shipment, in manifest order. */
	itemIds: string[];
	shippingBoxBarcode: string;
}

export class HappyReturnsState {
	readonly items = new Map<string, HrItem>();
	readonly shipments = new Map<string, HrOutboundShipment>();
	/** Ledger: approvals per item id (a second one is refused), expiries, return contents. */
	readonly approvals = new Map<string, { condition: string; approve: boolean; at: string }>();
	readonly expired = new Set<string>();
	readonly returnContents: Array<Record<string, unknown>> = [];

	addItem(item: HrItem): void {
		this.items.set(item.happyReturnsItemID, item);
	}

	itemsWhere(predicate: (item: HrItem) => boolean): HrItem[] {
		return [...this.items.values()].filter(predicate);
	}

	/** Items of one return, by return id or express code (the RMA id HR accepts in paths). */
	itemsOfRma(rma: string): HrItem[] {
		return this.itemsWhere(
			(item) => item.happyReturnsReturnID === rma || item.happyReturnsExpressCode === rma,
		);
	}
}
