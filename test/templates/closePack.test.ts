/**
 * Template 07's close pack end to end against the sandboxes: Centra holds storefront refunds (its
 * returns' payment history), Amazon its refund transactions, the Warehouse Receipts table what the
 * warehouse checked in, Centra the stock it moved. The pack must show, for the closed period, the
 * refunds per channel and currency exactly as the vendors' own records add up (a refund on the
 * period's first instant in, one on its end out; one paid after the previous close but dated before
 * the period shown apart as late), the tie-out identity per currency, the physical movements, and
 * be delivered: Slack-style webhook (text), HTTP (multipart with the HTML report and the claims
 * CSV), email (the Send Email node wired to the settings and both files), or kept when `none`.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runCalledWorkflow, type RunResult } from '../../harness';
import {
	templateTables,
	withSettings,
	monthEndCloseWithoutNightly,
} from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import type { AmazonSandbox } from '../../sandbox/amazon/server';
import {
	addRefundedReturn,
	addShippedOrder,
	productSize,
	warehouse,
} from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';

const { template, workflows: calledWorkflows } = monthEndCloseWithoutNightly();

// The October close, run at 06:00 on its last day; the previous close ran on 30 September at 06:00.
const AS_OF = '2026-10-31T06:00:00.000Z';
const START = Date.parse('2026-10-01T00:00:00.000Z');
const END = Date.parse(AS_OF);
const PREVIOUS = Date.parse('2026-09-30T06:00:00.000Z');

let sandboxes: TemplateSandboxes;
let centra: CentraSandbox;
let amazon: AmazonSandbox;
let sink: AlertSink;
const posted: Array<{ contentType: string; body: Buffer; idempotencyKey: string }> = [];

function seed(): void {
	const storefront: Array<[number, string, string, number, string]> = [
		// order, currency, SKU, refund (minor), paid at
		[1001, 'EUR', 'TEE-M', 2500, '2026-10-05T10:00:00.000Z'], // goods received
		[1002, 'EUR', 'HAT-L', 1999, '2026-10-20T10:00:00.000Z'], // open exception
		[1003, 'SEK', 'TEE-M', 49900, '2026-10-31T05:59:59.999Z'], // awaiting goods, last instant in
		[1004, 'EUR', 'TEE-M', 1000, AS_OF], // the period's end: next period
		[1005, 'EUR', 'TEE-M', 700, '2026-10-01T00:00:00.000Z'], // the period's first instant: in
		[1006, 'EUR', 'TEE-M', 300, '2026-09-30T12:00:00.000Z'], // after the previous close: late
		[1007, 'EUR', 'TEE-M', 400, '2026-09-30T05:00:00.000Z'], // in the previous pack
	];
	for (const [number, currency, sku, refundMinor, at] of storefront) {
		addShippedOrder(centra.state, {
			number,
			currency,
			createdAt: '2026-09-01T10:00:00.000Z',
			lines: [{ sku, quantity: 1, unitPriceMinor: refundMinor }],
		});
		addRefundedReturn(centra.state, { orderNumber: number, sku, quantity: 1, refundMinor, at });
	}
	const amazonRefunds: Array<[string, string, string, number, number, string]> = [
		['114-0000001-0000001', '2001', 'USD', -1500, -120, '2026-10-10T10:00:00.000Z'],
		['114-0000002-0000002', '2002', 'EUR', -2000, 0, '2026-10-15T10:00:00.000Z'],
	];
	for (const [amazonOrderId, sellerOrderId, currency, principal, tax, at] of amazonRefunds) {
		amazon.state.orders.set(amazonOrderId, {
			amazonOrderId,
			sellerOrderId,
			purchaseDate: '2026-09-01T10:00:00.000Z',
			orderStatus: 'Shipped',
			fulfillmentChannel: 'MFN',
			currency,
			totalMinor: -principal - tax,
			marketplaceId: 'ATVPDKIKX0DER',
		});
		amazon.state.events.push({
			kind: 'Refund',
			transactionId: `TX-${sellerOrderId}`,
			amazonOrderId,
			sellerOrderId,
			sku: 'TEE-M',
			quantity: 1,
			principalMinor: principal,
			taxMinor: tax,
			currency,
			postedAt: Date.parse(at),
			adjustmentId: `ADJ-${sellerOrderId}`,
			orderItemId: `OI-${sellerOrderId}`,
			marketplaceId: 'ATVPDKIKX0DER',
			fulfillmentNetwork: 'MFN',
		});
	}
	const main = warehouse(centra.state, 'Main');
	const bStock = warehouse(centra.state, 'B-stock');
	const moves: Array<[string, typeof main, number]> = [
		['2026-10-04T12:00:00.000Z', main, 1],
		['2026-10-06T12:00:00.000Z', bStock, 2],
		['2026-09-20T12:00:00.000Z', main, 5], // before the period
	];
	for (const [createdAt, where, quantity] of moves)
		centra.state.stockChanges.push({
			id: centra.state.id(),
			createdAt,
			comment: `HR R-${createdAt.slice(5, 10)} processed`,
			type: 'CHANGE',
			warehouse: where,
			lines: [
				{
					id: centra.state.id(),
					deliveredQuantity: quantity,
					productSize: productSize(centra.state, 'TEE-M'),
					warehouse: where,
					createdFromShipmentLine: null,
				},
			],
		});
}

/** The vendors' own records for the period, added up here from the sandbox state (the oracle). */
function ledgerTotals(from: number, to: number): Record<string, number> {
	const totals: Record<string, number> = {};
	const add = (k: string, minor: number) => (totals[k] = (totals[k] ?? 0) + minor);
	for (const r of centra.state.returns)
		for (const p of r.payments)
			if (
				(p.entryType === 'REFUND' || p.entryType === 'REFUND_GIFT_CARD') &&
				p.status === 'SUCCESS' &&
				Date.parse(p.createdAt) >= from &&
				Date.parse(p.createdAt) < to
			)
				add(`storefront ${r.order.currency}`, p.valueMinor);
	for (const e of amazon.state.events)
		if (e.kind === 'Refund' && e.postedAt >= from && e.postedAt < to)
			add(`amazon ${e.currency}`, -(e.principalMinor + (e.taxMinor ?? 0) + (e.shippingMinor ?? 0)));
	return totals;
}

