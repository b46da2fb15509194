/** Centra node through the harness against the Centra sandbox. */
import { testCredential } from '../../harness';
import { SimulatedClock } from '../../harness/season/clock';
import { addShippedOrder, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import { MOVE_ONE_TEE_TO_MAIN, runCentra, seedShippedOrder } from './fixtures';

let centra: CentraSandbox;
const clock = new SimulatedClock();

const centraNode = (
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	continueOnFail = false,
	token?: string,
) => runCentra(centra, parameters, inputs, { continueOnFail, token });

// Centra's real default quotas (60 requests and 20 mutations per 10 s), as the sandbox defaults.
beforeEach(async () => {
	centra = await startCentraSandbox();
	seedShippedOrder(centra);
});
afterEach(async () => centra.close());

describe('Centra credential', () => {
	it('"Test" runs a cheap query and fails with a bad token', async () => {
		expect(
			await testCredential('centraApi', { url: centra.graphqlUrl, token: centra.token }),
		).toMatchObject({ status: 'OK' });
		expect(
			await testCredential('centraApi', { url: centra.graphqlUrl, token: 'nope' }),
		).toMatchObject({ status: 'Error', statusCode: 401 });
	});
});

describe('Stock', () => {
	const move = MOVE_ONE_TEE_TO_MAIN;

	it('Move writes once per reference; the second run finds the earlier move', async () => {
		const first = await centraNode(move);
		expect(first.outputs[0][0].json).toMatchObject({
			wrote: true,
			alreadyMoved: false,
			from: 'In transit',
			to: 'Main',
			quantity: 1,
		});
		const second = await centraNode(move);
		expect(second.outputs[0][0].json).toMatchObject({ wrote: false, alreadyMoved: true });
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-1);
	});

	it('Move by EAN into a warehouse, and refuses taking out more than is free, naming the SKU', async () => {
		const ean = centra.state.sizeBySku('TEE-M')!.EAN;
		expect(
			(await centraNode({ ...move, direction: 'into', sku: ean, reference: 'r-into' }))
				.outputs[0][0].json,
		).toMatchObject({ wrote: true, to: 'Main' });
		const tooMany = await centraNode({
			...move,
			direction: 'outOf',
			fromWarehouse: 'In transit',
			quantity: 9,
			reference: 'r-out',
		});
		expect(tooMany.status).toBe('error');
		expect(tooMany.error?.message).toBe(
			'Centra Move Stock refused: Cannot take 9 out of In transit: only 3 free to allocate (at input.productSizes.0.quantity)',
		);
		expect(tooMany.error?.description).toContain('SKU TEE-M');
	});

	it('Find Movements by warehouse and reference; Get Levels', async () => {
		await centraNode(move);
		const found = await centraNode({
			resource: 'stock',
			operation: 'findMovements',
			warehouse: 'Main',
			filters: { reference: 'ret-1' },
		});
		expect(found.outputs[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				reference: 'HR ret-1 TEE-M u0 processed',
				warehouse: 'Main',
				lines: [{ sku: 'TEE-M', ean: expect.any(String), quantity: 1 }],
			}),
		]);
		const levels = await centraNode({
			resource: 'stock',
			operation: 'getLevels',
			warehouse: 'Main',
			skus: 'TEE-M',
		});
		expect(levels.outputs[0][0].json).toMatchObject({
			sku: 'TEE-M',
			physical: 11,
			freeToAllocate: 11,
		});
	});

	it('treats adversarial SKU text as data', async () => {
		const hostile =
			'"} } mutation { changeStock(input: {description: "x"}) { stockChange { id } } } #';
		const result = await centraNode({ ...move, sku: hostile, reference: 'r-hostile' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('No product size with SKU or EAN');
		expect(centra.state.stockChanges).toHaveLength(0);
	});
});

