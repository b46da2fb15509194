/**
 * Finances 2024-06-19 listTransactions, shared by Refund: Check, Refund: Get Many, Refund on
 * Receipt and Claim: Get SAFE-T Reimbursements. Per order through `relatedIdentifierName=ORDER_ID`
 * (no dates needed: https://developer-docs.amazon.com/sp-api/docs/list-transactions-by-order), or
 * one posted-date window in 180-day slices. Both fill one RefundIndex that keeps each transaction
 * item once.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { RefundIndex, refundEntries, type Transaction } from '../logic/refundIndex';
import { amazonRequest, type AmazonContext } from '../transport';

export const DAY = 86_400_000;
// listTransactions answers an empty 200 (not an error) beyond 180 days, so no slice may be longer.
const MAX_WINDOW = 180 * DAY;
// Amazon refuses a postedBefore later than two minutes before the request.
export const NEWEST_ALLOWED_MS = 3 * 60_000;

/** Transactions the index could not read, per order, so those orders' items fail loudly. */
export type BrokenOrders = Map<string, string>;

function indexPage(
	index: RefundIndex,
	broken: BrokenOrders,
	transactions: Transaction[],
	refundTypes: string[],
): void {
	for (const transaction of transactions) {
		try {
			index.add(refundEntries(transaction, refundTypes));
		} catch (error) {
			const orderId =
				transaction.relatedIdentifiers?.find((r) => r.relatedIdentifierName === 'ORDER_ID')
					?.relatedIdentifierValue ?? '';
			broken.set(orderId.trim().toUpperCase(), (error as Error).message);
		}
	}
}

async function listTransactions(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	query: IDataObject,
	itemIndex: number,
	onPage: (transactions: Transaction[]) => void,
): Promise<number> {
	let nextToken: string | undefined;
	const seen = new Set<string>();
	let pages = 0;
	do {
		const response = await amazonRequest.call(context, ctx, {
			operation: 'listTransactions',
			itemIndex,
			method: 'GET',
			path: '/finances/2024-06-19/transactions',
			qs: { ...query, ...(nextToken ? { nextToken } : {}) },
		});
		const payload = ((response.body as IDataObject)?.payload ?? {}) as {
			nextToken?: string | null;
			transactions?: Transaction[];
		};
		onPage(payload.transactions ?? []);
		pages++;
		nextToken = payload.nextToken || undefined;
		if (nextToken && seen.has(nextToken))
			throw new NodeOperationError(
				context.getNode(),
				'Amazon listTransactions returned the same nextToken twice; stopped paging',
				{ itemIndex },
			);
		if (nextToken) seen.add(nextToken);
	} while (nextToken);
	return pages;
}

export async function fetchWindow(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	index: RefundIndex,
	start: number,
	end: number,
	refundTypes: string[],
	broken: BrokenOrders = new Map(),
): Promise<number> {
	let pages = 0;
	for (let from = start; from < end; from += MAX_WINDOW) {
		const to = Math.min(end, from + MAX_WINDOW);
		pages += await listTransactions(
			context,
			ctx,
			{ postedAfter: new Date(from).toISOString(), postedBefore: new Date(to).toISOString() },
			0,
			(transactions) => indexPage(index, broken, transactions, refundTypes),
		);
	}
	return pages;
}

export async function fetchOrder(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	index: RefundIndex,
	orderId: string,
	itemIndex: number,
	refundTypes: string[],
	broken: BrokenOrders,
): Promise<void> {
	await listTransactions(
		context,
		ctx,
		{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: orderId },
		itemIndex,
		(transactions) => indexPage(index, broken, transactions, refundTypes),
	);
}
