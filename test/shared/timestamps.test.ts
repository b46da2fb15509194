import { parseTimestamp, TimestampError, toIsoDate, toIsoUtc } from '../../nodes/shared/timestamps';

describe('timestamps', () => {
	it('reads exact UTC ISO strings by hand to the same instant Date.parse gives', () => {
		let seed = 7;
		const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
		// Years 100 to 9999: the hand-written calendar arithmetic must agree with Date's everywhere.
		for (let i = 0; i < 5000; i++) {
			const ms = Date.UTC(
				100 + next(9900),
				next(12),
				1 + next(31),
				next(24),
				next(60),
				next(60),
				next(1000),
			);
			const iso = new Date(ms).toISOString();
			expect(parseTimestamp(iso)).toBe(ms);
			expect(parseTimestamp(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(
				Date.parse(iso.replace(/\.\d{3}Z$/, 'Z')),
			);
		}
	});

	it('leaves the unusual forms to the general parser, which keeps its old answers', () => {
		expect(parseTimestamp('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
		expect(parseTimestamp('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
		expect(parseTimestamp('1900-03-01T00:00:00.001Z')).toBe(Date.UTC(1900, 2, 1, 0, 0, 0, 1));
		expect(parseTimestamp('1900-02-29T00:00:00Z')).toBe(Date.parse('1900-02-29T00:00:00Z'));
		expect(parseTimestamp('2026-02-30T00:00:00Z')).toBe(Date.parse('2026-02-30T00:00:00Z'));
		expect(parseTimestamp('2026-01-01T24:00:00Z')).toBe(Date.parse('2026-01-01T24:00:00Z'));
		expect(parseTimestamp('2026-06-22T11:47:03+02:00')).toBe(Date.UTC(2026, 5, 22, 9, 47, 3));
		expect(parseTimestamp(' 2026-06-22T11:47:03Z ')).toBe(Date.UTC(2026, 5, 22, 11, 47, 3));
		expect(parseTimestamp('2026-06-22 11:47:03 UTC')).toBe(Date.UTC(2026, 5, 22, 11, 47, 3));
		expect(parseTimestamp('2026-06-22')).toBe(Date.UTC(2026, 5, 22));
		expect(parseTimestamp('10-Jul-2025')).toBe(Date.UTC(2025, 6, 10));
		expect(() => parseTimestamp('2026-13-01T00:00:00Z')).toThrow(TimestampError);
		expect(() => parseTimestamp('2026-06-22T11:47:60Z')).toThrow(TimestampError);
		expect(() => parseTimestamp('not a date')).toThrow('is not a date');
	});

	it('writes UTC ISO text', () => {
		expect(toIsoUtc(Date.UTC(2026, 10, 20, 8, 5, 1, 20))).toBe('2026-11-20T08:05:01.020Z');
		expect(toIsoDate(Date.UTC(2026, 10, 20, 23, 59))).toBe('2026-11-20');
	});
});
