/**
 * The partition key of a partitioned nightly run (harness/nightlyPartition.ts; design in
 * docs/scaling.md): a row is read by the partition of its order number's last digit, through the
 * real Data Table node with the filters the template would carry, and a row without an order
 * number is in the pool. Checked two ways: the filters against the key on order numbers of every
 * shape the vendors give (Centra's numbers, ones holding every digit, Amazon's ids, which go to the pool), and the key
 * against a night as 04 leaves it (its kept stock movements name only their return): every return's
 * rows land in one partition, and hub boxes do hold lines of several partitions, the case the
 * design's box step exists for.
 */
import type { IDataObject } from 'n8n-workflow';
import { executeNode } from '../../harness/executeNode';
import { runWorkflow } from '../../harness/runWorkflow';
import {
	assignRows,
	inPartitionRead,
	NIGHTLY_PARTITION_COUNTS,
	orderPartition,
	partitionRead,
	poolRead,
	type DataTableRead,
} from '../../harness/nightlyPartition';
import { loadTemplate, templateTables } from '../../harness/templateFiles';
import { runNight, seedPartitionedNight, type seedNightly } from '../../scripts/bench/nightlyRun';

const LEDGER = 'Returns Event Ledger';

/** The ledger rows (their event ids) a Data Table node reads with `read`, as a template's read node would. */
async function rowsRead(
	tables: ReturnType<typeof templateTables>,
	read: DataTableRead,
): Promise<string[]> {
	const run = await executeNode({
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		parameters: {
			resource: 'row',
			operation: 'get',
			dataTableId: { __rl: true, mode: 'name', value: LEDGER },
			matchType: read.matchType,
			filters: { conditions: read.conditions },
			returnAll: true,
			options: {},
		},
		inputs: [{ json: {} }],
		dataTables: tables,
	});
	if (run.status !== 'success') throw new Error(run.error?.message);
	return run.outputs[0].map((item) => String(item.json.eventId)).sort();
}

describe('a partitioned night reads each ledger row in exactly one partition, by the real Data Table node', () => {
	// Centra order numbers (every last digit, every digit inside), Amazon order ids, rows without one.
	const orderNumbers = [
		...Array.from({ length: 30 }, (_, i) => String(1_000_000 + i * 37)),
		'1234567890',
		'9876543210',
		'111-2223334-4445550',
		'403-9988776-6655449',
		'',
		// One- and two-digit numbers: above ten partitions a two-digit ending cannot match '5'.
		'5',
		'0',
		'42',
		'100',
	];
	const tables = templateTables();
	orderNumbers.forEach((orderNumber, i) =>
		tables.insert(LEDGER, {
			eventId: `event-${i}`,
			eventType: 'return.started',
			orderNumber,
			returnId: `HR-${i}`,
		}),
	);
	tables.insert(LEDGER, {
		eventId: 'movement-without-order',
		eventType: 'centra.stock_change',
		returnId: 'HR-0',
	});
	const all = tables
		.rows(LEDGER)
		.map((r) => String(r.eventId))
		.sort();
	const expected = (partition: number, partitions: number) =>
		tables
			.rows(LEDGER)
			.filter((r) => orderPartition(r.orderNumber, partitions) === partition)
			.map((r) => String(r.eventId))
			.sort();

	it.each(NIGHTLY_PARTITION_COUNTS.map((n) => [n]))(
		'%i partitions: each reads the rows of its last digits; with the pool they cover the ledger once',
		async (partitions) => {
			const read: string[][] = [];
			for (let p = 0; p < partitions; p++) {
				// What the partition keeps of its read: an Amazon order id is the pool's.
				const rows = (await rowsRead(tables, partitionRead(p, partitions))).filter((id) =>
					inPartitionRead(tables.rows(LEDGER).find((r) => r.eventId === id)!.orderNumber),
				);
				expect(rows).toEqual(expected(p, partitions));
				read.push(rows);
			}
			const pool = await rowsRead(tables, poolRead());
			expect(pool.sort()).toEqual(['event-32', 'event-33', 'event-34', 'movement-without-order']);
			read.push(pool);
			expect(read.flat().sort()).toEqual(all);
		},
	);

	it('the filter\'s % is what makes it a last digit: without it n8n reads "contains" and a row goes to several partitions', async () => {
		const contains: DataTableRead = {
			matchType: 'anyCondition',
			conditions: [{ keyName: 'orderNumber', condition: 'like', keyValue: '3' }],
		};
		const rows = await rowsRead(tables, contains);
		const partitionThree = await rowsRead(tables, partitionRead(3, 10));
		expect(partitionThree.length).toBeGreaterThan(0);
		expect(rows).toEqual(expect.arrayContaining(partitionThree));
		expect(rows.length).toBeGreaterThan(partitionThree.length);
	});

	it('refuses what it cannot partition: a count that does not divide ten, an order number not ending in a digit', () => {
		expect(() => partitionRead(0, 3)).toThrow(/nightlyPartitions must be one of 1, 2, 5, 10/);
		expect(() => partitionRead(5, 5)).toThrow(/partition must be 0 to 4/);
		expect(() => orderPartition('SO1001-B', 10)).toThrow(
			/order number "SO1001-B" does not end in a digit/,
		);
		expect(orderPartition(' 1000007 ', 10)).toBe(7);
		expect(orderPartition('1000007', 2)).toBe(1);
		expect(orderPartition('1000007', 1)).toBe(0);
		expect(orderPartition('  ', 10)).toBeNull();
		expect(orderPartition('111-2223334-4445557', 10)).toBeNull();
	});
});

