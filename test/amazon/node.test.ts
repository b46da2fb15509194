/** Amazon Seller Central node through the harness against the Amazon sandbox. */
import { executeNode, testCredential, toItems } from '../../harness';
import { SimulatedClock } from '../../harness/season/clock';
import {
	startAmazonSandbox,
	type AmazonSandbox,
	type AmazonSandboxOptions,
} from '../../sandbox/amazon/server';
import type { FinancialEvent } from '../../sandbox/amazon/state';
import { sandboxCredentials } from '../../sandbox';

let amazon: AmazonSandbox;
const DAY = 86_400_000;
const now = Date.now();

function refundEvent(orderId: string, over: Partial<FinancialEvent> = {}): FinancialEvent {
	return {
		kind: 'Refund',
		transactionId: `T-${orderId}-${Math.random()}`,
		amazonOrderId: orderId,
		sellerOrderId: 'S',
		sku: 'TEE-M',
		quantity: 1,
		principalMinor: -2999,
		currency: 'USD',
		postedAt: now - 5 * DAY,
		adjustmentId: `ADJ-${orderId}`,
		orderItemId: 'OI',
		marketplaceId: 'ATVPDKIKX0DER',
		...over,
	};
}

async function start(options: AmazonSandboxOptions = {}) {
	amazon = await startAmazonSandbox({ rateScale: 1000, ...options });
}

function credentials() {
	return sandboxCredentials({ amazon });
}

async function amazonNode(
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	continueOnFail = false,
	credentialOverrides: Record<string, unknown> = {},
) {
	const store = credentials();
	Object.assign(store.amazonSpApi, credentialOverrides);
	const result = await executeNode({
		type: 'amazonSellerCentral',
		parameters: parameters as never,
		inputs: toItems(inputs),
		continueOnFail,
		credentials: store,
		nodeCredentials: { amazonSpApi: 'Amazon' },
	});
	return { ...result, store };
}

afterEach(async () => amazon?.close());

describe('Amazon credential', () => {
	it('"Test" gets a token and calls Amazon; a bad refresh token fails', async () => {
		await start();
		expect(await testCredential('amazonSpApi', credentials().amazonSpApi)).toMatchObject({
			status: 'OK',
		});
		await expect(
			testCredential('amazonSpApi', { ...credentials().amazonSpApi, refreshToken: 'bad' }),
		).rejects.toThrow();
	});
});

