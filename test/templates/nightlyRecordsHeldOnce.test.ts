/**
 * 04 holds each live record once. Its *Live records* step hands the matcher the ledger rows and
 * receipts themselves (each under `row`, a return event with its exchange flag beside it), makes
 * one stock-movement record per line directly, and Reconcile leaves its Matched output off
 * (nothing reads it): the memory of a night is what it read, not that again in copies.
 *
 * The register must not notice. One scenario (every anomaly the generator knows, and a return
 * event, a hub shipment line and a receipt the matcher cannot read) goes through 04 as shipped and
 * through 04 with the nodes it had when every live record was a flat copy of its row
 * (fixtures/04-flat-copy-nodes.json), in two identical worlds, two nights each: the registers are
 * equal in every column, the unreadable records' rows included (their identity is a hash of the
 * record as the matcher saw it, so it must be the flat row's).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import type { InMemoryDataTables } from '../../harness/dataTables';
import { loadTemplate, type Template } from '../../harness/templateFiles';
import { runNight, seedNightly } from '../../scripts/bench/nightlyRun';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T02:00:00.000Z');
const iso = (at: number) => new Date(at).toISOString();

type World = Awaited<ReturnType<typeof seedNightly>>;

/** 04 as shipped, or with its flat-copy nodes put back. */
function nightly(flatCopies: boolean): Template {
	const shipped = loadTemplate('04-nightly-reconciliation.json');
	if (!flatCopies) return shipped;
	const before = JSON.parse(
		readFileSync(resolve(__dirname, 'fixtures/04-flat-copy-nodes.json'), 'utf8'),
	) as Pick<Template, 'nodes' | 'connections'>;
	const replaced = new Set(before.nodes.map((n) => n.name));
	return {
		...shipped,
		nodes: [...shipped.nodes.filter((n) => !replaced.has(n.name)), ...before.nodes],
		connections: { ...shipped.connections, ...before.connections },
	};
}

const withoutKeys = (object: IDataObject, keys: string[]): IDataObject =>
	Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

/** A copy of the first row of `table` that `pick` accepts, changed by `change`, inserted. */
function insertVariant(
	tables: InMemoryDataTables,
	table: string,
	pick: (row: IDataObject) => boolean,
	change: IDataObject,
): void {
	const source = tables.rows(table).find(pick);
	if (!source) throw new Error(`no row to copy in ${table}`);
	const row = withoutKeys(source, ['id', 'createdAt', 'updatedAt']);
	tables.insert(table, { ...row, ...change } as Parameters<InMemoryDataTables['insert']>[1]);
}

/** A rejected row's record, as the register keeps it, without the table's own row timestamps. */
function recordOf(row: IDataObject): IDataObject {
	return withoutKeys(JSON.parse(String(row.details)) as IDataObject, ['createdAt', 'updatedAt']);
}

/**
 * Every column of every register row (row ids and table timestamps aside), in a stable order. An
 * unreadable record's row is dated by the run's clock, and its identity and details carry the
 * record's own table timestamps, which differ between the two worlds: those are compared apart.
 */
function registerOf(tables: InMemoryDataTables): string[] {
	const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
	return tables
		.rows('Exception Register')
		.map((row) => {
			const rejected = row.type === 'rejected_record';
			const columns = Object.entries(row)
				.filter(([column]) => !['id', 'createdAt', 'updatedAt'].includes(column))
				.filter(([column]) => !(rejected && ['detectedAt', 'exceptionId'].includes(column)))
				.map(([column, value]) => [
					column,
					rejected && column === 'details' ? recordOf(row) : text(value),
				]);
			return JSON.stringify(Object.fromEntries(columns));
		})
		.sort();
}

/** The id 04 gives an unreadable record: the input and the record as the matcher saw it. */
const rejectedId = (row: IDataObject) =>
	'rejected_' +
	createHash('sha256')
		.update(`${String(row.summary).split(' ')[0]}|${String(row.details)}`)
		.digest('hex')
		.slice(0, 24);

