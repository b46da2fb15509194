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

/**
 * True when normalising `key` would not change it: printable ASCII, no space, no leading '#',
 * no lower case (when case is ignored), no leading zero (when stripped). Millions of keys take
 * this path without allocating.
 */
function alreadyNormal(key: string, options: KeyOptions): boolean {
	const first = key.charCodeAt(0);
	if (first === 35 /* # */ || (options.stripLeadingZeros && first === 48) /* 0 */) return false;
	for (let i = 0; i < key.length; i++) {
		const code = key.charCodeAt(i);
		if (code <= 32 || code > 126) return false;
		if (options.caseInsensitive && code >= 97 && code <= 122) return false;
	}
	return true;
}

/** Returns the comparable form of an identifier: trimmed, no inner spaces, no leading '#'. */
export function normalizeKey(value: unknown, options: KeyOptions): string {
	if (value === null || value === undefined) return '';
	let key = typeof value === 'string' ? value : String(value);
	if (key.length === 0) return '';
	if (alreadyNormal(key, options)) return key;
	if (HAS_WHITESPACE.test(key)) key = key.replace(WHITESPACE, '');
	if (key.charCodeAt(0) === 35 /* # */) key = key.slice(1);
	if (options.caseInsensitive) key = key.toUpperCase();
	if (options.stripLeadingZeros) key = key.replace(LEADING_ZEROS, '');
	return key;
}

/** True for a non-empty snake-case word already: a-z, 0-9 and inner underscores. */
function alreadySnake(text: string): boolean {
	if (text.length === 0 || text.charCodeAt(0) === 95 || text.charCodeAt(text.length - 1) === 95)
		return false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95)) return false;
	}
	return true;
}

/** Normalises a channel name to snake case ("Happy Returns" -> "happy_returns"). */
export function normalizeChannel(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string' && alreadySnake(value) && !value.includes('__')) return value;
	return String(value)
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

/**
 * Sales channels as people and exports write them. Any Amazon marketplace ("Amazon", "AMAZON",
 * "Amazon.de", "amazon.co.uk", "Amazon EU") is "amazon"; "Happy Returns" / "HappyReturns" is
 * "happy_returns"; "Storefront", "Centra", "Webshop", "Web" and "Online store" are "storefront".
 * Any other name is kept in snake case, so a channel the matcher does not know is still compared
 * with itself.
 */
const STOREFRONT_WORDS: ReadonlySet<string> = new Set([
	'storefront',
	'centra',
	'webshop',
	'web',
	'online_store',
	'shop',
]);

export function normalizeSalesChannel(value: unknown): string {
	const word = normalizeChannel(value);
	if (word === 'amazon' || word.startsWith('amazon_')) return 'amazon';
	if (word === 'happy_returns' || word === 'happyreturns' || word === 'hr') return 'happy_returns';
	if (STOREFRONT_WORDS.has(word)) return 'storefront';
	return word;
}
