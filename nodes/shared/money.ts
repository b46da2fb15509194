/**
 * Money as integer minor units with an ISO 4217 currency. Amounts of different currencies are
 * never added: every sum is kept per currency. Pure module, no n8n imports.
 */

export interface Money {
	/** Integer amount in the currency's minor unit (cents for USD, yen for JPY). */
	amountMinor: number;
	/** Upper-case ISO 4217 code. */
	currency: string;
}

/** Currencies whose minor unit is not 1/100 (ISO 4217 exponent). Everything else has 2. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
	BIF: 0,
	CLP: 0,
	DJF: 0,
	GNF: 0,
	ISK: 0,
	JPY: 0,
	KMF: 0,
	KRW: 0,
	PYG: 0,
	RWF: 0,
	UGX: 0,
	UYI: 0,
	VND: 0,
	VUV: 0,
	XAF: 0,
	XOF: 0,
	XPF: 0,
	BHD: 3,
	IQD: 3,
	JOD: 3,
	KWD: 3,
	LYD: 3,
	OMR: 3,
	TND: 3,
	CLF: 4,
	UYW: 4,
};

export class MoneyError extends Error {
	constructor(
		message: string,
		readonly reason: 'currency' | 'format' | 'precision' | 'range' | 'ambiguous',
	) {
		super(message);
		this.name = 'MoneyError';
	}
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** Validates and upper-cases a currency code; throws MoneyError on anything else. */
function isUpperAlpha3(value: string): boolean {
	if (value.length !== 3) return false;
	for (let i = 0; i < 3; i++) {
		const code = value.charCodeAt(i);
		if (code < 65 || code > 90) return false;
	}
	return true;
}

export function normalizeCurrency(value: unknown): string {
	if (typeof value === 'string' && isUpperAlpha3(value)) return value;
	const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if (!CURRENCY_PATTERN.test(code)) {
		throw new MoneyError(
			`"${String(value)}" is not a three-letter ISO 4217 currency code`,
			'currency',
		);
	}
	return code;
}

