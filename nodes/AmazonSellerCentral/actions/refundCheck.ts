/**
 * Refund: Check. For a batch, refund transactions are fetched once for the posted-date window
 * covering the batch (Finances 2024-06-19 listTransactions, all pages), indexed by order and SKU,
 * and every item answered from the index. Items older than the window, or all when the user
 * chooses, are looked up per order (Finances v0 listFinancialEventsByOrderId), and so is a "not
 * refunded" for an item without an event date, which the window alone cannot prove.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor, moneyFromFloat } from '../../shared/money';
import { asNodeError, errorItem } from '../../shared/n8n/runPerItem';
import { RefundIndex, refundEntries, type RefundEntry } from '../logic/refundIndex';
import { amazonRequest, type AmazonContext } from '../transport';

const DAY = 86_400_000;
const MAX_WINDOW = 180 * DAY;

interface CheckItem {
	itemIndex: number;
	orderId: string;
	sku: string;
	expectedMinor: number | null;
	eventAt: number | null;
}

export async function fetchWindow(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	index: RefundIndex,
	start: number,
	end: number,
	refundTypes: string[],
): Promise<number> {
	let pages = 0;
	for (let from = start; from < end; from += MAX_WINDOW) {
		const to = Math.min(end, from + MAX_WINDOW);
		let nextToken: string | undefined;
		do {
			const qs: IDataObject = {
				postedAfter: new Date(from).toISOString(),
				postedBefore: new Date(to).toISOString(),
				...(nextToken ? { nextToken } : {}),
			};
			const response = await amazonRequest.call(context, ctx, {
				operation: 'listTransactions',
				itemIndex: 0,
				method: 'GET',
				path: '/finances/2024-06-19/transactions',
				qs,
			});
			const payload = ((response.body as IDataObject)?.payload ?? {}) as {
				nextToken?: string;
				transactions?: IDataObject[];
			};
			for (const transaction of payload.transactions ?? [])
				index.add(refundEntries(transaction, refundTypes));
			nextToken = payload.nextToken || undefined;
			pages++;
		} while (nextToken);
	}
	return pages;
}

interface V0Charge {
	ChargeType?: string;
	ChargeAmount?: { CurrencyCode?: string; CurrencyAmount?: number };
}

async function fetchOrder(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	index: RefundIndex,
	orderId: string,
	itemIndex: number,
): Promise<void> {
	let nextToken: string | undefined;
	do {
		const response = await amazonRequest.call(context, ctx, {
			operation: 'listFinancialEventsByOrderId',
			itemIndex,
			method: 'GET',
			path: `/finances/v0/orders/${encodeURIComponent(orderId)}/financialEvents`,
			qs: { MaxResultsPerPage: 100, ...(nextToken ? { NextToken: nextToken } : {}) },
		});
		const payload = ((response.body as IDataObject)?.payload ?? {}) as {
			NextToken?: string;
			FinancialEvents?: Record<string, IDataObject[]>;
		};
		const events = payload.FinancialEvents ?? {};
		// Refunds, A-to-z guarantee claims and chargebacks all return money to the buyer.
		for (const list of ['RefundEventList', 'GuaranteeClaimEventList', 'ChargebackEventList']) {
			for (const event of events[list] ?? []) {
				for (const item of (event.ShipmentItemAdjustmentList as IDataObject[]) ?? []) {
					const charges = (item.ItemChargeAdjustmentList as V0Charge[]) ?? [];
					const currency = charges[0]?.ChargeAmount?.CurrencyCode ?? '';
					const total = currency
						? charges.reduce(
								(sum, c) =>
									sum + moneyFromFloat(c.ChargeAmount?.CurrencyAmount ?? 0, currency).amountMinor,
								0,
							)
						: 0;
					index.add([
						{
							orderId,
							sku: String(item.SellerSKU ?? ''),
							quantity: Math.abs(Number(item.QuantityShipped ?? 1)),
							amountMinor: Math.abs(total),
							currency,
							postedAt: String(event.PostedDate ?? ''),
							adjustmentId: String(item.OrderAdjustmentItemId ?? ''),
							transactionId: `${list}:${String(event.PostedDate)}:${String(item.OrderAdjustmentItemId ?? '')}`,
						},
					]);
				}
			}
		}
		nextToken = payload.NextToken || undefined;
	} while (nextToken);
}

function answer(
	item: CheckItem,
	refunds: RefundEntry[],
	source: string,
	checkedThrough: number,
	lagMs: number,
): IDataObject {
	const currencies = [...new Set(refunds.map((r) => r.currency))];
	const amountMinor =
		currencies.length === 1 ? refunds.reduce((sum, r) => sum + r.amountMinor, 0) : null;
	const latest =
		refunds
			.map((r) => r.postedAt)
			.sort()
			.pop() ?? null;
	return {
		orderId: item.orderId,
		sku: item.sku,
		refunded: refunds.length > 0,
		refundCount: refunds.length,
		possibleDuplicate: refunds.length > 1,
		amount: amountMinor !== null && currencies[0] ? formatMinor(amountMinor, currencies[0]) : null,
		amountMinor,
		currency: currencies.length === 1 ? currencies[0] : null,
		currencies,
		partial:
			item.expectedMinor !== null && amountMinor !== null ? amountMinor < item.expectedMinor : null,
		postedDate: latest,
		adjustmentIds: refunds.map((r) => r.adjustmentId).filter(Boolean),
		refunds: refunds as unknown as IDataObject[],
		source,
		checkedThrough: new Date(checkedThrough).toISOString(),
		// Amazon posts financial events up to 48 hours late: a recent "no" is not yet final.
		mayBeMissingDueToLag:
			refunds.length === 0 && item.eventAt !== null && item.eventAt > checkedThrough - lagMs,
	};
}

export async function checkRefunds(
	this: IExecuteFunctions,
	ctx: AmazonContext,
): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const options = this.getNodeParameter('refundOptions', 0, {}) as {
		lookbackDays?: number;
		lagHours?: number;
		perOrder?: boolean;
		refundTypes?: string;
	};
	const now = Date.now();
	const end = now - 3 * 60_000;
	const start = end - (options.lookbackDays ?? 90) * DAY;
	const lagMs = (options.lagHours ?? 48) * 3_600_000;
	const refundTypes = (options.refundTypes ?? 'Refund')
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	const output: INodeExecutionData[] = [];
	const items: CheckItem[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const orderId = String(this.getNodeParameter('orderId', itemIndex, '') ?? '').trim();
		if (!orderId) {
			output.push({
				json: {
					orderId: '',
					refunded: null,
					flag: 'missing_order_id',
					message: `Item ${itemIndex} has no Amazon order id; it cannot be checked`,
				},
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		const expected = this.getNodeParameter('expectedAmount', itemIndex, '') as
			string | number | undefined | null;
		const eventDate = this.getNodeParameter('eventDate', itemIndex, '') as
			string | undefined | null;
		const expectedNumber =
			expected === '' || expected === null || expected === undefined
				? null
				: Number(String(expected).replace(',', '.'));
		const eventAt = eventDate ? Date.parse(String(eventDate)) : null;
		const problem =
			expectedNumber !== null && !Number.isFinite(expectedNumber)
				? `"Expected Amount" is not a number: ${String(expected)}`
				: eventAt !== null && Number.isNaN(eventAt)
					? `"Event Date" is not a date: ${String(eventDate)}`
					: null;
		if (problem) {
			const error = new NodeOperationError(this.getNode(), problem, { itemIndex });
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(error, itemIndex));
			continue;
		}
		items.push({
			itemIndex,
			orderId,
			sku: String(this.getNodeParameter('sku', itemIndex, '') ?? '').trim(),
			expectedMinor: expectedNumber === null ? null : Math.round(expectedNumber * 100),
			eventAt,
		});
	}
	const index = new RefundIndex();
	const perOrder =
		options.perOrder === true
			? items
			: items.filter((item) => item.eventAt !== null && item.eventAt < start);
	const inWindow = items.filter((item) => !perOrder.includes(item));
	try {
		if (inWindow.length > 0) await fetchWindow(this, ctx, index, start, end, refundTypes);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this, error, inWindow[0].itemIndex);
		for (const item of inWindow) output.push(errorItem(error, item.itemIndex));
		inWindow.length = 0;
	}
	const fetched = new Set<string>();
	for (const item of perOrder) {
		try {
			if (!fetched.has(item.orderId))
				await fetchOrder(this, ctx, index, item.orderId, item.itemIndex);
			fetched.add(item.orderId);
			output.push({
				json: answer(
					item,
					index.lookup(item.orderId, item.sku || undefined),
					'perOrder',
					end,
					lagMs,
				),
				pairedItem: { item: item.itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, item.itemIndex);
			output.push(errorItem(error, item.itemIndex));
		}
	}
	for (const item of inWindow) {
		let refunds = index.lookup(item.orderId, item.sku || undefined);
		let source = 'window';
		// Without an event date nobody knows whether the window covers the order: a "no" from the
		// window could be a refund posted before it, so it is confirmed per order before it counts.
		if (refunds.length === 0 && item.eventAt === null) {
			try {
				if (!fetched.has(item.orderId))
					await fetchOrder(this, ctx, index, item.orderId, item.itemIndex);
				fetched.add(item.orderId);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, item.itemIndex);
				output.push(errorItem(error, item.itemIndex));
				continue;
			}
			refunds = index.lookup(item.orderId, item.sku || undefined);
			source = 'window+perOrder';
		}
		output.push({
			json: answer(item, refunds, source, end, lagMs),
			pairedItem: { item: item.itemIndex },
		});
	}
	output.sort(
		(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
	);
	return output;
}
