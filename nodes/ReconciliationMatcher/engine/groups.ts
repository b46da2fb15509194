/**
 * Joins all records into groups of one order line (order key + SKU), the unit of matching.
 * Records that carry no order number are tied to one through the return id, bag barcode or
 * tracking number they share with records that do; the rest are reported, never dropped.
 *
 * Everything here works on interned key ids and row numbers: a group is a range of row numbers
 * per input, and becomes record objects only when `group(g)` is called for its analysis.
 */
import { IntColumn } from './store/columns';
import type { KeyTable } from './store/keyTable';
import type { RecordStore } from './store/recordStore';
import type {
	ManifestRecord,
	OrderLineRecord,
	ReceiptRecord,
	RefundRecord,
	ReturnEventRecord,
	StockMovementRecord,
} from './types';

export class Group {
	refunds: RefundRecord[] = [];
	events: ReturnEventRecord[] = [];
	manifests: ManifestRecord[] = [];
	receipts: ReceiptRecord[] = [];
	movements: StockMovementRecord[] = [];
	orderLines: OrderLineRecord[] = [];

	constructor(
		readonly orderKey: string,
		readonly sku: string,
		/** True when the orders input lists this order. */
		readonly orderListed: boolean,
	) {}

	/** Return ids of the line's events, each once, in order of first appearance. */
	returnIds(): string[] {
		if (this.events.length === 1) return [this.events[0].returnId];
		const ids = new Set<string>();
		for (const event of this.events) ids.add(event.returnId);
		return [...ids];
	}
}

/** Which order each return id, bag and tracking number + SKU belongs to (key ids; 0 = none). */
class OrderResolver {
	readonly canon: Int32Array;
	readonly seen: Uint8Array;
	readonly byReturn: Int32Array;
	readonly byBag: Int32Array;
	readonly byTrackingSku = new Map<number, number>();

	constructor(private readonly keys: KeyTable) {
		const size = keys.size;
		this.canon = new Int32Array(size);
		for (let id = 0; id < size; id++) this.canon[id] = id;
		this.seen = new Uint8Array(size);
		this.byReturn = new Int32Array(size);
		this.byBag = new Int32Array(size);
	}

	note(order: number, returnId: number, bag: number): void {
		if (order === 0) return;
		this.seen[order] = 1;
		if (returnId !== 0 && this.byReturn[returnId] === 0) this.byReturn[returnId] = order;
		if (bag !== 0 && this.byBag[bag] === 0) this.byBag[bag] = order;
	}

	trackingSku(tracking: number, sku: number): number {
		return tracking * this.keys.size + sku;
	}

	viaLinks(returnId: number, bag: number, tracking: number, sku: number): number {
		return (
			(returnId !== 0 ? this.byReturn[returnId] : 0) ||
			(bag !== 0 ? this.byBag[bag] : 0) ||
			(tracking !== 0 ? (this.byTrackingSku.get(this.trackingSku(tracking, sku)) ?? 0) : 0)
		);
	}

	/** A stock movement's reference ("HR HR-0001 SKU-1 processed") names its return among its words. */
	viaReference(words: readonly number[]): number {
		for (const word of words) if (this.byReturn[word] !== 0) return this.byReturn[word];
		return 0;
	}
}

function buildResolver(store: RecordStore): OrderResolver {
	const resolver = new OrderResolver(store.keys);
	const { canon } = resolver;
	const { orders, returnEvents: events, manifests, receipts, stockMovements: movements } = store;
	for (let row = 0; row < orders.length; row++) {
		const order = orders.orderNumber.at(row);
		for (const alias of orders.aliasIds(row)) canon[alias] = order;
	}
	for (let row = 0; row < orders.length; row++) resolver.seen[orders.orderNumber.at(row)] = 1;
	for (let row = 0; row < events.length; row++) {
		resolver.note(
			canon[events.orderNumber.at(row)],
			events.returnId.at(row),
			events.bagBarcode.at(row),
		);
	}
	for (let row = 0; row < manifests.length; row++) {
		const returnId = manifests.returnId.at(row);
		const order = canon[manifests.orderNumber.at(row)] || resolver.byReturn[returnId];
		resolver.note(order, returnId, manifests.bagBarcode.at(row));
		if (order !== 0) {
			resolver.byTrackingSku.set(
				resolver.trackingSku(manifests.trackingNumber.at(row), manifests.sku.at(row)),
				order,
			);
		}
	}
	for (let row = 0; row < store.bagLinkReturn.length; row++) {
		const order = resolver.byReturn[store.bagLinkReturn.at(row)];
		const bag = store.bagLinkBag.at(row);
		if (order !== 0 && resolver.byBag[bag] === 0) resolver.byBag[bag] = order;
	}
	for (let row = 0; row < receipts.length; row++) {
		resolver.note(
			canon[receipts.orderNumber.at(row)],
			receipts.returnId.at(row),
			receipts.bagBarcode.at(row),
		);
	}
	for (let row = 0; row < movements.length; row++) {
		resolver.note(canon[movements.orderNumber.at(row)], movements.returnId.at(row), 0);
	}
	return resolver;
}

