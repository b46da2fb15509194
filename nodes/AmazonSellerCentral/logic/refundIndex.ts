/**
 * "Already refunded?" from Finances 2024-06-19 transactions
 * (https://github.com/amzn/selling-partner-api-models/blob/main/models/finances-api-model/finances_2024-06-19.json).
 *
 * Money: a transaction's and an item's `totalAmount` are net of Amazon's fees (a refund shows
 * ProductCharges -57.01 beside AmazonFees +6.84:
 * https://github.com/amzn/selling-partner-api-models/issues/4274), so what the buyer got back is
 * read from the breakdown tree: principal, tax, shipping and fees as separate minor-unit sums.
 *
 * Kinds: Amazon documents no list of `transactionType` values, and descriptions are not types (a
 * tax Retrocharge is described "RetroChargeRefund":
 * https://github.com/amzn/selling-partner-api-models/issues/4271), so only the configured types
 * count as refunds; reimbursements to the seller (SAFE-T, FBA inventory) are kept apart. Signs are
 * kept: a reversal reduces the refunded sum instead of adding to it.
 *
 * Pure module: no n8n imports.
 */
import { moneyFromFloat } from '../../shared/money';

/** transactionType values that mean money went back to the buyer (configurable in the node). */
export const DEFAULT_REFUND_TYPES: readonly string[] = [
	'Refund',
	'ChargebackRefund',
	'Chargeback',
	'GuaranteeClaim',
	'GuaranteeClaimRefund',
];

/** transactionType values that pay the seller back (claims), never a refund to the buyer. */
const DEFAULT_REIMBURSEMENT_TYPES: readonly string[] = [
	'SAFETReimbursement',
	'FBAInventoryReimbursement',
	'Reimbursement',
];

export type EntryKind = 'refund' | 'reimbursement';

export interface RefundEntry {
	kind: EntryKind;
	transactionType: string;
	orderId: string;
	/** Empty for a refund Amazon posted for the whole order (no items or no product context). */
	sku: string;
	orderLevel: boolean;
	quantity: number;
	currency: string;
	/** Refunded to the buyer, positive for a refund and negative for its reversal (minor units). */
	principalMinor: number;
	taxMinor: number;
	shippingMinor: number;
	/** Fees Amazon gave back to the seller on the refund (positive) or charged (negative). */
	feesMinor: number;
	/** Other breakdown leaves (promotions, withheld tax), as refunded to the buyer. */
	otherMinor: number;
	/** principal + tax + shipping: what the buyer got back. */
	grossMinor: number;
	/** Amazon's total for the item or transaction as posted (signed as Amazon writes it). */
	netMinor: number;
	/** False when Amazon sent no breakdown: gross is then the negated net total. */
	breakdownKnown: boolean;
	postedAt: string;
	status: string;
	adjustmentId: string;
	transactionId: string;
	/** Unique per transaction item: the de-duplication key across fetch paths. */
	key: string;
	fulfillmentNetwork: string;
}

interface Amount {
	currencyCode?: string;
	currencyAmount?: number | string | { $numberDecimal?: number | string };
}

export interface Breakdown {
	breakdownType?: string;
	breakdownAmount?: Amount;
	breakdowns?: Breakdown[] | null;
}

export interface Transaction {
	transactionType?: string;
	transactionId?: string;
	transactionStatus?: string;
	description?: string;
	postedDate?: string;
	totalAmount?: Amount;
	relatedIdentifiers?: Array<{ relatedIdentifierName?: string; relatedIdentifierValue?: string }>;
	breakdowns?: Breakdown[] | null;
	items?: Array<{
		totalAmount?: Amount;
		breakdowns?: Breakdown[] | null;
		relatedIdentifiers?: Array<{
			itemRelatedIdentifierName?: string;
			itemRelatedIdentifierValue?: string;
		}> | null;
		contexts?: Array<{
			contextType?: string;
			sku?: string;
			quantityShipped?: number;
			fulfillmentNetwork?: string | null;
		}> | null;
	}> | null;
}

class TransactionShapeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TransactionShapeError';
	}
}

function minor(amount: Amount | undefined, context: string): { value: number; currency: string } {
	const raw = amount?.currencyAmount;
	const value =
		raw !== null && typeof raw === 'object' ? Number(raw.$numberDecimal) : Number(raw ?? NaN);
	if (!amount?.currencyCode || !Number.isFinite(value))
		throw new TransactionShapeError(`${context}: amount or currency missing`);
	const money = moneyFromFloat(value, amount.currencyCode);
	return { value: money.amountMinor, currency: money.currency };
}

type Bucket = 'principal' | 'tax' | 'shipping' | 'fees' | 'other';

/**
 * Breakdown types are free text (the model's own example spells "Principle"), so leaves are
 * classified by name, and everything under a fee branch counts as a fee.
 */
function bucketOf(path: string[]): Bucket {
	const leaf = (path[path.length - 1] ?? '').toLowerCase().replace(/[^a-z]/g, '');
	if (path.some((p) => /fee|commission/i.test(p) && !/productcharges/i.test(p))) return 'fees';
	if (leaf === 'principal' || leaf === 'principle' || leaf === 'productprice') return 'principal';
	if (leaf.startsWith('shipping') && leaf.includes('tax')) return 'tax';
	if (leaf.startsWith('shipping')) return 'shipping';
	if (leaf === 'tax' || leaf === 'producttax' || leaf === 'itemtax' || leaf === 'salestax')
		return 'tax';
	return 'other';
}

function sumLeaves(
	breakdowns: Breakdown[],
	path: string[],
	into: Record<Bucket, number>,
	currency: { code: string | null },
	context: string,
): void {
	for (const breakdown of breakdowns) {
		const here = [...path, breakdown.breakdownType ?? ''];
		if (breakdown.breakdowns && breakdown.breakdowns.length > 0) {
			sumLeaves(breakdown.breakdowns, here, into, currency, context);
			continue;
		}
		const { value, currency: code } = minor(breakdown.breakdownAmount, context);
		if (currency.code && currency.code !== code)
			throw new TransactionShapeError(`${context}: breakdowns mix ${currency.code} and ${code}`);
		currency.code = code;
		into[bucketOf(here)] += value;
	}
}

function kindOf(
	type: string,
	refundTypes: readonly string[],
	reimbursementTypes: readonly string[],
): EntryKind | null {
	const t = type.toLowerCase();
	if (refundTypes.some((r) => r.toLowerCase() === t)) return 'refund';
	if (reimbursementTypes.some((r) => r.toLowerCase() === t)) return 'reimbursement';
	return null;
}

/**
 * The refund (or reimbursement) lines of one transaction, one per item, or one order-level line
 * when Amazon sent no item. Breakdowns are read per item; a transaction whose items carry none
 * (https://github.com/amzn/selling-partner-api-models/issues/4993) uses the transaction's
 * breakdowns when it has a single item or none.
 */
