/** Minor units to the decimal amount a vendor API sends, by the currency's ISO 4217 exponent. */
const EXPONENTS: Record<string, number> = {
	JPY: 0,
	KRW: 0,
	ISK: 0,
	CLP: 0,
	VND: 0,
	BHD: 3,
	KWD: 3,
	OMR: 3,
	JOD: 3,
	TND: 3,
};

export function minorToDecimal(minor: number, currency: string): number {
	return minor / 10 ** (EXPONENTS[currency.toUpperCase()] ?? 2);
}
