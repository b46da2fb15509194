/**
 * Settlement -> Reconciliation Matcher: the refund, chargeback and reversal-reimbursement rows of
 * a settlement flat file (V2 or V1, as parsed by SettlementParser) as matcher refund records,
 * under the matcher's field names (refundId, channel, orderId, merchantOrderId, sku, quantity,
 * amount, currency, refundedAt, fulfillment, refundReason, type). Pure module.
 *
 * Amazon publishes no list of settlement `transaction-type` values
 * (https://developer-docs.amazon.com/sp-api/docs/settlement-reports-attributes names the columns
 * only), so which types count is a setting with the values seen in real files as defaults.
 *
 * One record per settlement, transaction type, order, adjustment and SKU: a refund is several
 * amount rows (principal, tax, shipping, Amazon's fees) that belong together. The record's amount
 * is the refunded principal, gross of Amazon's fees (what the buyer got back for the goods, which
 * the matcher compares with the unit price); tax, shipping, promotion, fees and the net effect on
 * the payout are kept beside it in minor units.
 */
import { formatMinor } from '../../shared/money';
import { own, type SettlementRow, type SettlementSummary } from './settlementParser';

export type SettlementRefundKind = 'refund' | 'chargeback' | 'reversal';

export interface SettlementRefundTypes {
	/** transaction-type values of refunds to the buyer. */
	refund: readonly string[];
	/** transaction-type values of chargebacks (the buyer's bank took the money back). */
	chargeback: readonly string[];
	/**
	 * transaction-type values where Amazon pays the seller back for an earlier refund (e.g. the
	 * item never came back); the matcher nets them against that refund (`type: reversal`).
	 */
	reversal: readonly string[];
}

/** Seen in real settlement files (V1 and V2); Amazon documents no list. */
export const DEFAULT_SETTLEMENT_REFUND_TYPES: SettlementRefundTypes = {
	refund: ['Refund'],
	chargeback: ['Chargeback Refund'],
	reversal: ['REVERSAL_REIMBURSEMENT'],
};

/** "Chargeback Refund", "chargeback_refund" and "ChargebackRefund" are one type. */
function normalizeTransactionType(value: string): string {
	return value.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Parses a comma-separated list of types (a node setting) into a list; blank means the default. */
export function typeList(value: string | undefined, fallback: readonly string[]): string[] {
	const list = (value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	return list.length ? list : [...fallback];
}

export interface MatcherRefundRecord {
	// The matcher's refund fields (docs/nodes/reconciliation-matcher.md, "Inputs").
	/** Stable: settlement id, transaction type, order id, adjustment id (else posting time), SKU. */
	refundId: string;
	channel: 'amazon';
	/** Amazon order id. */
	orderId: string;
	/** The seller's order number; empty when Amazon wrote its own order id there. */
	merchantOrderId: string;
	sku: string;
	/** Units refunded; 0 for an amount-only refund (no principal, e.g. shipping or goodwill). */
	quantity: number;
	/** Decimal with Amazon's sign (refunds negative, reversals positive): the refunded principal. */
	amount: string;
	currency: string;
	/** Latest posting time of the record's rows, ISO UTC. */
	refundedAt: string;
	/** FBA or MFN (from fulfillment-id AFN/MFN); empty when the file does not say. */
	fulfillment: string;
	/** The settlement's transaction type, as the matcher's refund reason (goodwill classes). */
	refundReason: string;
	type: SettlementRefundKind;
	// Provenance and the rest of the money, for finance.
	source: 'settlement';
	settlementId: string;
	transactionType: string;
	adjustmentId: string;
	/** False when the file gave no quantity (V1 refunds) and 1 unit was assumed from the principal. */
	quantityStated: boolean;
	amountMinor: number;
	principalMinor: number;
	taxMinor: number;
	shippingMinor: number;
	promotionMinor: number;
	feesMinor: number;
	otherMinor: number;
	/** Effect of all the record's rows on the payout. */
	netMinor: number;
	/** File line numbers of the record's rows. */
	lines: number[];
}

export class SettlementRefundError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly column: string,
	) {
		super(message);
		this.name = 'SettlementRefundError';
	}
}

