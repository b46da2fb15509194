/**
 * Deterministic stock-movement references. The same Happy Returns event always yields the same
 * text, so a movement can be looked up before it is written (no double moves on re-runs), and the
 * matcher finds the return id among its whitespace-separated tokens.
 */
export function stockReference(parts: {
	returnId: string;
	sku: string;
	unit?: string | number | null;
	stage: string;
}): string {
	const unit =
		parts.unit === undefined || parts.unit === null || parts.unit === ''
			? 'all'
			: `u${String(parts.unit)}`;
	return [
		'HR',
		referenceWord(parts.returnId),
		referenceWord(parts.sku),
		unit,
		referenceWord(parts.stage),
	].join(' ');
}

/** A value as it stands in a reference: one word, whitespace replaced. */
export function referenceWord(value: string): string {
	return value.trim().replace(/\s+/g, '_');
}

/** Between the unit references a batched stock change lists in its comment. */
export const REFERENCE_SEPARATOR = '; ';

/** The unit references a stock change's comment carries (one, or several for a batch). */
export function referencesOf(comment: string): string[] {
	return comment.split(REFERENCE_SEPARATOR);
}
