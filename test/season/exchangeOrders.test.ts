/**
 * The season's exchangeOrders finding at 150 returns: the one exchange of two units got a
 * replacement order for one unit. 03 now creates one replacement order per exchanged unit (its key
 * is the original order, the return and the unit), so together the orders carry every exchanged
 * unit of the return (Centra's Order API takes `qty` per product line,
 * https://docs.centra.com/api-references/order-api/api-reference/create-order).
 *
 * The 2,000-return season found the same shape through 08: a two-unit exchange checked in during
 * the fault week got one replacement unit (HR-S0009L). 03's check-in failed at a vendor call, so
 * both units stayed `received`; 08 replays receipts one at a time, so the first replay saw one
 * exchanged unit, claimed the return's replacement order and ordered one; the second found the
 * claim taken. Since each exchanged unit has its own claim and order, a replay of one unit orders
 * that unit (the last test; it failed before).
 */
import { addShippedOrder, setStock } from '../../sandbox/centra/seed';
import {
	deliverReceipts,
	replay,
	startReturnsFlow,
	type Receipt,
	type ReturnsFlow,
} from '../../harness/reliability/returnsFlow';

jest.setTimeout(300_000);

describe('03: the replacement order of an exchange carries every exchanged unit', () => {
	let flow: ReturnsFlow;
	beforeAll(async () => {
		flow = await startReturnsFlow(1, 11);
	});
	afterAll(async () => flow && flow.close());

	let next = 880_000;
	/** A storefront order of `units` units of one SKU, returned as an exchange for another SKU. */
	function exchange(units: number) {
		const number = ++next;
		const returnId = `HR-EXQ${number}`;
		addShippedOrder(flow.centra.state, {
			number,
			lines: [{ sku: 'SKU-EXQ-OLD', quantity: units, unitPriceMinor: 2500 }],
		});
		setStock(flow.centra.state, 'TRANSIT', 'SKU-EXQ-OLD', 50);
		setStock(flow.centra.state, 'MAIN', 'SKU-EXQ-NEW', 50);
		const receipts: Receipt[] = Array.from({ length: units }, (_, unit) => ({
			returnId,
			orderNumber: String(number),
			sku: 'SKU-EXQ-OLD',
			unit: String(unit),
			disposition: 'sellable',
			bagBarcode: `BAG-${number}`,
			trackingNumber: '1ZEXQ',
			exchangeSku: 'SKU-EXQ-NEW',
			email: `customer${number}@example.com`,
			country: 'DE',
		}));
		return { returnId, receipts };
	}
	/** Replacement units ordered for a return (the season's exchangeOrders check counts the same). */
	const ordered = (returnId: string) =>
		flow.centra.state.restOrders
			.filter((o) => String(o.internalComment).includes(`return ${returnId} `))
			.flatMap((o) => (Array.isArray(o.products) ? o.products : []))
			.reduce(
				(sum, p: { sku?: string; qty?: number }) =>
					sum + (p.sku === 'SKU-EXQ-NEW' ? Number(p.qty ?? 0) : 0),
				0,
			);

	it('two units exchanged in one check-in: two replacement units (one order per unit)', async () => {
		const { returnId, receipts } = exchange(2);
		expect(await deliverReceipts(flow, receipts)).toBe('started');
		expect(ordered(returnId)).toBe(2);
		// Delivered again, twice at once: nothing more is ordered.
		const again = await Promise.all([0, 1].map(() => deliverReceipts(flow, receipts)));
		expect(again).toEqual(['started', 'started']);
		expect(ordered(returnId)).toBe(2);
	});

	it('one unit exchanged: one replacement unit (the other side of the boundary)', async () => {
		const { returnId, receipts } = exchange(1);
		expect(await deliverReceipts(flow, receipts)).toBe('started');
		expect(ordered(returnId)).toBe(1);
	});

	// The 2,000-return season's finding: 03 once ordered what one execution held, so the first
	// replay of a failed check-in ordered one unit for the whole return. Each exchanged unit now has
	// its own claim and order.
	it('a two-unit exchange whose check-in failed, replayed one receipt at a time by 08: two replacement units', async () => {
		const { returnId, receipts } = exchange(2);
		// Checked in two hours ago (older than 08's wait), while Centra answered every call with 502.
		const receivedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
		flow.centra.server.faults.set('*', { serverError: 1 });
		try {
			expect(
				await deliverReceipts(
					flow,
					receipts.map((r) => ({ ...r, receivedAt })),
				),
			).toBe('failed');
		} finally {
			flow.centra.server.faults.clear();
		}
		expect(ordered(returnId)).toBe(0);
		const run = await replay(flow);
		expect(run.status).toBe('success');
		const rows = flow.tables.rows('Warehouse Receipts').filter((r) => r.returnId === returnId);
		expect(rows.map((r) => r.status)).toEqual(['processed', 'processed']);
		expect(ordered(returnId)).toBe(2);
	});
});
