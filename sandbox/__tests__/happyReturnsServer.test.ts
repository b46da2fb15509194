import axios, { type AxiosInstance } from 'axios';
import { ManualClock } from '../common/httpServer';
import { startHappyReturnsSandbox, type HappyReturnsSandbox } from '../happyReturns/server';
import { numberedItem } from '../happyReturns/seed';
import type { HrItem } from '../happyReturns/state';

const item = (i: number, over: Partial<HrItem> = {}): HrItem =>
	numberedItem(i, { upc: '0001', ...over });

describe('Happy Returns sandbox', () => {
	let hr: HappyReturnsSandbox;
	let api: AxiosInstance;

	beforeEach(async () => {
		hr = await startHappyReturnsSandbox({ bucketSize: 10_000, ratePerSecond: 1000 });
		api = axios.create({
			baseURL: hr.url,
			headers: { 'X-Hr-Apikey': hr.apiKey },
			validateStatus: () => true,
		});
		for (let i = 0; i < 2500; i++) hr.state.addItem(item(i));
		hr.state.shipments.set('shp-1', {
			id: 'shp-1',
			trackingNumber: '1Z9',
			carrier: 'UPS',
			departureDate: new Date().toISOString(),
			palletNumber: 'P1',
			shippingBoxBarcode: 'BOX1',
			itemIds: [...hr.state.items.keys()],
		});
	});
	afterEach(async () => hr.close());

	it('answers 401 without the API key', async () => {
		const response = await axios.post(`${hr.url}/return`, {}, { validateStatus: () => true });
		expect(response.status).toBe(401);
		expect(response.data).toEqual({ ErrorMessage: 'invalid or missing X-Hr-Apikey' });
	});

	it('POST /return: items by exactly one key, 204 when not found, 400 otherwise', async () => {
		const found = await api.post('/return', {
			happyReturnsRetailerID: hr.retailerId,
			orderNumber: '1000',
		});
		expect(found.status).toBe(200);
		expect(found.data.items.map((i: HrItem) => i.happyReturnsItemID)).toEqual(['item-0', 'item-1']);
		const byCode = await api.post('/return', {
			happyReturnsRetailerID: hr.retailerId,
			happyReturnsExpressCode: 'hrx3',
		});
		expect(byCode.data.items).toHaveLength(2);
		const missing = await api.post('/return', {
			happyReturnsRetailerID: hr.retailerId,
			email: 'nobody@example.com',
		});
		expect(missing.status).toBe(204);
		expect(missing.data).toBe('');
		const two = await api.post('/return', {
			happyReturnsRetailerID: hr.retailerId,
			email: 'a',
			orderNumber: '1',
		});
		expect(two.status).toBe(400);
	});

	it('pages a shipment manifest past 1000 items with cursors, and rejects page[size] over 1000', async () => {
		const ids: string[] = [];
		let after: string | null = null;
		do {
			const page: {
				data: {
					data: Array<{ happyReturnsItemID: string; tracking: string }>;
					links: { next: string | null };
				};
			} = await api.get('/outbound-shipment/shp-1', {
				params: { 'page[size]': 1000, ...(after ? { 'page[after]': after } : {}) },
			});
			ids.push(...page.data.data.map((i) => i.happyReturnsItemID));
			expect(page.data.data[0].tracking).toBe('1Z9');
			// links.next is a URL carrying the page[after] cursor.
			const next = page.data.links.next;
			after = next ? new URL(next).searchParams.get('page[after]') : null;
		} while (after);
		expect(ids).toHaveLength(2500);
		expect(new Set(ids).size).toBe(2500);
		expect(
			(await api.get('/outbound-shipment/shp-1', { params: { 'page[size]': 1001 } })).status,
		).toBe(400);
		expect((await api.get('/outbound-shipment/nope')).status).toBe(404);
	});

	it('lists outbound shipments in a date window', async () => {
		const listed = await api.get('/outbound-shipments', { params: { retailerID: hr.retailerId } });
		expect(listed.data.data).toEqual([
			expect.objectContaining({ id: 'shp-1', trackingNumber: '1Z9', itemCount: 2500 }),
		]);
		const old = await api.get('/outbound-shipments', {
			params: { startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2020-01-02T00:00:00Z' },
		});
		expect(old.data.data).toEqual([]);
	});

	it('approves an item once; the second approval answers 409', async () => {
		const body = {
			returning: [{ happyReturnsItemID: 'item-0', approve: true, condition: 'sellable' }],
		};
		expect((await api.post('/rma/ret-0/approve', body)).status).toBe(200);
		const again = await api.post('/rma/ret-0/approve', body);
		expect(again.status).toBe(409);
		expect(again.data.ErrorMessage).toContain('already approved');
		expect(hr.state.approvals.size).toBe(1);
		expect(
			(
				await api.post('/rma/ret-0/approve', {
					returning: [{ happyReturnsItemID: 'item-1', condition: 'broken' }],
				})
			).status,
		).toBe(400);
	});

	it('expires idempotently, and refuses a return in a final state', async () => {
		expect((await api.post('/rma/ret-5/expire')).status).toBe(200);
		expect((await api.post('/rma/ret-5/expire')).status).toBe(200);
		hr.state.items.get('item-20')!.status = 'dropped_off';
		expect((await api.post('/rma/ret-10/expire')).status).toBe(409);
	});

	it('accepts return contents up to 1000 items per request', async () => {
		const items = (n: number) =>
			Array.from({ length: n }, (_, i) => ({
				happyReturnsItemID: `item-${i}`,
				returnBagBarcode: `BAG${i}`,
				checkedInAt: '2026-11-01T00:00:00Z',
				disposition: 'sellable',
			}));
		expect(
			(
				await api.post('/return-contents', [
					{ happyReturnsRetailerID: hr.retailerId, items: items(1000) },
				])
			).status,
		).toBe(200);
		expect(
			(
				await api.post('/return-contents', [
					{ happyReturnsRetailerID: hr.retailerId, items: items(1001) },
				])
			).status,
		).toBe(400);
		expect(hr.state.returnContents).toHaveLength(1000);
	});
});

describe('Happy Returns sandbox rate limit', () => {
	it('answers 429 with the wait in the body text and no Retry-After, then recovers', async () => {
		const clock = new ManualClock(Date.parse('2026-11-20T00:00:00Z'));
		const hr = await startHappyReturnsSandbox({ bucketSize: 2, ratePerSecond: 0.5, clock });
		const api = axios.create({
			baseURL: hr.url,
			headers: { 'X-Hr-Apikey': hr.apiKey },
			validateStatus: () => true,
		});
		try {
			const statuses = [];
			for (let i = 0; i < 3; i++) statuses.push((await api.get('/webhooks')).status);
			expect(statuses).toEqual([200, 200, 429]);
			const limited = await api.get('/webhooks');
			expect(limited.headers['retry-after']).toBeUndefined();
			expect(limited.data.ErrorMessage).toBe(
				'too many requests: limit 0.500000 requests/sec, leaky bucket size 2',
			);
			clock.advance(1_999);
			expect((await api.get('/webhooks')).status).toBe(429);
			clock.advance(1);
			expect((await api.get('/webhooks')).status).toBe(200);
		} finally {
			await hr.close();
		}
	});
});

describe('fault injection', () => {
	it('observes the set rates within a few percent over 1000 calls', async () => {
		const hr = await startHappyReturnsSandbox({ bucketSize: 100_000, ratePerSecond: 100_000 });
		hr.server.faults.set('*', { rateLimited: 0.1, serverError: 0.1, drop: 0.05 });
		const api = axios.create({
			baseURL: hr.url,
			headers: { 'X-Hr-Apikey': hr.apiKey },
			validateStatus: () => true,
		});
		const seen = { 429: 0, 503: 0, dropped: 0, ok: 0 };
		try {
			for (let i = 0; i < 1000; i++) {
				try {
					const response = await api.get('/webhooks');
					if (response.status === 429) seen[429]++;
					else if (response.status === 503) seen[503]++;
					else seen.ok++;
				} catch {
					seen.dropped++;
				}
			}
		} finally {
			await hr.close();
		}
		expect(Math.abs(seen[429] / 1000 - 0.1)).toBeLessThan(0.03);
		expect(Math.abs(seen[503] / 1000 - 0.1)).toBeLessThan(0.03);
		expect(Math.abs(seen.dropped / 1000 - 0.05)).toBeLessThan(0.02);
		expect(seen.ok + seen[429] + seen[503] + seen.dropped).toBe(1000);
	});

	it('holds a "slow" answer past the client timeout', async () => {
		const hr = await startHappyReturnsSandbox();
		hr.server.faults.set('GET /webhooks', { slow: 1 });
		hr.server.slowMs = 300;
		try {
			await expect(
				axios.get(`${hr.url}/webhooks`, { headers: { 'X-Hr-Apikey': hr.apiKey }, timeout: 100 }),
			).rejects.toThrow(/timeout/);
			expect(hr.server.faults.counts.slow).toBe(1);
		} finally {
			await new Promise((resolve) => setTimeout(resolve, 350));
			await hr.close();
		}
	});
});