export function currencyExponent(currency: string): number {
	return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

const DECIMAL_POINT = /^([+-])?(\d+)(?:\.(\d+))?$/;
const DECIMAL_COMMA = /^([+-])?(\d+)(?:,(\d+))?$/;
// A thousands group never starts the number with 0: "0,500" is a decimal comma, never 500.
const GROUPED_POINT = /^([+-])?([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;
const GROUPED_COMMA = /^([+-])?([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$/;
/** One comma followed by exactly three digits: "1,500" is 1.5 or 1500 when three decimals fit. */
const LONE_COMMA_GROUP = /^[+-]?[1-9]\d{0,2},\d{3}$/;

/**
 * Fast path for the common "-12.34" form (sign, up to 15 digits, point, at most `exponent`
 * decimals): integer arithmetic on char codes, no regular expression. NaN means "not that form";
 * the general parser then decides, and gives the error.
 */
function plainDecimalToMinor(text: string, exponent: number): number {
	let i = 0;
	const negative = text.charCodeAt(0) === 45; /* - */
	if (negative || text.charCodeAt(0) === 43 /* + */) i = 1;
	let whole = 0;
	let wholeDigits = 0;
	for (; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 48 || code > 57) break;
		whole = whole * 10 + (code - 48);
		wholeDigits++;
	}
	if (wholeDigits === 0 || wholeDigits > 15) return Number.NaN;
	let fraction = 0;
	let fractionDigits = 0;
	if (i < text.length) {
		if (text.charCodeAt(i) !== 46 /* . */) return Number.NaN;
		for (i++; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (code < 48 || code > 57 || fractionDigits === exponent) return Number.NaN;
			fraction = fraction * 10 + (code - 48);
			fractionDigits++;
		}
		if (fractionDigits === 0) return Number.NaN;
	}
	const minor = whole * 10 ** exponent + fraction * 10 ** (exponent - fractionDigits);
	if (!Number.isSafeInteger(minor)) return Number.NaN;
	return negative ? -minor : minor;
}

/**
 * Parses a decimal amount ("12.34", "-0,50", "1,234.56", 12.34) into minor units of `currency`.
 * Rejects more decimals than the currency has, so 1.005 USD is an error rather than a silent
 * rounding. Amazon's EU reports write a decimal comma, so both separators are accepted, and a
 * comma is read as a thousands separator only where it cannot be a decimal comma:
 * - "0,500" is 0.50 (a number never starts with a thousands group of 0);
 * - "1,500" is 1500.00 in a currency of two decimals (1.500 would have too many), but in one of
 *   three or more (KWD, BHD, ...) both readings fit, so it is refused as ambiguous
 *   (MoneyError reason 'ambiguous'); "1.500", "1,500.000" and "1.500,000" are not ambiguous.
 * A single point is always a decimal point.
 */
export function toMinorUnits(value: unknown, currency: string): number {
	const exponent = currencyExponent(currency);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new MoneyError(`${value} is not a finite amount`, 'format');
		return toMinorUnits(numberToPlainString(value), currency);
	}
	if (typeof value !== 'string') {
		throw new MoneyError(`${JSON.stringify(value) ?? 'undefined'} is not an amount`, 'format');
	}
	const plain = plainDecimalToMinor(value, exponent);
	if (!Number.isNaN(plain)) return plain;
	const text = value.trim().replace(/\s/g, '');
	const match =
		DECIMAL_POINT.exec(text) ??
		GROUPED_POINT.exec(text) ??
		DECIMAL_COMMA.exec(text) ??
		GROUPED_COMMA.exec(text);
	if (!match) throw new MoneyError(`"${value}" is not a decimal amount`, 'format');
	if (exponent >= 3 && LONE_COMMA_GROUP.test(text)) {
		const [whole, group] = text.replace(/^[+-]/, '').split(',');
		throw new MoneyError(
			`"${value}" is ambiguous in ${currency}: ${whole}.${group} with a decimal comma or ${whole}${group} with a thousands comma; write it with a decimal point (${whole}.${group} or ${whole}${group}.${'0'.repeat(exponent)})`,
			'ambiguous',
		);
	}
	const [, sign, wholeRaw, fractionRaw = ''] = match;
	const fraction = fractionRaw.replace(/0+$/, '');
	if (fraction.length > exponent) {
		throw new MoneyError(
			`"${value}" has more decimals than ${currency} allows (${exponent})`,
			'precision',
		);
	}
	const whole = wholeRaw.replace(/[.,]/g, '');
	const minor = Number(whole + fraction.padEnd(exponent, '0'));
	if (!Number.isSafeInteger(minor)) throw new MoneyError(`"${value}" is too large`, 'range');
	return sign === '-' ? -minor : minor;
}

function numberToPlainString(value: number): string {
	// toString() switches to exponent notation below 1e-7; toFixed(12) then trims is exact enough
	// for amounts that came from JSON decimals.
	const text = Math.abs(value) < 1e-6 && value !== 0 ? value.toFixed(12) : String(value);
	return text.includes('e') ? value.toFixed(12) : text;
}

/** Builds Money from a decimal amount and currency code. */
export function money(value: unknown, currency: unknown): Money {
	const code = normalizeCurrency(currency);
	return { amountMinor: toMinorUnits(value, code), currency: code };
}

/**
 * Money from a vendor's JSON number (Centra, Amazon Finances): floats like 99.99000000000001 are
 * rounded to the currency's minor unit first, so nothing is added before it is exact.
 */
export function moneyFromFloat(value: number, currency: string): Money {
	const code = normalizeCurrency(currency);
	return money(Number(value).toFixed(currencyExponent(code)), code);
}

/** Renders minor units as a plain decimal string ("-12.30"), no currency symbol. */
export function formatMinor(amountMinor: number, currency: string): string {
	const exponent = currencyExponent(currency);
	const negative = amountMinor < 0;
	const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
	const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
	const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
	return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Sums kept per currency. `add` never mixes currencies; `list()` returns one Money per currency,
 * sorted by code so output is deterministic.
 */
export class MoneyTotals {
	private readonly totals = new Map<string, number>();

	add(value: Money): this {
		const next = (this.totals.get(value.currency) ?? 0) + value.amountMinor;
		if (!Number.isSafeInteger(next))
			throw new MoneyError(`total in ${value.currency} overflows`, 'range');
		this.totals.set(value.currency, next);
		return this;
	}

	addAll(values: Iterable<Money>): this {
		for (const value of values) this.add(value);
		return this;
	}

	get(currency: string): number {
		return this.totals.get(currency) ?? 0;
	}

	currencies(): string[] {
		return [...this.totals.keys()].sort();
	}

	get size(): number {
		return this.totals.size;
	}

	list(): Money[] {
		return this.currencies().map((currency) => ({ currency, amountMinor: this.get(currency) }));
	}
}
