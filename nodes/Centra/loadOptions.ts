/**
 * Dropdown data loaded from the Centra account. The editor asks for a list as soon as the field is
 * drawn, which on a freshly added node is before a credential is chosen: then the lists are empty
 * (an optional filter keeps its "all" entry) instead of failing with "Error fetching options".
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { PageGuard } from './logic/paging';
import { PAGE_SIZE, WAREHOUSES } from './queries';

interface WarehouseRow {
	id: number;
	name: string;
}

/** The value that means "no warehouse filter"; saved workflows store it as the empty string. */
const ALL_WAREHOUSES: INodePropertyOptions = {
	name: 'All Warehouses',
	value: '',
	description: 'Do not filter by warehouse',
};

function credentialChosen(context: ILoadOptionsFunctions): boolean {
	return Boolean(context.getNode().credentials?.centraApi);
}

async function warehouseRows(context: ILoadOptionsFunctions): Promise<WarehouseRow[]> {
	const credentials = await context.getCredentials<{ url: string }>('centraApi');
	const guard = new PageGuard('warehouse');
	const all: WarehouseRow[] = [];
	for (let page = 1; ; page++) {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'centraApi',
			{
				method: 'POST',
				url: credentials.url,
				body: { query: WAREHOUSES, variables: { page } },
				json: true,
			},
		)) as {
			data?: { warehouses?: WarehouseRow[] };
			errors?: Array<{ message: string }>;
		};
		if (response.errors?.length)
			throw new NodeApiError(context.getNode(), { errors: response.errors } as never, {
				message: `Centra: ${response.errors[0].message}`,
			});
		const rows = response.data?.warehouses ?? [];
		try {
			guard.checkRows(rows, (w: WarehouseRow) => w.id);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), (error as Error).message);
		}
		all.push(...rows);
		if (rows.length < PAGE_SIZE) break;
	}
	return all;
}

async function warehouses(context: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await warehouseRows(context)).map((w) => ({
		name: `${w.name} (${w.id})`,
		value: w.name,
	}));
}

/** Every warehouse, page by page (Centra serves at most 200 per page). */
export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return credentialChosen(this) ? await warehouses(this) : [];
}

/** "All Warehouses" first, for a filter where no warehouse means every warehouse. */
export async function getWarehousesOrAll(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [ALL_WAREHOUSES, ...(credentialChosen(this) ? await warehouses(this) : [])];
}

/** The list value of the Find Movements warehouse locator that means "no warehouse filter". */
export const ALL_WAREHOUSES_VALUE = 'all';

/**
 * "From list" of Find Movements' warehouse locator (version 2): an explicit "All Warehouses" first
 * (an optional filter, so the editor shows a choice rather than an empty field), then the warehouses.
 * Warehouse ids are numbers, so the value "all" is no warehouse's.
 */
export async function searchWarehousesOrAll(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const listed = await searchWarehouses.call(this, filter);
	const text = (filter ?? '').trim().toLowerCase();
	const all = { name: 'All Warehouses', value: ALL_WAREHOUSES_VALUE };
	return {
		results: !text || 'all warehouses'.includes(text) ? [all, ...listed.results] : listed.results,
	};
}

/**
 * "From list" of a warehouse resource locator (node version 2): the warehouses whose name or id
 * contains the typed text, stored by id (Centra ids are stable; names can be edited).
 */
export async function searchWarehouses(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	if (!credentialChosen(this)) return { results: [] };
	const text = (filter ?? '').trim().toLowerCase();
	const rows = (await warehouseRows(this)).filter(
		(w) => !text || w.name.toLowerCase().includes(text) || String(w.id) === text,
	);
	return { results: rows.map((w) => ({ name: w.name, value: String(w.id) })) };
}
