/**
 * Refund: Get Many. Every refund posted in a window (Finances 2024-06-19 listTransactions, all
 * pages, 180-day slices), one item per refunded SKU line, in the Reconciliation Matcher's field
 * names, so the nightly reconciliation wires it straight into the matcher's Refunds input.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor } from '../../shared/money';
import { RefundIndex } from '../logic/refundIndex';
import type { AmazonContext } from '../transport';
import { fetchWindow } from './refundCheck';

const DAY = 86_400_000;
// Amazon refuses a postedBefore later than two minutes before now.
const NEWEST_ALLOWED_MS = 3 * 60_000;

function dateParameter(context: IExecuteFunctions, name: string, label: string, itemIndex: number): number | null {
	const raw = context.getNodeParameter(name, itemIndex, '') as string;
	if (!raw) return null;
	const ms = Date.parse(String(raw));
	if (Number.isNaN(ms)) throw new NodeOperationError(context.getNode(), `"${label}" is not a date: ${String(raw)}`, { itemIndex });
	return ms;
}

export async function listRefunds(this: IExecuteFunctions, ctx: AmazonContext, itemIndex: number): Promise<IDataObject[]> {
	const options = this.getNodeParameter('refundListOptions', itemIndex, {}) as { lookbackDays?: number; refundTypes?: string; fulfillment?: string };
	const latest = Date.now() - NEWEST_ALLOWED_MS;
	const end = Math.min(dateParameter(this, 'postedBefore', 'Posted Before', itemIndex) ?? latest, latest);
	const start = dateParameter(this, 'postedAfter', 'Posted After', itemIndex) ?? end - (options.lookbackDays ?? 90) * DAY;
	if (start >= end) throw new NodeOperationError(this.getNode(), `"Posted After" (${new Date(start).toISOString()}) must be before "Posted Before" (${new Date(end).toISOString()})`, { itemIndex });
	const refundTypes = (options.refundTypes ?? 'Refund').split(',').map((t) => t.trim()).filter(Boolean);
	const index = new RefundIndex();
	await fetchWindow(this, ctx, index, start, end, refundTypes);
	return index.all().map((entry) => ({
		channel: 'amazon',
		refundId: entry.adjustmentId || entry.transactionId,
		transactionId: entry.transactionId,
		orderId: entry.orderId,
		sku: entry.sku,
		quantity: entry.quantity,
		amount: formatMinor(entry.amountMinor, entry.currency),
		amountMinor: entry.amountMinor,
		currency: entry.currency,
		refundedAt: entry.postedAt,
		fulfillment: options.fulfillment ?? '',
	}));
}
