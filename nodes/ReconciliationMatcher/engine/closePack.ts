/**
 * The month-end close pack: what the vendors' own records say happened in the closed period, in
 * integer minor units per channel and currency (never added across currencies), the physical
 * movements the warehouse and Centra recorded, and the tie-out of every refund paid:
 *
 *   refunds paid = refunds whose goods were received
 *                + refunds under an open exception (goods not received, the register has the case)
 *                + refunds awaiting goods (not received, no open exception: inside their window)
 *
 * per channel and currency, to the minor unit. Each refund line lands in exactly one of the three.
 * A record that cannot be read is listed (input, item, field), never guessed or dropped.
 */
import { MoneyError, formatMinor } from '../../shared/money';
import { TimestampError, parseTimestamp } from '../../shared/timestamps';
import type { ExceptionChange } from './lifecycle';
import { DEFAULT_KEY_OPTIONS, normalizeKey } from './normalize';
import {
	parseReceipt,
	parseRefund,
	parseStockMovement,
	RecordFieldError,
	type ParseContext,
} from './records';

/** The closed period: [start, end), and the previous close's cut-off (refunds paid after the
 * previous pack ran but dated before this period belong to no earlier pack: they are shown as late). */
export interface ClosePeriod {
	start: number;
	end: number;
	previousClose: number;
}

export interface ClosePackInputs {
	refunds: ReadonlyArray<Record<string, unknown>>;
	receipts: ReadonlyArray<Record<string, unknown>>;
	stockMovements: ReadonlyArray<Record<string, unknown>>;
}

export interface TieOutRow {
	channel: string;
	currency: string;
	/** Refund lines paid in the period. */
	lines: number;
	refundedMinor: number;
	receivedMinor: number;
	openExceptionMinor: number;
	awaitingGoodsMinor: number;
}

export interface ClosePack {
	period: { start: string; end: string; previousClose: string };
	/** "channel CURRENCY" -> minor units paid back in the period (reversals subtracted). */
	refundsByChannel: Record<string, number>;
	/** Paid after the previous close's cut-off but dated before this period. */
	lateRefundsByChannel: Record<string, number>;
	tieOut: TieOutRow[];
	/** Units the warehouse received in the period, per disposition code. */
	unitsReceived: Record<string, number>;
	/** Units Centra moved in the period, per warehouse: into it and out of it. */
	stockMoved: Array<{ warehouse: string; unitsIn: number; unitsOut: number }>;
	/** Records that could not be read: reported, never guessed. */
	unreadable: Array<{ input: string; item: number; field: string; message: string }>;
}

const CTX: ParseContext = { keys: DEFAULT_KEY_OPTIONS, latestAllowed: Number.MAX_SAFE_INTEGER };

const channelKey = (channel: string, currency: string) => `${channel} ${currency}`;

function add(totals: Record<string, number>, key: string, minor: number): void {
	const next = (totals[key] ?? 0) + minor;
	if (!Number.isSafeInteger(next)) throw new MoneyError(`total ${key} overflows`, 'range');
	totals[key] = next;
}

/** Parses a period boundary; a clear error names the option. */
export function periodBoundary(value: unknown, label: string): number {
	// Thrown after the catch block: n8n's community-package lint refuses a throw inside one.
	let failure: unknown;
	try {
		return parseTimestamp(value);
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof TimestampError)) throw failure;
	throw new RangeError(`${label}: ${failure.message} (got ${JSON.stringify(value) ?? 'nothing'})`);
}

/** Runs a record parser; a field error becomes an unreadable entry, anything else is thrown. */
function read<T>(
	unreadable: ClosePack['unreadable'],
	input: string,
	item: number,
	parse: () => T,
	raw: Record<string, unknown>,
): T | null {
	// An empty item is n8n's placeholder of an empty read (Always Output Data), not a record.
	if (Object.keys(raw).length === 0) return null;
	let failure: unknown;
	try {
		return parse();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof RecordFieldError) {
		unreadable.push({ input, item, field: failure.field, message: failure.message });
		return null;
	}
	throw failure;
}

/** Open exceptions as order|sku keys, so a refund whose goods are missing finds its case. */
function openCases(open: readonly ExceptionChange[]): Set<string> {
	const keys = new Set<string>();
	for (const row of open) {
		const order = normalizeKey(row.orderNumber ?? '', DEFAULT_KEY_OPTIONS);
		const sku = normalizeKey(row.sku ?? '', DEFAULT_KEY_OPTIONS);
		if (order) keys.add(`${order}|${sku}`);
	}
	return keys;
}