describe('pool rows go where the matcher links them', () => {
	it("an Amazon refund under its Amazon order id goes to its Centra order's partition (the order's marketplace id), not to its own last digit", () => {
		const rows = [
			{ orderNumber: '1000003', returnId: 'HR-A' },
			{ orderNumber: '111-2223334-4445557', returnId: '' },
			{ orderNumber: '403-9988776-6655449', returnId: '' },
		];
		const aliases = new Map([['111-2223334-4445557', '1000003']]);
		expect(assignRows(rows, 10, aliases).partitionOf).toEqual([3, 3, 'unlinked']);
		expect(assignRows(rows, 10).partitionOf).toEqual([3, 'unlinked', 'unlinked']);
	});

	it('a pool row goes where its return, bag or box line is; a key two partitions teach is ambiguous and unlinked', () => {
		const rows = [
			{ orderNumber: '1000004', returnId: 'HR-B', bagBarcode: 'BAG4', sku: 'S1' },
			{ orderNumber: '', returnId: 'HR-B' },
			{ orderNumber: '', returnId: 'HR-C' },
			{ orderNumber: '', returnId: '', bagBarcode: 'BAG4', sku: 'S1' },
			{ orderNumber: '', returnId: '', bagBarcode: 'BAG4', sku: 'S2' },
			{ orderNumber: '1000005', returnId: 'HR-D', trackingNumber: '1ZBOX', sku: 'S3' },
			{ orderNumber: '1000006', returnId: 'HR-D', trackingNumber: '1ZBOX', sku: 'S4' },
			{ orderNumber: '', returnId: 'HR-D' },
			{ orderNumber: '', trackingNumber: '1ZBOX', sku: 'S4' },
		];
		expect(assignRows(rows, 10)).toEqual({
			partitionOf: [4, 4, 'unlinked', 4, 'unlinked', 5, 6, 'unlinked', 6],
			ambiguous: [7],
		});
		expect(assignRows(rows, 2).ambiguous).toEqual([7]);
		expect(assignRows(rows, 1).ambiguous).toEqual([]);
	});
});

