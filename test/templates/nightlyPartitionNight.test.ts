/**
 * 04's partitioned night (docs/scaling.md, "A night in partitions"), through n8n's WorkflowExecute
 * against the sandboxes: with `nightlyPartitions` at 2, 5 or 10, 04 calls its own *When called*
 * entry once per partition, once for the pool rows no partition claimed, then once for the box
 * step, and marks the run complete. The oracle is 04 as one execution on the same data: the
 * register and the ledger after the night are the same, row for row, in every column but the
 * run-dependent ones (`RUN_DEPENDENT`), a lost box's lines in the same order. The scenario has
 * what partitions must handle: boxes whose lines are of orders in several partitions, Amazon
 * orders, records with no order, bag-only receipts, kept stock movements that name only their
 * return.
 */
import type { IDataObject } from 'n8n-workflow';
import { InMemoryDataTables } from '../../harness/dataTables';
import { linkKeys, orderPartition } from '../../harness/nightlyPartition';
import { loadTemplate, templateTables, type Template } from '../../harness/templateFiles';
import {
	runNight,
	runPartitionedNight,
	seedNightly,
	seedPartitionedNight,
} from '../../scripts/bench/nightlyRun';
import { withSettings } from '../../harness/templateFiles';
import { SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { startAlertSink } from '../../sandbox/alerts/server';

const NOW = '2026-06-30T02:00:00.000Z';
const LEDGER = 'Returns Event Ledger';
const RECEIPTS = 'Warehouse Receipts';
const TABLES = [LEDGER, RECEIPTS, 'Exception Register'] as const;
/**
 * Columns a run sets from its own clock or its row order, not from what it judged, and the order key
 * a partitioned night writes on the pool rows it claims (one execution writes none; checked apart).
 */
const RUN_DEPENDENT = ['id', 'createdAt', 'updatedAt', 'processedAt', 'executionUrl', 'orderKey'];

type World = Awaited<ReturnType<typeof seedNightly>>;

/**
 * A copy of the world's tables (the sandboxes are only read by 04, so worlds share them), without
 * the columns named (as an install made them before a column was added).
 */
function copyTables(
	tables: InMemoryDataTables,
	dropped: readonly string[] = [],
): InMemoryDataTables {
	const copy = templateTables({ without: dropped });
	const kept = (c: string) => !['id', 'createdAt', 'updatedAt', ...dropped].includes(c);
	for (const table of TABLES)
		for (const row of tables.rows(table))
			copy.insert(
				table,
				Object.fromEntries(Object.entries(row).filter(([c]) => kept(c))) as Parameters<
					InMemoryDataTables['insert']
				>[1],
			);
	return copy;
}

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));

/** A table as comparable lines: every column but the run-dependent ones, sorted. */
function contents(
	tables: InMemoryDataTables,
	table: (typeof TABLES)[number],
	ignore: readonly string[] = [],
): string[] {
	return tables
		.rows(table)
		.filter((r) => r.eventType !== 'reconciliation.completed')
		.map((r) =>
			JSON.stringify(
				Object.keys(r)
					.filter((c) => !RUN_DEPENDENT.includes(c) && !ignore.includes(c))
					.sort()
					.map((c) => [c, text(r[c])]),
			),
		)
		.sort();
}

function markers(tables: InMemoryDataTables): IDataObject[] {
	return tables
		.rows('Returns Event Ledger')
		.filter((r) => r.eventType === 'reconciliation.completed') as IDataObject[];
}

/** 04 as runNight sets it up as of NOW, in `nightlyPartitions` parts, for a run a test drives itself. */
function nightAsOfNow(template: Template, nightlyPartitions: number): Template {
	return withSettings(template, {
		asOf: NOW,
		lookbackDays: 200,
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
		nightlyPartitions,
	});
}

/** 04 with the part order changed: the partitions' calls in `order` instead of 0 to N-1. */
function withPartOrder(template: Template, order: number[]): Template {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	const parts = copy.nodes.find((n) => n.name === 'Night parts')!;
	const assignment = (parts.parameters.assignments as { assignments: Array<{ value: string }> })
		.assignments[0];
	const from = 'Array.from({ length: n }, (_, p) => p)';
	expect(assignment.value).toContain(from);
	assignment.value = assignment.value.replace(from, JSON.stringify(order));
	return copy;
}

