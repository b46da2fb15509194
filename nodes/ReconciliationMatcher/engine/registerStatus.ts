/**
 * The statuses of an Exception Register row, as docs/templates/data-tables.md ("Working the
 * register") documents them. A person works the register by typing a status, so the set is small
 * and every run and report reads it the same way:
 * - `open`: raised by a run (or reopened); `investigating`: open, a person is on it (runs keep its
 *   summary, amount and age current but never clear it: the person closes it);
 * - `resolved`, `no action`: closed by a person, never raised again;
 * - `cleared`: closed by a run because the data no longer shows the case; reopened if it returns.
 * Anything else (a typo such as `investigatng`) is not documented: the register report names the
 * row so it is fixed, and it counts as open, so a typo never silently closes an exception.
 */
export const REGISTER_STATUSES = [
	'open',
	'investigating',
	'resolved',
	'no action',
	'cleared',
] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

/** Documented statuses that count as open (in reports and for the matcher's lifecycle). */
export const OPEN_REGISTER_STATUSES: readonly RegisterStatus[] = ['open', 'investigating'];

/**
 * Words the matcher has always read as a person's close (older registers): still counted as
 * closed, but not documented, so the register report names them as rows to fix.
 */
const LEGACY_CLOSING_WORDS = new Set([
	'closed',
	'done',
	'no_action',
	'no-action',
	'noaction',
	'ignored',
]);

const normal = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim().toLowerCase();

/** The status exactly as documented (case and surrounding spaces aside). */
export function isDocumentedStatus(value: unknown): value is RegisterStatus {
	return (REGISTER_STATUSES as readonly string[]).includes(normal(value));
}

/** How a report counts a row's status: closed only for a documented or legacy closing word. */
export function countsAsOpen(value: unknown): boolean {
	const word = normal(value);
	if (isDocumentedStatus(word)) return OPEN_REGISTER_STATUSES.includes(word);
	return !LEGACY_CLOSING_WORDS.has(word);
}

/**
 * The guard before a status is written to the register: a run writes only documented statuses.
 * Throws naming the field and the item, so a wrong status never reaches the table.
 */
export function checkRegisterStatus(value: unknown, item: number): RegisterStatus {
	if (!isDocumentedStatus(value))
		throw new Error(
			`Exception Register item ${item}: field "status" is "${String(value)}", not a documented status (${REGISTER_STATUSES.join(', ')})`,
		);
	return normal(value) as RegisterStatus;
}
