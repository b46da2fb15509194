import { createHmac } from 'crypto';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { HrItem } from '../happyReturns/state';
import { sendWebhooks } from '../happyReturns/webhookSender';
import { labelUpdateBody, outboundShipmentBody, returnAsnBodies } from '../happyReturns/webhooks';

const unit = (n: number, order = '1001'): HrItem => ({
	happyReturnsItemID: `it-${order}-${n}`,
	happyReturnsReturnID: `ret-${order}`,
	happyReturnsExpressCode: 'HRAB12CD',
	email: 'c@example.com',
	orderNumber: order,
	orderID: 'o1',
	orderLineItemID: `55-${n}-2`,
	sku: 'TEE-M',
	upc: '1',
	productName: 'Tee',
	purchasedAt: '2026-10-01T10:00:00-05:00',
	labelBarcode: 'HR2BAG',
	dropoffMethod: 'return-bar',
	status: 'started',
});

describe('Happy Returns webhook bodies', () => {
	const t0 = Date.parse('2026-11-01T12:00:00Z');

	it('merges changes within 60 s into one POST per order, status primary, others newest first', () => {
		const items = [unit(0), unit(1)];
		const bodies = returnAsnBodies(
			[
				{
					at: t0,
					orderNumber: '1001',
					returnId: 'ret-1001',
					change: { event: 'return_dropoff_method_created', typeID: 'return-bar' },
					items,
				},
				{
					at: t0 + 10_000,
					orderNumber: '1001',
					returnId: 'ret-1001',
					change: { event: 'return_status_updated', typeID: 'started' },
					items,
				},
				{
					at: t0 + 3_600_000,
					orderNumber: '1001',
					returnId: 'ret-1001',
					change: { event: 'return_status_updated', typeID: 'dropped-off' },
					items,
				},
				{
					at: t0 + 5_000,
					orderNumber: '2002',
					returnId: 'ret-2002',
					change: { event: 'return_status_updated', typeID: 'started' },
					items: [unit(0, '2002')],
				},
			],
			'acme',
		);
		expect(bodies).toHaveLength(3);
		const first = JSON.parse(bodies.find((b) => b.key === `asn:1001:${t0}`)!.body);
		expect(first).toMatchObject({
			event: 'return_status_updated',
			typeID: 'started',
			retailerID: 'acme',
			otherEvents: [{ event: 'return_dropoff_method_created', typeID: 'return-bar' }],
		});
		expect(first.items.map((i: { orderLineItemID: string }) => i.orderLineItemID)).toEqual([
			'55-0-2',
			'55-1-2',
		]);
	});

	it('builds the label update and the V1 outbound shipment array', () => {
		expect(JSON.parse(labelUpdateBody(unit(0), 'acme', t0).body)).toEqual({
			event: 'return_label_update',
			typeID: '',
			retailerID: 'acme',
			webhookType: 'return.label.update',
			labelID: 'HR2BAG',
			happyReturnsReturnID: 'ret-1001',
			happyReturnsExpressCode: 'HRAB12CD',
		});
		const shipment = JSON.parse(
			outboundShipmentBody(
				[unit(0), unit(1)],
				{
					trackingNumber: '1Z1',
					carrier: 'UPS',
					departureDate: '2026-11-02T00:00:00Z',
					palletNumber: 'P',
					shippingBoxBarcode: 'B',
				},
				'acme',
				t0,
			).body,
		);
		expect(shipment).toHaveLength(2);
		expect(shipment[0]).toMatchObject({
			tracking: '1Z1',
			carrier: 'UPS',
			happyReturnsItemID: 'it-1001-0',
			orderNumber: '1001',
		});
	});
});

describe('webhook sender', () => {
	let server: Server;
	let url = '';
	const received: Array<{ body: string; signature: string }> = [];
	let failFirst = 0;

	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				if (failFirst > 0) {
					failFirst--;
					res.statusCode = 503;
					res.end();
					return;
				}
				received.push({
					body: Buffer.concat(chunks).toString('utf8'),
					signature: String(req.headers['x-hr-signature']),
				});
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});
	beforeEach(() => (received.length = 0));

	const bodies = Array.from({ length: 5 }, (_, i) =>
		labelUpdateBody({ ...unit(i), labelBarcode: `BAG${i}` }, 'acme', i),
	);

	it('signs with hex HMAC-SHA256 of the raw body', async () => {
		await sendWebhooks(bodies.slice(0, 1), { url, secret: 's3cret' });
		expect(received[0].signature).toBe(
			createHmac('sha256', 's3cret').update(received[0].body).digest('hex'),
		);
		expect(received[0].signature).toMatch(/^[0-9a-f]{64}$/);
	});

	it('duplicates, shuffles reproducibly, and retries until 2xx', async () => {
		await sendWebhooks(bodies, { url, secret: 's', mode: 'duplicated', copies: 3 });
		expect(received).toHaveLength(15);
		received.length = 0;
		await sendWebhooks(bodies, { url, secret: 's', mode: 'shuffled', seed: 9 });
		const order = received.map((r) => JSON.parse(r.body).labelID);
		expect(new Set(order).size).toBe(5);
		expect(order).not.toEqual(['BAG0', 'BAG1', 'BAG2', 'BAG3', 'BAG4']);
		received.length = 0;
		failFirst = 2;
		const log = await sendWebhooks(bodies.slice(0, 1), {
			url,
			secret: 's',
			mode: 'retry',
			backoffMs: 5,
		});
		expect(log.map((l) => l.status)).toEqual([503, 503, 200]);
		expect(received).toHaveLength(1);
	});
});
