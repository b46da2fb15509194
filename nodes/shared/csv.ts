/**
 * CSV writing with formula injection neutralised, for every CSV the package writes (claim packs,
 * per-cycle reports). Pure module.
 *
 * OWASP's CSV Injection guidance (https://owasp.org/www-community/attacks/CSV_Injection): no cell
 * may begin with `=`, `+`, `-`, `@`, tab (0x09) or carriage return (0x0D), since a spreadsheet
 * evaluates such a cell as a formula; prefix those with a single quote, wrap every cell in double
 * quotes and double every double quote inside it (the quoting also keeps a `,` or `;` inside a
 * value from starting a new cell; RFC 4180 section 2, https://www.rfc-editor.org/rfc/rfc4180).
 *
 * A plain number such as `-12.30` or `+5` is left as it is (option `keepNumbers`, on by default):
 * a spreadsheet reads it as that number, never as a formula, and finance needs negative amounts to
 * stay numbers. Anything else starting with a trigger (`-1+2`, `-A1`) is neutralised.
 */

/** The first characters that make a spreadsheet read a cell as a formula (OWASP). */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** An optionally signed decimal number, nothing else (`-12.30`, `+5`, `0.5`). */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

export interface CsvOptions {
	/** Leave plain signed numbers as they are (default true). */
	keepNumbers?: boolean;
	/** Field separator (default `,`). */
	separator?: string;
	/** Line ending (default CRLF, as RFC 4180 writes it). */
	newline?: string;
}

/** Whether a spreadsheet would read this text as a formula. */
export function isFormulaLike(value: string, keepNumbers = true): boolean {
	if (value === '' || !TRIGGERS.has(value[0])) return false;
	return !(keepNumbers && PLAIN_NUMBER.test(value));
}

/** The cell's text with a leading single quote when it would be read as a formula. */
export function neutralizeCell(value: string, keepNumbers = true): string {
	return isFormulaLike(value, keepNumbers) ? `'${value}` : value;
}

/** The text of any value: empty for null/undefined, ISO for dates, JSON for objects. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** One cell: neutralised, wrapped in double quotes, inner double quotes doubled. */
export function csvCell(value: unknown, options: CsvOptions = {}): string {
	const text = neutralizeCell(cellText(value), options.keepNumbers ?? true);
	return `"${text.replace(/"/g, '""')}"`;
}

/** One line of cells (no line ending). */
export function csvRow(values: readonly unknown[], options: CsvOptions = {}): string {
	return values.map((value) => csvCell(value, options)).join(options.separator ?? ',');
}

/**
 * A whole CSV document from records: a header row of the columns (by default every key in the
 * order first seen), then one row per record; every line ends with the line ending.
 */
export function toCsv(
	records: ReadonlyArray<Readonly<Record<string, unknown>>>,
	columns?: readonly string[],
	options: CsvOptions = {},
): string {
	let header = columns;
	if (!header) {
		const seen = new Set<string>();
		for (const record of records) for (const key of Object.keys(record)) seen.add(key);
		header = [...seen];
	}
	const newline = options.newline ?? '\r\n';
	const lines = [csvRow(header, options)];
	for (const record of records)
		lines.push(
			csvRow(
				header.map((column) => record[column]),
				options,
			),
		);
	return lines.join(newline) + newline;
}
