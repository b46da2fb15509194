/**
 * Timestamp parsing for vendor data. Everything is stored as UTC; inputs without an offset are
 * read as UTC. ISO 8601 takes a fast path (the matcher parses millions of dates); other formats
 * seen in vendor files go through luxon. Impossible dates are refused, never rolled over: V8's
 * Date.parse turns "2026-02-30" into 2 March and "T24:00" into the next day, so every text read
 * through it is checked field by field first. Pure module, no n8n imports.
 */
import { DateTime } from 'luxon';

export class TimestampError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TimestampError';
	}
}

/** Units a numeric timestamp may be declared in; see ParseTimestampOptions.numericUnit. */
export type NumericTimestampUnit = 'milliseconds' | 'seconds';

export interface ParseTimestampOptions {
	/**
	 * What a number means. Default 'milliseconds' (JavaScript's Date.getTime(), n8n's
	 * DateTime.toMillis()). Spreadsheet serial day numbers are not accepted in any unit: they have
	 * no zone and no fixed epoch, so such columns must be formatted as dates before they get here.
	 */
	numericUnit?: NumericTimestampUnit;
}

/**
 * The smallest number read as epoch milliseconds: 1e11 ms is 1973-03-03T09:46:40Z. Every epoch
 * second count up to the year 5138 and every spreadsheet serial lies below it, so a number in the
 * wrong unit is refused instead of becoming a date in January 1970. Returns data older than 1973
 * does not exist.
 */
export const MIN_EPOCH_MILLISECONDS = 100_000_000_000;
/** The same instant in epoch seconds, the smallest number accepted with numericUnit 'seconds'. */
export const MIN_EPOCH_SECONDS = MIN_EPOCH_MILLISECONDS / 1000;
/**
 * The last instant ISO 8601's four-digit years can write, 9999-12-31T23:59:59.999Z: milliseconds
 * given as seconds land far beyond it and are refused.
 */
export const MAX_EPOCH_MILLISECONDS = 253_402_300_799_999;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const SPACE_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;
/** The calendar and clock fields at the start of any ISO-like text, checked before Date.parse. */
const ISO_FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const OTHER_FORMATS = ['dd-LLL-yyyy', 'dd-LLL-yyyy HH:mm:ss', 'dd.MM.yyyy', 'dd.MM.yyyy HH:mm:ss'];

function numericTimestamp(value: number, unit: NumericTimestampUnit): number {
	// Seconds may carry a decimal fraction (1782128823.123); its float product is rounded to the ms.
	const ms = unit === 'seconds' ? Math.round(value * 1000) : value;
	const minimum = unit === 'seconds' ? MIN_EPOCH_SECONDS : MIN_EPOCH_MILLISECONDS;
	if (!Number.isFinite(value) || !Number.isInteger(ms)) {
		throw new TimestampError(`${value} is not a whole number of epoch ${unit}`);
	}
	if (value < minimum) {
		throw new TimestampError(
			`${value} is too small for epoch ${unit} (the smallest accepted is ${minimum}, 1973-03-03); ` +
				(unit === 'milliseconds'
					? 'is it epoch seconds or a spreadsheet serial? Send ISO 8601 text instead'
					: 'is it a spreadsheet serial? Send ISO 8601 text instead'),
		);
	}
	if (ms > MAX_EPOCH_MILLISECONDS) {
		throw new TimestampError(
			`${value} is after 9999-12-31 in epoch ${unit}${unit === 'seconds' ? '; is it epoch milliseconds?' : ''}`,
		);
	}
	return ms;
}

/**
 * Parses an ISO 8601 string, "2026-06-22 11:47:03 UTC" (Amazon settlement), "10-Jul-2025"
 * (Amazon returns report), a JS Date, a luxon DateTime or a number of epoch milliseconds (or
 * seconds, with `numericUnit: 'seconds'`; numbers before 1973 are refused, see
 * MIN_EPOCH_MILLISECONDS) into epoch ms (UTC). Throws TimestampError naming the value when it
 * cannot be read or names a date that does not exist.
 */
export function parseTimestamp(value: unknown, options?: ParseTimestampOptions): number {
	if (typeof value === 'number') {
		return numericTimestamp(value, options?.numericUnit ?? 'milliseconds');
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
	const fields = ISO_FIELDS.exec(text);
	if (fields) {
		const problem = impossibleFields(fields);
		if (problem) throw new TimestampError(`"${value}" is not a real date: ${problem}`);
	}
	let ms = Number.NaN;
	// Fast path for the common "2026-06-22T11:47:03.000Z": V8's Date.parse reads it exactly.
	if (
		fields &&
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

function isLeapYear(year: number): boolean {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
	return DAYS_IN_MONTH[month - 1] + (month === 2 && isLeapYear(year) ? 1 : 0);
}

/** Why ISO calendar/clock fields name no real instant (month 13, 30 February, 24:00), or null. */
function impossibleFields(fields: RegExpExecArray): string | null {
	const [, y, mo, d, h, mi, s] = fields;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12) return `month ${mo} does not exist`;
	if (day < 1 || day > daysInMonth(year, month)) return `${y}-${mo} has no day ${d}`;
	// ISO 8601-1:2019 dropped 24:00; a day ends at 23:59:59.999 and the next starts at 00:00.
	if (h !== undefined && Number(h) > 23)
		return `hour ${h} does not exist (use 00:00 of the next day)`;
	if (mi !== undefined && Number(mi) > 59) return `minute ${mi} does not exist`;
	if (s !== undefined && Number(s) > 59) return `second ${s} does not exist`;
	return null;
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
	if (day > daysInMonth(year, month)) return Number.NaN;
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
