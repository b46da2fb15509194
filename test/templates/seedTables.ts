/** What the template worlds' seeds share: the tables they write to, and the clock's units. */

/**
 * The tables a seed writes to as 01, 03 and 04 would: the harness's in-memory Data Tables, or the
 * Postgres variant's tables (test/postgres/bothStores.ts).
 */
export interface SeedTables {
	insert(name: string, row: Record<string, unknown>): unknown;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
