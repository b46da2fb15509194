/** The engine's column store: chunked typed-array columns and the key table. */
import {
	ByteColumn,
	IntColumn,
	ItemColumn,
	KeyColumn,
	NumberColumn,
} from '../../nodes/ReconciliationMatcher/engine/store/columns';
import { KeyTable } from '../../nodes/ReconciliationMatcher/engine/store/keyTable';
import { TextArena } from '../../nodes/ReconciliationMatcher/engine/store/textArena';

describe('column store', () => {
	it('keeps every value across chunk boundaries', () => {
		const ints = new IntColumn();
		const numbers = new NumberColumn();
		const count = 3 * 65_536 + 17;
		for (let i = 0; i < count; i++) {
			ints.push(i - 5);
			numbers.push(i === 70_000 ? Number.NaN : i * 1_000_000_007);
		}
		expect(ints.length).toBe(count);
		expect(ints.at(0)).toBe(-5);
		expect(ints.at(65_535)).toBe(65_530);
		expect(ints.at(65_536)).toBe(65_531);
		expect(ints.at(count - 1)).toBe(count - 6);
		expect(ints.slice(65_534, 65_538)).toEqual([65_529, 65_530, 65_531, 65_532]);
		expect(numbers.at(131_073)).toBe(131_073 * 1_000_000_007);
		expect(Number.isNaN(numbers.at(70_000))).toBe(true);
	});

	it('keeps bytes across chunk boundaries and refuses a value a byte cannot hold', () => {
		const bytes = new ByteColumn();
		const count = 2 * 65_536 + 3;
		for (let i = 0; i < count; i++) bytes.push(i % 256);
		expect(bytes.length).toBe(count);
		expect(bytes.at(255)).toBe(255);
		expect(bytes.at(65_536)).toBe(0);
		expect(bytes.at(count - 1)).toBe((count - 1) % 256);
		for (const bad of [256, -1, 1.5]) expect(() => bytes.push(bad)).toThrow(/0 to 255/);
		expect(bytes.length).toBe(count);
	});

	it('gives every row its item, whether items follow the rows or not', () => {
		// In order (stored as nothing), then a gap (a rejected item), then out of order.
		const items = [0, 1, 2, 3, 5, 6, 4, 70_000, 7];
		const column = new ItemColumn();
		for (const item of items) column.push(item);
		expect(column.length).toBe(items.length);
		expect(items.map((_, row) => column.at(row))).toEqual(items);
		// The same rows across a chunk boundary, with the first difference past it.
		const long = new ItemColumn();
		const many = Array.from({ length: 70_000 }, (_, row) => (row < 66_000 ? row : row * 2));
		for (const item of many) long.push(item);
		for (const row of [0, 65_535, 65_536, 65_999, 66_000, 69_999])
			expect(long.at(row)).toBe(many[row]);
		const inOrder = new ItemColumn();
		for (let row = 0; row < 100; row++) inOrder.push(row);
		expect(inOrder.at(99)).toBe(99);
	});

	it('interns each key once, keeps the empty key as 0, and answers from recent values the same ids', () => {
		const keys = new KeyTable();
		const column = new KeyColumn((value) => keys.id(value));
		const values = ['A', 'B', '', 'A', 'C', 'D', 'E', 'A', 'B', ''];
		for (const value of values) column.pushKey(value);
		expect(values.map((_, row) => keys.text(column.at(row)))).toEqual(values);
		expect(column.at(2)).toBe(0);
		expect(keys.size).toBe(6);
		expect(keys.id('A')).toBe(column.at(0));
	});

	it('interns a key repeated on consecutive rows once, and still stores its id on every row', () => {
		const keys = new KeyTable();
		const interned: string[] = [];
		const column = new KeyColumn((value) => {
			interned.push(value);
			return keys.id(value);
		});
		const values = ['EUR', 'EUR', 'USD', 'EUR', 'EUR', '', '', 'EUR'];
		for (const value of values) column.pushKey(value);
		expect(values.map((_, row) => keys.text(column.at(row)))).toEqual(values);
		expect(interned).toEqual(['EUR', 'USD', 'EUR', '', 'EUR']);
	});

	it('refuses lookups by text once sealed, and still turns ids into text', () => {
		const keys = new KeyTable();
		const id = keys.id('ORDER-1');
		keys.seal();
		expect(keys.text(id)).toBe('ORDER-1');
		expect(() => keys.id('ORDER-2')).toThrow('sealed');
	});

	it('interns a hundred thousand keys through several table growths, each to one stable id', () => {
		const keys = new KeyTable();
		const ids: number[] = [];
		for (let i = 0; i < 100_000; i++) ids.push(keys.id(`ORDER-${i}`));
		expect(new Set(ids).size).toBe(100_000);
		expect(keys.size).toBe(100_001);
		for (let i = 0; i < 100_000; i += 997) {
			expect(keys.id(`ORDER-${i}`)).toBe(ids[i]);
			expect(keys.text(ids[i])).toBe(`ORDER-${i}`);
		}
		// Same hash bucket neighbours, non-ASCII and a text longer than a decode slice.
		// Lone surrogates are valid JavaScript text and must come back as they went in.
		const odd = ['Ä-1', 'Ä-2', '📦', 'x'.repeat(10_000), 'A\ud800B', '\udc00', '京-7'];
		const oddIds = odd.map((value) => keys.id(value));
		expect(oddIds.map((id) => keys.text(id))).toEqual(odd);
		expect(odd.map((value) => keys.id(value))).toEqual(oddIds);
	});

	it('keeps texts across arena chunks, a text longer than a chunk included', () => {
		const arena = new TextArena();
		const texts: string[] = [];
		for (let i = 0; i < 120_000; i++) texts.push(`REFUND-${i}-${'y'.repeat(i % 13)}`);
		texts.push('z'.repeat((1 << 20) + 5));
		texts.push('after');
		const indexes = texts.map((text) => arena.add(text));
		expect(indexes.map((index) => arena.text(index))).toEqual(texts);
		expect(arena.equals(indexes[5], texts[5])).toBe(true);
		expect(arena.equals(indexes[5], texts[6])).toBe(false);
	});
});
