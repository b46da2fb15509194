/**
 * Disposition: Route with a batch key: the units of one return received together and routed to
 * the same bucket leave the in-transit warehouse with one stock change (one mutation of Centra's
 * shared quota); units routed to different buckets go in different changes; each unit's reference
 * is still moved once, on a re-run and when two executions with overlapping units run at once.
 */
import type { IDataObject } from 'n8n-workflow';
import { setStock, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import { runCentra } from './fixtures';

let centra: CentraSandbox;

interface Unit {
	returnId: string;
	sku: string;
	unit: string;
	disposition: string;
}
const unit = (n: number, disposition = 'sellable', returnId = 'ret-1', sku = 'TEE-M'): Unit => ({
	returnId,
	sku,
	unit: String(n),
	disposition,
});
const reference = (u: Unit) =>
	`HR ${u.returnId} ${u.sku} u${u.unit} ${u.disposition === 'destroy' ? 'written-off' : 'processed'}`;

async function route(units: Unit[], batchKey = '={{ $json.returnId }}') {
	return runCentra(
		centra,
		{
			resource: 'disposition',
			operation: 'route',
			returnId: '={{ $json.returnId }}',
			sku: '={{ $json.sku }}',
			quantity: 1,
			unit: '={{ $json.unit }}',
			disposition: '={{ $json.disposition }}',
			fromWarehouse: 'In transit',
			mapping: {
				rows: [
					{ code: 'sellable', warehouse: 'Main' },
					{ code: 'damaged', warehouse: 'B-stock' },
					{ code: 'destroy', warehouse: 'none' },
				],
			},
			batchKey,
		},
		units,
	);
}

const changeStockCalls = () => centra.mutationCalls.changeStock ?? 0;
/**
 * Net times a unit's reference left the in-transit warehouse: changes out of it listing the
 * reference, less the voids that moved a duplicate back (each unit is one piece).
 */
const outOfTransit = (ref: string) => {
	const refs = centra.state.stockChanges
		.filter((c) => c.warehouse.name === 'In transit')
		.flatMap((c) =>
			c.comment.split('; ').map((r) => ({ r, out: c.lines[0].deliveredQuantity < 0 })),
		);
	return (
		refs.filter((x) => x.out && x.r === ref).length -
		refs.filter((x) => !x.out && x.r.startsWith(`${ref} void `)).length
	);
};

beforeEach(async () => {
	centra = await startCentraSandbox();
	for (const name of ['Main', 'B-stock', 'In transit']) warehouse(centra.state, name);
	setStock(centra.state, 'In transit', 'TEE-M', 20);
});
afterEach(async () => centra.close());

describe('Disposition: Route with a batch key', () => {
	it('one stock change per return and bucket; outputs in input order, each paired, unmapped on its own output', async () => {
		const units = [
			unit(0),
			unit(1, 'damaged'),
			unit(2),
			unit(3, 'mystery'),
			unit(0, 'sellable', 'ret-2'),
			unit(4, 'destroy'),
		];
		const run = await route(units);
		// ret-1 to Main, ret-1 to B-stock, ret-1 written off, ret-2 to Main.
		expect(changeStockCalls()).toBe(4);
		const routed = run.outputs[0];
		expect(routed.map((i) => [i.json.reference, i.json.bucket, i.pairedItem])).toEqual([
			[reference(units[0]), 'Main', { item: 0 }],
			[reference(units[1]), 'B-stock', { item: 1 }],
			[reference(units[2]), 'Main', { item: 2 }],
			[reference(units[4]), 'Main', { item: 4 }],
			[reference(units[5]), 'none', { item: 5 }],
		]);
		expect(run.outputs[1].map((i) => [i.json.flag, i.pairedItem])).toEqual([
			['unmapped_disposition', { item: 3 }],
		]);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
		expect(centra.state.movedUnits('TEE-M', 'B-stock')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-5);
	});

	it('without a batch key: one stock change per unit, as before', async () => {
		await route([unit(0), unit(1)], '');
		expect(changeStockCalls()).toBe(2);
	});

	it('a re-run moves nothing; the same unit twice in one run moves once', async () => {
		await route([unit(0), unit(1)]);
		const again = await route([unit(0), unit(1), unit(2), unit(2)]);
		expect(again.outputs[0].map((i) => i.json.wrote)).toEqual([false, false, true, false]);
		expect(changeStockCalls()).toBe(2);
		for (const n of [0, 1, 2]) expect(outOfTransit(reference(unit(n)))).toBe(1);
	});

	it('three executions at once with overlapping units: each unit leaves transit once', async () => {
		centra.holdUntilAll('StockChanges', 3);
		await Promise.all([
			route([unit(0), unit(1)]),
			route([unit(1), unit(2)]),
			route([unit(2), unit(0), unit(3, 'damaged')]),
		]);
		// The race happened: all three wrote before any re-check, and the later writers voided.
		expect(centra.state.stockChanges.some((c) => c.comment.includes(' void '))).toBe(true);
		for (const n of [0, 1, 2, 3])
			expect(outOfTransit(reference(unit(n, n === 3 ? 'damaged' : 'sellable')))).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
		expect(centra.state.movedUnits('TEE-M', 'B-stock')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-4);
	});
});

describe('Disposition: Route with one batch key for the whole run (03: every unit of a POST)', () => {
	const findMovements = async () =>
		(
			await runCentra(
				centra,
				{
					resource: 'stock',
					operation: 'findMovements',
					warehouse: '',
					filters: { reference: 'HR ', referenceMatch: 'contains' },
				},
				[{}],
			)
		).outputs[0].map((i) => i.json);

	const linesOf = (m: IDataObject) =>
		(m.lines as IDataObject[]).map((l) => ({ sku: l.sku, quantity: l.quantity }));

	it('units of three returns: one stock change per bucket; Find Movements reads each return back on its own, its units and lines only', async () => {
		setStock(centra.state, 'In transit', 'TEE-L', 20);
		const units = [
			unit(0, 'sellable', 'ret-a'),
			unit(1, 'sellable', 'ret-a'),
			unit(0, 'sellable', 'ret-b', 'TEE-L'),
			unit(0, 'damaged', 'ret-c'),
			unit(0, 'sellable', 'ret-c', 'TEE-L'),
		];
		const run = await route(units, 'delivery');
		// Main (4 units of three returns) and B-stock (1): two changes instead of four per return.
		expect(changeStockCalls()).toBe(2);
		expect(run.outputs[0].map((i) => i.json.reference)).toEqual(units.map(reference));
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(2);
		expect(centra.state.movedUnits('TEE-L', 'Main')).toBe(2);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-3);
		// Read back, each part names one return, lists that return's references and moves its units.
		const parts = (await findMovements()).filter((m) => m.warehouse === 'In transit');
		const byReturn = (id: string) =>
			parts
				.filter((m) => String(m.reference).split(' ')[1] === id)
				.map((m) => ({
					refs: String(m.reference).split('; ').length,
					lines: linesOf(m),
					oneReturn: new Set(
						String(m.reference)
							.split('; ')
							.map((r) => r.split(' ')[1]),
					).size,
				}));
		expect(byReturn('ret-a')).toEqual([
			{ refs: 2, lines: [{ sku: 'TEE-M', quantity: -2 }], oneReturn: 1 },
		]);
		expect(byReturn('ret-b')).toEqual([
			{ refs: 1, lines: [{ sku: 'TEE-L', quantity: -1 }], oneReturn: 1 },
		]);
		expect(byReturn('ret-c').map((p) => p.lines)).toEqual(
			expect.arrayContaining([[{ sku: 'TEE-M', quantity: -1 }], [{ sku: 'TEE-L', quantity: -1 }]]),
		);
		// Every part's id is distinct (a ledger keyed by movement id keeps each), the change's id beside it.
		expect(new Set(parts.map((p) => p.id)).size).toBe(parts.length);
		// The change to Main is read as three parts; B-stock's, of ret-c alone, as it was written.
		const split = parts.filter((p) => p.stockChangeId !== undefined);
		expect(split.map((p) => String(p.id))).toEqual(
			['ret-a', 'ret-b', 'ret-c'].map((id) => `${String(split[0].stockChangeId)}:${id}`),
		);
		expect(parts.filter((p) => p.stockChangeId === undefined).map((p) => typeof p.id)).toEqual([
			'number',
		]);
	});

	it('three executions at once with overlapping units of several returns: each unit leaves transit once', async () => {
		centra.holdUntilAll('StockChanges', 3);
		const a0 = unit(0, 'sellable', 'ret-a');
		const b0 = unit(0, 'sellable', 'ret-b');
		const c0 = unit(0, 'sellable', 'ret-c');
		const c1 = unit(1, 'damaged', 'ret-c');
		await Promise.all([
			route([a0, b0], 'delivery'),
			route([b0, c0], 'delivery'),
			route([c0, a0, c1], 'delivery'),
		]);
		expect(centra.state.stockChanges.some((c) => c.comment.includes(' void '))).toBe(true);
		for (const u of [a0, b0, c0, c1]) expect(outOfTransit(reference(u))).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
		expect(centra.state.movedUnits('TEE-M', 'B-stock')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-4);
	});

	it("a unit of several pieces moves in its own return's change", async () => {
		const run = await runCentra(
			centra,
			{
				resource: 'disposition',
				operation: 'route',
				returnId: '={{ $json.returnId }}',
				sku: 'TEE-M',
				quantity: '={{ $json.quantity }}',
				unit: '={{ $json.unit }}',
				disposition: 'sellable',
				fromWarehouse: 'In transit',
				mapping: { rows: [{ code: 'sellable', warehouse: 'Main' }] },
				batchKey: 'delivery',
			},
			[
				{ returnId: 'ret-a', unit: '0', quantity: 1 },
				{ returnId: 'ret-b', unit: '', quantity: 2 },
				{ returnId: 'ret-c', unit: '0', quantity: 1 },
			],
		);
		expect(run.outputs[0]).toHaveLength(3);
		// ret-a and ret-c together, ret-b's two pieces in a change of its own.
		expect(changeStockCalls()).toBe(2);
		const parts = (await findMovements()).filter((m) => m.warehouse === 'In transit');
		expect(parts.map((p) => [String(p.reference).split(' ')[1], linesOf(p)]).sort()).toEqual(
			[
				['ret-a', [{ sku: 'TEE-M', quantity: -1 }]],
				['ret-b', [{ sku: 'TEE-M', quantity: -2 }]],
				['ret-c', [{ sku: 'TEE-M', quantity: -1 }]],
			].sort(),
		);
	});
});
