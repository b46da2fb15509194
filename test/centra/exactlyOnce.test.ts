/**
 * Centra node against the sandbox at Centra's default quotas: exactly-once writes when two
 * executions run at the same moment, paged lists past Centra's default page of 20, refunds
 * pending at the PSP, note userErrors, non-zero exchanges, pacing, and Check Setup.
 */
import {
	EXCHANGE_ORDER_CANDIDATES,
	exchangeIdempotencyKey,
	exchangeOrderBody,
	exchangeOrderCandidates,
	exchangeOrderNumber,
} from '../../nodes/Centra/logic/exchangeOrder';
import { SimulatedClock } from '../../harness/season/clock';
import { CENTRA_SDL } from '../../contracts/centraContract';
import { productSize, setStock } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import {
	MOVE_ONE_TEE_TO_MAIN,
	runCentra,
	seedShippedOrder,
	type CentraRunOptions,
} from './fixtures';

let centra: CentraSandbox;

const centraNode = (
	parameters: Record<string, unknown>,
	inputs?: object[],
	options?: CentraRunOptions,
) => runCentra(centra, parameters, inputs, options);

beforeEach(async () => {
	centra = await startCentraSandbox();
	seedShippedOrder(centra);
});
afterEach(async () => centra.close());

const move = MOVE_ONE_TEE_TO_MAIN;
const createReturn = {
	resource: 'return',
	operation: 'create',
	externalId: 'ret-1',
	orderNumber: '1001',
	lines: '[{ "sku": "TEE-M", "quantity": 1 }]',
	stockPolicy: 'noRestock',
};
const exchange = {
	resource: 'order',
	operation: 'createExchange',
	orderNumber: '1001',
	returnReference: 'ret-1',
	exchangeSku: 'TEE-M',
	exchangeDetails: { email: 'c@example.com', country: 'SE' },
};