describe('on a night as 04 leaves it, the key keeps each return whole and boxes cross partitions', () => {
	const NOW = '2026-06-30T02:00:00.000Z';
	let world: Awaited<ReturnType<typeof seedNightly>> | undefined;

	beforeAll(async () => {
		world = await seedPartitionedNight(120, NOW);
		// One night keeps the stock movements (they name only their return) and Amazon refunds.
		await runNight(world, loadTemplate('04-nightly-reconciliation.json'), Date.parse(NOW));
	}, 300_000);
	afterAll(async () => {
		await world?.close();
	});

	const rowsOf = () =>
		[
			...world!.tables.rows(LEDGER).filter((r) => r.eventType !== 'reconciliation.completed'),
			...world!.tables.rows('Warehouse Receipts'),
		] as IDataObject[];

	it('the scenario has what the design must handle: kept movements and bag-only receipts without an order, Amazon refunds, returns of no order', () => {
		const rows = rowsOf();
		const kinds = (pick: (r: IDataObject) => boolean) => rows.filter(pick).length;
		expect(kinds((r) => r.eventType === 'centra.stock_change' && !r.orderNumber)).toBeGreaterThan(
			50,
		);
		expect(kinds((r) => r.eventType === 'amazon.refund')).toBeGreaterThan(5);
		expect(kinds((r) => r.eventType === 'return.started' && !r.orderNumber)).toBeGreaterThan(0);
		// A receipt of a bag alone: no order number, its return id from the bag.
		expect(kinds((r) => !r.eventType && !r.orderNumber && !!r.returnId)).toBeGreaterThan(0);
	});

	it.each([[2], [5], [10]])(
		'%i partitions: every row of a return is in the partition of its order; only returns with no order anywhere are unlinked',
		(partitions) => {
			const rows = rowsOf();
			const { partitionOf, ambiguous } = assignRows(rows, partitions);
			expect(ambiguous).toEqual([]);
			// The oracle: the scenario's own order of each return (its return events), not the key's.
			const orderOf = new Map<string, string>();
			for (const e of world!.scenario.returnEvents)
				if (e.orderNumber) orderOf.set(String(e.returnId), String(e.orderNumber));
			const byReturn = new Map<string, Set<number | 'unlinked'>>();
			rows.forEach((row, i) => {
				const returnId = String(row.returnId ?? '');
				if (returnId === '') return;
				byReturn.set(returnId, (byReturn.get(returnId) ?? new Set()).add(partitionOf[i]));
			});
			for (const [returnId, partitions_] of byReturn) {
				const order = orderOf.get(returnId);
				expect([returnId, [...partitions_]]).toEqual([
					returnId,
					[order ? Number(order.at(-1)) % partitions : 'unlinked'],
				]);
			}
			// Each partition holds a share of the rows near 1/N (the scenario's orders are consecutive).
			const counts = Array.from(
				{ length: partitions },
				(_, p) => partitionOf.filter((x) => x === p).length,
			);
			for (const count of counts) expect(count / rows.length).toBeGreaterThan(0.5 / partitions);
		},
	);

	it('hub boxes hold lines of several partitions: the lost-in-transit step must see a box whole', () => {
		const lines = world!.tables.rows(LEDGER).filter((r) => r.eventType === 'shipment.in_transit');
		const partitionsOfBox = new Map<string, Set<number | null>>();
		for (const line of lines) {
			const box = String(line.trackingNumber);
			partitionsOfBox.set(
				box,
				(partitionsOfBox.get(box) ?? new Set()).add(orderPartition(line.orderNumber, 10)),
			);
		}
		const spanning = [...partitionsOfBox].filter(([, set]) => set.size > 1).map(([box]) => box);
		expect(spanning.length).toBeGreaterThan(0);
		// A lost box among them: its register row must name lines judged in different partitions.
		expect(spanning.some((box) => box.startsWith('1ZLOST'))).toBe(true);
	});
});

