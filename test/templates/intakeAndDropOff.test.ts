/**
 * Templates 01 (intake) and 02 (Return Bar drop-off) executed end to end through the harness:
 * signed Happy Returns deliveries from the sandbox go through the real trigger, the real Set,
 * Switch, If, Execute Workflow and Data Table nodes of n8n-nodes-base (Data Tables in memory), and
 * this package's nodes against the Centra and Amazon sandboxes. Asserted on the sandbox ledgers.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { callWebhook, runWorkflow, type InMemoryDataTables, type RunResult } from '../../harness';
import { deliverNotices } from '../../harness/noticeDeliveries';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import { addScenarioOrders, loadScenario } from '../../sandbox/scenario/load';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { happyReturnsIdOf } from '../../nodes/Centra/logic/returnFamily';
import {
	expectKeptUnitCreditedAndOneReplacement,
	replacementUnitsOf,
	wholeReturnOrder,
} from './exchanges';
import { expectEachUnitPaidOnce, refundsPaid as refundsPaidOn } from './paidOnce';
import { recordDropOffs, type DropOff } from './dropOffLedger';

// Whole template runs against the sandboxes; on a shared machine they can take minutes.
jest.setTimeout(300_000);

const SECRET = 'template-test-secret';

describe('templates 01 + 02 end to end', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let scenario: Scenario;
	let bodies: WebhookBody[];
	let tables: InMemoryDataTables;
	const intake = loadTemplate('01-happy-returns-intake.json');
	// Notes on at every milestone: this suite checks each note is added once.
	const dropOff = withSettings(loadTemplate('02-return-bar-drop-off.json'), {
		inTransitWarehouse: 'TRANSIT',
		orderNotes: 'every-milestone',
	});

	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes();
		centra = sandboxes.centra;
		scenario = generateScenario({
			seed: 21,
			returns: 12,
			asOf: new Date().toISOString(),
			rates: {},
		});
		bodies = loadScenario(scenario, { amazon: sandboxes.amazon });
		warehouse(centra.state, 'TRANSIT');
		addScenarioOrders(centra.state, scenario);
		tables = templateTables();
	});
	afterAll(async () => sandboxes.close());

	const credentials = () => sandboxes.credentials({ webhookSecret: SECRET, centraOrderApi: false });

	async function deliverAll(staticData: IDataObject) {
		const runs: RunResult[] = [];
		await deliverNotices(
			bodies,
			{ secret: SECRET, credentials: credentials(), staticData },
			async (items) => {
				if (items.length === 0) return;
				const run = await runWorkflow(intake, {
					triggerItems: items,
					mode: 'webhook',
					credentials: credentials(),
					dataTables: tables,
					workflows: { [dropOff.id]: dropOff },
				});
				if (run.status !== 'success')
					throw new Error(
						`intake failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message} ${run.error?.description ?? ''}`,
					);
				runs.push(run);
			},
		);
		return runs;
	}

	it('records every event once, moves each dropped-off unit into transit once, notes once, credits once per return', async () => {
		const staticData: IDataObject = {};
		const runs = await deliverAll(staticData);
		expect(runs.length).toBeGreaterThan(0);
		const ledger = tables.rows('Returns Event Ledger');
		expect(new Set(ledger.map((r) => r.eventId)).size).toBe(ledger.length);
		const dropped = ledger.filter((r) => r.eventType === 'return.dropped_off');
		expect(dropped).toHaveLength(scenario.returnEvents.length / 2);
		expect(
			dropped.every((r) => r.status === 'processed' || r.status === 'processed_amazon_refunded'),
		).toBe(true);
		// Each unit moved into the in-transit warehouse exactly once; the units of one notice share
		// one stock change (one mutation), whose comment lists each unit's reference.
		const changes = centra.state.stockChanges.filter((c) => c.warehouse.name === 'TRANSIT');
		const moved = changes.flatMap((c) => c.comment.split('; '));
		expect(moved).toHaveLength(dropped.length);
		expect(new Set(moved).size).toBe(moved.length);
		const returnsOf = (comment: string) => new Set(comment.split('; ').map((r) => r.split(' ')[1]));
		expect(changes.every((c) => returnsOf(c.comment).size === 1)).toBe(true);
		// One "in transit" note per order, one credit note per Happy Returns id of a storefront order.
		const returnIds = [...new Set(scenario.returnEvents.map((e) => String(e.returnId)))];
		for (const order of scenario.orders)
			expect(centra.state.notesOf(Number(order.orderNumber))).toEqual([
				'Return in transit (Happy Returns first scan)',
			]);
		const amazonOrders = new Set(
			scenario.orders.filter((o) => o.aliases).map((o) => String(o.orderNumber)),
		);
		const storefrontReturns = returnIds.filter(
			(id) =>
				!amazonOrders.has(
					String(scenario.returnEvents.find((e) => e.returnId === id)!.orderNumber),
				),
		);
		for (const id of storefrontReturns)
			expect(centra.state.returnsByExternalId(id)).toHaveLength(1);
		// Amazon already refunded those orders: no second refund or credit is created.
		for (const id of returnIds.filter((r) => !storefrontReturns.includes(r)))
			expect(centra.state.returnsByExternalId(id)).toHaveLength(0);
		expect(
			new Set(
				dropped.filter((r) => r.status === 'processed_amazon_refunded').map((r) => r.returnId),
			).size,
		).toBe(returnIds.length - storefrontReturns.length);
	});

	it('an Amazon order Amazon has not refunded yet gets no Centra credit note: its answer is recorded', async () => {
		// Amazon is the refund master for its orders: whatever Amazon answers, 02 never credits in
		// Centra, so a refund that posts later cannot become a second one.
		const order = scenario.orders[0];
		const event = {
			eventId: 'e-amazon-unrefunded',
			eventType: 'return.dropped_off',
			returnId: 'ret-amazon-unrefunded',
			orderNumber: String(order.orderNumber),
			orderId: '114-0000000-0000999', // an Amazon order id with no refund posted
			sku: String(order.sku),
			unitIndex: 0,
			unitRef: 'line-1.0',
			receivedAt: new Date().toISOString(),
		};
		tables.insert('Returns Event Ledger', {
			eventId: event.eventId,
			eventType: event.eventType,
			returnId: event.returnId,
			orderNumber: event.orderNumber,
			orderId: event.orderId,
			sku: event.sku,
			unit: '0',
			status: 'received',
			receivedAt: event.receivedAt,
		} as never);
		const run = await runWorkflow(dropOff, {
			triggerItems: [{ json: event }],
			credentials: credentials(),
			dataTables: tables,
		});
		expect(run.status).toBe('success');
		expect(centra.state.returnsByExternalId(event.returnId)).toHaveLength(0);
		const row = tables.rows('Returns Event Ledger').find((r) => r.eventId === event.eventId);
		// Inside the posting lag since the drop-off: not yet known, and the nightly run waits.
		expect(row?.status).toBe('processed_amazon_not_yet_known');
	});

	it('moves two units of one SKU on two order lines, both unit 0, into transit once each, also when replayed', async () => {
		// The stock reference names the unit by its unitRef (order line + unit), so two physical
		// units never share a reference, and the ledger keeps unitRef for 08 to replay with.
		const order = scenario.orders[0];
		const events = ['L1.0', 'L2.0'].map((unitRef) => ({
			eventId: `e-two-lines-${unitRef}`,
			eventType: 'return.dropped_off',
			returnId: 'ret-two-lines',
			orderNumber: String(order.orderNumber),
			orderId: '114-0000000-0000998',
			sku: String(order.sku),
			unitIndex: 0,
			unitRef,
			receivedAt: new Date().toISOString(),
		}));
		// Both units are in one stock change (one mutation): its comment lists both references.
		const changes = () =>
			centra.state.stockChanges.filter(
				(c) => c.warehouse.name === 'TRANSIT' && String(c.comment).includes('ret-two-lines'),
			);
		const moves = () => changes().flatMap((c) => c.comment.split('; '));
		const units = () =>
			changes()
				.flatMap((c) => c.lines)
				.reduce((sum, l) => sum + l.deliveredQuantity, 0);
		for (let round = 0; round < 2; round++) {
			const run = await runWorkflow(dropOff, {
				triggerItems: events.map((json) => ({ json })),
				credentials: credentials(),
				dataTables: tables,
			});
			expect(run.status).toBe('success');
			expect(moves()).toHaveLength(2);
			expect(units()).toBe(2);
			expect(changes()).toHaveLength(1);
		}
		expect(moves().sort()).toEqual([
			expect.stringContaining('uL1.0'),
			expect.stringContaining('uL2.0'),
		]);
	});

	it('a drop-off without an order number moves no stock, credits nothing and is registered, not failed', async () => {
		const event = {
			eventId: 'e-no-order',
			eventType: 'return.dropped_off',
			returnId: 'ret-no-order',
			orderNumber: '',
			orderId: '',
			sku: String(scenario.orders[0].sku),
			unitIndex: 0,
			unitRef: 'L9.0',
			receivedAt: new Date().toISOString(),
		};
		tables.insert('Returns Event Ledger', {
			eventId: event.eventId,
			eventType: event.eventType,
			returnId: event.returnId,
			sku: event.sku,
			unit: '0',
			status: 'received',
			receivedAt: event.receivedAt,
		} as never);
		const changes = centra.state.stockChanges.length;
		const run = await runWorkflow(dropOff, {
			triggerItems: [{ json: event }],
			credentials: credentials(),
			dataTables: tables,
		});
		expect(run.status).toBe('success');
		expect(centra.state.stockChanges).toHaveLength(changes);
		expect(centra.state.returnsByExternalId(event.returnId)).toHaveLength(0);
		expect(
			tables
				.rows('Exception Register')
				.filter((r) => r.returnId === event.returnId)
				.map((r) => [r.type, r.status]),
		).toEqual([['scan_without_order', 'open']]);
		expect(
			tables.rows('Returns Event Ledger').find((r) => r.eventId === event.eventId)?.status,
		).toBe('exception');
	});

	it('a second delivery of everything writes nothing new', async () => {
		const before = {
			changes: centra.state.stockChanges.length,
			returns: centra.state.returns.length,
			ledger: tables.rows('Returns Event Ledger').length,
			notes: scenario.orders.map((o) => centra.state.notesOf(Number(o.orderNumber)).length),
		};
		await deliverAll({});
		expect(centra.state.stockChanges).toHaveLength(before.changes);
		expect(centra.state.returns).toHaveLength(before.returns);
		expect(tables.rows('Returns Event Ledger')).toHaveLength(before.ledger);
		expect(scenario.orders.map((o) => centra.state.notesOf(Number(o.orderNumber)).length)).toEqual(
			before.notes,
		);
	});
});

/**
 * Template 02's refund and exchange policy, called as 01 and 08 call it: storefront credit notes
 * are refunded by Centra once each behind a claim in the ledger, exchanges are never credited and
 * get their replacement order at the chosen milestone, and Amazon's "not yet known" is asked again.
 */
