/**
 * All parsed records of one reconciliation run, as column tables sharing one key table, so that
 * a key seen in two inputs has the same id in both.
 */
import type { BagLink } from '../records';
import type { InputKind } from '../records';
import { IntColumn } from './columns';
import { KeyTable } from './keyTable';
import {
	ManifestTable,
	OrderLineTable,
	ReceiptTable,
	RefundTable,
	ReturnEventTable,
	StockMovementTable,
} from './recordTables';

/** Input number of each record set, used in SourceRef.input (the node's input order). */
export const INPUT_INDEX: Readonly<Record<InputKind, number>> = {
	refunds: 0,
	returnEvents: 1,
	manifests: 2,
	receipts: 3,
	stockMovements: 4,
	orders: 5,
};

/**
 * INPUT_INDEX[kind] without a lookup by a changing property name (millions of calls take V8's
 * slow path for that); an unknown input is an error.
 */
export function inputNumber(kind: InputKind): number {
	switch (kind) {
		case 'refunds':
			return INPUT_INDEX.refunds;
		case 'returnEvents':
			return INPUT_INDEX.returnEvents;
		case 'manifests':
			return INPUT_INDEX.manifests;
		case 'receipts':
			return INPUT_INDEX.receipts;
		case 'stockMovements':
			return INPUT_INDEX.stockMovements;
		case 'orders':
			return INPUT_INDEX.orders;
		default:
			throw new Error(`Unknown input "${String(kind)}"`);
	}
}

export class RecordStore {
	readonly keys = new KeyTable();
	readonly refunds = new RefundTable(this.keys, INPUT_INDEX.refunds);
	readonly returnEvents = new ReturnEventTable(this.keys, INPUT_INDEX.returnEvents);
	readonly manifests = new ManifestTable(this.keys, INPUT_INDEX.manifests);
	readonly receipts = new ReceiptTable(this.keys, INPUT_INDEX.receipts);
	readonly stockMovements = new StockMovementTable(this.keys, INPUT_INDEX.stockMovements);
	readonly orders = new OrderLineTable(this.keys, INPUT_INDEX.orders);
	/** return.bag_linked events: they only tie a bag barcode to a return. */
	readonly bagLinkReturn = new IntColumn();
	readonly bagLinkBag = new IntColumn();

	addBagLink(link: BagLink): void {
		this.bagLinkReturn.push(this.keys.id(link.returnId));
		this.bagLinkBag.push(this.keys.id(link.bagBarcode));
	}
}