/** Rows of one input per group, in input order: group g's rows are list[start[g] .. start[g+1]). */
interface RowIndex {
	start: Int32Array;
	list: Int32Array;
}

function indexRows(rowGroup: Int32Array, groupCount: number): RowIndex {
	const start = new Int32Array(groupCount + 1);
	for (let row = 0; row < rowGroup.length; row++)
		if (rowGroup[row] >= 0) start[rowGroup[row] + 1]++;
	for (let g = 0; g < groupCount; g++) start[g + 1] += start[g];
	const next = start.slice(0, groupCount);
	const list = new Int32Array(start[groupCount]);
	for (let row = 0; row < rowGroup.length; row++) {
		const g = rowGroup[row];
		if (g >= 0) list[next[g]++] = row;
	}
	return { start, list };
}

function rowsOf<T>(index: RowIndex, g: number, get: (row: number) => T): T[] {
	const out: T[] = [];
	for (let i = index.start[g]; i < index.start[g + 1]; i++) out.push(get(index.list[i]));
	return out;
}

/** Order-line groups: (order, SKU) pairs in first-seen order, found through a per-order chain. */
class GroupTable {
	readonly order = new IntColumn();
	readonly sku = new IntColumn();
	private readonly next = new IntColumn();
	private readonly head: Int32Array;

	constructor(keyCount: number) {
		this.head = new Int32Array(keyCount).fill(-1);
	}

	find(order: number, sku: number): number {
		for (let g = this.head[order]; g !== -1; g = this.next.at(g))
			if (this.sku.at(g) === sku) return g;
		return -1;
	}

	findOrAdd(order: number, sku: number): number {
		const found = this.find(order, sku);
		if (found !== -1) return found;
		const g = this.order.length;
		this.order.push(order);
		this.sku.push(sku);
		this.next.push(this.head[order]);
		this.head[order] = g;
		return g;
	}
}

export class Grouping {
	readonly count: number;
	/** Refunds with neither order id nor merchant order id. */
	readonly unkeyedRefunds: RefundRecord[] = [];
	/** Amazon refunds without the seller order id that matched nothing by Amazon order id. */
	readonly unmatchedAmazonRefunds: RefundRecord[] = [];
	readonly unkeyedEvents: ReturnEventRecord[] = [];
	readonly unkeyedManifests: ManifestRecord[] = [];
	/** Receipts that no order number, return id, bag or tracking number ties to an order. */
	readonly orphanReceipts: ReceiptRecord[] = [];
	/** Receipts under a tracking number or bag that no manifest lists (only when manifests were given). */
	readonly offManifestReceipts: ReceiptRecord[] = [];
	/** True when an orders input was given, so an order missing from it is news. */
	readonly hasOrders: boolean;
	/** Order and SKU key ids of each group; the table that found them is not kept. */
	private readonly groupOrder: IntColumn;
	private readonly groupSku: IntColumn;
	private readonly listed: Uint8Array;
	private readonly index: Record<
		'refunds' | 'events' | 'manifests' | 'receipts' | 'movements' | 'orders',
		RowIndex
	>;

