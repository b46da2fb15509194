/**
 * Centra node version 2: warehouses are resource locators (From List stored by id, By ID, By
 * Name), run through n8n's real WorkflowExecute at typeVersion 2, against the Centra sandbox.
 * Version 1 (saved workflows and the templates, dropdowns storing the name) is covered by
 * node.test.ts and must keep working unchanged.
 */
import { executeNode, listSearch, toItems } from '../../harness';
import { setStock, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';

let centra: CentraSandbox;

beforeEach(async () => {
	centra = await startCentraSandbox();
	for (const name of ['Main', 'In transit', 'B-stock']) warehouse(centra.state, name);
	setStock(centra.state, 'In transit', 'TEE-M', 3);
	setStock(centra.state, 'Main', 'TEE-M', 10);
});
afterEach(async () => centra.close());

const credentials = () => ({ centraApi: { url: centra.graphqlUrl, token: centra.token } });

async function v2(parameters: Record<string, unknown>, typeVersion = 2) {
	return await executeNode({
		type: 'centra',
		typeVersion,
		parameters: parameters as never,
		inputs: toItems([{}]),
		credentials: credentials(),
		nodeCredentials: { centraApi: 'Centra' },
	});
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('Centra v2 warehouse resource locators', () => {
	it('From List lists warehouses by id, filtered by the typed text; nothing before a credential', async () => {
		const search = async (filter: string | undefined, withCredential = true) =>
			await listSearch({
				type: 'centra',
				typeVersion: 2,
				method: 'searchWarehouses',
				filter,
				credentials: credentials(),
				nodeCredentials: withCredential ? { centraApi: 'Centra' } : {},
			});
		expect(await search(undefined)).toEqual({
			results: [
				{ name: 'Main', value: '1' },
				{ name: 'In transit', value: '2' },
				{ name: 'B-stock', value: '3' },
			],
		});
		expect(await search('TRANS')).toEqual({ results: [{ name: 'In transit', value: '2' }] });
		expect(await search('3')).toEqual({ results: [{ name: 'B-stock', value: '3' }] });
		expect(await search(undefined, false)).toEqual({ results: [] });
	});

	it('Move reads From List (an id), By Name and By ID alike', async () => {
		const move = {
			resource: 'stock',
			operation: 'move',
			direction: 'between',
			fromWarehouse: rl('list', '2'),
			toWarehouse: rl('name', 'main'),
			sku: 'TEE-M',
			quantity: 1,
			reference: 'HR ret-1 TEE-M u0 processed',
		};
		const result = await v2(move);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			wrote: true,
			from: 'In transit',
			to: 'Main',
		});
		const byId = await v2({ ...move, toWarehouse: rl('id', '3'), reference: 'r-2' });
		expect(byId.outputs[0][0].json).toMatchObject({ wrote: true, to: 'B-stock' });
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-2);
	});

	it('an unknown warehouse is an error naming the field and the known warehouses', async () => {
		const result = await v2({
			resource: 'stock',
			operation: 'getLevels',
			warehouse: rl('id', '99'),
			skus: 'TEE-M',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Warehouse: no warehouse "99" in Centra (known: Main, In transit, B-stock)',
		);
	});

	it('Get Levels by a listed warehouse; version 1 still reads the plain name', async () => {
		const levels = await v2({
			resource: 'stock',
			operation: 'getLevels',
			warehouse: rl('list', '1'),
			skus: 'TEE-M',
		});
		expect(levels.outputs[0][0].json).toMatchObject({ warehouse: 'Main', physical: 10 });
		const v1 = await v2(
			{ resource: 'stock', operation: 'getLevels', warehouse: 'Main', skus: 'TEE-M' },
			1,
		);
		expect(v1.outputs[0][0].json).toMatchObject({ warehouse: 'Main', physical: 10 });
	});
});