describe('Disposition routing', () => {
	it('three units: sellable to Main, damaged to B-stock, an unmapped code to its own output; twice writes nothing new', async () => {
		const units = [
			{ returnId: 'ret-1', sku: 'TEE-M', unit: '0', disposition: 'sellable' },
			{ returnId: 'ret-1', sku: 'TEE-M', unit: '1', disposition: 'Damaged' },
			{ returnId: 'ret-1', sku: 'TEE-M', unit: '2', disposition: 'water damage' },
		];
		const parameters = {
			resource: 'disposition',
			operation: 'route',
			returnId: '={{ $json.returnId }}',
			sku: '={{ $json.sku }}',
			unit: '={{ $json.unit }}',
			disposition: '={{ $json.disposition }}',
			fromWarehouse: 'In transit',
			mapping: {
				rows: [
					{ code: 'sellable', warehouse: 'Main' },
					{ code: 'damaged', warehouse: 'B-stock' },
					{ code: 'missing', warehouse: 'none' },
				],
			},
		};
		const first = await centraNode(parameters, units);
		expect(first.status).toBe('success');
		const [routed, unmapped] = first.outputs;
		expect(routed.map((i) => [i.json.bucket, i.json.wrote, i.json.reference])).toEqual([
			['Main', true, 'HR ret-1 TEE-M u0 processed'],
			['B-stock', true, 'HR ret-1 TEE-M u1 processed'],
		]);
		expect(unmapped).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					flag: 'unmapped_disposition',
					disposition: 'water_damage',
					routed: false,
				}),
				pairedItem: { item: 2 },
			}),
		]);
		const second = await centraNode(parameters, units);
		expect(second.outputs[0].map((i) => i.json.wrote)).toEqual([false, false]);
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'B-stock')).toBe(1);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-2);
		const strict = await centraNode({ ...parameters, unmappedHandling: 'error' }, units);
		expect(strict.status).toBe('error');
		expect(strict.error).toMatchObject({
			itemIndex: 2,
			message: expect.stringContaining('Disposition "water damage" has no row in the mapping'),
		});
	});
});

