/**
 * Exception lifecycle against the register: what is new, what is still open, what the data has
 * cleared, and what came back.
 *
 * Who closed a row decides what happens when its condition is found again:
 * - a person ("resolved" or "no action"): the row stays closed and the case is not raised again;
 * - the matcher ("cleared": the condition disappeared from the data): the row reopens, keeping its
 *   first-seen date, with its history (when it was cleared, when it came back).
 */
import { toIsoUtc } from '../../shared/timestamps';
import type {
	ExceptionStatus,
	ExceptionType,
	KnownException,
	ReconciliationException,
} from './types';

export type Change = 'new' | 'open' | 'resolved' | 'reopened';

export interface HistoryEntry {
	at: string;
	event: 'cleared' | 'reopened';
}

export interface ExceptionChange extends Partial<ReconciliationException> {
	id: string;
	change: Change;
	status: ExceptionStatus;
	resolvedAt?: string;
	/** For a reopened row: when the data cleared it, and when it came back. */
	history?: HistoryEntry[];
	/**
	 * The row id of the register row this change is about (its earliest row), where the register
	 * gave one: a template writes by it rather than looking the id up per change.
	 */
	registerRowId?: number;
}

export interface LifecycleResult {
	changes: ExceptionChange[];
	/** Detected again but closed by a person: not re-raised. */
	suppressed: number;
}

/** Statuses a person sets; the matcher's own closing status is "cleared". */
const CLOSED_BY_PERSON: ReadonlySet<ExceptionStatus> = new Set(['resolved', 'no_action']);

export interface KnownExceptionRow extends KnownException {
	type?: string;
	/** When the row was closed (the register's resolvedAt), for the history of a reopened row. */
	resolvedAt?: string;
	/** The register table's own row id, where it has one (a Data Table row's "id"). */
	rowId?: number;
	/** When the register table created the row, where it says. */
	createdAt?: string;
}

/** Whether `row` was written before `than`: by row id, else by creation time, else not. */
function writtenBefore(row: KnownExceptionRow, than: KnownExceptionRow): boolean {
	if (row.rowId !== undefined && than.rowId !== undefined) return row.rowId < than.rowId;
	const at = Date.parse(row.createdAt ?? '');
	const thanAt = Date.parse(than.createdAt ?? '');
	return !Number.isNaN(at) && !Number.isNaN(thanAt) && at < thanAt;
}

/**
 * The row of each exception id: its earliest. Two runs at once can both add a row for one new
 * exception (a Data Table has no unique key); the templates write to the earliest row by its id, so
 * the lifecycle reads that one too. Rows that say nothing of their order: the first given.
 */
export function earliestRows(known: readonly KnownExceptionRow[]): Map<string, KnownExceptionRow> {
	const rows = new Map<string, KnownExceptionRow>();
	for (const row of known) {
		const kept = rows.get(row.id);
		if (!kept || writtenBefore(row, kept)) rows.set(row.id, row);
	}
	return rows;
}

export function applyLifecycle(
	detected: ReconciliationException[],
	known: readonly KnownExceptionRow[],
	checkedTypes: ReadonlySet<ExceptionType>,
	asOf: number,
): LifecycleResult {
	const knownById = earliestRows(known);
	const detectedIds = new Set<string>();
	const changes: ExceptionChange[] = [];
	const now = toIsoUtc(asOf);
	let suppressed = 0;
	for (const exception of detected) {
		detectedIds.add(exception.id);
		const previous = knownById.get(exception.id);
		if (previous && CLOSED_BY_PERSON.has(previous.status)) {
			suppressed++;
			continue;
		}
		// Updated in place rather than copied: at a million returns the copies would double the
		// memory of the result. `detected` belongs to the caller only until this call.
		const change = exception as ExceptionChange;
		if (previous?.status === 'cleared') {
			change.change = 'reopened';
			change.history = [
				...(previous.resolvedAt ? [{ at: previous.resolvedAt, event: 'cleared' as const }] : []),
				{ at: now, event: 'reopened' },
			];
		} else {
			change.change = previous ? 'open' : 'new';
		}
		change.firstSeenAt = previous?.firstSeenAt || exception.firstSeenAt;
		change.owner = previous?.owner || exception.owner;
		if (previous?.rowId !== undefined) change.registerRowId = previous.rowId;
		changes.push(change);
	}
	for (const row of knownById.values()) {
		// Only types whose check ran this time can be declared cleared.
		if (
			row.status !== 'open' ||
			detectedIds.has(row.id) ||
			!row.type ||
			!checkedTypes.has(row.type as ExceptionType)
		)
			continue;
		// The row's place in its table is not part of the change.
		const fields: KnownExceptionRow = { ...row };
		delete fields.rowId;
		delete fields.createdAt;
		changes.push({
			...fields,
			type: row.type as ExceptionType,
			change: 'resolved',
			status: 'cleared',
			resolvedAt: now,
			...(row.rowId !== undefined ? { registerRowId: row.rowId } : {}),
		});
	}
	return { changes, suppressed };
}
