import {
	formatMinor,
	money,
	MoneyError,
	MoneyTotals,
	moneyFromFloat,
	toMinorUnits,
} from '../../nodes/shared/money';

describe('money', () => {
	it('reads decimals exactly, with point or comma, and refuses extra precision', () => {
		expect(toMinorUnits('1,234.56', 'USD')).toBe(123456);
		expect(toMinorUnits('-0,50', 'EUR')).toBe(-50);
		expect(toMinorUnits('1.234,56', 'EUR')).toBe(123456);
		expect(toMinorUnits('5000', 'JPY')).toBe(5000);
		expect(toMinorUnits('1.005', 'KWD')).toBe(1005);
		expect(() => toMinorUnits('1.005', 'USD')).toThrow('more decimals than USD allows (2)');
		expect(() => toMinorUnits('12 dollars', 'USD')).toThrow('is not a decimal amount');
	});

	it('reads plain decimals on its fast path exactly as the general parser does', () => {
		// Reference: BigInt arithmetic on the digits, independent of both parsers.
		const reference = (text: string, exponent: number): number => {
			const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.');
			const digits = BigInt(whole + fraction.replace(/0+$/, '').padEnd(exponent, '0'));
			return Number(text.startsWith('-') ? -digits : digits);
		};
		const cases = [
			'0',
			'7',
			'-7',
			'+7',
			'12.3',
			'12.30',
			'12.34',
			'-0.05',
			'99999999999',
			'123456789012.34',
			'1.500',
			'0.10',
			'100',
		];
		for (const text of cases) {
			expect(toMinorUnits(text, 'USD')).toBe(reference(text, 2));
			expect(toMinorUnits(text, 'KWD')).toBe(reference(text, 3));
		}
		expect(toMinorUnits('5000', 'JPY')).toBe(5000);
		expect(() => toMinorUnits('12.5', 'JPY')).toThrow('more decimals than JPY allows (0)');
		expect(() => toMinorUnits('12.', 'USD')).toThrow('is not a decimal amount');
		expect(() => toMinorUnits('.5', 'USD')).toThrow('is not a decimal amount');
		expect(() => toMinorUnits('1.2.3', 'USD')).toThrow('is not a decimal amount');
		expect(() => toMinorUnits('--1', 'USD')).toThrow('is not a decimal amount');
		expect(toMinorUnits(' 12.34 ', 'USD')).toBe(1234);
		expect(() => toMinorUnits('999999999999999', 'KWD')).toThrow('is too large');
	});

	it('never reads a leading 0 group as thousands', () => {
		// "0,500" can only be a decimal comma: no number is written with a thousands group of 0.
		expect(toMinorUnits('0,500', 'EUR')).toBe(50);
		expect(toMinorUnits('-0,500', 'EUR')).toBe(-50);
		expect(toMinorUnits('0,500', 'KWD')).toBe(500);
		expect(toMinorUnits('0.500', 'EUR')).toBe(50);
		// The other side: a non-zero lead group with a 3-digit group is thousands in 2-decimal currencies.
		expect(toMinorUnits('1,500', 'EUR')).toBe(150000);
		expect(toMinorUnits('1,500', 'USD')).toBe(150000);
		expect(() => toMinorUnits('0,5001', 'EUR')).toThrow('more decimals than EUR allows (2)');
	});

	it.each([
		['1,500', 'KWD'],
		['-1,500', 'KWD'],
		['+999,000', 'BHD'],
		[' 12,345 ', 'OMR'],
		['1,500', 'CLF'],
	])('refuses %j %s as ambiguous: a decimal comma and a thousands comma both fit', (text, code) => {
		let error: unknown;
		try {
			toMinorUnits(text, code);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(MoneyError);
		expect((error as MoneyError).reason).toBe('ambiguous');
		expect((error as MoneyError).message).toContain(`"${text}" is ambiguous in ${code}`);
	});

	it.each([
		// Unambiguous neighbours of "1,500" KWD: each has exactly one reading.
		['1.500', 'KWD', 1500],
		['1,500.000', 'KWD', 1500000],
		['1.500,000', 'KWD', 1500000],
		['1,500,000', 'KWD', 1500000000],
		['1,5000', 'KWD', 1500],
		['1,50', 'KWD', 1500],
		['1500', 'KWD', 1500000],
	])('reads %j %s as %d minor units', (text, code, minor) => {
		expect(toMinorUnits(text, code)).toBe(minor);
	});

	it('money() passes the ambiguity on with the currency it normalised', () => {
		expect(() => money('1,500', 'kwd')).toThrow('"1,500" is ambiguous in KWD');
		expect(money('1,500', 'usd')).toEqual({ amountMinor: 150000, currency: 'USD' });
	});

	it('rounds vendor floats to the minor unit', () => {
		expect(moneyFromFloat(99.99000000000001, 'sek')).toEqual({
			amountMinor: 9999,
			currency: 'SEK',
		});
		expect(moneyFromFloat(-29.99, 'USD')).toEqual({ amountMinor: -2999, currency: 'USD' });
		expect(moneyFromFloat(1234.4, 'JPY')).toEqual({ amountMinor: 1234, currency: 'JPY' });
	});

	it('keeps totals per currency and formats minor units', () => {
		const totals = new MoneyTotals().addAll([
			{ amountMinor: 100, currency: 'USD' },
			{ amountMinor: 5, currency: 'EUR' },
			{ amountMinor: -30, currency: 'USD' },
		]);
		expect(totals.list()).toEqual([
			{ amountMinor: 5, currency: 'EUR' },
			{ amountMinor: 70, currency: 'USD' },
		]);
		expect(formatMinor(-5, 'USD')).toBe('-0.05');
		expect(formatMinor(1005, 'KWD')).toBe('1.005');
	});
});
