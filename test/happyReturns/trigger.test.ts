/** Happy Returns Trigger through n8n-core's WebhookContext, fed by the sandbox's webhook bodies. */
import { createHash } from 'crypto';
import { callWebhook, runWorkflow } from '../../harness';
import type { IDataObject } from 'n8n-workflow';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import { generateScenario } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { Random } from '../../sandbox/scenario/random';
import { credentials, deliver, secret } from './webhookDelivery';

const asn = JSON.stringify({
	event: 'return_status_updated',
	typeID: 'dropped-off',
	retailerID: 'acme',
	otherEvents: [],
	items: [
		{
			happyReturnsReturnID: 'ret-1',
			orderNumber: '1001',
			orderLineItemID: '77-0-1',
			sku: 'TEE-M',
			happyReturnsItemID: 'it-1',
			labelBarcode: 'HR2BAG',
		},
	],
});

describe('Happy Returns Trigger: signatures', () => {
	it('starts the workflow for a valid hex signature and emits canonical events', async () => {
		const result = await deliver(asn, signatureHeaders(asn, secret, 'hex', 0));
		expect(result.response.workflowData?.[0].map((i) => i.json.eventType)).toEqual([
			'return.dropped_off',
		]);
		expect(result.response.workflowData?.[0][0].json).toMatchObject({
			returnId: 'ret-1',
			orderNumber: '1001',
			unitIndex: 0,
			unitCount: 1,
			isLate: false,
			unitRef: '77.0',
			// The unit's own item and a hash of the delivery, never the whole body.
			original: JSON.parse(asn).items[0],
			deliveryHash: createHash('sha256').update(asn).digest('hex'),
		});
	});

	it.each([
		['a wrong signature', { 'X-Hr-Signature': '0'.repeat(64) }],
		['no signature', {}],
		['the base64 encoding in hex mode', signatureHeaders(asn, secret, 'base64', 0)],
		['a signature made with another secret', signatureHeaders(asn, 'other', 'hex', 0)],
	])('answers 401 and starts nothing for %s', async (_case, headers) => {
		const result = await deliver(asn, headers as Record<string, string>);
		expect(result.recorded).toMatchObject({
			statusCode: 401,
			body: { error: 'Invalid signature' },
		});
		expect(result.response).toEqual({ noWebhookResponse: true });
	});

	it('verifies the raw bytes, not re-serialised JSON', async () => {
		const spaced = asn.replace('"event":', '"event" :  ');
		const ok = await deliver(spaced, signatureHeaders(spaced, secret, 'hex', 0));
		expect(ok.response.workflowData).toBeDefined();
		const tampered = await deliver(spaced, signatureHeaders(asn, secret, 'hex', 0));
		expect(tampered.recorded.statusCode).toBe(401);
	});

	it('in timestamped mode refuses stale timestamps and replays', async () => {
		const staticData: IDataObject = {};
		const now = Math.floor(Date.now() / 1000);
		const headers = signatureHeaders(asn, secret, 'timestamped', now);
		expect(
			(await deliver(asn, headers, staticData, { signatureMode: 'timestamped' })).response
				.workflowData,
		).toBeDefined();
		const replay = await deliver(asn, headers, staticData, { signatureMode: 'timestamped' });
		expect(replay.recorded).toMatchObject({ statusCode: 401, body: { error: 'Replayed request' } });
		const stale = await deliver(
			asn,
			signatureHeaders(asn, secret, 'timestamped', now - 600),
			{},
			{ signatureMode: 'timestamped' },
		);
		expect(stale.recorded.statusCode).toBe(401);
	});

	it('answers 400 for a signed body that is not JSON', async () => {
		const truncated = asn.slice(0, 30);
		const result = await deliver(truncated, signatureHeaders(truncated, secret, 'hex', 0));
		expect(result.recorded).toMatchObject({
			statusCode: 400,
			body: { error: 'The body is not valid JSON' },
		});
	});

	it('with no signature check, accepts unsigned bodies', async () => {
		const result = await callWebhook({
			type: 'happyReturnsTrigger',
			body: asn,
			parameters: { signatureMode: 'none' },
		});
		expect(result.response.workflowData?.[0]).toHaveLength(1);
	});
});

