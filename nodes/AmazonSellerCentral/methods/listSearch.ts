/**
 * "From List" of the marketplace resource locator (node version 2): the marketplaces the seller
 * takes part in, from the Sellers API (GET /sellers/v1/marketplaceParticipations,
 * https://github.com/amzn/selling-partner-api-models/blob/main/models/sellers-api-model/sellers.json).
 * The editor asks only when the list is opened; before a credential is chosen the list is empty
 * instead of an "Error fetching options". One call, no retry: the usage plan is about one request a
 * minute with a burst of 15, so a throttled answer is reported and the list can be opened again.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { amazonBaseUrl } from '../transport';

interface Participation {
	marketplace?: { id?: string; name?: string; countryCode?: string; domainName?: string };
	participation?: { isParticipating?: boolean };
}

export async function searchMarketplaces(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	if (!this.getNode().credentials?.amazonSpApi) return { results: [] };
	const credentials = await this.getCredentials<{ region?: string; endpoint?: string }>(
		'amazonSpApi',
	);
	let body: { payload?: Participation[] };
	try {
		body = (await this.helpers.httpRequestWithAuthentication.call(this, 'amazonSpApi', {
			method: 'GET',
			url: `${amazonBaseUrl(credentials)}/sellers/v1/marketplaceParticipations`,
			json: true,
		})) as { payload?: Participation[] };
	} catch (error) {
		// NodeApiError reads Amazon's error list from the answer for the description.
		throw new NodeApiError(this.getNode(), error as JsonObject, {
			message: 'Amazon: could not list the marketplaces',
		});
	}
	const text = (filter ?? '').trim().toLowerCase();
	const results = (body.payload ?? [])
		.filter((entry) => entry.participation?.isParticipating !== false && entry.marketplace?.id)
		.map((entry) => entry.marketplace as Required<NonNullable<Participation['marketplace']>>)
		.filter(
			(m) =>
				!text ||
				[m.id, m.name, m.countryCode, m.domainName].some((field) =>
					String(field ?? '')
						.toLowerCase()
						.includes(text),
				),
		)
		.map((m) => ({
			name: m.countryCode ? `${m.name} (${m.countryCode})` : m.name || m.id,
			value: m.id,
		}));
	return { results };
}
