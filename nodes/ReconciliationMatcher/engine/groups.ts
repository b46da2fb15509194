/**
 * Joins all records into groups of one order line (order key + SKU), the unit of matching.
 * Records that carry no order number are tied to one through the return id, bag barcode or
 * tracking number they share with records that do; the rest are reported, never dropped.
 *
 * Everything here works on interned key ids and row numbers: a group is a range of row numbers
 * per input, and becomes record objects only when `group(g)` is called for its analysis.
 */
import { IntColumn } from './store/columns';
import { PairTable } from './store/pairTable';
import { linkRule, type LinkStep } from './linkRules';
import type { InputKind } from './records';
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
		if (this.events.length === 0) return [];
		// Most lines are one return (its started and dropped-off scans): no set for them.
		const first = this.events[0].returnId;
		let one = true;
		for (let i = 1; i < this.events.length && one; i++) one = this.events[i].returnId === first;
		if (one) return [first];
		const ids = new Set<string>();
		for (const event of this.events) ids.add(event.returnId);
		return [...ids];
	}
}

/**
 * Which order each return id, bag + SKU and tracking number + SKU belongs to (key ids; 0 = none,
 * AMBIGUOUS = several orders). When the Orders input is given, an order it lists wins over one
 * it does not (a mistyped order number on one record does not capture the return).
 */
class OrderResolver {
	readonly canon: Int32Array;
	readonly seen: Uint8Array;
	readonly listed: Uint8Array;
	readonly byReturn: Int32Array;
	/** Orders whose return was dropped in each bag (first seen); bag + SKU is the real link. */
	readonly byBag: Int32Array;
	/** Bag a return was linked to by a bag_linked event. */
	readonly linkedBag: Int32Array;
	readonly byBagSku = new PairTable();
	readonly byTrackingSku = new PairTable();
	readonly trackingKnown: Uint8Array;

	constructor(keys: KeyTable) {
		const size = keys.size;
		this.canon = new Int32Array(size);
		for (let id = 0; id < size; id++) this.canon[id] = id;
		this.seen = new Uint8Array(size);
		this.listed = new Uint8Array(size);
		this.byReturn = new Int32Array(size);
		this.byBag = new Int32Array(size);
		this.linkedBag = new Int32Array(size);
		this.trackingKnown = new Uint8Array(size);
	}

	private better(current: number, order: number): boolean {
		return current === 0 || (this.listed[current] === 0 && this.listed[order] === 1);
	}

	private put(table: PairTable, a: number, b: number, order: number): void {
		const current = table.get(a, b);
		if (current === 0 || (current > 0 && this.better(current, order))) table.set(a, b, order);
		else if (current !== order && current > 0 && !this.better(order, current))
			table.set(a, b, AMBIGUOUS);
	}

	note(order: number, returnId: number, bag: number, sku = 0, tracking = 0): void {
		if (order === 0) return;
		this.seen[order] = 1;
		if (returnId !== 0 && this.better(this.byReturn[returnId], order))
			this.byReturn[returnId] = order;
		if (bag !== 0 && this.better(this.byBag[bag], order)) this.byBag[bag] = order;
		if (bag !== 0 && sku !== 0) this.put(this.byBagSku, bag, sku, order);
		if (tracking !== 0 && sku !== 0) {
			this.trackingKnown[tracking] = 1;
			this.put(this.byTrackingSku, tracking, sku, order);
		}
	}

	/**
	 * The order of a record tied only by bag or shipment: the return in it whose lines hold the
	 * record's SKU. AMBIGUOUS when several do, or when the bag or shipment is known but none of its
	 * lines holds the SKU; 0 when the bag or shipment is unknown.
	 */
	private viaPair(table: PairTable, known: number, a: number, sku: number): number {
		if (a === 0) return 0;
		const order = table.get(a, sku);
		if (order !== 0) return order;
		return known !== 0 ? AMBIGUOUS : 0;
	}

