import {
	MAX_EPOCH_MILLISECONDS,
	MIN_EPOCH_MILLISECONDS,
	MIN_EPOCH_SECONDS,
	parseTimestamp,
	TimestampError,
	toIsoDate,
	toIsoUtc,
} from '../../nodes/shared/timestamps';

describe('timestamps', () => {
	it('reads exact UTC ISO strings by hand to the same instant Date.parse gives', () => {
		let seed = 7;
		const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
		// Years 100 to 9999: the hand-written calendar arithmetic must agree with Date's everywhere.
		// Disagreements are collected and compared once (one readable diff, not thousands of expects).
		const disagreements: Array<{ iso: string; parsed: number; expected: number }> = [];
		const check = (iso: string, expected: number) => {
			const parsed = parseTimestamp(iso);
			if (parsed !== expected) disagreements.push({ iso, parsed, expected });
		};
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
			check(iso, ms);
			const whole = iso.replace(/\.\d{3}Z$/, 'Z');
			check(whole, Date.parse(whole));
		}
		expect(disagreements).toEqual([]);
	});

	it('leaves the unusual forms to the general parser, which keeps its old answers', () => {
		expect(parseTimestamp('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
		expect(parseTimestamp('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
		expect(parseTimestamp('1900-03-01T00:00:00.001Z')).toBe(Date.UTC(1900, 2, 1, 0, 0, 0, 1));
		expect(parseTimestamp('2026-06-22T11:47:03+02:00')).toBe(Date.UTC(2026, 5, 22, 9, 47, 3));
		expect(parseTimestamp(' 2026-06-22T11:47:03Z ')).toBe(Date.UTC(2026, 5, 22, 11, 47, 3));
		expect(parseTimestamp('2026-06-22 11:47:03 UTC')).toBe(Date.UTC(2026, 5, 22, 11, 47, 3));
		expect(parseTimestamp('2026-06-22')).toBe(Date.UTC(2026, 5, 22));
		expect(parseTimestamp('10-Jul-2025')).toBe(Date.UTC(2025, 6, 10));
		expect(() => parseTimestamp('2026-13-01T00:00:00Z')).toThrow(TimestampError);
		expect(() => parseTimestamp('2026-06-22T11:47:60Z')).toThrow(TimestampError);
		expect(() => parseTimestamp('not a date')).toThrow('is not a date');
	});

	it.each([
		'2026-02-30',
		'2026-02-30T00:00:00Z',
		'2026-02-29T12:00:00.000Z',
		'1900-02-29T00:00:00Z',
		'2026-04-31 10:00:00 UTC',
		'2026-01-01T24:00:00Z',
		'2026-01-01T24:00Z',
		'2026-01-01T24:00:00+02:00',
		'2026-01-01 24:00:00',
		'2026-01-01T23:60:00Z',
		'2026-00-10',
		'2026-06-00T10:00:00+01:00',
		'30.02.2026',
		'31-Apr-2026',
	])('refuses the impossible date %j instead of rolling it over', (text) => {
		expect(() => parseTimestamp(text)).toThrow(TimestampError);
	});

	it.each([
		['2024-02-29', Date.UTC(2024, 1, 29)],
		['2000-02-29T00:00:00+00:00', Date.UTC(2000, 1, 29)],
		['2026-02-28T23:59:59.999Z', Date.UTC(2026, 1, 28, 23, 59, 59, 999)],
		['2026-01-01T23:59:59+02:00', Date.UTC(2026, 0, 1, 21, 59, 59)],
		['2026-01-02T00:00', Date.UTC(2026, 0, 2)],
		['2026-04-30 10:00:00 UTC', Date.UTC(2026, 3, 30, 10)],
		['28.02.2026', Date.UTC(2026, 1, 28)],
		['30-Apr-2026', Date.UTC(2026, 3, 30)],
	])('reads the real date next to each impossible one: %j', (text, ms) => {
		expect(parseTimestamp(text)).toBe(ms);
	});

	describe('numbers are epoch milliseconds, or epoch seconds when the caller says so', () => {
		const instant = Date.UTC(2026, 5, 22, 11, 47, 3);

		it('reads epoch milliseconds by default, from 1973-03-03 on', () => {
			expect(parseTimestamp(instant)).toBe(instant);
			expect(MIN_EPOCH_MILLISECONDS).toBe(Date.UTC(1973, 2, 3, 9, 46, 40));
			expect(parseTimestamp(MIN_EPOCH_MILLISECONDS)).toBe(MIN_EPOCH_MILLISECONDS);
			expect(() => parseTimestamp(MIN_EPOCH_MILLISECONDS - 1)).toThrow(TimestampError);
			expect(MAX_EPOCH_MILLISECONDS).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
			expect(parseTimestamp(MAX_EPOCH_MILLISECONDS)).toBe(MAX_EPOCH_MILLISECONDS);
		});

		it.each([
			['epoch seconds', instant / 1000],
			['a spreadsheet serial', 46195],
			['a spreadsheet serial with a time', 46195.5],
			['zero', 0],
			['a negative number', -1],
			['a fraction of a millisecond', instant + 0.5],
			['NaN', Number.NaN],
			['Infinity', Number.POSITIVE_INFINITY],
			['a time after 9999-12-31', MAX_EPOCH_MILLISECONDS + 1],
			['microseconds', instant * 1000],
		])('refuses %s rather than reading it as a date in 1970', (_label, value) => {
			expect(() => parseTimestamp(value)).toThrow(TimestampError);
		});

		it('says what the number may have been', () => {
			expect(() => parseTimestamp(instant / 1000)).toThrow(
				'is it epoch seconds or a spreadsheet serial?',
			);
		});

		it('reads epoch seconds only with numericUnit: seconds, with the same floor', () => {
			expect(parseTimestamp(instant / 1000, { numericUnit: 'seconds' })).toBe(instant);
			expect(parseTimestamp(MIN_EPOCH_SECONDS, { numericUnit: 'seconds' })).toBe(
				MIN_EPOCH_MILLISECONDS,
			);
			expect(() => parseTimestamp(MIN_EPOCH_SECONDS - 1, { numericUnit: 'seconds' })).toThrow(
				'is it a spreadsheet serial?',
			);
			expect(() => parseTimestamp(instant, { numericUnit: 'seconds' })).toThrow(
				'is it epoch milliseconds?',
			);
			expect(parseTimestamp(1_782_128_823.25, { numericUnit: 'seconds' })).toBe(1_782_128_823_250);
		});

		it('keeps text the same whatever the numeric unit', () => {
			expect(parseTimestamp('2026-06-22T11:47:03Z', { numericUnit: 'seconds' })).toBe(instant);
		});
	});

	it('writes UTC ISO text', () => {
		expect(toIsoUtc(Date.UTC(2026, 10, 20, 8, 5, 1, 20))).toBe('2026-11-20T08:05:01.020Z');
		expect(toIsoDate(Date.UTC(2026, 10, 20, 23, 59))).toBe('2026-11-20');
	});
});
