/**
 * 04's partitioned night (docs/scaling.md, "A night in partitions"), through n8n's WorkflowExecute
 * against the sandboxes: with `nightlyPartitions` at 2, 5 or 10, 04 calls its own *When called*
 * entry once per partition, once for the pool rows no partition claimed, then once for the box
 * step, and marks the run complete. The oracle is 04 as one execution on the same data: the
 * register and the ledger after the night are the same, row for row, in every column but the
 * run-dependent ones (`RUN_DEPENDENT`). The scenario has what partitions must handle: boxes whose
 * lines are of orders in several partitions, Amazon orders, records with no order, bag-only
 * receipts, kept stock movements that name only their return.
 */
import type { IDataObject } from 'n8n-workflow';
import type { InMemoryDataTables } from '../../harness/dataTables';
import { orderPartition } from '../../harness/nightlyPartition';
import { loadTemplate, templateTables, type Template } from '../../harness/templateFiles';
import { runNight, seedNightly } from '../../scripts/bench/nightlyRun';

const NOW = '2026-06-30T02:00:00.000Z';
const DAY = 86_400_000;
const TABLES = ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'] as const;
/** Columns a run sets from its own clock or its row order, not from what it judged. */
const RUN_DEPENDENT = ['id', 'createdAt', 'updatedAt', 'processedAt', 'executionUrl'];

type World = Awaited<ReturnType<typeof seedNightly>>;

/** A copy of the world's tables (the sandboxes are only read by 04, so worlds share them). */
function copyTables(tables: InMemoryDataTables): InMemoryDataTables {
	const copy = templateTables();
	for (const table of TABLES)
		for (const row of tables.rows(table))
			copy.insert(
				table,
				Object.fromEntries(
					Object.entries(row).filter(([c]) => !['id', 'createdAt', 'updatedAt'].includes(c)),
				) as Parameters<InMemoryDataTables['insert']>[1],
			);
	return copy;
}

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));

/** A table as comparable lines: every column but the run-dependent ones, sorted. */
function contents(tables: InMemoryDataTables, table: (typeof TABLES)[number]): string[] {
	return tables
		.rows(table)
		.filter((r) => r.eventType !== 'reconciliation.completed')
		.map((r) =>
			JSON.stringify(
				Object.keys(r)
					.filter((c) => !RUN_DEPENDENT.includes(c))
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

describe('a night in 2, 5 or 10 partitions leaves the register and ledger of one execution', () => {
	const template = loadTemplate('04-nightly-reconciliation.json');
	let world: World | undefined;
	let one: InMemoryDataTables;
	const seeded: Record<string, InMemoryDataTables> = {};

	beforeAll(async () => {
		world = await seedNightly(150, 2424, undefined, {
			asOf: NOW,
			rates: {
				lostInTransit: 0.1,
				scanWithoutOrder: 0.05,
				missingOrderId: 0.05,
				missingStockMovement: 0.05,
				duplicateRefund: 0.05,
				orphanedRefund: 0.05,
				bagOnlyReceipt: 0.05,
				refundedNeverReturned: 0.05,
			},
		});
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
		const lines = one.rows('Returns Event Ledger').filter((r) => r.eventType === 'shipment.in_transit');
		const lost = register.filter((r) => r.type === 'lost_in_transit');
		const partitionsOf = (box: unknown) =>
			new Set(
				lines
					.filter((l) => l.trackingNumber === box)
					.map((l) => orderPartition(l.orderNumber, 10)),
			);
		expect(lost.some((r) => partitionsOf(r.trackingNumber).size > 1)).toBe(true);
		expect(
			one.rows('Returns Event Ledger').filter((r) => r.eventType === 'centra.stock_change' && !r.orderNumber)
				.length,
		).toBeGreaterThan(20);
	});

	it.each([[2], [5], [10]])(
		'%i partitions: the same register and ledger as one execution, one run marker',
		async (partitions) => {
			const tables = copyTables(seeded.first);
			const run = await runNight({ ...world!, tables }, template, Date.parse(NOW), partitions);
			// The parent read no ledger: the parts did, one call each.
			expect(run.executed).toEqual(
				expect.arrayContaining(['Run each partition', 'Run the unlinked rows', 'Run the box step']),
			);
			expect(run.executed).not.toContain('Event ledger');
			expect(run.output('Run each partition')).toHaveLength(partitions);
			for (const table of TABLES) expect(contents(tables, table)).toEqual(contents(one, table));
			expect(markers(tables)).toHaveLength(1);
		},
		600_000,
	);
});
