/**
 * Timestamp parsing for vendor data. Everything is stored as UTC; inputs without an offset are
 * read as UTC. ISO 8601 takes a fast path (the matcher parses millions of dates); other formats
 * seen in vendor files go through luxon.
 */
import { DateTime } from 'luxon';

export class TimestampError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TimestampError';
	}
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const SPACE_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;
const OTHER_FORMATS = ['dd-LLL-yyyy', 'dd-LLL-yyyy HH:mm:ss', 'dd.MM.yyyy', 'dd.MM.yyyy HH:mm:ss'];

/**
 * Parses an ISO 8601 string, "2026-06-22 11:47:03 UTC" (Amazon settlement), "10-Jul-2025"
 * (Amazon returns report), a JS Date, a luxon DateTime or epoch milliseconds into epoch ms (UTC).
 * Throws TimestampError naming the value when it cannot be read.
 */
export function parseTimestamp(value: unknown): number {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new TimestampError(`${value} is not a timestamp`);
		return value;
	}
	if (value instanceof Date) {
		const ms = value.getTime();
		if (Number.isNaN(ms)) throw new TimestampError('invalid Date');
		return ms;
	}
	if (DateTime.isDateTime(value)) {
		if (!value.isValid)
			throw new TimestampError(`invalid DateTime: ${value.invalidExplanation ?? ''}`);
		return value.toMillis();
	}
	if (typeof value === 'string') {
		const exact = exactIsoUtc(value);
		if (!Number.isNaN(exact)) return exact;
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new TimestampError(`${JSON.stringify(value) ?? 'undefined'} is not a date`);
	}
	const text = value.trim();
	let ms = Number.NaN;
	// Fast path for the common "2026-06-22T11:47:03.000Z": V8's Date.parse reads it exactly.
	if (
		text.length >= 20 &&
		text.charCodeAt(10) === 84 /* T */ &&
		text.charCodeAt(text.length - 1) === 90 /* Z */
	) {
		ms = Date.parse(text);
		if (!Number.isNaN(ms)) return ms;
	}
	if (ISO_WITH_ZONE.test(text)) {
		ms = Date.parse(text);
	} else if (ISO_NO_ZONE.test(text)) {
		ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`);
	} else {
		const amazon = SPACE_UTC.exec(text);
		if (amazon) ms = Date.parse(`${amazon[1]}T${amazon[2]}Z`);
		else ms = parseWithLuxon(text);
	}
	if (Number.isNaN(ms))
		throw new TimestampError(`"${value}" is not a date luxon or ISO 8601 can read`);
	return ms;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, from: number, count: number): number {
	let value = 0;
	for (let i = from; i < from + count; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/**
 * "2026-06-22T11:47:03Z" and "2026-06-22T11:47:03.123Z", read by hand: the matcher parses
 * millions of them and Date.parse costs several times more. Anything else (other lengths, zones,
 * years before 100, out-of-range fields) is NaN and left to the general parser.
 */
function exactIsoUtc(text: string): number {
	const length = text.length;
	if (length !== 20 && length !== 24) return Number.NaN;
	if (
		text.charCodeAt(4) !== 45 ||
		text.charCodeAt(7) !== 45 ||
		text.charCodeAt(10) !== 84 ||
		text.charCodeAt(13) !== 58 ||
		text.charCodeAt(16) !== 58 ||
		text.charCodeAt(length - 1) !== 90
	) {
		return Number.NaN;
	}
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	const second = digitsAt(text, 17, 2);
	const millis =
		length === 24 && text.charCodeAt(19) === 46 ? digitsAt(text, 20, 3) : length === 20 ? 0 : -1;
	if (
		year < 100 ||
		month < 1 ||
		month > 12 ||
		day < 1 ||
		hour < 0 ||
		hour > 23 ||
		minute < 0 ||
		minute > 59 ||
		second < 0 ||
		second > 59 ||
		millis < 0
	) {
		return Number.NaN;
	}
	const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
	if (day > DAYS_IN_MONTH[month - 1] + leapDay) return Number.NaN;
	return (
		daysFromCivil(year, month, day) * 86_400_000 +
		((hour * 60 + minute) * 60 + second) * 1000 +
		millis
	);
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil), in plain
 * arithmetic: calling Date.UTC for each of millions of timestamps costs more than the parse.
 */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const dayOfEra =
		yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146_097 + dayOfEra - 719_468;
}

function parseWithLuxon(input: string): number {
	// Amazon writes "03.05.2018 09:10:07 UTC" in some marketplaces; the zone is UTC already.
	const text = input.replace(/\s+UTC$/, '');
	const rfc = DateTime.fromRFC2822(text, { zone: 'utc' });
	if (rfc.isValid) return rfc.toMillis();
	for (const format of OTHER_FORMATS) {
		const parsed = DateTime.fromFormat(text, format, { zone: 'utc', locale: 'en-US' });
		if (parsed.isValid) return parsed.toMillis();
	}
	return Number.NaN;
}

/** ISO 8601 in UTC with milliseconds, the storage format of every timestamp we emit. */
export function toIsoUtc(ms: number): string {
	// Date's own ISO form is the same text as luxon's in UTC, at a fraction of the cost.
	return new Date(ms).toISOString();
}

/** ISO calendar date (UTC) of a timestamp, for deadlines. */
export function toIsoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export const MS_PER_DAY = 86_400_000;

/** Whole days elapsed from `from` to `to` (floor), never negative. */
export function wholeDaysBetween(from: number, to: number): number {
	return Math.max(0, Math.floor((to - from) / MS_PER_DAY));
}
