/**
 * Column tables of parsed records, one per input. A parsed record is stored as interned key ids
 * and numbers, then dropped; `get(row)` gives the record back when a check needs it, so only the
 * rows of the group being analysed exist as objects at any time. The record it gives holds its
 * numbers and decodes a text field only when that field is read: a clean order line reads few of
 * its keys, and decoding every key of every row was a fifth of the analysis.
 */
import type { Money } from '../../../shared/money';
import type {
	ManifestRecord,
	OrderLineRecord,
	ReceiptRecord,
	RefundRecord,
	ReturnEventRecord,
	ReturnStatus,
	SourceRef,
	StockMovementRecord,
} from '../types';
import { ByteColumn, IntColumn, ItemColumn, KeyColumn, NumberColumn } from './columns';
import type { ParsedOrderLine, ParsedStockMovement } from '../records';
import type { KeyTable } from './keyTable';
import { TextArena } from './textArena';

const STATUSES: readonly ReturnStatus[] = ['started', 'dropped_off', 'refund_approved', 'expired'];
const STATUS_CODE: Readonly<Record<ReturnStatus, number>> = {
	started: 0,
	dropped_off: 1,
	refund_approved: 2,
	expired: 3,
};

abstract class Table {
	readonly item = new ItemColumn();

	constructor(
		readonly keys: KeyTable,
		readonly input: number,
	) {}

	get length(): number {
		return this.item.length;
	}

	protected keyColumn(): KeyColumn {
		return new KeyColumn((value) => this.keys.id(value));
	}

	money(minor: number, currency: number): Money | null {
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
	readonly refundReason = this.keyColumn();
	/** Bits: 1 = has an id, 2 = reversal, 4 = negative amount, 8 = zero amount. */
	readonly flags = new ByteColumn();

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
		this.refundReason.pushKey(r.refundReason);
		this.flags.push(
			(r.hasId ? 1 : 0) | (r.reversal ? 2 : 0) | (r.sign < 0 ? 4 : 0) | (r.sign === 0 ? 8 : 0),
		);
	}

	get(row: number): RefundRecord {
		return new StoredRefund(this, row);
	}
}

export class ReturnEventTable extends Table {
	readonly returnId = this.keyColumn();
	readonly orderNumber = this.keyColumn();
	readonly sku = this.keyColumn();
	readonly unit = this.keyColumn();
	readonly status = new ByteColumn();
	readonly scannedAt = new NumberColumn();
	readonly bagBarcode = this.keyColumn();
	readonly isExchange = new ByteColumn();
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
		return new StoredReturnEvent(this, row);
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
		return new StoredManifest(this, row);
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
	readonly unit = this.keyColumn();

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
		this.unit.pushKey(r.unit);
	}

	get(row: number): ReceiptRecord {
		return new StoredReceipt(this, row);
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
		return this.referenceWords.slice(
			row === 0 ? 0 : this.referenceEnd.at(row - 1),
			this.referenceEnd.at(row),
		);
	}

	get(row: number): StockMovementRecord {
		return new StoredStockMovement(this, row);
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
		return new StoredOrderLine(this, row);
	}
}

/*
 * Records read back from the tables. Numbers are copied at once; each text field is a getter
 * that decodes its key id when read (the key table keeps recent decodings, so reading a field
 * twice costs little). The classes satisfy the record interfaces, so checks cannot tell them
 * from parsed records. Getters call `keyText` with this record's fields rather than a shared
 * method reading them: a method on the base class would see six classes of receiver and fall
 * back to V8's slow property loads.
 */

/** The text of row `row`'s key in `column`. */
function keyText(keys: KeyTable, column: IntColumn, row: number): string {
	return keys.text(column.at(row));
}

abstract class StoredRecord<T extends Table> {
	readonly ref: SourceRef;
	protected readonly keys: KeyTable;

	constructor(
		protected readonly table: T,
		protected readonly row: number,
	) {
		this.ref = { input: table.input, item: table.item.at(row) };
		this.keys = table.keys;
	}
}

class StoredRefund extends StoredRecord<RefundTable> implements RefundRecord {
	readonly quantity = this.table.quantity.at(this.row);
	readonly amount: Money = {
		amountMinor: this.table.amountMinor.at(this.row),
		currency: keyText(this.keys, this.table.currency, this.row),
	};
	readonly refundedAt = this.table.refundedAt.at(this.row);
	private readonly flagBits = this.table.flags.at(this.row);
	readonly hasId = (this.flagBits & 1) !== 0;
	reversal = (this.flagBits & 2) !== 0;
	readonly sign = this.flagBits & 8 ? 0 : this.flagBits & 4 ? -1 : 1;