describe('template 02: storefront refunds, exchanges at drop-off, Amazon posting lag', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let scenario: Scenario;
	let nextOrder = 7000;

	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes();
		centra = sandboxes.centra;
		scenario = generateScenario({
			seed: 21,
			returns: 12,
			asOf: new Date().toISOString(),
			rates: {},
		});
		loadScenario(scenario, { amazon: sandboxes.amazon });
		warehouse(centra.state, 'TRANSIT');
		// The replacement an exchange asks for is in the catalogue.
		setStock(centra.state, 'TRANSIT', 'TEE-EXCHANGE-L', 10);
	});
	afterAll(async () => sandboxes.close());

	const credentials = () => sandboxes.credentials();
	const dropOffWith = (values: Record<string, unknown> = {}) =>
		withSettings(loadTemplate('02-return-bar-drop-off.json'), {
			inTransitWarehouse: 'TRANSIT',
			orderNotes: 'every-milestone',
			...values,
		});

	/** Happy Returns' exchange signal for one dropped-off unit, as 01 records it (per unit). */
	function recordExchange(tables: InMemoryDataTables, unit: DropOff, replacementSku: string) {
		tables.insert('Returns Event Ledger', {
			eventId: `exchange-${unit.orderNumber}-${unit.sku}-${unit.unitIndex}`,
			eventType: 'exchange.requested',
			returnId: unit.returnId,
			orderNumber: unit.orderNumber,
			orderId: unit.orderId,
			channel: 'storefront',
			sku: unit.sku,
			unit: String(unit.unitIndex),
			unitRef: unit.unitRef,
			status: 'received',
			receivedAt: unit.receivedAt,
			payload: JSON.stringify({ replacementSku, email: unit.email, item: {} }),
		} as never);
	}

	/** A shipped storefront order with `units` of one SKU, and their drop-offs recorded as 01 records them. */
	function storefrontReturn(tables: InMemoryDataTables, units: number, exchangeSku = '') {
		const number = ++nextOrder;
		const sku = `TEE-${number}`;
		addShippedOrder(centra.state, {
			number,
			lines: [{ sku, quantity: units, unitPriceMinor: 2500 }],
		});
		const returnId = `ret-${number}`;
		const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
		const events = Array.from({ length: units }, (_, unit) => ({
			eventId: `drop-${number}-${unit}`,
			eventType: 'return.dropped_off',
			returnId,
			orderNumber: String(number),
			orderId: String(number),
			sku,
			unitIndex: unit,
			unitRef: `L1.${unit}`,
			email: `customer${number}@example.com`,
			receivedAt,
		}));
		recordDropOffs(tables, events);
		if (exchangeSku) for (const e of events) recordExchange(tables, e, exchangeSku);
		return { number, sku, returnId, events };
	}

	const refundsPaid = (returnId: string) => refundsPaidOn(centra.state, returnId);
	/** The credit notes of a Happy Returns return: the first and any further ones (later units). */
	const family = (returnId: string) =>
		centra.state.returns.filter((x) => happyReturnsIdOf(x.externalId) === returnId);
	const ledger = (tables: InMemoryDataTables, returnId: string) =>
		tables.rows('Returns Event Ledger').filter((r) => r.returnId === returnId);
	const dropOffStatuses = (tables: InMemoryDataTables, returnId: string) =>
		ledger(tables, returnId)
			.filter((x) => x.eventType === 'return.dropped_off')
			.map((x) => x.status);

	async function run(
		json: Template,
		tables: InMemoryDataTables,
		events: IDataObject[],
		expected: 'success' | 'error' = 'success',
	) {
		const result = await runWorkflow(json, {
			triggerItems: events.map((e) => ({ json: e })),
			credentials: credentials(),
			dataTables: tables,
		});
		if (result.status !== expected)
			throw new Error(
				`expected ${expected}, got ${result.status} at ${result.run.data.resultData.lastNodeExecuted}: ${result.error?.message}`,
			);
		return result;
	}

	const expectAllSucceeded = (statuses: unknown[]) =>
		expect(statuses).toEqual(statuses.map(() => 'success'));

	/** Executions of `json` started at once, one per batch of drop-offs: their statuses. */
	async function runAtOnce(json: Template, tables: InMemoryDataTables, batches: IDataObject[][]) {
		const results = await Promise.all(
			batches.map((events) =>
				runWorkflow(json, {
					triggerItems: events.map((e) => ({ json: e })),
					credentials: credentials(),
					dataTables: tables,
				}),
			),
		);
		return results.map((x) => x.status);
	}

	it('first-scan: two units of one return get one credit note, refunded by Centra once; every drop-off is processed', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		const calls = centra.state.refundCalls;
		await run(dropOffWith({ storefrontRefundAt: 'first-scan' }), tables, r.events);
		expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(1);
		expect(
			centra.state.returnsByExternalId(r.returnId)[0].lines.reduce((s, l) => s + l.quantity, 0),
		).toBe(2);
		expect(refundsPaid(r.returnId)).toBe(1);
		expect(centra.state.refundCalls - calls).toBe(1);
		const rows = ledger(tables, r.returnId);
		expect(rows.filter((x) => x.eventType === 'return.dropped_off').map((x) => x.status)).toEqual([
			'processed',
			'processed',
		]);
		expect(rows.filter((x) => x.eventType === 'centra.refund').map((x) => x.status)).toEqual([
			'processed',
		]);
		// Delivered again: found refunded, nothing paid, no second claim row.
		await run(dropOffWith({ storefrontRefundAt: 'first-scan' }), tables, r.events);
		expect(refundsPaid(r.returnId)).toBe(1);
		expect(centra.state.refundCalls - calls).toBe(1);
		expect(ledger(tables, r.returnId).filter((x) => x.eventType === 'centra.refund')).toHaveLength(
			1,
		);
	});

	it('first-scan: two units of one return dropped off in two executions at once are refunded once', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		const calls = centra.state.refundCalls;
		const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
		const statuses = await runAtOnce(
			template,
			tables,
			r.events.map((event) => [event]),
		);
		expect(statuses).toEqual(['success', 'success']);
		// Each unit on exactly one credit note (one, or the first and a further one, as the two
		// executions interleave), each credit note refunded once: both units' prices, to the cent.
		expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 2500,
			refundCallsBefore: calls,
		});
		expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed', 'processed']);
	});

	it('first-scan: unit 1 dropped off on day 1, unit 2 on day 3: two credit notes, each refunded once, the total both units to the cent; unit 1 again afterwards writes nothing', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		const calls = centra.state.refundCalls;
		const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
		await run(template, tables, [r.events[0]]);
		await run(template, tables, [r.events[1]]);
		const notes = expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 2500,
			refundCallsBefore: calls,
			unitsPerNote: [1, 1],
		});
		expect(notes.map((n) => n.externalId)).toEqual([r.returnId, `${r.returnId}#unit:${r.sku}.1`]);
		// One refund claim per credit note, keyed by the Centra return id.
		expect(
			ledger(tables, r.returnId)
				.filter((x) => x.eventType === 'centra.refund')
				.map((x) => [x.eventId, x.status]),
		).toEqual(notes.map((n) => [`centra-refund:${n.id}`, 'processed']));
		expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed', 'processed']);
		const returns = centra.state.returns.length;
		await run(template, tables, [r.events[0]]);
		await run(template, tables, r.events);
		expect(centra.state.returns).toHaveLength(returns);
		expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 2500,
			refundCallsBefore: calls,
			unitsPerNote: [1, 1],
		});
	});

	it('first-scan: unit 1 delivered three times at once on day 1, unit 2 three times at once on day 3: two credit notes, each refunded once, the total both units to the cent', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		const calls = centra.state.refundCalls;
		const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
		for (const event of r.events) {
			expectAllSucceeded(await runAtOnce(template, tables, [[event], [event], [event]]));
		}
		expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 2500,
			refundCallsBefore: calls,
			unitsPerNote: [1, 1],
		});
		expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed', 'processed']);
	});

	it('first-scan: unit 1 on day 1, then unit 2 delivered in three executions at once (and unit 1 with it): the further credit note is made and refunded once', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		const calls = centra.state.refundCalls;
		const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
		await run(template, tables, [r.events[0]]);
		expectAllSucceeded(await runAtOnce(template, tables, [[r.events[1]], [r.events[1]], r.events]));
		expectEachUnitPaidOnce(centra.state, r.returnId, {
			units: 2,
			unitPriceMinor: 2500,
			refundCallsBefore: calls,
			unitsPerNote: [1, 1],
		});
		expect(
			ledger(tables, r.returnId)
				.filter((x) => x.eventType === 'centra.refund')
				.map((x) => x.status),
		).toEqual(['processed', 'processed']);
	});

	it('order notes are a setting: "none" adds no note; "every-milestone" one per order at the first scan', async () => {
		const shipped = withSettings(loadTemplate('02-return-bar-drop-off.json'), {
			inTransitWarehouse: 'TRANSIT',
			orderNotes: 'none',
		});
		const notesBefore = centra.mutationCalls.addOrderNote ?? 0;
		const tables = templateTables();
		const r = storefrontReturn(tables, 2);
		await run(shipped, tables, r.events);
		expect(centra.state.notesOf(r.number)).toEqual([]);
		expect(centra.mutationCalls.addOrderNote ?? 0).toBe(notesBefore);
		// The drop-off itself still happened: stock moved, credited and refunded once.
		expect(refundsPaid(r.returnId)).toBe(1);
		const noted = templateTables();
		const n = storefrontReturn(noted, 2);
		await run(dropOffWith(), noted, n.events);
		expect(centra.state.notesOf(n.number)).toEqual([
			'Return in transit (Happy Returns first scan)',
		]);
	});

	it('receipt: the drop-off moves stock and notes, but neither credits nor refunds', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 1);
		const calls = centra.state.refundCalls;
		await run(dropOffWith({ storefrontRefundAt: 'receipt' }), tables, r.events);
		expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(0);
		expect(centra.state.refundCalls).toBe(calls);
		expect(ledger(tables, r.returnId).map((x) => x.status)).toEqual(['processed']);
	});

	it('the same drop-off in three executions at once is refunded once; without the claim it is refunded three times', async () => {
		for (const claimed of [true, false]) {
			const tables = templateTables();
			const r = storefrontReturn(tables, 1);
			const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
			const calls = centra.state.refundCalls;
			// Every execution reads the credit note as unrefunded before any refund is written.
			centra.holdUntilAll('RefundReturn', claimed ? 1 : 3);
			const statuses = await runAtOnce(claimed ? template : withoutClaim(template), tables, [
				r.events,
				r.events,
				r.events,
			]);
			if (claimed) {
				expectAllSucceeded(statuses);
				expect(centra.state.refundCalls - calls).toBe(1);
				expect(refundsPaid(r.returnId)).toBe(1);
				expect(ledger(tables, r.returnId).map((x) => x.status)).toEqual(['processed', 'processed']);
			} else expect(centra.state.refundCalls - calls).toBe(3);
		}
	});

	it('a refund Centra declines fails the drop-off; 08 replays it, re-reads the credit note and pays once', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 1);
		const template = dropOffWith({ storefrontRefundAt: 'first-scan' });
		centra.state.declineNextRefunds = 1;
		const failed = await run(template, tables, r.events, 'error');
		expect(failed.error?.message).toContain('did not refund');
		expect(refundsPaid(r.returnId)).toBe(0);
		expect(ledger(tables, r.returnId).map((x) => [x.eventType, x.status])).toEqual([
			['return.dropped_off', 'received'],
			['centra.refund', 'claimed'],
		]);
		for (let round = 0; round < 2; round++) {
			const replayed = await runWorkflow(
				withSettings(loadTemplate('08-replay.json'), { replayAfterMinutes: 0 }),
				{ credentials: credentials(), dataTables: tables, workflows: { [template.id]: template } },
			);
			expect(replayed.status).toBe('success');
		}
		expect(refundsPaid(r.returnId)).toBe(1);
		expect(ledger(tables, r.returnId).map((x) => [x.eventType, x.status])).toEqual([
			['return.dropped_off', 'processed'],
			['centra.refund', 'processed'],
		]);
	});

	it('an exchange is never credited nor refunded; its order is created at the drop-off only when exchangeOrderAt is drop-off, once under concurrent deliveries', async () => {
		for (const at of ['receipt', 'drop-off']) {
			const tables = templateTables();
			const r = storefrontReturn(tables, 1, 'TEE-EXCHANGE-L');
			const orders = centra.state.restOrders.length;
			const template = dropOffWith({
				storefrontRefundAt: 'first-scan',
				exchangeOrderAt: at,
				exchangeCountry: 'SE',
			});
			expectAllSucceeded(await runAtOnce(template, tables, [r.events, r.events, r.events]));
			expect(centra.state.returnsByExternalId(r.returnId)).toHaveLength(0);
			const created = centra.state.restOrders.slice(orders);
			expect(created).toHaveLength(at === 'drop-off' ? 1 : 0);
			if (at === 'drop-off') expect(JSON.stringify(created[0])).toContain('TEE-EXCHANGE-L');
			expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed']);
		}
	});

	it('two units of one SKU exchanged at the drop-off: two replacement units, one order per unit (one unit: one), once under concurrent deliveries', async () => {
		for (const units of [2, 1]) {
			const tables = templateTables();
			const r = storefrontReturn(tables, units, 'TEE-EXCHANGE-L');
			const orders = centra.state.restOrders.length;
			const template = dropOffWith({ exchangeOrderAt: 'drop-off', exchangeCountry: 'SE' });
			expectAllSucceeded(await runAtOnce(template, tables, [r.events, r.events]));
			// Centra's Order API takes the quantity per product line (`qty`).
			const replacementUnits = centra.state.restOrders
				.slice(orders)
				.flatMap((o) => (Array.isArray(o.products) ? o.products : []))
				.reduce(
					(sum, p: { sku?: string; qty?: number }) =>
						sum + (p.sku === 'TEE-EXCHANGE-L' ? Number(p.qty ?? 0) : 0),
					0,
				);
			expect(replacementUnits).toBe(units);
		}
	});

	it('a mixed return (one SKU exchanged, the other refunded): the exchanged unit gets the replacement order and no credit, the other unit a credit note refunded once, under concurrent deliveries', async () => {
		const tables = templateTables();
		const number = ++nextOrder;
		const [kept, swapped] = [`TEE-${number}-KEEP`, `TEE-${number}-SWAP`];
		addShippedOrder(centra.state, {
			number,
			lines: [
				{ sku: kept, quantity: 1, unitPriceMinor: 2500 },
				{ sku: swapped, quantity: 1, unitPriceMinor: 3000 },
			],
		});
		const returnId = `ret-${number}`;
		const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
		const events = [kept, swapped].map((sku, unit) => ({
			eventId: `drop-${number}-${unit}`,
			eventType: 'return.dropped_off',
			returnId,
			orderNumber: String(number),
			orderId: String(number),
			sku,
			unitIndex: 0,
			unitRef: `L${unit + 1}.0`,
			email: `customer${number}@example.com`,
			receivedAt,
		}));
		recordDropOffs(tables, events);
		// Happy Returns marks the second item only as an exchange.
		recordExchange(tables, events[1], 'TEE-EXCHANGE-L');
		const orders = centra.state.restOrders.length;
		const template = dropOffWith({
			storefrontRefundAt: 'first-scan',
			exchangeOrderAt: 'drop-off',
			exchangeCountry: 'SE',
		});
		expectAllSucceeded(await runAtOnce(template, tables, [events, events, events]));
		// Credited: the kept unit only, never the exchanged one.
		expectKeptUnitCreditedAndOneReplacement(centra.state, returnId, {
			kept,
			replacementSku: 'TEE-EXCHANGE-L',
			restOrdersBefore: orders,
		});
		expect(dropOffStatuses(tables, returnId)).toEqual(['processed', 'processed']);
	});

	it('one SKU, two units, one exchanged and one refunded: the exchanged unit gets a one-unit replacement and no credit, the other a credit note refunded once, under concurrent deliveries, together or on different days', async () => {
		for (const delivery of ['together', 'day by day']) {
			const tables = templateTables();
			const r = storefrontReturn(tables, 2);
			// Happy Returns marks unit 1 only as an exchange; unit 0 is refunded.
			recordExchange(tables, r.events[1], 'TEE-EXCHANGE-L');
			const calls = centra.state.refundCalls;
			if (delivery === 'day by day') await dayByDay(tables, r.events, 3);
			else
				await Promise.all(
					[0, 1, 2].map(() => run(atDropOff(), tables, r.events as unknown as IDataObject[])),
				);
			const notes = expectEachUnitPaidOnce(centra.state, r.returnId, {
				units: 1,
				unitPriceMinor: 2500,
				refundCallsBefore: calls,
				unitsPerNote: [1],
			});
			expect(notes[0].comment).toContain(`[units ${r.sku}.0]`);
			expect(replacementUnits(r.returnId)).toBe(1);
			expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed', 'processed']);
		}
	});

	const replacementUnits = (returnId: string) =>
		replacementUnitsOf(centra.state, returnId, 'TEE-EXCHANGE-L');
	const atDropOff = () =>
		dropOffWith({
			storefrontRefundAt: 'first-scan',
			exchangeOrderAt: 'drop-off',
			exchangeCountry: 'SE',
		});
	/** Each drop-off delivered `times` times at once, one day after the other. */
	async function dayByDay(tables: InMemoryDataTables, events: DropOff[], times: number) {
		for (const event of events) {
			const statuses = await runAtOnce(
				atDropOff(),
				tables,
				Array.from({ length: times }, () => [event]),
			);
			expectAllSucceeded(statuses);
		}
	}

	it('a two-unit exchange whose units are dropped off on different days: one replacement unit each, also when each drop-off is delivered three times at once; nothing credited', async () => {
		for (const times of [1, 3]) {
			const tables = templateTables();
			const r = storefrontReturn(tables, 2, 'TEE-EXCHANGE-L');
			await dayByDay(tables, r.events, times);
			expect(replacementUnits(r.returnId)).toBe(2);
			expect(family(r.returnId)).toHaveLength(0);
			// One claim per unit, each processed.
			expect(
				ledger(tables, r.returnId)
					.filter((x) => x.eventType === 'centra.exchange_order')
					.map((x) => [x.eventId, x.status]),
			).toEqual(
				[0, 1].map((u) => [
					`centra-exchange:${r.number}:${r.returnId}#unit:${r.sku}.${u}`,
					'processed',
				]),
			);
			// Both delivered again, together and at once: nothing more is ordered.
			await Promise.all(
				[0, 1].map(() => run(atDropOff(), tables, r.events as unknown as IDataObject[])),
			);
			expect(replacementUnits(r.returnId)).toBe(2);
		}
	});

	it('a return ordered for as a whole before the upgrade: the unit that order was made for gets no second one when delivered again, a unit dropped off later gets its own, once under three deliveries at once', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 2, 'TEE-EXCHANGE-L');
		await wholeReturnOrder(centra, tables, { ...r, replacementSku: 'TEE-EXCHANGE-L' }, 'processed');
		// The earlier version processed unit 0's drop-off when it made that order.
		for (const row of ledger(tables, r.returnId))
			if (row.eventId === r.events[0].eventId) row.status = 'processed';
		expect(replacementUnits(r.returnId)).toBe(1);
		await run(atDropOff(), tables, [r.events[0] as unknown as IDataObject]);
		expect(replacementUnits(r.returnId)).toBe(1);
		await dayByDay(tables, [r.events[1]], 3);
		expect(replacementUnits(r.returnId)).toBe(2);
		expect(
			ledger(tables, r.returnId)
				.filter((x) => x.eventType === 'centra.exchange_order')
				.map((x) => x.eventId),
		).toEqual([
			`centra-exchange:${r.number}:${r.returnId}`,
			`centra-exchange:${r.number}:${r.returnId}#unit:${r.sku}.1`,
		]);
		expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed', 'processed']);
	});

	it('a whole-return order an earlier version left unfinished (claim not done) is taken to cover the unit replayed after the upgrade: no second order', async () => {
		const tables = templateTables();
		const r = storefrontReturn(tables, 1, 'TEE-EXCHANGE-L');
		await wholeReturnOrder(centra, tables, { ...r, replacementSku: 'TEE-EXCHANGE-L' }, 'claimed');
		await run(atDropOff(), tables, [{ ...r.events[0], replayed: true }]);
		expect(replacementUnits(r.returnId)).toBe(1);
		expect(dropOffStatuses(tables, r.returnId)).toEqual(['processed']);
	});

	it('through 01: a Happy Returns drop-off notice whose item is an exchange records the signal, and 02 creates the replacement at the drop-off without crediting', async () => {
		const tables = templateTables();
		const number = ++nextOrder;
		const sku = `TEE-${number}`;
		addShippedOrder(centra.state, { number, lines: [{ sku, quantity: 1, unitPriceMinor: 2500 }] });
		setStock(centra.state, 'TRANSIT', sku, 5);
		const returnId = `HR-EX-${number}`;
		// A return notice as Happy Returns sends it (return.asn), the item marked as an exchange.
		const body = JSON.stringify({
			event: 'return_status_updated',
			typeID: 'dropped-off',
			retailerID: 'sandbox-retailer',
			otherEvents: [],
			items: [
				{
					happyReturnsItemID: `${returnId}-1`,
					happyReturnsReturnID: returnId,
					happyReturnsExpressCode: 'HRX1',
					email: `customer${number}@example.com`,
					orderNumber: String(number),
					orderID: String(number),
					orderLineItemID: `${number}-1`,
					sku,
					productName: 'Tee',
					labelBarcode: `BAG-${number}`,
					dropoffMethod: 'return-bar',
					refundType: 'exchange',
					exchangeSku: 'TEE-EXCHANGE-L',
				},
			],
		});
		const secret = 'exchange-e2e-secret';
		const trigger = {
			happyReturnsApi: {
				apiKey: 'k',
				retailerId: 'sandbox-retailer',
				baseUrl: 'http://127.0.0.1:1',
				webhookSecret: secret,
			},
		};
		const hook = await callWebhook({
			type: 'happyReturnsTrigger',
			body,
			headers: { 'content-type': 'application/json', ...signatureHeaders(body, secret, 'hex', 0) },
			credentials: trigger,
			nodeCredentials: { happyReturnsApi: 'Happy Returns' },
			staticData: {},
			parameters: { signatureMode: 'hex' },
		});
		const items = hook.response.workflowData?.[0] as INodeExecutionData[];
		expect(items.map((i) => i.json.eventType).sort()).toEqual([
			'exchange.requested',
			'return.dropped_off',
		]);
		const dropOff = dropOffWith({
			storefrontRefundAt: 'first-scan',
			exchangeOrderAt: 'drop-off',
			exchangeCountry: 'SE',
		});
		const orders = centra.state.restOrders.length;
		const result = await runWorkflow(loadTemplate('01-happy-returns-intake.json'), {
			triggerItems: items,
			mode: 'webhook',
			credentials: { ...credentials(), ...trigger },
			dataTables: tables,
			workflows: { [dropOff.id]: dropOff },
		});
		expect(result.status).toBe('success');
		const rows = ledger(tables, returnId);
		const signal = rows.find((r) => r.eventType === 'exchange.requested')!;
		expect(JSON.parse(String(signal.payload)).replacementSku).toBe('TEE-EXCHANGE-L');
		expect(rows.find((r) => r.eventType === 'return.dropped_off')?.status).toBe('processed');
		const created = centra.state.restOrders.slice(orders);
		expect(created).toHaveLength(1);
		expect(JSON.stringify(created[0])).toContain('TEE-EXCHANGE-L');
		expect(centra.state.returnsByExternalId(returnId)).toHaveLength(0);
	});

	it('Amazon orders are never credited by Centra; an answer not yet known is asked again until Amazon knows', async () => {
		const tables = templateTables();
		const refunded = scenario.orders.find((o) => o.aliases)!;
		const longAgo = new Date(Date.now() - 5 * 86_400_000).toISOString();
		const rows = [
			{ eventId: 'amz-refunded', orderId: String(refunded.aliases), receivedAt: longAgo },
			{ eventId: 'amz-never', orderId: '114-0000000-0000997', receivedAt: longAgo },
			{
				eventId: 'amz-recent',
				orderId: '114-0000000-0000996',
				receivedAt: new Date().toISOString(),
			},
		];
		for (const row of rows)
			tables.insert('Returns Event Ledger', {
				...row,
				eventType: 'return.dropped_off',
				returnId: `ret-${row.eventId}`,
				orderNumber: String(refunded.orderNumber),
				channel: 'amazon',
				sku: String(refunded.sku),
				unit: '0',
				status: 'processed_amazon_not_yet_known',
			} as never);
		const returns = centra.state.returns.length;
		const calls = centra.state.refundCalls;
		const template = dropOffWith();
		const result = await runWorkflow(template, {
			startNode: 'Every hour: re-check Amazon',
			credentials: credentials(),
			dataTables: tables,
		});
		expect(result.status).toBe('success');
		const status = (id: string) =>
			tables.rows('Returns Event Ledger').find((r) => r.eventId === id)?.status;
		expect(status('amz-refunded')).toBe('processed_amazon_refunded');
		expect(status('amz-never')).toBe('processed_amazon_not_refunded');
		expect(status('amz-recent')).toBe('processed_amazon_not_yet_known');
		expect(centra.state.returns).toHaveLength(returns);
		expect(centra.state.refundCalls).toBe(calls);
	});
});