describe("04's own part reads take each row once, by order number or order key, at every partition count", () => {
	// The template's Event ledger node as a part runs it (its filter's column, condition and value
	// chosen by expression from the part Night parts makes), on rows of every ending, one- and
	// two-digit order numbers, rows keyed by a claimed order or `pool`, and rows no part reads yet.
	const template = loadTemplate('04-nightly-reconciliation.json');
	const ledgerRead = template.nodes.find((n) => n.name === 'Event ledger')!;
	const nightParts = template.nodes.find((n) => n.name === 'Night parts')!;
	const tables = templateTables();
	const numbers = [
		'5',
		'0',
		'42',
		'100',
		'1000007',
		'1000070',
		...Array.from({ length: 40 }, (_, i) => String(1_000_000 + i * 23)),
	];
	numbers.forEach((orderNumber, i) => {
		tables.insert(LEDGER, { eventId: `own-${i}`, eventType: 'return.started', orderNumber });
		tables.insert(LEDGER, {
			eventId: `keyed-${i}`,
			eventType: 'centra.stock_change',
			orderKey: orderNumber,
		});
	});
	tables.insert(LEDGER, {
		eventId: 'pool-movement',
		eventType: 'centra.stock_change',
		orderKey: 'pool',
	});
	tables.insert(LEDGER, {
		eventId: 'pool-amazon',
		eventType: 'amazon.refund',
		orderNumber: '111-2223334-4445557',
		orderKey: 'pool',
	});
	// Written after the pool was marked: no part reads it until the next night marks it.
	tables.insert(LEDGER, { eventId: 'unmarked', eventType: 'centra.stock_change' });

	/** The parts 04's Night parts makes for `partitions`, evaluated as n8n would (no refunds). */
	function parts(partitions: number): IDataObject[] {
		const value = (nightParts.parameters.assignments as { assignments: Array<{ value: string }> })
			.assignments[0].value;
		const body = value.slice(value.indexOf('{{') + 2, value.lastIndexOf('}}'));
		const settings = { json: { settings: { nightlyPartitions: partitions } } };
		const window = { json: { runAt: 'r', watermark: 'w', readFrom: 'f' } };
		const $ = (node: string) => ({
			first: () => (node === 'Settings' ? settings : window),
			all: () => [],
		});
		const made = new Function('$', `return ${body};`)($) as Array<{ nightlyPart: IDataObject }>;
		return made.map((m) => m.nightlyPart);
	}

	async function read(part: IDataObject): Promise<string[]> {
		const run = await runWorkflow(
			{
				nodes: [
					{
						id: 's',
						name: 'Settings',
						type: 'n8n-nodes-base.noOp',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{ ...ledgerRead, position: [200, 0] },
				],
				connections: { Settings: { main: [[{ node: ledgerRead.name, type: 'main', index: 0 }]] } },
			},
			{
				startNode: 'Settings',
				triggerItems: [{ json: { nightlyPart: part } }],
				dataTables: tables,
			},
		);
		if (run.status !== 'success') throw new Error(run.error?.message);
		return run.output(ledgerRead.name).map((i) => String(i.json.eventId));
	}

	it.each(NIGHTLY_PARTITION_COUNTS.filter((n) => n > 1).map((n) => [n]))(
		'%i partitions: every row with an order number or an order key in exactly one part, the pool in every part',
		async (partitions) => {
			const made = parts(partitions);
			expect(made).toHaveLength(partitions);
			const readBy = new Map<string, number[]>();
			for (const part of made)
				for (const id of await read(part))
					readBy.set(id, [...(readBy.get(id) ?? []), Number(part.partition)]);
			const expectedPart = (n: string) => orderPartition(n, partitions);
			numbers.forEach((n, i) => {
				expect([`own-${i}`, readBy.get(`own-${i}`)]).toEqual([`own-${i}`, [expectedPart(n)]]);
				expect([`keyed-${i}`, readBy.get(`keyed-${i}`)]).toEqual([`keyed-${i}`, [expectedPart(n)]]);
			});
			const every = made.map((p) => Number(p.partition));
			expect(readBy.get('pool-movement')).toEqual(every);
			expect(readBy.get('pool-amazon')).toEqual(every);
			expect(readBy.get('unmarked')).toBeUndefined();
		},
		120_000,
	);
});
