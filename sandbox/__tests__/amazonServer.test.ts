import axios, { type AxiosInstance } from 'axios';
import { gunzipSync } from 'zlib';
import { ManualClock } from '../common/httpServer';
import { startAmazonSandbox, type AmazonSandbox } from '../amazon/server';
import { SETTLEMENT_V2_COLUMNS } from '../amazon/settlementFile';

const NOW = Date.parse('2026-11-20T00:00:00Z');

describe('Amazon SP-API sandbox', () => {
	let amazon: AmazonSandbox;
	let clock: ManualClock;
	let api: AxiosInstance;

	async function token(): Promise<string> {
		const response = await axios.post(
			amazon.tokenUrl,
			new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: amazon.refreshToken,
				client_id: amazon.clientId,
				client_secret: amazon.clientSecret,
			}),
		);
		return response.data.access_token as string;
	}

	beforeEach(async () => {
		clock = new ManualClock(NOW);
		amazon = await startAmazonSandbox({ clock });
		for (let i = 0; i < 250; i++) {
			amazon.state.events.push({
				kind: i % 5 === 0 ? 'Refund' : 'Shipment',
				transactionId: `T${i}`,
				amazonOrderId: `111-0000000-${String(i % 50).padStart(7, '0')}`,
				sellerOrderId: `S${i % 50}`,
				sku: `SKU-${i % 7}`,
				quantity: 1,
				principalMinor: i % 5 === 0 ? -2999 : 2999,
				currency: 'USD',
				postedAt: NOW - (i + 1) * 3_600_000,
				adjustmentId: `ADJ${i}`,
				orderItemId: `OI${i}`,
				marketplaceId: 'ATVPDKIKX0DER',
			});
		}
		api = axios.create({ baseURL: amazon.url, validateStatus: () => true });
		api.defaults.headers.common['x-amz-access-token'] = await token();
	});
	afterEach(async () => amazon.close());

	it('issues LWA tokens from form or JSON bodies and rejects a bad refresh token OAuth-style', async () => {
		const json = await axios.post(amazon.tokenUrl, {
			grant_type: 'refresh_token',
			refresh_token: amazon.refreshToken,
			client_id: amazon.clientId,
			client_secret: amazon.clientSecret,
		});
		expect(json.data).toMatchObject({
			token_type: 'bearer',
			expires_in: 3600,
			access_token: expect.stringMatching(/^Atza\|/),
		});
		const bad = await axios.post(
			amazon.tokenUrl,
			new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: 'nope',
				client_id: amazon.clientId,
				client_secret: amazon.clientSecret,
			}),
			{ validateStatus: () => true },
		);
		expect(bad.status).toBe(400);
		expect(bad.data.error).toBe('invalid_grant');
	});

	it("answers 403 in Amazon's envelope for missing, invalid and expired tokens", async () => {
		const missing = await axios.get(`${amazon.url}/orders/v0/orders/111-0000000-0000001`, {
			validateStatus: () => true,
		});
		expect(missing.status).toBe(403);
		expect(missing.data).toEqual({
			errors: [
				{
					code: 'Unauthorized',
					message: 'Access to requested resource is denied.',
					details: 'Access token is missing in the request header.',
				},
			],
		});
		expect(missing.headers['x-amzn-requestid']).toBeDefined();
		clock.advance(3_600_000);
		const expired = await api.get('/orders/v0/orders/111-0000000-0000001');
		expect(expired.status).toBe(403);
		expect(expired.data.errors[0].details).toBe('The access token you provided has expired.');
	});

	it('pages listTransactions with nextToken and validates the window', async () => {
		amazon.state.transactionsPageSize = 100;
		const params = {
			postedAfter: new Date(NOW - 30 * 86_400_000).toISOString(),
			postedBefore: new Date(NOW - 300_000).toISOString(),
		};
		const ids: string[] = [];
		let nextToken: string | undefined;
		let pages = 0;
		do {
			const response = await api.get('/finances/2024-06-19/transactions', {
				params: nextToken ? { ...params, nextToken } : params,
			});
			expect(response.status).toBe(200);
			expect(response.headers['x-amzn-ratelimit-limit']).toBe('0.5');
			ids.push(
				...response.data.payload.transactions.map(
					(t: { transactionId: string }) => t.transactionId,
				),
			);
			nextToken = response.data.payload.nextToken;
			pages++;
		} while (nextToken);
		expect(pages).toBe(3);
		expect(new Set(ids).size).toBe(250);
		const noStart = await api.get('/finances/2024-06-19/transactions');
		expect(noStart.data).toEqual({
			errors: [
				{
					code: 'InvalidInput',
					message: 'Start date cannot be null',
					details: 'Start date cannot be null',
				},
			],
		});
		const byOrder = await api.get('/finances/2024-06-19/transactions', {
			params: { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-0000000-0000000' },
		});
		expect(byOrder.data.payload.transactions).toHaveLength(5);
		expect(byOrder.data.payload.transactions[0]).toMatchObject({
			transactionType: 'Refund',
			description: 'Refund Order',
			totalAmount: { currencyCode: 'USD', currencyAmount: -29.99 },
		});
	});

	it('throttles per operation at the burst with 429 QuotaExceeded, no Retry-After and no rate header', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++)
			statuses.push(
				(
					await api.get('/finances/2024-06-19/transactions', {
						params: {
							postedAfter: new Date(NOW - 86_400_000).toISOString(),
							postedBefore: new Date(NOW - 300_000).toISOString(),
						},
					})
				).status,
			);
		expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
		const limited = await api.get('/finances/2024-06-19/transactions', {
			params: { postedAfter: new Date(NOW - 86_400_000).toISOString() },
		});
		expect(limited.status).toBe(429);
		expect(limited.data).toEqual({
			errors: [
				{
					code: 'QuotaExceeded',
					message: 'You exceeded your quota for the requested resource.',
					details: '',
				},
			],
		});
		expect(limited.headers['retry-after']).toBeUndefined();
		expect(limited.headers['x-amzn-ratelimit-limit']).toBeUndefined();
		clock.advance(2_000);
		expect((await api.get('/orders/v0/orders/111-0000000-0000001')).status).toBe(404);
	});

	it('publishes settlement reports as gzip V2 flat files with the header and summary rows', async () => {
		amazon.state.settlements.push({
			settlementId: '1000000001',
			startAt: NOW - 14 * 86_400_000,
			endAt: NOW - 86_400_000,
			depositAt: NOW,
			currency: 'USD',
			rows: [
				{
					transactionType: 'Order',
					orderId: '111-0000000-0000001',
					merchantOrderId: 'S1',
					marketplaceName: 'amazon.com',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: 12999,
					fulfillmentId: 'MFN',
					postedAt: NOW - 5 * 86_400_000,
					orderItemCode: '55',
					sku: 'SKU-1',
					quantity: 1,
				},
				{
					transactionType: 'Refund',
					orderId: '111-0000000-0000001',
					merchantOrderId: 'S1',
					adjustmentId: 'A1',
					marketplaceName: 'amazon.com',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: -12999,
					fulfillmentId: 'MFN',
					postedAt: NOW - 3 * 86_400_000,
					orderItemCode: '55',
					sku: 'SKU-1',
					quantity: 1,
				},
				{
					transactionType: 'Refund',
					orderId: '111-0000000-0000001',
					merchantOrderId: 'S1',
					adjustmentId: 'A1',
					marketplaceName: 'amazon.com',
					amountType: 'ItemFees',
					amountDescription: 'RefundCommission',
					amountMinor: -390,
					fulfillmentId: 'MFN',
					postedAt: NOW - 3 * 86_400_000,
					orderItemCode: '55',
					sku: 'SKU-1',
					quantity: 1,
				},
			],
		});
		amazon.publishSettlement(0);
		expect(
			(
				await api.post('/reports/2021-06-30/reports', {
					reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
					marketplaceIds: ['ATVPDKIKX0DER'],
				})
			).data.errors[0].message,
		).toBe('Request for report type 1118 is not allowed at this time');
		const list = await api.get('/reports/2021-06-30/reports', {
			params: {
				reportTypes: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
				processingStatuses: 'DONE',
			},
		});
		expect(list.data.reports).toHaveLength(1);
		const document = await api.get(
			`/reports/2021-06-30/documents/${list.data.reports[0].reportDocumentId}`,
		);
		expect(document.data.compressionAlgorithm).toBe('GZIP');
		const download = await axios.get(document.data.url, {
			responseType: 'arraybuffer',
			decompress: false,
		});
		expect(download.headers['content-encoding']).toBe('identity');
		const lines = gunzipSync(Buffer.from(download.data))
			.toString('utf8')
			.trimEnd()
			.split('\n')
			.map((l) => l.split('\t'));
		expect(lines[0]).toEqual([...SETTLEMENT_V2_COLUMNS]);
		expect(lines[1].slice(0, 6)).toEqual([
			'1000000001',
			'2026-11-06 00:00:00 UTC',
			'2026-11-19 00:00:00 UTC',
			'2026-11-20 00:00:00 UTC',
			'-3.90',
			'USD',
		]);
		expect(lines[1].slice(6).every((v) => v === '')).toBe(true);
		expect(lines[3][lines[0].indexOf('amount')]).toBe('-129.99');
		clock.advance(301_000);
		expect((await axios.get(document.data.url, { validateStatus: () => true })).status).toBe(403);
	});

	it('rejects getReports with nextToken plus other parameters', async () => {
		const response = await api.get('/reports/2021-06-30/reports', {
			params: { nextToken: 'abc', reportTypes: 'X' },
		});
		expect(response.status).toBe(400);
		expect(response.data.errors[0].code).toBe('InvalidInput');
	});

	it('getOrder answers Money.Amount as a string and SellerOrderId', async () => {
		amazon.state.orders.set('111-0000000-0000009', {
			amazonOrderId: '111-0000000-0000009',
			sellerOrderId: '1009',
			purchaseDate: '2026-10-01T00:00:00Z',
			orderStatus: 'Shipped',
			fulfillmentChannel: 'MFN',
			currency: 'USD',
			totalMinor: 1101,
			marketplaceId: 'ATVPDKIKX0DER',
		});
		const response = await api.get('/orders/v0/orders/111-0000000-0000009');
		expect(response.data.payload).toMatchObject({
			AmazonOrderId: '111-0000000-0000009',
			SellerOrderId: '1009',
			OrderTotal: { CurrencyCode: 'USD', Amount: '11.01' },
		});
		expect(response.headers['x-amzn-ratelimit-limit']).toBe('0.5');
	});
});