describe('a night in 2, 5, 10, 20 or 100 partitions leaves the register and ledger of one execution', () => {
	const template = loadTemplate('04-nightly-reconciliation.json');
	let world: World | undefined;
	let one: InMemoryDataTables;
	const seeded: Record<string, InMemoryDataTables> = {};

	beforeAll(async () => {
		world = await seedPartitionedNight(150, NOW);
		seeded.first = copyTables(world.tables);
		one = copyTables(world.tables);
		await runNight({ ...world, tables: one }, template, Date.parse(NOW));
	}, 600_000);
	afterAll(async () => {
		await world?.close();
	});

	it('the one-execution night raises what partitions must get right: lost boxes across partitions, pool rows', () => {
		const register = one.rows('Exception Register');
		expect(register.length).toBeGreaterThan(20);
		const lines = one
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'shipment.in_transit');
		const lost = register.filter((r) => r.type === 'lost_in_transit');
		const partitionsOf = (box: unknown) =>
			new Set(
				lines.filter((l) => l.trackingNumber === box).map((l) => orderPartition(l.orderNumber, 10)),
			);
		expect(lost.some((r) => partitionsOf(r.trackingNumber).size > 1)).toBe(true);
		expect(
			one
				.rows('Returns Event Ledger')
				.filter((r) => r.eventType === 'centra.stock_change' && !r.orderNumber).length,
		).toBeGreaterThan(20);
	});

	it.each([[2], [5], [10], [20], [100]])(
		'%i partitions: the same register and ledger as one execution, one run marker',
		async (partitions) => {
			const tables = copyTables(seeded.first);
			const run = await runNight({ ...world!, tables }, template, Date.parse(NOW), partitions);
			// The parent read no ledger: the parts did, one call each.
			expect(run.executed).toEqual(
				expect.arrayContaining(['Run each partition', 'Run the unlinked rows', 'Run the box step']),
			);
			expect(run.executed).not.toContain('Event ledger');
			// Every part judges something at up to 20 parts here; at 100 a few digits pairs have no live order
			// and return nothing (the empty-parts test below).
			const judged = run.output('Run each partition').length;
			if (partitions <= 20) expect(judged).toBe(partitions);
			else expect([judged > partitions / 2, judged <= partitions]).toEqual([true, true]);
			for (const table of TABLES) expect(contents(tables, table)).toEqual(contents(one, table));
			expect(markers(tables)).toHaveLength(1);
			// The run marker counts the lost boxes the box step holds open.
			const lostBoxes = tables
				.rows('Exception Register')
				.filter((r) => r.type === 'lost_in_transit' && r.status === 'open').length;
			expect(lostBoxes).toBeGreaterThan(0);
			expect(JSON.parse(String(markers(tables)[0].payload))).toMatchObject({
				partitions,
				lostBoxes,
			});
		},
		600_000,
	);

	it('a box whose lines are of orders in several partitions gets one lost_in_transit row naming every lost line', async () => {
		const tables = copyTables(seeded.first);
		const run = await runNight({ ...world!, tables }, template, Date.parse(NOW), 10);
		// Each part hands the box step the records of its lost lines' returns, orders and bags, and no
		// other: a record that names no order comes only by its return or its bag (at 100,000 returns
		// an empty order number once matched every such record, and the box step's input outgrew n8n's
		// expression limits).
		type BoxRow = { returnId?: string; orderNumber?: string; bagBarcode?: string };
		const boxes = run
			.output('Run each partition')
			.map(
				(i) => (i.json.partResult as { box: Record<string, Array<BoxRow & { row?: BoxRow }>> }).box,
			);
		expect(boxes.some((b) => b.returnEvents.length > 0)).toBe(true);
		for (const box of boxes) {
			const rows = [
				...box.returnEvents.map((e) => e.row ?? e),
				...box.shipmentLines,
				...box.receipts,
			];
			const named = rows.filter((r) => text(r.orderNumber) !== '');
			const returns = new Set(named.map((r) => text(r.returnId)));
			const bags = new Set(named.map((r) => text(r.bagBarcode)).filter((b) => b !== ''));
			const unnamed = rows.filter((r) => text(r.orderNumber) === '');
			expect(
				unnamed.filter((r) => !returns.has(text(r.returnId)) && !bags.has(text(r.bagBarcode))),
			).toEqual([]);
		}
		const lines = tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'shipment.in_transit');
		const lost = tables.rows('Exception Register').filter((r) => r.type === 'lost_in_transit');
		const spanning = lost.filter(
			(row) =>
				new Set(
					lines
						.filter((l) => l.trackingNumber === row.trackingNumber)
						.map((l) => orderPartition(l.orderNumber, 10)),
				).size > 1,
		);
		expect(spanning.length).toBeGreaterThan(0);
		for (const row of spanning) {
			expect(lost.filter((r) => r.trackingNumber === row.trackingNumber)).toHaveLength(1);
			const items = (
				JSON.parse(String(row.details)) as {
					details: { missingItems: Array<{ returnId: string }> };
				}
			).details.missingItems;
			const inOne = one.rows('Exception Register').find((r) => r.exceptionId === row.exceptionId)!;
			const itemsInOne = (
				JSON.parse(String(inOne.details)) as { details: { missingItems: unknown[] } }
			).details.missingItems;
			expect(items).toEqual(itemsInOne);
			expect(
				new Set(
					items.map((i) =>
						orderPartition(lines.find((l) => l.returnId === i.returnId)?.orderNumber, 10),
					),
				).size,
			).toBeGreaterThan(1);
		}
	}, 600_000);

	it("the night sends one alert message, one execution's, whatever the partitions", async () => {
		const sink = await startAlertSink();
		try {
			const settings = { alertWebhookUrl: sink.url };
			const oneTables = copyTables(seeded.first);
			await runNight({ ...world!, tables: oneTables }, template, Date.parse(NOW), 1, { settings });
			expect(sink.messages).toHaveLength(1);
			const oneMessage = sink.messages[0].text;
			// Every new row of an alerted severity (as shipped: critical and high) is counted, the box
			// step's lost boxes among them.
			const alerted = oneTables
				.rows('Exception Register')
				.filter((r) => ['critical', 'high'].includes(String(r.severity)));
			expect(alerted.some((r) => r.type === 'lost_in_transit')).toBe(true);
			expect(alerted.some((r) => r.type !== 'lost_in_transit')).toBe(true);
			expect(oneMessage).toMatch(
				new RegExp(`^${alerted.length} new returns exception\\(s\\) need action`),
			);
			for (const partitions of [2, 10]) {
				sink.messages.length = 0;
				const tables = copyTables(seeded.first);
				const run = await runNight({ ...world!, tables }, template, Date.parse(NOW), partitions, {
					settings,
				});
				expect(sink.messages.map((m) => m.text)).toEqual([oneMessage]);
				// Sent before the run is marked, as one execution does: a failed alert leaves the night unmarked.
				expect(run.executed.indexOf('Alert owners')).toBeLessThan(
					run.executed.indexOf('Mark the run complete'),
				);
				// Nothing new the next night: no message.
				sink.messages.length = 0;
				await runNight({ ...world!, tables }, template, Date.parse(NOW) + 3_600_000, partitions, {
					settings,
				});
				expect(sink.messages).toEqual([]);
			}
		} finally {
			await sink.close();
		}
	}, 600_000);

	it('partitions called in another order leave the same register', async () => {
		const tables = copyTables(seeded.first);
		await runNight(
			{ ...world!, tables },
			withPartOrder(template, [3, 0, 4, 2, 1]),
			Date.parse(NOW),
			5,
		);
		for (const table of TABLES) expect(contents(tables, table)).toEqual(contents(one, table));
	}, 600_000);

	it("a second night with nothing new changes nothing but the open rows' age, as one execution", async () => {
		const later = Date.parse(NOW) + 3_600_000;
		const tables = copyTables(seeded.first);
		await runNight({ ...world!, tables }, template, Date.parse(NOW), 5);
		// A later night refreshes each open row's age (by design): nothing else may change.
		const afterFirst = contents(tables, 'Exception Register', ['ageDays']);
		await runNight({ ...world!, tables }, template, later, 5);
		const oneAgain = copyTables(one);
		await runNight({ ...world!, tables: oneAgain }, template, later);
		for (const table of TABLES) expect(contents(tables, table)).toEqual(contents(oneAgain, table));
		expect(contents(tables, 'Exception Register', ['ageDays'])).toEqual(afterFirst);
		expect(markers(tables)).toHaveLength(2);
	}, 600_000);

	it('a vendor fault during one partition fails the night with the run marker unmoved; a rerun gives the register of one execution', async () => {
		const tables = copyTables(seeded.first);
		const nightly = nightAsOfNow(template, 5);
		// Centra answers 500 from the third partition's reads on (its Live records is the moment).
		let partsStarted = 0;
		const failed = await runPartitionedNight(nightly, {
			credentials: world!.credentials,
			dataTables: tables,
			onNodeTime: (_workflow, node) => {
				if (node === 'Live records' && ++partsStarted === 3)
					world!.centra.server.faults.set('*', { serverError: 1 });
			},
		});
		world!.centra.server.faults.clear();
		expect(failed.status).toBe('error');
		expect(failed.run.data.resultData.lastNodeExecuted).toBe('Run each partition');
		expect(failed.executed).not.toContain('Run the box step');
		expect(markers(tables)).toEqual([]);
		// The partitions before it wrote their rows: the rerun must converge on them, not start empty.
		expect(tables.rows('Exception Register').length).toBeGreaterThan(0);
		await runNight({ ...world!, tables }, template, Date.parse(NOW), 5);
		for (const table of TABLES) expect(contents(tables, table)).toEqual(contents(one, table));
		expect(markers(tables)).toHaveLength(1);
	}, 600_000);

	it('on tables made before the order key, a partitioned night stops naming the column before the parts; one execution runs as before', async () => {
		// The tables as an install made them before 14 added `orderKey` to the ledger and the receipts.
		const old = copyTables(seeded.first, ['orderKey']);
		const night = nightAsOfNow(template, 10);
		const failed = await runPartitionedNight(night, {
			credentials: world!.credentials,
			dataTables: old,
		});
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(/orderKey/);
		expect(failed.executed).not.toContain('Run each partition');
		expect(markers(old)).toEqual([]);
		await runNight({ ...world!, tables: old }, template, Date.parse(NOW));
		for (const table of TABLES) expect(contents(old, table)).toEqual(contents(one, table));
	}, 600_000);
});

