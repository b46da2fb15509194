/** Happy Returns node through the harness against the Happy Returns sandbox. */
import { executeNode, testCredential, toItems } from '../../harness';
import { SimulatedClock } from '../../harness/season/clock';
import { pacingDelayMs } from '../../nodes/HappyReturns/transport';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
} from '../../sandbox/happyReturns/server';
import { numberedItem } from '../../sandbox/happyReturns/seed';
import type { HrItem } from '../../sandbox/happyReturns/state';

let hr: HappyReturnsSandbox;

/**
 * For the tests of waits (the leaky bucket's 429s, back-off after faults, pacing): the node's
 * waits (n8n's sleep) move a simulated clock that the sandbox's bucket reads too, so the
 * production delays run unchanged and cost no real time.
 */
function simulatedClock() {
	const clock = new SimulatedClock();
	beforeAll(() => clock.install());
	afterAll(() => clock.uninstall());
}

const unit = (i: number, over: Partial<HrItem> = {}): HrItem =>
	numberedItem(i, { status: 'dropped_off', ...over });

async function hrNode(
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	continueOnFail = false,
	pacing: { requestsPerSecond: number; burst?: number } = { requestsPerSecond: 0 },
) {
	return executeNode({
		type: 'happyReturns',
		parameters: parameters as never,
		inputs: toItems(inputs),
		continueOnFail,
		credentials: {
			happyReturnsApi: {
				apiKey: hr.apiKey,
				retailerId: hr.retailerId,
				baseUrl: hr.url,
				webhookSecret: 's',
				// Pacing is tested on its own; elsewhere it would only slow the suite down.
				...pacing,
			},
		},
		nodeCredentials: { happyReturnsApi: 'Happy Returns' },
	});
}

beforeEach(async () => {
	hr = await startHappyReturnsSandbox({ bucketSize: 100_000, ratePerSecond: 100_000 });
	for (let i = 0; i < 2300; i++) hr.state.addItem(unit(i));
	hr.state.shipments.set('SHP-1', {
		id: 'SHP-1',
		trackingNumber: '1Z1',
		carrier: 'UPS',
		departureDate: new Date().toISOString(),
		palletNumber: 'P',
		shippingBoxBarcode: 'B',
		itemIds: [...hr.state.items.keys()],
	});
});
afterEach(async () => hr.close());

describe('Happy Returns credential', () => {
	it('"Test" succeeds against the sandbox and fails with a wrong key', async () => {
		expect(
			await testCredential('happyReturnsApi', {
				apiKey: hr.apiKey,
				retailerId: hr.retailerId,
				baseUrl: `${hr.url}/`,
			}),
		).toMatchObject({ status: 'OK' });
		expect(
			await testCredential('happyReturnsApi', {
				apiKey: 'wrong',
				retailerId: hr.retailerId,
				baseUrl: hr.url,
			}),
		).toMatchObject({ status: 'Error', statusCode: 401 });
	});
});

