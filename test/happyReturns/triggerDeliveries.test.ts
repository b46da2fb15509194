/**
 * Happy Returns Trigger through n8n-core's WebhookContext under hostile deliveries: concurrent
 * executions sharing (and overwriting) static data, replays with re-written signature headers,
 * shapes that must never answer 500, the V2 shipment notice.
 */
import type { IDataObject } from 'n8n-workflow';
import { trimSlack } from '../../nodes/HappyReturns/shared/logic/eventState';
import { MAX_REMEMBERED } from '../../nodes/HappyReturns/trigger/webhook';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import { outboundShipmentV2Body } from '../../sandbox/happyReturns/webhooks';
import type { HrItem } from '../../sandbox/happyReturns/state';
import { deliver, secret } from './webhookDelivery';

const asn = (returnId: string, typeID = 'dropped-off') =>
	JSON.stringify({
		event: 'return_status_updated',
		typeID,
		retailerID: 'acme',
		otherEvents: [],
		items: [
			{ happyReturnsReturnID: returnId, orderNumber: '1001', orderLineItemID: '77-0-1', sku: 'T' },
		],
	});

const signed = (body: string) => signatureHeaders(body, secret, 'hex', 0);

const emittedIds = (result: Awaited<ReturnType<typeof deliver>>) =>
	(result.response.workflowData?.[0] ?? []).map((item) => String(item.json.eventId));

/**
 * n8n loads a workflow's static data for each execution and writes the whole object back after
 * it: concurrent executions start from the same snapshot and the last write wins.
 */
async function concurrently(bodies: string[], stored: IDataObject) {
	const copies = bodies.map(() => structuredClone(stored));
	const results = await Promise.all(
		bodies.map((body, i) => deliver(body, signed(body), copies[i])),
	);
	Object.assign(stored, copies[copies.length - 1]);
	return results;
}

/** What the templates do with each eventId: an atomic insert-if-absent. */
class Claims {
	private readonly claimed = new Set<string>();
	acted: string[] = [];
	claim(ids: string[]) {
		for (const id of ids) {
			if (this.claimed.has(id)) continue;
			this.claimed.add(id);
			this.acted.push(id);
		}
	}
}

describe('concurrent deliveries', () => {
	it('the same event three times at once: all answered 200 with one stable eventId, acted on once', async () => {
		const stored: IDataObject = {};
		const body = asn('ret-c');
		const results = await concurrently([body, body, body], stored);
		const claims = new Claims();
		for (const result of results) {
			expect(result.recorded.statusCode).toBe(200);
			claims.claim(emittedIds(result));
		}
		const ids = new Set(results.flatMap(emittedIds));
		// The hint cannot stop concurrent copies; the eventId they carry is one and the same.
		expect(ids.size).toBe(1);
		expect(claims.acted).toEqual([...ids]);
	});

	it('different events at once: none is lost even though one execution overwrites the hint', async () => {
		const stored: IDataObject = {};
		const bodies = ['ret-a', 'ret-b', 'ret-c', 'ret-d'].map((id) => asn(id));
		const first = await concurrently(bodies, stored);
		const claims = new Claims();
		for (const result of first) claims.claim(emittedIds(result));
		expect(claims.acted).toHaveLength(4);
		// A redelivery of every body later: the forgotten hints let some through again, and the
		// claim (not the hint) keeps them from acting twice.
		for (const body of bodies) claims.claim(emittedIds(await deliver(body, signed(body), stored)));
		expect(claims.acted).toHaveLength(4);
	});

	it('sequential redeliveries are skipped by the hint and answered 200', async () => {
		const stored: IDataObject = {};
		const body = asn('ret-s');
		expect(emittedIds(await deliver(body, signed(body), stored))).toHaveLength(1);
		const again = await deliver(body, signed(body), stored);
		expect(again.response).toEqual({
			webhookResponse: { received: 1, started: 0, duplicates: 1, late: 0 },
		});
	});

	it('the hint stays small: 2,100 units leave at most its cap and trim slack of entries', async () => {
		const stored: IDataObject = {};
		for (let i = 0; i < 2100; i += 300) {
			const body = JSON.stringify({
				event: 'return_status_updated',
				typeID: 'started',
				items: Array.from({ length: 300 }, (_, j) => ({
					happyReturnsReturnID: `r${i + j}`,
					orderLineItemID: 'L1',
				})),
			});
			await deliver(body, signed(body), stored);
		}
		// n8n keeps a node's static data under "node:<name>".
		const hint = Object.values(stored)[0] as { seen: object; units: object };
		const bound = MAX_REMEMBERED + trimSlack(MAX_REMEMBERED);
		expect(Object.keys(hint.seen).length).toBeLessThanOrEqual(bound);
		expect(Object.keys(hint.units).length).toBeLessThanOrEqual(bound);
		expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(250_000);
	});
});