export function refundEntries(
	transaction: Transaction,
	refundTypes: readonly string[] = DEFAULT_REFUND_TYPES,
	reimbursementTypes: readonly string[] = DEFAULT_REIMBURSEMENT_TYPES,
): RefundEntry[] {
	const type = transaction.transactionType ?? '';
	const kind = kindOf(type, refundTypes, reimbursementTypes);
	if (!kind) return [];
	const transactionId = transaction.transactionId ?? '';
	const context = `Transaction ${transactionId || '(no id)'} (${type})`;
	const orderId =
		transaction.relatedIdentifiers?.find((r) => r.relatedIdentifierName === 'ORDER_ID')
			?.relatedIdentifierValue ?? '';
	const items = transaction.items ?? [];
	const lines =
		items.length > 0
			? items.map((item, position) => ({
					item,
					position,
					breakdowns:
						item.breakdowns && item.breakdowns.length > 0
							? item.breakdowns
							: items.length === 1
								? (transaction.breakdowns ?? [])
								: [],
					total: item.totalAmount ?? (items.length === 1 ? transaction.totalAmount : undefined),
				}))
			: [
					{
						item: undefined,
						position: 0,
						breakdowns: transaction.breakdowns ?? [],
						total: transaction.totalAmount,
					},
				];
	return lines.map(({ item, position, breakdowns, total }) => {
		const net = minor(total, context);
		const sums: Record<Bucket, number> = { principal: 0, tax: 0, shipping: 0, fees: 0, other: 0 };
		const currency = { code: null as string | null };
		sumLeaves(breakdowns, [], sums, currency, context);
		if (currency.code && currency.code !== net.currency)
			throw new TransactionShapeError(
				`${context}: total in ${net.currency}, breakdowns in ${currency.code}`,
			);
		const breakdownKnown = currency.code !== null;
		const product = item?.contexts?.find((c) => c.contextType === 'ProductContext');
		const sku = product?.sku ?? '';
		// Amazon posts money paid back to the buyer as negative charges: negate to "refunded".
		const principal = breakdownKnown ? -sums.principal : -net.value;
		const tax = -sums.tax;
		const shipping = -sums.shipping;
		const adjustmentId =
			item?.relatedIdentifiers?.find(
				(r) => r.itemRelatedIdentifierName === 'ORDER_ADJUSTMENT_ITEM_ID',
			)?.itemRelatedIdentifierValue ?? '';
		return {
			kind,
			transactionType: type,
			orderId,
			sku,
			orderLevel: sku === '',
			quantity: Math.abs(product?.quantityShipped ?? 1),
			currency: net.currency,
			principalMinor: principal,
			taxMinor: tax,
			shippingMinor: shipping,
			feesMinor: sums.fees,
			otherMinor: -sums.other,
			grossMinor: principal + tax + shipping,
			netMinor: net.value,
			breakdownKnown,
			postedAt: transaction.postedDate ?? '',
			status: transaction.transactionStatus ?? '',
			adjustmentId,
			transactionId,
			key: `${transactionId}#${position}`,
			fulfillmentNetwork: product?.fulfillmentNetwork ?? '',
		};
	});
}

/**
 * Refund lines by Amazon order id, each once: the batch window and the per-order look-up return
 * the same transactions, and a line seen by both is kept once (keyed by transaction id and item).
 */
export class RefundIndex {
	private readonly byOrder = new Map<string, Map<string, RefundEntry>>();

	add(entries: RefundEntry[]): void {
		for (const entry of entries) {
			const order = entry.orderId.trim().toUpperCase();
			let list = this.byOrder.get(order);
			if (!list) this.byOrder.set(order, (list = new Map()));
			// Without a transaction id the amounts themselves identify the line.
			const key = entry.transactionId
				? entry.key
				: `${entry.postedAt}|${entry.sku}|${entry.adjustmentId}|${entry.netMinor}`;
			if (!list.has(key)) list.set(key, entry);
		}
	}

	/** Every line held, once each, in the order it was fetched. */
	all(): RefundEntry[] {
		return [...this.byOrder.values()].flatMap((m) => [...m.values()]);
	}

	/** Lines of the order; with a SKU, that SKU's lines plus the order-level ones. */
	lookup(orderId: string, sku?: string): RefundEntry[] {
		const list = [...(this.byOrder.get(orderId.trim().toUpperCase())?.values() ?? [])];
		if (!sku) return list;
		const wanted = sku.trim().toUpperCase();
		return list.filter((entry) => entry.orderLevel || entry.sku.toUpperCase() === wanted);
	}
}

export type RefundStatus = 'refunded' | 'not_refunded' | 'not_yet_known';

export interface RefundAnswerInput {
	refunds: RefundEntry[];
	sku: string;
	/** When the refund would have been triggered (ms), or null when unknown. */
	triggerAt: number | null;
	checkedAt: number;
	lagMs: number;
}

/**
 * Three-valued answer. A refund found (gross > 0 after reversals) is final. No refund is final
 * only when the refund trigger lies further back than the posting lag; inside it (or with no
 * trigger given) Amazon may still be posting, so the answer is "not yet known".
 */