function tables() {
	const t = templateTables();
	const receipt = (orderNumber: string, sku: string, disposition: string, receivedAt: string) =>
		t.insert('Warehouse Receipts', {
			returnId: `R-${orderNumber}`,
			orderNumber,
			sku,
			unit: '0',
			disposition,
			receivedAt,
			status: 'processed',
		});
	receipt('1001', 'TEE-M', 'sellable', '2026-10-04T09:00:00.000Z');
	receipt('1010', 'TEE-M', 'damaged', '2026-10-06T09:00:00.000Z');
	receipt('1011', 'TEE-M', 'sellable', '2026-09-15T09:00:00.000Z'); // before the period
	t.insert('Exception Register', {
		exceptionId: 'ex_hat',
		type: 'refunded_never_returned',
		status: 'open',
		owner: 'finance',
		severity: 'high',
		title: 'Refunded, never returned',
		summary: 'refunded, goods not back',
		orderNumber: '1002',
		sku: 'HAT-L',
		amount: '19.99 EUR',
		ageDays: 11,
		deadline: '2026-10-30',
		detectedAt: '2026-10-20T10:00:00.000Z',
		details: JSON.stringify({ units: 1 }),
	});
	t.insert('Exception Register', {
		exceptionId: 'ex_box',
		type: 'lost_in_transit',
		status: 'open',
		owner: 'logistics',
		severity: 'high',
		title: 'Lost in transit',
		summary: 'box never arrived',
		trackingNumber: '=HYPERLINK("http://x")',
		amount: '30.00 EUR',
		ageDays: 12,
		deadline: '2026-11-10',
		detectedAt: '2026-10-19T00:00:00.000Z',
		details: JSON.stringify({ units: 2 }),
	});
	return t;
}

async function close(settings: Record<string, unknown>): Promise<RunResult> {
	return runCalledWorkflow(
		withSettings(template, { asOf: AS_OF, amazonMarketplaceIds: 'ATVPDKIKX0DER', ...settings }),
		'When called (manual or month-end)',
		{
			credentials: {
				...sandboxes.credentials({ webhookSecret: 'close-pack-secret' }),
				smtp: { host: '127.0.0.1', port: 1, secure: false, user: '', password: '' },
			},
			dataTables: tables(),
			workflows: calledWorkflows,
		},
	);
}

const summaryOf = (run: RunResult): INodeExecutionData =>
	run.run.data.resultData.runData['Month-end report'][0].data!.main[2]![0];

beforeAll(async () => {
	[sandboxes, sink] = await Promise.all([startTemplateSandboxes(), startAlertSink()]);
	({ centra, amazon } = sandboxes);
	sink.server.route('POST', '/hooks/close-pack', (req) => {
		posted.push({
			contentType: String(req.headers['content-type'] ?? ''),
			body: req.rawBody,
			idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
		});
		return { status: 200, raw: Buffer.from('ok'), headers: { 'content-type': 'text/plain' } };
	});
	seed();
}, 60_000);

afterAll(async () => {
	await Promise.all([sandboxes?.close(), sink?.close()]);
});

