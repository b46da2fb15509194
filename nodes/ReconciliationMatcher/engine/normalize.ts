/** Normalisation of matching keys (order numbers, SKUs, barcodes), so "#0123 " meets "123". */

export interface KeyOptions {
	/** Compare keys without regard to case (default true). */
	caseInsensitive: boolean;
	/** Drop leading zeros of keys, e.g. order numbers exported as "000123" (default false). */
	stripLeadingZeros: boolean;
}

export const DEFAULT_KEY_OPTIONS: KeyOptions = { caseInsensitive: true, stripLeadingZeros: false };

const WHITESPACE = /\s+/g;
const HAS_WHITESPACE = /\s/;
const LEADING_ZEROS = /^0+(?=.)/;

/** Returns the comparable form of an identifier: trimmed, no inner spaces, no leading '#'. */
export function normalizeKey(value: unknown, options: KeyOptions): string {
	if (value === null || value === undefined) return '';
	let key = typeof value === 'string' ? value : String(value);
	if (key.length === 0) return '';
	if (HAS_WHITESPACE.test(key)) key = key.replace(WHITESPACE, '');
	if (key.charCodeAt(0) === 35 /* # */) key = key.slice(1);
	if (options.caseInsensitive) key = key.toUpperCase();
	if (options.stripLeadingZeros) key = key.replace(LEADING_ZEROS, '');
	return key;
}

/** Normalises a channel name to snake case ("Happy Returns" -> "happy_returns"). */
export function normalizeChannel(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value)
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}
