/**
 * The partition key of the nightly reconciliation (04) run in partitions: which rows of the Event
 * Ledger and the Warehouse Receipts one partition reads by their order number, with the Data Table
 * filters the templates already use. The design is in docs/scaling.md ("The nightly reconciliation
 * at scale"); this module is its reference for rows as the writers leave them: the tests hold the
 * filters to it and the benchmark counts a scenario's rows with it. 04 adds the order key on top
 * (`orderKey`, written by a partitioned night): a pool row a partition claimed carries the claiming
 * order's number and is read by that order's last digit like a row of its own, so from the second
 * partitioned night the pool a partition reads is only the rows no order links yet.
 *
 * A row belongs to the partition of the ending of its order number (Centra's order numbers are
 * numbers): its last digit when the count divides ten, its last two digits when it divides a
 * hundred (20, 25, 50, 100), so each partition is a fixed set of endings and its read is one
 * `like '%<ending>'` condition per ending, plus one `eq` per one-digit order number a two-digit
 * ending cannot match (`05` and the order number `5`). The pool is what names no Centra order: a
 * row without an order number (a stock movement names only its return; a bag-only receipt), and an
 * Amazon refund kept under its Amazon order id (no seller order id: the matcher links it to a
 * Centra order through that order's marketplace order id, which may end in another digit). Every
 * partition reads the pool and keeps the rows of its own returns and Amazon orders; what no
 * partition claims is judged by one more execution, the unlinked one.
 */

/** Partition counts whose partitions are whole sets of endings of one or two digits. */
export const NIGHTLY_PARTITION_COUNTS = [1, 2, 5, 10, 20, 25, 50, 100] as const;

export type NightlyPartitionCount = (typeof NIGHTLY_PARTITION_COUNTS)[number];

/** A Data Table node's row filter, as the templates write it (`matchType`, `filters.conditions`). */
export interface DataTableRead {
	matchType: 'anyCondition' | 'allConditions';
	conditions: Array<{ keyName: string; condition: string; keyValue?: string }>;
}

export function isPartitionCount(value: number): value is NightlyPartitionCount {
	return (NIGHTLY_PARTITION_COUNTS as readonly number[]).includes(value);
}

function checkedCount(partitions: number): NightlyPartitionCount {
	if (!isPartitionCount(partitions))
		throw new Error(
			`nightlyPartitions must be one of ${NIGHTLY_PARTITION_COUNTS.join(', ')} (a divisor of ten or a hundred: each partition is a set of endings of the order number); got ${partitions}`,
		);
	return partitions;
}

/** How many last digits tell the partitions apart: one up to ten partitions, two above. */
export function endingWidth(partitions: number): 1 | 2 {
	return 10 % checkedCount(partitions) === 0 ? 1 : 2;
}

/** The endings (last digit, or last two digits) partition `partition` of `partitions` reads. */
export function partitionDigits(partition: number, partitions: number): string[] {
	const count = checkedCount(partitions);
	if (!Number.isInteger(partition) || partition < 0 || partition >= count)
		throw new Error(`partition must be 0 to ${count - 1}; got ${partition}`);
	const width = endingWidth(count);
	return Array.from({ length: 10 ** width }, (_, v) => String(v).padStart(width, '0')).filter(
		(ending) => Number(ending) % count === partition,
	);
}

/** The one-digit order numbers a partition owns that its two-digit endings cannot match. */
export function partitionWholeNumbers(partition: number, partitions: number): string[] {
	if (endingWidth(partitions) === 1) return [];
	return partitionDigits(partition, partitions)
		.filter((ending) => ending.startsWith('0'))
		.map((ending) => ending.slice(1));
}

/**
 * Amazon's order id (3-7-7 digits, the Orders API's `AmazonOrderId`) is read by the pool, not by its
 * last digit. Told apart by what a `like` can say: two dashes (Centra's order numbers have none).
 * Only `%` is a wildcard in n8n's Data Table `like`: the service escapes `_` (so `___` matches three
 * underscores; harness/dataTables.ts cites the source), and a pattern needs its `%`, or n8n reads it
 * as "contains".
 */
const AMAZON_ORDER_ID = /-[\s\S]*-/;
const AMAZON_ORDER_ID_LIKE = '%-%-%';

/**
 * The partition of an order number, or null when it names no Centra order: the row is in the pool. An order
 * number that does not end in digits (one, or two above ten partitions) is in no partition and not in
 * the pool either (no Data Table filter reads "does not end in a digit"): `keyOutsideDigits` names it so
 * a caller can refuse it.
 */
export function orderPartition(orderNumber: unknown, partitions: number): number | null {
	const count = checkedCount(partitions);
	const key = String(orderNumber ?? '').trim();
	if (key === '' || AMAZON_ORDER_ID.test(key)) return null;
	const ending = key.slice(-endingWidth(count));
	if (!/^[0-9]+$/.test(ending)) throw new Error(keyOutsideDigits(key, count));
	return Number(ending) % count;
}

