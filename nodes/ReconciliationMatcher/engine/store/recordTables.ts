/**
 * Column tables of parsed records, one per input. A parsed record is stored as interned key ids
 * and numbers, then dropped; `get(row)` rebuilds the record object when a check needs it, so
 * only the rows of the group being analysed exist as objects at any time.
 */
import type { Money } from '../../../shared/money';
import type {
	ManifestRecord,
	OrderLineRecord,
	ReceiptRecord,
	RefundRecord,
	ReturnEventRecord,
	ReturnStatus,
	StockMovementRecord,
} from '../types';
import { IntColumn, NumberColumn } from './columns';
import type { KeyTable } from './keyTable';

const STATUSES: readonly ReturnStatus[] = ['started', 'dropped_off', 'refund_approved', 'expired'];
const STATUS_CODE: Readonly<Record<ReturnStatus, number>> = { started: 0, dropped_off: 1, refund_approved: 2, expired: 3 };

abstract class Table {
	readonly item = new IntColumn();

	constructor(
		protected readonly keys: KeyTable,
		readonly input: number,
	) {}

	get length(): number {
		return this.item.length;
	}

	protected key(id: number): string {
		return this.keys.values[id];
	}

	protected money(minor: number, currency: number): Money | null {
		return Number.isNaN(minor) ? null : { amountMinor: minor, currency: this.keys.values[currency] };
	}
}

export class RefundTable extends Table {
	readonly refundId: string[] = [];
	readonly channel = new IntColumn();
	readonly orderId = new IntColumn();
	readonly merchantOrderId = new IntColumn();
	readonly sku = new IntColumn();
	readonly quantity = new NumberColumn();
	readonly amountMinor = new NumberColumn();
	readonly currency = new IntColumn();
	readonly refundedAt = new NumberColumn();
	readonly fulfillment = new IntColumn();

	add(r: RefundRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.refundId.push(r.refundId);
		this.channel.push(k.id(r.channel));
		this.orderId.push(k.id(r.orderId));
		this.merchantOrderId.push(k.id(r.merchantOrderId));
		this.sku.push(k.id(r.sku));
		this.quantity.push(r.quantity);
		this.amountMinor.push(r.amount.amountMinor);
		this.currency.push(k.id(r.amount.currency));
		this.refundedAt.push(r.refundedAt);
		this.fulfillment.push(k.id(r.fulfillment));
	}

	get(row: number): RefundRecord {
		return {
			ref: { input: this.input, item: this.item.data[row] },
			refundId: this.refundId[row],
			channel: this.key(this.channel.data[row]),
			orderId: this.key(this.orderId.data[row]),
			merchantOrderId: this.key(this.merchantOrderId.data[row]),
			sku: this.key(this.sku.data[row]),
			quantity: this.quantity.data[row],
			amount: { amountMinor: this.amountMinor.data[row], currency: this.key(this.currency.data[row]) },
			refundedAt: this.refundedAt.data[row],
			fulfillment: this.key(this.fulfillment.data[row]),
		};
	}
}

export class ReturnEventTable extends Table {
	readonly returnId = new IntColumn();
	readonly orderNumber = new IntColumn();
	readonly sku = new IntColumn();
	readonly unit = new IntColumn();
	readonly status = new IntColumn();
	readonly scannedAt = new NumberColumn();
	readonly bagBarcode = new IntColumn();
	readonly isExchange = new IntColumn();
	readonly unitValueMinor = new NumberColumn();
	readonly unitValueCurrency = new IntColumn();

	add(r: ReturnEventRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.returnId.push(k.id(r.returnId));
		this.orderNumber.push(k.id(r.orderNumber));
		this.sku.push(k.id(r.sku));
		this.unit.push(k.id(r.unit));
		this.status.push(STATUS_CODE[r.status]);
		this.scannedAt.push(r.scannedAt);
		this.bagBarcode.push(k.id(r.bagBarcode));
		this.isExchange.push(r.isExchange ? 1 : 0);
		this.unitValueMinor.push(r.unitValue ? r.unitValue.amountMinor : Number.NaN);
		this.unitValueCurrency.push(r.unitValue ? k.id(r.unitValue.currency) : 0);
	}

	get(row: number): ReturnEventRecord {
		return {
			ref: { input: this.input, item: this.item.data[row] },
			returnId: this.key(this.returnId.data[row]),
			orderNumber: this.key(this.orderNumber.data[row]),
			sku: this.key(this.sku.data[row]),
			unit: this.key(this.unit.data[row]),
			status: STATUSES[this.status.data[row]],
			scannedAt: this.scannedAt.data[row],
			bagBarcode: this.key(this.bagBarcode.data[row]),
			isExchange: this.isExchange.data[row] === 1,
			unitValue: this.money(this.unitValueMinor.data[row], this.unitValueCurrency.data[row]),
		};
	}
}

export class ManifestTable extends Table {
	readonly trackingNumber = new IntColumn();
	readonly orderNumber = new IntColumn();
	readonly returnId = new IntColumn();
	readonly sku = new IntColumn();
	readonly unit = new IntColumn();
	readonly bagBarcode = new IntColumn();
	readonly shippedAt = new NumberColumn();
	readonly deliveredAt = new NumberColumn();