describe('Return', () => {
	it('Get by order number, email and express code; 204 is a "not found" item', async () => {
		const result = await hrNode(
			{
				resource: 'return',
				operation: 'get',
				lookupBy: 'orderNumber',
				lookupValue: '={{ $json.order }}',
			},
			[{ order: '1000' }, { order: '99999' }],
		);
		expect(result.status).toBe('success');
		expect(
			result.outputs[0].map((i) => [i.json.found, i.json.happyReturnsItemID ?? null, i.pairedItem]),
		).toEqual([
			[true, 'item-0', { item: 0 }],
			[true, 'item-1', { item: 0 }],
			[false, null, { item: 1 }],
		]);
		const byCode = await hrNode({
			resource: 'return',
			operation: 'get',
			lookupBy: 'expressCode',
			lookupValue: 'HRX5',
		});
		expect(byCode.outputs[0]).toHaveLength(2);
	});

	it('Approve Items once; an approval whose outcome is unclear is not retried and is reported', async () => {
		hr.state.addItem(
			unit(6000, { happyReturnsExpressCode: 'HRAB2BFE', happyReturnsItemID: 'item-0x' }),
		);
		const parameters = {
			resource: 'return',
			operation: 'approve',
			rmaId: 'HRAB2BFE',
			approvals: { items: [{ itemId: 'item-0x', condition: 'damaged', approve: true }] },
		};
		const first = await hrNode(parameters);
		expect(first.outputs[0][0].json).toMatchObject({ approved: true });
		expect(hr.state.approvals.get('item-0x')).toMatchObject({ condition: 'damaged' });
		// The sandbox answers a second approval with 409 (an assumption, no public source): the
		// node must not read that as success, nor send the approval again.
		const again = await hrNode(parameters);
		expect(again.status).toBe('error');
		expect(again.error?.message).toContain('the outcome for return HRAB2BFE is unknown');
		expect(again.error?.description).toContain('"happyReturnsItemID":"item-0x"');
		expect(again.error?.itemIndex).toBe(0);
		expect(hr.server.log.filter((l) => l.path === '/rma/HRAB2BFE/approve')).toHaveLength(2);
	});

	it('Approve Items after a 5xx: sent once, never retried, the return re-read', async () => {
		hr.state.addItem(
			unit(6000, { happyReturnsExpressCode: 'HRAB2BFE', happyReturnsItemID: 'item-0x' }),
		);
		hr.server.faults.set('POST /rma/{id}/approve', { serverError: 1 });
		const result = await hrNode({
			resource: 'return',
			operation: 'approve',
			rmaId: 'HRAB2BFE',
			approvals: { items: [{ itemId: 'item-0x', condition: 'sellable', approve: true }] },
		});
		expect(result.status).toBe('error');
		expect(hr.server.log.filter((l) => l.path === '/rma/HRAB2BFE/approve')).toHaveLength(1);
		expect(hr.server.log.filter((l) => l.path === '/return')).toHaveLength(1);
	});

	it.each(['.', '..', ' .. '])('refuses the dot-segment id %j before any call', async (id) => {
		const result = await hrNode({ resource: 'return', operation: 'expire', rmaId: id });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Return (RMA) ID" is not a valid Happy Returns id');
		expect(hr.server.log).toHaveLength(0);
	});

	it('Expire: idempotent; a return in a final state is an error naming the operation and item, or an error item', async () => {
		hr.state.addItem(unit(5000, { happyReturnsReturnID: 'ret-new', status: 'started' }));
		expect(
			(await hrNode({ resource: 'return', operation: 'expire', rmaId: 'ret-new' })).outputs[0][0]
				.json,
		).toMatchObject({ expired: true });
		expect(
			(await hrNode({ resource: 'return', operation: 'expire', rmaId: 'ret-new' })).outputs[0][0]
				.json,
		).toMatchObject({ expired: true });
		const failed = await hrNode(
			{ resource: 'return', operation: 'expire', rmaId: '={{ $json.rma }}' },
			[{ rma: 'ret-new' }, { rma: 'ret-1' }],
		);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe(
			'Happy Returns Expire Return failed: return ret-1 is in a final state (HTTP 409)',
		);
		expect(failed.error?.itemIndex).toBe(1);
		const continued = await hrNode(
			{ resource: 'return', operation: 'expire', rmaId: '={{ $json.rma }}' },
			[{ rma: 'ret-new' }, { rma: 'ret-1' }],
			true,
		);
		expect(continued.status).toBe('success');
		expect(
			continued.outputs[0].map((i) => [i.json.expired ?? null, i.json.error ?? null, i.pairedItem]),
		).toEqual([
			[true, null, { item: 0 }],
			[
				null,
				'Happy Returns Expire Return failed: return ret-1 is in a final state (HTTP 409)',
				{ item: 1 },
			],
		]);
	});
});

describe('Outbound Shipment', () => {
	it('Get Items follows cursor pages past 1000 items', async () => {
		const result = await hrNode({
			resource: 'outboundShipment',
			operation: 'getItems',
			shipmentId: 'SHP-1',
			returnAll: true,
		});
		expect(result.outputs[0]).toHaveLength(2300);
		expect(new Set(result.outputs[0].map((i) => i.json.happyReturnsItemID)).size).toBe(2300);
		expect(result.outputs[0][0].json).toMatchObject({
			shipmentId: 'SHP-1',
			tracking: '1Z1',
			unit: 0,
		});
		const gets = hr.server.log.filter((l) => l.path === '/outbound-shipment/SHP-1');
		expect(gets).toHaveLength(3);
	});

	it('Get Items honours a limit', async () => {
		const result = await hrNode({
			resource: 'outboundShipment',
			operation: 'getItems',
			shipmentId: 'SHP-1',
			returnAll: false,
			limit: 1500,
		});
		expect(result.outputs[0]).toHaveLength(1500);
	});

	it('List in a date window', async () => {
		const result = await hrNode({ resource: 'outboundShipment', operation: 'list' });
		expect(result.outputs[0].map((i) => i.json)).toEqual([
			expect.objectContaining({ id: 'SHP-1', itemCount: 2300 }),
		]);
	});
});

