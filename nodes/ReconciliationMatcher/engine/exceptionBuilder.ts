/**
 * Builds exception records: stable id, catalogue wording, owner, severity, age and deadline.
 * The id hashes only what identifies the case (type and business key), never amounts or dates,
 * so a re-run updates the same exception instead of adding a new one.
 */
import { createHash } from 'crypto';
import type { Money } from '../../shared/money';
import { MS_PER_DAY, toIsoDate, toIsoUtc, wholeDaysBetween } from '../../shared/timestamps';
import { exceptionInfo } from './catalogue';
import type { DeadlineSettings } from './catalogue';
import { agingBucket, type MatcherSettings } from './settings';
import type { Evidence, ExceptionType, ReconciliationException, RefundRecord } from './types';

function exceptionId(type: ExceptionType, keyParts: readonly string[]): string {
	const digest = createHash('sha256')
		.update(`${type}\u0000${keyParts.join('\u0000')}`)
		.digest();
	// The first 12 bytes as hex: the same text as the first 24 characters of the hex digest,
	// without a 64-character digest string held behind a slice of it.
	return flat(`exc_${digest.toString('hex', 0, 12)}`);
}

/**
 * `value` stored as one string. Text joined with `+` or a template is kept by V8 as a tree of its
 * pieces (a rope) until something reads its characters; a run keeps one summary and one id per
 * exception until the end of the run, and their ropes held more memory than their text. Reading
 * one character makes V8 copy the text into one string and drop the pieces.
 */
function flat(value: string): string {
	value.charCodeAt(0);
	return value;
}

export interface ExceptionDraft {
	type: ExceptionType;
	keyParts: string[];
	summary: string;
	orderNumber?: string;
	sku?: string;
	channel?: string;
	returnIds?: string[];
	trackingNumber?: string;
	units: number;
	expected?: Money[];
	actual?: Money[];
	/** When the clock started (epoch ms). */
	clockAt: number;
	/** The refund that starts the clock, for the Amazon claim windows of refund-side types. */
	refund?: RefundRecord;
	evidence: Partial<Evidence>;
	details?: Record<string, unknown>;
}

function emptyEvidence(): Evidence {
	return {
		refunds: [],
		returnEvents: [],
		manifests: [],
		receipts: [],
		stockMovements: [],
		orders: [],
	};
}

function difference(expected: Money[], actual: Money[]): Money[] {
	if (expected.length === 0 || actual.length === 0) return [];
	const byCurrency = new Map<string, number>();
	for (const value of actual)
		byCurrency.set(value.currency, (byCurrency.get(value.currency) ?? 0) + value.amountMinor);
	for (const value of expected)
		byCurrency.set(value.currency, (byCurrency.get(value.currency) ?? 0) - value.amountMinor);
	return [...byCurrency.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

// The run's as-of instant as text, written once per run rather than twice per exception.
let asOfText = { ms: Number.NaN, iso: '' };

function asOfIso(ms: number): string {
	if (asOfText.ms !== ms) asOfText = { ms, iso: toIsoUtc(ms) };
	return asOfText.iso;
}

export function buildException(
	draft: ExceptionDraft,
	settings: MatcherSettings,
): ReconciliationException {
	const detectedAt = asOfIso(settings.asOf);
	const info = exceptionInfo(draft.type);
	const days = deadlineDays(draft.type, draft.refund, settings.deadlines);
	const deadlineAt = draft.clockAt + days * MS_PER_DAY;
	const ageDays = wholeDaysBetween(draft.clockAt, settings.asOf);
	const expected = draft.expected ?? [];
	const actual = draft.actual ?? [];
	return {
		id: exceptionId(draft.type, draft.keyParts),
		type: draft.type,
		title: info.title,
		severity: settings.severities[draft.type] ?? info.defaultSeverity,
		owner: settings.owners[draft.type] ?? info.defaultOwner,
		status: 'open',
		summary: flat(draft.summary),
		recommendedAction: info.recommendedAction,
		orderNumber: draft.orderNumber ?? '',
		sku: draft.sku ?? '',
		channel: draft.channel ?? '',
		returnIds: draft.returnIds ?? [],
		trackingNumber: draft.trackingNumber ?? '',
		units: draft.units,
		expected,
		actual,
		difference: difference(expected, actual),
		ageDays,
		agingBucket: agingBucket(ageDays, settings.agingBuckets),
		deadline: toIsoDate(deadlineAt),
		daysToDeadline: Math.floor((deadlineAt - settings.asOf) / MS_PER_DAY),
		detectedAt,
		firstSeenAt: detectedAt,
		evidence: { ...emptyEvidence(), ...draft.evidence },
		details: draft.details ?? {},
	};
}

/**
 * Deadline days of an exception, from the one catalogue table: its deadline setting, except that
 * the types marked `amazonClaimWindow` use Amazon's claim window when the refund behind them is
 * an Amazon refund (FBA/AFN: the FBA window; otherwise the merchant-fulfilled one).
 */
function deadlineDays(
	type: ExceptionType,
	refund: RefundRecord | undefined,
	deadlines: DeadlineSettings,
): number {
	const info = exceptionInfo(type);
	if (info.amazonClaimWindow && refund !== undefined && refund.channel === 'amazon') {
		return refund.fulfillment === 'FBA' || refund.fulfillment === 'AFN'
			? deadlines.claimDeadlineDaysAmazonFba
			: deadlines.claimDeadlineDaysAmazonMfn;
	}
	return deadlines[info.deadlineSetting];
}
