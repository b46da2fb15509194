/**
 * Batched Centra reads by order number (Order: Get Many by Number, and the Order Numbers filter
 * of Return: Get Many): one GraphQL request per 200 numbers, counted on the sandbox, both sides of
 * the page boundary; every number asked for answered in order; bad numbers named with their item.
 */
import { executeNode, toItems } from '../../harness';
import { addRefundedReturn, addShippedOrder, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import { batches, parseOrderNumbers } from '../../nodes/Centra/logic/orderNumbers';

let centra: CentraSandbox;
const FIRST = 5000;
const ORDERS = 260;

async function centraNode(parameters: Record<string, unknown>, inputs: object[] = [{}]) {
	return executeNode({
		type: 'centra',
		parameters: parameters as never,
		inputs: toItems(inputs),
		credentials: { centraApi: { url: centra.graphqlUrl, token: centra.token } },
		nodeCredentials: { centraApi: 'Centra' },
	});
}

/** One run of the node, and the GraphQL requests the sandbox answered during it. */
async function countedRun(parameters: Record<string, unknown>, inputs: object[] = [{}]) {
	const graphql = () => centra.server.log.filter((entry) => entry.path.endsWith('/graphql')).length;
	const before = graphql();
	const result = await centraNode(parameters, inputs);
	return { result, requests: graphql() - before };
}

/** Return: Get Many with these filters (credit notes unless `returnOutput` says refund lines). */
const getReturns = (returnFilters: Record<string, unknown>, returnOutput?: 'refundLines') =>
	countedRun({
		resource: 'return',
		operation: 'getMany',
		...(returnOutput && { returnOutput }),
		returnFilters,
	});

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

beforeAll(async () => {
	centra = await startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 });
	warehouse(centra.state, 'Main');
	for (const number of range(FIRST, ORDERS))
		addShippedOrder(centra.state, {
			number,
			lines: [{ sku: `SKU-${number % 7}`, quantity: 1, unitPriceMinor: 2500 }],
		});
	for (const number of [FIRST, FIRST + 1, FIRST + 250])
		addRefundedReturn(centra.state, {
			orderNumber: number,
			sku: `SKU-${number % 7}`,
			quantity: 1,
			refundMinor: 2500,
			at: '2026-01-10T10:00:00.000Z',
			externalId: `ret-${number}`,
		});
}, 60_000);
afterAll(async () => centra.close());

describe('order numbers as a batched read takes them', () => {
	it('reads arrays and separated text, once each; refuses what is not a whole order number', () => {
		const ok = (numbers: number[]) => ({ numbers, invalid: null });
		expect(parseOrderNumbers('1001, 1002\n1003;1001')).toEqual(ok([1001, 1002, 1003]));
		expect(parseOrderNumbers([1001, '1002', ' '])).toEqual(ok([1001, 1002]));
		expect(parseOrderNumbers('')).toEqual(ok([]));
		for (const bad of ['10.5', '-3', '0', 'A-1001', '1e3'])
			expect(parseOrderNumbers(`1001, ${bad}`)).toEqual({ numbers: [], invalid: bad });
		expect(batches(range(1, 401), 200).map((b) => b.length)).toEqual([200, 200, 1]);
		expect(batches([], 200)).toEqual([]);
	});
});