describe('the close pack ties out to the vendors', () => {
	let run: RunResult;
	let json: IDataObject;
	beforeAll(async () => {
		run = await close({ alertWebhookUrl: sink.url, reportTitle: 'October close' });
		if (run.status !== 'success')
			throw new Error(
				`07 failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
			);
		json = summaryOf(run).json;
	}, 120_000);

	it('refunds per channel and currency are what Centra and Amazon recorded in the period, to the minor unit', () => {
		expect(json.refundsByChannel).toEqual(ledgerTotals(START, END));
		// Both sides of each boundary, and never two currencies in one figure.
		expect(json.refundsByChannel).toEqual({
			'storefront EUR': 2500 + 1999 + 700,
			'storefront SEK': 49900,
			'amazon USD': 1620,
			'amazon EUR': 2000,
		});
	});

	it('refunds paid after the previous close but dated before the period are shown apart, once', () => {
		const pack = json.closePack as IDataObject;
		expect(pack.lateRefundsByChannel).toEqual(ledgerTotals(PREVIOUS, START));
		expect(pack.lateRefundsByChannel).toEqual({ 'storefront EUR': 300 });
		expect(pack.period).toEqual({
			start: new Date(START).toISOString(),
			end: new Date(END).toISOString(),
			previousClose: new Date(PREVIOUS).toISOString(),
		});
	});

	it.each([
		[
			'storefront',
			'EUR',
			{ receivedMinor: 2500, openExceptionMinor: 1999, awaitingGoodsMinor: 700 },
		],
		['storefront', 'SEK', { receivedMinor: 0, openExceptionMinor: 0, awaitingGoodsMinor: 49900 }],
		['amazon', 'USD', { receivedMinor: 0, openExceptionMinor: 0, awaitingGoodsMinor: 1620 }],
		['amazon', 'EUR', { receivedMinor: 0, openExceptionMinor: 0, awaitingGoodsMinor: 2000 }],
	])(
		'ties out %s %s: refunds = received + open exceptions + awaiting goods',
		(channel, currency, parts) => {
			const rows = (json.closePack as { tieOut: Array<Record<string, number | string>> }).tieOut;
			const row = rows.find((r) => r.channel === channel && r.currency === currency)!;
			expect(row).toMatchObject(parts);
			expect(
				Number(row.receivedMinor) + Number(row.openExceptionMinor) + Number(row.awaitingGoodsMinor),
			).toBe((json.refundsByChannel as Record<string, number>)[`${channel} ${currency}`]);
		},
	);

	it('shows the physical movements of the period: units received per disposition, stock moved per warehouse', () => {
		const pack = json.closePack as IDataObject;
		expect(pack.unitsReceived).toEqual({ sellable: 1, damaged: 1 });
		expect(pack.stockMoved).toEqual([
			{ warehouse: 'B-stock', unitsIn: 2, unitsOut: 0 },
			{ warehouse: 'Main', unitsIn: 1, unitsOut: 0 },
		]);
		expect(pack.unreadable).toEqual([]);
	});

	it('carries open exceptions by owner and age, the HTML report and the carrier-claims CSV (formula cells neutralised)', () => {
		expect(json.byOwnerAndAge).toEqual({ finance: { '0-30': 1 }, logistics: { '0-30': 1 } });
		const binary = summaryOf(run).binary!;
		const html = Buffer.from(binary.report.data, 'base64').toString('utf8');
		expect(html).toContain('October close');
		expect(html).toContain('@media print');
		expect(html).toContain('Finance');
		const csv = Buffer.from(binary.claims.data, 'base64').toString('utf8');
		expect(binary.claims.mimeType).toBe('text/csv');
		expect(csv.split('\r\n')[0]).toBe(
			'trackingNumber,carrier,unitsMissing,items,valueAtStake,claimDeadline,exceptionId',
		);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
	});

	it('is delivered by default to the alert webhook as a message with the figures', () => {
		expect(run.executed).toContain('Tell finance and ops');
		const text = sink.messages.at(-1)!.text;
		expect(text).toMatch(/^October close: 2 open exception\(s\), 0 failed run\(s\)/);
		expect(text).toContain('storefront 51.99 EUR');
		expect(text).toContain('storefront 499.00 SEK');
		expect(text).toContain('amazon 16.20 USD');
		expect(text).toContain('Tie-out storefront EUR: 51.99 EUR = received 25.00 EUR');
	});
});

describe('delivery, as chosen in the settings', () => {
	it('http: one multipart POST with the summary, the HTML report and the claims CSV, with an idempotency key', async () => {
		const before = posted.length;
		const run = await close({
			closePackDelivery: 'http',
			closePackWebhookUrl: sink.url.replace('/hooks/returns', '/hooks/close-pack'),
		});
		expect(run.status).toBe('success');
		expect(run.executed).toContain('Post the close pack');
		expect(run.executed).not.toContain('Tell finance and ops');
		expect(posted).toHaveLength(before + 1);
		const { contentType, body, idempotencyKey } = posted.at(-1)!;
		expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
		const text = body.toString('utf8');
		expect(text).toMatch(/name="summary"/);
		expect(text).toMatch(/name="report"; filename="open-exceptions-report.html"/);
		expect(text).toMatch(/name="claims"; filename="carrier-claims.csv"/);
		expect(text).toContain('"storefront SEK":49900');
		expect(idempotencyKey).toBe(`close-pack-${new Date(END).toISOString()}`);
	}, 120_000);

	it('http: a failing endpoint is retried, then the run fails (the error workflow registers it), never silently', async () => {
		let hits = 0;
		sink.server.route('POST', '/hooks/close-pack-down', () => {
			hits++;
			return { status: 503, body: { error: 'down' } };
		});
		const run = await close({
			closePackDelivery: 'http',
			closePackWebhookUrl: sink.url.replace('/hooks/returns', '/hooks/close-pack-down'),
		});
		expect(run.status).toBe('error');
		expect(run.run.data.resultData.lastNodeExecuted).toBe('Post the close pack');
		const node = template.nodes.find((n) => n.name === 'Post the close pack') as unknown as {
			maxTries: number;
			parameters: { options: { timeout: number } };
		};
		expect(hits).toBe(node.maxTries);
		expect(node.parameters.options.timeout).toBeGreaterThan(0);
	}, 120_000);

	it('email: the Send Email node gets the settings, the message and both files as attachments', () => {
		const email = template.nodes.find((n) => n.name === 'Email the close pack')!;
		expect(email.type).toBe('n8n-nodes-base.emailSend');
		expect(email.credentials).toEqual({ smtp: { id: '', name: 'SMTP' } });
		expect(email.parameters).toMatchObject({
			toEmail: expect.stringContaining('settings.closePackEmailTo'),
			fromEmail: expect.stringContaining('settings.closePackEmailFrom'),
			text: '={{ $json.message }}',
			options: { fileAttachments: 'report,claims' },
		});
		expect(template.connections['Deliver how?'].main[0]![0].node).toBe('Email the close pack');
	});

	it('email: an unreachable SMTP server fails the run at the email node (it is not marked delivered)', async () => {
		const run = await close({
			closePackDelivery: 'email',
			closePackEmailTo: 'finance@example.com',
			closePackEmailFrom: 'returns@example.com',
		});
		expect(run.status).toBe('error');
		expect(run.run.data.resultData.lastNodeExecuted).toBe('Email the close pack');
		expect(run.executed).not.toContain('Report ready');
	}, 120_000);

	it('none: the pack stays on the execution, nothing is sent', async () => {
		const messages = sink.messages.length;
		const run = await close({ closePackDelivery: 'none', alertWebhookUrl: sink.url });
		expect(run.status).toBe('success');
		expect(run.executed).toContain('Report ready');
		expect(sink.messages).toHaveLength(messages);
	}, 120_000);

	it('slack without any webhook set: not delivered, and the execution says so', async () => {
		const run = await close({ closePackDelivery: 'slack', alertWebhookUrl: '' });
		expect(run.status).toBe('success');
		expect(run.executed).toContain('Not delivered: no webhook set');
	}, 120_000);

	it('run by hand in the first hour of a month, it closes the month that just ended (never an empty period)', async () => {
		// Without asOf the period ends at the start of the run's hour: at 00:xx on the 1st that is
		// the month's first instant (asOf below), and the month to date would be empty.
		const startOf = (run: RunResult) =>
			(
				run.run.data.resultData.runData['Close period'][0].data!.main[0]![0].json
					.period as IDataObject
			).start;
		const firstInstant = await close({
			asOf: '2026-11-01T00:00:00.000Z',
			closePackDelivery: 'none',
		});
		expect(firstInstant.status).toBe('success');
		expect(startOf(firstInstant)).toBe('2026-10-01T00:00:00.000Z');
		// One millisecond later the new month has begun: its own period.
		const next = await close({ asOf: '2026-11-01T00:00:00.001Z', closePackDelivery: 'none' });
		expect(next.status).toBe('success');
		expect(startOf(next)).toBe('2026-11-01T00:00:00.000Z');
	}, 240_000);

	it('an unknown delivery word stops the run naming the setting', async () => {
		const run = await close({ closePackDelivery: 'pigeon' });
		expect(run.status).toBe('error');
		expect(run.error?.message).toContain('closePackDelivery');
		expect(run.error?.message).toContain('pigeon');
	}, 120_000);
});