export function refundStatus(input: RefundAnswerInput): RefundStatus {
	const refunds = input.refunds.filter((r) => r.kind === 'refund');
	const gross = refunds.reduce((sum, r) => sum + r.grossMinor, 0);
	if (refunds.length > 0 && gross > 0) return 'refunded';
	const trigger = input.triggerAt ?? input.checkedAt;
	return input.checkedAt - trigger < input.lagMs ? 'not_yet_known' : 'not_refunded';
}

/** More than one refund line for one SKU of the order (order-level lines are reported apart). */
export function possibleDuplicate(refunds: RefundEntry[]): boolean {
	const perSku = new Map<string, Set<string>>();
	for (const r of refunds) {
		if (r.kind !== 'refund' || r.orderLevel || r.grossMinor <= 0) continue;
		const ids = perSku.get(r.sku.toUpperCase()) ?? new Set<string>();
		ids.add(r.adjustmentId || r.key);
		perSku.set(r.sku.toUpperCase(), ids);
	}
	return [...perSku.values()].some((ids) => ids.size > 1);
}

export interface ReceiptRefundQuery {
	/** SKU of the received line; empty when unknown (then any refund on the order blocks it). */
	sku: string;
	/** Units this line would refund. */
	quantity: number;
	/**
	 * Units of this SKU received back on the order so far, this line's included; 0 when unknown
	 * (then any refund of the SKU blocks the line).
	 */
	unitsReceived: number;
	/** Units of this order and SKU already passed for refunding earlier in the same batch. */
	alreadyQueued: number;
	triggerAt: number | null;
	checkedAt: number;
	lagMs: number;
}

/**
 * Whether a received unit may be refunded on receipt, per order line rather than per order: a
 * refund Amazon made for SKU A does not stop SKU B. A refund Amazon posted for the whole order
 * (no SKU) may cover any line, so it stops every line. For the line's own SKU, Amazon's refunded
 * units plus those already passed in this batch plus this line may not exceed the units received
 * back; without that count any refund of the SKU stops the line (the safe answer). A refund entry
 * without a quantity counts as covering every unit.
 */
export function receiptRefundStatus(
	refunds: readonly RefundEntry[],
	query: ReceiptRefundQuery,
): RefundStatus {
	const own = refunds.filter((r) => r.kind === 'refund');
	const waitOrNot = (): RefundStatus => {
		const trigger = query.triggerAt ?? query.checkedAt;
		return query.checkedAt - trigger < query.lagMs ? 'not_yet_known' : 'not_refunded';
	};
	const sku = query.sku.trim().toUpperCase();
	if (!sku)
		return refundStatus({
			refunds: own,
			sku: '',
			triggerAt: query.triggerAt,
			checkedAt: query.checkedAt,
			lagMs: query.lagMs,
		});
	const orderLevel = own.filter((r) => r.orderLevel);
	if (orderLevel.length > 0 && orderLevel.reduce((s, r) => s + r.grossMinor, 0) > 0)
		return 'refunded';
	const ofSku = own.filter((r) => !r.orderLevel && r.sku.trim().toUpperCase() === sku);
	// Reversals (negative gross) cancel refunds of the same SKU.
	const grossMinor = ofSku.reduce((s, r) => s + r.grossMinor, 0);
	const refundedUnits =
		grossMinor <= 0
			? 0
			: ofSku
					.filter((r) => r.grossMinor > 0)
					.reduce((s, r) => s + (r.quantity > 0 ? r.quantity : Number.POSITIVE_INFINITY), 0);
	if (refundedUnits === 0 && query.alreadyQueued === 0) return waitOrNot();
	if (query.unitsReceived <= 0) return refundedUnits > 0 ? 'refunded' : waitOrNot();
	if (refundedUnits + query.alreadyQueued + query.quantity > query.unitsReceived) return 'refunded';
	// Room for one more unit: Amazon may still be posting a refund for it inside the lag.
	return waitOrNot();
}
