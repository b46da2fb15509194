/**
 * `npm start -- --send-webhooks` sends the day's Happy Returns notifications and then the warehouse
 * receipts of the returns that reached the warehouse (`--hold-receipts` keeps them back), so the
 * first nightly report has received units to match. No n8n is started: the demo's sender posts to
 * a local server that hands each request to the in-process n8n (templates 01, 02 and 03 through
 * the harness) against the sandboxes, as the demo's n8n would run them.
 */
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import {
	deliverNotification,
	deliverReceipts,
	ledgerFacts,
	RECEIPTS_HEADER,
	startReturnsFlow,
	WEBHOOK_SECRET,
	type ReturnsFlow,
} from '../../harness/reliability/returnsFlow';
import {
	scenarioReceipts,
	sendDemoDeliveries,
	type UnitReceipt,
} from '../../scripts/realN8n/deliveries';

/** A stand-in for the demo's n8n: each request runs through the harness before it is answered. */
async function harnessServer(flow: ReturnsFlow) {
	const log: Array<{ path: string; at: number; receipts?: UnitReceipt[] }> = [];
	const read = (req: IncomingMessage) =>
		new Promise<string>((resolve) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		});
	const server: Server = createServer((req, res) => {
		void (async () => {
			const body = await read(req);
			if (req.url === '/intake') {
				log.push({ path: 'intake', at: Date.now() });
				const signature = String(req.headers['x-hr-signature'] ?? '');
				const { status } = await deliverNotification(flow, body, {
					'x-hr-signature': signature,
				});
				res.writeHead(status).end();
			} else if (req.url === '/receipts') {
				const receipts = (JSON.parse(body) as { receipts: UnitReceipt[] }).receipts;
				log.push({ path: 'receipts', at: Date.now(), receipts });
				if (req.headers[RECEIPTS_HEADER.name.toLowerCase()] !== RECEIPTS_HEADER.value) {
					res.writeHead(403).end();
					return;
				}
				const delivery = await deliverReceipts(flow, receipts);
				res.writeHead(delivery === 'started' ? 200 : 500).end();
			} else res.writeHead(404).end();
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { base, log, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('sending the day to n8n (in-process, templates 01, 02 and 03)', () => {
	const send = async (holdReceipts: boolean) => {
		const flow = await startReturnsFlow(4, 7);
		const server = await harnessServer(flow);
		let settled = 0;
		try {
			const result = await sendDemoDeliveries({
				intakeUrl: `${server.base}/intake`,
				receiptsUrl: `${server.base}/receipts`,
				secret: WEBHOOK_SECRET,
				receiptsHeader: RECEIPTS_HEADER,
				webhooks: flow.webhooks,
				receipts: scenarioReceipts(flow.scenario),
				holdReceipts,
				settle: async () => {
					settled = server.log.length;
				},
			});
			return { flow, result, log: server.log, settled, facts: ledgerFacts(flow) };
		} finally {
			await server.close();
			await flow.close();
		}
	};

	it('notifications first, then after n8n settles one request per bag: every received unit leaves transit once', async () => {
		const { flow, result, log, settled, facts } = await send(false);
		expect(result.notifications).toEqual({ sent: flow.webhooks.length, of: flow.webhooks.length });
		expect(result.receipts.sent).toBe(result.receipts.of);
		expect(result.receipts.of).toBe(facts.units);
		// Every notification was answered before n8n was asked to settle, and no receipt before.
		expect(settled).toBe(flow.webhooks.length);
		expect(log.slice(0, settled).every((entry) => entry.path === 'intake')).toBe(true);
		const bags = log.filter((entry) => entry.path === 'receipts');
		expect(bags.length).toBe(log.length - settled);
		for (const bag of bags) expect(new Set(bag.receipts!.map((r) => r.bagBarcode)).size).toBe(1);
		// The warehouse's side of the day: each unit in transit once and out of it once.
		expect(facts.movesIntoTransit).toBe(facts.units);
		expect(facts.movesOutOfTransit).toBe(facts.units);
		expect(facts.distinctOutOfTransit).toBe(facts.units);
		const rows = flow.tables.rows('Warehouse Receipts');
		expect(rows).toHaveLength(facts.units);
		expect(rows.every((r) => r.status === 'processed')).toBe(true);
	}, 300_000);

	it('--hold-receipts: the notifications only; nothing leaves transit', async () => {
		const { flow, result, log, facts } = await send(true);
		expect(result.receipts).toEqual({ sent: 0, of: facts.units, held: true });
		expect(log.every((entry) => entry.path === 'intake')).toBe(true);
		expect(facts.movesIntoTransit).toBe(facts.units);
		expect(facts.movesOutOfTransit).toBe(0);
		expect(flow.tables.rows('Warehouse Receipts')).toHaveLength(0);
	}, 300_000);
});
