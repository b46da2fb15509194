/**
 * Refund: Check. Each order is asked with Finances 2024-06-19 listTransactions filtered by
 * `relatedIdentifierName=ORDER_ID` (no dates needed:
 * https://developer-docs.amazon.com/sp-api/docs/list-transactions-by-order). A large batch is
 * answered from one posted-date window instead (all pages, 180-day slices), and items the window
 * cannot answer (older than it, or a "no" without an event date) are asked per order. Both paths
 * fill one index that keeps each transaction item once. Runs once for the whole batch.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor, MoneyError, toMinorUnits } from '../../../shared/money';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import {
	DAY,
	fetchOrder,
	fetchWindow,
	NEWEST_ALLOWED_MS,
	type BrokenOrders,
} from '../../helpers/transactions';
import {
	DEFAULT_REFUND_TYPES,
	possibleDuplicate,
	RefundIndex,
	refundStatus,
	type RefundEntry,
} from '../../logic/refundIndex';
import type { AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

/** Check's own fields; Amazon Order ID, Refund Trigger Date and Options are shared (common). */
export const description: INodeProperties[] = [
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description: 'Optional: check this SKU of the order only',
		displayOptions: show('refund', ['check']),
	},
	{
		displayName: 'Expected Amount',
		name: 'expectedAmount',
		type: 'string',
		default: '',
		description: 'Optional: the full refund, to flag partial refunds',
		displayOptions: show('refund', ['check']),
	},
	{
		displayName: 'Event Date',
		name: 'eventDate',
		type: 'string',
		default: '',
		description:
			'Optional: when the return happened (or the order date). Items older than the window are looked up per order; recent ones are flagged while Amazon may still be posting.',
		displayOptions: show('refund', ['check']),
	},
];

interface CheckItem {
	itemIndex: number;
	orderId: string;
	sku: string;
	expectedRaw: string | null;
	eventAt: number | null;
	triggerAt: number | null;
}

function sum(refunds: RefundEntry[], field: keyof RefundEntry): number {
	return refunds.reduce((total, r) => total + (r[field] as number), 0);
}

function answer(
	context: IExecuteFunctions,
	item: CheckItem,
	found: RefundEntry[],
	source: string,
	checkedAt: number,
	lagMs: number,
): IDataObject {
	const refunds = found.filter((r) => r.kind === 'refund');
	const reimbursements = found.filter((r) => r.kind === 'reimbursement');
	const currencies = [...new Set(refunds.map((r) => r.currency))].sort();
	const currency = currencies.length === 1 ? currencies[0] : null;
	const money = (field: keyof RefundEntry) => (currency ? sum(refunds, field) : null);
	const grossMinor = money('grossMinor');
	let expectedMinor: number | null = null;
	if (item.expectedRaw !== null && currency) {
		try {
			expectedMinor = toMinorUnits(item.expectedRaw, currency);
		} catch (error) {
			throw new NodeOperationError(
				context.getNode(),
				`"Expected Amount" ${(error as Error).message}`,
				{ itemIndex: item.itemIndex },
			);
		}
	}
	const status = refundStatus({
		refunds,
		sku: item.sku,
		triggerAt: item.triggerAt,
		checkedAt,
		lagMs,
	});
	const latest =
		refunds
			.map((r) => r.postedAt)
			.sort()
			.pop() ?? null;
	const trigger = item.triggerAt ?? checkedAt;
	return {
		orderId: item.orderId,
		sku: item.sku,
		refundStatus: status,
		refunded: status === 'refunded',
		refundCount: refunds.length,
		possibleDuplicate: possibleDuplicate(refunds),
		// Refunds Amazon posted for the whole order: they may cover this SKU; never credit on top.
		orderLevelRefund: refunds.some((r) => r.orderLevel),
		deferred: refunds.some((r) => r.status.toUpperCase() === 'DEFERRED'),
		amount: grossMinor !== null && currency ? formatMinor(grossMinor, currency) : null,
		amountMinor: grossMinor,
		principalMinor: money('principalMinor'),
		taxMinor: money('taxMinor'),
		shippingMinor: money('shippingMinor'),
		feesMinor: money('feesMinor'),
		netMinor: money('netMinor'),
		currency,
		currencies,
		expectedMinor,
		partial:
			expectedMinor !== null && grossMinor !== null && grossMinor > 0
				? grossMinor < expectedMinor
				: null,
		postedDate: latest,
		adjustmentIds: refunds.map((r) => r.adjustmentId).filter(Boolean),
		refunds: refunds as unknown as IDataObject[],
		reimbursements: reimbursements as unknown as IDataObject[],
		source,
		checkedAt: new Date(checkedAt).toISOString(),
		refundTriggerAt: new Date(trigger).toISOString(),
		// Amazon posts financial events up to the lag late, counted from the refund trigger.
		finalAfter: status === 'not_yet_known' ? new Date(trigger + lagMs).toISOString() : null,
		mayBeMissingDueToLag: status === 'not_yet_known',
	};
}