	add(r: ManifestRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.trackingNumber.push(k.id(r.trackingNumber));
		this.orderNumber.push(k.id(r.orderNumber));
		this.returnId.push(k.id(r.returnId));
		this.sku.push(k.id(r.sku));
		this.unit.push(k.id(r.unit));
		this.bagBarcode.push(k.id(r.bagBarcode));
		this.shippedAt.push(r.shippedAt);
		this.deliveredAt.push(r.deliveredAt ?? Number.NaN);
	}

	get(row: number): ManifestRecord {
		const delivered = this.deliveredAt.data[row];
		return {
			ref: { input: this.input, item: this.item.data[row] },
			trackingNumber: this.key(this.trackingNumber.data[row]),
			orderNumber: this.key(this.orderNumber.data[row]),
			returnId: this.key(this.returnId.data[row]),
			sku: this.key(this.sku.data[row]),
			unit: this.key(this.unit.data[row]),
			bagBarcode: this.key(this.bagBarcode.data[row]),
			shippedAt: this.shippedAt.data[row],
			deliveredAt: Number.isNaN(delivered) ? null : delivered,
		};
	}
}

export class ReceiptTable extends Table {
	readonly trackingNumber = new IntColumn();
	readonly bagBarcode = new IntColumn();
	readonly returnId = new IntColumn();
	readonly orderNumber = new IntColumn();
	readonly sku = new IntColumn();
	readonly quantity = new NumberColumn();
	readonly disposition = new IntColumn();
	readonly receivedAt = new NumberColumn();

	add(r: ReceiptRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.trackingNumber.push(k.id(r.trackingNumber));
		this.bagBarcode.push(k.id(r.bagBarcode));
		this.returnId.push(k.id(r.returnId));
		this.orderNumber.push(k.id(r.orderNumber));
		this.sku.push(k.id(r.sku));
		this.quantity.push(r.quantity);
		this.disposition.push(k.id(r.disposition));
		this.receivedAt.push(r.receivedAt);
	}

	get(row: number): ReceiptRecord {
		return {
			ref: { input: this.input, item: this.item.data[row] },
			trackingNumber: this.key(this.trackingNumber.data[row]),
			bagBarcode: this.key(this.bagBarcode.data[row]),
			returnId: this.key(this.returnId.data[row]),
			orderNumber: this.key(this.orderNumber.data[row]),
			sku: this.key(this.sku.data[row]),
			quantity: this.quantity.data[row],
			disposition: this.key(this.disposition.data[row]),
			receivedAt: this.receivedAt.data[row],
		};
	}
}

export class StockMovementTable extends Table {
	/** Free text, not a key: kept as given (it is searched for return ids when grouping). */
	readonly reference: string[] = [];
	readonly returnId = new IntColumn();
	readonly orderNumber = new IntColumn();
	readonly sku = new IntColumn();
	readonly warehouse = new IntColumn();
	readonly quantity = new NumberColumn();
	readonly movedAt = new NumberColumn();

	add(r: StockMovementRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.reference.push(r.reference);
		this.returnId.push(k.id(r.returnId));
		this.orderNumber.push(k.id(r.orderNumber));
		this.sku.push(k.id(r.sku));
		this.warehouse.push(k.id(r.warehouse));
		this.quantity.push(r.quantity);
		this.movedAt.push(r.movedAt);
	}

	get(row: number): StockMovementRecord {
		return {
			ref: { input: this.input, item: this.item.data[row] },
			reference: this.reference[row],
			returnId: this.key(this.returnId.data[row]),
			orderNumber: this.key(this.orderNumber.data[row]),
			sku: this.key(this.sku.data[row]),
			warehouse: this.key(this.warehouse.data[row]),
			quantity: this.quantity.data[row],
			movedAt: this.movedAt.data[row],
		};
	}
}

export class OrderLineTable extends Table {
	readonly orderNumber = new IntColumn();
	readonly sku = new IntColumn();
	readonly quantity = new NumberColumn();
	readonly unitPriceMinor = new NumberColumn();
	readonly currency = new IntColumn();
	/** Aliases of all rows, one after another; row r's end in `aliasEnd` (its start is r-1's end). */
	readonly aliases = new IntColumn();
	readonly aliasEnd = new IntColumn();

	add(r: OrderLineRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.orderNumber.push(k.id(r.orderNumber));
		this.sku.push(k.id(r.sku));
		this.quantity.push(r.quantity);
		this.unitPriceMinor.push(r.unitPrice ? r.unitPrice.amountMinor : Number.NaN);
		this.currency.push(r.unitPrice ? k.id(r.unitPrice.currency) : 0);
		for (const alias of r.aliases) this.aliases.push(k.id(alias));
		this.aliasEnd.push(this.aliases.length);
	}

	/** Interned ids of row `row`'s aliases. */
	aliasIds(row: number): Int32Array {
		return this.aliases.data.subarray(row === 0 ? 0 : this.aliasEnd.data[row - 1], this.aliasEnd.data[row]);
	}

	get(row: number): OrderLineRecord {
		return {
			ref: { input: this.input, item: this.item.data[row] },
			orderNumber: this.key(this.orderNumber.data[row]),
			aliases: Array.from(this.aliasIds(row), (id) => this.key(id)),
			sku: this.key(this.sku.data[row]),
			quantity: this.quantity.data[row],
			unitPrice: this.money(this.unitPriceMinor.data[row], this.currency.data[row]),
		};
	}
}