describe('exactly once with two executions at the same moment', () => {
	it('Move: one movement stays, whichever execution moved second reverses its own', async () => {
		centra.holdUntilAll('StockChanges', 2);
		const [a, b] = await Promise.all([centraNode(move), centraNode(move)]);
		const outputs = [a.outputs[0][0].json, b.outputs[0][0].json];
		expect(outputs.filter((o) => o.wrote === true)).toHaveLength(1);
		expect(outputs.filter((o) => o.alreadyMoved === true)).toHaveLength(1);
		// Both looked before either wrote, so both wrote: the later one was reversed.
		expect(outputs.filter((o) => typeof o.voidedDuplicate === 'number')).toHaveLength(1);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-1);
		// Run again: nothing new.
		expect((await centraNode(move)).outputs[0][0].json).toMatchObject({ wrote: false });
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(1);
	});

	it('Create Return: one return stays for the external id, the duplicate is deleted', async () => {
		centra.holdUntilAll('Returns', 2);
		const [a, b] = await Promise.all([centraNode(createReturn), centraNode(createReturn)]);
		expect(a.status).toBe('success');
		expect(b.status).toBe('success');
		expect(centra.state.returnsByExternalId('ret-1')).toHaveLength(1);
		const kept = centra.state.returnsByExternalId('ret-1')[0].id;
		expect([a.outputs[0][0].json.returnId, b.outputs[0][0].json.returnId]).toEqual([kept, kept]);
		expect(
			[a, b].map((r) => r.outputs[0][0].json.wrote).filter((wrote) => wrote === true),
		).toHaveLength(1);
		expect(
			[a, b].filter((r) => typeof r.outputs[0][0].json.voidedDuplicate === 'number'),
		).toHaveLength(1);
		// The deleted duplicate gave its unit back: two of three TEE-M can still be returned.
		const shipmentLine = centra.state.orders[0].shipments[0].lines[0];
		expect(shipmentLine.returnedQuantity).toBe(1);
	});

	it('Create Exchange Order: Centra refuses the second order number, one order exists', async () => {
		centra.holdUntilAll('ExchangeOrders', 2);
		const [a, b] = await Promise.all([centraNode(exchange), centraNode(exchange)]);
		const outputs = [a.outputs[0][0].json, b.outputs[0][0].json];
		expect(centra.state.restOrders).toHaveLength(1);
		// Both found no order before either created one: the second create was refused by number.
		expect(centra.server.log.filter((l) => l.path.endsWith('/order'))).toHaveLength(2);
		expect(outputs.filter((o) => o.wrote === true)).toHaveLength(1);
		expect(outputs[0].exchangeOrder).toBe(outputs[1].exchangeOrder);
		expect(String(centra.state.restOrders[0].order)).toBe(outputs[0].exchangeOrder);
	});

	it('Create Exchange Order per unit: each exchanged unit gets one order, also when each unit is created twice at once', async () => {
		centra.holdUntilAll('ExchangeOrders', 4);
		const units = ['TEE-M.0', 'TEE-M.1'];
		const results = await Promise.all(
			[...units, ...units].map((exchangedUnit) => centraNode({ ...exchange, exchangedUnit })),
		);
		expect(results.map((r) => r.status)).toEqual(results.map(() => 'success'));
		// One order per unit, one replacement unit on each, named by its own key.
		expect(centra.state.restOrders).toHaveLength(2);
		expect(
			centra.state.restOrders.map((o) => (o.products as Array<{ qty: number }>)[0].qty),
		).toEqual([1, 1]);
		expect(centra.state.restOrders.map((o) => Number(o.orderNumber)).sort()).toEqual(
			units.map((u) => exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-1', u))).sort(),
		);
		// The whole-return order of earlier versions is a different order: the unit is not it.
		expect(centra.state.restOrders.map((o) => Number(o.orderNumber))).not.toContain(
			exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-1')),
		);
	});

	/**
	 * Another exchange's order already at a number, made through the Order API as the node makes
	 * them (its internal comment ends with its own key), so Centra holds it as it would.
	 */
	const foreignOrderAt = async (orderNumber: number, returnReference = 'ret-9') => {
		const body = exchangeOrderBody(
			{
				originalOrder: 1001,
				returnReference,
				centraReturnId: null,
				exchangedUnit: 'TEE-M.0',
				sku: 'TEE-M',
				quantity: 1,
				pricing: 'zeroValue',
				fullPrice: 0,
				email: 'other@example.com',
				country: 'SE',
			},
			orderNumber,
		);
		const response = await fetch(`${centra.orderApiUrl}/order`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'api-authorization': centra.orderApiKey },
			body: JSON.stringify(body),
		});
		expect(await response.json()).toMatchObject({ status: 'ok' });
	};
	const unitKey = exchangeIdempotencyKey(1001, 'ret-1', 'TEE-M.1');
	const replacementsOf = (key: string) =>
		centra.state.restOrders.filter((o) => String(o.internalComment).endsWith(`; key ${key}`));

	it("Create Exchange Order: another exchange's order at the derived number; the replacement takes the next candidate, once with three executions at once, and a redelivery finds it", async () => {
		const [first, second] = exchangeOrderCandidates(unitKey);
		await foreignOrderAt(first);
		centra.holdUntilAll('ExchangeOrders', 3);
		const results = await Promise.all(
			[1, 2, 3].map(() => centraNode({ ...exchange, exchangedUnit: 'TEE-M.1' })),
		);
		expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
		const outputs = results.map((r) => r.outputs[0][0].json);
		// The customer gets one replacement, at the next candidate; the other exchange keeps its order.
		expect(replacementsOf(unitKey).map((o) => o.order)).toEqual([second]);
		expect(centra.state.restOrders).toHaveLength(2);
		expect(outputs.map((o) => o.exchangeOrder)).toEqual([second, second, second].map(String));
		expect(outputs.filter((o) => o.wrote === true)).toHaveLength(1);
		// All three looked before any created: the seed and three creates, two refused by number.
		expect(centra.server.log.filter((l) => l.path.endsWith('/order'))).toHaveLength(4);
		// Redelivered: found where it is, nothing created.
		const again = (await centraNode({ ...exchange, exchangedUnit: 'TEE-M.1' })).outputs[0][0].json;
		expect(again).toMatchObject({
			wrote: false,
			alreadyCreated: true,
			exchangeOrder: String(second),
		});
		expect(centra.state.restOrders).toHaveLength(2);
	});

	it('Create Exchange Order: an order there that names no key stops the item with an error naming it; nothing is created', async () => {
		const [first] = exchangeOrderCandidates(unitKey);
		await foreignOrderAt(first);
		// Its comment rewritten in Centra: it may be this exchange's order, so no second one.
		centra.state.orders.find((o) => o.number === first)!.internalComment = 'called the customer';
		const result = await centraNode({ ...exchange, exchangedUnit: 'TEE-M.1' });
		expect(result.error?.message).toContain(
			`Centra order ${first} holds the exchange order number`,
		);
		expect(result.error?.message).toContain('unit TEE-M.1');
		expect(centra.state.restOrders).toHaveLength(1);
		// Text added after the key in Centra still reads as the key's order: found, not duplicated.
		centra.state.orders.find((o) => o.number === first)!.internalComment =
			`x; key ${unitKey} (called the customer)`;
		expect(
			(await centraNode({ ...exchange, exchangedUnit: 'TEE-M.1' })).outputs[0][0].json,
		).toMatchObject({
			alreadyCreated: true,
			exchangeOrder: String(first),
		});
		expect(centra.state.restOrders).toHaveLength(1);
	});

	it("Create Exchange Order: every candidate taken by other exchanges' orders ends in an error naming the item", async () => {
		const candidates = exchangeOrderCandidates(unitKey);
		expect(candidates).toHaveLength(EXCHANGE_ORDER_CANDIDATES);
		for (const [i, number] of candidates.entries()) await foreignOrderAt(number, `ret-x${i}`);
		const result = await centraNode({ ...exchange, exchangedUnit: 'TEE-M.1' });
		expect(result.error?.message).toContain(
			`All ${EXCHANGE_ORDER_CANDIDATES} exchange order numbers of order 1001, return ret-1, unit TEE-M.1 are taken`,
		);
		expect(replacementsOf(unitKey)).toHaveLength(0);
	});

	it('Create Exchange Order per unit refuses a quantity other than 1, naming the field', async () => {
		const result = await centraNode({ ...exchange, exchangedUnit: 'TEE-M.0', exchangeQuantity: 2 });
		expect(result.error?.message).toContain('"Quantity" must be 1');
		expect(centra.state.restOrders).toHaveLength(0);
	});
});

