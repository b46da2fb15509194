/**
 * Refund: Get Many. Every refund posted in a window (Finances 2024-06-19 listTransactions, all
 * pages, 180-day slices), one item per refunded SKU line, in the Reconciliation Matcher's field
 * names, so the nightly reconciliation wires it straight into the matcher's Refunds input.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor } from '../../../shared/money';
import {
	factsOf2026,
	factsOfV0,
	fetchOrder2026,
	type OrderFacts,
	type OrdersApi,
} from '../../helpers/orders';
import { DAY, fetchWindow, NEWEST_ALLOWED_MS } from '../../helpers/transactions';
import { DEFAULT_REFUND_TYPES, RefundIndex } from '../../logic/refundIndex';
import { amazonRequest, type AmazonContext } from '../../transport';
import { marketplaceIdsOf } from '../../helpers/reports';
import { marketplaceLocator, optionsWithWaitBudget, show } from '../common.descriptions';

/** The Options collection per version, without the marketplace text from version 2 on. */
function withoutV2MarketplaceOption(collection: INodeProperties): INodeProperties[] {
	const [v1, v2] = optionsWithWaitBudget(collection);
	return [
		v1,
		{
			...v2,
			options: (v2.options as INodeProperties[]).filter((o) => o.name !== 'marketplaceIds'),
		},
	];
}

export const description: INodeProperties[] = [
	{
		displayName: 'Posted After',
		name: 'postedAfter',
		type: 'dateTime',
		default: '',
		description: 'Start of the window. Empty means "Look Back (Days)" before now.',
		displayOptions: show('refund', ['getMany']),
	},
	{
		displayName: 'Posted Before',
		name: 'postedBefore',
		type: 'dateTime',
		default: '',
		description: 'End of the window. Empty means now (less the 2 minutes Amazon requires).',
		displayOptions: show('refund', ['getMany']),
	},
	// From version 2 the throttling wait budget is one of these options.
	// From version 2 the marketplaces are the marketplace list (or By ID) next to the window, not text
	// inside Options; version 1 keeps its Options field as saved workflows store it.
	marketplaceLocator(
		show('refund', ['getMany']),
		false,
		'Marketplace (for Seller Order IDs)',
		'Needed only with the option "Look Up Seller Order IDs"',
	),
	...withoutV2MarketplaceOption({
		displayName: 'Options',
		name: 'refundListOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('refund', ['getMany']),
		options: [
			{
				displayName: 'Fulfillment',
				name: 'fulfillment',
				type: 'options',
				default: '',
				description:
					'Labels every refund with how it was fulfilled, for claim deadlines (the transactions API does not say)',
				options: [
					{ name: 'Unknown', value: '' },
					{ name: 'FBA', value: 'FBA' },
					{ name: 'MFN (Seller Fulfilled)', value: 'MFN' },
				],
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookbackDays',
				type: 'number',
				default: 90,
				description: 'Window length when "Posted After" is empty',
			},
			{
				displayName: 'Look Up Seller Order IDs',
				name: 'sellerOrderIds',
				type: 'boolean',
				default: false,
				description:
					"Whether to add each refund's seller order ID (your order number) from the Orders API (see Orders API); FBA or MFN comes from the transaction itself",
			},
			{
				displayName: 'Marketplace IDs',
				name: 'marketplaceIds',
				type: 'string',
				default: '',
				placeholder: 'ATVPDKIKX0DER',
				description: 'Comma-separated; needed to look up seller order IDs',
			},
			{
				displayName: 'Orders API',
				name: 'ordersApi',
				type: 'options',
				default: '2026-01-01',
				description:
					'For seller order IDs: v2026-01-01 asks once per order; v0 (deprecated) asks 50 orders per call',
				options: [
					{ name: 'v2026-01-01', value: '2026-01-01' },
					{ name: 'V0 (Deprecated Fallback)', value: 'v0' },
				],
			},
			{
				displayName: 'Refund Transaction Types',
				name: 'refundTypes',
				type: 'string',
				default: 'Refund, ChargebackRefund, Chargeback, GuaranteeClaim, GuaranteeClaimRefund',
				description:
					'Comma-separated transactionType values that mean money went back to the buyer. Amazon documents no list; descriptions are not read. SAFE-T and FBA reimbursements are reported apart.',
			},
		],
	}),
];

