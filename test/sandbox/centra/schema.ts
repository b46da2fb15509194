/**
 * The slice of Centra's Integration API schema the package uses (centra.md). Names marked
 * unconfirmed in the research (order shipments/history fields, addOrderNote and its `note`
 * field, StockChangeProductSizeInput) follow the most likely shape; the node keeps them
 * configurable.
 */
export const CENTRA_SCHEMA = /* GraphQL */ `
	scalar DateTimeTz

	type Currency {
		id: Int!
		code: String!
	}
	type MonetaryValue {
		value: Float!
		currency: Currency!
		formattedValue: String!
	}
	type UserError {
		message: String!
		path: [String!]
	}
	type UserWarning {
		message: String!
		path: [String!]
	}
	type Customer {
		id: Int!
		email: String!
	}
	type Size {
		id: Int!
		name: String!
	}
	type ProductVariant {
		id: Int!
		name: String!
	}
	type ProductSize {
		id: Int!
		SKU: String!
		EAN: String
		productVariant: ProductVariant!
		size: Size!
	}
	type Stock {
		productSize: ProductSize!
		freeToAllocateQuantity: Int!
		physicalQuantity: Int!
		allocatedQuantity: Int!
	}
	type Warehouse {
		id: Int!
		name: String!
		externalId: String
		stock(where: StockFilter, limit: Int, page: Int): [Stock!]!
	}

	type ProductOrderLine {
		id: Int!
		quantity: Int!
		returnedQuantity: Int!
		productNumber: String!
		productName: String!
		size: String!
		productSize: ProductSize!
		unitPrice: MonetaryValue!
		lineValue: MonetaryValue!
		taxPercent: Float!
	}
	type ShipmentLine {
		id: Int!
		quantity: Int!
		returnedQuantity: Int!
		orderLine: ProductOrderLine!
	}
	type Shipment {
		id: Int!
		number: String!
		isShipped: Boolean!
		shippingValue: MonetaryValue!
		lines: [ShipmentLine!]!
		order: DirectToConsumerOrder!
	}
	type OrderHistoryEntry {
		id: Int!
		createdAt: DateTimeTz!
		type: String!
		dataJSON: String!
	}
	type PaymentHistoryEntry {
		id: Int!
		createdAt: DateTimeTz!
		status: String!
		entryType: String!
		value: MonetaryValue!
	}

	type DirectToConsumerOrder {
		id: String!
		number: Int!
		status: String!
		createdAt: DateTimeTz!
		isOnHold: Boolean!
		internalComment: String
		otherComment: String!
		customer: Customer
		grandTotal: MonetaryValue!
		lines: [ProductOrderLine!]!
		shipments: [Shipment!]!
		history: [OrderHistoryEntry!]!
	}

	type ReturnLine {
		id: Int!
		quantity: Int!
		unitPrice: MonetaryValue!
		lineValue: MonetaryValue!
		taxPercent: Float!
		orderLine: ProductOrderLine!
		shipmentLine: ShipmentLine!
	}
	type ReturnTotals {
		quantity: Int!
		lineValues: MonetaryValue!
		shipping: MonetaryValue!
		handling: MonetaryValue!
		returnCost: MonetaryValue!
		taxIncluded: MonetaryValue!
		grandTotal: MonetaryValue!
	}
	type DirectToConsumerReturn {
		id: Int!
		returnStatus: String!
		createdAt: DateTimeTz!
		externalId: String
		comment: String
		returnedToStock: Boolean!
		returnWarehouse: Warehouse
		lines: [ReturnLine!]!
		totals: ReturnTotals!
		order: DirectToConsumerOrder!
		shipment: Shipment!
		refundPaymentHistory: [PaymentHistoryEntry!]!
	}

	type StockChangeLine {
		id: Int!
		deliveredQuantity: Int!
		productSize: ProductSize!
		warehouse: Warehouse!
		createdFromShipmentLine: ShipmentLine
	}
	type StockChange {
		id: Int!
		createdAt: DateTimeTz!
		comment: String!
		type: String!
		warehouse: Warehouse!
		lines: [StockChangeLine!]!
	}
	type PageInfo {
		hasNextPage: Boolean!
		hasPreviousPage: Boolean!
		startCursor: String
		endCursor: String
	}
	type StockChangeEdge {
		node: StockChange!
		cursor: String!
	}
	type StockChangeConnection {
		totalCount: Int!
		pageInfo: PageInfo!
		edges: [StockChangeEdge!]!
	}
	type RateLimit {
		type: String!
		intervalSeconds: String!
		quota: Int!
		usedQuota: Int!
		remainingQuota: Int!
	}

	input StringMatch {
		equals: String
		contains: String
	}
	input DateRange {
		from: DateTimeTz
		to: DateTimeTz
	}
	input OrderFilter {
		id: [String!]
		number: [Int!]
		externalId: [String!]
	}
	input ShipmentFilter {
		id: [Int!]
		orderId: [String!]
	}
	input ReturnFilter {
		id: [Int!]
		externalId: [String!]
		orderNumber: [Int!]
		createdAt: DateRange
	}
	input ProductSizeFilter {
		SKU: StringMatch
		EAN: StringMatch
	}
	input StockFilter {
		productSizeId: [Int!]
	}
	input StockChangeFilter {
		id: [Int!]
		warehouseId: [Int!]
		createdAt: DateRange
		comment: StringMatch
	}

	input OrderInput {
		id: String
		number: Int
		externalId: String
	}
	input WarehouseInput {
		id: Int
		externalId: String
	}
	input ProductSizeInput {
		id: Int
		SKU: String
		EAN: String
	}
	input StockChangeProductSizeInput {
		productSize: ProductSizeInput!
		quantity: Int!
	}
	input StockChangeInput {
		outFromWarehouse: WarehouseInput
		intoWarehouse: WarehouseInput
		description: String!
		productSizes: [StockChangeProductSizeInput!]!
	}
	input MonetaryValueInput {
		value: Float!
		currencyIsoCode: String!
	}
	input ReturnCostPolicyInput {
		fromShipment: Boolean
		value: MonetaryValueInput
	}
	input StockPolicyActionInput {
		releaseItemsBackToWarehouse: Boolean
		sendItemsToDifferentWarehouse: WarehouseInput
		removeItemsFromStock: Boolean
	}
	input ShipmentInput {
		id: Int!
	}
	input ShipmentLineInput {
		id: Int!
	}
	input ReturnLineCreateInput {
		shipmentLine: ShipmentLineInput!
		quantity: Int!
	}
	input ReturnCreateInput {
		shipment: ShipmentInput!
		lines: [ReturnLineCreateInput!]!
		returnStockActionPolicy: StockPolicyActionInput!
		handlingCost: ReturnCostPolicyInput
		shippingCost: ReturnCostPolicyInput
		voucherValue: ReturnCostPolicyInput
		returnCost: MonetaryValueInput
		comment: String
		externalId: String
		createdAt: DateTimeTz
	}
	input ReturnCompleteInput {
		sendEmail: Boolean
	}
	input ReturnRefundInput {
		sendEmail: Boolean
	}
	input DirectToConsumerOrderUpdateInput {
		internalComment: String
		otherComment: String
	}
	input OrderNoteAddInput {
		order: OrderInput!
		note: String!
	}

	type StockChangePayload {
		stockChange: StockChange
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}
	type ReturnPayload {
		return: DirectToConsumerReturn
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}
	type ReturnRefundPayload {
		return: DirectToConsumerReturn
		paymentHistoryEntries: [PaymentHistoryEntry!]!
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}
	type OrderUpdatePayload {
		order: DirectToConsumerOrder
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}
	type OrderNoteAddPayload {
		orderHistoryEntry: OrderHistoryEntry
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	type Query {
		orders(where: OrderFilter, limit: Int, page: Int): [DirectToConsumerOrder!]!
		order(id: String!): DirectToConsumerOrder
		shipments(where: ShipmentFilter, limit: Int, page: Int): [Shipment!]!
		returns(where: ReturnFilter, limit: Int, page: Int): [DirectToConsumerReturn!]!
		productSizes(where: ProductSizeFilter, limit: Int, page: Int): [ProductSize!]!
		warehouses(limit: Int, page: Int): [Warehouse!]!
		stockChangeConnection(
			where: StockChangeFilter
			first: Int
			after: String
		): StockChangeConnection!
		rateLimits: [RateLimit!]!
	}

	type Mutation {
		changeStock(input: StockChangeInput!): StockChangePayload!
		createReturn(input: ReturnCreateInput!): ReturnPayload!
		completeReturn(id: Int!, input: ReturnCompleteInput): ReturnPayload!
		refundReturn(id: Int!, input: ReturnRefundInput): ReturnRefundPayload!
		updateDirectToConsumerOrder(
			order: OrderInput!
			input: DirectToConsumerOrderUpdateInput!
		): OrderUpdatePayload!
		addOrderNote(input: OrderNoteAddInput!): OrderNoteAddPayload!
	}
`;

/** Permission each root field needs (centra.md §1: `Type:read|write`). */
export const FIELD_PERMISSIONS: Readonly<Record<string, string>> = {
	orders: 'Order:read',
	order: 'Order:read',
	shipments: 'Shipment:read',
	returns: 'Return:read',
	productSizes: 'Product:read',
	warehouses: 'Warehouse:read',
	stockChangeConnection: 'StockChange:read',
	rateLimits: '',
	changeStock: 'StockChange:write',
	createReturn: 'Return:write',
	completeReturn: 'Return:write',
	refundReturn: 'Return:write',
	updateDirectToConsumerOrder: 'Order:write',
	addOrderNote: 'Order:write',
};