function dateOf(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number | null | string {
	const raw = context.getNodeParameter(name, itemIndex, '') as string | undefined | null;
	if (raw === '' || raw === null || raw === undefined) return null;
	const ms = Date.parse(String(raw));
	return Number.isNaN(ms) ? `"${label}" is not a date: ${String(raw)}` : ms;
}

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const options = this.getNodeParameter('refundOptions', 0, {}) as {
		lookbackDays?: number;
		lagHours?: number;
		perOrder?: boolean;
		perOrderUpTo?: number;
		refundTypes?: string;
	};
	const checkedAt = Date.now();
	const end = checkedAt - NEWEST_ALLOWED_MS;
	const start = end - (options.lookbackDays ?? 90) * DAY;
	const lagMs = (options.lagHours ?? 48) * 3_600_000;
	const refundTypes = (options.refundTypes ?? DEFAULT_REFUND_TYPES.join(', '))
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
					refundStatus: null,
					flag: 'missing_order_id',
					message: `Item ${itemIndex} has no Amazon order id; it cannot be checked`,
				},
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		const expected = this.getNodeParameter('expectedAmount', itemIndex, '') as
			string | number | undefined | null;
		const expectedRaw =
			expected === '' || expected === null || expected === undefined ? null : String(expected);
		const eventAt = dateOf(this, 'eventDate', 'Event Date', itemIndex);
		const triggerAt = dateOf(this, 'refundTriggerDate', 'Refund Trigger Date', itemIndex);
		let problem =
			typeof eventAt === 'string' ? eventAt : typeof triggerAt === 'string' ? triggerAt : null;
		if (!problem && expectedRaw !== null) {
			try {
				// The currency is known once Amazon answers; the widest minor unit checks the form now.
				toMinorUnits(expectedRaw, 'CLF');
			} catch (error) {
				// "1,500" is ambiguous only in a currency with three or more decimals: decided (and
				// refused there, naming the item) once Amazon's answer gives the currency.
				if (!(error instanceof MoneyError && error.reason === 'ambiguous'))
					problem =
						error instanceof MoneyError
							? `"Expected Amount" is not a number: ${expectedRaw}`
							: String(error);
			}
		}
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
			expectedRaw,
			eventAt: eventAt as number | null,
			triggerAt: triggerAt as number | null,
		});
	}
	const index = new RefundIndex();
	const broken: BrokenOrders = new Map();
	const orders = new Set(items.map((item) => item.orderId.toUpperCase()));
	// A few orders cost one call each; a large batch costs fewer calls through one window.
	const allPerOrder = options.perOrder === true || orders.size <= (options.perOrderUpTo ?? 20);
	const perOrder = allPerOrder
		? items
		: items.filter((item) => item.eventAt !== null && item.eventAt < start);
	const inWindow = items.filter((item) => !perOrder.includes(item));
	try {
		if (inWindow.length > 0) await fetchWindow(this, ctx, index, start, end, refundTypes, broken);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this, error, inWindow[0].itemIndex);
		for (const item of inWindow) output.push(errorItem(error, item.itemIndex));
		inWindow.length = 0;
	}
	const fetched = new Set<string>();
	const ensureOrder = async (item: CheckItem) => {
		const key = item.orderId.toUpperCase();
		if (fetched.has(key)) return;
		await fetchOrder(this, ctx, index, item.orderId, item.itemIndex, refundTypes, broken);
		fetched.add(key);
	};
	const respond = (item: CheckItem, source: string) => {
		const problem = broken.get(item.orderId.toUpperCase());
		if (problem)
			throw new NodeOperationError(this.getNode(), `Amazon order ${item.orderId}: ${problem}`, {
				itemIndex: item.itemIndex,
			});
		output.push({
			json: answer(
				this,
				item,
				index.lookup(item.orderId, item.sku || undefined),
				source,
				checkedAt,
				lagMs,
			),
			pairedItem: { item: item.itemIndex },
		});
	};
	for (const item of perOrder) {
		try {
			await ensureOrder(item);
			respond(item, 'perOrder');
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, item.itemIndex);
			output.push(errorItem(error, item.itemIndex));
		}
	}
	for (const item of inWindow) {
		try {
			let source = 'window';
			// Without an event date nobody knows whether the window covers the order: a "no" from
			// the window could be a refund posted before it, so it is confirmed per order.
			const found = index.lookup(item.orderId, item.sku || undefined);
			if (item.eventAt === null && !found.some((r) => r.kind === 'refund' && r.grossMinor > 0)) {
				await ensureOrder(item);
				source = 'window+perOrder';
			}
			respond(item, source);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, item.itemIndex);
			output.push(errorItem(error, item.itemIndex));
		}
	}
	output.sort(
		(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
	);
	return output;
}