function dateParameter(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number | null {
	const raw = context.getNodeParameter(name, itemIndex, '') as string;
	if (!raw) return null;
	const ms = Date.parse(String(raw));
	if (Number.isNaN(ms))
		throw new NodeOperationError(context.getNode(), `"${label}" is not a date: ${String(raw)}`, {
			itemIndex,
		});
	return ms;
}

const ORDER_IDS_PER_CALL = 50;
// getOrders needs a creation date; Amazon returns orders of the last two years only.
const ORDERS_SINCE_MS = 730 * DAY;

async function orderFactsV0(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	orderIds: string[],
	marketplaceIds: string,
	itemIndex: number,
): Promise<Map<string, OrderFacts>> {
	const facts = new Map<string, OrderFacts>();
	const createdAfter = new Date(Date.now() - ORDERS_SINCE_MS).toISOString();
	for (let start = 0; start < orderIds.length; start += ORDER_IDS_PER_CALL) {
		const batch = orderIds.slice(start, start + ORDER_IDS_PER_CALL);
		let nextToken: string | undefined;
		do {
			const qs: IDataObject = nextToken
				? { MarketplaceIds: marketplaceIds, NextToken: nextToken }
				: {
						MarketplaceIds: marketplaceIds,
						CreatedAfter: createdAfter,
						AmazonOrderIds: batch.join(','),
						MaxResultsPerPage: 100,
					};
			const response = await amazonRequest.call(context, ctx, {
				operation: 'getOrders',
				itemIndex,
				method: 'GET',
				path: '/orders/v0/orders',
				qs,
			});
			const payload = ((response.body as IDataObject)?.payload ?? {}) as {
				Orders?: Array<{
					AmazonOrderId?: string;
					SellerOrderId?: string;
					FulfillmentChannel?: string;
				}>;
				NextToken?: string;
			};
			for (const order of payload.Orders ?? [])
				if (order.AmazonOrderId) facts.set(order.AmazonOrderId, factsOfV0(order));
			nextToken = payload.NextToken || undefined;
		} while (nextToken);
	}
	return facts;
}

/** ProductContext.fulfillmentNetwork ("MFN", "AFN" or "FBA") tells the channel without getOrders. */
function networkOf(network: string): string {
	const n = network.toUpperCase();
	return n === 'AFN' || n === 'FBA' ? 'FBA' : n === 'MFN' ? 'MFN' : '';
}

/**
 * The same facts from Orders v2026-01-01, one getOrder per order (it has no filter by order ids):
 * slower for large batches than v0's 50 per call, but v0 is going away.
 */
async function orderFacts2026(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	orderIds: string[],
	itemIndex: number,
): Promise<Map<string, OrderFacts>> {
	const facts = new Map<string, OrderFacts>();
	for (const orderId of orderIds) {
		const order = await fetchOrder2026(context, ctx, orderId, itemIndex);
		if (order) facts.set(orderId, factsOf2026(order));
	}
	return facts;
}

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const options = this.getNodeParameter('refundListOptions', itemIndex, {}) as {
		lookbackDays?: number;
		refundTypes?: string;
		fulfillment?: string;
		sellerOrderIds?: boolean;
		marketplaceIds?: string;
		ordersApi?: OrdersApi;
	};
	const latest = Date.now() - NEWEST_ALLOWED_MS;
	// The window as asked for: empty "Posted Before" means now.
	const asked = dateParameter(this, 'postedBefore', 'Posted Before', itemIndex) ?? Date.now();
	const end = Math.min(asked, latest);
	const start =
		dateParameter(this, 'postedAfter', 'Posted After', itemIndex) ??
		end - (options.lookbackDays ?? 90) * DAY;
	// Only the window as asked for can be wrong; it is checked before Amazon's newest instant cuts it.
	if (start >= asked)
		throw new NodeOperationError(
			this.getNode(),
			`"Posted After" (${new Date(start).toISOString()}) must be before "Posted Before" (${new Date(asked).toISOString()})`,
			{ itemIndex },
		);
	// A window that starts after the newest instant Amazon answers for (postedAfter "no later than
	// two minutes before the request", Finances 2024-06-19 listTransactions,
	// https://github.com/amzn/selling-partner-api-models/blob/main/models/finances-api-model/finances_2024-06-19.json)
	// has nothing posted in it yet: no refunds, and no call Amazon would refuse. A run dated ahead
	// of this clock (a later "as of") asks for such a window.
	if (start >= end) return [];
	const refundTypes = (options.refundTypes ?? DEFAULT_REFUND_TYPES.join(', '))
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	const index = new RefundIndex();
	const broken = new Map<string, string>();
	await fetchWindow(this, ctx, index, start, end, refundTypes, broken);
	if (broken.size > 0) {
		const [orderId, problem] = [...broken.entries()][0];
		throw new NodeOperationError(
			this.getNode(),
			`Amazon order ${orderId || '(none)'}: ${problem}`,
			{
				itemIndex,
				description: `${broken.size} transaction(s) could not be read; no refund was left out silently`,
			},
		);
	}
	const refunds = index.all().filter((entry) => entry.kind === 'refund');
	let facts = new Map<string, OrderFacts>();
	if (options.sellerOrderIds) {
		const given =
			this.getNode().typeVersion >= 2
				? marketplaceIdsOf(this, itemIndex).join(',')
				: (options.marketplaceIds ?? '');
		const marketplaceIds = given
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean)
			.join(',');
		if (!marketplaceIds)
			throw new NodeOperationError(
				this.getNode(),
				this.getNode().typeVersion >= 2
					? '"Marketplace (for Seller Order IDs)" is required to look up seller order IDs'
					: '"Marketplace IDs" is required to look up seller order IDs',
				{
					itemIndex,
					description:
						"Amazon's getOrders needs the marketplaces, e.g. ATVPDKIKX0DER for amazon.com",
				},
			);
		const orderIds = [...new Set(refunds.map((r) => r.orderId).filter(Boolean))];
		facts =
			options.ordersApi === 'v0'
				? await orderFactsV0(this, ctx, orderIds, marketplaceIds, itemIndex)
				: await orderFacts2026(this, ctx, orderIds, itemIndex);
	}
	return refunds.map((entry) => ({
		channel: 'amazon',
		refundId: entry.adjustmentId || entry.transactionId,
		transactionId: entry.transactionId,
		orderId: entry.orderId,
		merchantOrderId: facts.get(entry.orderId)?.sellerOrderId ?? '',
		sku: entry.sku,
		quantity: entry.quantity,
		// Gross: what the buyer got back (principal, tax, shipping), not Amazon's net of fees.
		amount: formatMinor(entry.grossMinor, entry.currency),
		amountMinor: entry.grossMinor,
		principalMinor: entry.principalMinor,
		taxMinor: entry.taxMinor,
		shippingMinor: entry.shippingMinor,
		feesMinor: entry.feesMinor,
		netMinor: entry.netMinor,
		orderLevel: entry.orderLevel,
		transactionType: entry.transactionType,
		transactionStatus: entry.status,
		currency: entry.currency,
		refundedAt: entry.postedAt,
		fulfillment:
			options.fulfillment ||
			networkOf(entry.fulfillmentNetwork) ||
			facts.get(entry.orderId)?.fulfillment ||
			'',
	}));
}
