/**
 * The partitioned night's design (docs/scaling.md, "A night in partitions"), proven on the matcher
 * itself before 04 is changed: the records of a generated night split by the partition key
 * (harness/nightlyPartition.ts), one reconciliation per partition and one for the unlinked pool
 * rows, none of which keeps `lost_in_transit`, then a box step that runs only `lost_in_transit` on
 * the records of the order lines the partitions found lost. The exceptions are those of one run
 * over everything: ids, types, units, money, return ids, orders, summaries; on a first night, and
 * on a second one (nothing new) where each partition is given only its own register rows.
 *
 * The records are as the vendors hold them: Happy Returns rows of an Amazon order carry the Amazon
 * order id (the receipts and Centra's order the Centra number), a kept stock movement names only
 * its return, some receipts only their bag. Both sides are checked: the scenario has boxes across
 * partitions and pool rows, and a split that leaves the pool unclaimed, or lets a partition keep
 * its part of a box, gives a different register.
 */
import {
	defaultSettings,
	INPUT_INDEX,
	reconcile,
	type ExceptionChange,
	type InputKind,
	type RawInputs,
} from '../../nodes/ReconciliationMatcher/engine';
import type { KnownExceptionRow } from '../../nodes/ReconciliationMatcher/engine/lifecycle';
import { assignRows, orderPartition } from '../../harness/nightlyPartition';
import { ANOMALY_ORDER, generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import { Random } from '../../sandbox/scenario/random';

const AS_OF = '2026-11-20T00:00:00Z';
const KINDS = Object.keys(INPUT_INDEX) as InputKind[];
type Kind = InputKind;
type Row = Record<string, unknown>;
type Tagged = { kind: Kind; row: Row };

function scenario(seed: number): Scenario {
	const s = generateScenario({
		seed,
		returns: 400,
		// Every anomaly the generator plants, lost boxes more often (so several cross partitions).
		rates: Object.fromEntries(
			ANOMALY_ORDER.map((anomaly) => [anomaly, anomaly === 'lostInTransit' ? 0.08 : 0.02]),
		),
		asOf: AS_OF,
	});
	// Happy Returns carries an Amazon order's marketplace order id (sandbox/scenario/load.ts).
	const amazonId = new Map(
		s.orders.filter((o) => o.aliases).map((o) => [String(o.orderNumber), String(o.aliases)]),
	);
	const asHappyReturns = (row: Row) => ({
		...row,
		orderNumber: amazonId.get(String(row.orderNumber)) ?? row.orderNumber,
	});
	s.returnEvents = s.returnEvents.map(asHappyReturns);
	s.manifests = s.manifests.map(asHappyReturns);
	return s;
}

function settings(s: Scenario, checks?: ['lost_in_transit']) {
	const result = defaultSettings(Date.parse(s.asOf));
	result.dispositionMapping = new Map(Object.entries(s.dispositionMapping));
	result.inTransitWarehouse = s.inTransitWarehouse;
	if (checks) result.checks = checks;
	return result;
}

function inputsOf(records: readonly Tagged[]): RawInputs {
	return Object.fromEntries(
		KINDS.map((kind) => [kind, records.filter((r) => r.kind === kind).map((r) => r.row)]),
	) as RawInputs;
}

/** The row as the partition key reads it: the order a ledger row would hold, the return a movement names. */
function keyRow({ kind, row }: Tagged): Row {
	if (kind === 'refunds')
		return { ...row, orderNumber: String(row.merchantOrderId || row.orderId || '') };
	if (kind === 'stockMovements')
		return { ...row, returnId: /\bHR-\w+/.exec(String(row.reference))?.[0] ?? '' };
	return row;
}

/** Everything of an exception but where its evidence sits in the inputs (partitions number them apart). */
function comparable(changes: readonly ExceptionChange[]): string[] {
	return changes
		.map((c) => {
			const rest = Object.fromEntries(
				Object.entries(c).filter(([key]) => key !== 'evidence' && key !== 'details'),
			);
			return JSON.stringify(rest, Object.keys(rest).sort());
		})
		.sort();
}

interface Split {
	/** Each record's partition, or the unlinked execution. */
	partitionOf(record: Tagged): number | 'unlinked';
	/** Whether partitions keep their own lost_in_transit (the box step's absence). */
	boxesInPartitions?: boolean;
}

/** The design's split: the key, pool rows claimed as the matcher links them. */
function designSplit(records: readonly Tagged[], partitions: number, s: Scenario): Split {
	const aliases = new Map(
		s.orders.filter((o) => o.aliases).map((o) => [String(o.aliases), String(o.orderNumber)]),
	);
	const { partitionOf } = assignRows(records.map(keyRow), partitions, aliases);
	const byRecord = new Map(records.map((r, i) => [r, partitionOf[i]]));
	return { partitionOf: (record) => byRecord.get(record)! };
}

/** A night in partitions: one run per partition and for the unlinked rows, then the box step. */
function partitionedNight(
	s: Scenario,
	records: readonly Tagged[],
	partitions: number,
	split: Split,
	register: ReadonlyMap<string, number | 'unlinked' | 'box'> = new Map(),
	known: readonly KnownExceptionRow[] = [],
	order: (parts: Array<number | 'unlinked'>) => Array<number | 'unlinked'> = (parts) => parts,
): { changes: ExceptionChange[]; owner: Map<string, number | 'unlinked' | 'box'> } {
	const owner = new Map<string, number | 'unlinked' | 'box'>();
	const changes: ExceptionChange[] = [];
	const lostRecords: Tagged[] = [];
	const parts = order([...Array.from({ length: partitions }, (_, p) => p), 'unlinked']);
	for (const part of parts) {
		const own = records.filter((r) => split.partitionOf(r) === part);
		// Its own register rows only: it can close nothing of another partition's.
		const ownKnown = known.filter((row) => register.get(row.id) === part);
		const result = reconcile(inputsOf(own), settings(s), ownKnown);
		for (const change of result.changes) {
			if (change.type === 'lost_in_transit' && !split.boxesInPartitions) continue;
			changes.push(change);
			owner.set(change.id, part);
		}
		// The records of the order lines its lost lines belong to, for the box step.
		const lost = result.changes.filter((c) => c.type === 'lost_in_transit');
		const lostReturns = new Set(lost.flatMap((c) => c.returnIds ?? []));
		const teaching = own.filter((r) => lostReturns.has(String(r.row.returnId ?? '')));
		const keys = new Set(
			teaching.flatMap((r) => [
				`order|${String(r.row.orderNumber ?? '')}`,
				`bag|${String(r.row.bagBarcode ?? '')}`,
			]),
		);
		lostRecords.push(
			...own.filter(
				(r) =>
					lostReturns.has(String(r.row.returnId ?? '')) ||
					keys.has(`order|${String(keyRow(r).orderNumber ?? '')}`) ||
					keys.has(`order|${String(r.row.aliases ?? '')}`) ||
					(r.row.bagBarcode !== undefined && keys.has(`bag|${String(r.row.bagBarcode)}`)),
			),
		);
	}
	if (!split.boxesInPartitions) {
		const boxKnown = known.filter((row) => register.get(row.id) === 'box');
		const boxes = reconcile(inputsOf(lostRecords), settings(s, ['lost_in_transit']), boxKnown);
		for (const change of boxes.changes) {
			changes.push(change);
			owner.set(change.id, 'box');
		}
	}
	return { changes, owner };
}

const registerOf = (changes: readonly ExceptionChange[]): KnownExceptionRow[] =>
	changes.map((c) => ({
		id: c.id,
		type: c.type,
		status: c.status,
		firstSeenAt: c.firstSeenAt,
	}));

describe.each([21, 22])('a night in partitions gives the register of one run, seed %i', (seed) => {
	const s = scenario(seed);
	const records: Tagged[] = KINDS.flatMap((kind) => s[kind].map((row) => ({ kind, row })));
	const one = reconcile(inputsOf(records), settings(s));
	const secondOne = reconcile(inputsOf(records), settings(s), registerOf(one.changes));

	it('the scenario has what partitions must handle: boxes across partitions, pool rows, lost boxes', () => {
		expect(one.rejected).toEqual([]);
		expect(one.changes.length).toBeGreaterThan(40);
		const lost = one.changes.filter((c) => c.type === 'lost_in_transit');
		// A lost box whose lines are of orders in two partitions (of ten).
		const orderOf = new Map(
			s.orders.filter((o) => o.aliases).map((o) => [String(o.aliases), String(o.orderNumber)]),
		);
		const partitionsOf = (box: string) =>
			new Set(
				s.manifests
					.filter((m) => m.trackingNumber === box)
					.map((m) => orderPartition(orderOf.get(String(m.orderNumber)) ?? m.orderNumber, 10)),
			);
		expect(lost.some((c) => partitionsOf(String(c.trackingNumber)).size > 1)).toBe(true);
		const pool = records.filter((r) => orderPartition(keyRow(r).orderNumber, 10) === null);
		expect(new Set(pool.map((r) => r.kind))).toEqual(
			new Set(['returnEvents', 'manifests', 'receipts', 'stockMovements']),
		);
	});

	it.each([[2], [5], [10]])(
		'%i partitions: first night and second night (nothing new) equal one run in every field but evidence positions',
		(partitions) => {
			const split = designSplit(records, partitions, s);
			const first = partitionedNight(s, records, partitions, split);
			expect(comparable(first.changes)).toEqual(comparable(one.changes));
			const second = partitionedNight(
				s,
				records,
				partitions,
				split,
				first.owner,
				registerOf(first.changes),
			);
			expect(comparable(second.changes)).toEqual(comparable(secondOne.changes));
			expect(second.changes.filter((c) => c.change === 'resolved')).toEqual([]);
		},
	);

	it('partitions and the unlinked execution run in a shuffled order give the same register', () => {
		const split = designSplit(records, 10, s);
		const random = new Random(seed);
		const shuffled = (parts: Array<number | 'unlinked'>) => {
			const out = [...parts].reverse();
			for (let i = out.length - 1; i > 0; i--) {
				const j = Math.floor(random.next() * (i + 1));
				[out[i], out[j]] = [out[j], out[i]];
			}
			return out;
		};
		const night = partitionedNight(s, records, 10, split, new Map(), [], shuffled);
		expect(comparable(night.changes)).toEqual(comparable(one.changes));
	});

	it('a lost box across partitions is one exception naming every lost line, from the box step', () => {
		const split = designSplit(records, 10, s);
		const night = partitionedNight(s, records, 10, split);
		const lost = night.changes.filter((c) => c.type === 'lost_in_transit');
		expect(lost.length).toBe(one.changes.filter((c) => c.type === 'lost_in_transit').length);
		expect(new Set(lost.map((c) => night.owner.get(c.id)))).toEqual(new Set(['box']));
		expect(new Set(lost.map((c) => c.id)).size).toBe(lost.length);
		// Its return ids are of orders judged in different partitions, all on the one row.
		const returnPartition = new Map(
			records
				.filter((r) => r.kind === 'returnEvents')
				.map((r) => [String(r.row.returnId), split.partitionOf(r)]),
		);
		const spanning = lost.filter(
			(c) => new Set((c.returnIds ?? []).map((id) => returnPartition.get(id))).size > 1,
		);
		expect(spanning.length).toBeGreaterThan(0);
		for (const c of spanning)
			expect(one.changes.find((o) => o.id === c.id)?.returnIds).toEqual(c.returnIds);
	});

	it('can fail: pool rows left to the unlinked execution, or boxes kept by partitions, give another register', () => {
		const design = designSplit(records, 10, s);
		const poolUnclaimed: Split = {
			partitionOf: (r) => orderPartition(keyRow(r).orderNumber, 10) ?? 'unlinked',
		};
		expect(comparable(partitionedNight(s, records, 10, poolUnclaimed).changes)).not.toEqual(
			comparable(one.changes),
		);
		const boxesInPartitions: Split = { ...design, boxesInPartitions: true };
		expect(comparable(partitionedNight(s, records, 10, boxesInPartitions).changes)).not.toEqual(
			comparable(one.changes),
		);
	});

	it('a partition given every register row would close the others\u2019 rows: the design gives it its own', () => {
		const split = designSplit(records, 10, s);
		const first = partitionedNight(s, records, 10, split);
		const part = [...first.owner.values()].find((p) => typeof p === 'number') as number;
		const own = records.filter((r) => split.partitionOf(r) === part);
		const everyRow = reconcile(inputsOf(own), settings(s), registerOf(first.changes));
		expect(everyRow.changes.some((c) => c.change === 'resolved')).toBe(true);
	});
});
