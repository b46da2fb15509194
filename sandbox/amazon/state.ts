/** In-memory Seller Central data the Amazon sandbox serves. Amounts are minor units. */
import type { Settlement } from './settlementFile';

export interface AmazonOrder {
	amazonOrderId: string;
	sellerOrderId: string;
	purchaseDate: string;
	orderStatus: string;
	fulfillmentChannel: 'MFN' | 'AFN';
	currency: string;
	totalMinor: number;
	marketplaceId: string;
	/** Order lines (for v2026 orderItems and the order-adjustment feed's AmazonOrderItemCode). */
	items?: Array<{ orderItemId: string; sku: string; quantity: number; priceMinor: number }>;
}

/**
 * One Finances 2024-06-19 transaction (one item unless `itemless`). Types seen in Amazon's issue
 * threads: Shipment, Refund, Retrocharge, ServiceFee, Adjustment, FBAInventoryReimbursement,
 * SAFETReimbursement (https://github.com/amzn/selling-partner-api-models/issues/4271, /4237, /4993).
 */
export interface FinancialEvent {
	kind: string;
	transactionId: string;
	amazonOrderId: string;
	sellerOrderId: string;
	sku: string;
	quantity: number;
	/** Principal as Amazon posts it: negative for refunds. */
	principalMinor: number;
	/** Tax and shipping charged back with the principal (same sign as the principal). */
	taxMinor?: number;
	shippingMinor?: number;
	/** Amazon's fees on the line: a refund gives part of the commission back (positive). */
	commissionMinor?: number;
	/** Refund administration fee Amazon keeps (negative). */
	refundCommissionMinor?: number;
	currency: string;
	postedAt: number;
	adjustmentId: string;
	orderItemId: string;
	marketplaceId: string;
	/** RELEASED (default), DEFERRED or DEFERRED_RELEASED. */
	status?: string;
	description?: string;
	/** Posted for the whole order: no items, no product context (no SKU). */
	itemless?: boolean;
	/** Posted without an ORDER_ID related identifier (e.g. some adjustments). */
	noOrderId?: boolean;
	fulfillmentNetwork?: string;
	/** Breakdown leaves only at transaction level, items with `breakdowns: null` (https://github.com/amzn/selling-partner-api-models/issues/4993). */
	breakdownsOnTransaction?: boolean;
}

export interface StoredReport {
	reportId: string;
	reportType: string;
	createdAt: number;
	/** Simulated ms after creation at which the report is DONE. */
	readyAfterMs: number;
	dataStartTime?: string;
	dataEndTime?: string;
	marketplaceIds: string[];
	/** Absent for a CANCELLED or FATAL report without a document. */
	documentId?: string;
	/** Final status other than DONE (CANCELLED: no data; FATAL: aborted). */
	endsAs?: 'CANCELLED' | 'FATAL';
}

export interface StoredDocument {
	content: Buffer;
	/** Whether `content` is gzip (compressionAlgorithm GZIP). */
	gzip: boolean;
	charset: string;
}

export interface StoredFeed {
	feedId: string;
	feedType: string;
	createdAt: number;
	inputFeedDocumentId: string;
	resultFeedDocumentId?: string;
	status: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
}

/**
 * One entry of getMarketplaceParticipations (Sellers API v1,
 * https://github.com/amzn/selling-partner-api-models/blob/main/models/sellers-api-model/sellers.json).
 */
export interface MarketplaceParticipation {
	marketplace: {
		id: string;
		name: string;
		countryCode: string;
		defaultCurrencyCode: string;
		defaultLanguageCode: string;
		domainName: string;
	};
	participation: { isParticipating: boolean; hasSuspendedListings: boolean };
}

export class AmazonState {
	/** The seller's marketplaces; amazon.com by default, as the model's sandbox example answers. */
	readonly marketplaces: MarketplaceParticipation[] = [
		{
			marketplace: {
				id: 'ATVPDKIKX0DER',
				name: 'Amazon.com',
				countryCode: 'US',
				defaultCurrencyCode: 'USD',
				defaultLanguageCode: 'en_US',
				domainName: 'www.amazon.com',
			},
			participation: { isParticipating: true, hasSuspendedListings: false },
		},
	];
	/** Feed input documents (uploaded bytes) and result documents, by id. */
	readonly feedDocuments = new Map<string, { content?: Buffer; contentType: string }>();
	readonly feeds: StoredFeed[] = [];
	/** MerchantAdjustmentItemIDs already used by accepted adjustments. */
	readonly merchantAdjustmentIds = new Set<string>();
	readonly orders = new Map<string, AmazonOrder>();
	readonly events: FinancialEvent[] = [];
	readonly reports: StoredReport[] = [];
	readonly documents = new Map<string, StoredDocument>();
	readonly settlements: Settlement[] = [];
	/** MFN and FBA returns report rows, keyed by the report's column names. */
	readonly mfnReturns: Array<Record<string, string>> = [];
	readonly fbaReturns: Array<Record<string, string>> = [];
	/** GET_FBA_REIMBURSEMENTS_DATA rows. */
	readonly fbaReimbursements: Array<Record<string, string>> = [];
	transactionsPageSize = 100;
	/** Charset of generated report documents (Amazon names it in Content-Type, e.g. Cp1252). */
	reportCharset = 'UTF-8';
	/** Report types whose next createReport ends FATAL. */
	readonly fatalReportTypes = new Set<string>();
	/** Query of every listTransactions call, to check which path the node took. */
	readonly transactionQueries: Array<Record<string, string>> = [];
}
