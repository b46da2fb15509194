/**
 * What a concurrent storm must leave, whatever the store: no failed execution, every promise of the
 * reliability suite held, and the claims' losers gone (one receipt row per unit, one ledger row per
 * event).
 */
import {
	ALL_HELD,
	promisesHeld,
	type ConcurrentResult,
} from '../../harness/reliability/stormAndFaults';

export function expectStormHeld(result: ConcurrentResult): void {
	expect(result.failures).toBe(0);
	const held = promisesHeld(result.facts);
	expect(held).toEqual(ALL_HELD(held));
	expect(result.receiptRowsPerUnit.every((n) => n === 1)).toBe(true);
	expect(result.facts.ledgerRows).toBe(result.facts.distinctLedgerEvents);
}
