/** Matcher settings with their documented defaults (sources: docs/exception-catalogue.md). */
import type { DeadlineSettings } from './catalogue';
import { EXCEPTION_TYPES } from './catalogue';
import { NO_STOCK_BUCKET } from './buckets';
import { DEFAULT_KEY_OPTIONS, normalizeChannel, normalizeKey, type KeyOptions } from './normalize';
import type { ExceptionType, Severity } from './types';

export interface WindowSettings {
	/** Days a refund may wait for any return record before it is "orphaned" (HR webhook lag). */
	orphanGraceDays: number;
	/** Days after a refund before missing goods are "refunded, never returned" (Amazon FBA: 45). */
	refundedNeverReturnedDays: number;
	/** Days after delivery (or departure) before a manifest item is "lost in transit". */
	lostInTransitDays: number;
	/** Days after a warehouse receipt before a missing Centra stock movement is flagged. */
	missingStockMovementDays: number;
	/** Days units may stay in the in-transit warehouse. */
	inTransitHoldDays: number;
	/** Days after receipt before "returned, never refunded" (Amazon asks for 2 business days). */
	returnedNeverRefundedDays: number;
	/** Hours refunds take to appear in Amazon's financial data; added to refund-side waits. */
	financeLagHours: number;
}

export interface ValueTolerance {
	/** Allowed difference in minor units (1 = one cent). */
	absoluteMinor: number;
	/** Allowed difference as a percentage of the expected value. */
	percent: number;
}

export interface MatcherSettings {
	/** "Now" for ages and windows, epoch ms. Fixed per run so results are reproducible. */
	asOf: number;
	checks: ExceptionType[];
	windows: WindowSettings;
	deadlines: DeadlineSettings;
	tolerance: ValueTolerance;
	keys: KeyOptions;
	owners: Partial<Record<ExceptionType, string>>;
	severities: Partial<Record<ExceptionType, Severity>>;
	/** Upper bounds (days) of the aging buckets; the last bucket is open-ended. */
	agingBuckets: number[];
	/** Disposition code (normalised) -> stock bucket (warehouse); "none" means no stock. */
	dispositionMapping: Map<string, string>;
	/**
	 * Whether the Orders input holds every order the other inputs name that exists (it was read for
	 * them), so an empty Orders input means none of them exists. Off, an empty Orders input means no
	 * orders were given and written order numbers are not checked against it.
	 */
	ordersComplete: boolean;
	/**
	 * Disposition codes meaning the refunded unit did not come back (graded "missing": not in the
	 * bag; "wrong-item": another item in it). The bag arrived, so its manifest line is settled,
	 * but the unit does not count as returned: its refund follows "refunded, never returned" and
	 * no stock movement is owed for it.
	 */
	notReturnedDispositions: string[];
	/**
	 * Refund reasons (the refunds' `refundReason`, compared case-insensitively) of refunds that
	 * need no return: with no return behind them they are classified as goodwill, not orphaned.
	 */
	goodwillRefundReasons: string[];
	/**
	 * Whether an Amazon refund fulfilled by Amazon (FBA/AFN) needs a return in these inputs. When
	 * false, such a refund with no return behind it is classified as FBA, not orphaned: the
	 * customer sent the unit back to Amazon's fulfilment centre, which these inputs do not see.
	 */
	fbaRefundsNeedReturn: boolean;
	/** Warehouse holding returns between first scan and warehouse processing. */
	inTransitWarehouse: string;
}

export const DEFAULT_WINDOWS: WindowSettings = {
	orphanGraceDays: 2,
	refundedNeverReturnedDays: 45,
	lostInTransitDays: 10,
	missingStockMovementDays: 2,
	inTransitHoldDays: 21,
	returnedNeverRefundedDays: 2,
	financeLagHours: 48,
};

export const DEFAULT_DEADLINES: DeadlineSettings = {
	claimDeadlineDaysAmazonMfn: 60,
	claimDeadlineDaysAmazonFba: 105,
	recoveryDeadlineDays: 30,
	carrierClaimDeadlineDays: 60,
	investigationDeadlineDays: 14,
	refundDueDays: 2,
};

export const DEFAULT_TOLERANCE: ValueTolerance = { absoluteMinor: 1, percent: 0 };

const DEFAULT_AGING_BUCKETS = [30, 60, 90];

export { NO_STOCK_BUCKET } from './buckets';

