/**
 * Exchange orders as the 02 and 03 tests count and seed them, on the Centra sandbox's ledger: the
 * replacement units ordered for a return, and what an earlier version (one exchange order per
 * return, claimed without a unit) left behind before an upgrade.
 */
import type { InMemoryDataTables } from '../../harness';
import type { CentraSandbox } from '../../sandbox/centra/server';
import type { CentraState } from '../../sandbox/centra/state';
import { runCentra } from '../centra/fixtures';
import { refundsPaid } from './paidOnce';

/** Units of `sku` Centra was asked to send as replacements for one return: every order, every line. */
export function replacementUnitsOf(state: CentraState, returnId: string, sku: string): number {
	return state.restOrders
		.filter((o) => String(o.internalComment).includes(`return ${returnId} `))
		.flatMap((o) => (Array.isArray(o.products) ? o.products : []))
		.reduce(
			(sum, p: { sku?: string; qty?: number }) => sum + (p.sku === sku ? Number(p.qty ?? 0) : 0),
			0,
		);
}

/**
 * One exchange order for the whole return, made through the Centra node without an exchanged
 * unit (the key earlier versions used), and its ledger claim: `processed` when that version
 * finished, `claimed` when it stopped before marking it done.
 */
export async function wholeReturnOrder(
	centra: CentraSandbox,
	tables: InMemoryDataTables,
	exchange: { number: number; returnId: string; replacementSku: string },
	claim: 'processed' | 'claimed',
): Promise<void> {
	const made = await runCentra(centra, {
		resource: 'order',
		operation: 'createExchange',
		orderNumber: String(exchange.number),
		returnReference: exchange.returnId,
		exchangeSku: exchange.replacementSku,
		exchangeDetails: { email: `c${exchange.number}@example.com`, country: 'SE' },
	});
	expect(made.status).toBe('success');
	expect(replacementUnitsOf(centra.state, exchange.returnId, exchange.replacementSku)).toBe(1);
	tables.insert('Returns Event Ledger', {
		eventId: `centra-exchange:${exchange.number}:${exchange.returnId}`,
		eventType: 'centra.exchange_order',
		returnId: exchange.returnId,
		orderNumber: String(exchange.number),
		channel: 'storefront',
		status: claim,
		receivedAt: new Date().toISOString(),
		attempts: '0',
	} as never);
}

/**
 * A return of one exchanged and one kept unit, processed however often it was delivered: one
 * credit note, for the kept unit only, refunded once; one replacement order, naming
 * `replacementSku`, among the Order API orders made since `restOrdersBefore`.
 */
export function expectKeptUnitCreditedAndOneReplacement(
	state: CentraState,
	returnId: string,
	expected: { kept: string; replacementSku: string; restOrdersBefore: number },
): void {
	const notes = state.returnsByExternalId(returnId);
	expect(notes).toHaveLength(1);
	expect(notes[0].lines.map((l) => [l.shipmentLine.orderLine.productSize.SKU, l.quantity])).toEqual(
		[[expected.kept, 1]],
	);
	expect(refundsPaid(state, returnId)).toBe(1);
	const created = state.restOrders.slice(expected.restOrdersBefore);
	expect(created).toHaveLength(1);
	expect(JSON.stringify(created[0])).toContain(expected.replacementSku);
}