interface Pending {
	kind: SettlementRefundKind;
	row: SettlementRow;
	key: string;
	quantityPrincipal: number;
	quantityMax: number;
	principal: number;
	tax: number;
	shipping: number;
	promotion: number;
	fees: number;
	other: number;
	net: number;
	postedAt: string;
	lines: number[];
}

const FEE_TYPES = new Set(['itemfees', 'fbafees', 'shipment-fees', 'order-fees']);

function fulfillmentOf(value: string): string {
	const v = value.trim().toUpperCase();
	if (v === 'AFN' || v === 'FBA') return 'FBA';
	if (v === 'MFN') return 'MFN';
	return v;
}

/**
 * Collects the matcher refunds of one settlement file, fed row by row (the other rows are
 * ignored, so it adds nothing per sale row).
 */
export class SettlementRefundCollector {
	private readonly kinds = new Map<string, SettlementRefundKind>();
	private readonly pending = new Map<string, Pending>();

	constructor(types: SettlementRefundTypes = DEFAULT_SETTLEMENT_REFUND_TYPES) {
		for (const kind of ['refund', 'chargeback', 'reversal'] as const)
			for (const type of types[kind]) {
				const key = normalizeTransactionType(type);
				const already = this.kinds.get(key);
				if (already && already !== kind)
					throw new Error(`Transaction type "${type}" is listed as both ${already} and ${kind}`);
				this.kinds.set(key, kind);
			}
	}

	/** The kind of a transaction type, or undefined for rows that are not refunds. */
	kindOf(transactionType: string): SettlementRefundKind | undefined {
		return this.kinds.get(normalizeTransactionType(transactionType));
	}

	add(row: SettlementRow): void {
		const kind = this.kindOf(row.transactionType);
		if (!kind) return;
		if (!row.postedAt)
			throw new SettlementRefundError(
				`line ${row.line}: a ${row.transactionType} row has no readable posted-date-time or posted-date`,
				row.line,
				'posted-date-time',
			);
		// The adjustment id ties a refund's rows together; without one, its posting time does.
		const identity = row.adjustmentId || `posted ${row.postedAt}`;
		const key = own(
			`${row.settlementId}|${normalizeTransactionType(row.transactionType)}|${row.orderId}|${identity}|${row.sku}|${row.currency}`,
		);
		let p = this.pending.get(key);
		if (!p) {
			p = {
				kind,
				// The parser reuses its row object: keep a copy, with text of its own (see own()).
				row: {
					...row,
					settlementId: own(row.settlementId),
					transactionType: own(row.transactionType),
					orderId: own(row.orderId),
					merchantOrderId: own(row.merchantOrderId),
					adjustmentId: own(row.adjustmentId),
					sku: own(row.sku),
					marketplace: own(row.marketplace),
					fulfillment: own(row.fulfillment),
				},
				key,
				quantityPrincipal: 0,
				quantityMax: 0,
				principal: 0,
				tax: 0,
				shipping: 0,
				promotion: 0,
				fees: 0,
				other: 0,
				net: 0,
				postedAt: row.postedAt,
				lines: [],
			};
			this.pending.set(key, p);
		}
		p.lines.push(row.line);
		p.net += row.amountMinor;
		if (row.postedAt > p.postedAt) p.postedAt = row.postedAt;
		if (row.quantity > p.quantityMax) p.quantityMax = row.quantity;
		const type = row.amountType.toLowerCase();
		const description = row.amountDescription.toLowerCase();
		if (type === 'itemprice') {
			if (description === 'principal') {
				p.principal += row.amountMinor;
				// One principal row per order item: their quantities add up (two items of one SKU).
				p.quantityPrincipal += row.quantity;
			} else if (description.includes('tax')) p.tax += row.amountMinor;
			else if (description.includes('shipping')) p.shipping += row.amountMinor;
			else p.other += row.amountMinor;
		} else if (type === 'promotion') p.promotion += row.amountMinor;
		else if (FEE_TYPES.has(type)) p.fees += row.amountMinor;
		else p.other += row.amountMinor;
	}