export function buildClosePack(
	inputs: ClosePackInputs,
	open: readonly ExceptionChange[],
	period: ClosePeriod,
): ClosePack {
	if (!(period.start < period.end))
		throw new RangeError('The close period must start before it ends');
	const previousClose = Math.min(period.previousClose, period.start);
	const unreadable: ClosePack['unreadable'] = [];
	const inPeriod = (at: number) => at >= period.start && at < period.end;

	// Units received per order|sku up to the end of the period (a refund's goods may arrive before it).
	const receivedUnits = new Map<string, number>();
	const unitsReceived: Record<string, number> = {};
	inputs.receipts.forEach((raw, item) => {
		const receipt = read(
			unreadable,
			'receipts',
			item,
			() => parseReceipt(raw, { input: 3, item }, CTX),
			raw,
		);
		if (!receipt || receipt.receivedAt >= period.end) return;
		const key = `${receipt.orderNumber}|${receipt.sku}`;
		receivedUnits.set(key, (receivedUnits.get(key) ?? 0) + receipt.quantity);
		if (inPeriod(receipt.receivedAt))
			add(unitsReceived, receipt.disposition || '(none)', receipt.quantity);
	});

	// Grouped by the warehouse key (case-insensitive), shown as Centra names it.
	const moved = new Map<string, { warehouse: string; unitsIn: number; unitsOut: number }>();
	inputs.stockMovements.forEach((raw, item) => {
		const movement = read(
			unreadable,
			'stockMovements',
			item,
			() => parseStockMovement(raw, { input: 4, item }, CTX),
			raw,
		);
		if (!movement || !inPeriod(movement.movedAt)) return;
		const entry = moved.get(movement.warehouse) ?? {
			warehouse: String(raw.warehouse).trim(),
			unitsIn: 0,
			unitsOut: 0,
		};
		if (movement.quantity > 0) entry.unitsIn += movement.quantity;
		else entry.unitsOut -= movement.quantity;
		moved.set(movement.warehouse, entry);
	});

	const cases = openCases(open);
	const refundsByChannel: Record<string, number> = {};
	const lateRefundsByChannel: Record<string, number> = {};
	const tie = new Map<string, TieOutRow>();
	// Oldest first, so receipts are counted against the refunds they most likely answer.
	const refunds = inputs.refunds
		.map((raw, item) =>
			read(unreadable, 'refunds', item, () => parseRefund(raw, { input: 0, item }, CTX), raw),
		)
		.filter((r): r is NonNullable<typeof r> => r !== null)
		.sort((a, b) => a.refundedAt - b.refundedAt || a.ref.item - b.ref.item);
	const unitsLeft = new Map(receivedUnits);
	for (const refund of refunds) {
		const signed = refund.reversal ? -refund.amount.amountMinor : refund.amount.amountMinor;
		const key = channelKey(refund.channel, refund.amount.currency);
		if (refund.refundedAt >= previousClose && refund.refundedAt < period.start)
			add(lateRefundsByChannel, key, signed);
		if (!inPeriod(refund.refundedAt)) continue;
		add(refundsByChannel, key, signed);
		const row = tie.get(key) ?? {
			channel: refund.channel,
			currency: refund.amount.currency,
			lines: 0,
			refundedMinor: 0,
			receivedMinor: 0,
			openExceptionMinor: 0,
			awaitingGoodsMinor: 0,
		};
		row.lines++;
		row.refundedMinor += signed;
		const orders = [refund.merchantOrderId, refund.orderId].filter(Boolean);
		const goodsKey = orders
			.map((order) => `${order}|${refund.sku}`)
			.find((k) => (unitsLeft.get(k) ?? 0) > 0);
		const need = Math.max(1, refund.quantity);
		if (goodsKey && (unitsLeft.get(goodsKey) ?? 0) >= need) {
			unitsLeft.set(goodsKey, (unitsLeft.get(goodsKey) ?? 0) - need);
			row.receivedMinor += signed;
		} else if (
			orders.some((order) => cases.has(`${order}|${refund.sku}`) || cases.has(`${order}|`))
		)
			row.openExceptionMinor += signed;
		else row.awaitingGoodsMinor += signed;
		tie.set(key, row);
	}

	return {
		period: {
			start: new Date(period.start).toISOString(),
			end: new Date(period.end).toISOString(),
			previousClose: new Date(previousClose).toISOString(),
		},
		refundsByChannel,
		lateRefundsByChannel,
		tieOut: [...tie.values()].sort(
			(a, b) => a.channel.localeCompare(b.channel) || a.currency.localeCompare(b.currency),
		),
		unitsReceived,
		stockMoved: [...moved.values()].sort((a, b) => a.warehouse.localeCompare(b.warehouse)),
		unreadable,
	};
}

/** OWASP CSV-injection guard: a cell starting with = + - @ tab or CR is prefixed with a quote
 * (https://owasp.org/www-community/attacks/CSV_Injection), then quoted per RFC 4180. */
export function csvCell(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The carrier-claims CSV of the open lost boxes, in 05's columns. */
export function carrierClaimsCsv(open: readonly ExceptionChange[]): string {
	const header = [
		'trackingNumber',
		'carrier',
		'unitsMissing',
		'items',
		'valueAtStake',
		'claimDeadline',
		'exceptionId',
	];
	const rows = open
		.filter((row) => row.type === 'lost_in_transit')
		.map((row) => {
			const details = (row.details ?? {}) as Record<string, unknown>;
			return [
				row.trackingNumber,
				details.carrier ?? '',
				row.units ?? '',
				[row.orderNumber, row.sku].filter(Boolean).join(' '),
				(row.actual ?? [])
					.map((m) => `${formatMinor(m.amountMinor, m.currency)} ${m.currency}`)
					.join(', '),
				row.deadline ?? '',
				row.id,
			].map(csvCell);
		});
	return [header.join(','), ...rows.map((cells) => cells.join(','))].join('\r\n') + '\r\n';
}