/** Grades that mean the refunded unit did not come back (the node's default too). */
export const DEFAULT_NOT_RETURNED_DISPOSITIONS: readonly string[] = ['missing', 'wrong-item'];

export function defaultSettings(asOf: number): MatcherSettings {
	return {
		asOf,
		checks: [...EXCEPTION_TYPES],
		windows: { ...DEFAULT_WINDOWS },
		deadlines: { ...DEFAULT_DEADLINES },
		tolerance: { ...DEFAULT_TOLERANCE },
		keys: { ...DEFAULT_KEY_OPTIONS },
		owners: {},
		severities: {},
		agingBuckets: [...DEFAULT_AGING_BUCKETS],
		dispositionMapping: new Map(),
		ordersComplete: false,
		notReturnedDispositions: [...DEFAULT_NOT_RETURNED_DISPOSITIONS],
		goodwillRefundReasons: [],
		fbaRefundsNeedReturn: true,
		inTransitWarehouse: '',
	};
}

/** Labels of the aging buckets, e.g. ["0-30", "31-60", "61-90", "90+"]. */
export function agingBucketLabels(bounds: number[]): string[] {
	const labels: string[] = [];
	let lower = 0;
	for (const upper of bounds) {
		labels.push(`${lower}-${upper}`);
		lower = upper + 1;
	}
	labels.push(`${bounds[bounds.length - 1] ?? 0}+`);
	return labels;
}

export function agingBucket(ageDays: number, bounds: number[]): string {
	const labels = agingBucketLabels(bounds);
	for (let i = 0; i < bounds.length; i++) if (ageDays <= bounds[i]) return labels[i];
	return labels[labels.length - 1];
}

/** Throws a plain Error naming the setting when a window or tolerance is unusable. */
export function validateSettings(settings: MatcherSettings): void {
	const numbers: Array<[string, number]> = [
		...Object.entries(settings.windows).map(([name, value]): [string, number] => [
			`windows.${name}`,
			value,
		]),
		...Object.entries(settings.deadlines).map(([name, value]): [string, number] => [
			`deadlines.${name}`,
			value,
		]),
		['tolerance.absoluteMinor', settings.tolerance.absoluteMinor],
		['tolerance.percent', settings.tolerance.percent],
	];
	for (const [name, value] of numbers) {
		if (!Number.isFinite(value) || value < 0)
			throw new Error(`Setting ${name} must be a number of at least 0, got ${value}`);
	}
	const sorted = [...settings.agingBuckets].sort((a, b) => a - b);
	if (sorted.some((bound, i) => !Number.isInteger(bound) || bound < 0 || sorted[i - 1] === bound)) {
		throw new Error(
			`Aging buckets must be distinct whole days, got ${settings.agingBuckets.join(', ')}`,
		);
	}
	settings.agingBuckets = sorted;
	if (!Number.isFinite(settings.asOf)) throw new Error('Setting asOf must be a valid date');
	normalizeNames(settings);
}

/** A bucket name as records are compared: a key, with "none" (any case) meaning no stock. */
function bucketName(value: unknown, keys: KeyOptions): string {
	const bucket = normalizeKey(value, keys);
	return bucket.toUpperCase() === NO_STOCK_BUCKET ? NO_STOCK_BUCKET : bucket;
}

/**
 * Names in the settings are read like the same names in records: "In transit" and "Main" as
 * written in a template meet the warehouses of stock movements, and "Damaged" meets the
 * disposition code "damaged". Running it twice changes nothing.
 */
function normalizeNames(settings: MatcherSettings): void {
	settings.inTransitWarehouse = normalizeKey(settings.inTransitWarehouse ?? '', settings.keys);
	const mapping = new Map<string, string>();
	for (const [code, bucket] of settings.dispositionMapping)
		mapping.set(normalizeChannel(code), bucketName(bucket, settings.keys));
	settings.dispositionMapping = mapping;
	settings.notReturnedDispositions = normalizedWords(settings.notReturnedDispositions);
	settings.goodwillRefundReasons = normalizedWords(settings.goodwillRefundReasons);
}

/** Codes and reasons as records are compared: snake case, any case or spacing, blanks dropped. */
function normalizedWords(words: readonly string[]): string[] {
	return [...new Set(words.map((word) => normalizeChannel(word)).filter((word) => word !== ''))];
}
