/**
 * Amazon node version 2 through n8n's real WorkflowExecute (harness) against the Amazon sandbox:
 * marketplaces from the seller's list (Sellers API getMarketplaceParticipations, asked only when
 * the list is opened, nothing before a credential is chosen) or By ID, and the throttling wait
 * budget under Options. Version 1 (saved workflows, the templates) keeps its text field and its
 * top-level wait budget: node.test.ts, and the version 1 surface snapshot.
 */
import { executeNode, listSearch, toItems } from '../../harness';
import { loadContract, validate } from '../../contracts/amazon/validate';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { sandboxCredentials } from '../../sandbox';

let amazon: AmazonSandbox;
const sellers = loadContract('sellers-v1');

beforeEach(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 20 });
	amazon.state.marketplaces.push(
		{
			marketplace: {
				id: 'A1PA6795UKMFR9',
				name: 'Amazon.de',
				countryCode: 'DE',
				defaultCurrencyCode: 'EUR',
				defaultLanguageCode: 'de_DE',
				domainName: 'www.amazon.de',
			},
			participation: { isParticipating: true, hasSuspendedListings: false },
		},
		{
			marketplace: {
				id: 'A13V1IB3VIYZZH',
				name: 'Amazon.fr',
				countryCode: 'FR',
				defaultCurrencyCode: 'EUR',
				defaultLanguageCode: 'fr_FR',
				domainName: 'www.amazon.fr',
			},
			participation: { isParticipating: false, hasSuspendedListings: false },
		},
	);
});
afterEach(async () => amazon.close());

const credentials = () => sandboxCredentials({ amazon });

const search = async (filter?: string, withCredential = true) =>
	await listSearch({
		type: 'amazonSellerCentral',
		typeVersion: 2,
		method: 'searchMarketplaces',
		filter,
		credentials: credentials(),
		nodeCredentials: withCredential ? { amazonSpApi: 'Amazon' } : {},
	});

