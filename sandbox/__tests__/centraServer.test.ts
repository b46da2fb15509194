import axios, { type AxiosInstance } from 'axios';
import { ManualClock } from '../common/httpServer';
import { addShippedOrder, setStock, warehouse } from '../centra/seed';
import { startCentraSandbox, type CentraSandbox } from '../centra/server';

describe('Centra sandbox', () => {
	let centra: CentraSandbox;
	let gql: (
		query: string,
		variables?: Record<string, unknown>,
		token?: string,
	) => Promise<{ status: number; data: any; headers: Record<string, unknown> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
	let http: AxiosInstance;
	const clock = new ManualClock(Date.parse('2026-11-20T00:00:00Z'));

	beforeEach(async () => {
		centra = await startCentraSandbox({ clock, requestQuota: 1000 });
		http = axios.create({ validateStatus: () => true });
		gql = async (query, variables, token = centra.token) => {
			const response = await http.post(
				centra.graphqlUrl,
				{ query, variables },
				{ headers: { Authorization: `Bearer ${token}` } },
			);
			return {
				status: response.status,
				data: response.data,
				headers: response.headers as Record<string, unknown>,
			};
		};
		warehouse(centra.state, 'Main');
		warehouse(centra.state, 'In transit');
		warehouse(centra.state, 'B-stock');
		setStock(centra.state, 'In transit', 'TEE-M', 0);
		addShippedOrder(centra.state, {
			number: 1001,
			lines: [{ sku: 'TEE-M', quantity: 3, unitPriceMinor: 4990 }],
			shippingMinor: 500,
		});
	});
	afterEach(async () => centra.close());

	it('rejects a missing or wrong token with 401', async () => {
		expect((await gql('{ rateLimits { type } }', {}, 'nope')).status).toBe(401);
	});

	it('answers reads in the success envelope with complexity and permissionsUsed', async () => {
		const response = await gql(
			'query($n: [Int!]) { orders(where: { number: $n }) { number lines { quantity productSize { SKU } unitPrice { value currency { code } } } ... on DirectToConsumerOrder { shipments { id lines { id quantity returnedQuantity } } } } }',
			{ n: [1001] },
		);
		expect(response.data.data.orders[0]).toMatchObject({
			number: 1001,
			lines: [
				{
					quantity: 3,
					productSize: { SKU: 'TEE-M' },
					unitPrice: { value: 49.9, currency: { code: 'EUR' } },
				},
			],
		});
		expect(response.data.extensions).toMatchObject({
			complexity: expect.any(Number),
			permissionsUsed: ['Order:read', 'Shipment:read'],
		});
	});

	it('reports a missing permission as Centra words it, as a top-level error', async () => {
		centra.addToken('read-only', ['Return:read']);
		const response = await gql('{ orders { number } }', {}, 'read-only');
		expect(response.status).toBe(200);
		expect(response.data.errors).toEqual([
			{
				message: 'You need Order:read permission to access orders.',
				extensions: { category: 'authorization' },
				locations: [{ line: 1, column: 3 }],
				path: ['orders'],
			},
		]);
		expect(response.data.data).toBeUndefined();
	});

	it('reports syntax errors as top-level errors', async () => {
		const response = await gql('{ orders { number ');
		expect(response.data.errors[0].message).toContain('Syntax Error');
	});

	it('changeStock moves between warehouses and refuses more than free-to-allocate', async () => {
		setStock(centra.state, 'In transit', 'TEE-M', 2);
		const mutation =
			'mutation($input: StockChangeInput!) { changeStock(input: $input) { stockChange { id comment lines { deliveredQuantity } } userErrors { message path } } }';
		const moved = await gql(mutation, {
			input: {
				outFromWarehouse: { id: 2 },
				intoWarehouse: { id: 1 },
				description: 'HR ret-1 TEE-M sellable',
				productSizes: [{ productSize: { SKU: 'TEE-M' }, quantity: 2 }],
			},
		});
		expect(moved.data.data.changeStock).toMatchObject({
			stockChange: { comment: 'HR ret-1 TEE-M sellable', lines: [{ deliveredQuantity: 2 }] },
			userErrors: [],
		});
		expect(centra.state.movedUnits('TEE-M', 'Main')).toBe(2);
		expect(centra.state.movedUnits('TEE-M', 'In transit')).toBe(-2);
		const tooMany = await gql(mutation, {
			input: {
				outFromWarehouse: { id: 2 },
				description: 'x',
				productSizes: [{ productSize: { SKU: 'TEE-M' }, quantity: 1 }],
			},
		});
		expect(tooMany.data.data.changeStock).toEqual({
			stockChange: null,
			userErrors: [
				{
					message: 'Cannot take 1 out of In transit: only 0 free to allocate',
					path: ['input', 'productSizes', '0', 'quantity'],
				},
			],
		});
		const found = await gql(
			'query($c: String) { stockChangeConnection(where: { comment: { equals: $c } }) { totalCount edges { node { warehouse { name } lines { deliveredQuantity productSize { SKU } } } } } }',
			{ c: 'HR ret-1 TEE-M sellable' },
		);
		expect(found.data.data.stockChangeConnection.totalCount).toBe(2);
	});

	it('createReturn: itemised credit note with the external id, quantity limits, one stock policy', async () => {
		const shipment = centra.state.orders[0].shipments[0];
		const mutation =
			'mutation($input: ReturnCreateInput!) { createReturn(input: $input) { return { id externalId returnedToStock grandTotal { value } lines { quantity unitPrice { value } lineValue { value } } totals { lineValues { value } shipping { value } returnCost { value } taxIncluded { value } } } userErrors { message path } } }';
		const input = {
			shipment: { id: shipment.id },
			lines: [{ shipmentLine: { id: shipment.lines[0].id }, quantity: 2 }],
			returnStockActionPolicy: { removeItemsFromStock: true },
			shippingCost: { value: { value: 5, currencyIsoCode: 'EUR' } },
			returnCost: { value: 3.5, currencyIsoCode: 'EUR' },
			comment: 'Happy Returns ret-1',
			externalId: 'ret-1',
		};
		const created = await gql(mutation, { input });
		expect(created.data.data.createReturn.userErrors).toEqual([]);
		expect(created.data.data.createReturn.return).toMatchObject({
			externalId: 'ret-1',
			returnedToStock: false,
			grandTotal: { value: 101.3 },
			lines: [{ quantity: 2, unitPrice: { value: 49.9 }, lineValue: { value: 99.8 } }],
			totals: {
				lineValues: { value: 99.8 },
				shipping: { value: 5 },
				returnCost: { value: 3.5 },
				taxIncluded: { value: 19.96 },
			},
		});
		const tooMany = await gql(mutation, {
			input: { ...input, externalId: 'ret-2', shippingCost: undefined, returnCost: undefined },
		});
		expect(tooMany.data.data.createReturn.userErrors).toEqual([
			{
				message: 'Cannot return 2 of TEE-M: 1 can be returned',
				path: ['input', 'lines', '0', 'quantity'],
			},
		]);
		const twoPolicies = await gql(mutation, {
			input: {
				...input,
				returnStockActionPolicy: { removeItemsFromStock: true, releaseItemsBackToWarehouse: true },
			},
		});
		expect(twoPolicies.data.data.createReturn.userErrors[0].path).toEqual([
			'input',
			'returnStockActionPolicy',
		]);
		expect(centra.state.returnsByExternalId('ret-1')).toHaveLength(1);
		const byExternal = await gql(
			'query($e: [String!]) { returns(where: { externalId: $e }) { id ... on DirectToConsumerReturn { externalId } } }',
			{ e: ['ret-1'] },
		);
		expect(byExternal.data.data.returns).toHaveLength(1);
	});

	it('completes and refunds once, and adds order notes', async () => {
		const shipment = centra.state.orders[0].shipments[0];
		const created = await gql(
			'mutation($input: ReturnCreateInput!) { createReturn(input: $input) { return { id } userErrors { message } } }',
			{
				input: {
					shipment: { id: shipment.id },
					lines: [{ shipmentLine: { id: shipment.lines[0].id }, quantity: 1 }],
					returnStockActionPolicy: { sendItemsToDifferentWarehouse: { id: 3 } },
					externalId: 'ret-9',
				},
			},
		);
		const id = created.data.data.createReturn.return.id;
		expect(centra.state.movedUnits('TEE-M', 'B-stock')).toBe(1);
		const complete =
			'mutation($id: Int!) { completeReturn(id: $id, input: { sendEmail: false }) { return { returnStatus } userErrors { message } } }';
		expect((await gql(complete, { id })).data.data.completeReturn.return.returnStatus).toBe(
			'COMPLETED',
		);
		expect((await gql(complete, { id })).data.data.completeReturn.userErrors[0].message).toBe(
			'Return is already completed',
		);
		const refund =
			'mutation($id: Int!) { refundReturn(id: $id) { paymentHistoryEntries { entryType status value { value } } userErrors { message } } }';
		expect((await gql(refund, { id })).data.data.refundReturn.paymentHistoryEntries).toEqual([
			{ entryType: 'REFUND', status: 'SUCCESS', value: { value: 49.9 } },
		]);
		expect((await gql(refund, { id })).data.data.refundReturn.userErrors[0].message).toBe(
			'Return is already refunded',
		);
		const note = await gql(
			'mutation($input: OrderNoteAddInput!) { addOrderNote(input: $input) { orderHistoryEntry { type } userErrors { message } } }',
			{ input: { order: { number: 1001 }, note: 'Return in transit' } },
		);
		expect(note.data.data.addOrderNote.orderHistoryEntry.type).toBe('USER_NOTE_ADDED');
		expect(centra.state.notesOf(1001)).toEqual(['Return in transit']);
	});

	it('refuses a field Centra lacks, as the contract file has it', async () => {
		const response = await gql(
			'{ returns { ... on DirectToConsumerReturn { totals { grandTotal { value } } } } }',
		);
		expect(response.data.errors[0].message).toBe(
			'Cannot query field "grandTotal" on type "ReturnTotals".',
		);
	});

	it('keeps user text inert: it only ever travels in variables', async () => {
		const hostile = '") { orders { number } } mutation { changeStock(input: {description: "x"}) #';
		const response = await gql(
			'mutation($input: OrderNoteAddInput!) { addOrderNote(input: $input) { userErrors { message } } }',
			{ input: { order: { number: 1001 }, note: hostile } },
		);
		expect(response.data.data.addOrderNote.userErrors).toEqual([]);
		expect(centra.state.notesOf(1001)).toEqual([hostile]);
		expect(centra.state.stockChanges).toHaveLength(0);
	});

	it('answers 429 with Retry-After past the request quota', async () => {
		const limited = await startCentraSandbox({ clock, requestQuota: 2 });
		try {
			const call = () =>
				http.post(
					limited.graphqlUrl,
					{ query: '{ rateLimits { remainingQuota } }' },
					{ headers: { Authorization: `Bearer ${limited.token}` } },
				);
			expect((await call()).status).toBe(200);
			expect((await call()).status).toBe(200);
			const third = await call();
			expect(third.status).toBe(429);
			// Centra's Retry-After: the Unix timestamp at which a retry is possible.
			expect(Number(third.headers['retry-after']) * 1000).toBeGreaterThan(clock.now());
			clock.advance(10_000);
			expect((await call()).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('creates zero-value exchange orders through the REST Order API', async () => {
		const ok = await http.post(
			`${centra.orderApiUrl}/order`,
			{
				email: 'c@example.com',
				address: { country: 'SE' },
				products: [{ sku: 'TEE-M', qty: 1, unitPrice: 0 }],
				createdFromOrigin: { type: 'order', id: 1001 },
				orderNumber: 1_234_567_890,
			},
			{ headers: { 'API-Authorization': centra.orderApiKey } },
		);
		expect(ok.data).toEqual({ status: 'ok', orders: [1_234_567_890] });
		const again = await http.post(
			`${centra.orderApiUrl}/order`,
			{
				email: 'c@example.com',
				address: { country: 'SE' },
				products: [{ sku: 'TEE-M', qty: 1, unitPrice: 0 }],
				orderNumber: 1_234_567_890,
			},
			{ headers: { 'API-Authorization': centra.orderApiKey } },
		);
		expect(again.status).toBe(200);
		expect(again.data).toMatchObject({ status: 'no', code: 'exists' });
		const bad = await http.post(
			`${centra.orderApiUrl}/order`,
			{ email: 'c@example.com', address: { country: 'SE' }, products: [{ sku: 'NOPE', qty: 1 }] },
			{ headers: { 'API-Authorization': centra.orderApiKey } },
		);
		expect(bad.status).toBe(200);
		expect(bad.data).toEqual({
			status: 'no',
			code: 'invalid',
			msg: 'products[0]: unknown sku NOPE',
		});
		expect(
			(
				await http.post(
					`${centra.orderApiUrl}/order`,
					{},
					{ headers: { 'API-Authorization': 'x' } },
				)
			).status,
		).toBe(401);
	});
});
