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
import { IntColumn, KeyColumn, NumberColumn } from './columns';
import type { ParsedOrderLine, ParsedStockMovement } from '../records';
import type { KeyTable } from './keyTable';
import { TextArena } from './textArena';

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

	protected keyColumn(): KeyColumn {
		return new KeyColumn((value) => this.keys.id(value));
	}

	protected key(id: number): string {
		return this.keys.text(id);
	}

	protected money(minor: number, currency: number): Money | null {
		return Number.isNaN(minor) ? null : { amountMinor: minor, currency: this.keys.text(currency) };
	}
}

export class RefundTable extends Table {
	readonly refundId = new TextArena();
	readonly channel = this.keyColumn();
	readonly orderId = this.keyColumn();
	readonly merchantOrderId = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly quantity = new NumberColumn();
	readonly amountMinor = new NumberColumn();
	readonly currency = this.keyColumn();
	readonly refundedAt = new NumberColumn();
	readonly fulfillment = this.keyColumn();

	add(r: RefundRecord): void {
		this.item.push(r.ref.item);
		this.refundId.add(r.refundId);
		this.channel.pushKey(r.channel);
		this.orderId.pushKey(r.orderId);
		this.merchantOrderId.pushKey(r.merchantOrderId);
		this.sku.pushKey(r.sku);
		this.quantity.push(r.quantity);
		this.amountMinor.push(r.amount.amountMinor);
		this.currency.pushKey(r.amount.currency);
		this.refundedAt.push(r.refundedAt);
		this.fulfillment.pushKey(r.fulfillment);
	}

	get(row: number): RefundRecord {
		return {
			ref: { input: this.input, item: this.item.at(row) },
			refundId: this.refundId.text(row),
			channel: this.key(this.channel.at(row)),
			orderId: this.key(this.orderId.at(row)),
			merchantOrderId: this.key(this.merchantOrderId.at(row)),
			sku: this.key(this.sku.at(row)),
			quantity: this.quantity.at(row),
			amount: { amountMinor: this.amountMinor.at(row), currency: this.key(this.currency.at(row)) },
			refundedAt: this.refundedAt.at(row),
			fulfillment: this.key(this.fulfillment.at(row)),
		};
	}
}

export class ReturnEventTable extends Table {
	readonly returnId = this.keyColumn();
	readonly orderNumber = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly unit = this.keyColumn();
	readonly status = new IntColumn();
	readonly scannedAt = new NumberColumn();
	readonly bagBarcode = this.keyColumn();
	readonly isExchange = new IntColumn();
	readonly unitValueMinor = new NumberColumn();
	readonly unitValueCurrency = new IntColumn();

	add(r: ReturnEventRecord): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.returnId.pushKey(r.returnId);
		this.orderNumber.pushKey(r.orderNumber);
		this.sku.pushKey(r.sku);
		this.unit.pushKey(r.unit);
		this.status.push(STATUS_CODE[r.status]);
		this.scannedAt.push(r.scannedAt);
		this.bagBarcode.pushKey(r.bagBarcode);
		this.isExchange.push(r.isExchange ? 1 : 0);
		this.unitValueMinor.push(r.unitValue ? r.unitValue.amountMinor : Number.NaN);
		this.unitValueCurrency.push(r.unitValue ? k.id(r.unitValue.currency) : 0);
	}

	get(row: number): ReturnEventRecord {
		return {
			ref: { input: this.input, item: this.item.at(row) },
			returnId: this.key(this.returnId.at(row)),
			orderNumber: this.key(this.orderNumber.at(row)),
			sku: this.key(this.sku.at(row)),
			unit: this.key(this.unit.at(row)),
			status: STATUSES[this.status.at(row)],
			scannedAt: this.scannedAt.at(row),
			bagBarcode: this.key(this.bagBarcode.at(row)),
			isExchange: this.isExchange.at(row) === 1,
			unitValue: this.money(this.unitValueMinor.at(row), this.unitValueCurrency.at(row)),
		};
	}
}

export class ManifestTable extends Table {
	readonly trackingNumber = this.keyColumn();
	readonly orderNumber = this.keyColumn();
	readonly returnId = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly unit = this.keyColumn();
	readonly bagBarcode = this.keyColumn();
	readonly shippedAt = new NumberColumn();
	readonly deliveredAt = new NumberColumn();

	add(r: ManifestRecord): void {
		this.item.push(r.ref.item);
		this.trackingNumber.pushKey(r.trackingNumber);
		this.orderNumber.pushKey(r.orderNumber);
		this.returnId.pushKey(r.returnId);
		this.sku.pushKey(r.sku);
		this.unit.pushKey(r.unit);
		this.bagBarcode.pushKey(r.bagBarcode);
		this.shippedAt.push(r.shippedAt);
		this.deliveredAt.push(r.deliveredAt ?? Number.NaN);
	}

