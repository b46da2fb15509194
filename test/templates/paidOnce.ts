/**
 * The promise 02 and 03 keep for every refunded unit of a Happy Returns return, however its units
 * arrive (one execution, several days, repeated or concurrent deliveries): each unit is on exactly
 * one credit note of the return's family, each credit note is refunded once, the refunds total the
 * units' prices to the cent, and Centra was asked to refund once per credit note. Read from the
 * Centra sandbox's ledger, never from node outputs.
 */
import { happyReturnsIdOf } from '../../nodes/Centra/logic/returnFamily';
import type { CentraState, ReturnRecord } from '../../sandbox/centra/state';

export interface PaidOnce {
	/** Units the return's credit notes must cover together. */
	units: number;
	/** Price of each unit, in minor units of the order's currency. */
	unitPriceMinor: number;
	/** `state.refundCalls` before the deliveries under test. */
	refundCallsBefore: number;
	/** Units on each credit note, in creation order, when the test knows how they were split. */
	unitsPerNote?: number[];
}

const refunds = (note: ReturnRecord) =>
	note.payments.filter((p) => p.entryType === 'REFUND' && p.status === 'SUCCESS');

/** Refunds Centra paid on a Happy Returns return's credit notes (its external id), all of them. */
export const refundsPaid = (state: CentraState, returnId: string): number =>
	state.returnsByExternalId(returnId).flatMap(refunds).length;

/** Asserts the promise and returns the family's credit notes for any further check. */
export function expectEachUnitPaidOnce(
	state: CentraState,
	returnId: string,
	expected: PaidOnce,
): ReturnRecord[] {
	const notes = state.returns.filter((x) => happyReturnsIdOf(x.externalId) === returnId);
	const unitsOn = notes.map((n) => n.lines.reduce((sum, l) => sum + l.quantity, 0));
	if (expected.unitsPerNote) expect(unitsOn).toEqual(expected.unitsPerNote);
	expect(unitsOn.reduce((sum, n) => sum + n, 0)).toBe(expected.units);
	expect(notes.map((n) => refunds(n).length)).toEqual(notes.map(() => 1));
	expect(notes.flatMap(refunds).reduce((sum, p) => sum + p.valueMinor, 0)).toBe(
		expected.units * expected.unitPriceMinor,
	);
	expect(state.refundCalls - expected.refundCallsBefore).toBe(notes.length);
	return notes;
}
