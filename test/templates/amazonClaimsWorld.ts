/**
 * The world of template 12's tests (Amazon claims), shared by the Data Table tests and the Postgres
 * variant's: Amazon orders refunded on both sides of each claim window's opening and closing day
 * (SAFE-T and FBA), returned, graded as not returned, or reimbursed, with what 01 and 03 recorded.
 */
import type { AmazonSandbox } from '../../sandbox/amazon/server';
import { DAY, HOUR, type SeedTables } from './seedTables';

const MARKETPLACE = 'ATVPDKIKX0DER';

export interface Case {
	name: string;
	network: 'MFN' | 'AFN';
	refundedAgo: number;
	sku?: string;
	received?: boolean;
	/** The warehouse grade of the received unit (sellable unless given). */
	grade?: string;
	/** When the warehouse received it, ms ago (2 days after the refund unless given). */
	receivedAgo?: number;
	reimbursed?: 'safet' | 'fba';
}

/** One Amazon order refunded `refundedAgo` ms before `now`, with its Happy Returns return started. */
function seed(
	tables: SeedTables,
	amazon: AmazonSandbox,
	now: number,
	sequence: number,
	c: Case,
): { orderNumber: string; amazonOrderId: string; sku: string } {
	const amazonOrderId = `111-0000000-${String(2000 + sequence).padStart(7, '0')}`;
	const orderNumber = `AMZ-${c.name}`;
	const sku = c.sku ?? `SKU-${c.name}`;
	const returnId = `HR-${c.name}`;
	amazon.state.orders.set(amazonOrderId, {
		amazonOrderId,
		sellerOrderId: orderNumber,
		purchaseDate: new Date(now - c.refundedAgo - 10 * DAY).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: c.network,
		currency: 'USD',
		totalMinor: 2999,
		marketplaceId: MARKETPLACE,
		items: [{ orderItemId: `OI-${c.name}`, sku, quantity: 1, priceMinor: 2999 }],
	});
	const base = {
		amazonOrderId,
		sellerOrderId: orderNumber,
		sku,
		quantity: 1,
		currency: 'USD',
		orderItemId: `OI-${c.name}`,
		marketplaceId: MARKETPLACE,
		fulfillmentNetwork: c.network,
	};
	amazon.state.events.push({
		...base,
		kind: 'Refund',
		transactionId: `T-R-${c.name}`,
		principalMinor: -2999,
		postedAt: now - c.refundedAgo,
		adjustmentId: `ADJ-${c.name}`,
	});
	tables.insert('Returns Event Ledger', {
		eventId: `evt-started-${c.name}`,
		eventType: 'return.started',
		returnId,
		orderNumber,
		orderId: amazonOrderId,
		channel: 'amazon',
		sku,
		unit: '0',
		status: 'processed',
		receivedAt: new Date(now - c.refundedAgo - DAY).toISOString(),
	});
	if (c.received)
		tables.insert('Warehouse Receipts', {
			returnId,
			orderNumber,
			sku,
			unit: '0',
			disposition: c.grade ?? 'sellable',
			receivedAt: new Date(now - (c.receivedAgo ?? c.refundedAgo - 2 * DAY)).toISOString(),
			status: 'processed',
		});
	if (c.reimbursed) {
		tables.insert('Exception Register', {
			exceptionId: `exc-${c.name}`,
			type: 'refunded_never_returned',
			status: 'open',
			orderNumber,
			sku,
			summary: 'refunded, never returned',
		});
		if (c.reimbursed === 'safet')
			amazon.state.events.push({
				...base,
				kind: 'SAFETReimbursement',
				transactionId: `T-S-${c.name}`,
				principalMinor: 2999,
				postedAt: now - 3 * DAY,
				adjustmentId: `SAFET-${c.name}`,
			});
		else
			amazon.state.fbaReimbursements.push({
				'approval-date': new Date(now - 3 * DAY).toISOString(),
				'reimbursement-id': `R-${c.name}`,
				'case-id': '',
				'amazon-order-id': amazonOrderId,
				reason: 'CustomerReturn',
				sku,
				fnsku: '',
				asin: '',
				'product-name': 'Coat',
				condition: '',
				'currency-unit': 'USD',
				'amount-per-unit': '29.99',
				'amount-total': '29.99',
				'quantity-reimbursed-cash': '1',
				'quantity-reimbursed-inventory': '0',
				'quantity-reimbursed-total': '1',
				'original-reimbursement-id': '',
				'original-reimbursement-type': '',
			});
	}
	return { orderNumber, amazonOrderId, sku };
}