describe('Refund: Check', () => {
	const ids = [
		'111-0000000-0000001',
		'111-0000000-0000002',
		'111-0000000-0000003',
		'111-0000000-0000004',
		'111-0000000-0000005',
	];

	beforeEach(async () => {
		await start();
		amazon.state.events.push(
			refundEvent(ids[0]),
			refundEvent(ids[1]),
			refundEvent(ids[1], { postedAt: now - 4 * DAY, adjustmentId: 'ADJ-2b' }),
			refundEvent(ids[2], { principalMinor: -1000 }),
			refundEvent(ids[4], { postedAt: now - 300 * DAY }),
			refundEvent('111-0000000-0000006', { postedAt: now - 250 * DAY }),
			{ ...refundEvent(ids[3]), kind: 'Shipment', principalMinor: 2999 },
		);
	});

	const check = {
		resource: 'refund',
		operation: 'check',
		orderId: '={{ $json.orderId }}',
		expectedAmount: '={{ $json.expected }}',
		eventDate: '={{ $json.eventDate }}',
	};

	it('window path (large batches): refunded, twice, partial, outside the window, missing id', async () => {
		const inputs = [
			{ orderId: ids[0], expected: '29.99' },
			{ orderId: ids[1], expected: '29.99' },
			{ orderId: ids[2], expected: '29.99' },
			{ orderId: ids[3], expected: '29.99' },
			{ orderId: ids[4], eventDate: new Date(now - 200 * DAY).toISOString() },
			{ orderId: '' },
			{ orderId: '111-0000000-0000006' },
			{ orderId: ids[3], eventDate: new Date(now - 10 * DAY).toISOString() },
		];
		const result = await amazonNode({ ...check, refundOptions: { perOrderUpTo: 0 } }, inputs);
		expect(result.status).toBe('success');
		const out = result.outputs[0].map((i) => [
			i.pairedItem,
			i.json.refundStatus,
			i.json.refundCount ?? null,
			i.json.amountMinor ?? null,
			i.json.partial ?? null,
			i.json.source ?? i.json.flag,
		]);
		expect(out).toEqual([
			[{ item: 0 }, 'refunded', 1, 2999, false, 'window'],
			[{ item: 1 }, 'refunded', 2, 5998, false, 'window'],
			[{ item: 2 }, 'refunded', 1, 1000, true, 'window'],
			// No event date: the window cannot prove "not refunded", so Amazon is asked per order;
			// no refund trigger given, so the answer cannot be final.
			[{ item: 3 }, 'not_yet_known', 0, null, null, 'window+perOrder'],
			[{ item: 4 }, 'refunded', 1, 2999, null, 'perOrder'],
			[{ item: 5 }, null, null, null, null, 'missing_order_id'],
			// A refund older than the window, asked without a date, is still found.
			[{ item: 6 }, 'refunded', 1, 2999, null, 'window+perOrder'],
			[{ item: 7 }, 'not_yet_known', 0, null, null, 'window'],
		]);
		expect(result.outputs[0][1].json.possibleDuplicate).toBe(true);
		expect(result.outputs[0][0].json.possibleDuplicate).toBe(false);
		const queries = amazon.state.transactionQueries;
		expect(queries.filter((q) => q.postedAfter)).toHaveLength(1);
		expect(queries.filter((q) => q.relatedIdentifierName === 'ORDER_ID')).toHaveLength(3);
		expect(amazon.server.log.filter((l) => l.path.startsWith('/finances/v0'))).toHaveLength(0);
	});

	it('per order (small batches): one listTransactions by ORDER_ID per order, no dates', async () => {
		const result = await amazonNode(check, [
			{ orderId: ids[0] },
			{ orderId: ids[0] },
			{ orderId: ids[3] },
		]);
		expect(result.outputs[0].map((i) => [i.json.refundStatus, i.json.source])).toEqual([
			['refunded', 'perOrder'],
			['refunded', 'perOrder'],
			['not_yet_known', 'perOrder'],
		]);
		expect(amazon.state.transactionQueries).toEqual([
			{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: ids[0] },
			{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: ids[3] },
		]);
	});

	it('a refund found by the window and again per order counts once', async () => {
		const result = await amazonNode(
			{ ...check, sku: '={{ $json.sku }}', refundOptions: { perOrderUpTo: 0 } },
			[{ orderId: ids[0], sku: 'OTHER' }, { orderId: ids[0], sku: 'TEE-M' }, { orderId: ids[0] }],
		);
		expect(result.outputs[0].map((i) => i.json.source)).toEqual([
			'window+perOrder',
			'window',
			'window',
		]);
		for (const item of result.outputs[0].slice(1))
			expect(item.json).toMatchObject({
				refundCount: 1,
				amountMinor: 2999,
				possibleDuplicate: false,
			});
	});

	it('refreshes an expired token mid-batch and retries once', async () => {
		await amazon.close();
		await start({ expireTokensAfterCalls: 2 });
		amazon.state.transactionsPageSize = 2;
		for (let i = 0; i < 9; i++) amazon.state.events.push(refundEvent(`111-0000000-00001${i}`));
		const result = await amazonNode({ ...check, refundOptions: { perOrderUpTo: 0 } }, [
			{ orderId: '111-0000000-000018' },
		]);
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json).toMatchObject({ refunded: true });
		expect(amazon.issuedTokens).toHaveLength(2);
		expect(result.store.amazonSpApi.accessToken).toBe(amazon.issuedTokens[1]);
		expect(amazon.server.log.filter((l) => l.status === 403)).toHaveLength(1);
	});

	it('rides out a 429 storm, and gives up clearly when the wait budget runs out', async () => {
		// The back-off waits (n8n's sleep) move a simulated clock instead of passing in real time:
		// the same delays and budget, and the time waited is exact whatever the machine's load.
		const clock = new SimulatedClock();
		clock.install();
		let ok, failed, started, waited;
		try {
			amazon.server.faults.set('GET /finances/2024-06-19/transactions', { rateLimited: 0.6 });
			ok = await amazonNode({ ...check, waitBudgetSeconds: 120 }, [{ orderId: ids[0] }]);
			amazon.server.faults.set('GET /finances/2024-06-19/transactions', { rateLimited: 1 });
			started = Date.now();
			failed = await amazonNode({ ...check, waitBudgetSeconds: 3 }, [{ orderId: ids[0] }]);
			waited = Date.now() - started;
		} finally {
			clock.uninstall();
		}
		expect(ok.status).toBe('success');
		expect(waited).toBeLessThan(10_000);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe(
			'Amazon listTransactions failed: QuotaExceeded: You exceeded your quota for the requested resource.',
		);
		expect(failed.error?.description).toContain('still throttled');
		const serialized = JSON.stringify(failed.result.run);
		for (const secret of [amazon.clientSecret, amazon.refreshToken, ...amazon.issuedTokens])
			expect(serialized).not.toContain(secret);
	});
});

