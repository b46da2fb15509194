/**
 * The Centra node's dropdowns as the editor loads them (n8n-core's LoadOptionsContext through the
 * harness): before a credential is chosen they answer instead of failing ("Error fetching options
 * from Centra" on a freshly added node), and the optional warehouse filter lists "All Warehouses"
 * as a choice, so the empty value template 04 saves is a supported value.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import type { INode } from 'n8n-workflow';
import { loadOptions } from '../../harness';
import { warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';

let centra: CentraSandbox;

beforeAll(async () => {
	centra = await startCentraSandbox();
	for (const name of ['Main', 'In transit']) warehouse(centra.state, name);
});
afterAll(async () => centra.close());

const load = async (method: string, withCredential: boolean, token = centra.token) =>
	await loadOptions({
		type: 'centra',
		method,
		credentials: { centraApi: { url: centra.graphqlUrl, token } },
		nodeCredentials: withCredential ? { centraApi: 'Centra' } : {},
	});

const MAIN = { name: 'Main (1)', value: 'Main' };
const IN_TRANSIT = { name: 'In transit (2)', value: 'In transit' };
const ALL = { name: 'All Warehouses', value: '', description: 'Do not filter by warehouse' };

describe('Centra dropdowns', () => {
	it('a required warehouse lists the warehouses, and nothing (no error) before a credential is chosen', async () => {
		expect(await load('getWarehouses', true)).toEqual([MAIN, IN_TRANSIT]);
		expect(await load('getWarehouses', false)).toEqual([]);
	});

	it('the optional warehouse filter lists "All Warehouses" first, with or without a credential', async () => {
		expect(await load('getWarehousesOrAll', true)).toEqual([ALL, MAIN, IN_TRANSIT]);
		expect(await load('getWarehousesOrAll', false)).toEqual([ALL]);
	});

	it('a chosen credential that Centra refuses is still reported (only the missing one is quiet)', async () => {
		await expect(load('getWarehouses', true, 'wrong-token')).rejects.toThrow();
		await expect(load('getWarehousesOrAll', true, 'wrong-token')).rejects.toThrow();
	});

	it("template 04's Centra stock movements: the saved Warehouse value is a listed choice", async () => {
		const template = JSON.parse(
			readFileSync(
				resolve(__dirname, '..', '..', 'workflows-templates', '04-nightly-reconciliation.json'),
				'utf8',
			),
		) as { nodes: INode[] };
		const node = template.nodes.find((n) => n.name === 'Centra stock movements');
		expect(node?.parameters).toMatchObject({ operation: 'findMovements', warehouse: '' });
		const values = (await load('getWarehousesOrAll', true)).map((o) => o.value);
		expect(values).toContain(node?.parameters.warehouse);
	});
});