/** A world seeded before a describe block's tests and closed after them. */
function seededWorld(seed: () => Promise<World>): () => World {
	let world: World | undefined;
	beforeAll(async () => {
		world = await seed();
	}, 600_000);
	afterAll(async () => {
		await world?.close();
	});
	return () => world!;
}

describe('a box lost with one order: the next night in partitions reads that order in its own partition only', () => {
	// The nightly benchmark's scenario (one return in ten with an anomaly, every kind) at 600 returns
	// as of this date holds such a box whose order was refunded at the Return Bar. Its open
	// lost_in_transit row names that order, and every part reads the open lost_in_transit rows: a
	// part that made the row's order live read its credit note without the return records in
	// another partition, and raised an orphaned refund ("with no return record") one execution does not.
	const AS_OF = '2026-12-02T03:00:00.000Z';
	const template = loadTemplate('04-nightly-reconciliation.json');
	const world = seededWorld(() => seedNightly(600, 2424, undefined, { asOf: AS_OF }));

	it('two nights in 10 partitions leave the register of one execution; from the second night a part reads about a tenth of the rows', async () => {
		const one = copyTables(world().tables);
		const parts = copyTables(world().tables);
		const refunded = new Set(
			world()
				.scenario.refunds.filter((r) => r.channel === 'storefront')
				.map((r) => String(r.orderId)),
		);
		expect(contents(one, 'Exception Register')).toEqual([]);
		const largestRead: number[] = [];
		for (const at of [Date.parse(AS_OF), Date.parse(AS_OF) + 3_600_000]) {
			await runNight({ ...world(), tables: one }, template, at);
			const run = await runNight({ ...world(), tables: parts }, template, at, 10);
			for (const table of TABLES) expect(contents(parts, table)).toEqual(contents(one, table));
			// What each partition read of the ledger and the receipts, against what the tables hold.
			const held = parts.rows(LEDGER).length + parts.rows(RECEIPTS).length;
			const reads = run
				.output('Run each partition')
				.map((i) => i.json.partResult as { rowsRead: { ledger: number; receipts: number } })
				.map((p) => p.rowsRead.ledger + p.rowsRead.receipts);
			expect(reads).toHaveLength(10);
			largestRead.push(Math.max(...reads) / held);
			expectOrderKeys(parts);
			if (at === Date.parse(AS_OF)) {
				// What the second night must get right is there.
				const oneOrderBoxes = one
					.rows('Exception Register')
					.filter(
						(r) =>
							r.type === 'lost_in_transit' &&
							r.status === 'open' &&
							refunded.has(String(r.orderNumber)),
					);
				expect(oneOrderBoxes.length).toBeGreaterThan(0);
			}
		}
		// The first night every part reads the whole pool (a third of the rows here); once the pool
		// rows carry their order, a part reads its tenth and the few rows no order links.
		expect(largestRead[0]).toBeGreaterThan(0.3);
		expect(largestRead[1]).toBeLessThan(0.15);
	}, 600_000);
});

