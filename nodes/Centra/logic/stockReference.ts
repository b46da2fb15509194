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
	const clean = (value: string) => value.trim().replace(/\s+/g, '_');
	const unit =
		parts.unit === undefined || parts.unit === null || parts.unit === ''
			? 'all'
			: `u${String(parts.unit)}`;
	return ['HR', clean(parts.returnId), clean(parts.sku), unit, clean(parts.stage)].join(' ');
}