	/**
	 * The order the first of `steps` finds (see LINK_RULES): a step that finds an order, or finds
	 * the link ambiguous, decides; 0 when none does.
	 */
	via(
		steps: readonly LinkStep[],
		returnId: number,
		bag: number,
		tracking: number,
		sku: number,
		words: () => readonly number[],
	): number {
		for (const step of steps) {
			let order = 0;
			switch (step) {
				case 'return id':
					order = returnId !== 0 ? this.byReturn[returnId] : 0;
					break;
				case 'bag + SKU':
					order = this.viaPair(this.byBagSku, bag !== 0 ? this.byBag[bag] : 0, bag, sku);
					break;
				case 'tracking number + SKU':
					order = this.viaPair(this.byTrackingSku, this.trackingKnown[tracking], tracking, sku);
					break;
				case 'reference words':
					for (const word of words()) {
						if (this.byReturn[word] !== 0) {
							order = this.byReturn[word];
							break;
						}
					}
					break;
				default:
					throw new Error(`Link step "${step}" does not find a record's order`);
			}
			if (order !== 0) return order;
		}
		return 0;
	}
}

/** A link to several orders (or to a bag or shipment none of whose lines holds the SKU). */
const AMBIGUOUS = -1;

/** Which links an input's rows give the others (LINK_RULES' `teaches`). */
function teaches(input: InputKind): { returnId: boolean; bag: boolean; tracking: boolean } {
	const steps = linkRule(input).teaches;
	return {
		returnId: steps.includes('return id'),
		bag: steps.includes('bag + SKU'),
		tracking: steps.includes('tracking number + SKU'),
	};
}

const NO_WORDS = (): readonly number[] => [];

function buildResolver(store: RecordStore): OrderResolver {
	const resolver = new OrderResolver(store.keys);
	const { canon } = resolver;
	const { orders, returnEvents: events, manifests, receipts, stockMovements: movements } = store;
	for (let row = 0; row < orders.length; row++) {
		const order = orders.orderNumber.at(row);
		for (const alias of orders.aliasIds(row)) canon[alias] = order;
	}
	for (let row = 0; row < orders.length; row++) {
		resolver.seen[orders.orderNumber.at(row)] = 1;
		resolver.listed[orders.orderNumber.at(row)] = 1;
	}
	for (let row = 0; row < store.bagLinkReturn.length; row++)
		resolver.linkedBag[store.bagLinkReturn.at(row)] = store.bagLinkBag.at(row);
	let t = teaches('returnEvents');
	for (let row = 0; row < events.length; row++) {
		const returnId = events.returnId.at(row);
		resolver.note(
			canon[events.orderNumber.at(row)],
			t.returnId ? returnId : 0,
			t.bag ? events.bagBarcode.at(row) || resolver.linkedBag[returnId] : 0,
			events.sku.at(row),
		);
	}
	t = teaches('manifests');
	for (let row = 0; row < manifests.length; row++) {
		const returnId = manifests.returnId.at(row);
		const order = canon[manifests.orderNumber.at(row)] || resolver.byReturn[returnId];
		resolver.note(
			order,
			t.returnId ? returnId : 0,
			t.bag ? manifests.bagBarcode.at(row) : 0,
			manifests.sku.at(row),
			t.tracking ? manifests.trackingNumber.at(row) : 0,
		);
	}
	t = teaches('receipts');
	for (let row = 0; row < receipts.length; row++) {
		resolver.note(
			canon[receipts.orderNumber.at(row)],
			t.returnId ? receipts.returnId.at(row) : 0,
			t.bag ? receipts.bagBarcode.at(row) : 0,
			receipts.sku.at(row),
			t.tracking ? receipts.trackingNumber.at(row) : 0,
		);
	}
	t = teaches('stockMovements');
	for (let row = 0; row < movements.length; row++) {
		resolver.note(
			canon[movements.orderNumber.at(row)],
			t.returnId ? movements.returnId.at(row) : 0,
			0,
		);
	}
	return resolver;
}

/**
 * Unit identity of a manifest line: tracking number, bag, return id, SKU and unit within the
 * order line. The same line delivered twice is one unit; lines without a unit id that are
 * otherwise equal are one line delivered twice (give the unit to list several units).
 */
