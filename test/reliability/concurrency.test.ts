/**
 * Exactly-once under concurrency (templates 01, 02 and 03): the same event delivered three times
 * at once, and different events at once, through the harness whose Data Tables interleave like
 * n8n's service (a round trip per call, upsert as update-else-insert without a unique key). Counted
 * on the sandbox ledgers. The second case switches the claim off and shows the same deliveries
 * then move stock, credit or call Centra's refund twice, so the first case is able to fail.
 */
import { loadTemplate, withoutClaim, withSettings } from '../../harness/templateFiles';
import {
	ALL_HELD,
	promisesHeld,
	runConcurrentStorm,
} from '../../harness/reliability/stormAndFaults';

import { dropOffAndWarehouse } from '../../harness/reliability/returnsFlow';
import { expectStormHeld } from './stormHeld';
const RETURNS = 8;

describe('concurrent deliveries', () => {
	it(`${RETURNS} returns, every notification and receipt delivered 3 times at once, 4 events in flight together`, async () => {
		const result = await runConcurrentStorm(RETURNS);
		// The losing claims are removed: one receipt row per unit, one ledger row per event.
		expectStormHeld(result);
	}, 600_000);

	it(`${RETURNS} returns, each bag's receipts in one POST (one stock change per return), every POST 3 times at once, order notes on`, async () => {
		const result = await runConcurrentStorm(RETURNS, {
			receipts: 'bag',
			templates: dropOffAndWarehouse({ orderNotes: 'every-milestone' }),
		});
		expect(result.failures).toBe(0);
		const held = promisesHeld(result.facts);
		expect(held).toEqual(ALL_HELD(held));
		expect(result.facts.ordersNoted).toBeGreaterThan(0);
		expect(result.receiptRowsPerUnit.every((n) => n === 1)).toBe(true);
	}, 600_000);

	it('order notes on, credit at receipt, the units of a two-unit return received in separate POSTs at once: the order is noted once', async () => {
		// Seed 7 holds two-unit returns whose receipts land in one wave. Before the note sat behind
		// the return's refund claim, both units' executions reached the (check-then-write) note and
		// two of these orders were noted twice.
		const settings = {
			inTransitWarehouse: 'TRANSIT',
			orderNotes: 'every-milestone',
			storefrontRefundAt: 'receipt',
		};
		const result = await runConcurrentStorm(12, {
			seed: 7,
			wave: 8,
			templates: {
				dropOff: withSettings(loadTemplate('02-return-bar-drop-off.json'), settings),
				warehouse: withSettings(loadTemplate('03-warehouse-processing.json'), settings),
			},
		});
		expect(result.failures).toBe(0);
		expect(result.facts.units).toBeGreaterThan(12);
		const held = promisesHeld(result.facts);
		expect(held).toEqual(ALL_HELD(held));
		expect(result.facts.ordersNoted).toBeGreaterThan(0);
	}, 600_000);

	it('with the claim switched off, the same deliveries do a side effect twice', async () => {
		const result = await runConcurrentStorm(RETURNS, {
			templates: {
				intake: withoutClaim(loadTemplate('01-happy-returns-intake.json')),
				// Notes on, as shipped before they became a setting: the copies' refunds then overlap in
				// time (the note calls spread them); with fewer calls they may not, and this case would
				// pass without showing the refund race it exists to show.
				dropOff: withoutClaim(
					withSettings(loadTemplate('02-return-bar-drop-off.json'), {
						inTransitWarehouse: 'TRANSIT',
						orderNotes: 'every-milestone',
					}),
				),
				warehouse: withoutClaim(
					withSettings(loadTemplate('03-warehouse-processing.json'), {
						inTransitWarehouse: 'TRANSIT',
					}),
				),
			},
		});
		const held = promisesHeld(result.facts);
		expect(held.eachUnitIntoTransitOnce && held.eachUnitOutOfTransitOnce).toBe(false);
		// The refund claim is what keeps a credit note from being refunded by every copy.
		expect(result.facts.refundCallsToCentra).toBeGreaterThan(result.facts.storefrontReturns);
		expect(held.storefrontCreditNotesRefundedOnceByCentra).toBe(false);
	}, 600_000);
});