	get refundId(): string {
		return this.table.refundId.text(this.row);
	}

	get channel(): string {
		return keyText(this.keys, this.table.channel, this.row);
	}

	get orderId(): string {
		return keyText(this.keys, this.table.orderId, this.row);
	}

	get merchantOrderId(): string {
		return keyText(this.keys, this.table.merchantOrderId, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}

	get fulfillment(): string {
		return keyText(this.keys, this.table.fulfillment, this.row);
	}

	get refundReason(): string {
		return keyText(this.keys, this.table.refundReason, this.row);
	}
}

class StoredReturnEvent extends StoredRecord<ReturnEventTable> implements ReturnEventRecord {
	readonly status = STATUSES[this.table.status.at(this.row)];
	readonly scannedAt = this.table.scannedAt.at(this.row);
	readonly isExchange = this.table.isExchange.at(this.row) === 1;
	readonly unitValue = this.table.money(
		this.table.unitValueMinor.at(this.row),
		this.table.unitValueCurrency.at(this.row),
	);

	get returnId(): string {
		return keyText(this.keys, this.table.returnId, this.row);
	}

	get orderNumber(): string {
		return keyText(this.keys, this.table.orderNumber, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}

	get unit(): string {
		return keyText(this.keys, this.table.unit, this.row);
	}

	get bagBarcode(): string {
		return keyText(this.keys, this.table.bagBarcode, this.row);
	}
}

class StoredManifest extends StoredRecord<ManifestTable> implements ManifestRecord {
	readonly shippedAt = this.table.shippedAt.at(this.row);
	readonly deliveredAt = nullWhenNaN(this.table.deliveredAt.at(this.row));

	get trackingNumber(): string {
		return keyText(this.keys, this.table.trackingNumber, this.row);
	}

	get orderNumber(): string {
		return keyText(this.keys, this.table.orderNumber, this.row);
	}

	get returnId(): string {
		return keyText(this.keys, this.table.returnId, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}

	get unit(): string {
		return keyText(this.keys, this.table.unit, this.row);
	}

	get bagBarcode(): string {
		return keyText(this.keys, this.table.bagBarcode, this.row);
	}
}

class StoredReceipt extends StoredRecord<ReceiptTable> implements ReceiptRecord {
	readonly quantity = this.table.quantity.at(this.row);
	readonly receivedAt = this.table.receivedAt.at(this.row);

	get trackingNumber(): string {
		return keyText(this.keys, this.table.trackingNumber, this.row);
	}

	get bagBarcode(): string {
		return keyText(this.keys, this.table.bagBarcode, this.row);
	}

	get returnId(): string {
		return keyText(this.keys, this.table.returnId, this.row);
	}

	get orderNumber(): string {
		return keyText(this.keys, this.table.orderNumber, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}

	get disposition(): string {
		return keyText(this.keys, this.table.disposition, this.row);
	}

	get unit(): string {
		return keyText(this.keys, this.table.unit, this.row);
	}
}

class StoredStockMovement extends StoredRecord<StockMovementTable> implements StockMovementRecord {
	readonly quantity = this.table.quantity.at(this.row);
	readonly movedAt = this.table.movedAt.at(this.row);

	get returnId(): string {
		return keyText(this.keys, this.table.returnId, this.row);
	}

	get orderNumber(): string {
		return keyText(this.keys, this.table.orderNumber, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}

	get warehouse(): string {
		return keyText(this.keys, this.table.warehouse, this.row);
	}
}

class StoredOrderLine extends StoredRecord<OrderLineTable> implements OrderLineRecord {
	readonly quantity = this.table.quantity.at(this.row);
	readonly unitPrice = this.table.money(
		this.table.unitPriceMinor.at(this.row),
		this.table.currency.at(this.row),
	);

	get orderNumber(): string {
		return keyText(this.keys, this.table.orderNumber, this.row);
	}

	get sku(): string {
		return keyText(this.keys, this.table.sku, this.row);
	}
}

function nullWhenNaN(value: number): number | null {
	return Number.isNaN(value) ? null : value;
}