const AMAZON_ORDER_ID = /^.{3}-.{7}-/s;

/**
 * After a partitioned night every row that names no Centra order carries an order key: the order
 * the matcher's link rules give it from the rows that name one (its Amazon order id, its return,
 * its bag and SKU, its box and SKU), or `pool` where none does; rows with an order number carry none.
 */
function expectOrderKeys(tables: InMemoryDataTables): void {
	const orderOf = new Map<string, string>();
	for (const table of [LEDGER, RECEIPTS])
		for (const r of tables.rows(table)) {
			const order = text(r.orderNumber);
			if (order === '' || AMAZON_ORDER_ID.test(order)) continue;
			if (text(r.orderId) !== '' && text(r.orderId) !== order)
				orderOf.set(`amazon|${text(r.orderId)}`, order);
			for (const k of linkKeys(r)) if (!orderOf.has(k)) orderOf.set(k, order);
		}
	const keys = { ordered: 0, pool: 0 };
	for (const table of [LEDGER, RECEIPTS])
		for (const r of tables.rows(table)) {
			if (r.eventType === 'reconciliation.completed') continue;
			const order = text(r.orderNumber);
			const where = `${table} ${text(r.eventId ?? r.returnId)}`;
			if (order !== '' && !AMAZON_ORDER_ID.test(order)) {
				expect([where, text(r.orderKey)]).toEqual([where, '']);
				continue;
			}
			const expected =
				[`amazon|${order}`, ...linkKeys(r)].map((k) => orderOf.get(k)).find((o) => o) ?? 'pool';
			expect([where, text(r.orderKey)]).toEqual([where, expected]);
			keys[expected === 'pool' ? 'pool' : 'ordered']++;
		}
	// Both kinds are there: rows the link rules give an order, rows none does.
	expect(keys.ordered).toBeGreaterThan(100);
	expect(keys.pool).toBeGreaterThan(0);
}

