/**
 * The raw values of one record's fields, read in a single pass over the record's own keys.
 *
 * Why not `record[field]` for each field: over millions of records of many shapes, a lookup by
 * a changing field name falls back to V8's slowest (megamorphic) path, and a field the record
 * does not have is the slowest case of all (it walks the prototype chain). One `for...in` pass
 * reads only the fields that are there, by the object's own enumeration order, and stores them
 * in a fixed-shape object the parser then reads with plain property access. Measured about ten
 * times faster on generated returns data, and as fast on records with many unrelated fields.
 *
 * The fields are those of the input's schema (schema.ts), written out as a switch because a
 * generic reader looping over the schema measured about half as fast; test/matcher/schema.test.ts
 * fails when a reader and its schema disagree.
 *
 * Each reader is reused for the next record of its input: `read` clears every field first.
 * Inherited enumerable fields are read too; non-enumerable ones are not (plain JSON has none).
 */
type Raw = Record<string, unknown>;

export class RefundFields {
	refundId: unknown;
	channel: unknown;
	orderId: unknown;
	merchantOrderId: unknown;
	sku: unknown;
	quantity: unknown;
	amount: unknown;
	currency: unknown;
	refundedAt: unknown;
	fulfillment: unknown;
	type: unknown;
	refundReason: unknown;

	read(raw: Raw): this {
		this.refundId = this.channel = this.orderId = this.merchantOrderId = this.sku = undefined;
		this.quantity = this.amount = this.currency = this.refundedAt = this.fulfillment = undefined;
		this.type = this.refundReason = undefined;
		for (const name in raw) {
			switch (name) {
				case 'refundId':
					this.refundId = raw[name];
					break;
				case 'channel':
					this.channel = raw[name];
					break;
				case 'orderId':
					this.orderId = raw[name];
					break;
				case 'merchantOrderId':
					this.merchantOrderId = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'quantity':
					this.quantity = raw[name];
					break;
				case 'amount':
					this.amount = raw[name];
					break;
				case 'currency':
					this.currency = raw[name];
					break;
				case 'refundedAt':
					this.refundedAt = raw[name];
					break;
				case 'fulfillment':
					this.fulfillment = raw[name];
					break;
				case 'type':
					this.type = raw[name];
					break;
				case 'refundReason':
					this.refundReason = raw[name];
					break;
			}
		}
		return this;
	}
}

export class ReturnEventFields {
	returnId: unknown;
	orderNumber: unknown;
	sku: unknown;
	unit: unknown;
	status: unknown;
	scannedAt: unknown;
	bagBarcode: unknown;
	isExchange: unknown;
	unitValue: unknown;
	currency: unknown;

	read(raw: Raw): this {
		this.returnId = this.orderNumber = this.sku = this.unit = this.status = undefined;
		this.scannedAt = this.bagBarcode = this.isExchange = this.unitValue = this.currency = undefined;
		for (const name in raw) {
			switch (name) {
				case 'returnId':
					this.returnId = raw[name];
					break;
				case 'orderNumber':
					this.orderNumber = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'unit':
					this.unit = raw[name];
					break;
				case 'status':
					this.status = raw[name];
					break;
				case 'scannedAt':
					this.scannedAt = raw[name];
					break;
				case 'bagBarcode':
					this.bagBarcode = raw[name];
					break;
				case 'isExchange':
					this.isExchange = raw[name];
					break;
				case 'unitValue':
					this.unitValue = raw[name];
					break;
				case 'currency':
					this.currency = raw[name];
					break;
			}
		}
		return this;
	}
}

export class ManifestFields {
	trackingNumber: unknown;
	orderNumber: unknown;
	returnId: unknown;
	sku: unknown;
	unit: unknown;
	bagBarcode: unknown;
	shippedAt: unknown;
	deliveredAt: unknown;

	read(raw: Raw): this {
		this.trackingNumber = this.orderNumber = this.returnId = this.sku = undefined;
		this.unit = this.bagBarcode = this.shippedAt = this.deliveredAt = undefined;
		for (const name in raw) {
			switch (name) {
				case 'trackingNumber':
					this.trackingNumber = raw[name];
					break;
				case 'orderNumber':
					this.orderNumber = raw[name];
					break;
				case 'returnId':
					this.returnId = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'unit':
					this.unit = raw[name];
					break;
				case 'bagBarcode':
					this.bagBarcode = raw[name];
					break;
				case 'shippedAt':
					this.shippedAt = raw[name];
					break;
				case 'deliveredAt':
					this.deliveredAt = raw[name];
					break;
			}
		}
		return this;
	}
}

export class ReceiptFields {
	trackingNumber: unknown;
	bagBarcode: unknown;
	returnId: unknown;
	orderNumber: unknown;
	sku: unknown;
	quantity: unknown;
	disposition: unknown;
	receivedAt: unknown;
	unit: unknown;

	read(raw: Raw): this {
		this.trackingNumber = this.bagBarcode = this.returnId = this.orderNumber = undefined;
		this.sku = this.quantity = this.disposition = this.receivedAt = this.unit = undefined;
		for (const name in raw) {
			switch (name) {
				case 'trackingNumber':
					this.trackingNumber = raw[name];
					break;
				case 'bagBarcode':
					this.bagBarcode = raw[name];
					break;
				case 'returnId':
					this.returnId = raw[name];
					break;
				case 'orderNumber':
					this.orderNumber = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'quantity':
					this.quantity = raw[name];
					break;
				case 'disposition':
					this.disposition = raw[name];
					break;
				case 'receivedAt':
					this.receivedAt = raw[name];
					break;
				case 'unit':
					this.unit = raw[name];
					break;
			}
		}
		return this;
	}
}

export class StockMovementFields {
	reference: unknown;
	returnId: unknown;
	orderNumber: unknown;
	sku: unknown;
	warehouse: unknown;
	quantity: unknown;
	movedAt: unknown;

	read(raw: Raw): this {
		this.reference = this.returnId = this.orderNumber = this.sku = undefined;
		this.warehouse = this.quantity = this.movedAt = undefined;
		for (const name in raw) {
			switch (name) {
				case 'reference':
					this.reference = raw[name];
					break;
				case 'returnId':
					this.returnId = raw[name];
					break;
				case 'orderNumber':
					this.orderNumber = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'warehouse':
					this.warehouse = raw[name];
					break;
				case 'quantity':
					this.quantity = raw[name];
					break;
				case 'movedAt':
					this.movedAt = raw[name];
					break;
			}
		}
		return this;
	}
}

export class OrderLineFields {
	orderNumber: unknown;
	aliases: unknown;
	sku: unknown;
	quantity: unknown;
	unitPrice: unknown;
	currency: unknown;

	read(raw: Raw): this {
		this.orderNumber =
			this.aliases =
			this.sku =
			this.quantity =
			this.unitPrice =
			this.currency =
				undefined;
		for (const name in raw) {
			switch (name) {
				case 'orderNumber':
					this.orderNumber = raw[name];
					break;
				case 'aliases':
					this.aliases = raw[name];
					break;
				case 'sku':
					this.sku = raw[name];
					break;
				case 'quantity':
					this.quantity = raw[name];
					break;
				case 'unitPrice':
					this.unitPrice = raw[name];
					break;
				case 'currency':
					this.currency = raw[name];
					break;
			}
		}
		return this;
	}
}
