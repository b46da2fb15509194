/**
 * Stock: Move with a batch key: the units of one return that move between the same warehouses go
 * in one stock change (one mutation of Centra's shared quota), and each unit's reference is still
 * moved once: on a re-run, with a reference that only looks alike, and when two executions with
 * overlapping batches run at the same moment.
 */
import { executeNode, toItems } from '../../harness';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';

let centra: CentraSandbox;

const unit = (n: number, sku = 'TEE-M') => ({ sku, reference: `HR ret-1 ${sku} u${n} processed` });

async function move(units: Array<{ sku: string; reference: string }>, batchKey = 'ret-1') {
	return executeNode({
		type: 'centra',
		parameters: {
			resource: 'stock',
			operation: 'move',
			direction: 'between',
			fromWarehouse: 'In transit',
			toWarehouse: 'Main',
			sku: '={{ $json.sku }}',
			quantity: 1,
			reference: '={{ $json.reference }}',
			batchKey,
		} as never,
		inputs: toItems(units),
		credentials: { centraApi: { url: centra.graphqlUrl, token: centra.token } },
		nodeCredentials: { centraApi: 'Centra' },
	});
}

const changeStockCalls = () => centra.mutationCalls.changeStock ?? 0;
/** Stock changes into Main carrying `reference` (a move between warehouses is one change each side). */
const moved = (reference: string) =>
	centra.state.stockChanges.filter(
		(c) => c.warehouse.name === 'Main' && c.comment.split('; ').includes(reference),
	).length;

beforeEach(async () => {
	centra = await startCentraSandbox();
	for (const name of ['Main', 'In transit']) warehouse(centra.state, name);
	addShippedOrder(centra.state, {
		number: 1001,
		lines: [
			{ sku: 'TEE-M', quantity: 12, unitPriceMinor: 4990 },
			{ sku: 'CAP-ONE', quantity: 1, unitPriceMinor: 1500 },
		],
	});
	setStock(centra.state, 'In transit', 'TEE-M', 12);
	setStock(centra.state, 'In transit', 'CAP-ONE', 1);
});
afterEach(async () => centra.close());

describe('Stock: Move with a batch key', () => {
	it('moves the units of one return with one stock change, each item paired and reported', async () => {
		const units = [unit(0), unit(1), unit(0, 'CAP-ONE')];
		const run = await move(units);
		expect(changeStockCalls()).toBe(1);
		const out = run.outputs[0].map((i) => [i.json.reference, i.json.wrote, i.pairedItem]);
		expect(out).toEqual(units.map((u, item) => [u.reference, true, { item }]));
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(2);
		expect(centra.state.movedUnits('CAP-ONE', 'Main')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-2);
		for (const u of units) expect(moved(u.reference)).toBe(1);
	});

	it('without a batch key: one stock change per item, as before', async () => {
		await move([unit(0), unit(1)], '');
		expect(changeStockCalls()).toBe(2);
	});

	it('a re-run moves nothing; a new unit of the return, even one whose reference starts alike, moves alone', async () => {
		await move([unit(1), unit(2)]);
		const again = await move([unit(1), unit(2)]);
		expect(again.outputs[0].map((i) => i.json.alreadyMoved)).toEqual([true, true]);
		expect(changeStockCalls()).toBe(1);
		// "u10" contains "u1": found by Centra's `contains`, told apart by the exact reference.
		const more = await move([unit(1), unit(10), unit(10)]);
		expect(more.outputs[0].map((i) => i.json.wrote)).toEqual([false, true, false]);
		expect(changeStockCalls()).toBe(2);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
		for (const n of [1, 2, 10]) expect(moved(unit(n).reference)).toBe(1);
	});

	it('two executions at once with overlapping batches: each unit ends up moved once', async () => {
		centra.holdUntilAll('StockChanges', 2);
		await Promise.all([move([unit(0), unit(1)]), move([unit(1), unit(2)])]);
		// Net per reference: a duplicate line is reversed by a "void" change in both warehouses.
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-3);
		await move([unit(0), unit(1), unit(2)]);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(3);
	});

	it('refuses a reference holding the separator, naming the item', async () => {
		const run = await move([unit(0), { sku: 'TEE-M', reference: 'HR ret-1; TEE-M' }]);
		expect(run.error).toMatchObject({
			itemIndex: 1,
			message: expect.stringMatching(/must not contain/),
		});
		// The valid item is moved (as one item after another would be); a re-run moves it no more.
		expect(changeStockCalls()).toBe(1);
	});
});