	constructor(private readonly store: RecordStore) {
		const {
			keys,
			refunds,
			returnEvents: events,
			manifests,
			receipts,
			stockMovements: movements,
			orders,
		} = store;
		const resolver = buildResolver(store);
		const { canon } = resolver;
		const groups = new GroupTable(keys.size);
		this.groupOrder = groups.order;
		this.groupSku = groups.sku;

		const refundGroup = new Int32Array(refunds.length).fill(-1);
		for (let row = 0; row < refunds.length; row++) {
			const merchant = canon[refunds.merchantOrderId.at(row)];
			const amazon = canon[refunds.orderId.at(row)];
			if (merchant === 0 && amazon === 0) {
				this.unkeyedRefunds.push(refunds.get(row));
				continue;
			}
			const order = resolver.seen[merchant]
				? merchant
				: resolver.seen[amazon]
					? amazon
					: merchant || amazon;
			if (
				merchant === 0 &&
				!resolver.seen[amazon] &&
				keys.text(refunds.channel.at(row)) === 'amazon'
			) {
				this.unmatchedAmazonRefunds.push(refunds.get(row));
			}
			refundGroup[row] = groups.findOrAdd(order, refunds.sku.at(row));
		}
		const eventGroup = new Int32Array(events.length).fill(-1);
		for (let row = 0; row < events.length; row++) {
			const order = canon[events.orderNumber.at(row)] || resolver.byReturn[events.returnId.at(row)];
			if (order === 0) this.unkeyedEvents.push(events.get(row));
			else eventGroup[row] = groups.findOrAdd(order, events.sku.at(row));
		}
		const manifestGroup = new Int32Array(manifests.length).fill(-1);
		const manifestTracking = new Uint8Array(keys.size);
		const manifestBags = new Uint8Array(keys.size);
		for (let row = 0; row < manifests.length; row++) {
			manifestTracking[manifests.trackingNumber.at(row)] = 1;
			manifestBags[manifests.bagBarcode.at(row)] = 1;
			const order =
				canon[manifests.orderNumber.at(row)] ||
				resolver.viaLinks(manifests.returnId.at(row), manifests.bagBarcode.at(row), 0, 0);
			if (order === 0) this.unkeyedManifests.push(manifests.get(row));
			else manifestGroup[row] = groups.findOrAdd(order, manifests.sku.at(row));
		}
		manifestBags[0] = 0;
		const receiptGroup = new Int32Array(receipts.length).fill(-1);
		for (let row = 0; row < receipts.length; row++) {
			const sku = receipts.sku.at(row);
			const tracking = receipts.trackingNumber.at(row);
			const bag = receipts.bagBarcode.at(row);
			if (
				manifests.length > 0 &&
				(tracking !== 0 || bag !== 0) &&
				manifestTracking[tracking] === 0 &&
				manifestBags[bag] === 0
			) {
				this.offManifestReceipts.push(receipts.get(row));
			}
			const order =
				canon[receipts.orderNumber.at(row)] ||
				resolver.viaLinks(
					receipts.returnId.at(row),
					receipts.bagBarcode.at(row),
					receipts.trackingNumber.at(row),
					sku,
				);
			if (order === 0) this.orphanReceipts.push(receipts.get(row));
			else receiptGroup[row] = groups.findOrAdd(order, sku);
		}
		const movementGroup = new Int32Array(movements.length).fill(-1);
		for (let row = 0; row < movements.length; row++) {
			const order =
				canon[movements.orderNumber.at(row)] ||
				resolver.viaLinks(movements.returnId.at(row), 0, 0, 0) ||
				resolver.viaReference(movements.words(row));
			// Movements that belong to no return are ordinary stock operations, not ours to judge.
			if (order !== 0) movementGroup[row] = groups.findOrAdd(order, movements.sku.at(row));
		}
		const orderGroup = new Int32Array(orders.length).fill(-1);
		this.listed = new Uint8Array(keys.size);
		for (let row = 0; row < orders.length; row++) {
			const order = orders.orderNumber.at(row);
			this.listed[order] = 1;
			orderGroup[row] = groups.find(order, orders.sku.at(row));
		}
		this.hasOrders = orders.length > 0;
		this.count = groups.order.length;
		this.index = {
			refunds: indexRows(refundGroup, this.count),
			events: indexRows(eventGroup, this.count),
			manifests: indexRows(manifestGroup, this.count),
			receipts: indexRows(receiptGroup, this.count),
			movements: indexRows(movementGroup, this.count),
			orders: indexRows(orderGroup, this.count),
		};
	}

	/** Group g (0 <= g < count) with its records, in input order. */
	group(g: number): Group {
		const { store, index } = this;
		const order = this.groupOrder.at(g);
		const group = new Group(
			store.keys.text(order),
			store.keys.text(this.groupSku.at(g)),
			this.listed[order] === 1,
		);
		group.refunds = rowsOf(index.refunds, g, (row) => store.refunds.get(row));
		group.events = rowsOf(index.events, g, (row) => store.returnEvents.get(row));
		group.manifests = rowsOf(index.manifests, g, (row) => store.manifests.get(row));
		group.receipts = rowsOf(index.receipts, g, (row) => store.receipts.get(row));
		group.movements = rowsOf(index.movements, g, (row) => store.stockMovements.get(row));
		group.orderLines = rowsOf(index.orders, g, (row) => store.orders.get(row));
		return group;
	}
}
