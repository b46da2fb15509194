/**
 * Template 03 (warehouse processing) end to end: the warehouse system's POST goes through n8n's
 * real Webhook node, then Split Out, Set, Data Table, If and this package's Centra and Happy Returns
 * nodes against the sandboxes.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { callWebhook, runWorkflow } from '../../harness';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';
import type { HappyReturnsSandbox } from '../../sandbox/happyReturns/server';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { generateScenario } from '../../sandbox/scenario/generator';
import { addScenarioOrders, loadScenario } from '../../sandbox/scenario/load';
import { RECEIPTS_HEADER, receiptsAuth } from '../../harness/reliability/returnsFlow';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { runCentra } from '../centra/fixtures';
import {
	expectKeptUnitCreditedAndOneReplacement,
	replacementUnitsOf,
	wholeReturnOrder,
} from './exchanges';
import { expectEachUnitPaidOnce, refundsPaid as refundsPaidOn } from './paidOnce';

// Whole template runs against the sandboxes; on a shared machine they can take minutes.
jest.setTimeout(300_000);

// Notes on: this suite checks the "processed" note is added once per order.
const json = withSettings(loadTemplate('03-warehouse-processing.json'), {
	inTransitWarehouse: 'TRANSIT',
	orderNotes: 'receipt',
});

describe('template 03 end to end', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let hr: HappyReturnsSandbox;
	const tables = templateTables();
	const scenario = generateScenario({
		seed: 3,
		returns: 6,
		asOf: new Date().toISOString(),
		rates: {},
	});
	const units = scenario.returnEvents.filter((e) => e.status === 'dropped_off');
	const dispositions = ['sellable', 'damaged', 'sellable', 'water damage'];
	const receipts = units.map((unit, i) => ({
		returnId: unit.returnId,
		orderNumber: unit.orderNumber,
		sku: unit.sku,
		unit: unit.unit,
		disposition: dispositions[i % dispositions.length],
		bagBarcode: unit.bagBarcode,
		trackingNumber: '1Z1',
		happyReturnsItemId: `${String(unit.returnId)}-${String(unit.sku)}-${String(unit.unit)}`,
		...(i === 0 ? { exchangeSku: unit.sku, email: 'c@example.com', country: 'SE' } : {}),
	}));

	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes({ hr: { bucketSize: 1e6, ratePerSecond: 1e6 } });
		({ centra, hr } = sandboxes);
		loadScenario(scenario, { hr });
		for (const name of ['TRANSIT', 'MAIN', 'B-STOCK']) warehouse(centra.state, name);
		addScenarioOrders(centra.state, scenario);
		for (const order of scenario.orders) {
			setStock(centra.state, 'TRANSIT', String(order.sku), 10);
		}
	});
	afterAll(async () => sandboxes.close());

	const refundsPaid = (returnId: string) => refundsPaidOn(centra.state, returnId);

	async function post(batch: Array<Record<string, unknown>> = receipts, template = json) {
		const body = JSON.stringify({ receipts: batch });
		const credentials = sandboxes.credentials();
		const webhookNode = template.nodes.find((n) => n.name === 'Warehouse receipt')!;
		const hook = await callWebhook({
			type: webhookNode.type,
			parameters: webhookNode.parameters,
			body,
			...receiptsAuth(),
		});
		const items = hook.response.workflowData?.[0] as INodeExecutionData[];
		const run = await runWorkflow(template, {
			startNode: webhookNode.name,
			triggerItems: items,
			mode: 'webhook',
			credentials,
			dataTables: tables,
		});
		if (run.status !== 'success')
			throw new Error(
				`failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
			);
		return run;
	}

	it('routes units by disposition, flags the unmapped code, credits, completes, notes, exchanges and tells Happy Returns', async () => {
		const run = await post();
		const unmapped = receipts.filter((r) => r.disposition === 'water damage');
		const mapped = receipts.filter((r) => r.disposition !== 'water damage');
		// The POST's units leave transit with one stock change per bucket (across returns), whose
		// comment lists each unit's reference: each mapped unit once.
		const changesIn = (name: string) =>
			centra.state.stockChanges.filter((c) => c.warehouse.name === name);
		const unitsIn = (name: string) => changesIn(name).flatMap((c) => c.comment.split('; '));
		expect(unitsIn('TRANSIT')).toHaveLength(mapped.length);
		expect(new Set(unitsIn('TRANSIT')).size).toBe(mapped.length);
		expect(changesIn('TRANSIT')).toHaveLength(new Set(mapped.map((r) => r.disposition)).size);
		expect(unitsIn('MAIN')).toHaveLength(mapped.filter((r) => r.disposition === 'sellable').length);
		expect(tables.rows('Exception Register').map((r) => r.type)).toEqual(
			unmapped.map(() => 'unmapped_disposition'),
		);
		// An exchange is never credited nor refunded; every other storefront return is credited,
		// completed and refunded by Centra once (storefrontRefundAt receipt, or the safety net).
		const exchanges = new Set(mapped.filter((r) => r.exchangeSku).map((r) => String(r.returnId)));
		const returnIds = [...new Set(mapped.map((r) => String(r.returnId)))].filter(
			(id) => !exchanges.has(id),
		);
		expect(exchanges.size).toBe(1);
		for (const id of exchanges) {
			expect(centra.state.returnsByExternalId(id)).toHaveLength(0);
			expect(refundsPaid(id)).toBe(0);
		}
		for (const id of returnIds) {
			expect(centra.state.returnsByExternalId(id)).toHaveLength(1);
			expect(centra.state.returnsByExternalId(id)[0].returnStatus).toBe('COMPLETED');
			expect(refundsPaid(id)).toBe(1);
		}
		for (const id of returnIds)
			expect(
				centra.state.notesOf(Number(mapped.find((r) => r.returnId === id)!.orderNumber)),
			).toContain('Return processed at the warehouse');
		expect(centra.state.restOrders).toHaveLength(1);
		expect(
			hr.state.returnContents.filter((c) => c.happyReturnsItemID !== 'unidentified'),
		).toHaveLength(receipts.length);
		expect(tables.rows('Warehouse Receipts')).toHaveLength(receipts.length);
		// Done rows are marked, so the replay leaves them alone; an unmapped code waits in the register.
		expect(
			tables
				.rows('Warehouse Receipts')
				.map((r) => `${r.disposition}:${r.status}`)
				.sort(),
		).toEqual(
			receipts
				.map(
					(r) => `${r.disposition}:${r.disposition === 'water damage' ? 'exception' : 'processed'}`,
				)
				.sort(),
		);
		expect(run.executed).toContain('Zero-value exchange order');
	});

	it('a repeated POST moves, credits, refunds, notes and exchanges nothing new', async () => {
		const before = {
			refundCalls: centra.state.refundCalls,
			changes: centra.state.stockChanges.length,
			returns: centra.state.returns.length,
			orders: centra.state.restOrders.length,
			register: tables.rows('Exception Register').length,
			receipts: tables.rows('Warehouse Receipts').length,
		};
		await post();
		expect(centra.state.stockChanges).toHaveLength(before.changes);
		expect(centra.state.returns).toHaveLength(before.returns);
		expect(centra.state.restOrders).toHaveLength(before.orders);
		expect(centra.state.refundCalls).toBe(before.refundCalls);
		expect(tables.rows('Exception Register')).toHaveLength(before.register);
		expect(tables.rows('Warehouse Receipts')).toHaveLength(before.receipts);
	});

	it('never credits a unit graded missing or wrong-item: each is registered for investigation, its receipt held', async () => {
		const sku = String(scenario.orders[0].sku);
		addShippedOrder(centra.state, {
			number: 9900,
			lines: [{ sku, quantity: 3, unitPriceMinor: 1000 }],
		});
		const graded = ['missing', 'wrong-item', 'sellable'].map((disposition, unit) => ({
			returnId: 'ret-investigate',
			orderNumber: '9900',
			sku,
			unit,
			disposition,
			bagBarcode: 'BAG-INV',
			trackingNumber: '1Z2',
		}));
		const run = await post(graded);
		expect(run.executed).toContain('Investigate: register');
		const credit = centra.state.returnsByExternalId('ret-investigate');
		// Only the sellable unit is credited, and refunded once.
		expect(credit).toHaveLength(1);
		expect(credit[0].lines.reduce((sum, line) => sum + line.quantity, 0)).toBe(1);
		expect(refundsPaid('ret-investigate')).toBe(1);
		const rows = tables
			.rows('Exception Register')
			.filter((r) => String(r.exceptionId).startsWith('investigate_ret-investigate'));
		expect(rows.map((r) => [r.type, r.status, r.owner]).sort()).toEqual([
			['unit_investigation', 'open', 'operations'],
			['unit_investigation', 'open', 'operations'],
		]);
		expect(
			tables
				.rows('Warehouse Receipts')
				.filter((r) => r.returnId === 'ret-investigate')
				.map((r) => `${r.disposition}:${r.status}`)
				.sort(),
		).toEqual(['missing:investigation', 'sellable:processed', 'wrong-item:investigation']);
	});

	/** A shipped storefront order of `units` units of one SKU, and its receipts (one per unit). */
	let nextOrder = 8800;
	function storefrontReturn(units: number, extra: Record<string, unknown> = {}) {
		const number = ++nextOrder;
		const sku = String(scenario.orders[0].sku);
		addShippedOrder(centra.state, {
			number,
			lines: [{ sku, quantity: units, unitPriceMinor: 1500 }],
		});
		setStock(centra.state, 'TRANSIT', sku, 50);
		const returnId = `ret-${number}`;
		return {
			number,
			returnId,
			receipts: Array.from({ length: units }, (_, unit) => ({
				returnId,
				orderNumber: String(number),
				sku,
				unit,
				disposition: 'sellable',
				bagBarcode: `BAG-${number}`,
				trackingNumber: '1Z3',
				...extra,
			})),
		};
	}
	const atReceipt = (values: Record<string, unknown> = {}) =>
		withSettings(loadTemplate('03-warehouse-processing.json'), {
			inTransitWarehouse: 'TRANSIT',
			storefrontRefundAt: 'receipt',
			...values,
		});

	it('receipt: two units of one return get one credit note, refunded once, also when the POST arrives three times at once', async () => {
		const r = storefrontReturn(2);
		const calls = centra.state.refundCalls;
		const template = atReceipt();
		await Promise.all([0, 1, 2].map(() => post(r.receipts, template)));
		expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(1);
		expect(
			centra.state.returnsByExternalId(r.returnId)[0].lines.reduce((s, l) => s + l.quantity, 0),
		).toBe(2);
		expect(refundsPaid(r.returnId)).toBe(1);
		expect(centra.state.refundCalls - calls).toBe(1);
		// The refund claim is keyed by the Centra return it refunds.
		const claims = tables
			.rows('Returns Event Ledger')
			.filter((row) => row.eventType === 'centra.refund' && row.returnId === r.returnId);
		expect(claims.map((row) => [row.eventId, row.status])).toEqual([
			[`centra-refund:${centra.state.returnsByExternalId(r.returnId)[0].id}`, 'processed'],
		]);
		expect(
			tables
				.rows('Warehouse Receipts')
				.filter((row) => row.returnId === r.returnId)
				.map((row) => row.status),
		).toEqual(['processed', 'processed']);
	});

	it('receipt: a refund Centra declines fails the receipt; 08 replays it through 03 and Centra pays once', async () => {
		const r = storefrontReturn(1);
		const template = atReceipt();
		centra.state.declineNextRefunds = 1;
		await expect(post(r.receipts, template)).rejects.toThrow(/did not refund/);
		expect(refundsPaid(r.returnId)).toBe(0);
		const receiptRow = () =>
			tables.rows('Warehouse Receipts').filter((row) => row.returnId === r.returnId);
		expect(receiptRow().map((row) => row.status)).toEqual(['received']);
		const replayed = await runWorkflow(
			withSettings(loadTemplate('08-replay.json'), { replayAfterMinutes: 0 }),
			{
				credentials: sandboxes.credentials(),
				dataTables: tables,
				workflows: { [template.id]: template },
			},
		);
		expect(replayed.status).toBe('success');
		expect(refundsPaid(r.returnId)).toBe(1);
		expect(receiptRow().map((row) => row.status)).toEqual(['processed']);
		expect(
			tables
				.rows('Returns Event Ledger')
				.filter((row) => row.eventType === 'centra.refund' && row.returnId === r.returnId)
				.map((row) => row.status),
		).toEqual(['processed']);
	});

	it('first-scan: a credit note 02 already refunded is not refunded again at receipt, whether it lists its units or predates unit lists', async () => {
		for (const lines of [[{ sku: '', quantity: 1, unit: '0' }], [{ sku: '', quantity: 1 }]]) {
			const r = storefrontReturn(1);
			// What 02 left behind at the drop-off: the credit note (with or without its unit
			// list), refunded.
			const made = await runCentra(centra, {
				resource: 'return',
				operation: 'create',
				externalId: r.returnId,
				orderNumber: String(r.number),
				lines: JSON.stringify(lines.map((l) => ({ ...l, sku: r.receipts[0].sku }))),
				stockPolicy: 'noRestock',
			});
			await runCentra(centra, {
				resource: 'return',
				operation: 'refund',
				returnLookup: 'id',
				returnValue: String(made.outputs[0][0].json.returnId),
				allowRefund: true,
			});
			expect(refundsPaid(r.returnId)).toBe(1);
			const calls = centra.state.refundCalls;
			const returns = centra.state.returns.length;
			await post(r.receipts, atReceipt({ storefrontRefundAt: 'first-scan' }));
			expect(refundsPaid(r.returnId)).toBe(1);
			expect(centra.state.refundCalls).toBe(calls);
			expect(centra.state.returns).toHaveLength(returns);
			expect(centra.state.returnsByExternalId(r.returnId)[0].returnStatus).toBe('COMPLETED');
		}
	});

	it('receipt: unit 0 received on day 1, unit 1 on day 3: two credit notes, each refunded once, the total both units to the cent; a repeated receipt of unit 0 writes nothing', async () => {
		const r = storefrontReturn(2);
		const template = atReceipt();
		const calls = centra.state.refundCalls;
		await post([r.receipts[0]], template);
		await post([r.receipts[1]], template);
		const family = expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 1500,
			refundCallsBefore: calls,
			unitsPerNote: [1, 1],
		});
		expect(family.map((x) => x.returnStatus)).toEqual(['COMPLETED', 'COMPLETED']);
		expect(
			tables
				.rows('Warehouse Receipts')
				.filter((row) => row.returnId === r.returnId)
				.map((row) => row.status),
		).toEqual(['processed', 'processed']);
		// Unit 0 posted again after unit 1: nothing written or paid.
		const returns = centra.state.returns.length;
		await post([r.receipts[0]], template);
		expect(centra.state.returns).toHaveLength(returns);
		expect(centra.state.refundCalls - calls).toBe(2);
	});

	it('an exchange signalled by Happy Returns gets its order at receipt from the ledger, once under three POSTs at once, never credited (with exchangeOrderAt drop-off, the per-unit key finds the order 02 made); a unit received later gets its own', async () => {
		for (const at of ['receipt', 'drop-off']) {
			const r = storefrontReturn(1);
			signalExchange(r, 0, r.receipts[0].sku);
			const template = atReceipt({ exchangeOrderAt: at, exchangeCountry: 'SE' });
			const orders = centra.state.restOrders.length;
			await Promise.all([0, 1, 2].map(() => post(r.receipts, template)));
			expect(centra.state.restOrders.length - orders).toBe(1);
			expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(0);
			expect(refundsPaid(r.returnId)).toBe(0);
			expect(
				tables
					.rows('Returns Event Ledger')
					.filter((row) => String(row.eventId).startsWith(`centra-exchange:${r.number}:`))
					.map((row) => [row.eventId, row.status]),
			).toEqual([
				[`centra-exchange:${r.number}:${r.returnId}#unit:${r.receipts[0].sku}.0`, 'processed'],
			]);
			// Another unit of the same return signalled as an exchange and received later: its own
			// order, once, also when its receipt arrives twice at once.
			signalExchange(r, 5, r.receipts[0].sku);
			const unit5 = r.receipts.map((x) => ({ ...x, unit: 5 }));
			await Promise.all([0, 1].map(() => post(unit5, template)));
			expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(0);
			expect(centra.state.restOrders.length - orders).toBe(2);
		}
	});

	/** Happy Returns' exchange signal for one unit of a return, as 01 records it. */
	function signalExchange(
		r: ReturnType<typeof storefrontReturn>,
		unit: number,
		replacementSku: string,
	) {
		tables.insert('Returns Event Ledger', {
			eventId: `exchange-${r.number}-${unit}`,
			eventType: 'exchange.requested',
			returnId: r.returnId,
			orderNumber: String(r.number),
			orderId: String(r.number),
			channel: 'storefront',
			sku: r.receipts[0].sku,
			unit: String(unit),
			status: 'received',
			payload: JSON.stringify({ replacementSku, email: `c${r.number}@example.com`, item: {} }),
		} as never);
	}
	const replacementUnits = (returnId: string, sku: string) =>
		replacementUnitsOf(centra.state, returnId, sku);
	const exchangeAtReceipt = () => atReceipt({ exchangeOrderAt: 'receipt', exchangeCountry: 'SE' });

	it('a two-unit exchange received on different days, each receipt POSTed three times at once: one replacement unit each, never credited', async () => {
		const r = storefrontReturn(2);
		const replacement = `${r.receipts[0].sku}-NEW`;
		setStock(centra.state, 'MAIN', replacement, 10);
		for (const unit of [0, 1]) signalExchange(r, unit, replacement);
		for (const receipt of r.receipts)
			await Promise.all([0, 1, 2].map(() => post([receipt], exchangeAtReceipt())));
		expect(replacementUnits(r.returnId, replacement)).toBe(2);
		expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(0);
		expect(refundsPaid(r.returnId)).toBe(0);
	});

	it('one SKU, unit 0 refunded on day 1, unit 1 exchanged on day 3 (each POSTed three times at once): one credit note refunded once, one replacement unit', async () => {
		const r = storefrontReturn(2);
		const replacement = `${r.receipts[0].sku}-NEW`;
		setStock(centra.state, 'MAIN', replacement, 10);
		signalExchange(r, 1, replacement);
		const calls = centra.state.refundCalls;
		for (const receipt of r.receipts)
			await Promise.all([0, 1, 2].map(() => post([receipt], exchangeAtReceipt())));
		expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 1,
			unitPriceMinor: 1500,
			refundCallsBefore: calls,
			unitsPerNote: [1],
		});
		expect(replacementUnits(r.returnId, replacement)).toBe(1);
	});

	it('ordered for as a whole at the drop-off by an earlier version: the unit whose drop-off it covered gets nothing more at receipt; a unit not dropped off through 02 gets its own order, once', async () => {
		const r = storefrontReturn(2);
		const replacement = `${r.receipts[0].sku}-NEW`;
		setStock(centra.state, 'MAIN', replacement, 10);
		for (const unit of [0, 1]) signalExchange(r, unit, replacement);
		await wholeReturnOrder(centra, tables, { ...r, replacementSku: replacement }, 'processed');
		tables.insert('Returns Event Ledger', {
			eventId: `drop-${r.number}-0`,
			eventType: 'return.dropped_off',
			returnId: r.returnId,
			orderNumber: String(r.number),
			channel: 'storefront',
			sku: r.receipts[0].sku,
			unit: '0',
			status: 'processed',
		} as never);
		const template = atReceipt({ exchangeOrderAt: 'drop-off', exchangeCountry: 'SE' });
		await Promise.all([0, 1, 2].map(() => post(r.receipts, template)));
		expect(replacementUnits(r.returnId, replacement)).toBe(2);
		expect(
			tables
				.rows('Returns Event Ledger')
				.filter((row) => String(row.eventId).startsWith(`centra-exchange:${r.number}:`))
				.map((row) => row.eventId),
		).toEqual([
			`centra-exchange:${r.number}:${r.returnId}`,
			`centra-exchange:${r.number}:${r.returnId}#unit:${r.receipts[0].sku}.1`,
		]);
	});

	it('ordered for as a whole at receipt by an earlier version: a unit received after it gets its own order; while that order is unfinished, none', async () => {
		for (const claim of ['processed', 'claimed'] as const) {
			const r = storefrontReturn(2);
			const replacement = `${r.receipts[0].sku}-NEW`;
			setStock(centra.state, 'MAIN', replacement, 10);
			for (const unit of [0, 1]) signalExchange(r, unit, replacement);
			await wholeReturnOrder(centra, tables, { ...r, replacementSku: replacement }, claim);
			await Promise.all([0, 1, 2].map(() => post([r.receipts[1]], exchangeAtReceipt())));
			expect(replacementUnits(r.returnId, replacement)).toBe(claim === 'processed' ? 2 : 1);
		}
	});

	it('a mixed return at receipt (one SKU exchanged, the other refunded): the exchanged unit gets the replacement order, the other a credit note refunded once, never both for one unit, under three POSTs at once', async () => {
		const number = ++nextOrder;
		const [kept, swapped] = [`MIX-${number}-KEEP`, `MIX-${number}-SWAP`];
		addShippedOrder(centra.state, {
			number,
			lines: [
				{ sku: kept, quantity: 1, unitPriceMinor: 1500 },
				{ sku: swapped, quantity: 1, unitPriceMinor: 2000 },
			],
		});
		for (const sku of [kept, swapped]) setStock(centra.state, 'TRANSIT', sku, 5);
		setStock(centra.state, 'TRANSIT', 'MIX-REPLACEMENT', 5);
		const returnId = `ret-${number}`;
		const mixed = [kept, swapped].map((sku) => ({
			returnId,
			orderNumber: String(number),
			sku,
			unit: 0,
			disposition: 'sellable',
			bagBarcode: `BAG-${number}`,
			trackingNumber: '1Z4',
		}));
		// Happy Returns marked the second item only as an exchange.
		tables.insert('Returns Event Ledger', {
			eventId: `exchange-${number}`,
			eventType: 'exchange.requested',
			returnId,
			orderNumber: String(number),
			orderId: String(number),
			channel: 'storefront',
			sku: swapped,
			unit: '0',
			status: 'received',
			payload: JSON.stringify({
				replacementSku: 'MIX-REPLACEMENT',
				email: `c${number}@example.com`,
				item: {},
			}),
		} as never);
		const template = atReceipt({ exchangeOrderAt: 'receipt', exchangeCountry: 'SE' });
		const orders = centra.state.restOrders.length;
		await Promise.all([0, 1, 2].map(() => post(mixed, template)));
		expectKeptUnitCreditedAndOneReplacement(centra.state, returnId, {
			kept,
			replacementSku: 'MIX-REPLACEMENT',
			restOrdersBefore: orders,
		});
	});

	it('is authenticated by default: without the header, or with a wrong value, the POST is refused with 403 and nothing starts', async () => {
		const webhookNode = json.nodes.find((n) => n.name === 'Warehouse receipt')!;
		expect(webhookNode.parameters.authentication).toBe('headerAuth');
		for (const header of [
			{},
			{ [RECEIPTS_HEADER.name]: `${RECEIPTS_HEADER.value}x` },
			{ 'X-Other': RECEIPTS_HEADER.value },
		]) {
			const hook = await callWebhook({
				type: webhookNode.type,
				parameters: webhookNode.parameters,
				body: JSON.stringify({ receipts }),
				...receiptsAuth(header),
			});
			expect(hook.recorded.statusCode).toBe(403);
			expect(hook.response.workflowData).toBeUndefined();
		}
		const accepted = await callWebhook({
			type: webhookNode.type,
			parameters: webhookNode.parameters,
			body: JSON.stringify({ receipts }),
			...receiptsAuth(),
		});
		expect(accepted.recorded.statusCode).toBe(200);
		expect(accepted.response.workflowData?.[0]).toHaveLength(1);
	});
});