describe('Refund: Check on real-shaped transactions', () => {
	const order = (n: number) => `111-0000000-00000${20 + n}`;
	const check = {
		resource: 'refund',
		operation: 'check',
		orderId: '={{ $json.orderId }}',
		sku: '={{ $json.sku ?? "" }}',
		expectedAmount: '={{ $json.expected ?? "" }}',
		refundTriggerDate: '={{ $json.trigger ?? "" }}',
	};
	const longAgo = new Date(now - 5 * DAY).toISOString();

	beforeEach(async () => {
		await start();
		amazon.state.events.push(
			refundEvent(order(1), {
				principalMinor: -2999,
				taxMinor: -300,
				shippingMinor: -500,
				commissionMinor: 450,
				refundCommissionMinor: -90,
			}),
			refundEvent(order(2), {
				kind: 'Retrocharge',
				principalMinor: 0,
				taxMinor: -120,
				adjustmentId: '',
			}),
			refundEvent(order(3), { itemless: true, principalMinor: -1500 }),
			refundEvent(order(4), { currency: 'JPY', principalMinor: -1500, sku: 'JP-1' }),
			refundEvent(order(5), { status: 'DEFERRED' }),
			refundEvent(order(7), { kind: 'SAFETReimbursement', principalMinor: 2000, adjustmentId: '' }),
			{ ...refundEvent(order(8)), kind: 'Shipment', principalMinor: 2999, commissionMinor: -450 },
		);
	});

	it('gross money, types, item-less refunds, JPY, deferred and the lag from the trigger', async () => {
		const result = await amazonNode(check, [
			{ orderId: order(1), expected: '37.99', trigger: longAgo },
			{ orderId: order(2), trigger: longAgo },
			{ orderId: order(3), sku: 'TEE-M', trigger: longAgo },
			{ orderId: order(4), expected: '1,500', trigger: longAgo },
			{ orderId: order(5) },
			{ orderId: order(6), trigger: new Date(now - 3_600_000).toISOString() },
			{ orderId: order(7), trigger: longAgo },
			{ orderId: order(8), trigger: longAgo },
		]);
		expect(result.status).toBe('success');
		const [gross, retro, itemless, jpy, deferred, recent, safet, sale] = result.outputs[0].map(
			(i) => i.json,
		);
		// Amazon's total is net of fees (-34.39); the buyer got 37.99 back.
		expect(gross).toMatchObject({
			refundStatus: 'refunded',
			amount: '37.99',
			amountMinor: 3799,
			principalMinor: 2999,
			taxMinor: 300,
			shippingMinor: 500,
			feesMinor: 360,
			netMinor: -3439,
			partial: false,
		});
		expect(retro).toMatchObject({ refundStatus: 'not_refunded', refunded: false, refundCount: 0 });
		expect(itemless).toMatchObject({
			refundStatus: 'refunded',
			orderLevelRefund: true,
			amountMinor: 1500,
		});
		expect(jpy).toMatchObject({ amount: '1500', currency: 'JPY', partial: false });
		expect(deferred).toMatchObject({ refundStatus: 'refunded', deferred: true });
		expect(recent).toMatchObject({
			refundStatus: 'not_yet_known',
			mayBeMissingDueToLag: true,
			finalAfter: new Date(
				Date.parse(recent.refundTriggerAt as string) + 48 * 3_600_000,
			).toISOString(),
		});
		// A SAFE-T reimbursement pays the seller: reported apart, never a refund to the buyer.
		expect(safet).toMatchObject({ refundStatus: 'not_refunded', refundCount: 0 });
		expect((safet.reimbursements as unknown[]).length).toBe(1);
		expect(sale).toMatchObject({ refundStatus: 'not_refunded' });
	});

	it('a bad expected amount for the currency names the field and item', async () => {
		const result = await amazonNode(
			check,
			[{ orderId: order(4), expected: '1500.5', trigger: longAgo }],
			true,
		);
		expect(result.outputs[0][0].json.error).toBe(
			'"Expected Amount" "1500.5" has more decimals than JPY allows (0)',
		);
	});
});