describe('a night whose parts have nothing to judge still completes', () => {
	// A part with no live order (and a box step with no lost line) runs no Reconcile and returns no
	// item: the night must go on to the next part, the box step, the alert and the run marker.
	const template = loadTemplate('04-nightly-reconciliation.json');
	const world = seededWorld(() => seedNightly(4, 2424, undefined, { asOf: NOW, rates: {} }));

	it('in 10 partitions, most of them empty, the night is marked and the register is one execution’s', async () => {
		const one = copyTables(world().tables);
		const parts = copyTables(world().tables);
		await runNight({ ...world(), tables: one }, template, Date.parse(NOW));
		const run = await runNight({ ...world(), tables: parts }, template, Date.parse(NOW), 10);
		const judged = run.output('Run each partition').length;
		expect(judged).toBeGreaterThan(0);
		expect(judged).toBeLessThan(10);
		expect(run.executed).toContain('Mark the run complete');
		expect(markers(parts)).toHaveLength(1);
		for (const table of TABLES) expect(contents(parts, table)).toEqual(contents(one, table));
		// And with nothing new at all the next night.
		await runNight({ ...world(), tables: parts }, template, Date.parse(NOW) + 3_600_000, 10);
		expect(markers(parts)).toHaveLength(2);
	}, 600_000);
});