export const CASES: Array<Case & { inPack: boolean }> = [
	// SAFE-T (merchant-fulfilled): opens 14 days after the refund, closes 30 days after it.
	{ name: 'mfn-before-opening', network: 'MFN', refundedAgo: 14 * DAY - HOUR, inPack: false },
	{ name: 'mfn-just-open', network: 'MFN', refundedAgo: 14 * DAY + HOUR, inPack: true },
	{ name: 'mfn-last-day', network: 'MFN', refundedAgo: 30 * DAY - HOUR, inPack: true },
	{ name: 'mfn-too-late', network: 'MFN', refundedAgo: 30 * DAY + HOUR, inPack: false },
	{ name: 'mfn-returned', network: 'MFN', refundedAgo: 20 * DAY, received: true, inPack: false },
	{
		name: 'mfn-reimbursed',
		network: 'MFN',
		refundedAgo: 20 * DAY,
		reimbursed: 'safet',
		inPack: false,
	},
	{
		name: 'mfn-formula',
		network: 'MFN',
		refundedAgo: 20 * DAY,
		sku: '=HYPERLINK("x")',
		inPack: true,
	},
	// Graded as not returned: the bag came back without the unit (or with another item). The SAFE-T
	// window closes 30 days after the later of the refund and the return's delivery (the receipt).
	{
		name: 'mfn-wrong-item-open',
		network: 'MFN',
		refundedAgo: 40 * DAY,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 30 * DAY - HOUR,
		inPack: true,
	},
	{
		name: 'mfn-wrong-item-closed',
		network: 'MFN',
		refundedAgo: 40 * DAY,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 30 * DAY + HOUR,
		inPack: false,
	},
	{
		name: 'mfn-missing-open',
		network: 'MFN',
		refundedAgo: 35 * DAY,
		received: true,
		grade: 'missing',
		receivedAgo: 30 * DAY - HOUR,
		inPack: true,
	},
	{
		name: 'mfn-missing-closed',
		network: 'MFN',
		refundedAgo: 35 * DAY,
		received: true,
		grade: 'missing',
		receivedAgo: 30 * DAY + HOUR,
		inPack: false,
	},
	// A refund posted after the receipt: the refund is the later date and starts the clock.
	{
		name: 'mfn-refund-after-receipt-open',
		network: 'MFN',
		refundedAgo: 30 * DAY - HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 33 * DAY,
		inPack: true,
	},
	{
		name: 'mfn-refund-after-receipt-closed',
		network: 'MFN',
		refundedAgo: 30 * DAY + HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 33 * DAY,
		inPack: false,
	},
	// The opening still counts from the refund, graded or not.
	{
		name: 'mfn-graded-before-opening',
		network: 'MFN',
		refundedAgo: 14 * DAY - HOUR,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 13 * DAY,
		inPack: false,
	},
	// FBA customer-return claims: open 60 days after the refund, close 120 days after it.
	{ name: 'fba-before-opening', network: 'AFN', refundedAgo: 60 * DAY - HOUR, inPack: false },
	{ name: 'fba-just-open', network: 'AFN', refundedAgo: 60 * DAY + HOUR, inPack: true },
	{ name: 'fba-last-day', network: 'AFN', refundedAgo: 120 * DAY - HOUR, inPack: true },
	{ name: 'fba-too-late', network: 'AFN', refundedAgo: 120 * DAY + HOUR, inPack: false },
	// An FBA claim counts from the refund only, whatever came back when.
	{
		name: 'fba-graded-too-late',
		network: 'AFN',
		refundedAgo: 120 * DAY + HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 100 * DAY,
		inPack: false,
	},
	{
		name: 'fba-reimbursed',
		network: 'AFN',
		refundedAgo: 90 * DAY,
		reimbursed: 'fba',
		inPack: false,
	},
];

/** Every case seeded as of `now`, by name. */
export function seedClaimCases(tables: SeedTables, amazon: AmazonSandbox, now: number) {
	return new Map(CASES.map((c, i) => [c.name, seed(tables, amazon, now, i + 1, c)]));
}

export { DAY, HOUR };
