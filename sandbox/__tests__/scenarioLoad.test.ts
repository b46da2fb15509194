import axios from 'axios';
import { gunzipSync } from 'zlib';
import { startSandboxes, type Sandboxes } from '..';

describe('a scenario loaded into the three sandboxes', () => {
	let s: Sandboxes;

	beforeAll(async () => {
		s = await startSandboxes({
			scenario: {
				seed: 5,
				returns: 300,
				asOf: new Date().toISOString(),
				rates: { duplicateRefund: 0.05, lostInTransit: 0.05, orphanedRefund: 0.03 },
			},
			amazon: { rateScale: 1000 },
		});
	});
	afterAll(async () => s.close());

	it('serves each return from Happy Returns by order number', async () => {
		const event = s.scenario!.returnEvents[0];
		const response = await axios.post(
			`${s.hr.url}/return`,
			{ happyReturnsRetailerID: s.hr.retailerId, orderNumber: event.orderNumber },
			{ headers: { 'X-Hr-Apikey': s.hr.apiKey } },
		);
		expect(response.data.items[0]).toMatchObject({
			happyReturnsReturnID: event.returnId,
			sku: event.sku,
		});
		const shipments = await axios.get(`${s.hr.url}/outbound-shipments`, {
			headers: { 'X-Hr-Apikey': s.hr.apiKey },
			params: { startDateTime: '2020-01-01T00:00:00Z' },
		});
		const manifestUnits = shipments.data.data.reduce(
			(sum: number, shipment: { itemCount: number }) => sum + shipment.itemCount,
			0,
		);
		expect(manifestUnits).toBe(s.scenario!.manifests.length);
	});

	it('has every order in Centra and every stock movement in its ledger', async () => {
		expect(s.centra.state.orders).toHaveLength(s.scenario!.orders.length);
		expect(s.centra.state.stockChanges).toHaveLength(s.scenario!.stockMovements.length);
		const order = s.scenario!.orders[0];
		const response = await axios.post(
			s.centra.graphqlUrl,
			{
				query:
					'query($n: [Int!]) { orders(where: { number: $n }) { number lines { productSize { SKU } } } }',
				variables: { n: [Number(order.orderNumber)] },
			},
			{ headers: { Authorization: `Bearer ${s.centra.token}` } },
		);
		expect(response.data.data.orders[0].lines[0].productSize.SKU).toBe(order.sku);
	});

	it('has every Amazon refund as a transaction and a settlement whose rows sum to its total', async () => {
		const amazonRefunds = s.scenario!.refunds.filter((r) => r.channel === 'amazon');
		expect(s.amazon.state.events).toHaveLength(amazonRefunds.length);
		const token = (
			await axios.post(
				s.amazon.tokenUrl,
				new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: s.amazon.refreshToken,
					client_id: s.amazon.clientId,
					client_secret: s.amazon.clientSecret,
				}),
			)
		).data.access_token;
		const headers = { 'x-amz-access-token': token };
		const reports = await axios.get(`${s.amazon.url}/reports/2021-06-30/reports`, {
			headers,
			params: { reportTypes: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2' },
		});
		const document = await axios.get(
			`${s.amazon.url}/reports/2021-06-30/documents/${reports.data.reports[0].reportDocumentId}`,
			{ headers },
		);
		const file = gunzipSync(
			Buffer.from((await axios.get(document.data.url, { responseType: 'arraybuffer' })).data),
		).toString('utf8');
		const [header, summary, ...rows] = file
			.trimEnd()
			.split('\n')
			.map((line) => line.split('\t'));
		const amount = header.indexOf('amount');
		const total = rows.reduce((sum, row) => sum + Math.round(Number(row[amount]) * 100), 0);
		expect(Math.round(Number(summary[header.indexOf('total-amount')]) * 100)).toBe(total);
		expect(rows.length).toBe(amazonRefunds.filter((r) => r.currency === 'USD').length);
	});

	it('produces signed-ready Happy Returns notifications for every return and shipment', () => {
		const types = new Set(s.webhooks.map((w) => w.type));
		expect(types).toEqual(new Set(['return.asn', 'return.label.update', 'outbound_shipment.asn']));
		const shipmentBodies = s.webhooks.filter((w) => w.type === 'outbound_shipment.asn');
		const shippedItems = shipmentBodies.reduce(
			(sum, w) => sum + (JSON.parse(w.body) as unknown[]).length,
			0,
		);
		expect(shippedItems).toBe(s.scenario!.manifests.length);
	});
});
