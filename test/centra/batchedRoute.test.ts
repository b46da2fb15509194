/**
 * Disposition: Route with a batch key: the units of one return received together and routed to
 * the same bucket leave the in-transit warehouse with one stock change (one mutation of Centra's
 * shared quota); units routed to different buckets go in different changes; each unit's reference
 * is still moved once, on a re-run and when two executions with overlapping units run at once.
 */
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