describe('paged lists (Centra pages by 20 unless asked for up to 200)', () => {
	it('Add Note finds a note past the 20th history entry; Create Exchange finds an order past it', async () => {
		const order = centra.state.orders[0];
		for (let i = 0; i < 25; i++)
			order.history.push({
				id: 10_000 + i,
				createdAt: '2026-10-01T00:00:00Z',
				type: 'USER_NOTE_ADDED',
				dataJSON: JSON.stringify({ note: `note ${i}` }),
			});
		const result = await centraNode({
			resource: 'order',
			operation: 'addNote',
			orderNumber: '1001',
			note: 'note 24',
		});
		expect(result.outputs[0][0].json).toMatchObject({ wrote: false, alreadyNoted: true });
		expect(centra.state.notesOf(1001)).toHaveLength(25);
	});

	it('Get Levels reports every one of 25 SKUs', async () => {
		const skus = Array.from({ length: 25 }, (_, i) => `SKU-${i}`);
		skus.forEach((sku, i) => setStock(centra.state, 'B-stock', sku, i + 1));
		const result = await centraNode({
			resource: 'stock',
			operation: 'getLevels',
			warehouse: 'B-stock',
			skus: skus.join(','),
		});
		expect(result.outputs[0].map((item) => item.json.physical)).toEqual(skus.map((_, i) => i + 1));
	});

	it('stops on a repeated page instead of looping, naming the item', async () => {
		productSize(centra.state, 'TEE-M');
		await centraNode(move);
		centra.state.repeatCursor = true;
		const result = await centraNode({
			resource: 'stock',
			operation: 'findMovements',
			filters: { reference: 'HR' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Centra returned the same stock change page twice; stopped reading to avoid a loop',
		);
		expect(result.error?.itemIndex).toBe(0);
	});
});

describe('refunds', () => {
	it.each([
		['pending', { refundInProgress: true, refunded: false }],
		['giftCard', { refunded: true }],
	] as const)('a %s refund is never refunded again', async (mode, expected) => {
		centra.state.refundMode = mode;
		await centraNode(createReturn);
		const refund = {
			resource: 'return',
			operation: 'refund',
			returnValue: 'ret-1',
			allowRefund: true,
		};
		expect((await centraNode(refund)).outputs[0][0].json).toMatchObject({ wrote: true });
		expect((await centraNode(refund)).outputs[0][0].json).toMatchObject({
			wrote: false,
			...expected,
		});
		expect(centra.state.returnsByExternalId('ret-1')[0].payments).toHaveLength(1);
	});
});

describe('notes and exchanges', () => {
	it("Add Note reports Centra's userErrors", async () => {
		centra.state.refusedNotes.add('refused');
		const result = await centraNode({
			resource: 'order',
			operation: 'addNote',
			orderNumber: '1001',
			note: 'refused',
		});
		expect(result.error?.message).toBe(
			'Centra Add Order Note refused: Note could not be saved (at input.note)',
		);
	});

	it('a failed exchange note is reported and a re-run still creates no second order', async () => {
		const number = exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-1'));
		centra.state.refusedNotes.add(`Exchange for return ret-1: order ${number}`);
		const first = await centraNode(exchange);
		expect(first.outputs[0][0].json).toMatchObject({
			wrote: true,
			exchangeOrder: String(number),
			noteWritten: false,
		});
		const second = await centraNode(exchange);
		expect(second.outputs[0][0].json).toMatchObject({ wrote: false, alreadyCreated: true });
		expect(centra.state.restOrders).toHaveLength(1);
	});

	it('an exchange made before order numbers were derived is found by its note', async () => {
		centra.state.orders[0].history.push({
			id: 99_999,
			createdAt: '2026-10-01T00:00:00Z',
			type: 'USER_NOTE_ADDED',
			dataJSON: JSON.stringify({ note: 'Exchange for return ret-1: order 900001' }),
		});
		const result = await centraNode(exchange);
		expect(result.outputs[0][0].json).toMatchObject({
			wrote: false,
			alreadyCreated: true,
			exchangeOrder: '900001',
		});
		expect(centra.state.restOrders).toHaveLength(0);
	});

	it('links the exchange to the Centra return by its Centra id', async () => {
		await centraNode(createReturn);
		await centraNode(exchange);
		expect(centra.state.restOrders[0].createdFromOrigin).toEqual({
			type: 'return',
			id: centra.state.returnsByExternalId('ret-1')[0].id,
		});
	});

	it('refuses a pricing that leaves an amount to pay, and a discount exchange without a price', async () => {
		const paid = await centraNode({ ...exchange, exchangePricing: 'fullPrice' });
		expect(paid.error?.message).toContain("Centra's Order API takes no payment");
		const noPrice = await centraNode({ ...exchange, exchangePricing: 'discount', fullPrice: 0 });
		expect(noPrice.error?.message).toContain('"Full Price" must be more than 0');
		expect(centra.state.restOrders).toHaveLength(0);
		const discounted = await centraNode({
			...exchange,
			exchangePricing: 'discount',
			fullPrice: 49.9,
		});
		expect(discounted.status).toBe('success');
		expect(centra.state.restOrders[0]).toMatchObject({
			products: [{ sku: 'TEE-M', qty: 1, unitPrice: 49.9, originalPrice: 49.9 }],
			voucherValue: 49.9,
		});
	});
});

describe('pacing to the plan', () => {
	// The node's pacing wait (n8n's sleep) moves a simulated clock that the sandbox's quota window
	// reads too: the same pacer, quota and wait as in production, without ten real seconds.
	const clock = new SimulatedClock();
	beforeAll(() => clock.install());
	afterAll(() => clock.uninstall());

	it('21 moves at the default plan (20 mutations per 10 s) get no 429', async () => {
		setStock(centra.state, 'In transit', 'TEE-M', 30);
		const items = Array.from({ length: 21 }, (_, i) => ({ reference: `pace-${i}` }));
		const started = Date.now();
		const result = await centraNode({ ...move, reference: '={{ $json.reference }}' }, items);
		expect(result.status).toBe('success');
		expect(centra.server.log.filter((l) => l.status === 429)).toHaveLength(0);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(21);
		// The 21st mutation waited for the 10 s window.
		expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
	});
});

describe('pacing: an hourly quota used up', () => {
	it('fails the item with the reason instead of sleeping for the hour (custom plan numbers)', async () => {
		const result = await centraNode(
			{ ...move, reference: '={{ $json.reference }}' },
			[{ reference: 'h-1' }, { reference: 'h-2' }],
			{ credentials: { rateLimitPlan: 'custom', mutationsPerHour: 1 }, continueOnFail: true },
		);
		expect(result.outputs[0][0].json).toMatchObject({ wrote: true });
		expect(String(result.outputs[0][1].json.error)).toMatch(
			/^Centra's mutation quota of the rate-limit plan is used up for the next \d+ s$/,
		);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(1);
	});
});

describe('Check Setup', () => {
	it('on a full token: nothing missing', async () => {
		const result = await centraNode({ resource: 'setup', operation: 'check' });
		expect(result.outputs[0][0].json).toMatchObject({ ok: true, missing: [] });
	});

	it('lists in plain words what the schema or the token lacks', async () => {
		await centra.close();
		const sdl = CENTRA_SDL.replace('\tREFUND_GIFT_CARD\n', '').replace(
			/\t"Required permission: OrderHistory:read"\n\thistory\(limit: Int = 20, page: Int = 1\): \[DirectToConsumerOrderHistoryEntry!\]!\n/,
			'',
		);
		centra = await startCentraSandbox({ schemaSdl: sdl });
		seedShippedOrder(centra);
		centra.addToken('narrow', ['Order:read', 'Warehouse:read']);
		const result = await centraNode({ resource: 'setup', operation: 'check' }, [{}], {
			token: 'narrow',
		});
		const missing = result.outputs[0][0].json.missing as string[];
		expect(missing).toEqual(
			expect.arrayContaining([
				'Value REFUND_GIFT_CARD is missing in enum PaymentHistoryEntryType',
				'Field "history" is missing on type DirectToConsumerOrder',
				'The token lacks the Return:read permission',
				'The token lacks the StockChange:read permission',
			]),
		);
		expect(result.outputs[0][0].json.ok).toBe(false);
	});
});