async function run(parameters: Record<string, unknown>, typeVersion = 2) {
	return await executeNode({
		type: 'amazonSellerCentral',
		typeVersion,
		parameters: parameters as never,
		inputs: toItems([{}]),
		credentials: credentials(),
		nodeCredentials: { amazonSpApi: 'Amazon' },
	});
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const fbaReturns = {
	resource: 'returnsReport',
	operation: 'get',
	returnsReportType: 'fba',
	pollIntervalSeconds: 0.05,
};
const requestedMarketplaces = () =>
	amazon.exchanges
		.filter((e) => e.operation === 'createReport')
		.map((e) => (e.requestBody as { marketplaceIds: string[] }).marketplaceIds);

describe('Amazon v2 marketplace locator', () => {
	it('From List: the marketplaces the seller takes part in, by id, filtered by the typed text', async () => {
		expect(await search()).toEqual({
			results: [
				{ name: 'Amazon.com (US)', value: 'ATVPDKIKX0DER' },
				{ name: 'Amazon.de (DE)', value: 'A1PA6795UKMFR9' },
			],
		});
		expect(await search('amazon.de')).toEqual({
			results: [{ name: 'Amazon.de (DE)', value: 'A1PA6795UKMFR9' }],
		});
		expect(await search('ATVPDKIKX0DER')).toEqual({
			results: [{ name: 'Amazon.com (US)', value: 'ATVPDKIKX0DER' }],
		});
		// Not participating (Amazon.fr) is not offered, whatever the filter.
		expect(await search('amazon.fr')).toEqual({ results: [] });
	});

	it('the sandbox answers as the Sellers API model says (so the list above can be trusted)', async () => {
		await search();
		const answers = amazon.exchanges.filter((e) => e.operation === 'getMarketplaceParticipations');
		expect(answers).toHaveLength(1);
		expect(
			validate(sellers, 'GetMarketplaceParticipationsResponse', answers[0].responseBody),
		).toEqual([]);
		expect(
			validate(sellers, 'GetMarketplaceParticipationsResponse', {
				payload: [{ marketplace: { id: 'X' }, participation: { isParticipating: true } }],
			}),
		).not.toEqual([]);
	});

	it('nothing is fetched before a credential is chosen', async () => {
		expect(await search(undefined, false)).toEqual({ results: [] });
		expect(amazon.exchanges).toEqual([]);
		expect(amazon.issuedTokens).toEqual([]);
	});

	it('a refused credential is reported, not shown as an empty list', async () => {
		await expect(
			listSearch({
				type: 'amazonSellerCentral',
				typeVersion: 2,
				method: 'searchMarketplaces',
				credentials: {
					amazonSpApi: { ...credentials().amazonSpApi, refreshToken: 'not-the-token' },
				},
				nodeCredentials: { amazonSpApi: 'Amazon' },
			}),
		).rejects.toThrow();
	});

	it.each([
		['From List', rl('list', 'A1PA6795UKMFR9'), [['A1PA6795UKMFR9']]],
		['By ID, one', rl('id', 'ATVPDKIKX0DER'), [['ATVPDKIKX0DER']]],
		[
			'By ID, several',
			rl('id', 'ATVPDKIKX0DER, A1PA6795UKMFR9'),
			[['ATVPDKIKX0DER', 'A1PA6795UKMFR9']],
		],
	])('%s: the report is requested for those marketplaces', async (_, marketplaceIds, expected) => {
		const result = await run({ ...fbaReturns, marketplaceIds });
		expect(result.error).toBeUndefined();
		expect(requestedMarketplaces()).toEqual(expected);
	});

	it('an empty locator (from an expression) names the field and the item', async () => {
		// Left empty by hand, n8n refuses to run the node ("Parameter "Marketplace" is required").
		const result = await run({
			...fbaReturns,
			marketplaceIds: rl('id', '={{ $json.marketplace }}'),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Marketplace IDs" is empty');
		expect(requestedMarketplaces()).toEqual([]);
	});

	it('version 1 still reads the comma-separated text it stores', async () => {
		const result = await run({ ...fbaReturns, marketplaceIds: 'ATVPDKIKX0DER,A1PA6795UKMFR9' }, 1);
		expect(result.error).toBeUndefined();
		expect(requestedMarketplaces()).toEqual([['ATVPDKIKX0DER', 'A1PA6795UKMFR9']]);
	});
});

describe('Amazon v2 Refund: Get Many takes its marketplaces from the locator, not Options text', () => {
	const getMany = { resource: 'refund', operation: 'getMany' };

	it('looks up seller order IDs with the marketplace picked in the locator', async () => {
		const result = await run({
			...getMany,
			marketplaceIds: rl('list', 'ATVPDKIKX0DER'),
			refundListOptions: { sellerOrderIds: true },
		});
		expect(result.error).toBeUndefined();
	});

	it('an empty locator with seller order IDs asked names the field; a text in Options is not read', async () => {
		const result = await run({
			...getMany,
			marketplaceIds: rl('list', ''),
			refundListOptions: { sellerOrderIds: true, marketplaceIds: 'ATVPDKIKX0DER' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Marketplace (for Seller Order IDs)" is required');
	});

	it('version 1 still reads the text in Options', async () => {
		const result = await run(
			{ ...getMany, refundListOptions: { sellerOrderIds: true, marketplaceIds: 'ATVPDKIKX0DER' } },
			1,
		);
		expect(result.error).toBeUndefined();
	});
});

describe('Amazon v2 throttling wait budget under Options', () => {
	const list = { resource: 'settlementReport', operation: 'list' };
	const throttled = () =>
		amazon.server.faults.set('GET /reports/2021-06-30/reports', { rateLimited: 1 });

	it.each([
		['version 2, under Options', 2, { ...list, options: { waitBudgetSeconds: 2 } }],
		['version 1, at the top', 1, { ...list, waitBudgetSeconds: 2 }],
	])('%s: a small budget gives up soon on a throttled call', async (_, version, parameters) => {
		throttled();
		const started = Date.now();
		const result = await run(parameters, version);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('QuotaExceeded');
		expect(Date.now() - started).toBeLessThan(8_000);
	});

	it('version 2 reads no top-level budget (the field is gone from version 2)', async () => {
		throttled();
		const started = Date.now();
		// A top-level value a version 1 node would obey: version 2 ignores it and uses Options.
		const result = await run({
			...list,
			waitBudgetSeconds: 600,
			options: { waitBudgetSeconds: 1 },
		});
		expect(result.status).toBe('error');
		expect(Date.now() - started).toBeLessThan(8_000);
	});
});