	get(row: number): ManifestRecord {
		const delivered = this.deliveredAt.at(row);
		return {
			ref: { input: this.input, item: this.item.at(row) },
			trackingNumber: this.key(this.trackingNumber.at(row)),
			orderNumber: this.key(this.orderNumber.at(row)),
			returnId: this.key(this.returnId.at(row)),
			sku: this.key(this.sku.at(row)),
			unit: this.key(this.unit.at(row)),
			bagBarcode: this.key(this.bagBarcode.at(row)),
			shippedAt: this.shippedAt.at(row),
			deliveredAt: Number.isNaN(delivered) ? null : delivered,
		};
	}
}

export class ReceiptTable extends Table {
	readonly trackingNumber = this.keyColumn();
	readonly bagBarcode = this.keyColumn();
	readonly returnId = this.keyColumn();
	readonly orderNumber = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly quantity = new NumberColumn();
	readonly disposition = this.keyColumn();
	readonly receivedAt = new NumberColumn();

	add(r: ReceiptRecord): void {
		this.item.push(r.ref.item);
		this.trackingNumber.pushKey(r.trackingNumber);
		this.bagBarcode.pushKey(r.bagBarcode);
		this.returnId.pushKey(r.returnId);
		this.orderNumber.pushKey(r.orderNumber);
		this.sku.pushKey(r.sku);
		this.quantity.push(r.quantity);
		this.disposition.pushKey(r.disposition);
		this.receivedAt.push(r.receivedAt);
	}

	get(row: number): ReceiptRecord {
		return {
			ref: { input: this.input, item: this.item.at(row) },
			trackingNumber: this.key(this.trackingNumber.at(row)),
			bagBarcode: this.key(this.bagBarcode.at(row)),
			returnId: this.key(this.returnId.at(row)),
			orderNumber: this.key(this.orderNumber.at(row)),
			sku: this.key(this.sku.at(row)),
			quantity: this.quantity.at(row),
			disposition: this.key(this.disposition.at(row)),
			receivedAt: this.receivedAt.at(row),
		};
	}
}

export class StockMovementTable extends Table {
	readonly returnId = this.keyColumn();
	readonly orderNumber = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly warehouse = this.keyColumn();
	readonly quantity = new NumberColumn();
	readonly movedAt = new NumberColumn();
	/** Reference words of all rows, one after another (see `words`). */
	private readonly referenceWords = this.keyColumn();
	private readonly referenceEnd = new IntColumn();

	add(r: ParsedStockMovement): void {
		this.item.push(r.ref.item);
		this.returnId.pushKey(r.returnId);
		this.orderNumber.pushKey(r.orderNumber);
		this.sku.pushKey(r.sku);
		this.warehouse.pushKey(r.warehouse);
		this.quantity.push(r.quantity);
		this.movedAt.push(r.movedAt);
		for (const word of r.referenceWords) this.referenceWords.pushKey(word);
		this.referenceEnd.push(this.referenceWords.length);
	}

	/** Interned ids of row `row`'s reference words. */
	words(row: number): number[] {
		return this.referenceWords.slice(row === 0 ? 0 : this.referenceEnd.at(row - 1), this.referenceEnd.at(row));
	}

	get(row: number): StockMovementRecord {
		return {
			ref: { input: this.input, item: this.item.at(row) },
			returnId: this.key(this.returnId.at(row)),
			orderNumber: this.key(this.orderNumber.at(row)),
			sku: this.key(this.sku.at(row)),
			warehouse: this.key(this.warehouse.at(row)),
			quantity: this.quantity.at(row),
			movedAt: this.movedAt.at(row),
		};
	}
}

export class OrderLineTable extends Table {
	readonly orderNumber = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly quantity = new NumberColumn();
	readonly unitPriceMinor = new NumberColumn();
	readonly currency = new IntColumn();
	/** Aliases of all rows, one after another; row r's end in `aliasEnd` (its start is r-1's end). */
	readonly aliases = this.keyColumn();
	readonly aliasEnd = new IntColumn();

	add(r: ParsedOrderLine): void {
		const k = this.keys;
		this.item.push(r.ref.item);
		this.orderNumber.pushKey(r.orderNumber);
		this.sku.pushKey(r.sku);
		this.quantity.push(r.quantity);
		this.unitPriceMinor.push(r.unitPrice ? r.unitPrice.amountMinor : Number.NaN);
		this.currency.push(r.unitPrice ? k.id(r.unitPrice.currency) : 0);
		for (const alias of r.aliases) this.aliases.pushKey(alias);
		this.aliasEnd.push(this.aliases.length);
	}

	/** Interned ids of row `row`'s aliases. */
	aliasIds(row: number): number[] {
		return this.aliases.slice(row === 0 ? 0 : this.aliasEnd.at(row - 1), this.aliasEnd.at(row));
	}

	get(row: number): OrderLineRecord {
		return {
			ref: { input: this.input, item: this.item.at(row) },
			orderNumber: this.key(this.orderNumber.at(row)),
			sku: this.key(this.sku.at(row)),
			quantity: this.quantity.at(row),
			unitPrice: this.money(this.unitPriceMinor.at(row), this.currency.at(row)),
		};
	}
}