describe('Refund: Get Many', () => {
	beforeEach(async () => {
		await start();
		amazon.state.events.push(
			refundEvent('111-0000000-0000011', { adjustmentId: 'ADJ-A', principalMinor: -2999 }),
			refundEvent('111-0000000-0000012', {
				adjustmentId: 'ADJ-B',
				sku: 'JPY-1',
				currency: 'JPY',
				principalMinor: -1500,
			}),
			refundEvent('111-0000000-0000013', { adjustmentId: 'ADJ-OLD', postedAt: now - 400 * DAY }),
			{ ...refundEvent('111-0000000-0000014'), kind: 'Shipment', principalMinor: 2999 },
		);
	});

	it("lists every refund in the window once, in the matcher's field names, across 180-day slices", async () => {
		const result = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(now - 500 * DAY).toISOString(),
			refundListOptions: { fulfillment: 'FBA' },
		});
		expect(result.status).toBe('success');
		const rows = result.outputs[0].map((i) => i.json);
		expect(
			rows
				.map((r) => [
					r.orderId,
					r.refundId,
					r.sku,
					r.amount,
					r.amountMinor,
					r.currency,
					r.channel,
					r.fulfillment,
				])
				.sort(),
		).toEqual([
			['111-0000000-0000011', 'ADJ-A', 'TEE-M', '29.99', 2999, 'USD', 'amazon', 'FBA'],
			['111-0000000-0000012', 'ADJ-B', 'JPY-1', '1500', 1500, 'JPY', 'amazon', 'FBA'],
			['111-0000000-0000013', 'ADJ-OLD', 'TEE-M', '29.99', 2999, 'USD', 'amazon', 'FBA'],
		]);
		expect(result.outputs[0].every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(
			true,
		);
		// 500 days are fetched in three slices of at most 180 days.
		expect(
			amazon.server.log.filter((l) => l.path.startsWith('/finances/2024-06-19/transactions'))
				.length,
		).toBe(3);
	});

	it('adds seller order ids and fulfilment from getOrders, 50 orders per call; needs the marketplaces', async () => {
		for (let i = 0; i < 60; i++) {
			const id = `222-0000000-${String(i).padStart(7, '0')}`;
			amazon.state.events.push(
				refundEvent(id, {
					adjustmentId: `ADJ-M${i}`,
					fulfillmentNetwork: i % 2 ? 'AFN' : 'MFN',
				}),
			);
			amazon.state.orders.set(id, {
				amazonOrderId: id,
				sellerOrderId: `S-${i}`,
				purchaseDate: '2026-06-01T10:00:00Z',
				orderStatus: 'Shipped',
				fulfillmentChannel: i % 2 ? 'AFN' : 'MFN',
				currency: 'USD',
				totalMinor: 2999,
				marketplaceId: 'ATVPDKIKX0DER',
			});
		}
		const result = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			refundListOptions: {
				sellerOrderIds: true,
				marketplaceIds: 'ATVPDKIKX0DER',
				ordersApi: 'v0',
			},
		});
		expect(result.status).toBe('success');
		const byOrder = new Map(result.outputs[0].map((i) => [i.json.orderId, i.json]));
		expect(byOrder.get('222-0000000-0000007')).toMatchObject({
			merchantOrderId: 'S-7',
			fulfillment: 'FBA',
		});
		expect(byOrder.get('222-0000000-0000008')).toMatchObject({
			merchantOrderId: 'S-8',
			fulfillment: 'MFN',
		});
		// An order Amazon does not return keeps an empty seller order id (the matcher flags it), never
		// a guess; its fulfilment still comes from the transaction's ProductContext.
		expect(byOrder.get('111-0000000-0000011')).toMatchObject({
			merchantOrderId: '',
			fulfillment: 'MFN',
		});
		expect(amazon.server.log.filter((l) => l.path === '/orders/v0/orders')).toHaveLength(2);
		const v2026 = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			refundListOptions: { sellerOrderIds: true, marketplaceIds: 'ATVPDKIKX0DER' },
		});
		const byOrder2026 = new Map(v2026.outputs[0].map((i) => [i.json.orderId, i.json]));
		expect(byOrder2026.get('222-0000000-0000007')).toMatchObject({
			merchantOrderId: 'S-7',
			fulfillment: 'FBA',
		});
		expect(
			amazon.server.log.filter((l) => l.path.startsWith('/orders/2026-01-01/orders/')),
		).toHaveLength(62); // one per refunded order: 60 here, 2 from beforeEach
		const missing = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			refundListOptions: { sellerOrderIds: true },
		});
		expect(missing.error?.message).toContain('"Marketplace IDs" is required');
	});

	it('the default window is the look-back; a window that ends before it starts names both fields', async () => {
		const recent = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			refundListOptions: { lookbackDays: 30 },
		});
		expect(recent.outputs[0].map((i) => i.json.refundId).sort()).toEqual(['ADJ-A', 'ADJ-B']);
		const bad = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(now).toISOString(),
			postedBefore: new Date(now - DAY).toISOString(),
		});
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toMatch(/"Posted After" .* must be before "Posted Before"/);
	});

	it('a window that starts after the newest instant Amazon answers for (two minutes ago) holds no refunds yet: none, and no call', async () => {
		const calls = () =>
			amazon.server.log.filter((l) => l.path.startsWith('/finances/2024-06-19/transactions'))
				.length;
		amazon.state.events.push(
			refundEvent('111-0000000-0000015', {
				adjustmentId: 'ADJ-NEW',
				postedAt: Date.now() - 4 * 60_000,
			}),
		);
		// A run dated 60 days ahead that last ran as of 15 days ahead (the real-n8n season's day 60).
		const ahead = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(Date.now() + 13 * DAY).toISOString(),
			postedBefore: new Date(Date.now() + 60 * DAY).toISOString(),
		});
		expect(ahead.status).toBe('success');
		expect(ahead.outputs[0]).toEqual([]);
		// Inside Amazon's last two minutes, with "Posted Before" empty (now).
		const justNow = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(Date.now() - 60_000).toISOString(),
		});
		expect(justNow.status).toBe('success');
		expect(justNow.outputs[0]).toEqual([]);
		expect(calls()).toBe(0);
		// The other side: a window that starts before that instant and ends ahead is read up to it.
		const open = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(Date.now() - 10 * 60_000).toISOString(),
			postedBefore: new Date(Date.now() + 60 * DAY).toISOString(),
		});
		expect(open.status).toBe('success');
		expect(open.outputs[0].map((i) => i.json.refundId)).toEqual(['ADJ-NEW']);
		expect(calls()).toBe(1);
		// Given backwards it still fails, naming both fields, however far ahead it lies.
		const backwards = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(Date.now() + 60 * DAY).toISOString(),
			postedBefore: new Date(Date.now() + 13 * DAY).toISOString(),
		});
		expect(backwards.error?.message).toMatch(/"Posted After" .* must be before "Posted Before"/);
		const futureStart = await amazonNode({
			resource: 'refund',
			operation: 'getMany',
			postedAfter: new Date(Date.now() + DAY).toISOString(),
		});
		expect(futureStart.error?.message).toMatch(/"Posted After" .* must be before "Posted Before"/);
	});
});