describe('Return Contents', () => {
	it('posts all items in batches of at most 1000: 1001 items are a full batch and one more', async () => {
		// Every item's fields come from expressions (n8n evaluates each per item, the cost of this
		// test): one item past Happy Returns' limit of 1000 is the boundary that needs a second POST.
		const items = Array.from({ length: 1001 }, (_, i) => ({
			itemId: `item-${i}`,
			bag: `BAG${i}`,
			disposition: i % 3 ? 'sellable' : 'damaged',
		}));
		const result = await hrNode(
			{
				resource: 'returnContents',
				operation: 'post',
				itemId: '={{ $json.itemId }}',
				bagBarcode: '={{ $json.bag }}',
				disposition: '={{ $json.disposition }}',
				checkedInAt: '2026-11-20T10:00:00Z',
			},
			items,
		);
		expect(result.status).toBe('success');
		expect(result.outputs[0]).toHaveLength(1001);
		expect(hr.state.returnContents).toHaveLength(1001);
		expect(hr.server.log.filter((l) => l.path === '/return-contents').map((l) => l.status)).toEqual(
			[200, 200],
		);
		expect(result.outputs[0][999]).toMatchObject({
			json: { posted: true, batch: 1 },
			pairedItem: { item: 999 },
		});
		expect(result.outputs[0][1000]).toMatchObject({
			json: { posted: true, batch: 2, happyReturnsItemID: 'item-1000' },
			pairedItem: { item: 1000 },
		});
	});

	it('names the field and item of a bad input item', async () => {
		const result = await hrNode(
			{
				resource: 'returnContents',
				operation: 'post',
				itemId: '={{ $json.itemId }}',
				disposition: '={{ $json.d }}',
			},
			[
				{ itemId: 'item-1', d: 'sellable' },
				{ itemId: 'item-2', d: '' },
			],
		);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message: '"Disposition" is empty', itemIndex: 1 });
		expect(hr.state.returnContents).toHaveLength(0);
	});
});

