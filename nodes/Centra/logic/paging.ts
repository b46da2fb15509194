/**
 * Guards for Centra's paged lists. Centra pages every list (limit 1-200, default 20) and the
 * Relay connections by cursor; a server that answers the same page or cursor twice would make a
 * "read until the end" loop run forever or count rows twice, so every loop stops on a repeat and
 * reports it. Pure: the caller turns the error into a node error with its item index.
 */
export class RepeatedPageError extends Error {
	constructor(readonly list: string) {
		super(`Centra returned the same ${list} page twice; stopped reading to avoid a loop`);
		this.name = 'RepeatedPageError';
	}
}

/** Remembers each page's content (page-number paging) or cursor (connections). */
export class PageGuard {
	private readonly seen = new Set<string>();

	constructor(private readonly list: string) {}

	/** Throws when `key` (a cursor, or the ids of a page's rows) was seen before. */
	check(key: string): void {
		if (this.seen.has(key)) throw new RepeatedPageError(this.list);
		this.seen.add(key);
	}

	/** For page-number paging: a non-empty page whose rows equal an earlier page's is a repeat. */
	checkRows(rows: ReadonlyArray<unknown>, idOf: (row: never) => unknown): void {
		if (rows.length === 0) return;
		this.check(JSON.stringify(rows.map((row) => idOf(row as never))));
	}
}

/**
 * Reads every page of a page-numbered list: pages of `pageSize` rows until a short one, each
 * checked against repeats, at most `limit` rows.
 */
export async function readAllPages<T>(
	list: string,
	pageSize: number,
	fetchPage: (page: number) => Promise<T[]>,
	idOf: (row: T) => unknown,
	limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
	const guard = new PageGuard(list);
	const rows: T[] = [];
	for (let page = 1; rows.length < limit; page++) {
		const batch = await fetchPage(page);
		guard.checkRows(batch, idOf as (row: never) => unknown);
		rows.push(...batch);
		if (batch.length < pageSize) break;
	}
	return rows.slice(0, limit);
}
