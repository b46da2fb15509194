/**
 * Exception lifecycle against the register: what is new, what is still open, what is now
 * resolved. A row a person marked "resolved" or "no action" is never raised again.
 */
import { toIsoUtc } from '../../shared/timestamps';
import type {
	ExceptionStatus,
	ExceptionType,
	KnownException,
	ReconciliationException,
} from './types';

export type Change = 'new' | 'open' | 'resolved';

export interface ExceptionChange extends Partial<ReconciliationException> {
	id: string;
	change: Change;
	status: ExceptionStatus;
	resolvedAt?: string;
}

export interface LifecycleResult {
	changes: ExceptionChange[];
	/** Detected again but closed by a person: not re-raised. */
	suppressed: number;
}

const CLOSED: ReadonlySet<ExceptionStatus> = new Set(['resolved', 'no_action']);

export interface KnownExceptionRow extends KnownException {
	type?: string;
}

export function applyLifecycle(
	detected: ReconciliationException[],
	known: readonly KnownExceptionRow[],
	checkedTypes: ReadonlySet<ExceptionType>,
	asOf: number,
): LifecycleResult {
	const knownById = new Map(known.map((row) => [row.id, row]));
	const detectedIds = new Set<string>();
	const changes: ExceptionChange[] = [];
	let suppressed = 0;
	for (const exception of detected) {
		detectedIds.add(exception.id);
		const previous = knownById.get(exception.id);
		if (previous && CLOSED.has(previous.status)) {
			suppressed++;
			continue;
		}
		// Updated in place rather than copied: at a million returns the copies would double the
		// memory of the result. `detected` belongs to the caller only until this call.
		const change = exception as ExceptionChange;
		change.change = previous ? 'open' : 'new';
		change.firstSeenAt = previous?.firstSeenAt || exception.firstSeenAt;
		change.owner = previous?.owner || exception.owner;
		changes.push(change);
	}
	for (const row of known) {
		// Only types whose check ran this time can be declared resolved.
		if (
			row.status !== 'open' ||
			detectedIds.has(row.id) ||
			!row.type ||
			!checkedTypes.has(row.type as ExceptionType)
		)
			continue;
		changes.push({
			...row,
			type: row.type as ExceptionType,
			change: 'resolved',
			status: 'resolved',
			resolvedAt: toIsoUtc(asOf),
		});
	}
	return { changes, suppressed };
}