function sameManifestLine(a: ManifestRecord, b: ManifestRecord): boolean {
	return (
		a.unit === b.unit &&
		a.trackingNumber === b.trackingNumber &&
		a.bagBarcode === b.bagBarcode &&
		a.returnId === b.returnId &&
		a.sku === b.sku
	);
}

/**
 * Unit identity of a receipt: tracking number, bag, return id, SKU and unit. With a unit id, the
 * unit received twice is one unit (the earliest receipt counts); without one, a receipt is also
 * told apart by its time, quantity and grade, so only the same row delivered twice is merged.
 */
function sameReceiptUnit(a: ReceiptRecord, b: ReceiptRecord): boolean {
	return (
		a.unit === b.unit &&
		a.trackingNumber === b.trackingNumber &&
		a.bagBarcode === b.bagBarcode &&
		a.returnId === b.returnId &&
		a.sku === b.sku &&
		(a.unit !== '' ||
			(a.receivedAt === b.receivedAt &&
				a.quantity === b.quantity &&
				a.disposition === b.disposition))
	);
}

/** A stock movement delivered twice: same return, warehouse, signed quantity and time. */
function sameMovement(a: StockMovementRecord, b: StockMovementRecord): boolean {
	return (
		a.movedAt === b.movedAt &&
		a.quantity === b.quantity &&
		a.warehouse === b.warehouse &&
		a.returnId === b.returnId
	);
}

/** Order lines of one order and SKU equal in quantity and price are one line delivered twice. */
function sameOrderLine(a: OrderLineRecord, b: OrderLineRecord): boolean {
	return (
		a.quantity === b.quantity &&
		(a.unitPrice?.amountMinor ?? null) === (b.unitPrice?.amountMinor ?? null) &&
		(a.unitPrice?.currency ?? null) === (b.unitPrice?.currency ?? null)
	);
}

/**
 * The records of one order line without repeats. A line holds a few records, so comparing pairs
 * costs less than building an identity string for each.
 */
function uniqueBy<T>(records: T[], same: (a: T, b: T) => boolean): T[] {
	if (records.length < 2) return records;
	let out: T[] | null = null;
	for (let i = 1; i < records.length; i++) {
		let repeat = false;
		for (let j = 0; j < i && !repeat; j++) repeat = same(records[j], records[i]);
		if (repeat && out === null) out = records.slice(0, i);
		else if (!repeat && out !== null) out.push(records[i]);
	}
	return out ?? records;
}

function uniqueManifests(lines: ManifestRecord[]): ManifestRecord[] {
	return uniqueBy(lines, sameManifestLine);
}