describe('Happy Returns Trigger: redeliveries and ordering', () => {
	const scenario = generateScenario({
		seed: 11,
		returns: 60,
		asOf: new Date().toISOString(),
		rates: {},
	});
	const bodies: WebhookBody[] = loadScenario(scenario, {});

	async function run(deliveries: WebhookBody[]) {
		const staticData: IDataObject = {};
		const emitted: IDataObject[] = [];
		for (const body of deliveries) {
			const result = await deliver(
				body.body,
				signatureHeaders(body.body, secret, 'hex', 0),
				staticData,
			);
			expect(result.recorded.statusCode).toBe(200);
			for (const item of result.response.workflowData?.[0] ?? []) emitted.push(item.json);
		}
		return emitted;
	}

	it('delivered once in order: one event per unit and status', async () => {
		const emitted = await run([...bodies].sort((a, b) => a.at - b.at));
		const units = scenario.returnEvents.length / 2;
		expect(emitted.filter((e) => e.eventType === 'return.dropped_off')).toHaveLength(units);
		expect(emitted.filter((e) => e.eventType === 'return.started')).toHaveLength(units);
		expect(emitted.filter((e) => e.eventType === 'shipment.in_transit')).toHaveLength(
			scenario.manifests.length,
		);
	});

	it('each delivered three times in shuffled order: exactly the events of one in-order delivery, each once', async () => {
		const tripled = [...bodies, ...bodies, ...bodies];
		const random = new Random(3);
		for (let i = tripled.length - 1; i > 0; i--) {
			const j = Math.floor(random.next() * (i + 1));
			[tripled[i], tripled[j]] = [tripled[j], tripled[i]];
		}
		const once = await run([...bodies].sort((a, b) => a.at - b.at));
		const emitted = await run(tripled);
		const ids = emitted.map((e) => e.eventId);
		expect(new Set(ids).size).toBe(ids.length);
		// No milestone is dropped for arriving late: a "started" after its drop-off is still emitted.
		const sorted = (list: IDataObject[]) => list.map((e) => String(e.eventId)).sort();
		expect(sorted(emitted)).toEqual(sorted(once));
	});

	it('flags a status that arrives after a later one of its unit as late, and still emits it', async () => {
		const staticData: IDataObject = {};
		await deliver(asn, signatureHeaders(asn, secret, 'hex', 0), staticData);
		const started = asn.replace('"typeID":"dropped-off"', '"typeID":"started"');
		const late = await deliver(started, signatureHeaders(started, secret, 'hex', 0), staticData);
		const [json] = late.response.workflowData?.[0].map((i) => i.json) ?? [];
		expect([json?.eventType, json?.isLate, Object.keys(json ?? {}).pop()]).toEqual([
			'return.started',
			true,
			'isLate',
		]);
	});

	it('acknowledges a pure redelivery with 200 and starts nothing', async () => {
		const staticData: IDataObject = {};
		await deliver(asn, signatureHeaders(asn, secret, 'hex', 0), staticData);
		const again = await deliver(asn, signatureHeaders(asn, secret, 'hex', 0), staticData);
		expect(again.response).toEqual({
			webhookResponse: { received: 1, started: 0, duplicates: 1, late: 0 },
		});
	});
});

describe('Happy Returns Trigger in a workflow', () => {
	it('feeds its events into the next node', async () => {
		const webhook = await deliver(asn, signatureHeaders(asn, secret, 'hex', 0));
		const result = await runWorkflow(
			{
				nodes: [
					{
						id: '1',
						name: 'Happy Returns',
						type: 'n8n-nodes-returns-reconciliation.happyReturnsTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
						credentials: { happyReturnsApi: { id: '1', name: 'HR' } },
					},
					{
						id: '2',
						name: 'Next',
						type: 'n8n-nodes-base.noOp',
						typeVersion: 1,
						position: [200, 0],
						parameters: {},
					},
				],
				connections: { 'Happy Returns': { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
			},
			{ triggerItems: webhook.response.workflowData?.[0], mode: 'webhook', credentials },
		);
		expect(result.status).toBe('success');
		expect(result.output('Next')[0].json).toMatchObject({
			eventType: 'return.dropped_off',
			returnId: 'ret-1',
		});
	});
});
