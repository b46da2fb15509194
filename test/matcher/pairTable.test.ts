import { PairTable } from '../../nodes/ReconciliationMatcher/engine/store/pairTable';

describe('PairTable (bag + SKU and tracking + SKU links)', () => {
	it('gives back what a Map keyed by the pair would, through growth and overwrites', () => {
		const table = new PairTable();
		const model = new Map<string, number>();
		let seed = 7;
		const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff);
		for (let i = 0; i < 20_000; i++) {
			const a = next() % 3000;
			const b = next() % 50;
			const value = next() % 7 === 0 ? -1 : (next() % 1000) + 1;
			table.set(a, b, value);
			model.set(`${a}/${b}`, value);
		}
		const wrong: string[] = [];
		for (let a = 0; a < 3000; a++)
			for (let b = 0; b < 50; b++)
				if (table.get(a, b) !== (model.get(`${a}/${b}`) ?? 0)) wrong.push(`${a}/${b}`);
		expect(wrong).toEqual([]);
	});

	it('tells (a, b) from (b, a) and id pairs past 2^31 when multiplied', () => {
		const table = new PairTable();
		table.set(2, 3, 5);
		table.set(2_000_000, 1_999_999, 9);
		expect(table.get(3, 2)).toBe(0);
		expect(table.get(2, 3)).toBe(5);
		expect(table.get(1_999_999, 2_000_000)).toBe(0);
		expect(table.get(2_000_000, 1_999_999)).toBe(9);
	});

	it('refuses 0, which means "no entry"', () => {
		expect(() => new PairTable().set(1, 1, 0)).toThrow(/non-zero/);
	});
});