describe('Return (credit note)', () => {
	const create = {
		resource: 'return',
		operation: 'create',
		externalId: '={{ $json.returnId }}',
		orderNumber: '1001',
		lines: '={{ [{ sku: $json.sku, quantity: 1 }] }}',
		groupByReturn: true,
		stockPolicy: 'noRestock',
		returnOptions: {
			shipping: 'amount',
			shippingAmount: 5,
			restockingFee: 3.5,
			comment: 'Happy Returns ret-1',
		},
	};

	it('creates one itemised credit note per Happy Returns id from per-unit items, and never twice', async () => {
		const units = [
			{ returnId: 'ret-1', sku: 'TEE-M' },
			{ returnId: 'ret-1', sku: 'TEE-M' },
		];
		const first = await centraNode(create, units);
		expect(first.status).toBe('success');
		expect(first.outputs[0]).toHaveLength(1);
		expect(first.outputs[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(first.outputs[0][0].json).toMatchObject({
			wrote: true,
			externalId: 'ret-1',
			orderNumber: 1001,
			currency: 'EUR',
			returnedToStock: false,
			lines: [
				{
					sku: 'TEE-M',
					quantity: 2,
					unitPrice: 49.9,
					taxPercent: 25,
					tax: 19.96,
					lineValue: 99.8,
					unitPriceMinor: 4990,
					taxMinor: 1996,
					lineValueMinor: 9980,
				},
			],
			shipping: 5,
			fee: 3.5,
			total: 101.3,
			totalMinor: 10130,
			lineValuesMinor: 9980,
			shippingMinor: 500,
			feeMinor: 350,
		});
		const second = await centraNode(create, units);
		expect(second.outputs[0][0].json).toMatchObject({
			wrote: false,
			alreadyExisted: true,
			externalId: 'ret-1',
		});
		expect(centra.state.returnsByExternalId('ret-1')).toHaveLength(1);
	});

	it('refuses more units than were shipped and not returned, naming the SKU', async () => {
		const result = await centraNode({ ...create, lines: '[{ "sku": "TEE-M", "quantity": 4 }]' }, [
			{ returnId: 'ret-9' },
		]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Order 1001: Cannot return 4 of SKU TEE-M: only 3 shipped and not yet returned',
		);
		expect(result.error?.itemIndex).toBe(0);
	});

	it('Get, Complete (once) and Refund (only when enabled, once)', async () => {
		await centraNode(create, [{ returnId: 'ret-1', sku: 'TEE-M' }]);
		expect(
			(await centraNode({ resource: 'return', operation: 'get', returnValue: 'ret-1' }))
				.outputs[0][0].json,
		).toMatchObject({ externalId: 'ret-1', status: 'PENDING' });
		expect(
			(await centraNode({ resource: 'return', operation: 'complete', returnValue: 'ret-1' }))
				.outputs[0][0].json,
		).toMatchObject({ wrote: true, status: 'COMPLETED' });
		expect(
			(await centraNode({ resource: 'return', operation: 'complete', returnValue: 'ret-1' }))
				.outputs[0][0].json,
		).toMatchObject({ wrote: false, alreadyCompleted: true });
		const off = await centraNode({ resource: 'return', operation: 'refund', returnValue: 'ret-1' });
		expect(off.error?.message).toBe('Refunding in Centra is switched off for this node');
		expect(
			(
				await centraNode({
					resource: 'return',
					operation: 'refund',
					returnValue: 'ret-1',
					allowRefund: true,
				})
			).outputs[0][0].json,
		).toMatchObject({ wrote: true, refunded: true, refundedMinor: 5140 });
		expect(
			(
				await centraNode({
					resource: 'return',
					operation: 'refund',
					returnValue: 'ret-1',
					allowRefund: true,
				})
			).outputs[0][0].json,
		).toMatchObject({ wrote: false, alreadyRefunded: true });
	});
});

describe('Order', () => {
	it('Get by number with lines and shipments; not found is an item', async () => {
		const result = await centraNode(
			{ resource: 'order', operation: 'get', orderNumber: '={{ $json.n }}' },
			[{ n: 1001 }, { n: 5 }],
		);
		expect(result.outputs[0][0].json).toMatchObject({
			found: true,
			number: 1001,
			lines: [
				expect.objectContaining({ productSize: expect.objectContaining({ SKU: 'TEE-M' }) }),
				expect.anything(),
			],
			shipments: [expect.objectContaining({ number: '1001-1' })],
		});
		expect(result.outputs[0][1].json).toEqual({ found: false, orderNumber: 5 });
	});

	it('Add Note does not repeat a note', async () => {
		const parameters = {
			resource: 'order',
			operation: 'addNote',
			orderNumber: '1001',
			note: 'Return in transit',
		};
		expect((await centraNode(parameters)).outputs[0][0].json).toMatchObject({ wrote: true });
		expect((await centraNode(parameters)).outputs[0][0].json).toMatchObject({
			wrote: false,
			alreadyNoted: true,
		});
		expect(centra.state.notesOf(1001)).toEqual(['Return in transit']);
	});

	it('Create Exchange Order: zero-value, linked to the return, once', async () => {
		const parameters = {
			resource: 'order',
			operation: 'createExchange',
			orderNumber: '1001',
			returnReference: 'ret-1',
			exchangeSku: 'TEE-M',
			exchangeDetails: { email: 'c@example.com', country: 'SE' },
		};
		const first = await centraNode(parameters);
		expect(first.outputs[0][0].json).toMatchObject({
			wrote: true,
			pricing: 'zeroValue',
			exchangeOrder: expect.any(String),
		});
		// No Centra return carries "ret-1" yet: the origin is the original order (a Centra id).
		expect(centra.state.restOrders[0]).toMatchObject({
			products: [{ sku: 'TEE-M', qty: 1, unitPrice: 0 }],
			createdFromOrigin: { type: 'order', id: 1001 },
			orderNumber: Number(first.outputs[0][0].json.exchangeOrder),
		});
		const second = await centraNode(parameters);
		expect(second.outputs[0][0].json).toMatchObject({
			wrote: false,
			alreadyCreated: true,
			exchangeOrder: first.outputs[0][0].json.exchangeOrder,
		});
		expect(centra.state.restOrders).toHaveLength(1);
	});
});

describe('Errors', () => {
	it('shows a missing permission as Centra words it', async () => {
		centra.addToken('no-orders', ['Product:read', 'Warehouse:read']);
		const result = await centraNode(
			{ resource: 'order', operation: 'get', orderNumber: '1001' },
			[{}],
			false,
			'no-orders',
		);
		expect(result.error?.message).toContain(
			'Centra Get Order failed: You need Order:read permission to access orders. (at orders)',
		);
		expect(result.error?.description).toContain('lacks a permission');
	});

	it.each(['unix', 'http-date'] as const)(
		'waits for Retry-After (%s) on 429 and recovers',
		async (retryAfterFormat) => {
			await centra.close();
			// The sandbox's window and the node's wait share a simulated clock: the node sleeps until
			// the time Retry-After names, and the window has moved on by then, in no real time.
			clock.install();
			const started = Date.now();
			let result, waited;
			try {
				centra = await startCentraSandbox({ requestQuota: 2, retryAfterFormat });
				warehouse(centra.state, 'Main');
				addShippedOrder(centra.state, {
					number: 1001,
					lines: [{ sku: 'TEE-M', quantity: 1, unitPriceMinor: 100 }],
				});
				result = await centraNode(
					{ resource: 'order', operation: 'get', orderNumber: '={{ $json.n }}' },
					[{ n: 1001 }, { n: 1001 }, { n: 1001 }],
				);
				waited = Date.now() - started;
			} finally {
				clock.uninstall();
			}
			// Two requests fit the sandbox's window of 10 s; the third came through only after it.
			expect(waited).toBeGreaterThanOrEqual(10_000);
			expect(result.status).toBe('success');
			expect(result.outputs[0]).toHaveLength(3);
			const throttled = centra.server.log.filter((l) => l.status === 429);
			expect(throttled.length).toBeGreaterThan(0);
		},
	);

	it('continueOnFail puts the error on the item and carries on', async () => {
		const result = await centraNode(
			{ resource: 'order', operation: 'addNote', orderNumber: '={{ $json.n }}', note: 'x' },
			[{ n: 'abc' }, { n: 1001 }],
			true,
		);
		expect(result.outputs[0].map((i) => i.json.error ?? i.json.wrote)).toEqual([
			'"Order Number" must be a Centra order number, got "abc"',
			true,
		]);
	});
});

describe('Warehouse dropdown', () => {
	it("loads the account's warehouses", async () => {
		const { loadOptions } = await import('../../harness');
		const options = await loadOptions({
			type: 'centra',
			method: 'getWarehouses',
			credentials: { centraApi: { url: centra.graphqlUrl, token: centra.token } },
			nodeCredentials: { centraApi: 'Centra' },
		});
		expect(options).toEqual([
			{ name: 'Main (1)', value: 'Main' },
			{ name: 'In transit (2)', value: 'In transit' },
			{ name: 'B-stock (3)', value: 'B-stock' },
		]);
	});
});

describe('Return: Get Many', () => {
	it('lists credit notes created in a window, all pages, optionally only refunded ones', async () => {
		const create = {
			resource: 'return',
			operation: 'create',
			externalId: '={{ $json.id }}',
			orderNumber: '1001',
			lines: '[{ "sku": "TEE-M", "quantity": 1 }]',
			stockPolicy: 'noRestock',
		};
		await centraNode(create, [{ id: 'ret-a' }, { id: 'ret-b' }]);
		await centraNode({
			resource: 'return',
			operation: 'refund',
			returnValue: 'ret-b',
			allowRefund: true,
		});
		const all = await centraNode({
			resource: 'return',
			operation: 'getMany',
			returnFilters: { from: new Date(Date.now() - 60_000).toISOString() },
		});
		expect(all.outputs[0].map((i) => i.json.externalId).sort()).toEqual(['ret-a', 'ret-b']);
		const refunded = await centraNode({
			resource: 'return',
			operation: 'getMany',
			returnFilters: { refundedOnly: true },
		});
		expect(refunded.outputs[0].map((i) => [i.json.externalId, i.json.refunded])).toEqual([
			['ret-b', true],
		]);
		const none = await centraNode({
			resource: 'return',
			operation: 'getMany',
			returnFilters: { to: '2020-01-01T00:00:00Z' },
		});
		expect(none.outputs[0]).toEqual([]);
	});
	it('as refund lines: one per refunded SKU line, the refund shared by value to the cent, unrefunded notes give none', async () => {
		const create = {
			resource: 'return',
			operation: 'create',
			externalId: '={{ $json.id }}',
			orderNumber: '1001',
			lines: '[{ "sku": "TEE-M", "quantity": 1 }, { "sku": "CAP-ONE", "quantity": 1 }]',
			stockPolicy: 'noRestock',
		};
		const created = await centraNode(create, [{ id: 'ret-lines' }]);
		expect(created.status).toBe('success');
		await centraNode({
			resource: 'return',
			operation: 'refund',
			returnValue: 'ret-lines',
			allowRefund: true,
		});
		const result = await centraNode({
			resource: 'return',
			operation: 'getMany',
			returnOutput: 'refundLines',
		});
		const lines = result.outputs[0].map((i) => i.json).filter((l) => l.externalId === 'ret-lines');
		expect(lines.map((l) => [l.channel, l.orderId, l.sku, l.quantity])).toEqual([
			['storefront', '1001', 'TEE-M', 1],
			['storefront', '1001', 'CAP-ONE', 1],
		]);
		const note = (
			await centraNode({
				resource: 'return',
				operation: 'get',
				returnLookup: 'externalId',
				returnValue: 'ret-lines',
			})
		).outputs[0][0].json;
		expect(lines.reduce((sum, l) => sum + (l.amountMinor as number), 0)).toBe(note.refundedMinor);
		expect(
			lines.every((l) => l.refundedAt === note.refundedAt && typeof l.refundedAt === 'string'),
		).toBe(true);
		expect(result.outputs[0].some((i) => i.json.externalId === 'ret-a')).toBe(false);
	});
});
