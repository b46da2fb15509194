/** Resources, operations and fields of the Centra node. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

const on = (resource: string, operation: string[]): IDisplayOptions => ({ show: { resource: [resource], operation } });

const warehouseField = (name: string, displayName: string, show: IDisplayOptions): INodeProperties => ({
	displayName, name, type: 'options', typeOptions: { loadOptionsMethod: 'getWarehouses' }, default: '', required: true, displayOptions: show, description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
});

export const centraProperties: INodeProperties[] = [
	{
		displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, default: 'stock',
		options: [
			{ name: 'Disposition', value: 'disposition', description: 'Route returned units to stock buckets by their disposition code' },
			{ name: 'Order', value: 'order' },
			{ name: 'Return (Credit Note)', value: 'return' },
			{ name: 'Stock', value: 'stock' },
		],
	},
	{
		displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: 'move', displayOptions: { show: { resource: ['stock'] } },
		options: [
			{ name: 'Find Movements', value: 'findMovements', action: 'Find stock movements' },
			{ name: 'Get Levels', value: 'getLevels', action: 'Get stock levels' },
			{ name: 'Move', value: 'move', action: 'Move stock', description: 'Relative change into, out of, or between warehouses, once per reference' },
		],
	},
	{
		displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: 'route', displayOptions: { show: { resource: ['disposition'] } },
		options: [{ name: 'Route', value: 'route', action: 'Route returned units to stock buckets' }],
	},
	{
		displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: 'create', displayOptions: { show: { resource: ['return'] } },
		options: [
			{ name: 'Complete', value: 'complete', action: 'Complete a return' },
			{ name: 'Create', value: 'create', action: 'Create a return from a happy returns return', description: 'Itemised credit note carrying the Happy Returns ID, created once' },
			{ name: 'Get', value: 'get', action: 'Get a return' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many returns', description: 'Credit notes created in a time window, e.g. for the nightly reconciliation' },
			{ name: 'Refund', value: 'refund', action: 'Refund a return', description: 'Only when Centra should pay the refund' },
		],
	},
	{
		displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, default: 'get', displayOptions: { show: { resource: ['order'] } },
		options: [
			{ name: 'Add Note', value: 'addNote', action: 'Add a customer service note' },
			{ name: 'Create Exchange Order', value: 'createExchange', action: 'Create an exchange order', description: 'Zero-value order for the replacement, linked to the return (REST Order API)' },
			{ name: 'Get', value: 'get', action: 'Get an order' },
		],
	},
	// Stock
	{
		displayName: 'Direction', name: 'direction', type: 'options', default: 'between', displayOptions: on('stock', ['move']),
		options: [
			{ name: 'Between Warehouses', value: 'between' },
			{ name: 'Into a Warehouse', value: 'into' },
			{ name: 'Out of a Warehouse', value: 'outOf' },
		],
	},
	warehouseField('fromWarehouse', 'From Warehouse Name or ID', { show: { resource: ['stock'], operation: ['move'], direction: ['between', 'outOf'] } }),
	warehouseField('toWarehouse', 'To Warehouse Name or ID', { show: { resource: ['stock'], operation: ['move'], direction: ['between', 'into'] } }),
	{ displayName: 'SKU or EAN', name: 'sku', type: 'string', default: '', required: true, displayOptions: { show: { resource: ['stock', 'disposition'], operation: ['move', 'route'] } } },
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1 }, default: 1, displayOptions: { show: { resource: ['stock', 'disposition'], operation: ['move', 'route'] } } },
	{ displayName: 'Reference', name: 'reference', type: 'string', default: '', required: true, displayOptions: on('stock', ['move']), description: 'Stored on the stock change. The same reference is never moved twice, so derive it from the event, e.g. "HR" + return ID + SKU + "in-transit".' },
	warehouseField('warehouse', 'Warehouse Name or ID', on('stock', ['getLevels'])),
	{ displayName: 'SKUs', name: 'skus', type: 'string', default: '', required: true, description: 'Comma-separated SKUs or EANs', displayOptions: on('stock', ['getLevels']) },
	{ displayName: 'Warehouse Name or ID', name: 'warehouse', type: 'options', typeOptions: { loadOptionsMethod: 'getWarehouses' }, default: '', description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>', displayOptions: on('stock', ['findMovements']) },
	{
		displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions: on('stock', ['findMovements']),
		options: [
			{ displayName: 'From', name: 'from', type: 'dateTime', default: '' },
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '' },
			{ displayName: 'Reference Match', name: 'referenceMatch', type: 'options', default: 'contains', options: [{ name: 'Contains', value: 'contains' }, { name: 'Equals', value: 'equals' }] },
			{ displayName: 'To', name: 'to', type: 'dateTime', default: '' },
		],
	},
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: true, description: 'Whether to return all results or only up to a given limit', displayOptions: { show: { resource: ['stock', 'return'], operation: ['findMovements', 'getMany'] } } },
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: { show: { resource: ['stock', 'return'], operation: ['findMovements', 'getMany'], returnAll: [false] } } },
	{
		displayName: 'Filters', name: 'returnFilters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions: on('return', ['getMany']),
		options: [
			{ displayName: 'Created After', name: 'from', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'to', type: 'dateTime', default: '' },
			{ displayName: 'Refunded Only', name: 'refundedOnly', type: 'boolean', default: false, description: 'Whether to return only credit notes Centra has refunded' },
		],
	},
	{
		displayName: 'Output', name: 'returnOutput', type: 'options', default: 'creditNotes', displayOptions: on('return', ['getMany']),
		options: [
			{ name: 'Credit Notes', value: 'creditNotes', description: 'One item per return with its lines and totals' },
			{ name: 'Refund Lines', value: 'refundLines', description: 'One item per refunded SKU line, the refund shared over the lines by value, in the Reconciliation Matcher\'s field names. Unrefunded returns give none.' },
		],
	},
	// Disposition
	{ displayName: 'Return ID', name: 'returnId', type: 'string', default: '', required: true, description: 'Happy Returns return ID; part of the stock reference', displayOptions: on('disposition', ['route']) },
	{ displayName: 'Unit', name: 'unit', type: 'string', default: '', description: 'Unit index within the order line, so each unit moves once', displayOptions: on('disposition', ['route']) },
	{ displayName: 'Disposition Code', name: 'disposition', type: 'string', default: '', required: true, displayOptions: on('disposition', ['route']) },
	warehouseField('fromWarehouse', 'In-Transit Warehouse Name or ID', on('disposition', ['route'])),
	{
		displayName: 'Disposition Mapping', name: 'mapping', type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {}, placeholder: 'Add Disposition', displayOptions: on('disposition', ['route']),
		description: 'Code to stock bucket. "none" moves the unit out of the in-transit warehouse without adding it anywhere. Codes without a row are never guessed.',
		options: [{ displayName: 'Row', name: 'rows', values: [
			{ displayName: 'Disposition Code', name: 'code', type: 'string', default: '', placeholder: 'damaged' },
			{ displayName: 'Warehouse (Bucket)', name: 'warehouse', type: 'string', default: '', placeholder: 'B-stock, or none' },
		] }],
	},
	{
		displayName: 'Unmapped Codes', name: 'unmappedHandling', type: 'options', default: 'output', displayOptions: on('disposition', ['route']),
		options: [
			{ name: 'Send to the "Unmapped" Output', value: 'output' },
			{ name: 'Fail the Item', value: 'error' },
		],
	},
	// Return
	{ displayName: 'Happy Returns ID', name: 'externalId', type: 'string', default: '', required: true, description: 'Stored as the return\'s external ID; a return with this ID is never created twice', displayOptions: on('return', ['create']) },
	{ displayName: 'Order Number', name: 'orderNumber', type: 'string', default: '', required: true, description: 'The Centra order number the Happy Returns return belongs to', displayOptions: on('return', ['create']) },
	{ displayName: 'Order Number', name: 'orderNumber', type: 'string', default: '', required: true, displayOptions: on('order', ['get', 'addNote', 'createExchange']) },
	{ displayName: 'Lines', name: 'lines', type: 'json', default: '[{ "sku": "", "quantity": 1 }]', required: true, description: 'SKUs and quantities returned, as a list like [{ "sku": "TEE-M", "quantity": 1 }]', displayOptions: on('return', ['create']) },
	{ displayName: 'Group Items by Happy Returns ID', name: 'groupByReturn', type: 'boolean', default: true, description: 'Whether input items with the same Happy Returns ID (one per unit) make one return', displayOptions: on('return', ['create']) },
	{
		displayName: 'Stock Policy', name: 'stockPolicy', type: 'options', default: 'noRestock', displayOptions: on('return', ['create']),
		options: [
			{ name: 'No Restock (Goods Still in Transit)', value: 'noRestock' },
			{ name: 'Restock to a Chosen Warehouse', value: 'warehouse' },
			{ name: 'Restock to the Shipping Warehouse', value: 'originalWarehouse' },
		],
	},
	warehouseField('restockWarehouse', 'Restock Warehouse Name or ID', { show: { resource: ['return'], operation: ['create'], stockPolicy: ['warehouse'] } }),
	{
		displayName: 'Return Options', name: 'returnOptions', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: on('return', ['create']),
		options: [
			{ displayName: 'Comment', name: 'comment', type: 'string', default: '', description: 'Shown in the order history' },
			{ displayName: 'Handling Amount', name: 'handlingAmount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
			{ displayName: 'Restocking Fee', name: 'restockingFee', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Deducted from the refund (Centra returnCost)' },
			{ displayName: 'Shipping Refund', name: 'shipping', type: 'options', default: 'none', options: [{ name: 'Amount', value: 'amount' }, { name: 'None', value: 'none' }, { name: 'Remaining Shipping of the Shipment', value: 'fromShipment' }] },
			{ displayName: 'Shipping Refund Amount', name: 'shippingAmount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
		],
	},
	{ displayName: 'Find Return By', name: 'returnLookup', type: 'options', default: 'externalId', displayOptions: on('return', ['get', 'complete', 'refund']), options: [{ name: 'External ID (Happy Returns ID)', value: 'externalId' }, { name: 'Centra Return ID', value: 'id' }] },
	{ displayName: 'Return', name: 'returnValue', type: 'string', default: '', required: true, displayOptions: on('return', ['get', 'complete', 'refund']) },
	{ displayName: 'Refund the Customer in Centra', name: 'allowRefund', type: 'boolean', default: false, description: 'Whether Centra should pay the refund. Off by default: the returns flow refunds through Happy Returns or Amazon, and refunding twice is the costliest mistake.', displayOptions: on('return', ['refund']) },
	{ displayName: 'Send Email', name: 'sendEmail', type: 'boolean', default: false, description: 'Whether Centra emails the customer', displayOptions: on('return', ['complete', 'refund']) },
	// Order
	{ displayName: 'Note', name: 'note', type: 'string', default: '', required: true, placeholder: 'Return in transit', description: 'Customer-service note; the same text is not added twice', displayOptions: on('order', ['addNote']) },
	{ displayName: 'Return Reference', name: 'returnReference', type: 'string', default: '', required: true, description: 'Happy Returns ID (or Centra return ID) the exchange replaces', displayOptions: on('order', ['createExchange']) },
	{ displayName: 'Replacement SKU', name: 'exchangeSku', type: 'string', default: '', required: true, displayOptions: on('order', ['createExchange']) },
	{ displayName: 'Quantity', name: 'exchangeQuantity', type: 'number', typeOptions: { minValue: 1 }, default: 1, displayOptions: on('order', ['createExchange']) },
	{
		displayName: 'Pricing', name: 'exchangePricing', type: 'options', default: 'zeroValue', displayOptions: on('order', ['createExchange']),
		options: [
			{ name: 'Full Price With an Equal Discount', value: 'discount' },
			{ name: 'Zero Value', value: 'zeroValue' },
		],
	},
	{ displayName: 'Full Price', name: 'fullPrice', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, displayOptions: { show: { resource: ['order'], operation: ['createExchange'], exchangePricing: ['discount'] } } },
	{
		displayName: 'Exchange Details', name: 'exchangeDetails', type: 'collection', placeholder: 'Add Detail', default: {}, displayOptions: on('order', ['createExchange']),
		options: [
			{ displayName: 'Customer Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Delivery Country', name: 'country', type: 'string', default: '', description: 'ISO 3166 alpha-2, e.g. SE' },
			{ displayName: 'Market ID', name: 'marketId', type: 'number', default: 0 },
			{ displayName: 'Pricelist ID', name: 'pricelistId', type: 'number', default: 0 },
			{ displayName: 'Send Email', name: 'sendEmail', type: 'boolean', default: false },
		],
	},
];
