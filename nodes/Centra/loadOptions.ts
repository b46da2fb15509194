/** Dropdown data loaded from the Centra account. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { PageGuard } from './logic/paging';
import { PAGE_SIZE, WAREHOUSES } from './queries';

interface WarehouseRow {
	id: number;
	name: string;
}

/** Every warehouse, page by page (Centra serves at most 200 per page). */
export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const credentials = await this.getCredentials<{ url: string }>('centraApi');
	const guard = new PageGuard('warehouse');
	const all: WarehouseRow[] = [];
	for (let page = 1; ; page++) {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'centraApi', {
			method: 'POST',
			url: credentials.url,
			body: { query: WAREHOUSES, variables: { page } },
			json: true,
		})) as {
			data?: { warehouses?: WarehouseRow[] };
			errors?: Array<{ message: string }>;
		};
		if (response.errors?.length)
			throw new NodeApiError(this.getNode(), { errors: response.errors } as never, {
				message: `Centra: ${response.errors[0].message}`,
			});
		const rows = response.data?.warehouses ?? [];
		try {
			guard.checkRows(rows, (w: WarehouseRow) => w.id);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message);
		}
		all.push(...rows);
		if (rows.length < PAGE_SIZE) break;
	}
	return all.map((w) => ({ name: `${w.name} (${w.id})`, value: w.name }));
}