describe('Settlement Report', () => {
	beforeEach(async () => {
		await start();
		amazon.state.settlements.push({
			settlementId: '9000000001',
			startAt: now - 14 * DAY,
			endAt: now - DAY,
			depositAt: now,
			currency: 'USD',
			rows: [
				{
					transactionType: 'Order',
					orderId: '111-0000000-0000001',
					merchantOrderId: '1001',
					marketplaceName: 'amazon.com',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: 12999,
					fulfillmentId: 'MFN',
					postedAt: now - 5 * DAY,
					orderItemCode: '1',
					sku: 'TEE-M',
					quantity: 1,
				},
				{
					transactionType: 'Refund',
					orderId: '111-0000000-0000001',
					merchantOrderId: '1001',
					adjustmentId: 'A1',
					marketplaceName: 'amazon.com',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: -12999,
					fulfillmentId: 'MFN',
					postedAt: now - 3 * DAY,
					orderItemCode: '1',
					sku: 'TEE-M',
					quantity: 1,
				},
				{
					transactionType: 'Refund',
					orderId: '111-0000000-0000001',
					merchantOrderId: '1001',
					adjustmentId: 'A1',
					marketplaceName: 'amazon.com',
					amountType: 'ItemFees',
					amountDescription: 'RefundCommission',
					amountMinor: -390,
					fulfillmentId: 'MFN',
					postedAt: now - 3 * DAY,
					orderItemCode: '1',
					sku: 'TEE-M',
					quantity: 1,
				},
				{
					transactionType: 'Adjustment',
					orderId: '',
					merchantOrderId: '',
					marketplaceName: 'amazon.com',
					amountType: 'BrandNewFeeType',
					amountDescription: 'Something',
					amountMinor: -123,
					fulfillmentId: '',
					postedAt: now - 2 * DAY,
					orderItemCode: '',
					sku: '',
					quantity: 0,
				},
				{
					transactionType: 'Refund',
					orderId: '702-0000000-0000001',
					merchantOrderId: '2001',
					adjustmentId: 'A2',
					marketplaceName: 'amazon.ca',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: -5000,
					fulfillmentId: 'MFN',
					postedAt: now - 2 * DAY,
					orderItemCode: '2',
					sku: 'TEE-M',
					quantity: 1,
					currency: 'CAD',
				},
			],
		});
	});

	it('lists, then gets a gzip V2 report: summary checked against the rows, totals per order and SKU, unknown types tagged', async () => {
		const reportId = amazon.publishSettlement(0);
		const list = await amazonNode({ resource: 'settlementReport', operation: 'list' });
		expect(list.outputs[0].map((i) => i.json.reportId)).toEqual([reportId]);
		const got = await amazonNode({
			resource: 'settlementReport',
			operation: 'get',
			settlementValue: reportId,
		});
		const [summary, ...totals] = got.outputs[0].map((i) => i.json);
		expect(summary).toMatchObject({
			type: 'summary',
			settlementId: '9000000001',
			currency: 'USD',
			totalMinor: -513,
			rows: 5,
			rowsTotalMinor: -513,
			totalsMatch: true,
			otherCurrencies: ['CAD'],
		});
		expect(totals.find((t) => t.orderId === '702-0000000-0000001')).toMatchObject({
			currency: 'CAD',
			refundMinor: -5000,
		});
		expect(summary.warnings).toEqual([
			'1 row(s) have an amount type this node does not know; they are kept and tagged unknownAmountType',
		]);
		expect(totals.find((t) => t.orderId === '111-0000000-0000001')).toMatchObject({
			sku: 'TEE-M',
			salesMinor: 12999,
			refundMinor: -12999,
			feesMinor: -390,
			netMinor: -390,
			refundCount: 1,
			refund: '-129.99',
			net: '-3.90',
			lastPostedAt: new Date(now - 3 * DAY).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
		});
	});

	it('reads decimal commas, reordered columns, and pages of rows; warns on a settlement read twice', async () => {
		const columns = [
			'currency',
			'amount',
			'settlement-id',
			'transaction-type',
			'order-id',
			'amount-type',
			'amount-description',
			'sku',
			'total-amount',
			'posted-date-time',
			'extra-column',
		];
		const reportId = amazon.publishSettlement(0, { decimalComma: true, columns });
		const got = await amazonNode(
			{
				resource: 'settlementReport',
				operation: 'get',
				settlementValue: '={{ $json.id }}',
				settlementOutput: 'rows',
				pageSize: 3,
			},
			[{ id: reportId }, { id: reportId }],
		);
		const items = got.outputs[0].map((i) => i.json);
		expect(items.filter((i) => i.type === 'summary')).toHaveLength(2);
		expect(items.filter((i) => i.type === 'rows').map((i) => (i.rows as unknown[]).length)).toEqual(
			[3, 2, 3, 2],
		);
		expect(items[0]).toMatchObject({ totalsMatch: true, totalMinor: -513 });
		expect(items[3].warnings).toContain(
			'Settlement 9000000001 was already read in this execution; do not book it twice',
		);
	});

	it('outputs refunds for the matcher after the summary; the tie-out names a row in another currency', async () => {
		const reportId = amazon.publishSettlement(0);
		const got = await amazonNode({
			resource: 'settlementReport',
			operation: 'get',
			settlementValue: reportId,
			settlementOutput: 'matcherRefunds',
		});
		const [summary, ...refunds] = got.outputs[0].map((i) => i.json);
		expect(summary).toMatchObject({
			type: 'summary',
			tieOut: { matches: false, differenceMinor: 0, otherCurrencies: { CAD: '-50.00' } },
		});
		expect(refunds).toEqual([
			expect.objectContaining({
				refundId: 'amazon-settlement:9000000001:Refund:111-0000000-0000001:A1:TEE-M',
				channel: 'amazon',
				orderId: '111-0000000-0000001',
				merchantOrderId: '1001',
				sku: 'TEE-M',
				quantity: 1,
				amount: '-129.99',
				currency: 'USD',
				feesMinor: -390,
				fulfillment: 'MFN',
				type: 'refund',
			}),
			expect.objectContaining({
				orderId: '702-0000000-0000001',
				currency: 'CAD',
				amount: '-50.00',
			}),
		]);
	});

	it('"On Tie-Out Difference: Error" stops with the difference', async () => {
		const reportId = amazon.publishSettlement(0);
		const got = await amazonNode({
			resource: 'settlementReport',
			operation: 'get',
			settlementValue: reportId,
			tieOutDifference: 'error',
		});
		expect(got.error?.message).toBe(
			'Settlement 9000000001 does not tie out: rows in other currencies than USD: -50.00 CAD',
		);
	});

	it('a settlement file without required columns is a clear error', async () => {
		const reportId = amazon.publishSettlement(0, {
			columns: ['settlement-id', 'currency', 'amount'],
		});
		const got = await amazonNode({
			resource: 'settlementReport',
			operation: 'get',
			settlementValue: reportId,
		});
		expect(got.error?.message).toContain(
			'has no "transaction-type", "order-id", "amount-type", "amount-description" column',
		);
	});
});