export function keyOutsideDigits(orderNumber: string, partitions = 10): string {
	return endingWidth(partitions) === 1
		? `order number "${orderNumber}" does not end in a digit: no partition reads it (run 04 with nightlyPartitions 1)`
		: `order number "${orderNumber}" does not end in two digits: no partition reads it (run 04 with nightlyPartitions 1, 2, 5 or 10)`;
}

/**
 * The Data Table read of one partition's rows: any of its endings, or any of its one-digit order
 * numbers (above ten partitions). The `%` is needed: n8n's
 * Data Table service reads a `like` value without one as "contains", which would give a row to
 * every partition whose digit appears anywhere in its order number.
 */
export function partitionRead(
	partition: number,
	partitions: number,
	column = 'orderNumber',
): DataTableRead {
	return {
		matchType: 'anyCondition',
		conditions: [
			...partitionDigits(partition, partitions).map((ending) => ({
				keyName: column,
				condition: 'like',
				keyValue: `%${ending}`,
			})),
			...partitionWholeNumbers(partition, partitions).map((whole) => ({
				keyName: column,
				condition: 'eq',
				keyValue: whole,
			})),
		],
	};
}

/**
 * The Data Table read of the pool: rows without an order number, or under an Amazon order id. A
 * partition's own read (`partitionRead`) also returns the Amazon-id rows of its last digits: it
 * drops them (`inPartitionRead`), the pool read gives them to every partition.
 */
export function poolRead(column = 'orderNumber'): DataTableRead {
	return {
		matchType: 'anyCondition',
		conditions: [
			{ keyName: column, condition: 'isEmpty' },
			{ keyName: column, condition: 'like', keyValue: AMAZON_ORDER_ID_LIKE },
		],
	};
}

/** Whether a row a partition's read returned is the partition's own (not a pool row). */
export function inPartitionRead(orderNumber: unknown): boolean {
	return !AMAZON_ORDER_ID.test(String(orderNumber ?? '').trim());
}

/**
 * A ledger row or receipt: partitioning reads its `orderNumber`, and for a pool row the keys the
 * matcher links a row without an order through (linkRules.ts): `returnId`, `bagBarcode` with
 * `sku`, `trackingNumber` with `sku`, and an Amazon order id in `orderNumber`.
 */
export type PartitionedRow = Readonly<Record<string, unknown>>;

const text = (value: unknown) => String(value ?? '').trim();

/** The keys through which a row links to an order (or teaches its order to another row). */
export function linkKeys(row: PartitionedRow): string[] {
	const keys: string[] = [];
	if (text(row.returnId)) keys.push(`return|${text(row.returnId)}`);
	if (text(row.bagBarcode)) keys.push(`bag|${text(row.bagBarcode)}|${text(row.sku)}`);
	if (text(row.trackingNumber)) keys.push(`box|${text(row.trackingNumber)}|${text(row.sku)}`);
	return keys;
}

/**
 * Where each row is judged: the partition of its order number; a pool row in the partition whose
 * own rows share its first link key (its return, its bag and SKU, its box and SKU), or of the
 * Centra order whose marketplace order id it names (`aliases`: Amazon order id to Centra order
 * number, as a partition learns them from its Centra orders); else in the unlinked execution
 * (`'unlinked'`). A pool row whose key the rows of two partitions share is `ambiguous` (the matcher
 * would see several candidate orders; one partition sees one): it goes to the unlinked execution.
 */
export function assignRows(
	rows: readonly PartitionedRow[],
	partitions: number,
	aliases: ReadonlyMap<string, string> = new Map(),
): {
	partitionOf: Array<number | 'unlinked'>;
	ambiguous: number[];
} {
	// A row teaches its keys when its partition is known without them: by its order number, or by
	// the Centra order whose marketplace order id it names.
	const direct = rows.map((row) => {
		const own = orderPartition(row.orderNumber, partitions);
		if (own !== null) return own;
		const alias = aliases.get(text(row.orderNumber));
		return alias === undefined ? null : orderPartition(alias, partitions);
	});
	const taught = new Map<string, Set<number>>();
	rows.forEach((row, index) => {
		const partition = direct[index];
		if (partition === null) return;
		for (const key of linkKeys(row)) taught.set(key, (taught.get(key) ?? new Set()).add(partition));
	});
	const ambiguous: number[] = [];
	const partitionOf = rows.map((row, index): number | 'unlinked' => {
		const own = direct[index];
		if (own !== null) return own;
		for (const key of linkKeys(row)) {
			const candidates = taught.get(key);
			if (!candidates) continue;
			if (candidates.size > 1) {
				ambiguous.push(index);
				return 'unlinked';
			}
			return [...candidates][0];
		}
		return 'unlinked';
	});
	return { partitionOf, ambiguous };
}