describe('rate limits and faults', () => {
	simulatedClock();

	it("waits out Happy Returns' leaky bucket (wait read from the 429 body) and recovers", async () => {
		await hr.close();
		// One slot draining every 2 s: the second call always finds the bucket full, however slow
		// the machine is.
		hr = await startHappyReturnsSandbox({ bucketSize: 1, ratePerSecond: 0.5 });
		for (let i = 0; i < 10; i++) hr.state.addItem(unit(i));
		const result = await hrNode(
			{
				resource: 'return',
				operation: 'get',
				lookupBy: 'orderNumber',
				lookupValue: '={{ $json.order }}',
			},
			[{ order: '1000' }, { order: '1001' }],
		);
		expect(result.status).toBe('success');
		expect(result.outputs[0]).toHaveLength(4);
		expect(hr.server.log.filter((l) => l.status === 429).length).toBeGreaterThan(0);
	});

	it('retries 5xx and dropped connections on idempotent calls', async () => {
		hr.server.faults.set('POST /return', { serverError: 0.1, drop: 0.1 });
		const result = await hrNode(
			{
				resource: 'return',
				operation: 'get',
				lookupBy: 'orderNumber',
				lookupValue: '={{ $json.order }}',
			},
			Array.from({ length: 10 }, (_, i) => ({ order: String(1000 + i) })),
		);
		expect(result.status).toBe('success');
		expect(result.outputs[0]).toHaveLength(20);
		expect(hr.server.log.some((l) => l.fault !== null)).toBe(true);
	});

	it('does not retry a non-idempotent POST after a 5xx: it fails naming the operation', async () => {
		hr.server.faults.set('POST /return-contents', { serverError: 1 });
		const result = await hrNode({
			resource: 'returnContents',
			operation: 'post',
			itemId: 'item-1',
			disposition: 'sellable',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Happy Returns Post Return Contents failed: service unavailable (HTTP 503)',
		);
		expect(hr.server.log.filter((l) => l.path === '/return-contents')).toHaveLength(1);
	});
});

describe('paging guards', () => {
	async function restart(options: Parameters<typeof startHappyReturnsSandbox>[0]) {
		await hr.close();
		hr = await startHappyReturnsSandbox({ bucketSize: 1e6, ratePerSecond: 1e6, ...options });
		for (let i = 0; i < 2300; i++) hr.state.addItem(unit(i));
		hr.state.shipments.set('SHP-1', {
			id: 'SHP-1',
			trackingNumber: '1Z1',
			carrier: 'UPS',
			departureDate: new Date().toISOString(),
			palletNumber: 'P',
			shippingBoxBarcode: 'B',
			itemIds: [...hr.state.items.keys()],
		});
	}
	const getItems = {
		resource: 'outboundShipment',
		operation: 'getItems',
		shipmentId: 'SHP-1',
		returnAll: true,
	};

	it.each(['url', 'cursor'] as const)(
		'Get Items reads links.next as a %s and gets every item once',
		async (nextLink) => {
			await restart({ nextLink });
			const result = await hrNode(getItems);
			const ids = result.outputs[0].map((i) => i.json.happyReturnsItemID);
			expect(ids).toHaveLength(2300);
			expect(new Set(ids).size).toBe(2300);
			expect(hr.server.log.filter((l) => l.path === '/outbound-shipment/SHP-1')).toHaveLength(3);
		},
	);

	it('Get Items reads a bare-array answer as the manifest, not as zero items', async () => {
		await restart({ bareArrays: true });
		const result = await hrNode(getItems);
		expect(result.outputs[0]).toHaveLength(1000);
	});

	it('Get Items stops with an error when the server repeats a cursor', async () => {
		await restart({ echoCursor: true });
		const result = await hrNode(getItems);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('sent the same page cursor twice');
		expect(hr.server.log.filter((l) => l.path === '/outbound-shipment/SHP-1')).toHaveLength(2);
	});

	it('Get Return stops with an error when the server repeats a cursor, and reads bare arrays', async () => {
		await restart({ echoCursor: true });
		const looping = await hrNode({
			resource: 'return',
			operation: 'get',
			lookupBy: 'orderNumber',
			lookupValue: '1000',
		});
		expect(looping.status).toBe('error');
		expect(looping.error?.message).toContain('sent the same cursor twice');
		expect(hr.server.log.filter((l) => l.path === '/return')).toHaveLength(2);
		await restart({ bareArrays: true });
		const bare = await hrNode({
			resource: 'return',
			operation: 'get',
			lookupBy: 'orderNumber',
			lookupValue: '1000',
		});
		expect(bare.outputs[0].map((i) => i.json.found)).toEqual([true, true]);
	});
});

describe('pacing', () => {
	simulatedClock();

	it('spaces calls to the configured rate after the burst', async () => {
		const started = Date.now();
		const result = await hrNode(
			{
				resource: 'return',
				operation: 'get',
				lookupBy: 'orderNumber',
				lookupValue: '={{ $json.order }}',
			},
			Array.from({ length: 4 }, (_, i) => ({ order: String(1000 + i) })),
			false,
			{ requestsPerSecond: 5, burst: 1 },
		);
		expect(result.status).toBe('success');
		// Four calls at 5 per second after a burst of one: at least three intervals of 200 ms.
		expect(Date.now() - started).toBeGreaterThanOrEqual(580);
		expect(hr.server.log.filter((l) => l.status === 429)).toHaveLength(0);
	});

	it('pacingDelayMs: 0.5 per second means one call every 2 s once the burst is used', () => {
		const key = `test-${Math.random()}`;
		expect(pacingDelayMs(key, 0.5, 2, 0)).toBe(0);
		expect(pacingDelayMs(key, 0.5, 2, 0)).toBe(0);
		expect(pacingDelayMs(key, 0.5, 2, 0)).toBe(2000);
		// After 10 s the bucket has drained.
		expect(pacingDelayMs(key, 0.5, 2, 10_000)).toBe(0);
	});
});
