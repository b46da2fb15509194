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
}

export interface FinancialEvent {
	kind: 'Refund' | 'Shipment';
	transactionId: string;
	amazonOrderId: string;
	sellerOrderId: string;
	sku: string;
	quantity: number;
	/** Principal as Amazon posts it: negative for refunds. */
	principalMinor: number;
	currency: string;
	postedAt: number;
	adjustmentId: string;
	orderItemId: string;
	marketplaceId: string;
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
	documentId: string;
}

export interface StoredDocument {
	content: Buffer;
	/** Whether `content` is gzip (compressionAlgorithm GZIP). */
	gzip: boolean;
	charset: string;
}

export class AmazonState {
	readonly orders = new Map<string, AmazonOrder>();
	readonly events: FinancialEvent[] = [];
	readonly reports: StoredReport[] = [];
	readonly documents = new Map<string, StoredDocument>();
	readonly settlements: Settlement[] = [];
	/** MFN and FBA returns report rows, keyed by the report's column names. */
	readonly mfnReturns: Array<Record<string, string>> = [];
	readonly fbaReturns: Array<Record<string, string>> = [];
	transactionsPageSize = 100;
}