function uniqueReceipts(receipts: ReceiptRecord[]): ReceiptRecord[] {
	if (receipts.length < 2) return receipts;
	// Earliest first (then by grade), so which copy of a unit counts does not depend on input order.
	const sorted = [...receipts].sort(
		(a, b) =>
			a.receivedAt - b.receivedAt ||
			(a.disposition < b.disposition ? -1 : a.disposition > b.disposition ? 1 : 0) ||
			a.quantity - b.quantity,
	);
	return uniqueBy(sorted, sameReceiptUnit);
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

/** A record whose written order is not in the Orders input, linked to a listed order instead. */
export interface MistypedOrder {
	record: ReceiptRecord | ReturnEventRecord | ManifestRecord;
	input: 'receipt' | 'returnEvent' | 'manifest';
	writtenOrder: string;
	linkedOrder: string;
}

/** A record tied by bag or tracking number to several orders, or to none holding its SKU. */
export interface AmbiguousLink {
	record: ReceiptRecord | ManifestRecord;
	input: 'receipt' | 'manifest';
	/** Orders of the returns in that bag or shipment. */
	candidates: string[];
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
	readonly mistyped: MistypedOrder[] = [];
	readonly ambiguous: AmbiguousLink[] = [];
	/** SKUs (text) of unit refunds from Amazon that no order could be found for. */
	readonly unlinkedAmazonSkus = new Set<string>();
	/** True when an orders input was given, so an order missing from it is news. */
	readonly hasOrders: boolean;
	/** Order and SKU key ids of each group; the table that found them is not kept. */
	private readonly groupOrder: IntColumn;
	private readonly groupSku: IntColumn;
	private readonly listed: Uint8Array;
	/** Orders (key ids) with a return record (event, manifest line or receipt) on any line. */
	private readonly orderReturned: Uint8Array;
	private readonly index: Record<
		'refunds' | 'events' | 'manifests' | 'receipts' | 'movements' | 'orders',
		RowIndex
	>;

	/** `ordersComplete`: the Orders input was read for the other inputs' orders, so empty means none exists. */
	constructor(
		private readonly store: RecordStore,
		ordersComplete = false,
	) {
		this.hasOrders = ordersComplete || store.orders.length > 0;
		const rows = this.assignRows(store);
		this.groupOrder = rows.groupOrder;
		this.groupSku = rows.groupSku;
		this.listed = rows.listed;
		this.count = rows.groupOrder.length;
		// The resolver and the group finder died with assignRows: at a million returns they are
		// the largest arrays of the grouping, and need not be held while the rows are indexed.
		this.index = {
			refunds: indexRows(rows.refunds, this.count),
			events: indexRows(rows.events, this.count),
			manifests: indexRows(rows.manifests, this.count),
			receipts: indexRows(rows.receipts, this.count),
			movements: indexRows(rows.movements, this.count),
			orders: indexRows(rows.orders, this.count),
		};
		this.orderReturned = new Uint8Array(store.keys.size);
		for (let g = 0; g < this.count; g++) {
			const { events: e, manifests: m, receipts: r } = this.index;
			if (e.start[g + 1] > e.start[g] || m.start[g + 1] > m.start[g] || r.start[g + 1] > r.start[g])
				this.orderReturned[this.groupOrder.at(g)] = 1;
		}
	}

	/**
	 * Finds each row's group (its row number in the arrays returned; -1 = none) and records the rows
	 * reported instead (unkeyed, orphaned, off-manifest, mistyped, ambiguous).
	 */
	private assignRows(
		store: RecordStore,
	): Record<
		'refunds' | 'events' | 'manifests' | 'receipts' | 'movements' | 'orders',
		Int32Array
	> & { groupOrder: IntColumn; groupSku: IntColumn; listed: Uint8Array } {
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
		const { canon, listed } = resolver;
		const { hasOrders } = this;
		const groups = new GroupTable(keys.size);
		/**
		 * The order a record written with `written` belongs to: the written order, unless the Orders
		 * input does not list it and the record's links (return id, bag or tracking + SKU) reach an
		 * order it does list: then the written number is a typo, linked through the return.
		 */
		/** The written order stands: given, and listed (or no Orders input to list it). */
		const isFinal = (written: number): boolean =>
			written !== 0 && (!hasOrders || listed[written] === 1);
		const resolve = (
			written: number,
			link: () => number,
			onTypo: (linked: number) => void,
		): number => {
			if (isFinal(written)) return written;
			const linked = link();
			if (written === 0) return linked;
			if (linked > 0 && listed[linked] === 1) {
				onTypo(linked);
				return linked;
			}
			return written;
		};

		const refundIds = linkRule('refunds').written;
		const refundGroup = new Int32Array(refunds.length).fill(-1);
		for (let row = 0; row < refunds.length; row++) {
			const merchant = canon[refunds.merchantOrderId.at(row)];
			const amazon = canon[refunds.orderId.at(row)];
			if (merchant === 0 && amazon === 0) {
				this.unkeyedRefunds.push(refunds.get(row));
				continue;
			}
			if (
				merchant === 0 &&
				!resolver.seen[amazon] &&
				keys.text(refunds.channel.at(row)) === 'amazon'
			) {
				// Reported once as a missing merchant order id; not also an orphan under the Amazon id.
				const refund = refunds.get(row);
				this.unmatchedAmazonRefunds.push(refund);
				if (refund.quantity > 0) this.unlinkedAmazonSkus.add(refund.sku);
				continue;
			}
			// The first written id (LINK_RULES order) that any input knows decides; else the first given.
			let order = 0;
			let first = 0;
			for (const step of refundIds) {
				const id =
					step === 'merchant order id' ? merchant : step === 'amazon order id' ? amazon : 0;
				if (first === 0) first = id;
				if (id !== 0 && resolver.seen[id] === 1) {
					order = id;
					break;
				}
			}
			refundGroup[row] = groups.findOrAdd(order || first, refunds.sku.at(row));
		}
		const eventLinks = linkRule('returnEvents').via;
		const eventGroup = new Int32Array(events.length).fill(-1);
		for (let row = 0; row < events.length; row++) {
			const returnId = events.returnId.at(row);
			const written = canon[events.orderNumber.at(row)];
			// Most rows name a listed order: decided here, without the closures of the slow path.
			const order = isFinal(written)
				? written
				: resolve(
						written,
						() => resolver.via(eventLinks, returnId, 0, 0, events.sku.at(row), NO_WORDS),
						(linked) => this.typo(events.get(row), 'returnEvent', written, linked),
					);
			if (order <= 0) this.unkeyedEvents.push(events.get(row));
			else eventGroup[row] = groups.findOrAdd(order, events.sku.at(row));
		}
		const manifestLinks = linkRule('manifests').via;
		const manifestGroup = new Int32Array(manifests.length).fill(-1);
		const manifestTracking = new Uint8Array(keys.size);
		const manifestBags = new Uint8Array(keys.size);
		const manifestReturns = new Uint8Array(keys.size);
		for (let row = 0; row < manifests.length; row++) {
			manifestTracking[manifests.trackingNumber.at(row)] = 1;
			manifestBags[manifests.bagBarcode.at(row)] = 1;
			manifestReturns[manifests.returnId.at(row)] = 1;
			const written = canon[manifests.orderNumber.at(row)];
			const sku = manifests.sku.at(row);
			const order = isFinal(written)
				? written
				: resolve(
						written,
						() =>
							resolver.via(
								manifestLinks,
								manifests.returnId.at(row),
								manifests.bagBarcode.at(row),
								manifests.trackingNumber.at(row),
								sku,
								NO_WORDS,
							),
						(linked) => this.typo(manifests.get(row), 'manifest', written, linked),
					);
			if (order === AMBIGUOUS)
				this.ambiguous.push({ record: manifests.get(row), input: 'manifest', candidates: [] });
			else if (order === 0) this.unkeyedManifests.push(manifests.get(row));
			else manifestGroup[row] = groups.findOrAdd(order, sku);
		}
		manifestBags[0] = 0;
		manifestReturns[0] = 0;
		// A return is on a manifest when a manifest line names it or lists the bag it was dropped in.
		for (let row = 0; row < events.length; row++) {
			const returnId = events.returnId.at(row);
			if (manifestBags[events.bagBarcode.at(row) || resolver.linkedBag[returnId]] === 1)
				manifestReturns[returnId] = 1;
		}
		const receiptLinks = linkRule('receipts').via;
		const receiptGroup = new Int32Array(receipts.length).fill(-1);
		for (let row = 0; row < receipts.length; row++) {
			const sku = receipts.sku.at(row);
			const tracking = receipts.trackingNumber.at(row);
			const bag = receipts.bagBarcode.at(row);
			const returnId = receipts.returnId.at(row);
			const onManifest =
				tracking !== 0 || bag !== 0
					? manifestTracking[tracking] === 1 || manifestBags[bag] === 1
					: manifestReturns[returnId] === 1;
			if (manifests.length > 0 && !onManifest) this.offManifestReceipts.push(receipts.get(row));
			const written = canon[receipts.orderNumber.at(row)];
			const order = isFinal(written)
				? written
				: resolve(
						written,
						() => resolver.via(receiptLinks, returnId, bag, tracking, sku, NO_WORDS),
						(linked) => this.typo(receipts.get(row), 'receipt', written, linked),
					);
			if (order === AMBIGUOUS)
				this.ambiguous.push({ record: receipts.get(row), input: 'receipt', candidates: [] });
			else if (order === 0) this.orphanReceipts.push(receipts.get(row));
			else receiptGroup[row] = groups.findOrAdd(order, sku);
		}
		const movementLinks = linkRule('stockMovements').via;
		const movementGroup = new Int32Array(movements.length).fill(-1);
		for (let row = 0; row < movements.length; row++) {
			const returnId = movements.returnId.at(row);
			const written = canon[movements.orderNumber.at(row)];
			const order = isFinal(written)
				? written
				: resolve(
						written,
						() =>
							resolver.via(movementLinks, returnId, 0, 0, movements.sku.at(row), () =>
								movements.words(row),
							),
						() => undefined,
					);
			// Movements that belong to no return are ordinary stock operations, not ours to judge.
			if (order > 0) movementGroup[row] = groups.findOrAdd(order, movements.sku.at(row));
		}
		const orderGroup = new Int32Array(orders.length).fill(-1);
		const listedOrders = new Uint8Array(keys.size);
		for (let row = 0; row < orders.length; row++) {
			const order = orders.orderNumber.at(row);
			listedOrders[order] = 1;
			orderGroup[row] = groups.find(order, orders.sku.at(row));
		}
		if (this.ambiguous.length > 0) this.fillCandidates(resolver);
		return {
			refunds: refundGroup,
			events: eventGroup,
			manifests: manifestGroup,
			receipts: receiptGroup,
			movements: movementGroup,
			orders: orderGroup,
			groupOrder: groups.order,
			groupSku: groups.sku,
			listed: listedOrders,
		};
	}

	private typo(
		record: MistypedOrder['record'],
		input: MistypedOrder['input'],
		written: number,
		linked: number,
	): void {
		const { keys } = this.store;
		this.mistyped.push({
			record,
			input,
			writtenOrder: keys.text(written),
			linkedOrder: keys.text(linked),
		});
	}

	/** The orders of the returns in each ambiguous record's bag or shipment, for a person to choose. */
	private fillCandidates(resolver: OrderResolver): void {
		const { store } = this;
		const byBag = new Map<string, Set<string>>();
		const byTracking = new Map<string, Set<string>>();
		const add = (map: Map<string, Set<string>>, key: string, order: string) => {
			if (key === '' || order === '') return;
			const set = map.get(key) ?? new Set<string>();
			set.add(order);
			map.set(key, set);
		};
		const orderText = (id: number) => (id > 0 ? store.keys.text(id) : '');
		const { returnEvents: events, manifests } = store;
		for (let row = 0; row < events.length; row++) {
			const returnId = events.returnId.at(row);
			const bag = events.bagBarcode.at(row) || resolver.linkedBag[returnId];
			const order = resolver.canon[events.orderNumber.at(row)] || resolver.byReturn[returnId];
			add(byBag, orderText(bag), orderText(order));
		}
		for (let row = 0; row < manifests.length; row++) {
			const order =
				resolver.canon[manifests.orderNumber.at(row)] ||
				resolver.byReturn[manifests.returnId.at(row)];
			add(byBag, orderText(manifests.bagBarcode.at(row)), orderText(order));
			add(byTracking, orderText(manifests.trackingNumber.at(row)), orderText(order));
		}
		for (const entry of this.ambiguous) {
			const { bagBarcode, trackingNumber } = entry.record;
			const found = new Set([
				...(byBag.get(bagBarcode) ?? []),
				...(bagBarcode === '' ? (byTracking.get(trackingNumber) ?? []) : []),
			]);
			entry.candidates = [...found].sort();
		}
	}

	/** True when the order of group g has a return record on any of its lines. */
	orderHasReturn(g: number): boolean {
		return this.orderReturned[this.groupOrder.at(g)] === 1;
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
		group.manifests = uniqueManifests(
			rowsOf(index.manifests, g, (row) => store.manifests.get(row)),
		);
		group.receipts = uniqueReceipts(rowsOf(index.receipts, g, (row) => store.receipts.get(row)));
		group.movements = uniqueBy(
			rowsOf(index.movements, g, (row) => store.stockMovements.get(row)),
			sameMovement,
		);
		group.orderLines = uniqueBy(
			rowsOf(index.orders, g, (row) => store.orders.get(row)),
			sameOrderLine,
		);
		return group;
	}
}
