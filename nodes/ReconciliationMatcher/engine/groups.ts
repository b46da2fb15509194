/**
 * Joins all records into groups of one order line (order key + SKU), the unit of matching.
 * Records that carry no order number are tied to one through the return id, bag barcode or
 * tracking number they share with records that do; the rest are reported, never dropped.
 */
import type { BagLink } from './records';
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
	) {}
}

export interface RecordSets {
	refunds: RefundRecord[];
	returnEvents: ReturnEventRecord[];
	bagLinks: BagLink[];
	manifests: ManifestRecord[];
	receipts: ReceiptRecord[];
	stockMovements: StockMovementRecord[];
	orders: OrderLineRecord[];
}

export interface Grouping {
	groups: Map<string, Group>;
	/** Refunds with neither order id nor merchant order id. */
	unkeyedRefunds: RefundRecord[];
	/** Amazon refunds without the seller order id that matched nothing by Amazon order id. */
	unmatchedAmazonRefunds: RefundRecord[];
	unkeyedEvents: ReturnEventRecord[];
	unkeyedManifests: ManifestRecord[];
	/** Receipts that no order number, return id, bag or tracking number ties to an order. */
	orphanReceipts: ReceiptRecord[];
	/** Normalised order numbers that appear in the orders input (empty when it was not given). */
	knownOrders: Set<string>;
	manifestTracking: Set<string>;
	manifestBags: Set<string>;
}

const SEPARATOR = '\u0001';
const REFERENCE_TOKENS = /[\s:|,;/#=]+/;

export function groupKey(orderKey: string, sku: string): string {
	return orderKey + SEPARATOR + sku;
}

class OrderResolver {
	readonly aliases = new Map<string, string>();
	readonly known = new Set<string>();
	readonly byReturn = new Map<string, string>();
	readonly byBag = new Map<string, string>();
	readonly byTrackingSku = new Map<string, string>();

	canonical(order: string): string {
		return this.aliases.get(order) ?? order;
	}

	seen(order: string): boolean {
		return this.known.has(order);
	}

	note(order: string, returnId: string, bag: string): void {
		if (order === '') return;
		this.known.add(order);
		if (returnId !== '' && !this.byReturn.has(returnId)) this.byReturn.set(returnId, order);
		if (bag !== '' && !this.byBag.has(bag)) this.byBag.set(bag, order);
	}

	viaLinks(returnId: string, bag: string, tracking: string, sku: string): string {
		return (
			(returnId && this.byReturn.get(returnId)) ||
			(bag && this.byBag.get(bag)) ||
			(tracking && this.byTrackingSku.get(tracking + SEPARATOR + sku)) ||
			''
		);
	}

	viaReference(reference: string): string {
		for (const token of reference.toUpperCase().split(REFERENCE_TOKENS)) {
			const order = token && this.byReturn.get(token);
			if (order) return order;
		}
		return '';
	}
}

function buildResolver(sets: RecordSets): OrderResolver {
	const resolver = new OrderResolver();
	for (const line of sets.orders) {
		for (const alias of line.aliases) resolver.aliases.set(alias, line.orderNumber);
		resolver.known.add(line.orderNumber);
	}
	for (const event of sets.returnEvents) {
		resolver.note(resolver.canonical(event.orderNumber), event.returnId, event.bagBarcode);
	}
	for (const manifest of sets.manifests) {
		const order = resolver.canonical(manifest.orderNumber) || resolver.byReturn.get(manifest.returnId) || '';
		resolver.note(order, manifest.returnId, manifest.bagBarcode);
		if (order) resolver.byTrackingSku.set(manifest.trackingNumber + SEPARATOR + manifest.sku, order);
	}
	for (const link of sets.bagLinks) {
		const order = resolver.byReturn.get(link.returnId);
		if (order && !resolver.byBag.has(link.bagBarcode)) resolver.byBag.set(link.bagBarcode, order);
	}
	for (const receipt of sets.receipts) resolver.note(resolver.canonical(receipt.orderNumber), receipt.returnId, receipt.bagBarcode);
	for (const movement of sets.stockMovements) resolver.note(resolver.canonical(movement.orderNumber), movement.returnId, '');
	return resolver;
}

export function groupRecords(sets: RecordSets): Grouping {
	const resolver = buildResolver(sets);
	const groups = new Map<string, Group>();
	const groupFor = (order: string, sku: string): Group => {
		const id = order + SEPARATOR + sku;
		let group = groups.get(id);
		if (!group) {
			group = new Group(order, sku);
			groups.set(id, group);
		}
		return group;
	};
	const result: Grouping = {
		groups,
		unkeyedRefunds: [],
		unmatchedAmazonRefunds: [],
		unkeyedEvents: [],
		unkeyedManifests: [],
		orphanReceipts: [],
		knownOrders: new Set(sets.orders.map((line) => line.orderNumber)),
		manifestTracking: new Set(sets.manifests.map((m) => m.trackingNumber)),
		manifestBags: new Set(sets.manifests.map((m) => m.bagBarcode).filter((bag) => bag !== '')),
	};

	for (const refund of sets.refunds) {
		const merchant = resolver.canonical(refund.merchantOrderId);
		const amazon = resolver.canonical(refund.orderId);
		if (merchant === '' && amazon === '') {
			result.unkeyedRefunds.push(refund);
			continue;
		}
		const order = resolver.seen(merchant) ? merchant : resolver.seen(amazon) ? amazon : merchant || amazon;
		if (merchant === '' && !resolver.seen(amazon) && refund.channel === 'amazon') {
			result.unmatchedAmazonRefunds.push(refund);
		}
		groupFor(order, refund.sku).refunds.push(refund);
	}
	for (const event of sets.returnEvents) {
		const order = resolver.canonical(event.orderNumber) || resolver.byReturn.get(event.returnId) || '';
		if (order === '') result.unkeyedEvents.push(event);
		else groupFor(order, event.sku).events.push(event);
	}
	for (const manifest of sets.manifests) {
		const order = resolver.canonical(manifest.orderNumber) || resolver.viaLinks(manifest.returnId, manifest.bagBarcode, '', '');
		if (order === '') result.unkeyedManifests.push(manifest);
		else groupFor(order, manifest.sku).manifests.push(manifest);
	}
	for (const receipt of sets.receipts) {
		const order =
			resolver.canonical(receipt.orderNumber) ||
			resolver.viaLinks(receipt.returnId, receipt.bagBarcode, receipt.trackingNumber, receipt.sku);
		if (order === '') result.orphanReceipts.push(receipt);
		else groupFor(order, receipt.sku).receipts.push(receipt);
	}
	for (const movement of sets.stockMovements) {
		const order =
			resolver.canonical(movement.orderNumber) ||
			resolver.viaLinks(movement.returnId, '', '', '') ||
			resolver.viaReference(movement.reference);
		// Movements that belong to no return are ordinary stock operations, not ours to judge.
		if (order !== '') groupFor(order, movement.sku).movements.push(movement);
	}
	for (const line of sets.orders) {
		const group = groups.get(line.orderNumber + SEPARATOR + line.sku);
		if (group) group.orderLines.push(line);
	}
	return result;
}
