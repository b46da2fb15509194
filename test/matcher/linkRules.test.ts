/** The linking rule table (engine/linkRules.ts) is what the grouping follows, in its order. */
import { INPUT_INDEX } from '../../nodes/ReconciliationMatcher/engine';
import {
	LINK_RULES,
	linkRule,
	type LinkStep,
} from '../../nodes/ReconciliationMatcher/engine/linkRules';
import { event, receipt, refund, run } from './fixtures';

/** Two returns of SKU-1 in two bags; a receipt names the first return but the second bag. */
function crossedReceipt() {
	return {
		refunds: [refund(), refund({ refundId: 'R2', orderId: '2002' })],
		returnEvents: [event(), event({ returnId: 'HR-2', orderNumber: '2002', bagBarcode: 'BAG-2' })],
		receipts: [
			receipt({ orderNumber: '', trackingNumber: '', returnId: 'HR-1', bagBarcode: 'BAG-2' }),
		],
	};
}

function receivedByOrder(inputs: ReturnType<typeof crossedReceipt>): Record<string, number> {
	const lines = run(inputs).matched;
	return Object.fromEntries(lines.map((line) => [line.orderNumber, line.receivedUnits]));
}

describe('linking rule table', () => {
	it('has one rule per input, in the node input order', () => {
		expect(LINK_RULES.map((rule) => rule.input)).toEqual(Object.keys(INPUT_INDEX));
	});

	it('a receipt without an order number follows the first step that finds one: return id before bag', () => {
		expect(linkRule('receipts').via.slice(0, 2)).toEqual(['return id', 'bag + SKU']);
		expect(receivedByOrder(crossedReceipt())).toEqual({ '1001': 1, '2002': 0 });
	});

	it('the grouping reads the table: with bag before return id the same receipt goes to the bag', () => {
		const rule = linkRule('receipts') as { via: readonly LinkStep[] };
		const original = rule.via;
		rule.via = ['bag + SKU', 'return id'];
		try {
			expect(receivedByOrder(crossedReceipt())).toEqual({ '1001': 0, '2002': 1 });
		} finally {
			rule.via = original;
		}
	});

	it('a receipt the table gives no step for stays unlinked (scan without an order)', () => {
		const rule = linkRule('receipts') as { via: readonly LinkStep[] };
		const original = rule.via;
		rule.via = [];
		try {
			const result = run(crossedReceipt());
			expect(result.changes.map((change) => change.type)).toContain('scan_without_order');
		} finally {
			rule.via = original;
		}
	});
});