describe('a night in parts keeps its window in slices, one execution each', () => {
	// The parent of a partitioned night keeps the window's Amazon refunds, stock movements and new
	// credit notes through one execution per slice of the window (as many slices as parts), so no
	// execution holds the whole window's listings (at 100,000 returns they were most of what the
	// parent held and saved). Slices meet end to end: a record posted at a boundary is kept once.
	const template = loadTemplate('04-nightly-reconciliation.json');
	const PARTS = 5;
	const DAY = 86_400_000;
	// The first night reads lookbackDays (200) back from asOf: five slices of 40 days.
	const boundary = (i: number) =>
		new Date(Date.parse(NOW) - 200 * DAY + i * 40 * DAY).toISOString();
	const world = seededWorld(async () => {
		const seeded = await seedPartitionedNight(80, NOW);
		// One returned stock movement and one Amazon refund moved onto the boundary of slices 1 and 2.
		const movement = seeded.centra.state.stockChanges.find((c) => c.comment.includes('HR '))!;
		movement.createdAt = boundary(2);
		const refund = seeded.amazon.state.events.find((e) => e.principalMinor < 0 && !e.noOrderId)!;
		refund.postedAt = Date.parse(boundary(2));
		return Object.assign(seeded, {
			moved: { movement: movement.id, refund: refund.amazonOrderId },
		});
	});

	it('each slice reads its own stretch of the window, the parent none of it; the ledger is one execution’s, each record once', async () => {
		const { moved } = world() as World & { moved: { movement: number; refund: string } };
		const one = copyTables(world().tables);
		const parts = copyTables(world().tables);
		const whole = await runNight({ ...world(), tables: one }, template, Date.parse(NOW));
		const run = await runNight({ ...world(), tables: parts }, template, Date.parse(NOW), PARTS);

		const listings = ['Amazon refunds', 'Centra stock movements', 'New storefront refunds'];
		for (const listing of listings) expect(run.executed).not.toContain(listing);
		const slices = run.executions.filter((e) => e.run.data.resultData.runData['Slice kept']);
		expect(slices).toHaveLength(PARTS);
		const items = (execution: typeof whole, node: string) =>
			(execution.run.data.resultData.runData[node]?.[0]?.data?.main[0] ?? []).map((i) => i.json);
		const kept = run.output('Keep each slice').map((i) => i.json.sliceKept as IDataObject);
		expect(kept.map((k) => [k.slice, k.readFrom])).toEqual(
			Array.from({ length: PARTS }, (_, i) => [i, boundary(i)]),
		);
		for (const [i, slice] of slices.entries()) {
			const { readFrom, readTo } = kept[i] as { readFrom: string; readTo: string };
			expect([i, readTo]).toEqual([i, i === PARTS - 1 ? NOW : boundary(i + 1)]);
			for (const m of items(slice, 'Centra stock movements'))
				expect([i, String(m.createdAt) >= readFrom && String(m.createdAt) <= readTo]).toEqual([
					i,
					true,
				]);
		}
		// Together the slices read every record the whole night reads.
		const ids = (execution: typeof whole, node: string, key: string) =>
			new Set(items(execution, node).map((r) => String(r[key])));
		const union = (node: string, key: string) =>
			new Set(slices.flatMap((s) => [...ids(s, node, key)]));
		for (const [node, key] of [
			['Centra stock movements', 'id'],
			['Amazon refunds', 'refundId'],
			['New storefront refunds', 'orderId'],
		])
			expect([node, [...union(node, key)].sort()]).toEqual([
				node,
				[...ids(whole, node, key)].sort(),
			]);

		for (const table of TABLES) expect(contents(parts, table)).toEqual(contents(one, table));
		const eventIds = parts
			.rows(LEDGER)
			.filter((r) => r.eventType !== 'reconciliation.completed')
			.map((r) => String(r.eventId));
		expect(eventIds.length - new Set(eventIds).size).toBe(0);
		// The records on the boundary are in the ledger, once.
		expect(
			eventIds.filter(
				(id) =>
					id === `centra.stock_change:${moved.movement}` ||
					id.startsWith(`centra.stock_change:${moved.movement}:`),
			),
		).toHaveLength(1);
		const onBoundary = parts
			.rows(LEDGER)
			.filter((r) => r.eventType === 'amazon.refund' && r.orderId === moved.refund)
			.map((r) => JSON.parse(String(r.payload)) as { refundedAt: string })
			.filter((p) => p.refundedAt === boundary(2));
		expect(onBoundary).toHaveLength(1);
	}, 600_000);
});
