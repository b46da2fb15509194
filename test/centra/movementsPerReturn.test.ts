/**
 * A stock change listing units of several returns is read as one movement per return: each part
 * names one return, keeps its references, and moves one piece per reference of each line's SKU.
 * Anything that cannot be attributed that way exactly is left whole.
 */
import { movementsPerReturn, type Movement } from '../../nodes/Centra/logic/movementsPerReturn';

const line = (sku: string, quantity: number, ean: string | null = null) => ({ sku, ean, quantity });
const change = (reference: string, lines: Movement['lines']): Movement => ({
	id: 41,
	createdAt: '2026-11-30T10:00:00+00:00',
	reference,
	warehouse: 'In transit',
	lines,
});

describe('movementsPerReturn', () => {
	// A change of one return (one unit, or several) is returned as it is; so is one whose pieces
	// do not add up (a unit of several pieces), with a line no reference names, or with a
	// reference that is not a unit reference: attributing any of them would be a guess.
	it.each([
		['one unit of one return', change('HR r1 TEE-M u0 processed', [line('TEE-M', -1)])],
		[
			'two units of one return',
			change('HR r1 TEE-M u0 processed; HR r1 TEE-L u1 processed', [
				line('TEE-M', -1),
				line('TEE-L', -1),
			]),
		],
		['not a return', change('manual count', [line('TEE-M', 4)])],
		[
			'a unit of several pieces',
			change('HR r1 TEE-M all processed; HR r2 TEE-M u0 processed', [line('TEE-M', -3)]),
		],
		[
			'a line no reference names',
			change('HR r1 TEE-M u0 processed; HR r2 TEE-M u0 processed', [
				line('TEE-M', -2),
				line('CAP', -1),
			]),
		],
		[
			'a reference that is not a unit reference',
			change('HR r1 TEE-M u0 processed; recount', [line('TEE-M', -2)]),
		],
	])('left whole: %s', (_, m) => {
		expect(movementsPerReturn(m)).toEqual([m]);
	});

	it('two returns: one part each, in the order listed, lines shared out one piece per reference', () => {
		const m = change(
			'HR r1 TEE-M u0 processed; HR r2 TEE-M u0 processed; HR r1 TEE-M u1 processed; HR r2 CAP u0 processed',
			[line('TEE-M', -3), line('CAP', -1)],
		);
		expect(movementsPerReturn(m)).toEqual([
			{
				...m,
				id: '41:r1',
				stockChangeId: 41,
				reference: 'HR r1 TEE-M u0 processed; HR r1 TEE-M u1 processed',
				lines: [line('TEE-M', -2)],
			},
			{
				...m,
				id: '41:r2',
				stockChangeId: 41,
				reference: 'HR r2 TEE-M u0 processed; HR r2 CAP u0 processed',
				lines: [line('TEE-M', -1), line('CAP', -1)],
			},
		]);
	});

	it('the parts add up to the change: every piece of every line, once', () => {
		const m = change(
			'HR a S1 u0 written-off; HR b S2 u0 written-off; HR c S1 u3 written-off; HR a S2 u1 written-off',
			[line('S1', 2), line('S2', 2)],
		);
		const parts = movementsPerReturn(m);
		expect(parts).toHaveLength(3);
		for (const sku of ['S1', 'S2'])
			expect(
				parts
					.flatMap((p) => p.lines)
					.filter((l) => l.sku === sku)
					.reduce((s, l) => s + l.quantity, 0),
			).toBe(2);
		expect(parts.flatMap((p) => p.reference.split('; ')).sort()).toEqual(
			m.reference.split('; ').sort(),
		);
	});

	it('a reference naming the EAN matches the line by its EAN; a void of a batch splits the same way', () => {
		const m = change('HR r1 7300000000001 u0 processed void 40; HR r2 TEE-L u0 processed void 40', [
			line('TEE-M', 1, '7300000000001'),
			line('TEE-L', 1),
		]);
		expect(movementsPerReturn(m).map((p) => [p.id, p.lines])).toEqual([
			['41:r1', [line('TEE-M', 1, '7300000000001')]],
			['41:r2', [line('TEE-L', 1)]],
		]);
	});
});
