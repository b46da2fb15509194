/**
 * Centra node version 2: warehouses are resource locators (From List stored by id, By ID, By
 * Name), run through n8n's real WorkflowExecute at typeVersion 2, against the Centra sandbox.
 * Version 1 (saved workflows and the templates, dropdowns storing the name) is covered by
 * node.test.ts and must keep working unchanged.
 */
import { executeNode, listSearch, toItems } from '../../harness';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
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

describe('Centra v2 market and pricelist locators (Create Exchange Order)', () => {
	beforeEach(() => {
		centra.state.markets.push(
			{ id: 1, name: 'Sweden' },
			{ id: 2, name: 'USA' },
			{ id: 4, name: 'Amazon' },
		);
		centra.state.pricelists.push({ id: 1, name: 'SEK' }, { id: 3, name: 'VIP-SEK' });
		addShippedOrder(centra.state, {
			number: 1001,
			lines: [{ sku: 'TEE-M', quantity: 1, unitPriceMinor: 4990 }],
		});
	});

	const search = async (method: string, filter?: string, withCredential = true) =>
		await listSearch({
			type: 'centra',
			typeVersion: 2,
			method,
			filter,
			credentials: credentials(),
			nodeCredentials: withCredential ? { centraApi: 'Centra' } : {},
		});

	it('From List lists the markets and pricelists by id, filtered by the typed text', async () => {
		expect(await search('searchMarkets')).toEqual({
			results: [
				{ name: 'Sweden', value: '1' },
				{ name: 'USA', value: '2' },
				{ name: 'Amazon', value: '4' },
			],
		});
		expect(await search('searchMarkets', 'us')).toEqual({ results: [{ name: 'USA', value: '2' }] });
		expect(await search('searchPricelists', 'vip')).toEqual({
			results: [{ name: 'VIP-SEK', value: '3' }],
		});
		expect(await search('searchPricelists', '1')).toEqual({
			results: [{ name: 'SEK', value: '1' }],
		});
	});

	it('nothing is fetched before a credential is chosen', async () => {
		const before = centra.server.log.length;
		expect(await search('searchMarkets', undefined, false)).toEqual({ results: [] });
		expect(await search('searchPricelists', undefined, false)).toEqual({ results: [] });
		expect(centra.server.log.length).toBe(before);
	});

	it('reads every page (more markets than one page holds)', async () => {
		for (let id = 10; id < 260; id++) centra.state.markets.push({ id, name: `M${id}` });
		expect((await search('searchMarkets')).results).toHaveLength(253);
	});

	async function exchange(parameters: Record<string, unknown>, typeVersion = 2) {
		return await executeNode({
			type: 'centra',
			typeVersion,
			parameters: {
				resource: 'order',
				operation: 'createExchange',
				orderNumber: '1001',
				returnReference: 'ret-1',
				exchangeSku: 'TEE-M',
				exchangeDetails: { email: 'c@example.com', country: 'SE' },
				...parameters,
			} as never,
			inputs: toItems([{}]),
			credentials: {
				centraApi: {
					url: centra.graphqlUrl,
					token: centra.token,
					orderApiUrl: centra.orderApiUrl,
					orderApiKey: centra.orderApiKey,
				},
			},
			nodeCredentials: { centraApi: 'Centra' },
		});
	}

	it.each([
		['From List', rl('list', '2'), rl('list', '3'), { marketId: 2, pricelistId: 3 }],
		['By ID', rl('id', '1'), rl('id', '1'), { marketId: 1, pricelistId: 1 }],
	])(
		'%s: the exchange order is placed in that market and pricelist',
		async (_, market, pricelist, ids) => {
			const result = await exchange({ market, pricelist });
			expect(result.error).toBeUndefined();
			expect(centra.state.restOrders).toEqual([expect.objectContaining(ids)]);
		},
	);

	it("empty locators leave market and pricelist to Centra's defaults", async () => {
		const result = await exchange({ market: rl('list', ''), pricelist: rl('list', '') });
		expect(result.error).toBeUndefined();
		expect(centra.state.restOrders[0]).not.toHaveProperty('marketId');
		expect(centra.state.restOrders[0]).not.toHaveProperty('pricelistId');
	});

	it('a market that is not an id names the field and the item', async () => {
		const result = await exchange({ market: rl('id', '={{ "Sweden" }}') });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Market" must be a Centra market ID');
		expect(centra.state.restOrders).toEqual([]);
	});

	it('version 1 still reads the numbers in Exchange Details', async () => {
		const result = await exchange(
			{ exchangeDetails: { email: 'c@example.com', country: 'SE', marketId: 2, pricelistId: 3 } },
			1,
		);
		expect(result.error).toBeUndefined();
		expect(centra.state.restOrders).toEqual([
			expect.objectContaining({ marketId: 2, pricelistId: 3 }),
		]);
	});
});

describe('Centra v2 Find Movements: the warehouse locator with an explicit "All Warehouses"', () => {
	const find = (warehouse: unknown) =>
		v2({ resource: 'stock', operation: 'findMovements', warehouse, filters: {} });

	beforeEach(async () => {
		const moved = await v2({
			resource: 'stock',
			operation: 'move',
			direction: 'between',
			fromWarehouse: rl('list', '2'),
			toWarehouse: rl('list', '1'),
			sku: 'TEE-M',
			quantity: 1,
			reference: 'HR ret-9 TEE-M u0 processed',
		});
		expect(moved.error).toBeUndefined();
	});

	it('lists "All Warehouses" first, then the warehouses; a typed text that names none leaves it out', async () => {
		const search = async (filter?: string) =>
			await listSearch({
				type: 'centra',
				typeVersion: 2,
				method: 'searchWarehousesOrAll',
				filter,
				credentials: credentials(),
				nodeCredentials: { centraApi: 'Centra' },
			});
		expect((await search()).results[0]).toEqual({ name: 'All Warehouses', value: 'all' });
		expect((await search()).results).toHaveLength(4);
		expect(await search('main')).toEqual({ results: [{ name: 'Main', value: '1' }] });
	});

	it('All Warehouses (the default) reads every warehouse; a listed one only its own', async () => {
		const all = await find(rl('list', 'all'));
		expect(all.error).toBeUndefined();
		const inTransit = await find(rl('list', '2'));
		const main = await find(rl('name', 'Main'));
		expect(inTransit.outputs[0].length).toBeGreaterThan(0);
		expect(main.outputs[0].length).toBeGreaterThan(0);
		expect(all.outputs[0].length).toBe(inTransit.outputs[0].length + main.outputs[0].length);
		// Version 1 keeps its dropdown: the empty value is All Warehouses.
		const v1 = await v2({ resource: 'stock', operation: 'findMovements', warehouse: '' }, 1);
		expect(v1.outputs[0].length).toBe(all.outputs[0].length);
	});
});