describe('replay guard (timestamped signatures)', () => {
	const now = () => Math.floor(Date.now() / 1000);
	const timestamped = { signatureMode: 'timestamped' };

	it.each([
		['a sha256= prefix', (sig: string) => `sha256=${sig}`],
		['upper case', (sig: string) => sig.toUpperCase()],
		['surrounding spaces', (sig: string) => ` ${sig} `],
	])('a replay with %s in the header is still a replay', async (_case, rewrite) => {
		const body = asn('ret-r');
		const headers = signatureHeaders(body, secret, 'timestamped', now());
		const staticData: IDataObject = {};
		expect((await deliver(body, headers, staticData, timestamped)).recorded.statusCode).toBe(200);
		const replay = await deliver(
			body,
			{ ...headers, 'X-Hr-Signature': rewrite(headers['X-Hr-Signature']) },
			staticData,
			timestamped,
		);
		expect(replay.recorded).toMatchObject({ statusCode: 401, body: { error: 'Replayed request' } });
	});

	it('junk after a valid signature does not verify', async () => {
		const body = asn('ret-j');
		const headers = signatureHeaders(body, secret, 'timestamped', now());
		const result = await deliver(
			body,
			{ ...headers, 'X-Hr-Signature': `${headers['X-Hr-Signature']}zz` },
			{},
			timestamped,
		);
		expect(result.recorded).toMatchObject({
			statusCode: 401,
			body: { error: 'Invalid signature' },
		});
	});

	it('with Duplicate Memory 0 a captured request still cannot be replayed within its window', async () => {
		const body = asn('ret-0');
		const headers = signatureHeaders(body, secret, 'timestamped', now());
		const staticData: IDataObject = {};
		const parameters = { ...timestamped, options: { retentionDays: 0 } };
		expect((await deliver(body, headers, staticData, parameters)).recorded.statusCode).toBe(200);
		const replay = await deliver(body, headers, staticData, parameters);
		expect(replay.recorded.statusCode).toBe(401);
		// Without the hint a genuine redelivery (new timestamp) starts the workflow again.
		const redelivery = await deliver(
			body,
			signatureHeaders(body, secret, 'timestamped', now() + 1),
			staticData,
			parameters,
		);
		expect(redelivery.response.workflowData?.[0]).toHaveLength(1);
	});
});

describe('payload shapes never answer 500', () => {
	it.each([
		[
			'otherEvents: [null]',
			JSON.stringify({
				event: 'return_status_updated',
				typeID: 'started',
				otherEvents: [null],
				items: [{ sku: 'A' }],
			}),
		],
		['a deeply nested body', `{"event":"x","items":${'['.repeat(5000)}${']'.repeat(5000)}}`],
		['null', 'null'],
		['a bare number', '42'],
		['items of nulls', JSON.stringify({ event: 'return_status_updated', items: [null] })],
	])('%s: 200, and the delivery is kept as an event', async (_case, body) => {
		const result = await deliver(body, signed(body));
		expect(result.recorded.statusCode ?? 200).toBe(200);
		const items = result.response.workflowData?.[0] ?? [];
		expect(items.length).toBeGreaterThan(0);
	});

	it('a body nested beyond the bound is one return.unknown with its reason', async () => {
		const body = `{"a":${'['.repeat(100)}${']'.repeat(100)}}`;
		const result = await deliver(body, signed(body));
		expect(result.response.workflowData?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				eventType: 'return.unknown',
				reason: 'nested deeper than 32 levels',
			}),
		]);
	});
});

describe('Outbound Shipment V2', () => {
	const item = (i: number): HrItem => ({
		happyReturnsItemID: `it-${i}`,
		happyReturnsReturnID: 'ret-v2',
		happyReturnsExpressCode: 'HRV2V2V2',
		email: '',
		orderNumber: '1001',
		orderID: 'o1',
		orderLineItemID: `L${i}-0-1`,
		sku: 'TEE-M',
		upc: '',
		productName: 'Tee',
		purchasedAt: '2026-10-01T10:00:00Z',
		labelBarcode: 'BAG',
		dropoffMethod: 'return-bar',
		status: 'dropped_off',
	});

	it('emits shipment.in_transit per unit', async () => {
		const { body } = outboundShipmentV2Body(
			[item(0), item(1)],
			{
				trackingNumber: '1Z2',
				carrier: 'UPS',
				departureDate: '2026-11-02T00:00:00Z',
				palletNumber: 'P',
				shippingBoxBarcode: 'B',
			},
			'acme',
			0,
		);
		const result = await deliver(body, signed(body));
		expect(
			result.response.workflowData?.[0].map((i) => [i.json.eventType, i.json.unitRef]),
		).toEqual([
			['shipment.in_transit', 'L0.0'],
			['shipment.in_transit', 'L1.0'],
		]);
	});

	it('an unrecognised shipment body is answered 200 and surfaced as its own event', async () => {
		const body = JSON.stringify({ webhookType: 'outbound_shipment.asn', parcels: [{ id: 1 }] });
		const result = await deliver(body, signed(body));
		expect(result.response.workflowData?.[0].map((i) => i.json.eventType)).toEqual([
			'shipment.unrecognized',
		]);
	});
});
