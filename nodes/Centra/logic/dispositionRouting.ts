/**
 * Disposition code -> stock bucket, as the user maps it. A code without a row is never guessed:
 * it is reported as unmapped. "none" (or an empty bucket) means the unit leaves no stock.
 */
export type Route = { kind: 'move'; warehouse: string } | { kind: 'none' } | { kind: 'unmapped' };

export function normalizeDisposition(code: unknown): string {
	return String(code ?? '')
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

export function buildRouting(rows: Array<{ code: string; warehouse: string }>): Map<string, Route> {
	const routes = new Map<string, Route>();
	for (const row of rows) {
		const code = normalizeDisposition(row.code);
		if (!code) continue;
		const warehouse = String(row.warehouse ?? '').trim();
		routes.set(
			code,
			!warehouse || warehouse.toLowerCase() === 'none'
				? { kind: 'none' }
				: { kind: 'move', warehouse },
		);
	}
	return routes;
}

export function routeOf(routes: Map<string, Route>, code: unknown): Route {
	return routes.get(normalizeDisposition(code)) ?? { kind: 'unmapped' };
}
