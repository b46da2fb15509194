/**
 * The month-end view of an exception register: every row still open, as the same summary and HTML
 * report a reconciliation run gives, plus failed runs and unreadable records (each incident once).
 * Reads the register columns the templates write; amounts come back from their "12.50 EUR, 3.00 USD"
 * text per currency, units and the recommended action from the row's details. Given the period's
 * vendor records it adds the close pack (engine/closePack.ts).
 */
import { money, type Money } from '../../shared/money';
import { parseTimestamp } from '../../shared/timestamps';
import { EXCEPTION_TYPES } from './catalogue';
import {
	buildClosePack,
	carrierClaimsCsv,
	type ClosePack,
	type ClosePackInputs,
	type ClosePeriod,
} from './closePack';
import type { ExceptionChange } from './lifecycle';
import type { OtherOpenItem } from './report';
import { countsAsOpen, isDocumentedStatus } from './registerStatus';
import { agingBucket, type MatcherSettings } from './settings';
import { summarize, type ReconciliationSummary } from './summary';
import type { ExceptionType, Severity } from './types';

const DAY = 86_400_000;
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface RegisterReport {
	summary: ReconciliationSummary & {
		otherOpen: number;
		/** Open exceptions per owner and aging bucket. */
		byOwnerAndAge: Record<string, Record<string, number>>;
	};
	open: ExceptionChange[];
	others: OtherOpenItem[];
	/** Rows whose amount text could not be read; reported, never guessed. */
	unreadableAmounts: Array<{ id: string; amount: string }>;
	/**
	 * Rows whose status is not a documented one (registerStatus.ts), to be fixed by a person. A typo
	 * counts as open; an older closing word ("done", "closed", "ignored") still counts as closed.
	 */
	undocumentedStatuses: UndocumentedStatus[];
	/** With the period's records: the close pack and the carrier-claims CSV. */
	closePack?: ClosePack;
	claimsCsv?: string;
}

export interface UndocumentedStatus {
	id: string;
	status: string;
	title: string;
	owner: string;
	countedAs: 'open' | 'closed';
}

export interface ClosePackRequest extends ClosePackInputs {
	period: ClosePeriod;
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

/** The row's details column (JSON text the templates write), or nothing when it is not JSON. */
function detailsOf(row: Record<string, unknown>): Record<string, unknown> {
	const raw = row.details;
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
	if (typeof raw !== 'string' || !raw.trim().startsWith('{')) return {};
	try {
		const parsed: unknown = JSON.parse(raw);
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

function unitsOf(details: Record<string, unknown>): number {
	const units = Number(details.units);
	return Number.isSafeInteger(units) && units > 0 ? units : 0;
}

/**
 * Failed runs once: a failed sub-workflow may be registered by its parent (with the child's id as
 * subExecutionId) and by itself; rows sharing an execution id are one incident, listed once.
 */
function incidentsOnce(rows: Array<{ item: OtherOpenItem; ids: string[] }>): OtherOpenItem[] {
	const seen = new Map<string, OtherOpenItem>();
	const list: OtherOpenItem[] = [];
	for (const { item, ids } of rows) {
		const known = ids.map((id) => seen.get(id)).find(Boolean);
		if (known) {
			ids.forEach((id) => seen.set(id, known));
			continue;
		}
		ids.forEach((id) => seen.set(id, item));
		list.push(item);
	}
	return list;
}

/**
 * The earliest row (lowest row id, else the first read) of each exception id: the register is a
 * table without a unique key, two nightly runs at once can both add a row for one exception, and
 * every reader takes the earliest. Rows without an exception id stay as they are.
 */
function earliestOfEachException(
	rows: ReadonlyArray<Record<string, unknown>>,
): ReadonlyArray<Record<string, unknown>> {
	const earliest = new Map<string, Record<string, unknown>>();
	for (const row of rows) {
		const key = text(row.exceptionId);
		if (key === '') continue;
		const seen = earliest.get(key);
		if (!seen || Number(row.id) < Number(seen.id)) earliest.set(key, row);
	}
	if (earliest.size === rows.length) return rows;
	return rows.filter(
		(row) => text(row.exceptionId) === '' || earliest.get(text(row.exceptionId)) === row,
	);
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

/**
 * Register rows whose status is not documented (registerStatus.ts), for a person to fix: the
 * month-end report and the nightly run's report both name them.
 */
export function undocumentedStatuses(
	rows: ReadonlyArray<Record<string, unknown>>,
): UndocumentedStatus[] {
	const list: UndocumentedStatus[] = [];
	for (const row of rows) {
		// An empty item is n8n's placeholder of an empty table (Always Output Data), not a row.
		if (Object.keys(row).length === 0 || isDocumentedStatus(row.status)) continue;
		list.push({
			id: text(row.exceptionId ?? row.id),
			status: text(row.status),
			title: text(row.title),
			owner: text(row.owner),
			countedAs: countsAsOpen(row.status) ? 'open' : 'closed',
		});
	}
	return list;
}

export function registerReport(
	rows: ReadonlyArray<Record<string, unknown>>,
	settings: MatcherSettings,
	closePack?: ClosePackRequest,
): RegisterReport {
	const open: ExceptionChange[] = [];
	const otherRows: Array<{ item: OtherOpenItem; ids: string[] }> = [];
	const unreadableAmounts: RegisterReport['unreadableAmounts'] = [];
	const read = earliestOfEachException(rows);
	for (const row of read) {
		// An empty item is n8n's placeholder of an empty table (Always Output Data), not a row.
		if (Object.keys(row).length === 0) continue;
		const id = text(row.exceptionId ?? row.id);
		const countedOpen = countsAsOpen(row.status);
		if (!countedOpen) continue;
		const type = text(row.type);
		const details = detailsOf(row);
		if (!EXCEPTION_TYPES.includes(type as ExceptionType)) {
			const ids = [text(details.subExecutionId), text(details.executionId)]
				.filter(Boolean)
				.map((execution) => `execution ${execution}`);
			otherRows.push({
				item: {
					type,
					title: text(row.title),
					summary: text(row.summary),
					detectedAt: text(row.detectedAt),
					owner: text(row.owner),
				},
				ids: ids.length > 0 ? ids : [`row ${id || otherRows.length}`],
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
			units: unitsOf(details),
			recommendedAction: text(row.recommendedAction ?? details.recommendedAction),
			details: (details.details && typeof details.details === 'object'
				? details.details
				: {}) as Record<string, unknown>,
		});
	}
	const others = incidentsOnce(otherRows);
	const summary = summarize(
		open,
		{ matched: 0, pending: 0 },
		[],
		{ knownExceptions: read.length },
		0,
		settings,
	);
	const byOwnerAndAge = Object.create(null) as Record<string, Record<string, number>>;
	for (const row of open) {
		const owner = row.owner ?? 'unassigned';
		const buckets = (byOwnerAndAge[owner] ??= Object.create(null) as Record<string, number>);
		const bucket = row.agingBucket ?? '';
		buckets[bucket] = (buckets[bucket] ?? 0) + 1;
	}
	const report: RegisterReport = {
		summary: { ...summary, otherOpen: others.length, byOwnerAndAge },
		open,
		others,
		unreadableAmounts,
		undocumentedStatuses: undocumentedStatuses(rows),
	};
	if (closePack) {
		report.closePack = buildClosePack(closePack, open, closePack.period);
		report.claimsCsv = carrierClaimsCsv(open);
	}
	return report;
}
