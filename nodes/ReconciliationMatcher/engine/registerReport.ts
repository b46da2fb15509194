/**
 * The month-end view of an exception register: every row still open, as the same summary and HTML
 * report a reconciliation run gives, plus failed runs and unreadable records. Reads the register
 * columns the templates write; amounts come back from their "12.50 EUR, 3.00 USD" text per currency.
 */
import { money, type Money } from '../../shared/money';
import { parseTimestamp } from '../../shared/timestamps';
import { EXCEPTION_TYPES } from './catalogue';
import type { ExceptionChange } from './lifecycle';
import type { OtherOpenItem } from './report';
import { agingBucket, type MatcherSettings } from './settings';
import { summarize, type ReconciliationSummary } from './summary';
import type { ExceptionType, Severity } from './types';

const DAY = 86_400_000;
const CLOSED = new Set([
	'resolved',
	'closed',
	'done',
	'no_action',
	'no action',
	'no-action',
	'noaction',
	'ignored',
	// Closed by the matcher because the data no longer shows the case.
	'cleared',
]);
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface RegisterReport {
	summary: ReconciliationSummary & { otherOpen: number };
	open: ExceptionChange[];
	others: OtherOpenItem[];
	/** Rows whose amount text could not be read; reported, never guessed. */
	unreadableAmounts: Array<{ id: string; amount: string }>;
}

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

function amounts(raw: string): Money[] | null {
	if (!raw) return [];
	const parts = raw
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const list: Money[] = [];
	for (const part of parts) {
		const match = /^(-?\d+(?:\.\d+)?)\s+([A-Za-z]{3})$/.exec(part);
		if (!match) return null;
		try {
			list.push(money(match[1], match[2]));
		} catch {
			return null;
		}
	}
	return list;
}

function ageOf(row: Record<string, unknown>, asOf: number): number {
	const stored = Number(row.ageDays);
	if (text(row.ageDays) !== '' && Number.isFinite(stored)) return stored;
	try {
		return Math.max(0, Math.floor((asOf - parseTimestamp(text(row.detectedAt))) / DAY));
	} catch {
		return 0;
	}
}

export function registerReport(
	rows: ReadonlyArray<Record<string, unknown>>,
	settings: MatcherSettings,
): RegisterReport {
	const open: ExceptionChange[] = [];
	const others: OtherOpenItem[] = [];
	const unreadableAmounts: RegisterReport['unreadableAmounts'] = [];
	for (const row of rows) {
		if (CLOSED.has(text(row.status).toLowerCase())) continue;
		const id = text(row.exceptionId ?? row.id);
		const type = text(row.type);
		if (!EXCEPTION_TYPES.includes(type as ExceptionType)) {
			others.push({
				type,
				title: text(row.title),
				summary: text(row.summary),
				detectedAt: text(row.detectedAt),
				owner: text(row.owner),
			});
			continue;
		}
		const stake = amounts(text(row.amount));
		if (stake === null) unreadableAmounts.push({ id, amount: text(row.amount) });
		const ageDays = ageOf(row, settings.asOf);
		const severity = text(row.severity).toLowerCase() as Severity;
		open.push({
			id,
			type: type as ExceptionType,
			change: 'open',
			status: 'open',
			title: text(row.title),
			summary: text(row.summary),
			severity: SEVERITIES.includes(severity) ? severity : 'medium',
			owner: text(row.owner) || 'unassigned',
			orderNumber: text(row.orderNumber),
			sku: text(row.sku),
			trackingNumber: text(row.trackingNumber),
			deadline: text(row.deadline),
			ageDays,
			agingBucket: agingBucket(ageDays, settings.agingBuckets),
			actual: stake ?? [],
			units: 0,
		});
	}
	const summary = summarize(
		open,
		{ matched: 0, pending: 0 },
		[],
		{ knownExceptions: rows.length },
		0,
		settings,
	);
	return { summary: { ...summary, otherOpen: others.length }, open, others, unreadableAmounts };
}
