/** Counts and money per exception type, owner, severity and aging bucket; one row per currency. */
import { MoneyTotals, type Money } from '../../shared/money';
import { toIsoUtc } from '../../shared/timestamps';
import { EXCEPTION_CATALOGUE } from './catalogue';
import type { ExceptionChange } from './lifecycle';
import type { RecordIssue } from './records';
import { agingBucketLabels, type MatcherSettings } from './settings';
import type { ExceptionType, Severity } from './types';

export interface TypeSummary {
	type: ExceptionType;
	title: string;
	owner: string;
	new: number;
	open: number;
	resolved: number;
	reopened: number;
	units: number;
	/** Money at stake of the new and still-open exceptions, one entry per currency. */
	atStake: Money[];
}

export interface ReconciliationSummary {
	asOf: string;
	inputs: Record<string, number>;
	rejected: number;
	matched: number;
	pending: number;
	suppressed: number;
	totals: { new: number; open: number; resolved: number; reopened: number };
	atStake: Money[];
	byType: TypeSummary[];
	byOwner: Record<string, number>;
	bySeverity: Record<Severity, number>;
	aging: Array<{ bucket: string; count: number }>;
}

/** The money an exception puts at risk: the overpayment, the unrecovered refund, or the goods. */
export function moneyAtStake(exception: ExceptionChange): Money[] {
	if (
		(exception.type === 'duplicate_refund' || exception.type === 'refund_value_mismatch') &&
		exception.difference?.length
	) {
		return exception.difference.map((value) => ({
			...value,
			amountMinor: Math.abs(value.amountMinor),
		}));
	}
	if (exception.actual?.length) return exception.actual;
	return exception.expected ?? [];
}

export function summarize(
	changes: ExceptionChange[],
	lines: { matched: number; pending: number },
	rejected: RecordIssue[],
	inputs: Record<string, number>,
	suppressed: number,
	settings: MatcherSettings,
): ReconciliationSummary {
	const labels = agingBucketLabels(settings.agingBuckets);
	const aging = new Map(labels.map((label) => [label, 0]));
	const byType = new Map<ExceptionType, TypeSummary & { money: MoneyTotals }>();
	for (const info of EXCEPTION_CATALOGUE) {
		byType.set(info.type, {
			type: info.type,
			title: info.title,
			owner: settings.owners[info.type] ?? info.defaultOwner,
			new: 0,
			open: 0,
			resolved: 0,
			reopened: 0,
			units: 0,
			atStake: [],
			money: new MoneyTotals(),
		});
	}
	const total = new MoneyTotals();
	// No prototype: an owner named "__proto__" or "constructor" is a key like any other.
	const byOwner = Object.create(null) as Record<string, number>;
	const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
	const totals = { new: 0, open: 0, resolved: 0, reopened: 0 };
	for (const change of changes) {
		const row = change.type ? byType.get(change.type) : undefined;
		totals[change.change]++;
		if (row) row[change.change]++;
		if (change.change === 'resolved') continue;
		if (row) {
			row.units += change.units ?? 0;
			row.money.addAll(moneyAtStake(change));
		}
		total.addAll(moneyAtStake(change));
		const owner = change.owner ?? 'unassigned';
		byOwner[owner] = (byOwner[owner] ?? 0) + 1;
		if (change.severity) bySeverity[change.severity]++;
		if (change.agingBucket) aging.set(change.agingBucket, (aging.get(change.agingBucket) ?? 0) + 1);
	}
	return {
		asOf: toIsoUtc(settings.asOf),
		inputs,
		rejected: rejected.length,
		matched: lines.matched,
		pending: lines.pending,
		suppressed,
		totals,
		atStake: total.list(),
		byType: [...byType.values()].map(({ money, ...row }) => ({ ...row, atStake: money.list() })),
		byOwner,
		bySeverity,
		aging: labels.map((bucket) => ({ bucket, count: aging.get(bucket) ?? 0 })),
	};
}