	/** The records, in file order of their first row. */
	list(): MatcherRefundRecord[] {
		return [...this.pending.values()].map((p) => this.record(p));
	}

	private record(p: Pending): MatcherRefundRecord {
		const { row } = p;
		// A reversal reimbursement carries no principal: its whole amount is what Amazon paid back.
		const amountMinor = p.kind === 'reversal' || p.principal === 0 ? p.net : p.principal;
		const stated = p.quantityPrincipal || p.quantityMax;
		// A unit refund needs a SKU; without a principal it is an amount-only refund (quantity 0).
		const unitRefund = row.sku !== '' && (p.kind === 'reversal' ? stated > 0 : p.principal !== 0);
		const quantity = unitRefund ? stated || 1 : 0;
		return {
			refundId: [
				'amazon-settlement',
				row.settlementId,
				row.transactionType,
				row.orderId,
				row.adjustmentId || `posted ${p.postedAt}`,
				row.sku,
			].join(':'),
			channel: 'amazon',
			orderId: row.orderId,
			merchantOrderId: row.merchantOrderId === row.orderId ? '' : row.merchantOrderId,
			sku: row.sku,
			quantity,
			amount: formatMinor(amountMinor, row.currency),
			currency: row.currency,
			refundedAt: p.postedAt,
			fulfillment: fulfillmentOf(row.fulfillment),
			refundReason: row.transactionType,
			type: p.kind,
			source: 'settlement',
			settlementId: row.settlementId,
			transactionType: row.transactionType,
			adjustmentId: row.adjustmentId,
			quantityStated: !unitRefund || stated > 0,
			amountMinor,
			principalMinor: p.principal,
			taxMinor: p.tax,
			shippingMinor: p.shipping,
			promotionMinor: p.promotion,
			feesMinor: p.fees,
			otherMinor: p.other,
			netMinor: p.net,
			lines: p.lines,
		};
	}
}

export interface SettlementTieOut {
	currency: string;
	statedMinor: number;
	rowsMinor: number;
	/** Rows minus the stated total, in the settlement currency's minor units. */
	differenceMinor: number;
	difference: string;
	/** Sums of rows in other currencies than the summary's (a settlement has one currency). */
	otherCurrencies: Record<string, string>;
	matches: boolean;
	/** Plain-language result, naming the difference when there is one. */
	message: string;
}

/**
 * Ties a settlement out: its amount rows must add up to the summary's total-amount in the
 * summary's currency, and no row may be in another currency.
 */
export function tieOut(
	summary: SettlementSummary,
	perCurrency: ReadonlyMap<string, number>,
): SettlementTieOut {
	const rowsMinor = perCurrency.get(summary.currency) ?? 0;
	const differenceMinor = rowsMinor - summary.totalMinor;
	const otherCurrencies: Record<string, string> = {};
	for (const [currency, minor] of perCurrency)
		if (currency !== summary.currency) otherCurrencies[currency] = formatMinor(minor, currency);
	const others = Object.keys(otherCurrencies);
	const matches = differenceMinor === 0 && others.length === 0;
	const fmt = (minor: number) => `${formatMinor(minor, summary.currency)} ${summary.currency}`;
	let message = `Settlement ${summary.settlementId} ties out: rows add up to ${fmt(summary.totalMinor)}`;
	if (!matches) {
		const parts: string[] = [];
		if (differenceMinor !== 0)
			parts.push(
				`rows add up to ${fmt(rowsMinor)} against a stated total of ${fmt(summary.totalMinor)} (difference ${fmt(differenceMinor)})`,
			);
		if (others.length)
			parts.push(
				`rows in other currencies than ${summary.currency}: ${others.map((c) => `${otherCurrencies[c]} ${c}`).join(', ')}`,
			);
		message = `Settlement ${summary.settlementId} does not tie out: ${parts.join('; ')}`;
	}
	return {
		currency: summary.currency,
		statedMinor: summary.totalMinor,
		rowsMinor,
		differenceMinor,
		difference: formatMinor(differenceMinor, summary.currency),
		otherCurrencies,
		matches,
		message,
	};
}