describe('Order: Get Many by Number', () => {
	it('200 numbers: one request; 201: two; every number answered in order, unknown ones as not found', async () => {
		const two00 = range(FIRST, 200);
		const page = await countedRun({
			resource: 'order',
			operation: 'getMany',
			orderNumbers: two00.join(','),
		});
		expect(page.requests).toBe(1);
		expect(page.result.outputs[0].map((i) => i.json.number)).toEqual(two00);
		// 201 numbers, the last one unknown to Centra, given as a list by an expression.
		const asked = [...range(FIRST + 60, 200), 99];
		const pages = await countedRun(
			{ resource: 'order', operation: 'getMany', orderNumbers: '={{ $json.numbers }}' },
			[{ numbers: asked }],
		);
		expect(pages.requests).toBe(2);
		const out = pages.result.outputs[0].map((i) => i.json);
		expect(out.map((o) => (o.found ? o.number : o.orderNumber))).toEqual(asked);
		expect(out.filter((o) => !o.found)).toEqual([{ found: false, orderNumber: 99 }]);
		expect(out[0]).toMatchObject({
			found: true,
			lines: [
				expect.objectContaining({
					productSize: expect.objectContaining({ SKU: `SKU-${(FIRST + 60) % 7}` }),
				}),
			],
		});
	});

	it('a bad number fails the item naming the field, the value and the item', async () => {
		const result = await centraNode(
			{ resource: 'order', operation: 'getMany', orderNumbers: '={{ $json.numbers }}' },
			[{ numbers: '5000' }, { numbers: '5001, 50O2' }],
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Order Numbers": "50O2" is not a Centra order number');
		expect(
			result.error?.itemIndex ??
				(result.error as { context?: { itemIndex?: number } })?.context?.itemIndex,
		).toBe(1);
	});
});

describe('Return: Get Many, filtered by order numbers', () => {
	it('only the credit notes of the orders asked for, 200 orders per request', async () => {
		const asked = range(FIRST, ORDERS).filter((n) => n !== FIRST + 1);
		const read = await getReturns({ orderNumbers: asked.join(' ') }, 'refundLines');
		expect(read.requests).toBe(2);
		expect(read.result.outputs[0].map((i) => i.json.orderId).sort()).toEqual([
			String(FIRST),
			String(FIRST + 250),
		]);
		const none = await getReturns({ orderNumbers: '={{ [] }}' });
		expect(none.result.outputs[0]).toEqual([]);
	});
});

describe('Return: Get Many, filtered by Centra return ids', () => {
	const idOf = (orderNumber: number) =>
		centra.state.returns.find((r) => r.order.number === orderNumber)!.id;

	it('only the returns asked for, however old, 200 ids per request', async () => {
		// Two of the three returns among 201 ids: one request more than a page holds.
		const asked = [idOf(FIRST), idOf(FIRST + 250), ...range(9_000_000, 199)];
		const read = await getReturns({ returnIds: `={{ ${JSON.stringify(asked)} }}` }, 'refundLines');
		expect(read.requests).toBe(2);
		expect(read.result.outputs[0].map((i) => i.json.returnId).sort()).toEqual(
			[idOf(FIRST), idOf(FIRST + 250)].sort(),
		);
		expect((await getReturns({ returnIds: asked.slice(0, 200).join(', ') })).requests).toBe(1);
	});

	it('with a window: the listed returns created in it (both filters apply)', async () => {
		const { result } = await getReturns({
			returnIds: `${idOf(FIRST)} ${idOf(FIRST + 1)}`,
			from: '2026-01-10T10:00:00.000Z',
		});
		expect(result.outputs[0].map((i) => i.json.returnId).sort()).toEqual(
			[idOf(FIRST), idOf(FIRST + 1)].sort(),
		);
		const later = await getReturns({
			returnIds: String(idOf(FIRST)),
			from: '2026-01-10T10:00:01.000Z',
		});
		expect(later.result.outputs[0]).toEqual([]);
	});

	it('an empty list reads nothing; a bad id or two lists at once are refused, naming the filter', async () => {
		const none = await getReturns({ returnIds: '={{ [] }}' });
		expect([none.requests, none.result.outputs[0]]).toEqual([0, []]);
		const { result: bad } = await getReturns({ returnIds: 'centra-refund:12' });
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toContain(
			'"Return IDs": "centra-refund:12" is not a Centra return ID',
		);
		const { result: both } = await getReturns({ returnIds: '1', orderNumbers: '1001' });
		expect(both.status).toBe('error');
		expect(both.error?.message).toContain('use one list per read');
	});
});
