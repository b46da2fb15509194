/**
 * Concurrent Happy Returns deliveries in a real n8n (2.40.7, SQLite), through template 01 and the
 * drop-off template it calls. n8n loads a workflow's static data per execution and writes it back
 * afterwards, so the trigger's memory of recent deliveries cannot stop two executions started at
 * once; the template's claim in the Event Ledger must. Two halves of one scenario:
 * - every notice of the first half delivered three times at once (what a sender's retry storm or
 *   a load balancer does);
 * - every notice of the second half, and every hub shipment notice, delivered all at once.
 * Then each dropped-off unit moved into transit exactly once, each event has one ledger row, one
 * note per order and one credit per storefront return. Asserted on n8n's Data Tables and the
 * Centra sandbox's ledger.
 */
import { createHmac } from 'crypto';
import {
	DEFAULT_MAPPING,
	toCanonicalEvents,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import { startDemo, type Demo } from '../../scripts/realN8n/demo';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import { post, settle, tableRows } from './client';

// Not the port of the templates suite, so both can run on one machine.
const PORT = Number(process.env.RR_N8N_CONCURRENCY_PORT ?? 5697);
const INTAKE_PATH = '/webhook/5b8e6f0e-0001-4d6c-9a55-000000000001/happy-returns';

let demo: Demo;

const sign = (body: string) =>
	createHmac('sha256', demo.sandboxes.webhookSecret).update(body).digest('hex');

/** The return a return or label notice is about; shipment notices span returns. */
function returnOf(webhook: WebhookBody): string | undefined {
	if (webhook.type === 'outbound_shipment.asn') return undefined;
	const body = JSON.parse(webhook.body) as {
		happyReturnsReturnID?: string;
		items?: Array<{ happyReturnsReturnID?: string }>;
	};
	return body.happyReturnsReturnID ?? body.items?.[0]?.happyReturnsReturnID;
}

async function deliver(webhook: WebhookBody): Promise<number> {
	const response = await post(`${demo.n8n.url}${INTAKE_PATH}`, webhook.body, {
		'x-hr-signature': sign(webhook.body),
	});
	return response.status;
}

/**
 * The drop-off events the notices carry, one per unit (as primary event or batched in
 * `otherEvents`), by the trigger's own mapping with the template's default options.
 */
function droppedOffIds(webhooks: WebhookBody[]): Set<string> {
	return new Set(
		webhooks
			.flatMap((w) => toCanonicalEvents(JSON.parse(w.body), DEFAULT_MAPPING, '', ''))
			.filter((e) => e.eventType === 'return.dropped_off')
			.map((e) => e.eventId),
	);
}

beforeAll(async () => {
	// A shared machine can take minutes to bring n8n to readiness.
	demo = await startDemo({
		port: PORT,
		seed: 11,
		returns: 10,
		rates: {},
		startTimeoutMs: 600_000,
	});
}, 1_500_000);

afterAll(async () => {
	await demo?.close();
	demo?.n8n.removeUserFolder();
});

describe('concurrent deliveries through template 01 in a real n8n', () => {
	it('moves each unit once and keeps one ledger row per event, under duplicates and bursts at once', async () => {
		const byTime = [...demo.webhooks].sort((a, b) => a.at - b.at);
		const returnIds = [...new Set(byTime.map(returnOf).filter((id): id is string => !!id))];
		expect(returnIds.length).toBeGreaterThanOrEqual(4);
		const firstHalf = new Set(returnIds.filter((_, index) => index % 2 === 0));
		const tripled = byTime.filter((w) => firstHalf.has(returnOf(w) ?? ''));
		const burst = byTime.filter((w) => !firstHalf.has(returnOf(w) ?? ''));
		expect(droppedOffIds(tripled).size).toBeGreaterThan(0);
		expect(droppedOffIds(burst).size).toBeGreaterThan(0);
		const expectedDrops = droppedOffIds(byTime);

		// The same notice three times at once, notice after notice.
		for (const webhook of tripled) {
			const statuses = await Promise.all([deliver(webhook), deliver(webhook), deliver(webhook)]);
			expect(statuses).toEqual([200, 200, 200]);
		}
		// Different notices all at once.
		expect(new Set(await Promise.all(burst.map(deliver)))).toEqual(new Set([200]));
		const list = await settle(demo.n8n);
		expect(list.filter((e) => e.status !== 'success')).toEqual([]);

		const ledger = await tableRows(demo.n8n, demo.dataTableIds['Returns Event Ledger']);
		expect(ledger.length).toBeGreaterThan(0);
		expect(new Set(ledger.map((r) => r.eventId)).size).toBe(ledger.length);
		const dropped = ledger.filter((r) => r.eventType === 'return.dropped_off');
		expect(new Set(dropped.map((r) => r.eventId))).toEqual(expectedDrops);

		const centra = demo.sandboxes.centra.state;
		// The units of one return move in one stock change (its comment lists each unit's reference):
		// each dropped-off unit is moved once.
		const moved = centra.stockChanges.filter((c) => c.warehouse.name === 'In transit');
		const unitRefs = moved.flatMap((c) => c.comment.split('; '));
		expect(unitRefs).toHaveLength(expectedDrops.size);
		expect(new Set(unitRefs).size).toBe(unitRefs.length);
		expect(
			moved.reduce((sum, c) => sum + c.lines.reduce((n, l) => n + l.deliveredQuantity, 0), 0),
		).toBe(expectedDrops.size);
		// 00 ships `orderNotes: first-scan`: one "in transit" note per order with a drop-off (claimed
		// in the ledger, so drop-offs of one order at once write it once), none on the others.
		const droppedOrders = new Set(
			demo.scenario.returnEvents
				.filter((e) => e.status === 'dropped_off')
				.map((e) => String(e.orderNumber)),
		);
		for (const order of demo.scenario.orders)
			expect(centra.notesOf(Number(order.orderNumber))).toEqual(
				droppedOrders.has(String(order.orderNumber))
					? ['Return in transit (Happy Returns first scan)']
					: [],
			);
		const amazonOrders = new Set(
			demo.scenario.orders.filter((o) => o.aliases).map((o) => String(o.orderNumber)),
		);
		for (const event of demo.scenario.returnEvents)
			expect(centra.returnsByExternalId(String(event.returnId))).toHaveLength(
				amazonOrders.has(String(event.orderNumber)) ? 0 : 1,
			);
	});

	it('a second burst of everything at once moves nothing and records no new event', async () => {
		const centra = demo.sandboxes.centra.state;
		const ledgerBefore = await tableRows(demo.n8n, demo.dataTableIds['Returns Event Ledger']);
		const before = { changes: centra.stockChanges.length, returns: centra.returns.length };
		expect(new Set(await Promise.all(demo.webhooks.map(deliver)))).toEqual(new Set([200]));
		expect((await settle(demo.n8n)).filter((e) => e.status !== 'success')).toEqual([]);
		expect(centra.stockChanges).toHaveLength(before.changes);
		expect(centra.returns).toHaveLength(before.returns);
		// The same events, and no new row: every repeated claim was removed again. (The extra claim
		// rows seen here before were claims of executions still running: n8n's public API lists
		// running executions only when asked for them, and the wait did not ask.)
		const ledgerAfter = await tableRows(demo.n8n, demo.dataTableIds['Returns Event Ledger']);
		expect(new Set(ledgerAfter.map((r) => r.eventId))).toEqual(
			new Set(ledgerBefore.map((r) => r.eventId)),
		);
		expect(ledgerAfter).toHaveLength(ledgerBefore.length);
	});
});
