/**
 * Every SP-API request the node sends and every answer the sandbox gives, checked against trimmed
 * copies of Amazon's models (contracts/amazon/*.schema.json). A scenario runs each operation
 * of the node once against the sandbox; then each recorded exchange is validated.
 */
import { executeNode, toItems } from '../../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../../sandbox/amazon/server';
import { loadContract, validate, type Contract } from '../../../contracts/amazon/validate';
import { sandboxCredentials } from '../../../sandbox';

const DAY = 86_400_000;
const now = Date.now();

const finances = loadContract('finances-2024-06-19');
const reports = loadContract('reports-2021-06-30');
const orders = loadContract('orders-2026-01-01');
const feeds = loadContract('feeds-2021-06-30');

/** Per operation: contract, request-body definition, response definition on success. */
const CONTRACTS: Record<string, { contract: Contract; request?: string; response: string }> = {
	listTransactions: { contract: finances, response: 'ListTransactionsResponse' },
	createReport: {
		contract: reports,
		request: 'CreateReportSpecification',
		response: 'CreateReportResponse',
	},
	getReport: { contract: reports, response: 'Report' },
	getReports: { contract: reports, response: 'GetReportsResponse' },
	getReportDocument: { contract: reports, response: 'ReportDocument' },
	getOrder2026: { contract: orders, response: 'GetOrderResponse' },
	createFeedDocument: {
		contract: feeds,
		request: 'CreateFeedDocumentSpecification',
		response: 'CreateFeedDocumentResponse',
	},
	createFeed: {
		contract: feeds,
		request: 'CreateFeedSpecification',
		response: 'CreateFeedResponse',
	},
	getFeed: { contract: feeds, response: 'Feed' },
	getFeedDocument: { contract: feeds, response: 'FeedDocument' },
};

let amazon: AmazonSandbox;

async function run(parameters: Record<string, unknown>, inputs: object[] = [{}]) {
	const result = await executeNode({
		type: 'amazonSellerCentral',
		parameters: parameters as never,
		inputs: toItems(inputs),
		credentials: {
			amazonSpApi: {
				...sandboxCredentials({ amazon }).amazonSpApi,
				allowRefundFeeds: true,
				sellerId: 'A1SANDBOXSELLER',
			},
		},
		nodeCredentials: { amazonSpApi: 'Amazon' },
	});
	expect(result.error?.message).toBeUndefined();
	return result;
}

afterAll(async () => amazon?.close());

it('the validator finds a wrong shape (so the checks below can fail)', () => {
	expect(
		validate(finances, 'ListTransactionsResponse', {
			payload: { transactions: [{ totalAmount: { currencyAmount: '12.00' } }] },
		}),
	).toEqual([
		'ListTransactionsResponse.payload.transactions[0].totalAmount.currencyAmount: expected number, got "12.00"',
	]);
	expect(validate(reports, 'CreateReportSpecification', { reportType: 'X' })).toEqual([
		'CreateReportSpecification.marketplaceIds: required',
	]);
});

it('every request and response of every operation fits the SP-API models', async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 50 });
	const orderId = '111-0000000-0000071';
	amazon.state.orders.set(orderId, {
		amazonOrderId: orderId,
		sellerOrderId: 'S-71',
		purchaseDate: new Date(now - 20 * DAY).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: 'MFN',
		currency: 'USD',
		totalMinor: 2999,
		marketplaceId: 'ATVPDKIKX0DER',
		items: [{ orderItemId: 'OI-71', sku: 'COAT-M', quantity: 1, priceMinor: 2999 }],
	});
	const event = {
		kind: 'Refund',
		transactionId: 'T-71',
		amazonOrderId: '111-0000000-0000072',
		sellerOrderId: 'S-72',
		sku: 'COAT-M',
		quantity: 1,
		principalMinor: -2999,
		taxMinor: -240,
		commissionMinor: 450,
		refundCommissionMinor: -90,
		currency: 'USD',
		postedAt: now - 5 * DAY,
		adjustmentId: 'ADJ-72',
		orderItemId: 'OI-72',
		marketplaceId: 'ATVPDKIKX0DER',
	};
	amazon.state.events.push(
		event,
		{ ...event, transactionId: 'T-73', itemless: true, amazonOrderId: '111-0000000-0000073' },
		{ ...event, transactionId: 'T-74', status: 'DEFERRED', breakdownsOnTransaction: true },
	);
	amazon.state.mfnReturns.push({
		'Order ID': orderId,
		'Return request date': new Date(now - 3 * DAY).toISOString(),
		'Merchant SKU': 'COAT-M',
	});
	const check = { resource: 'refund', operation: 'check', orderId: '={{ $json.orderId }}' };
	const inputs = [
		{ orderId },
		{ orderId: '111-0000000-0000072' },
		{ orderId: '111-0000000-0000073' },
	];
	await run(check, inputs);
	await run({ ...check, refundOptions: { perOrderUpTo: 0 } }, inputs);
	await run({ resource: 'order', operation: 'get', amazonOrderId: orderId });
	await run({
		resource: 'returnsReport',
		operation: 'get',
		returnsReportType: 'mfn',
		marketplaceIds: 'ATVPDKIKX0DER',
		pollIntervalSeconds: 0.02,
	});
	await run({ resource: 'settlementReport', operation: 'list' });
	await run(
		{
			resource: 'refund',
			operation: 'refundOnReceipt',
			feedMode: 'submit',
			orderId,
			orderItemId: 'OI-71',
			returnId: 'HR-71',
			unitReceived: true,
			currency: 'USD',
			refundPrincipal: '29.99',
			refundTriggerDate: new Date(now - 5 * DAY).toISOString(),
			marketplaceIds: 'ATVPDKIKX0DER',
			pollIntervalSeconds: 0.02,
		},
		[{}],
	);

	const seen = new Set(amazon.exchanges.map((e) => e.operation));
	for (const operation of Object.keys(CONTRACTS).filter((o) => o !== 'getReportDocument'))
		expect([operation, seen.has(operation)]).toEqual([operation, true]);
	const problems: string[] = [];
	for (const exchange of amazon.exchanges) {
		const spec = CONTRACTS[exchange.operation];
		if (!spec) continue;
		if (spec.request) problems.push(...validate(spec.contract, spec.request, exchange.requestBody));
		if (exchange.status < 300)
			problems.push(...validate(spec.contract, spec.response, exchange.responseBody));
		else problems.push(...validate(spec.contract, 'ErrorList', exchange.responseBody));
		if (exchange.operation === 'listTransactions') {
			const allowed = Object.keys(finances.definitions.ListTransactionsQuery.properties as object);
			for (const key of Object.keys(exchange.query))
				if (!allowed.includes(key)) problems.push(`listTransactions: unknown parameter ${key}`);
			problems.push(...validate(finances, 'ListTransactionsQuery', exchange.query));
		}
	}
	expect(problems).toEqual([]);
});
