/**
 * Hostile and bad input, each case asserting the exact outcome: a clear error naming the field and
 * the item (or the request refused), and nothing lost or half-written in the sandbox ledgers.
 * Each returns the plain-English outcome for docs/reliability.md.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { callWebhook, executeNode, toItems } from '../../harness';
import type { AmazonSandbox } from '../../sandbox/amazon/server';
import type { CentraSandbox } from '../../sandbox/centra/server';
import type { HappyReturnsSandbox } from '../../sandbox/happyReturns/server';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import { sandboxCredentials } from '../../sandbox';

export interface HostileContext {
	centra: CentraSandbox;
	amazon: AmazonSandbox;
	hr: HappyReturnsSandbox;
	secret: string;
}

export interface HostileCase {
	tried: string;
	run(ctx: HostileContext): Promise<string>;
}

const NOW = Date.now();
const DAY = 86_400_000;

function fail(message: string): never {
	throw new Error(message);
}

function expectText(actual: string | undefined, pattern: RegExp, what: string): void {
	if (!actual || !pattern.test(actual))
		fail(`${what}: expected ${pattern}, got ${JSON.stringify(actual)}`);
}

const asnBody = (over: Record<string, unknown> = {}) =>
	JSON.stringify({
		event: 'return_status_updated',
		typeID: 'dropped-off',
		retailerID: 'acme',
		otherEvents: [],
		items: [
			{
				happyReturnsReturnID: 'ret-h1',
				orderNumber: '1001',
				orderID: '1001',
				orderLineItemID: '77-0-1',
				sku: 'TEE-M',
				happyReturnsItemID: 'it-h1',
				labelBarcode: 'HRBAG',
				...over,
			},
		],
	});

async function trigger(
	ctx: HostileContext,
	body: string | Buffer,
	headers: Record<string, string>,
	parameters: Record<string, unknown> = {},
) {
	const result = await callWebhook({
		type: 'happyReturnsTrigger',
		body,
		headers,
		credentials: {
			happyReturnsApi: { apiKey: 'k', retailerId: 'acme', webhookSecret: ctx.secret },
		},
		nodeCredentials: { happyReturnsApi: 'Happy Returns' },
		staticData: {},
		parameters: parameters as never,
	});
	const started = (result.response.workflowData?.[0] as INodeExecutionData[] | undefined) ?? [];
	return {
		status: result.recorded.statusCode ?? 200,
		body: result.recorded.body as { error?: string } | undefined,
		started,
	};
}

const signed = (ctx: HostileContext, body: string) => ({
	'content-type': 'application/json',
	...signatureHeaders(body, ctx.secret, 'hex', 0),
});

async function refused(
	ctx: HostileContext,
	body: string | Buffer,
	headers: Record<string, string>,
	status: number,
	pattern: RegExp,
	parameters: Record<string, unknown> = {},
): Promise<string> {
	const result = await trigger(ctx, body, headers, parameters);
	if (result.status !== status) fail(`expected HTTP ${status}, got ${result.status}`);
	expectText(result.body?.error, pattern, 'answer');
	if (result.started.length > 0) fail('a refused request started the workflow');
	return `HTTP ${status} "${result.body?.error}"; the workflow did not start`;
}

function centraCredentials(ctx: HostileContext, over: Record<string, string> = {}) {
	return {
		centraApi: {
			url: ctx.centra.graphqlUrl,
			token: ctx.centra.token,
			orderApiUrl: ctx.centra.orderApiUrl,
			orderApiKey: ctx.centra.orderApiKey,
			...over,
		},
	};
}

async function centra(
	ctx: HostileContext,
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	over: Record<string, string> = {},
) {
	const before = {
		changes: ctx.centra.state.stockChanges.length,
		returns: ctx.centra.state.returns.length,
	};
	const result = await executeNode({
		type: 'centra',
		parameters: parameters as never,
		inputs: toItems(inputs),
		credentials: centraCredentials(ctx, over),
		nodeCredentials: { centraApi: 'Centra' },
	});
	const wrote =
		ctx.centra.state.stockChanges.length !== before.changes ||
		ctx.centra.state.returns.length !== before.returns;
	return { ...result, wrote };
}

async function centraError(
	ctx: HostileContext,
	parameters: Record<string, unknown>,
	inputs: object[],
	pattern: RegExp,
	over: Record<string, string> = {},
): Promise<string> {
	const result = await centra(ctx, parameters, inputs, over);
	if (result.status !== 'error') fail(`expected an error, got ${result.status}`);
	expectText(`${result.error?.message} ${result.error?.description ?? ''}`, pattern, 'error');
	if (result.wrote) fail('Centra was written to although the item failed');
	return `error "${result.error?.message}"${result.error?.itemIndex !== undefined ? ` on item ${result.error.itemIndex}` : ''}; nothing written to Centra`;
}

function amazonCredentials(ctx: HostileContext, over: Record<string, string> = {}) {
	return {
		amazonSpApi: {
			...sandboxCredentials({ amazon: ctx.amazon }).amazonSpApi,
			...over,
		},
	};
}

async function amazon(
	ctx: HostileContext,
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	over: Record<string, string> = {},
) {
	return executeNode({
		type: 'amazonSellerCentral',
		parameters: parameters as never,
		inputs: toItems(inputs),
		credentials: amazonCredentials(ctx, over),
		nodeCredentials: { amazonSpApi: 'Amazon' },
	});
}

async function amazonError(
	ctx: HostileContext,
	parameters: Record<string, unknown>,
	inputs: object[],
	pattern: RegExp,
	over: Record<string, string> = {},
): Promise<string> {
	const result = await amazon(ctx, parameters, inputs, over);
	if (result.status !== 'error') fail(`expected an error, got ${result.status}`);
	expectText(`${result.error?.message} ${result.error?.description ?? ''}`, pattern, 'error');
	return `error "${result.error?.message}"${result.error?.itemIndex !== undefined ? ` on item ${result.error.itemIndex}` : ''}`;
}

async function matcherRejects(
	refund: Record<string, unknown>,
	field: string,
	pattern: RegExp,
): Promise<string> {
	const good = {
		refundId: 'R-ok',
		channel: 'storefront',
		orderId: '1001',
		sku: 'TEE-M',
		quantity: 1,
		amount: '10.00',
		currency: 'EUR',
		refundedAt: new Date(NOW - 5 * DAY).toISOString(),
	};
	const result = await executeNode({
		type: 'reconciliationMatcher',
		parameters: { asOf: new Date(NOW).toISOString() },
		inputs: [toItems([good, { ...good, refundId: 'R-bad', ...refund }])],
	});
	if (result.status !== 'success') fail(`matcher failed: ${result.error?.message}`);
	const rejected = result.outputs[3].map((i) => i.json);
	if (rejected.length !== 1) fail(`expected one rejected record, got ${rejected.length}`);
	if (rejected[0].field !== field || rejected[0].item !== 1)
		fail(`rejected ${JSON.stringify(rejected[0])}`);
	expectText(String(rejected[0].error), pattern, 'rejection');
	const kept = result.outputs[0].length + result.outputs[1].length;
	if (kept === 0) fail('the good record was lost');
	return `item 1 to the Rejected output: "${String(rejected[0].error)}"; item 0 reconciled`;
}

async function settlement(
	ctx: HostileContext,
	mutate: (bytes: Buffer) => Buffer,
	columns?: string[],
) {
	ctx.amazon.state.settlements.length = 0;
	ctx.amazon.state.settlements.push({
		settlementId: '7000000001',
		startAt: NOW - 14 * DAY,
		endAt: NOW - DAY,
		depositAt: NOW,
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
				postedAt: NOW - 5 * DAY,
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
				postedAt: NOW - 3 * DAY,
				orderItemCode: '1',
				sku: 'TEE-M',
				quantity: 1,
			},
		],
	});
	const reportId = ctx.amazon.publishSettlement(0, columns ? { columns } : {});
	const documentId = [...ctx.amazon.state.documents.keys()].pop()!;
	const document = ctx.amazon.state.documents.get(documentId)!;
	document.content = mutate(document.content);
	return amazon(ctx, { resource: 'settlementReport', operation: 'get', settlementValue: reportId });
}

export const HOSTILE_CASES: HostileCase[] = [
	// Happy Returns webhooks
	{
		tried: 'Webhook with a wrong signature',
		run: (ctx) =>
			refused(
				ctx,
				asnBody(),
				{ 'content-type': 'application/json', 'x-hr-signature': 'f'.repeat(64) },
				401,
				/Invalid signature/,
			),
	},
	{
		tried: 'Webhook without a signature header',
		run: (ctx) =>
			refused(ctx, asnBody(), { 'content-type': 'application/json' }, 401, /Invalid signature/),
	},
	{
		tried: 'Webhook signed in base64 when hex is expected (wrong encoding)',
		run: (ctx) =>
			refused(
				ctx,
				asnBody(),
				{
					'content-type': 'application/json',
					...signatureHeaders(asnBody(), ctx.secret, 'base64', 0),
				},
				401,
				/Invalid signature/,
			),
	},
	{
		tried: 'Webhook body re-encoded as Latin-1 after signing (bytes differ)',
		run: (ctx) => {
			const body = asnBody({ productName: 'Tröja' });
			return refused(ctx, Buffer.from(body, 'latin1'), signed(ctx, body), 401, /Invalid signature/);
		},
	},
	{
		tried: 'Timestamped signature replayed within the window',
		run: async (ctx) => {
			const body = asnBody();
			const headers = {
				'content-type': 'application/json',
				// Signed when sent, not when this module loaded: the suite can run past the tolerance.
				...signatureHeaders(body, ctx.secret, 'timestamped', Math.floor(Date.now() / 1000)),
			};
			const staticData = {};
			const first = await callWebhook({
				type: 'happyReturnsTrigger',
				body,
				headers,
				credentials: {
					happyReturnsApi: { apiKey: 'k', retailerId: 'acme', webhookSecret: ctx.secret },
				},
				nodeCredentials: { happyReturnsApi: 'Happy Returns' },
				staticData,
				parameters: { signatureMode: 'timestamped' },
			});
			if (!first.response.workflowData) fail('the first delivery did not start');
			const again = await callWebhook({
				type: 'happyReturnsTrigger',
				body,
				headers,
				credentials: {
					happyReturnsApi: { apiKey: 'k', retailerId: 'acme', webhookSecret: ctx.secret },
				},
				nodeCredentials: { happyReturnsApi: 'Happy Returns' },
				staticData,
				parameters: { signatureMode: 'timestamped' },
			});
			if (again.recorded.statusCode !== 401 || again.response.workflowData)
				fail('the replay was accepted');
			return 'first delivery started the workflow; the replay got HTTP 401 "Replayed request" and started nothing';
		},
	},
	{
		tried: 'Timestamped signature ten minutes old',
		run: (ctx) =>
			refused(
				ctx,
				asnBody(),
				{
					'content-type': 'application/json',
					...signatureHeaders(
						asnBody(),
						ctx.secret,
						'timestamped',
						Math.floor(Date.now() / 1000) - 600,
					),
				},
				401,
				/Invalid signature/,
				{ signatureMode: 'timestamped' },
			),
	},
	{
		tried: 'Malformed JSON, correctly signed',
		run: (ctx) => {
			const body = '{"event": "return_status_updated", items: [}';
			return refused(ctx, body, signed(ctx, body), 400, /not valid JSON/);
		},
	},
	{
		tried: 'Truncated JSON, correctly signed',
		run: (ctx) => {
			const body = asnBody().slice(0, 40);
			return refused(ctx, body, signed(ctx, body), 400, /not valid JSON/);
		},
	},
	{
		tried: 'A 10 MB body',
		run: (ctx) => {
			const body = JSON.stringify({ event: 'x', padding: 'a'.repeat(10 * 1024 * 1024) });
			return refused(ctx, body, signed(ctx, body), 413, /limit is 1024 KB/);
		},
	},
	{
		tried: 'Wrong content type (text/plain) with a signed JSON body',
		run: async (ctx) => {
			const body = asnBody();
			const result = await trigger(ctx, body, {
				...signed(ctx, body),
				'content-type': 'text/plain',
			});
			if (result.started.length !== 1 || result.started[0].json.eventType !== 'return.dropped_off')
				fail('not read from the raw bytes');
			return 'read from the signed raw bytes whatever the header says: one return.dropped_off event';
		},
	},
	{
		tried: 'Unknown event type',
		run: async (ctx) => {
			const body = JSON.stringify({
				event: 'return_teleported',
				typeID: 'beam',
				retailerID: 'acme',
				items: [{ happyReturnsReturnID: 'ret-u', orderNumber: '1001', sku: 'TEE-M' }],
			});
			const result = await trigger(ctx, body, signed(ctx, body), { events: ['return.unknown'] });
			if (
				result.started[0]?.json.eventType !== 'return.unknown' ||
				result.started[0]?.json.hrEvent !== 'return_teleported'
			)
				fail('unknown event not kept');
			return 'kept as a return.unknown event with the original event name, never an error and never dropped';
		},
	},
	{
		tried: 'Return item without an order number',
		run: async (ctx) => {
			const body = asnBody({ orderNumber: '' });
			const result = await trigger(ctx, body, signed(ctx, body));
			if (result.started[0]?.json.missingOrderNumber !== true) fail('not flagged');
			return 'event started with missingOrderNumber: true (the matcher raises "missing merchant order id"), not dropped';
		},
	},
	// Centra
	{
		tried: 'Stock move with a negative quantity',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'stock',
					operation: 'move',
					direction: 'into',
					toWarehouse: 'Main',
					sku: 'TEE-M',
					quantity: -1,
					reference: 'HR r1 TEE-M u0 in-transit',
				},
				[{}],
				/"Quantity" must be a whole number of at least 1, got -1/,
			),
	},
	{
		tried: 'Stock move with a zero quantity',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'stock',
					operation: 'move',
					direction: 'into',
					toWarehouse: 'Main',
					sku: 'TEE-M',
					quantity: 0,
					reference: 'HR r1 TEE-M u0 in-transit',
				},
				[{}],
				/"Quantity" must be a whole number of at least 1, got 0/,
			),
	},
	{
		tried: 'Stock move of an unknown SKU',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'stock',
					operation: 'move',
					direction: 'into',
					toWarehouse: 'Main',
					sku: 'NO-SUCH-SKU',
					quantity: 1,
					reference: 'HR r2 NO-SUCH-SKU u0 in-transit',
				},
				[{}],
				/NO-SUCH-SKU/,
			),
	},
	{
		tried: 'SKU containing quotes, braces and a GraphQL fragment',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'stock',
					operation: 'move',
					direction: 'into',
					toWarehouse: 'Main',
					sku: 'X" } mutation { deleteAll } #{',
					quantity: 1,
					reference: 'HR r3 weird u0',
				},
				[{}],
				/deleteAll/,
			),
	},
	{
		tried: 'Stock move without a reference',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'stock',
					operation: 'move',
					direction: 'into',
					toWarehouse: 'Main',
					sku: 'TEE-M',
					quantity: 1,
					reference: '  ',
				},
				[{}],
				/"Reference" is required/,
			),
	},
	{
		tried: 'Unknown disposition code',
		run: async (ctx) => {
			const result = await centra(ctx, {
				resource: 'disposition',
				operation: 'route',
				returnId: 'r-disp',
				sku: 'TEE-M',
				unit: '0',
				disposition: 'water_damage',
				fromWarehouse: 'In transit',
				mapping: { rows: [{ code: 'sellable', warehouse: 'Main' }] },
				unmappedHandling: 'output',
			});
			if (result.status !== 'success' || result.outputs[1]?.length !== 1 || result.wrote)
				fail('not routed to the Unmapped output');
			return 'sent to the "Unmapped" output with the code, never guessed; no stock moved';
		},
	},
	{
		tried: 'Order note containing HTML, GraphQL and quotes',
		run: async (ctx) => {
			const note = '<script>alert(1)</script> mutation { x } "quoted" {braces}';
			const first = await centra(ctx, {
				resource: 'order',
				operation: 'addNote',
				orderNumber: '1001',
				note,
			});
			const second = await centra(ctx, {
				resource: 'order',
				operation: 'addNote',
				orderNumber: '1001',
				note,
			});
			if (
				first.outputs[0]?.[0]?.json.wrote !== true ||
				second.outputs[0]?.[0]?.json.wrote !== false
			)
				fail('note not stored once');
			if (!ctx.centra.state.notesOf(1001).includes(note)) fail('note not stored verbatim');
			return 'stored verbatim as a GraphQL variable (never query text), once; the second run found it';
		},
	},
	{
		tried: 'Credit note for more units than were shipped (Centra userErrors)',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'return',
					operation: 'create',
					externalId: 'HR-TOO-MANY',
					orderNumber: '1001',
					lines: '[{ "sku": "TEE-M", "quantity": 50 }]',
					stockPolicy: 'noRestock',
				},
				[{}],
				/TEE-M/,
			),
	},
	{
		tried: 'Order number that is not a number',
		run: (ctx) =>
			centraError(
				ctx,
				{ resource: 'order', operation: 'addNote', orderNumber: '10O1', note: 'x' },
				[{}],
				/"Order Number" must be a Centra order number, got "10O1"/,
			),
	},
	{
		tried: 'Expired or revoked Centra token',
		run: (ctx) =>
			centraError(
				ctx,
				{ resource: 'order', operation: 'get', orderNumber: '1001' },
				[{}],
				/Unauthorized|401/,
				{ token: 'revoked-token' },
			),
	},
	{
		tried: 'Exchange order without the Order API URL in the credential',
		run: (ctx) =>
			centraError(
				ctx,
				{
					resource: 'order',
					operation: 'createExchange',
					orderNumber: '1001',
					returnReference: 'HR-X',
					exchangeSku: 'TEE-M',
				},
				[{}],
				/no Order API URL/,
				{ orderApiUrl: '' },
			),
	},
	// Reconciliation Matcher
	{
		tried: 'Refund amount with more decimals than the currency has (JPY 1.5)',
		run: () => matcherRejects({ amount: '1.5', currency: 'JPY' }, 'amount', /amount/),
	},
	{
		tried: 'Refund amount with three decimals in EUR',
		run: () => matcherRejects({ amount: '10.005' }, 'amount', /amount/),
	},
	{
		tried: 'Refund dated in the future',
		run: () =>
			matcherRejects(
				{ refundedAt: new Date(NOW + 30 * DAY).toISOString() },
				'refundedAt',
				/future/,
			),
	},
	{
		tried: 'Refund with an unparseable date',
		run: () => matcherRejects({ refundedAt: '31/31/2026' }, 'refundedAt', /date/),
	},
	{
		tried: 'Refund with a negative quantity',
		run: () => matcherRejects({ quantity: -2 }, 'quantity', /quantity/),
	},
	{
		tried: 'Refund with an unknown currency code',
		run: () => matcherRejects({ currency: 'EURO' }, 'currency', /currency/),
	},
	{
		tried: 'Two refunds of one order line in different currencies',
		run: async () => {
			const base = {
				channel: 'storefront',
				orderId: '1001',
				sku: 'TEE-M',
				quantity: 1,
				refundedAt: new Date(NOW - 5 * DAY).toISOString(),
			};
			const result = await executeNode({
				type: 'reconciliationMatcher',
				parameters: { asOf: new Date(NOW).toISOString() },
				inputs: [
					toItems([
						{ ...base, refundId: 'A', amount: '10.00', currency: 'EUR' },
						{ ...base, refundId: 'B', amount: '12.00', currency: 'USD' },
					]),
				],
			});
			const exception = result.outputs[0]
				.map((i) => i.json)
				.find((e) => ((e.actual ?? []) as unknown[]).length === 2);
			const actual = (exception?.actual ?? []) as Array<{ currency: string; amountMinor: number }>;
			if (
				!exception ||
				JSON.stringify(actual.map((m) => [m.currency, m.amountMinor]).sort()) !==
					JSON.stringify([
						['EUR', 1000],
						['USD', 1200],
					])
			)
				fail('currencies were added or an amount was lost');
			if (exception.atStakeText !== '10.00 EUR, 12.00 USD')
				fail(`at stake: ${String(exception.atStakeText)}`);
			return `one ${String(exception.type)} exception with the amounts per currency ("10.00 EUR, 12.00 USD"), never added together or converted`;
		},
	},
	{
		tried: "SKU with HTML in the matcher's HTML report",
		run: async () => {
			const result = await executeNode({
				type: 'reconciliationMatcher',
				parameters: { asOf: new Date(NOW).toISOString() },
				inputs: [
					toItems([
						{
							refundId: 'H',
							channel: 'storefront',
							orderId: '1001',
							sku: '<img src=x onerror=alert(1)>',
							quantity: 1,
							amount: '1.00',
							currency: 'EUR',
							refundedAt: new Date(NOW - 9 * DAY).toISOString(),
						},
					]),
				],
			});
			const html = Buffer.from(result.outputs[2][0].binary!.report.data, 'base64').toString('utf8');
			if (html.includes('<img') || html.includes('<IMG')) fail('HTML not escaped');
			return 'escaped in the report (&lt;IMG…&gt;); no markup from data reaches the page';
		},
	},
	{
		tried: 'Disposition mapping JSON that does not parse',
		run: async () => {
			const result = await executeNode({
				type: 'reconciliationMatcher',
				parameters: { options: { dispositionMappingJson: '{"sellable": "Main",' } },
				inputs: [toItems([{}])],
			});
			expectText(result.error?.message, /Disposition Mapping \(JSON\) is not valid JSON/, 'error');
			return `error "${result.error?.message}"`;
		},
	},
	// Amazon
	{
		tried: 'Settlement file with required columns missing',
		run: async (ctx) => {
			const result = await settlement(ctx, (b) => b, ['settlement-id', 'currency', 'amount']);
			expectText(result.error?.message, /has no "transaction-type"/, 'error');
			return `error "${result.error?.message}"`;
		},
	},
	{
		tried: 'Settlement file with extra columns',
		run: async (ctx) => {
			const columns = [
				'settlement-id',
				'settlement-start-date',
				'settlement-end-date',
				'deposit-date',
				'total-amount',
				'currency',
				'transaction-type',
				'order-id',
				'merchant-order-id',
				'adjustment-id',
				'marketplace-name',
				'amount-type',
				'amount-description',
				'amount',
				'fulfillment-id',
				'posted-date-time',
				'order-item-code',
				'sku',
				'quantity-purchased',
				'brand-new-column',
				'another-one',
			];
			const result = await settlement(ctx, (b) => b, columns);
			if (result.status !== 'success' || result.outputs[0][0].json.totalsMatch !== true)
				fail(`not parsed: ${result.error?.message}`);
			return 'parsed by header names; extra columns ignored; totals match the summary row';
		},
	},
	{
		tried: 'Settlement file with a different column order',
		run: async (ctx) => {
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
			];
			const result = await settlement(ctx, (b) => b, columns);
			if (result.status !== 'success' || result.outputs[0][0].json.totalsMatch !== true)
				fail(`not parsed: ${result.error?.message}`);
			return 'parsed by header names; totals match the summary row';
		},
	},
	{
		tried: 'Truncated gzip settlement file',
		run: async (ctx) => {
			const result = await settlement(ctx, (b) => b.subarray(0, Math.floor(b.length / 2)));
			if (result.status !== 'error') fail('a truncated file was accepted');
			expectText(
				`${result.error?.message} ${result.error?.description ?? ''}`,
				/truncat|unexpected end|incomplete|corrupt/i,
				'error',
			);
			return `error "${result.error?.message}"; no partial totals emitted`;
		},
	},
	{
		tried: 'Settlement file that is not gzip at all',
		run: async (ctx) => {
			const result = await settlement(ctx, () => Buffer.from('<html>Access denied</html>'));
			if (result.status !== 'error') fail('garbage accepted');
			return `error "${result.error?.message}"`;
		},
	},
	{
		tried: 'Amazon answers with its error envelope (404 NotFound for a report)',
		run: (ctx) =>
			amazonError(
				ctx,
				{ resource: 'settlementReport', operation: 'get', settlementValue: '999999999' },
				[{}],
				/Report 999999999 not found/,
			),
	},
	{
		tried: 'Revoked Amazon refresh token (expired credentials)',
		run: (ctx) =>
			amazonError(
				ctx,
				{ resource: 'refund', operation: 'getMany' },
				[{}],
				/the credentials were refused \(HTTP 400: invalid_grant/,
				{ refreshToken: 'revoked' },
			),
	},
	{
		tried: 'Refund check with an expected amount that is not a number',
		run: (ctx) =>
			amazonError(
				ctx,
				{
					resource: 'refund',
					operation: 'check',
					orderId: '111-0000000-0000001',
					expectedAmount: 'ten euros',
				},
				[{}],
				/"Expected Amount" is not a number: ten euros/,
			),
	},
	{
		tried: 'Refund check with an unparseable event date',
		run: (ctx) =>
			amazonError(
				ctx,
				{
					resource: 'refund',
					operation: 'check',
					orderId: '111-0000000-0000001',
					eventDate: 'yesterday-ish',
				},
				[{}],
				/"Event Date" is not a date: yesterday-ish/,
			),
	},
	{
		tried: 'Amazon order id in the wrong format',
		run: (ctx) =>
			amazonError(
				ctx,
				{ resource: 'order', operation: 'get', amazonOrderId: 'nope' },
				[{}],
				/"Amazon Order ID" must look like 123-1234567-1234567, got "nope"/,
			),
	},
	// Happy Returns partner API
	{
		tried: 'Happy Returns API key revoked',
		run: async (ctx) => {
			const result = await executeNode({
				type: 'happyReturns',
				parameters: {
					resource: 'return',
					operation: 'get',
					lookupBy: 'orderNumber',
					lookupValue: '1001',
				} as never,
				inputs: toItems([{}]),
				credentials: {
					happyReturnsApi: {
						apiKey: 'revoked',
						retailerId: ctx.hr.retailerId,
						baseUrl: ctx.hr.url,
					},
				},
				nodeCredentials: { happyReturnsApi: 'Happy Returns' },
			});
			expectText(`${result.error?.message}`, /401|invalid or missing X-Hr-Apikey/, 'error');
			return `error "${result.error?.message}"`;
		},
	},
	{
		tried: 'Happy Returns return lookup with an empty value',
		run: async (ctx) => {
			const result = await executeNode({
				type: 'happyReturns',
				parameters: {
					resource: 'return',
					operation: 'get',
					lookupBy: 'orderNumber',
					lookupValue: '={{ $json.order }}',
				} as never,
				inputs: toItems([{ order: '' }]),
				credentials: {
					happyReturnsApi: {
						apiKey: ctx.hr.apiKey,
						retailerId: ctx.hr.retailerId,
						baseUrl: ctx.hr.url,
					},
				},
				nodeCredentials: { happyReturnsApi: 'Happy Returns' },
			});
			if (result.status !== 'error') fail('accepted');
			if (result.error?.itemIndex !== 0) fail(`item not named: ${JSON.stringify(result.error)}`);
			return `error "${result.error?.message}" on item 0`;
		},
	},
];
