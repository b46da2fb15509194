/**
 * "Already refunded?" from Finances 2024-06-19 transactions: refunds indexed by Amazon order id
 * and SKU, so one batch of pages answers thousands of order lines.
 */
import { moneyFromFloat } from '../../shared/money';

export interface RefundEntry {
	orderId: string;
	sku: string;
	quantity: number;
	/** Money paid back, positive, in minor units. */
	amountMinor: number;
	currency: string;
	postedAt: string;
	adjustmentId: string;
	transactionId: string;
}

interface Amount {
	currencyCode?: string;
	currencyAmount?: number;
}

interface Transaction {
	transactionType?: string;
	transactionId?: string;
	description?: string;
	postedDate?: string;
	totalAmount?: Amount;
	relatedIdentifiers?: Array<{ relatedIdentifierName?: string; relatedIdentifierValue?: string }>;
	items?: Array<{
		totalAmount?: Amount;
		relatedIdentifiers?: Array<{
			itemRelatedIdentifierName?: string;
			itemRelatedIdentifierValue?: string;
		}>;
		contexts?: Array<{ contextType?: string; sku?: string; quantityShipped?: number }>;
	}>;
}

/** Amazon documents no refund transactionType; "Refund" in the type or description marks one. */
export function isRefund(transaction: Transaction, refundTypes: string[]): boolean {
	const type = (transaction.transactionType ?? '').toLowerCase();
	return (
		refundTypes.some((t) => t.toLowerCase() === type) ||
		/refund/i.test(transaction.description ?? '')
	);
}

function toMinor(amount: Amount | undefined): { amountMinor: number; currency: string } | null {
	if (!amount?.currencyCode || amount.currencyAmount === undefined) return null;
	const value = moneyFromFloat(amount.currencyAmount, amount.currencyCode);
	return { amountMinor: Math.abs(value.amountMinor), currency: value.currency };
}

export function refundEntries(transaction: Transaction, refundTypes: string[]): RefundEntry[] {
	if (!isRefund(transaction, refundTypes)) return [];
	const orderId =
		transaction.relatedIdentifiers?.find((r) => r.relatedIdentifierName === 'ORDER_ID')
			?.relatedIdentifierValue ?? '';
	const items = transaction.items?.length
		? transaction.items
		: [{ totalAmount: transaction.totalAmount }];
	return items.flatMap((item) => {
		const total = toMinor(item.totalAmount ?? transaction.totalAmount);
		if (!total) return [];
		const product = item.contexts?.find((c) => c.contextType === 'ProductContext');
		return [
			{
				orderId,
				sku: product?.sku ?? '',
				quantity: Math.abs(product?.quantityShipped ?? 1),
				...total,
				postedAt: transaction.postedDate ?? '',
				adjustmentId:
					item.relatedIdentifiers?.find(
						(r) => r.itemRelatedIdentifierName === 'ORDER_ADJUSTMENT_ITEM_ID',
					)?.itemRelatedIdentifierValue ?? '',
				transactionId: transaction.transactionId ?? '',
			},
		];
	});
}

export class RefundIndex {
	private readonly byOrder = new Map<string, RefundEntry[]>();

	add(entries: RefundEntry[]): void {
		for (const entry of entries) {
			const key = entry.orderId.trim().toUpperCase();
			const list = this.byOrder.get(key) ?? [];
			if (
				!list.some(
					(e) =>
						e.transactionId === entry.transactionId &&
						e.adjustmentId === entry.adjustmentId &&
						e.sku === entry.sku,
				)
			)
				list.push(entry);
			this.byOrder.set(key, list);
		}
	}

	/** Every refund held, once each, in the order it was fetched. */
	all(): RefundEntry[] {
		return [...this.byOrder.values()].flat();
	}

	lookup(orderId: string, sku?: string): RefundEntry[] {
		const list = this.byOrder.get(orderId.trim().toUpperCase()) ?? [];
		if (!sku) return list;
		return list.filter((entry) => entry.sku.toUpperCase() === sku.trim().toUpperCase());
	}
}
