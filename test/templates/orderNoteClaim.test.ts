/**
 * 02's order note "in transit" is claimed in the Returns Event Ledger before it is written (one
 * `centra-note:<order>:in-transit` row, the earliest wins): Centra has no key that makes a note
 * unique and no mutation that removes one (https://centra.dev/graphql/mutation.html), so reading
 * the order's notes first cannot stop two executions at once from both writing. Counted on the
 * Centra sandbox's order history. The warehouse's later milestone ("processed", template 03) is a
 * different claim (`centra-note:<order>:processed`), taken by storefront and Amazon receipts alike.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { callWebhook, runWorkflow, type InMemoryDataTables } from '../../harness';
import { receiptsAuth } from '../../harness/reliability/returnsFlow';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { addShippedOrder, productSize, setStock, warehouse } from '../../sandbox/centra/seed';
import { CENTRA_SCHEMA, FIELD_PERMISSIONS } from '../../sandbox/centra/schema';
import type { CentraSandbox } from '../../sandbox/centra/server';
import { recordDropOffs, type DropOff } from './dropOffLedger';

jest.setTimeout(300_000);

const TRANSIT_NOTE = 'Return in transit (Happy Returns first scan)';
const PROCESSED_NOTE = 'Return processed at the warehouse';

describe('02: one "in transit" note per order, claimed in the ledger', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let nextOrder = 880_000;

	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes({ hr: { bucketSize: 1e6, ratePerSecond: 1e6 } });
		centra = sandboxes.centra;
		for (const name of ['TRANSIT', 'MAIN', 'B-STOCK']) warehouse(centra.state, name);
	});
	afterAll(async () => sandboxes.close());

	const credentials = () => sandboxes.credentials();
	const dropOff = (values: Record<string, unknown> = {}) =>
		withSettings(loadTemplate('02-return-bar-drop-off.json'), {
			inTransitWarehouse: 'TRANSIT',
			...values,
		});

	/**
	 * One storefront order of two SKUs returned as two Happy Returns returns: return A holds two
	 * units (dropped off as two events), return B one. Recorded in the ledger as 01 records drop-offs.
	 */
	function orderWithTwoReturns(
		tables: InMemoryDataTables,
		channel: 'storefront' | 'amazon' = 'storefront',
	) {
		const number = ++nextOrder;
		const skus = [`NOTE-A-${number}`, `NOTE-B-${number}`];
		addShippedOrder(centra.state, {
			number,
			lines: [
				{ sku: skus[0], quantity: 2, unitPriceMinor: 2500 },
				{ sku: skus[1], quantity: 1, unitPriceMinor: 4000 },
			],
		});
		const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
		const units = [
			{ returnId: `ret-${number}-a`, sku: skus[0], unit: 0, line: 'L1' },
			{ returnId: `ret-${number}-a`, sku: skus[0], unit: 1, line: 'L1' },
			{ returnId: `ret-${number}-b`, sku: skus[1], unit: 0, line: 'L2' },
		];
		const events: DropOff[] = units.map((u) => ({
			eventId: `drop-${u.returnId}-${u.unit}`,
			eventType: 'return.dropped_off',
			returnId: u.returnId,
			orderNumber: String(number),
			orderId: String(number),
			sku: u.sku,
			unitIndex: u.unit,
			unitRef: `${u.line}.${u.unit}`,
			email: `customer${number}@example.com`,
			receivedAt,
		}));
		recordDropOffs(tables, events, channel);
		return { number, events, units };
	}

	/** The three drop-offs, each in its own execution, all at once. */
	async function dropAllAtOnce(
		template: Template,
		tables: InMemoryDataTables,
		events: IDataObject[],
	) {
		const runs = await Promise.all(
			events.map((event) =>
				runWorkflow(template, {
					triggerItems: [{ json: event }],
					credentials: credentials(),
					dataTables: tables,
				}),
			),
		);
		return runs.map((r) => r.status);
	}

	const noteClaims = (tables: InMemoryDataTables, number: number) =>
		tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'centra.order_note' && r.orderNumber === String(number));

	const warehouseProcessing = (values: Record<string, unknown> = {}) =>
		withSettings(loadTemplate('03-warehouse-processing.json'), {
			inTransitWarehouse: 'TRANSIT',
			...values,
		});
	const receiptOf = (number: number, u: { returnId: string; sku: string; unit: number }) => ({
		returnId: u.returnId,
		orderNumber: String(number),
		sku: u.sku,
		unit: String(u.unit),
		disposition: 'sellable',
		bagBarcode: `BAG-${number}`,
		trackingNumber: '1ZNOTE',
	});

	/** Each receipt POSTed on its own to 03's webhook, all at once; the executions' outcomes. */
	async function receiveAllAtOnce(
		template: Template,
		tables: InMemoryDataTables,
		receipts: IDataObject[],
	) {
		const webhook = template.nodes.find((n) => n.name === 'Warehouse receipt')!;
		const runs = await Promise.all(
			receipts.map(async (receipt) => {
				const hook = await callWebhook({
					type: webhook.type,
					parameters: webhook.parameters,
					body: JSON.stringify({ receipts: [receipt] }),
					...receiptsAuth(),
				});
				return runWorkflow(template, {
					startNode: webhook.name,
					triggerItems: hook.response.workflowData?.[0] as INodeExecutionData[],
					mode: 'webhook',
					credentials: credentials(),
					dataTables: tables,
				});
			}),
		);
		return runs.map((r) => [r.status, r.error?.message]);
	}

	it('as shipped (00: orderNotes first-scan): three drop-offs of two returns of one order at once write one note', async () => {
		const shipped = loadTemplate('00-returns-settings.json');
		const value = JSON.stringify(shipped).match(/"settings\.orderNotes","value":"([^"]+)"/)?.[1];
		expect(value).toBe('first-scan');
		const tables = templateTables();
		const order = orderWithTwoReturns(tables);
		expect(await dropAllAtOnce(dropOff(), tables, order.events)).toEqual([
			'success',
			'success',
			'success',
		]);
		expect(centra.state.notesOf(order.number)).toEqual([TRANSIT_NOTE]);
		// One claim row per order and milestone, done; every drop-off processed.
		expect(noteClaims(tables, order.number).map((r) => [r.eventId, r.status])).toEqual([
			[`centra-note:${order.number}:in-transit`, 'processed'],
		]);
		const dropped = tables
			.rows('Returns Event Ledger')
			.filter(
				(r) => r.eventType === 'return.dropped_off' && r.orderNumber === String(order.number),
			);
		expect(dropped.map((r) => String(r.status).startsWith('processed'))).toEqual([
			true,
			true,
			true,
		]);
		// Delivered again later (one after another): the claim is taken, nothing more is written.
		for (const event of order.events)
			expect(await dropAllAtOnce(dropOff(), tables, [event])).toEqual(['success']);
		expect(centra.state.notesOf(order.number)).toEqual([TRANSIT_NOTE]);
		expect(noteClaims(tables, order.number)).toHaveLength(1);
	});

	it('the same three drop-offs at once with the note claim switched off write the note more than once (the test can fail)', async () => {
		const tables = templateTables();
		const order = orderWithTwoReturns(tables);
		const template = withoutNoteClaim(dropOff());
		await dropAllAtOnce(template, tables, order.events);
		expect(centra.state.notesOf(order.number).length).toBeGreaterThan(1);
	});

	it('a note that failed leaves its claim open: a repeat loses to it, the replay (08) writes the note once and closes it', async () => {
		const tables = templateTables();
		// The drop-off names an order Centra does not show yet: the stock moves, the note fails.
		const number = ++nextOrder;
		const sku = `NOTE-LATE-${number}`;
		const event = {
			eventId: `drop-late-${number}`,
			eventType: 'return.dropped_off',
			returnId: `ret-${number}`,
			orderNumber: String(number),
			orderId: String(number),
			sku,
			unitIndex: 0,
			unitRef: 'L1.0',
			email: `customer${number}@example.com`,
			receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
		};
		recordDropOffs(tables, [event]);
		productSize(centra.state, sku);
		expect(await dropAllAtOnce(dropOff(), tables, [event])).toEqual(['error']);
		expect(noteClaims(tables, number).map((r) => r.status)).toEqual(['claimed']);
		addShippedOrder(centra.state, { number, lines: [{ sku, quantity: 1, unitPriceMinor: 2500 }] });
		// Not a replay: the open claim is another execution's, so no note.
		await dropAllAtOnce(dropOff(), tables, [event]);
		expect(centra.state.notesOf(number)).toEqual([]);
		// 08's replay takes the open claim over: one note, the claim done, one row.
		expect(await dropAllAtOnce(dropOff(), tables, [{ ...event, replayed: true }])).toEqual([
			'success',
		]);
		expect(centra.state.notesOf(number)).toEqual([TRANSIT_NOTE]);
		expect(noteClaims(tables, number).map((r) => r.status)).toEqual(['processed']);
	});

	it('orderNotes none and receipt: no note at the first scan; every-milestone: one', async () => {
		for (const [orderNotes, expected] of [
			['none', []],
			['receipt', []],
			['every-milestone', [TRANSIT_NOTE]],
		] as const) {
			const tables = templateTables();
			const order = orderWithTwoReturns(tables);
			await dropAllAtOnce(dropOff({ orderNotes }), tables, order.events);
			expect([orderNotes, centra.state.notesOf(order.number)]).toEqual([orderNotes, expected]);
			expect(noteClaims(tables, order.number)).toHaveLength(expected.length);
		}
	});

	it('every-milestone: the warehouse receipt later still adds its "processed" note, once', async () => {
		const tables = templateTables();
		const order = orderWithTwoReturns(tables);
		const settings = { inTransitWarehouse: 'TRANSIT', orderNotes: 'every-milestone' };
		await dropAllAtOnce(dropOff(settings), tables, order.events);
		const warehouseTemplate = withSettings(loadTemplate('03-warehouse-processing.json'), settings);
		const webhook = warehouseTemplate.nodes.find((n) => n.name === 'Warehouse receipt')!;
		const receipts = order.units.map((u) => ({
			returnId: u.returnId,
			orderNumber: String(order.number),
			sku: u.sku,
			unit: String(u.unit),
			disposition: 'sellable',
			bagBarcode: `BAG-${order.number}`,
			trackingNumber: '1ZNOTE',
		}));
		const hook = await callWebhook({
			type: webhook.type,
			parameters: webhook.parameters,
			body: JSON.stringify({ receipts }),
			...receiptsAuth(),
		});
		const run = await runWorkflow(warehouseTemplate, {
			startNode: webhook.name,
			triggerItems: hook.response.workflowData?.[0] as INodeExecutionData[],
			mode: 'webhook',
			credentials: credentials(),
			dataTables: tables,
		});
		expect([run.status, run.error?.message]).toEqual(['success', undefined]);
		expect(centra.state.notesOf(order.number)).toEqual([TRANSIT_NOTE, PROCESSED_NOTE]);
	});

	describe('03: one "processed" note per order, claimed in the ledger', () => {
		const processedClaims = (tables: InMemoryDataTables, number: number) =>
			noteClaims(tables, number).filter((r) => String(r.eventId).endsWith(':processed'));
		const receiptsOf = (order: ReturnType<typeof orderWithTwoReturns>) =>
			order.units.map((u) => receiptOf(order.number, u));
		const allSucceeded = (outcomes: unknown[][]) =>
			expect(outcomes).toEqual(outcomes.map(() => ['success', undefined]));
		/** 08's replay of one receipt: 03 from "When replayed", the receipt marked as replayed. */
		const replayReceipt = (template: Template, tables: InMemoryDataTables, receipt: object) =>
			runWorkflow(template, {
				startNode: 'When replayed',
				triggerItems: [
					{ json: { ...receipt, replayed: true, receivedAt: new Date().toISOString() } },
				],
				credentials: credentials(),
				dataTables: tables,
			});
		/** The order's three receipts all went past every step. */
		const expectReceiptsProcessed = (tables: InMemoryDataTables) =>
			expect(tables.rows('Warehouse Receipts').map((r) => r.status)).toEqual(
				Array(3).fill('processed'),
			);

		it('credit at first scan: three receipts of two returns of one order at once write one note', async () => {
			const settings = { orderNotes: 'receipt', storefrontRefundAt: 'first-scan' };
			const tables = templateTables();
			const order = orderWithTwoReturns(tables);
			await dropAllAtOnce(dropOff(settings), tables, order.events);
			expect(centra.state.notesOf(order.number)).toEqual([]);
			allSucceeded(
				await receiveAllAtOnce(warehouseProcessing(settings), tables, receiptsOf(order)),
			);
			expect(centra.state.notesOf(order.number)).toEqual([PROCESSED_NOTE]);
			expect(processedClaims(tables, order.number).map((r) => [r.eventId, r.status])).toEqual([
				[`centra-note:${order.number}:processed`, 'processed'],
			]);
			expectReceiptsProcessed(tables);
		});

		it('an Amazon order: three receipts of two returns at once write one note', async () => {
			const settings = { orderNotes: 'every-milestone' };
			const tables = templateTables();
			const order = orderWithTwoReturns(tables, 'amazon');
			// In transit, as 02 leaves them.
			setStock(centra.state, 'TRANSIT', order.units[0].sku, 2);
			setStock(centra.state, 'TRANSIT', order.units[2].sku, 1);
			allSucceeded(
				await receiveAllAtOnce(warehouseProcessing(settings), tables, receiptsOf(order)),
			);
			expect(centra.state.notesOf(order.number)).toEqual([PROCESSED_NOTE]);
			expect(processedClaims(tables, order.number).map((r) => r.status)).toEqual(['processed']);
			expectReceiptsProcessed(tables);
		});

		it('the same receipts at once with the note claim switched off write the note more than once (the test can fail)', async () => {
			const settings = { orderNotes: 'receipt', storefrontRefundAt: 'first-scan' };
			const tables = templateTables();
			const order = orderWithTwoReturns(tables);
			await dropAllAtOnce(dropOff(settings), tables, order.events);
			const template = withoutProcessedNoteClaim(warehouseProcessing(settings));
			allSucceeded(await receiveAllAtOnce(template, tables, receiptsOf(order)));
			expect(centra.state.notesOf(order.number).length).toBeGreaterThan(1);
		});

		it('as shipped (orderNotes first-scan): the receipts write no "processed" note', async () => {
			const settings = { storefrontRefundAt: 'first-scan' };
			const tables = templateTables();
			const order = orderWithTwoReturns(tables);
			await dropAllAtOnce(dropOff(settings), tables, order.events);
			allSucceeded(
				await receiveAllAtOnce(warehouseProcessing(settings), tables, receiptsOf(order)),
			);
			expect(centra.state.notesOf(order.number)).toEqual([TRANSIT_NOTE]);
			expect(processedClaims(tables, order.number)).toEqual([]);
			// The receipts still go on past the note step.
			expectReceiptsProcessed(tables);
		});

		it('credit at receipt: a note that failed after the refund was paid is written once by the replay, the refund not paid twice', async () => {
			const settings = { orderNotes: 'receipt', storefrontRefundAt: 'receipt' };
			const tables = templateTables();
			const order = orderWithTwoReturns(tables);
			setStock(centra.state, 'TRANSIT', order.units[0].sku, 2);
			// A token without Order:write: the credit note and the refund go through, the note is refused.
			centra.addToken(
				`no-order-write-${order.number}`,
				[
					...Object.values(FIELD_PERMISSIONS),
					...[...CENTRA_SCHEMA.matchAll(/Required permission: ([A-Za-z.]+:(?:read|write))/g)].map(
						(m) => m[1],
					),
				].filter((p) => p && p !== 'Order:write'),
			);
			const template = warehouseProcessing(settings);
			const receipt = receiptOf(order.number, order.units[0]);
			const refundCallsBefore = centra.state.refundCalls;
			const webhook = template.nodes.find((n) => n.name === 'Warehouse receipt')!;
			const hook = await callWebhook({
				type: webhook.type,
				parameters: webhook.parameters,
				body: JSON.stringify({ receipts: [receipt] }),
				...receiptsAuth(),
			});
			const failed = await runWorkflow(template, {
				startNode: webhook.name,
				triggerItems: hook.response.workflowData?.[0] as INodeExecutionData[],
				mode: 'webhook',
				credentials: {
					...credentials(),
					centraApi: { ...credentials().centraApi, token: `no-order-write-${order.number}` },
				},
				dataTables: tables,
			});
			expect(failed.status).toBe('error');
			const refunds = () => centra.state.refundCalls - refundCallsBefore;
			expect(refunds()).toBe(1);
			expect(processedClaims(tables, order.number).map((r) => r.status)).toEqual(['claimed']);
			expect(tables.rows('Warehouse Receipts').map((r) => r.status)).toEqual(['received']);
			// 08's replay: the refund claim is done, so it goes on to the open note claim and takes it over.
			const replay = await replayReceipt(template, tables, receipt);
			expect([replay.status, replay.error?.message]).toEqual(['success', undefined]);
			expect(centra.state.notesOf(order.number)).toEqual([PROCESSED_NOTE]);
			expect(processedClaims(tables, order.number).map((r) => r.status)).toEqual(['processed']);
			expect(tables.rows('Warehouse Receipts').map((r) => r.status)).toEqual(['processed']);
			expect(refunds()).toBe(1);
		});

		it('a note that failed leaves its claim open and its receipt unprocessed: another receipt loses to it, the replay (08) writes the note once', async () => {
			const tables = templateTables();
			// An Amazon order Centra does not show yet: the stock moves, the note fails.
			const number = ++nextOrder;
			const units = [`NOTE-LATE-A-${number}`, `NOTE-LATE-B-${number}`].map((sku, i) => ({
				returnId: `ret-${number}-${i}`,
				sku,
				unit: 0,
			}));
			for (const u of units) {
				setStock(centra.state, 'TRANSIT', u.sku, 1);
				tables.insert('Returns Event Ledger', {
					eventId: `drop-${u.returnId}`,
					eventType: 'return.dropped_off',
					returnId: u.returnId,
					orderNumber: String(number),
					channel: 'amazon',
					sku: u.sku,
					unit: '0',
					status: 'processed',
					receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
				} as never);
			}
			const template = warehouseProcessing({ orderNotes: 'receipt' });
			const [first, second] = units.map((u) => receiptOf(number, u));
			const [[status]] = await receiveAllAtOnce(template, tables, [first]);
			expect(status).toBe('error');
			expect(processedClaims(tables, number).map((r) => r.status)).toEqual(['claimed']);
			const receiptStatus = (u: IDataObject) =>
				tables.rows('Warehouse Receipts').find((r) => r.returnId === u.returnId)?.status;
			expect(receiptStatus(first)).toBe('received');
			addShippedOrder(centra.state, {
				number,
				lines: units.map((u) => ({ sku: u.sku, quantity: 1, unitPriceMinor: 2500 })),
			});
			// The other return's receipt is not a replay: the open claim is another execution's.
			allSucceeded(await receiveAllAtOnce(template, tables, [second]));
			expect(centra.state.notesOf(number)).toEqual([]);
			expect(receiptStatus(second)).toBe('processed');
			// 08's replay of the first receipt takes the open claim over: one note, the claim done.
			const replay = await replayReceipt(template, tables, first);
			expect([replay.status, replay.error?.message]).toEqual(['success', undefined]);
			expect(centra.state.notesOf(number)).toEqual([PROCESSED_NOTE]);
			expect(processedClaims(tables, number).map((r) => r.status)).toEqual(['processed']);
			expect(receiptStatus(first)).toBe('processed');
		});
	});
});

/** 02 as it was before the claim: the note's own check-then-write (it reads the order's notes first). */
function withoutNoteClaim(template: Template): Template {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	copy.connections['Note at first scan?'].main[0] = [
		{ node: 'Note: in transit', type: 'main', index: 0 },
	];
	copy.connections['Note: in transit'] = { main: [[]] };
	return copy;
}

/** 03's note as it was before the claim: the note node's own check-then-write for every receipt. */
function withoutProcessedNoteClaim(template: Template): Template {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	copy.connections['Note at receipt?'].main[0] = [
		{ node: 'Note: processed', type: 'main', index: 0 },
	];
	copy.connections['Note: processed'].main[0] = [
		{ node: 'Noted for an Amazon order?', type: 'main', index: 0 },
	];
	const note = copy.nodes.find((n) => n.name === 'Note: processed')!;
	note.parameters.orderNumber = "={{ $('Note at receipt?').item.json.orderNumber }}";
	return copy;
}
