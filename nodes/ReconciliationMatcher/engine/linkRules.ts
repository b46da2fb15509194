/**
 * Which order line a record belongs to, per input: the rule table the grouping follows
 * (groups.ts reads `written`, `via` and `teaches` from here) and the node guide prints
 * (scripts/generateDocs.ts). A maintainer can read the linking here without the column store.
 */
import type { InputKind } from './records';
import type { ExceptionType } from './types';

/** A way to find a record's order. */
export type LinkStep =
	| 'order number'
	| 'merchant order id'
	| 'amazon order id'
	| 'return id'
	| 'bag + SKU'
	| 'tracking number + SKU'
	| 'reference words';

export interface LinkRule {
	readonly input: InputKind;
	/** The record's own order fields, in precedence order. */
	readonly written: readonly LinkStep[];
	/**
	 * Tried in order when the record names no order, or (with the Orders input given) names one
	 * the Orders input does not list; the first step that finds an order decides.
	 */
	readonly via: readonly LinkStep[];
	/** Links this input's rows give the other inputs (their order for that return, bag, shipment). */
	readonly teaches: readonly LinkStep[];
	/** Raised when the written order is not listed but `via` reaches a listed one (a typo). */
	readonly onTypo: ExceptionType | null;
	/** What happens to a row no step links to an order. */
	readonly unlinked: string;
}

export const LINK_RULES: readonly LinkRule[] = [
	{
		input: 'refunds',
		written: ['merchant order id', 'amazon order id'],
		via: [],
		teaches: [],
		onTypo: null,
		unlinked:
			'`missing_merchant_order_id` (an Amazon refund whose Amazon order id no input knows, or a refund with neither id)',
	},
	{
		input: 'returnEvents',
		written: ['order number'],
		via: ['return id'],
		teaches: ['return id', 'bag + SKU'],
		onTypo: 'scan_without_order',
		unlinked: '`missing_merchant_order_id`, one per return',
	},
	{
		input: 'manifests',
		written: ['order number'],
		via: ['return id', 'bag + SKU'],
		teaches: ['return id', 'bag + SKU', 'tracking number + SKU'],
		onTypo: 'scan_without_order',
		unlinked:
			'`missing_merchant_order_id`; a bag none of whose returns holds the SKU, or holding several orders, is `scan_without_order` with the candidate orders',
	},
	{
		input: 'receipts',
		written: ['order number'],
		via: ['return id', 'bag + SKU', 'tracking number + SKU'],
		teaches: ['return id', 'bag + SKU'],
		onTypo: 'scan_without_order',
		unlinked:
			'`scan_without_order`; with several candidate orders (or none holding the SKU) the candidates are listed',
	},
	{
		input: 'stockMovements',
		written: ['order number'],
		via: ['return id', 'reference words'],
		teaches: ['return id'],
		onTypo: null,
		unlinked: 'ignored: a movement tied to no return is an ordinary stock operation',
	},
	{
		input: 'orders',
		written: ['order number'],
		via: [],
		teaches: [],
		onTypo: null,
		unlinked: 'an order line is its own line: it lists the order (and its aliases)',
	},
];

/** How each step finds an order, for the generated docs. */
export const LINK_STEP_TEXT: Readonly<Record<LinkStep, string>> = {
	'order number':
		'the order number the record carries (an alias listed in Orders counts as its order)',
	'merchant order id':
		"the seller's order number on the refund, when any input knows that order; else the Amazon order id below",
	'amazon order id':
		'the Amazon order id, when any input knows it (an order alias); with neither known, the first id given',
	'return id': 'the order of the return id, as other inputs give it',
	'bag + SKU':
		'the return in that bag whose lines hold the SKU; a bag known but with none or several such orders is ambiguous',
	'tracking number + SKU':
		'the return in that shipment whose lines hold the SKU; a shipment known but with none or several such orders is ambiguous',
	'reference words':
		'a return id among the words of the reference text (`HR <returnId> <sku> processed`)',
};

/**
 * Precedence between orders a link could give, applied to every step: the first order seen
 * wins, except that an order the Orders input lists wins over one it does not, and two listed
 * (or two unlisted) orders for one bag or shipment + SKU make the link ambiguous.
 */
export const LINK_PRECEDENCE =
	'When several rows give one return id, bag or shipment different orders, an order the Orders input lists wins over one it does not; otherwise the first seen wins for a return id and bag, and a bag or shipment + SKU with two such orders is ambiguous (reported with the candidates, never guessed).';

export function linkRule(input: InputKind): LinkRule {
	const rule = LINK_RULES.find((candidate) => candidate.input === input);
	if (!rule) throw new Error(`No link rule for input "${String(input)}"`);
	return rule;
}
