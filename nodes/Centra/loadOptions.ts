/** Dropdown data loaded from the Centra account. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { WAREHOUSES } from './queries';

export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const credentials = await this.getCredentials<{ url: string }>('centraApi');
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'centraApi', {
		method: 'POST',
		url: credentials.url,
		body: { query: WAREHOUSES, variables: { page: 1 } },
		json: true,
	})) as {
		data?: { warehouses?: Array<{ id: number; name: string }> };
		errors?: Array<{ message: string }>;
	};
	if (response.errors?.length)
		throw new NodeApiError(this.getNode(), { errors: response.errors } as never, {
			message: `Centra: ${response.errors[0].message}`,
		});
	return (response.data?.warehouses ?? []).map((w) => ({
		name: `${w.name} (${w.id})`,
		value: w.name,
	}));
}
