/**
 * "From List" of the market and pricelist resource locators (node version 2, Create Exchange
 * Order): every market or pricelist of the account (Query.markets and Query.pricelists,
 * https://centra.dev/graphql/query.html), page by page, filtered by the typed text and stored by
 * id. The editor asks only when a list is opened; before a credential is chosen the list is empty
 * instead of "Error fetching options".
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { PageGuard } from '../logic/paging';
import { MARKETS, PAGE_SIZE, PRICELISTS } from '../queries';

interface Row {
	id: number;
	name: string;
}

async function allRows(
	context: ILoadOptionsFunctions,
	field: 'markets' | 'pricelists',
	query: string,
): Promise<Row[]> {
	const credentials = await context.getCredentials<{ url: string }>('centraApi');
	const guard = new PageGuard(field === 'markets' ? 'market' : 'pricelist');
	const all: Row[] = [];
	for (let page = 1; ; page++) {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'centraApi',
			{ method: 'POST', url: credentials.url, body: { query, variables: { page } }, json: true },
		)) as { data?: Record<string, Row[] | undefined>; errors?: Array<{ message: string }> };
		if (response.errors?.length)
			throw new NodeApiError(context.getNode(), { errors: response.errors } as never, {
				message: `Centra: ${response.errors[0].message}`,
			});
		const rows = response.data?.[field] ?? [];
		try {
			guard.checkRows(rows, (row: Row) => row.id);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), (error as Error).message);
		}
		all.push(...rows);
		if (rows.length < PAGE_SIZE) break;
	}
	return all;
}

async function search(
	context: ILoadOptionsFunctions,
	field: 'markets' | 'pricelists',
	query: string,
	filter?: string,
): Promise<INodeListSearchResult> {
	if (!context.getNode().credentials?.centraApi) return { results: [] };
	const text = (filter ?? '').trim().toLowerCase();
	const rows = (await allRows(context, field, query)).filter(
		(row) => !text || row.name.toLowerCase().includes(text) || String(row.id) === text,
	);
	return { results: rows.map((row) => ({ name: row.name, value: String(row.id) })) };
}

export async function searchMarkets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'markets', MARKETS, filter);
}

export async function searchPricelists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'pricelists', PRICELISTS, filter);
}
