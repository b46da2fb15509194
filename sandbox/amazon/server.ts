/**
 * Amazon Selling Partner API sandbox, following Amazon's models
 * (https://github.com/amzn/selling-partner-api-models: finances_2024-06-19,
 * reports_2021-06-30, feeds_2021-06-30, ordersV0, orders_2026-01-01): LWA tokens that expire (403
 * "The access token you provided has expired."), listTransactions by date window or ORDER_ID with
 * real-shaped breakdowns, reports with gzip documents and CANCELLED/FATAL endings, the Feeds API
 * with processing reports, Orders v0 and v2026-01-01. Per-operation token buckets at the models'
 * usage plans; 429 QuotaExceeded without Retry-After; x-amzn-RateLimit-Limit on 200/400/404 only.
 */
import { randomUUID } from 'crypto';
import { gzipSync } from 'zlib';
import {
	SandboxClock,
	SandboxServer,
	type Clock,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/httpServer';
import { minorToDecimal } from '../common/currency';
import { toMinorUnits } from '../../nodes/shared/money';
import { AmazonState, type FinancialEvent, type StoredFeed } from './state';
import { USAGE_PLANS, TokenBucket } from './tokenBucket';
import { settlementFlatFile } from './settlementFile';
import {
	FBA_REIMBURSEMENTS_COLUMNS,
	FBA_RETURNS_COLUMNS,
	MFN_RETURNS_COLUMNS,
	reportTsv,
} from './returnsReports';

export interface AmazonSandboxOptions {
	clientId?: string;
	clientSecret?: string;
	refreshToken?: string;
	tokenLifetimeSeconds?: number;
	clock?: Clock;
	/** Multiplies every usage plan's rate (benchmarks run Amazon's quotas time-scaled). */
	rateScale?: number;
	/** Simulated ms a requested report takes to be DONE (default 30 s). */
	reportReadyAfterMs?: number;
	/** Expire every token once after this many successful SP-API calls (token expiry mid-batch). */
	expireTokensAfterCalls?: number;
}

/** One SP-API call the sandbox answered (for the contract tests). */
export interface AmazonExchange {
	operation: string;
	query: Record<string, string>;
	requestBody: unknown;
	status: number;
	responseBody: unknown;
}

export interface AmazonSandbox {
	/** Every SP-API operation answered after authentication and quota, in order. */
	exchanges: AmazonExchange[];
	url: string;
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	refreshToken: string;
	state: AmazonState;
	server: SandboxServer;
	/** Access tokens issued so far (to count refreshes). */
	issuedTokens: string[];
	/** Expires every issued token now (to test refresh mid-batch). */
	expireTokens(): void;
	/** Adds a settlement report with its gzip document, as Amazon generates them. */
	publishSettlement(
		index: number,
		options?: { decimalComma?: boolean; columns?: readonly string[] },
	): string;
	close(): Promise<void>;
}

const SETTLEMENT_TYPE = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';
const RETURNS_TYPES: Record<
	string,
	{
		columns: readonly string[];
		rows: (s: AmazonState) => Array<Record<string, string>>;
		dateColumn: string;
		maxDays?: number;
	}
> = {
	GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: {
		columns: MFN_RETURNS_COLUMNS,
		rows: (s) => s.mfnReturns,
		dateColumn: 'Return request date',
		maxDays: 60,
	},
	GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA: {
		columns: FBA_RETURNS_COLUMNS,
		rows: (s) => s.fbaReturns,
		dateColumn: 'return-date',
	},
	GET_FBA_REIMBURSEMENTS_DATA: {
		columns: FBA_REIMBURSEMENTS_COLUMNS,
		rows: (s) => s.fbaReimbursements,
		dateColumn: 'approval-date',
	},
};

function errors(status: number, code: string, message: string, details = ''): SandboxResponse {
	return { status, body: { errors: [{ code, message, details }] } };
}

function amount(minor: number, currency: string) {
	return { currencyCode: currency, currencyAmount: minorToDecimal(minor, currency) };
}

/**
 * A transaction as listTransactions returns it (model: finances_2024-06-19.json). Real refunds
 * post the buyer's money under ProductCharges and the fees Amazon gives back under AmazonFees, so
 * totalAmount is net of fees (https://github.com/amzn/selling-partner-api-models/issues/4274).
 */
export function transactionOf(event: FinancialEvent) {
	const c = event.currency;
	const leaf = (type: string, minor: number) => ({
		breakdownType: type,
		breakdownAmount: amount(minor, c),
		breakdowns: null,
	});
	const charges = [
		leaf('Principal', event.principalMinor),
		...(event.taxMinor ? [leaf('Tax', event.taxMinor)] : []),
		...(event.shippingMinor ? [leaf('Shipping', event.shippingMinor)] : []),
	];
	const fees = [
		...(event.commissionMinor ? [leaf('Commission', event.commissionMinor)] : []),
		...(event.refundCommissionMinor ? [leaf('RefundCommission', event.refundCommissionMinor)] : []),
	];
	const chargesMinor = event.principalMinor + (event.taxMinor ?? 0) + (event.shippingMinor ?? 0);
	const feesMinor = (event.commissionMinor ?? 0) + (event.refundCommissionMinor ?? 0);
	const total = amount(chargesMinor + feesMinor, c);
	const breakdowns = [
		{
			breakdownType: 'ProductCharges',
			breakdownAmount: amount(chargesMinor, c),
			breakdowns: charges,
		},
		...(fees.length
			? [{ breakdownType: 'AmazonFees', breakdownAmount: amount(feesMinor, c), breakdowns: fees }]
			: []),
	];
	const descriptions: Record<string, string> = {
		Refund: 'Refund Order',
		Shipment: 'Order Payment',
		Retrocharge: 'RetroChargeRefund',
		ServiceFee: 'Cost of Advertising',
	};
	return {
		sellingPartnerMetadata: {
			sellingPartnerId: 'A1SANDBOXSELLER',
			accountType: 'Standard Orders',
			marketplaceId: event.marketplaceId,
		},
		relatedIdentifiers: [
			...(event.noOrderId
				? []
				: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: event.amazonOrderId }]),
			{ relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: 'FEG-SANDBOX' },
		],
		transactionType: event.kind,
		transactionId: event.transactionId,
		transactionStatus: event.status ?? 'RELEASED',
		description: event.description ?? descriptions[event.kind] ?? event.kind,
		postedDate: new Date(event.postedAt).toISOString(),
		totalAmount: total,
		marketplaceDetails: { marketplaceId: event.marketplaceId, marketplaceName: 'Amazon.com' },
		items: event.itemless
			? []
			: [
					{
						description: event.sku,
						relatedIdentifiers: event.adjustmentId
							? [
									{
										itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID',
										itemRelatedIdentifierValue: event.adjustmentId,
									},
								]
							: null,
						totalAmount: total,
						breakdowns: event.breakdownsOnTransaction ? null : breakdowns,
						contexts: [
							{
								contextType: 'ProductContext',
								asin: `B0${event.sku.replace(/\W/g, '').slice(0, 8)}`,
								sku: event.sku,
								quantityShipped: event.quantity,
								fulfillmentNetwork: event.fulfillmentNetwork ?? 'MFN',
							},
						],
					},
				],
		breakdowns: event.itemless || event.breakdownsOnTransaction ? breakdowns : [],
		contexts: [],
	};
}