describe('Returns Report and Order', () => {
	it('requests, polls and parses an FBA customer returns report by header names', async () => {
		await start({ reportReadyAfterMs: 300 });
		amazon.state.fbaReturns.push({
			'return-date': new Date(now - 3 * DAY).toISOString(),
			'order-id': '111-0000000-0000001',
			sku: 'TEE-M',
			quantity: '1',
			'detailed-disposition': 'CUSTOMER_DAMAGED',
			status: 'Unit returned to inventory',
		});
		const result = await amazonNode({
			resource: 'returnsReport',
			operation: 'get',
			returnsReportType: 'fba',
			marketplaceIds: 'ATVPDKIKX0DER',
			pollIntervalSeconds: 0.1,
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json).toMatchObject({
			'order-id': '111-0000000-0000001',
			'detailed-disposition': 'CUSTOMER_DAMAGED',
			quantity: '1',
		});
	});

	const mfnRow = (daysAgo: number, name = 'Wool coat') => ({
		'Order ID': '111-0000000-0000031',
		'Return request date': new Date(now - daysAgo * DAY).toISOString(),
		'Merchant SKU': 'COAT-M',
		'Item Name': name,
		'Return quantity': '1',
	});
	const mfn = {
		resource: 'returnsReport',
		operation: 'get',
		returnsReportType: 'mfn',
		marketplaceIds: 'ATVPDKIKX0DER',
		pollIntervalSeconds: 0.05,
	};

	it('splits an MFN range over 60 days into reports of at most 60 days; CANCELLED slices give no rows', async () => {
		await start({ reportReadyAfterMs: 100 });
		amazon.state.mfnReturns.push(mfnRow(10), mfnRow(100));
		const result = await amazonNode({
			...mfn,
			dataStartTime: new Date(now - 150 * DAY).toISOString(),
			dataEndTime: new Date(now - DAY).toISOString(),
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0].map((i) => i.json['Return request date']).sort()).toEqual(
			[mfnRow(100)['Return request date'], mfnRow(10)['Return request date']].sort(),
		);
		const reports = amazon.state.reports;
		expect(reports).toHaveLength(3);
		for (const r of reports)
			expect(Date.parse(r.dataEndTime!) - Date.parse(r.dataStartTime!)).toBeLessThanOrEqual(
				60 * DAY,
			);
		// The slice without returns ends CANCELLED ("no data to return"): zero rows, no error.
		expect(reports.filter((r) => r.endsAs === 'CANCELLED')).toHaveLength(1);
	});

	it('a FATAL report is an error naming the report; empty dates are not "now to now"', async () => {
		await start({ reportReadyAfterMs: 100 });
		amazon.state.mfnReturns.push(mfnRow(5));
		const ok = await amazonNode(mfn);
		expect(ok.outputs[0]).toHaveLength(1);
		const [report] = amazon.state.reports;
		expect(Date.parse(report.dataEndTime!) - Date.parse(report.dataStartTime!)).toBe(30 * DAY);
		amazon.state.fatalReportTypes.add('GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE');
		const failed = await amazonNode(mfn);
		expect(failed.error?.message).toMatch(
			/^Amazon aborted report \d+ \(GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE\) with FATAL$/,
		);
	});

	it('decodes a Cp1252 document by the charset Amazon names', async () => {
		await start({ reportReadyAfterMs: 100 });
		amazon.state.reportCharset = 'Cp1252';
		amazon.state.mfnReturns.push(mfnRow(5, 'Mütze für Kälte'));
		const result = await amazonNode(mfn);
		expect(result.outputs[0][0].json['Item Name']).toBe('Mütze für Kälte');
	});

	it('gets an order with its seller order id; unknown is a not-found item; a bad id names the field', async () => {
		await start();
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
		const result = await amazonNode(
			{ resource: 'order', operation: 'get', amazonOrderId: '={{ $json.id }}' },
			[{ id: '111-0000000-0000009' }, { id: '111-0000000-0000010' }, { id: 'nope' }],
			true,
		);
		expect(
			result.outputs[0].map((i) => i.json.merchantOrderId ?? i.json.found ?? i.json.error),
		).toEqual(['1009', false, '"Amazon Order ID" must look like 123-1234567-1234567, got "nope"']);
		expect(result.outputs[0][0].json).toMatchObject({
			fulfillment: 'MFN',
			ordersApi: '2026-01-01',
		});
		expect(amazon.server.log.filter((l) => l.path.startsWith('/orders/v0'))).toHaveLength(0);
		const v0 = await amazonNode(
			{
				resource: 'order',
				operation: 'get',
				amazonOrderId: '111-0000000-0000009',
				ordersApi: 'v0',
			},
			[{}],
		);
		expect(v0.outputs[0][0].json).toMatchObject({
			merchantOrderId: '1009',
			fulfillment: 'MFN',
			ordersApi: 'v0',
		});
	});
});

describe('bad input', () => {
	it('names the field and item of a bad expected amount, or puts it on the item', async () => {
		await start();
		const parameters = {
			resource: 'refund',
			operation: 'check',
			orderId: '={{ $json.orderId }}',
			expectedAmount: '={{ $json.expected }}',
		};
		const failed = await amazonNode(parameters, [
			{ orderId: '111-0000000-0000001', expected: '12' },
			{ orderId: '111-0000000-0000002', expected: 'ten' },
		]);
		expect(failed.error).toMatchObject({
			message: '"Expected Amount" is not a number: ten',
			itemIndex: 1,
		});
		const continued = await amazonNode(
			parameters,
			[
				{ orderId: '111-0000000-0000001', expected: '12' },
				{ orderId: '111-0000000-0000002', expected: 'ten' },
			],
			true,
		);
		expect(continued.outputs[0].map((i) => i.json.error ?? i.json.refunded)).toEqual([
			false,
			'"Expected Amount" is not a number: ten',
		]);
	});
});

describe('Claim', () => {
	it('FBA reimbursements report rows become reimbursement items in minor units; a missing amount is an error', async () => {
		await start({ reportReadyAfterMs: 100 });
		amazon.state.fbaReimbursements.push({
			'approval-date': new Date(now - 2 * DAY).toISOString(),
			'reimbursement-id': '2983434081',
			'case-id': '',
			'amazon-order-id': '111-0000000-0000041',
			reason: 'CustomerReturn',
			sku: 'COAT-M',
			'currency-unit': 'USD',
			'amount-per-unit': '29.99',
			'amount-total': '29.99',
			'quantity-reimbursed-cash': '1',
			'quantity-reimbursed-inventory': '0',
			'quantity-reimbursed-total': '1',
		});
		const parameters = {
			resource: 'claim',
			operation: 'getFbaReimbursements',
			marketplaceIds: 'ATVPDKIKX0DER',
			pollIntervalSeconds: 0.05,
		};
		const result = await amazonNode(parameters);
		expect(result.outputs[0][0].json).toMatchObject({
			kind: 'fba_reimbursement',
			reimbursementId: '2983434081',
			orderId: '111-0000000-0000041',
			sku: 'COAT-M',
			amountMinor: 2999,
			currency: 'USD',
			quantity: 1,
		});
		amazon.state.fbaReimbursements[0]['amount-total'] = '';
		const failed = await amazonNode(parameters);
		expect(failed.error?.message).toBe('Reimbursement 2983434081: "amount-total" is empty');
	});

	it('SAFE-T reimbursements come from the transactions, apart from refunds', async () => {
		await start();
		amazon.state.events.push(
			refundEvent('111-0000000-0000042', { kind: 'SAFETReimbursement', principalMinor: 1850 }),
			refundEvent('111-0000000-0000043'),
		);
		const result = await amazonNode({ resource: 'claim', operation: 'getSafetReimbursements' });
		expect(result.outputs[0].map((i) => [i.json.kind, i.json.orderId, i.json.amountMinor])).toEqual(
			[['safet_reimbursement', '111-0000000-0000042', 1850]],
		);
	});
});

describe('Refund on Receipt (MFN)', () => {
	const ORDER = '111-0000000-0000051';
	const REFUNDED = '111-0000000-0000052';
	const longAgo = new Date(now - 5 * DAY).toISOString();
	const parameters = (mode = 'dryRun') => ({
		resource: 'refund',
		operation: 'refundOnReceipt',
		feedMode: mode,
		orderId: '={{ $json.orderId }}',
		orderItemId: '={{ $json.orderItemId }}',
		returnId: '={{ $json.returnId }}',
		returnUnit: '={{ $json.unit }}',
		unitReceived: '={{ $json.received }}',
		currency: 'USD',
		refundPrincipal: '={{ $json.principal }}',
		refundTax: '={{ $json.tax ?? "" }}',
		refundTriggerDate: '={{ $json.trigger ?? "" }}',
		marketplaceIds: 'ATVPDKIKX0DER',
		pollIntervalSeconds: 0.05,
	});
	const line = (over: Record<string, unknown> = {}) => ({
		orderId: ORDER,
		orderItemId: 'OI-51',
		returnId: 'HR-9001',
		unit: 1,
		received: true,
		principal: '29.99',
		tax: '2.40',
		trigger: longAgo,
		...over,
	});

	beforeEach(async () => {
		await start();
		for (const id of [ORDER, REFUNDED])
			amazon.state.orders.set(id, {
				amazonOrderId: id,
				sellerOrderId: `S-${id.slice(-2)}`,
				purchaseDate: new Date(now - 20 * DAY).toISOString(),
				orderStatus: 'Shipped',
				fulfillmentChannel: 'MFN',
				currency: 'USD',
				totalMinor: 2999,
				marketplaceId: 'ATVPDKIKX0DER',
				items: [{ orderItemId: 'OI-51', sku: 'COAT-M', quantity: 1, priceMinor: 2999 }],
			});
		amazon.state.events.push(refundEvent(REFUNDED));
	});

	const feedCalls = () => amazon.server.log.filter((l) => l.path.startsWith('/feeds'));

	it('dry run shows the feed for the lines that pass every guard, and sends nothing', async () => {
		const result = await amazonNode(parameters(), [
			line(),
			line({ orderId: REFUNDED, returnId: 'HR-9002' }),
			line({ returnId: 'HR-9003', received: false }),
			line({ returnId: 'HR-9004', trigger: new Date(now - 3_600_000).toISOString() }),
			line(),
		]);
		expect(result.status).toBe('success');
		expect(result.outputs[0].map((i) => i.json.result)).toEqual([
			'dry_run',
			'already_refunded',
			'not_received',
			'not_yet_known',
			'duplicate_in_batch',
		]);
		const feed = String(result.outputs[0][0].json.feed);
		expect(feed).toContain('<MessageType>OrderAdjustment</MessageType>');
		expect(feed).toContain('<MerchantAdjustmentItemID>RR-HR-9001-1</MerchantAdjustmentItemID>');
		expect(feed).toContain(
			'<Component><Type>Principal</Type><Amount currency="USD">29.99</Amount></Component>',
		);
		expect(feed).toContain(
			'<Component><Type>Tax</Type><Amount currency="USD">2.40</Amount></Component>',
		);
		expect(feedCalls()).toHaveLength(0);
	});

	it('a multi-item order: a refund of one SKU does not block another, nor a second unit received', async () => {
		// REFUNDED has a refund of one unit of TEE-M.
		const result = await amazonNode(
			{ ...parameters(), sku: '={{ $json.sku }}', skuUnitsReceived: '={{ $json.units ?? 0 }}' },
			[
				line({ orderId: REFUNDED, returnId: 'HR-9101', sku: 'COAT-M' }),
				line({ orderId: REFUNDED, returnId: 'HR-9102', sku: 'TEE-M' }),
				line({ orderId: REFUNDED, returnId: 'HR-9103', sku: 'TEE-M', units: 1 }),
				line({ orderId: REFUNDED, returnId: 'HR-9104', sku: 'TEE-M', units: 2 }),
				line({ orderId: REFUNDED, returnId: 'HR-9105', sku: 'TEE-M', units: 2 }),
			],
		);
		expect(result.outputs[0].map((i) => i.json.result)).toEqual([
			'dry_run',
			'already_refunded',
			'already_refunded',
			'dry_run',
			// Amazon's unit plus the one above fill the two received.
			'already_refunded',
		]);
	});

	it('"Submit" without the credential setting stays a dry run', async () => {
		const result = await amazonNode(parameters('submit'), [line()]);
		expect(result.outputs[0][0].json).toMatchObject({ result: 'dry_run', refunded: false });
		expect(String(result.outputs[0][0].json.reason)).toContain('Allow Refunds Through Feeds');
		expect(feedCalls()).toHaveLength(0);
	});

	it('submits once, reports per line, and a second delivery finds the refund instead of refunding again', async () => {
		const allow = { allowRefundFeeds: true, sellerId: 'A1SANDBOXSELLER' };
		const first = await amazonNode(
			parameters('submit'),
			[line(), line({ orderId: REFUNDED, returnId: 'HR-9005' })],
			false,
			allow,
		);
		expect(first.status).toBe('success');
		expect(first.outputs[0].map((i) => [i.json.result, i.json.refunded])).toEqual([
			['accepted', true],
			['already_refunded', false],
		]);
		expect(amazon.state.feeds).toHaveLength(1);
		const uploaded = amazon.state.feedDocuments.get(amazon.state.feeds[0].inputFeedDocumentId);
		expect(uploaded?.content?.toString('utf8')).toContain('RR-HR-9001-1');
		const again = await amazonNode(parameters('submit'), [line()], false, allow);
		expect(again.outputs[0][0].json).toMatchObject({ result: 'already_refunded' });
		expect(amazon.state.feeds).toHaveLength(1);
	});

	it("a line Amazon rejects carries Amazon's code and message", async () => {
		const result = await amazonNode(parameters('submit'), [line({ principal: '99.00' })], false, {
			allowRefundFeeds: true,
		});
		expect(result.outputs[0][0].json).toMatchObject({
			result: 'rejected',
			refunded: false,
			amazonCode: '18081',
			amazonMessage: 'The adjustment amount exceeds the amount that can be refunded.',
		});
	});

	it('bad input names the field and item', async () => {
		const result = await amazonNode(parameters(), [line({ principal: '-1' })], true);
		expect(result.outputs[0][0].json.error).toBe('"Principal" "-1" is negative');
	});
});