describe('04 holds each live record once, and its register is what flat copies gave', () => {
	const worlds: Record<'flat' | 'shipped', World | undefined> = {
		flat: undefined,
		shipped: undefined,
	};
	const registers: Record<string, string[]> = {};

	beforeAll(async () => {
		const rates = {
			refundedNeverReturned: 0.06,
			duplicateRefund: 0.06,
			lostInTransit: 0.06,
			scanWithoutOrder: 0.04,
			missingOrderId: 0.04,
			unmappedDisposition: 0.05,
			valueMismatch: 0.06,
			missingStockMovement: 0.06,
			orphanedRefund: 0.05,
			returnedNeverRefunded: 0.06,
		};
		for (const way of ['flat', 'shipped'] as const) {
			const world = await seedNightly(50, 1212, undefined, { rates, asOf: iso(NOW) });
			worlds[way] = world;
			// Records the matcher cannot read (no SKU), on orders the night reads.
			const recent = (row: IDataObject) =>
				row.receivedAt instanceof Date && row.receivedAt.getTime() > NOW - 200 * DAY;
			insertVariant(
				world.tables,
				'Returns Event Ledger',
				(r) => r.eventType === 'return.dropped_off' && recent(r),
				{ eventId: 'test:unreadable-return-event', sku: '' },
			);
			insertVariant(
				world.tables,
				'Returns Event Ledger',
				(r) => r.eventType === 'shipment.in_transit' && recent(r),
				{ eventId: 'test:unreadable-shipment-line', sku: '' },
			);
			insertVariant(world.tables, 'Warehouse Receipts', recent, { sku: '', unit: 99 });
			// A kept stock movement of two lines, the second unreadable: one record per line.
			const moved = world.tables
				.rows('Returns Event Ledger')
				.find((r) => r.eventType === 'return.dropped_off' && recent(r))!;
			insertVariant(world.tables, 'Returns Event Ledger', (r) => r === moved, {
				eventId: 'centra.stock_change:test-two-lines',
				eventType: 'centra.stock_change',
				payload: JSON.stringify({
					id: 'test-two-lines',
					createdAt: iso(NOW - 2 * DAY),
					reference: `HR ${String(moved.returnId)}`,
					warehouse: 'Main',
					lines: [
						{ sku: String(moved.sku), quantity: 1 },
						{ sku: '', quantity: 1 },
					],
				}),
			});
			await runNight(world, nightly(way === 'flat'), NOW);
			registers[`${way} first`] = registerOf(world.tables);
			await runNight(world, nightly(way === 'flat'), NOW + DAY / 2);
			registers[`${way} second`] = registerOf(world.tables);
		}
	}, 900_000);
	afterAll(async () => {
		await Promise.all(Object.values(worlds).map((w) => w?.close()));
	});

	it('the scenario raises its exceptions, the unreadable records among them', () => {
		const rows = registers['shipped first'].map((r) => JSON.parse(r) as IDataObject);
		expect(rows.length).toBeGreaterThan(10);
		expect(
			rows
				.filter((r) => r.type === 'rejected_record')
				.map((r) => String(r.summary).split(' ')[0])
				.sort(),
		).toEqual(['manifests', 'receipts', 'returnEvents', 'stockMovements']);
	});

	it("an unreadable record keeps the identity of its flat row: the hash of the row's own fields (and a return event's exchange flag)", () => {
		for (const world of [worlds.flat, worlds.shipped]) {
			const rejected = world!.tables
				.rows('Exception Register')
				.filter((r) => r.type === 'rejected_record');
			expect(rejected.map((r) => r.exceptionId)).toEqual(rejected.map(rejectedId));
			for (const row of rejected) expect(recordOf(row)).not.toHaveProperty('row');
			expect(
				rejected.filter((r) => String(r.summary).startsWith('returnEvents')).map(recordOf),
			).toEqual([
				expect.objectContaining({ isExchange: false, eventId: 'test:unreadable-return-event' }),
			]);
		}
	});

	it('the register after a first night equals the one flat copies gave, column for column', () => {
		expect(registers['shipped first']).toEqual(registers['flat first']);
	});

	it('and after a second night', () => {
		expect(registers['shipped second']).toEqual(registers['flat second']);
	});
});