function amount2026(minor: number, currency: string) {
	return { amount: String(minorToDecimal(minor, currency)), currencyCode: currency };
}

function pageToken(offset: number, fingerprint: string): string {
	return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64');
}

function readToken(token: string, fingerprint: string): number | null {
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
			offset: number;
			fingerprint: string;
		};
		return parsed.fingerprint === fingerprint && Number.isInteger(parsed.offset)
			? parsed.offset
			: null;
	} catch {
		return null;
	}
}

export async function startAmazonSandbox(
	options: AmazonSandboxOptions = {},
): Promise<AmazonSandbox> {
	const clientId = options.clientId ?? 'amzn1.application-oa2-client.sandbox';
	const clientSecret = options.clientSecret ?? 'amzn-sandbox-client-secret';
	const refreshToken = options.refreshToken ?? 'Atzr|sandbox-refresh-token';
	const lifetime = (options.tokenLifetimeSeconds ?? 3600) * 1000;
	const clock = options.clock ?? new SandboxClock();
	const state = new AmazonState();
	const tokens = new Map<string, number>();
	const issuedTokens: string[] = [];
	const buckets = new Map<string, TokenBucket>();
	let successfulCalls = 0;
	const exchanges: AmazonExchange[] = [];
	const server = new SandboxServer({
		rateLimited: () =>
			errors(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.'),
		serverError: () => errors(503, 'ServiceUnavailable', 'Service temporarily unavailable.'),
	});

	server.route('POST', '/auth/o2/token', (req) => {
		const text = req.rawBody.toString('utf8');
		const fields: Record<string, string> = (req.headers['content-type'] ?? '').includes('json')
			? ((req.body ?? {}) as Record<string, string>)
			: Object.fromEntries(new URLSearchParams(text));
		if (fields.grant_type !== 'refresh_token')
			return {
				status: 400,
				body: {
					error: 'unsupported_grant_type',
					error_description:
						'The authorization grant type is not supported by the authorization server',
				},
			};
		if (fields.client_id !== clientId || fields.client_secret !== clientSecret)
			return {
				status: 401,
				body: { error: 'invalid_client', error_description: 'Client authentication failed' },
			};
		if (!fields.refresh_token)
			return {
				status: 400,
				body: {
					error: 'invalid_request',
					error_description: 'The request is missing a required parameter : refresh_token',
				},
			};
		if (fields.refresh_token !== refreshToken)
			return {
				status: 400,
				body: {
					error: 'invalid_grant',
					error_description: 'The request has an invalid grant parameter : refresh_token',
				},
			};
		const token = `Atza|${randomUUID()}`;
		tokens.set(token, clock.now() + lifetime);
		issuedTokens.push(token);
		return {
			status: 200,
			body: {
				access_token: token,
				token_type: 'bearer',
				expires_in: lifetime / 1000,
				refresh_token: refreshToken,
			},
		};
	});

	const operation =
		(name: string, handler: (req: SandboxRequest) => SandboxResponse) =>
		(req: SandboxRequest): SandboxResponse => {
			const requestId = randomUUID();
			const withIds = (response: SandboxResponse, rateHeader: boolean): SandboxResponse => ({
				...response,
				headers: {
					'x-amzn-RequestId': requestId,
					...(rateHeader
						? {
								'x-amzn-RateLimit-Limit': String(USAGE_PLANS[name].rate * (options.rateScale ?? 1)),
							}
						: {}),
					...response.headers,
				},
			});
			const token = req.headers['x-amz-access-token'];
			if (typeof token !== 'string' || token === '')
				return withIds(
					errors(
						403,
						'Unauthorized',
						'Access to requested resource is denied.',
						'Access token is missing in the request header.',
					),
					false,
				);
			const expiresAt = tokens.get(token);
			if (expiresAt === undefined)
				return withIds(
					errors(
						403,
						'Unauthorized',
						'Access to requested resource is denied.',
						'The access token you provided is revoked, malformed or invalid.',
					),
					false,
				);
			if (clock.now() >= expiresAt)
				return withIds(
					errors(
						403,
						'Unauthorized',
						'Access to requested resource is denied.',
						'The access token you provided has expired.',
					),
					false,
				);
			let bucket = buckets.get(name);
			if (!bucket)
				buckets.set(
					name,
					(bucket = new TokenBucket(
						USAGE_PLANS[name].rate * (options.rateScale ?? 1),
						USAGE_PLANS[name].burst,
						clock,
					)),
				);
			if (!bucket.take())
				return withIds(
					errors(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.'),
					false,
				);
			const response = handler(req);
			exchanges.push({
				operation: name,
				query: Object.fromEntries(req.query.entries()),
				requestBody: req.body,
				status: response.status,
				responseBody: response.body,
			});
			if (response.status < 300 && ++successfulCalls === options.expireTokensAfterCalls)
				for (const issued of tokens.keys()) tokens.set(issued, 0);
			return withIds(response, [200, 202, 400, 404].includes(response.status));
		};

	// Sellers API v1 getMarketplaceParticipations: every marketplace the seller can sell in, with
	// the seller's participation, as `payload` (no paging). Model and usage plan (0.016/s, burst
	// 15): https://github.com/amzn/selling-partner-api-models/blob/main/models/sellers-api-model/sellers.json
	server.route(
		'GET',
		'/sellers/v1/marketplaceParticipations',
		operation('getMarketplaceParticipations', () => ({
			status: 200,
			body: { payload: state.marketplaces.map((entry) => structuredClone(entry)) },
		})),
	);

	server.route(
		'GET',
		'/finances/2024-06-19/transactions',
		operation('listTransactions', (req) => {
			const q = req.query;
			state.transactionQueries.push(Object.fromEntries(q.entries()));
			const next = q.get('nextToken');
			const relatedName = q.get('relatedIdentifierName');
			const relatedValue = q.get('relatedIdentifierValue');
			const after = q.get('postedAfter');
			const before = q.get('postedBefore');
			if (relatedName && !['ORDER_ID', 'FINANCIAL_EVENT_GROUP_ID'].includes(relatedName))
				return errors(400, 'InvalidInput', `relatedIdentifierName ${relatedName} is not supported`);
			if (!after && !relatedName)
				return errors(
					400,
					'InvalidInput',
					'Start date cannot be null',
					'Start date cannot be null',
				);
			const afterMs = after ? Date.parse(after) : Number.NEGATIVE_INFINITY;
			const beforeMs = before ? Date.parse(before) : clock.now() - 120_000;
			if (Number.isNaN(afterMs) || Number.isNaN(beforeMs))
				return errors(
					400,
					'InvalidInput',
					'postedAfter and postedBefore must be ISO 8601 date-times',
				);
			// Finances: "If the range is over 180 days, the response is empty" (an empty 200, the
			// dangerous case: it looks like "no refunds"). finances_2024-06-19.json.
			if (after && beforeMs - afterMs > 180 * 86_400_000)
				return { status: 200, body: { payload: { transactions: [] } } };
			if (beforeMs > clock.now() - 120_000)
				return errors(
					400,
					'InvalidInput',
					'postedBefore must be at least two minutes before the request time',
				);
			const fingerprint = [
				after,
				before,
				relatedName,
				relatedValue,
				q.get('marketplaceId'),
				q.get('transactionStatus'),
			].join('|');
			const offset = next ? readToken(next, fingerprint) : 0;
			if (offset === null)
				return errors(
					400,
					'InvalidInput',
					'The nextToken is invalid or does not match the other parameters',
				);
			const status = q.get('transactionStatus');
			const matching = state.events.filter(
				(e) =>
					(relatedName === 'ORDER_ID'
						? !e.noOrderId && e.amazonOrderId === relatedValue
						: e.postedAt >= afterMs && e.postedAt < beforeMs) &&
					(!status || (e.status ?? 'RELEASED') === status),
			);
			const page = matching.slice(offset, offset + state.transactionsPageSize);
			const nextOffset = offset + state.transactionsPageSize;
			return {
				status: 200,
				body: {
					payload: {
						...(nextOffset < matching.length
							? { nextToken: pageToken(nextOffset, fingerprint) }
							: {}),
						transactions: page.map(transactionOf),
					},
				},
			};
		}),
	);

	const reportJson = (report: (typeof state.reports)[number]) => {
		const elapsed = clock.now() - report.createdAt;
		const status =
			elapsed >= report.readyAfterMs
				? 'DONE'
				: elapsed >= report.readyAfterMs / 2
					? 'IN_PROGRESS'
					: 'IN_QUEUE';
		const ended = status === 'DONE' ? (report.endsAs ?? 'DONE') : status;
		return {
			reportId: report.reportId,
			reportType: report.reportType,
			marketplaceIds: report.marketplaceIds,
			...(report.dataStartTime ? { dataStartTime: report.dataStartTime } : {}),
			...(report.dataEndTime ? { dataEndTime: report.dataEndTime } : {}),
			createdTime: new Date(report.createdAt).toISOString(),
			processingStatus: ended,
			...(status === 'DONE'
				? {
						processingEndTime: new Date(report.createdAt + report.readyAfterMs).toISOString(),
						...(report.documentId ? { reportDocumentId: report.documentId } : {}),
					}
				: {}),
		};
	};

	server.route(
		'GET',
		'/reports/2021-06-30/reports',
		operation('getReports', (req) => {
			const q = req.query;
			const next = q.get('nextToken');
			if (next && [...q.keys()].some((key) => key !== 'nextToken'))
				return errors(400, 'InvalidInput', 'nextToken must be the only parameter when it is given');
			let fingerprint = '';
			let offset = 0;
			let types: string[] = [];
			let statuses: string[] = [];
			let since = clock.now() - 90 * 86_400_000;
			let pageSize = 10;
			if (next) {
				try {
					const parsed = JSON.parse(Buffer.from(next, 'base64').toString('utf8')) as {
						offset: number;
						fingerprint: string;
					};
					({ offset, fingerprint } = parsed);
					[types, statuses, since, pageSize] = JSON.parse(fingerprint) as [
						string[],
						string[],
						number,
						number,
					];
				} catch {
					return errors(400, 'InvalidInput', 'Invalid nextToken');
				}
			} else {
				types = (q.get('reportTypes') ?? '').split(',').filter(Boolean);
				statuses = (q.get('processingStatuses') ?? '').split(',').filter(Boolean);
				if (types.length < 1 || types.length > 10)
					return errors(400, 'InvalidInput', 'reportTypes must list 1 to 10 report types');
				if (q.get('createdSince')) since = Date.parse(q.get('createdSince') as string);
				pageSize = Number(q.get('pageSize') ?? 10);
				if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
					return errors(400, 'InvalidInput', 'pageSize must be between 1 and 100');
				fingerprint = JSON.stringify([types, statuses, since, pageSize]);
			}
			const matching = state.reports
				.filter((r) => types.includes(r.reportType) && r.createdAt >= since)
				.map(reportJson)
				.filter((r) => statuses.length === 0 || statuses.includes(r.processingStatus))
				.sort((a, b) => b.createdTime.localeCompare(a.createdTime));
			const page = matching.slice(offset, offset + pageSize);
			const more = offset + pageSize < matching.length;
			return {
				status: 200,
				body: {
					reports: page,
					...(more ? { nextToken: pageToken(offset + pageSize, fingerprint) } : {}),
				},
			};
		}),
	);

	server.route(
		'GET',
		'/reports/2021-06-30/reports/{reportId}',
		operation('getReport', (req) => {
			const report = state.reports.find((r) => r.reportId === req.params.reportId);
			return report
				? { status: 200, body: reportJson(report) }
				: errors(404, 'NotFound', `Report ${req.params.reportId} not found`);
		}),
	);

	server.route(
		'POST',
		'/reports/2021-06-30/reports',
		operation('createReport', (req) => {
			const body = (req.body ?? {}) as {
				reportType?: string;
				marketplaceIds?: string[];
				dataStartTime?: string;
				dataEndTime?: string;
			};
			if (body.reportType === SETTLEMENT_TYPE)
				return errors(
					400,
					'InvalidInput',
					'Request for report type 1118 is not allowed at this time',
				);
			const kind = body.reportType ? RETURNS_TYPES[body.reportType] : undefined;
			if (!kind)
				return errors(
					400,
					'InvalidInput',
					`Report type ${String(body.reportType)} is not supported by the sandbox`,
				);
			if (!Array.isArray(body.marketplaceIds) || body.marketplaceIds.length === 0)
				return errors(400, 'InvalidInput', 'marketplaceIds is required');
			const startMs = body.dataStartTime ? Date.parse(body.dataStartTime) : clock.now();
			const endMs = body.dataEndTime ? Date.parse(body.dataEndTime) : clock.now();
			// MFN returns reports hold "up to 60 days of data in a single report"
			// (https://developer-docs.amazon.com/sp-api/docs/returns-reports-attributes); how Amazon
			// refuses more is not documented: the sandbox answers 400 (an assumption).
			if (kind.maxDays && endMs - startMs > kind.maxDays * 86_400_000)
				return errors(
					400,
					'InvalidInput',
					`The date range for ${body.reportType} must not exceed ${kind.maxDays} days`,
				);
			const rows = kind.rows(state).filter((row) => {
				const at = Date.parse(row[kind.dateColumn] ?? '');
				return Number.isNaN(at) || (at >= startMs && at <= endMs);
			});
			const fatal = state.fatalReportTypes.has(body.reportType as string);
			state.fatalReportTypes.delete(body.reportType as string);
			// Reports model: CANCELLED is also "an automatic cancellation if there is no data to return".
			const endsAs = fatal ? 'FATAL' : rows.length === 0 ? 'CANCELLED' : undefined;
			let documentId: string | undefined;
			if (!endsAs) {
				documentId = `amzn1.spdoc.1.4.na.${randomUUID()}`;
				const text = reportTsv(kind.columns, rows);
				state.documents.set(documentId, {
					// Cp1252 documents carry bytes of that code page (latin1 covers the test texts).
					content: gzipSync(
						/1252/.test(state.reportCharset) ? Buffer.from(text, 'latin1') : Buffer.from(text),
					),
					gzip: true,
					charset: state.reportCharset,
				});
			}
			const reportId = String(50_000_000_000 + state.reports.length);
			state.reports.push({
				reportId,
				reportType: body.reportType as string,
				createdAt: clock.now(),
				readyAfterMs: options.reportReadyAfterMs ?? 30_000,
				dataStartTime: body.dataStartTime,
				dataEndTime: body.dataEndTime,
				marketplaceIds: body.marketplaceIds,
				documentId,
				endsAs,
			});
			return { status: 202, body: { reportId } };
		}),
	);

	server.route(
		'GET',
		'/reports/2021-06-30/documents/{documentId}',
		operation('getReportDocument', (req) => {
			const document = state.documents.get(req.params.documentId);
			if (!document)
				return errors(404, 'NotFound', `Report document ${req.params.documentId} not found`);
			const url = `${server.url}/documents-download/${encodeURIComponent(req.params.documentId)}?X-Amz-Expires=300&issued=${clock.now()}`;
			return {
				status: 200,
				body: {
					reportDocumentId: req.params.documentId,
					url,
					...(document.gzip ? { compressionAlgorithm: 'GZIP' } : {}),
				},
			};
		}),
	);

	// The presigned download: plain GET, no SP-API headers, gzip bytes with Content-Encoding identity.
	server.route('GET', '/documents-download/{documentId}', (req): SandboxResponse => {
		const document = state.documents.get(req.params.documentId);
		const issued = Number(req.query.get('issued'));
		if (!document)
			return {
				status: 404,
				raw: Buffer.from('<Error><Code>NoSuchKey</Code></Error>'),
				headers: { 'content-type': 'application/xml' },
			};
		if (!(clock.now() - issued <= 300_000))
			return {
				status: 403,
				raw: Buffer.from(
					'<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
				),
				headers: { 'content-type': 'application/xml' },
			};
		return {
			status: 200,
			raw: document.content,
			headers: {
				'content-type': `text/plain; charset=${document.charset}`,
				'content-encoding': 'identity',
			},
		};
	});

	const orderJson = (order: NonNullable<ReturnType<typeof state.orders.get>>) => ({
		AmazonOrderId: order.amazonOrderId,
		SellerOrderId: order.sellerOrderId,
		PurchaseDate: order.purchaseDate,
		LastUpdateDate: order.purchaseDate,
		OrderStatus: order.orderStatus,
		FulfillmentChannel: order.fulfillmentChannel,
		SalesChannel: 'Amazon.com',
		OrderTotal: {
			CurrencyCode: order.currency,
			Amount: String(minorToDecimal(order.totalMinor, order.currency)),
		},
		MarketplaceId: order.marketplaceId,
		IsReplacementOrder: false,
		IsPrime: false,
		NumberOfItemsShipped: 1,
		NumberOfItemsUnshipped: 0,
	});

	server.route(
		'GET',
		'/orders/v0/orders/{orderId}',
		operation('getOrder', (req) => {
			const order = state.orders.get(req.params.orderId);
			if (!order) return errors(404, 'NotFound', `Order ${req.params.orderId} not found`);
			return { status: 200, body: { payload: orderJson(order) } };
		}),
	);

	// Orders v2026-01-01 getOrder (orders_2026-01-01.json): camelCase, seller order number as the
	// SELLER_ORDER_ID alias, FBA/MFN as fulfillment.fulfilledBy (with includedData=FULFILLMENT).
	server.route(
		'GET',
		'/orders/2026-01-01/orders/{orderId}',
		operation('getOrder2026', (req) => {
			const order = state.orders.get(req.params.orderId);
			if (!order) return errors(404, 'NotFound', `Order ${req.params.orderId} not found`);
			const included = (req.query.get('includedData') ?? '').split(',');
			return {
				status: 200,
				body: {
					order: {
						orderId: order.amazonOrderId,
						orderAliases: order.sellerOrderId
							? [{ aliasId: order.sellerOrderId, aliasType: 'SELLER_ORDER_ID' }]
							: [],
						createdTime: order.purchaseDate,
						lastUpdatedTime: order.purchaseDate,
						salesChannel: {
							channelName: 'AMAZON',
							marketplaceId: order.marketplaceId,
							marketplaceName: 'Amazon.com',
						},
						...(included.includes('FULFILLMENT')
							? {
									fulfillment: {
										fulfillmentStatus: 'SHIPPED',
										fulfilledBy: order.fulfillmentChannel === 'AFN' ? 'AMAZON' : 'MERCHANT',
									},
								}
							: {}),
						orderItems: (order.items ?? []).map((item) => ({
							orderItemId: item.orderItemId,
							quantityOrdered: item.quantity,
							product: {
								sellerSku: item.sku,
								price: { unitPrice: amount2026(item.priceMinor, order.currency) },
							},
						})),
					},
				},
			};
		}),
	);

	// getOrders by AmazonOrderIds (at most 50), with the parameters Amazon requires.
	server.route(
		'GET',
		'/orders/v0/orders',
		operation('getOrders', (req) => {
			const marketplaces = (req.query.get('MarketplaceIds') ?? '').split(',').filter(Boolean);
			if (marketplaces.length === 0)
				return errors(400, 'InvalidInput', 'Missing required parameter MarketplaceIds');
			if (!req.query.get('CreatedAfter') && !req.query.get('LastUpdatedAfter'))
				return errors(
					400,
					'InvalidInput',
					'Either CreatedAfter or LastUpdatedAfter must be specified',
				);
			const ids = (req.query.get('AmazonOrderIds') ?? '').split(',').filter(Boolean);
			if (ids.length > 50)
				return errors(400, 'InvalidInput', 'AmazonOrderIds can have at most 50 values');
			const orders = ids
				.map((id) => state.orders.get(id))
				.filter((o): o is NonNullable<typeof o> => !!o && marketplaces.includes(o.marketplaceId));
			return {
				status: 200,
				body: {
					payload: {
						Orders: orders.map(orderJson),
						CreatedBefore: new Date(clock.now()).toISOString(),
					},
				},
			};
		}),
	);

	// Feeds API 2021-06-30 (feeds_2021-06-30.json): createFeedDocument (201, presigned upload URL),
	// the upload itself (PUT, no SP-API headers), createFeed (202), getFeed (status, then
	// resultFeedDocumentId) and getFeedDocument (the processing report's URL).
	server.route(
		'POST',
		'/feeds/2021-06-30/documents',
		operation('createFeedDocument', (req) => {
			const contentType = (req.body as { contentType?: string } | undefined)?.contentType;
			if (!contentType) return errors(400, 'InvalidInput', 'contentType is required');
			const feedDocumentId = `amzn1.tortuga.4.na.${randomUUID()}`;
			state.feedDocuments.set(feedDocumentId, { contentType });
			return {
				status: 201,
				body: { feedDocumentId, url: `${server.url}/feeds-upload/${feedDocumentId}` },
			};
		}),
	);

	server.route('PUT', '/feeds-upload/{documentId}', (req): SandboxResponse => {
		const document = state.feedDocuments.get(req.params.documentId);
		if (!document)
			return { status: 404, raw: Buffer.from('<Error><Code>NoSuchKey</Code></Error>') };
		document.content = req.rawBody;
		return { status: 200, raw: Buffer.alloc(0) };
	});

	/**
	 * Processes an order-adjustment feed the way the processing report describes results
	 * (ProcessingReport with ProcessingSummary and one Result per failed message). Rejections follow
	 * the order-adjustment rules: unknown order or item, an amount above the item's price, and a
	 * MerchantAdjustmentItemID used before (an assumption: Amazon does not document duplicates).
	 * Accepted lines become Refund transactions, so a later refund check sees them.
	 */
	const processFeed = (feed: StoredFeed): string => {
		const text = state.feedDocuments.get(feed.inputFeedDocumentId)?.content?.toString('utf8') ?? '';
		const tag = (block: string, name: string) =>
			new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block)?.[1]?.trim() ?? '';
		const results: string[] = [];
		let processed = 0;
		for (const match of text.matchAll(/<Message>([\s\S]*?)<\/Message>/g)) {
			processed++;
			const block = match[1];
			const messageId = tag(block, 'MessageID');
			const orderId = tag(block, 'AmazonOrderID');
			const itemCode = tag(block, 'AmazonOrderItemCode');
			const adjustmentId = tag(block, 'MerchantAdjustmentItemID');
			const order = state.orders.get(orderId);
			const item = order?.items?.find((i) => i.orderItemId === itemCode);
			let refunded = 0;
			const amounts: Record<string, number> = {};
			for (const c of block.matchAll(
				/<Component><Type>(\w+)<\/Type><Amount currency="(\w+)">([\d.]+)<\/Amount><\/Component>/g,
			)) {
				const minor = toMinorUnits(c[3], c[2]);
				amounts[c[1]] = minor;
				if (c[1] === 'Principal') refunded += minor;
			}
			const quantity = Number(tag(block, 'Quantity') || '1');
			const error =
				!order || !item
					? ['18028', `The order ${orderId} or its item ${itemCode} was not found.`]
					: state.merchantAdjustmentIds.has(adjustmentId)
						? ['18052', `MerchantAdjustmentItemID ${adjustmentId} was already used.`]
						: refunded > item.priceMinor * quantity
							? ['18081', 'The adjustment amount exceeds the amount that can be refunded.']
							: null;
			if (error) {
				results.push(
					`<Result><MessageID>${messageId}</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>${error[0]}</ResultMessageCode><ResultDescription>${error[1]}</ResultDescription><AdditionalInfo><AmazonOrderID>${orderId}</AmazonOrderID></AdditionalInfo></Result>`,
				);
				continue;
			}
			state.merchantAdjustmentIds.add(adjustmentId);
			state.events.push({
				kind: 'Refund',
				transactionId: `FEED-${feed.feedId}-${messageId}`,
				amazonOrderId: orderId,
				sellerOrderId: order!.sellerOrderId,
				sku: item!.sku,
				quantity,
				principalMinor: -(amounts.Principal ?? 0),
				taxMinor: -(amounts.Tax ?? 0),
				shippingMinor: -(amounts.Shipping ?? 0),
				currency: order!.currency,
				postedAt: clock.now() - 180_000,
				adjustmentId: `ADJ-${adjustmentId}`,
				orderItemId: item!.orderItemId,
				marketplaceId: order!.marketplaceId,
			});
		}
		const errorsCount = results.length;
		return `<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion></Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>${feed.feedId}</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>${processed}</MessagesProcessed><MessagesSuccessful>${processed - errorsCount}</MessagesSuccessful><MessagesWithError>${errorsCount}</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>${results.join('')}</ProcessingReport></Message></AmazonEnvelope>`;
	};

	server.route(
		'POST',
		'/feeds/2021-06-30/feeds',
		operation('createFeed', (req) => {
			const body = (req.body ?? {}) as {
				feedType?: string;
				marketplaceIds?: string[];
				inputFeedDocumentId?: string;
			};
			if (!body.feedType || !body.inputFeedDocumentId || !body.marketplaceIds?.length)
				return errors(
					400,
					'InvalidInput',
					'feedType, marketplaceIds and inputFeedDocumentId are required',
				);
			if (!state.feedDocuments.get(body.inputFeedDocumentId)?.content)
				return errors(400, 'InvalidInput', 'The input feed document was not uploaded');
			const feedId = String(60_000_000_000 + state.feeds.length);
			state.feeds.push({
				feedId,
				feedType: body.feedType,
				createdAt: clock.now(),
				inputFeedDocumentId: body.inputFeedDocumentId,
				status: 'IN_QUEUE',
			});
			return { status: 202, body: { feedId } };
		}),
	);

	server.route(
		'GET',
		'/feeds/2021-06-30/feeds/{feedId}',
		operation('getFeed', (req) => {
			const feed = state.feeds.find((f) => f.feedId === req.params.feedId);
			if (!feed) return errors(404, 'NotFound', `Feed ${req.params.feedId} not found`);
			// Queued on the first look, processed on the next (feeds take minutes at Amazon).
			if (feed.status === 'IN_QUEUE') feed.status = 'IN_PROGRESS';
			else if (feed.status === 'IN_PROGRESS') {
				const resultId = `amzn1.tortuga.4.na.${randomUUID()}`;
				state.documents.set(resultId, {
					content: Buffer.from(processFeed(feed)),
					gzip: false,
					charset: 'UTF-8',
				});
				feed.resultFeedDocumentId = resultId;
				feed.status = 'DONE';
			}
			return {
				status: 200,
				body: {
					feedId: feed.feedId,
					feedType: feed.feedType,
					createdTime: new Date(feed.createdAt).toISOString(),
					processingStatus: feed.status,
					...(feed.resultFeedDocumentId ? { resultFeedDocumentId: feed.resultFeedDocumentId } : {}),
				},
			};
		}),
	);

	server.route(
		'GET',
		'/feeds/2021-06-30/documents/{documentId}',
		operation('getFeedDocument', (req) => {
			const document = state.documents.get(req.params.documentId);
			if (!document)
				return errors(404, 'NotFound', `Feed document ${req.params.documentId} not found`);
			return {
				status: 200,
				body: {
					feedDocumentId: req.params.documentId,
					url: `${server.url}/documents-download/${encodeURIComponent(req.params.documentId)}?X-Amz-Expires=300&issued=${clock.now()}`,
				},
			};
		}),
	);

	const url = await server.start();
	return {
		url,
		tokenUrl: `${url}/auth/o2/token`,
		clientId,
		clientSecret,
		refreshToken,
		state,
		server,
		issuedTokens,
		exchanges,
		expireTokens: () => {
			for (const token of tokens.keys()) tokens.set(token, 0);
		},
		publishSettlement: (index, fileOptions = {}) => {
			const settlement = state.settlements[index];
			const documentId = `amzn1.spdoc.1.4.na.${randomUUID()}`;
			state.documents.set(documentId, {
				content: gzipSync(settlementFlatFile(settlement, fileOptions)),
				gzip: true,
				charset: 'UTF-8',
			});
			const reportId = String(40_000_000_000 + state.reports.length);
			state.reports.push({
				reportId,
				reportType: SETTLEMENT_TYPE,
				createdAt: clock.now(),
				readyAfterMs: 0,
				marketplaceIds: ['ATVPDKIKX0DER'],
				documentId,
				dataStartTime: new Date(settlement.startAt).toISOString(),
				dataEndTime: new Date(settlement.endAt).toISOString(),
			});
			return reportId;
		},
		close: () => server.close(),
	};
}
