/**
 * Self-contained HTML report (no external assets, so it survives email): counts and money per
 * exception type, owners by name, an SVG aging chart, the top items with overdue deadlines marked,
 * dates in the reader's time zone, a print stylesheet and, at month end, the close pack. Every
 * value from the data is escaped.
 */
import { formatMinor, type Money } from '../../shared/money';
import { parseTimestamp } from '../../shared/timestamps';
import type { ClosePack } from './closePack';
import type { ExceptionChange } from './lifecycle';
import { moneyAtStake, type ReconciliationSummary } from './summary';

const ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

function moneyCell(values: Money[]): string {
	if (values.length === 0) return '&ndash;';
	return values
		.map(
			(v) => `${escapeHtml(formatMinor(v.amountMinor, v.currency))}&nbsp;${escapeHtml(v.currency)}`,
		)
		.join('<br>');
}

/** Horizontal bar chart of open exceptions per aging bucket, as inline SVG. */
export function agingChartSvg(aging: ReconciliationSummary['aging']): string {
	const width = 520;
	const barHeight = 26;
	const labelWidth = 80;
	const max = Math.max(1, ...aging.map((row) => row.count));
	const height = aging.length * (barHeight + 8) + 8;
	const bars = aging
		.map((row, i) => {
			const y = 8 + i * (barHeight + 8);
			const length = Math.round(((width - labelWidth - 60) * row.count) / max);
			return (
				`<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(row.bucket)} d</text>` +
				`<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" fill="#c0392b" rx="3"></rect>` +
				`<text x="${labelWidth + length + 6}" y="${y + 18}">${row.count}</text>`
			);
		})
		.join('');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="Open exceptions by age in days" font-family="sans-serif" font-size="13">${bars}</svg>`;
}

/** How a report speaks to its reader: dates in their time zone, owners by name. */
export interface ReportView {
	/** IANA time zone of the dates shown (default UTC). */
	timeZone?: string;
	/** Owner id -> display name ("finance" -> "Finance"); ids without a name are shown as they are. */
	ownerNames?: Readonly<Record<string, string>>;
	/** The month-end version: headline figures of the register and the close pack, no run counts. */
	monthEnd?: boolean;
	closePack?: ClosePack;
	/** Register rows whose status is not documented: named, with what to type instead. */
	undocumentedStatuses?: ReadonlyArray<{
		id: string;
		status: string;
		title: string;
		owner: string;
		countedAs: 'open' | 'closed';
	}>;
}

/** Owner ids the catalogue and the templates use, as a person reads them. */
export const DEFAULT_OWNER_NAMES: Readonly<Record<string, string>> = {
	customer_service: 'Customer service',
	finance: 'Finance',
	inventory: 'Inventory',
	logistics: 'Logistics',
	operations: 'Ops',
	warehouse: 'Warehouse',
	unassigned: 'Unassigned',
};

/** Throws a RangeError naming the zone when the runtime does not know it. */
export function checkTimeZone(timeZone: string): string {
	// Thrown after the catch block: n8n's community-package lint refuses a throw inside one.
	let known = true;
	try {
		new Intl.DateTimeFormat('en-GB', { timeZone });
	} catch {
		known = false;
	}
	if (!known)
		throw new RangeError(
			`Report time zone "${timeZone}" is not an IANA time zone (e.g. Europe/Stockholm)`,
		);
	return timeZone;
}

/** The calendar date (yyyy-mm-dd) of an instant in a time zone. */
export function zonedDate(ms: number, timeZone: string): string {
	// en-CA writes dates as yyyy-mm-dd.
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(new Date(ms));
}

/** A date or timestamp as finance reads it ("30 Nov 2026, 06:00"); unreadable text is shown as is. */
export function humanDate(
	value: string | number | undefined,
	timeZone: string,
	withTime = true,
): string {
	if (value === undefined || value === '') return '';
	let ms: number;
	try {
		ms = parseTimestamp(value);
	} catch {
		return String(value);
	}
	// A bare date is a calendar day, not midnight UTC: shown as that day in any zone.
	const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
	return new Intl.DateTimeFormat('en-GB', {
		timeZone: dateOnly ? 'UTC' : timeZone,
		dateStyle: 'medium',
		...(withTime && !dateOnly ? { timeStyle: 'short' } : {}),
	}).format(new Date(ms));
}

/**
 * Whether a deadline has passed, by calendar day in the report's zone: a deadline today is due
 * today, not overdue; a deadline yesterday is overdue. A bare date is that calendar day.
 */
export function deadlineState(
	deadline: string | undefined,
	asOf: number,
	timeZone: string,
): 'overdue' | 'today' | 'later' | 'none' {
	if (!deadline) return 'none';
	let ms: number;
	try {
		ms = parseTimestamp(deadline);
	} catch {
		return 'none';
	}
	const day = /^\d{4}-\d{2}-\d{2}$/.test(deadline.trim())
		? deadline.trim()
		: zonedDate(ms, timeZone);
	const today = zonedDate(asOf, timeZone);
	return day < today ? 'overdue' : day === today ? 'today' : 'later';
}

const ownerName = (owner: string | undefined, names: Readonly<Record<string, string>>) => {
	const id = owner || 'unassigned';
	return Object.prototype.hasOwnProperty.call(names, id) ? names[id] : id;
};

/**
 * The items worth a look first: open ones, by money at stake (largest first; amounts are compared
 * only within a currency, so items are grouped by currency, those without money last), then by age.
 */
export function topItems(changes: ExceptionChange[], limit: number): ExceptionChange[] {
	const active = changes.filter((c) => c.change !== 'resolved');
	const stakeOf = (c: ExceptionChange) => moneyAtStake(c)[0];
	return [...active]
		.sort((a, b) => {
			const sa = stakeOf(a);
			const sb = stakeOf(b);
			if (sa && !sb) return -1;
			if (!sa && sb) return 1;
			if (sa && sb) {
				if (sa.currency !== sb.currency) return sa.currency < sb.currency ? -1 : 1;
				const byMoney = Math.abs(sb.amountMinor) - Math.abs(sa.amountMinor);
				if (byMoney !== 0) return byMoney;
			}
			return (b.ageDays ?? 0) - (a.ageDays ?? 0) || a.id.localeCompare(b.id);
		})
		.slice(0, limit);
}

/** Open register rows that are not reconciliation checks: failed executions, unreadable records. */
export interface OtherOpenItem {
	type: string;
	title: string;
	summary: string;
	detectedAt: string;
	owner: string;
}

const STYLE = `body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222;margin:24px;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.n{text-align:right;white-space:nowrap}.kpi{display:inline-block;margin-right:28px;vertical-align:top}.kpi b{font-size:20px;display:block}
.id{white-space:nowrap;word-break:keep-all;overflow-wrap:normal}
tr.overdue td{background:#fdecea}.flag{font-weight:bold;color:#a61b1b}.due{font-weight:bold;color:#8a5a00}
@media print{body{margin:0;max-width:none;font-size:11px;color:#000}h2{break-after:avoid}table{font-size:10px}tr,svg{break-inside:avoid}thead{display:table-header-group}th{background:none;border-bottom:2px solid #000}tr.overdue td{background:none}.flag,.due{color:#000}a{color:#000;text-decoration:none}}`;

function moneyRecord(totals: Record<string, number>): string {
	const keys = Object.keys(totals).sort();
	if (keys.length === 0) return '<tr><td colspan="3">None.</td></tr>';
	return keys
		.map((key) => {
			const [channel, currency] = key.split(' ');
			return `<tr><td>${escapeHtml(channel)}</td><td>${escapeHtml(currency)}</td><td class="n">${escapeHtml(formatMinor(totals[key], currency))}</td></tr>`;
		})
		.join('');
}

function closePackHtml(pack: ClosePack, timeZone: string): string {
	const tie = pack.tieOut
		.map((row) => {
			const f = (minor: number) => escapeHtml(formatMinor(minor, row.currency));
			const ok =
				row.receivedMinor + row.openExceptionMinor + row.awaitingGoodsMinor === row.refundedMinor;
			return `<tr><td>${escapeHtml(row.channel)}</td><td>${escapeHtml(row.currency)}</td><td class="n">${row.lines}</td><td class="n">${f(row.refundedMinor)}</td><td class="n">${f(row.receivedMinor)}</td><td class="n">${f(row.openExceptionMinor)}</td><td class="n">${f(row.awaitingGoodsMinor)}</td><td>${ok ? 'ties out' : '<span class="flag">does not tie out</span>'}</td></tr>`;
		})
		.join('');
	const received = Object.keys(pack.unitsReceived)
		.sort()
		.map((d) => `<tr><td>${escapeHtml(d)}</td><td class="n">${pack.unitsReceived[d]}</td></tr>`)
		.join('');
	const moved = pack.stockMoved
		.map(
			(m) =>
				`<tr><td>${escapeHtml(m.warehouse)}</td><td class="n">${m.unitsIn}</td><td class="n">${m.unitsOut}</td></tr>`,
		)
		.join('');
	const late = Object.keys(pack.lateRefundsByChannel).length
		? `<h3>Paid after the previous close, dated before this period</h3>
<table><thead><tr><th>Channel</th><th>Currency</th><th class="n">Paid back</th></tr></thead><tbody>${moneyRecord(pack.lateRefundsByChannel)}</tbody></table>`
		: '';
	const unreadable = pack.unreadable.length
		? `<h3>Records that could not be read (${pack.unreadable.length})</h3><table><thead><tr><th>Input</th><th class="n">Item</th><th>Field</th><th>Problem</th></tr></thead><tbody>${pack.unreadable
				.map(
					(u) =>
						`<tr><td>${escapeHtml(u.input)}</td><td class="n">${u.item}</td><td>${escapeHtml(u.field)}</td><td>${escapeHtml(u.message)}</td></tr>`,
				)
				.join('')}</tbody></table>`
		: '';
	return `<h2>Close pack: ${escapeHtml(humanDate(pack.period.start, timeZone))} to ${escapeHtml(humanDate(pack.period.end, timeZone))}</h2>
<h3>Refunds paid, by channel and currency</h3>
<table><thead><tr><th>Channel</th><th>Currency</th><th class="n">Paid back</th></tr></thead><tbody>${moneyRecord(pack.refundsByChannel)}</tbody></table>
${late}
<h3>Tie-out per channel and currency</h3>
<p>Refunds paid = goods received + under an open exception + awaiting goods (not received, no open exception yet: inside its window). Each refund line is in exactly one column.</p>
<table><thead><tr><th>Channel</th><th>Currency</th><th class="n">Lines</th><th class="n">Refunds paid</th><th class="n">Goods received</th><th class="n">Open exception</th><th class="n">Awaiting goods</th><th>Check</th></tr></thead><tbody>${tie || '<tr><td colspan="8">No refunds in the period.</td></tr>'}</tbody></table>
<h3>Units received by the warehouse, per disposition</h3>
<table><thead><tr><th>Disposition</th><th class="n">Units</th></tr></thead><tbody>${received || '<tr><td colspan="2">None.</td></tr>'}</tbody></table>
<h3>Stock moved in Centra, per warehouse</h3>
<table><thead><tr><th>Warehouse</th><th class="n">Units in</th><th class="n">Units out</th></tr></thead><tbody>${moved || '<tr><td colspan="3">None.</td></tr>'}</tbody></table>
${unreadable}`;
}

export function renderHtmlReport(
	summary: ReconciliationSummary,
	changes: ExceptionChange[],
	title = 'Returns reconciliation',
	others: OtherOpenItem[] = [],
	view: ReportView = {},
): string {
	const timeZone = checkTimeZone(view.timeZone || 'UTC');
	const names = view.ownerNames ?? DEFAULT_OWNER_NAMES;
	const asOf = parseTimestamp(summary.asOf);
	const monthEnd = view.monthEnd === true;
	const typeRows = summary.byType
		.filter((row) => row.new + row.open + row.resolved > 0)
		.map((row) =>
			monthEnd
				? `<tr><td>${escapeHtml(row.title)}</td><td>${escapeHtml(ownerName(row.owner, names))}</td><td class="n">${row.open}</td><td class="n">${row.units || '&ndash;'}</td><td class="n">${moneyCell(row.atStake)}</td></tr>`
				: `<tr><td>${escapeHtml(row.title)}</td><td>${escapeHtml(ownerName(row.owner, names))}</td><td class="n">${row.new}</td><td class="n">${row.open}</td><td class="n">${row.resolved}</td><td class="n">${row.units || '&ndash;'}</td><td class="n">${moneyCell(row.atStake)}</td></tr>`,
		)
		.join('');
	const itemRows = topItems(changes, 20)
		.map((c) => {
			const state = deadlineState(c.deadline, asOf, timeZone);
			const deadline = escapeHtml(humanDate(c.deadline, timeZone, false));
			const deadlineCell =
				state === 'overdue'
					? `<span class="flag">${deadline} (overdue)</span>`
					: state === 'today'
						? `<span class="due">${deadline} (today)</span>`
						: deadline;
			return `<tr${state === 'overdue' ? ' class="overdue"' : ''}><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.severity)}</td><td class="id">${escapeHtml(c.orderNumber || c.trackingNumber)}</td><td class="id">${escapeHtml(c.sku)}</td><td class="n">${c.ageDays ?? ''}</td><td class="n">${deadlineCell}</td><td>${escapeHtml(ownerName(c.owner, names))}</td><td class="n">${moneyCell(moneyAtStake(c))}</td><td>${escapeHtml(c.summary)}</td></tr>`;
		})
		.join('');
	const owners = Object.keys(summary.byOwner)
		.sort()
		.map(
			(owner) =>
				`<tr><td>${escapeHtml(ownerName(owner, names))}</td><td class="n">${summary.byOwner[owner]}</td></tr>`,
		)
		.join('');
	const pack = view.closePack;
	const refundKpi = pack
		? Object.keys(pack.refundsByChannel)
				.sort()
				.map((key) => {
					const [channel, currency] = key.split(' ');
					return `${escapeHtml(formatMinor(pack.refundsByChannel[key], currency))}&nbsp;${escapeHtml(currency)} ${escapeHtml(channel)}`;
				})
				.join('<br>') || '&ndash;'
		: '';
	const unitsIn = pack ? Object.values(pack.unitsReceived).reduce((a, b) => a + b, 0) : 0;
	const kpis = monthEnd
		? `<span class="kpi"><b>${summary.totals.open}</b>open exceptions</span><span class="kpi"><b>${moneyCell(summary.atStake)}</b>at stake</span>${pack ? `<span class="kpi"><b>${refundKpi}</b>refunds paid in the period</span><span class="kpi"><b>${unitsIn}</b>units received</span>` : ''}<span class="kpi"><b>${others.length}</b>failed runs and unreadable records</span>`
		: `<span class="kpi"><b>${summary.totals.new}</b>new</span><span class="kpi"><b>${summary.totals.open}</b>still open</span><span class="kpi"><b>${summary.totals.resolved}</b>resolved</span><span class="kpi"><b>${summary.matched}</b>lines matched</span><span class="kpi"><b>${summary.rejected}</b>records rejected</span><span class="kpi"><b>${moneyCell(summary.atStake)}</b>at stake</span>`;
	const typeHead = monthEnd
		? '<th>Type</th><th>Owner</th><th class="n">Open</th><th class="n">Units</th><th class="n">At stake</th>'
		: '<th>Type</th><th>Owner</th><th class="n">New</th><th class="n">Open</th><th class="n">Resolved</th><th class="n">Units</th><th class="n">At stake</th>';
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>As of ${escapeHtml(humanDate(asOf, timeZone))} (${escapeHtml(timeZone)}). Amounts are per currency and never added across currencies.</p>
<div>${kpis}</div>
${pack ? closePackHtml(pack, timeZone) : ''}
<h2>${monthEnd ? 'Open exceptions by type' : 'Exceptions by type'}</h2>
<table><thead><tr>${typeHead}</tr></thead><tbody>${typeRows || `<tr><td colspan="${monthEnd ? 5 : 7}">No exceptions.</td></tr>`}</tbody></table>
<h2>Open exceptions by owner</h2>
<table><thead><tr><th>Owner</th><th class="n">Open</th></tr></thead><tbody>${owners || '<tr><td colspan="2">Nothing open.</td></tr>'}</tbody></table>
<h2>Open exceptions by age (days)</h2>
${agingChartSvg(summary.aging)}
<h2>Top items (by money at stake per currency, then age)</h2>
<table><thead><tr><th>Type</th><th>Severity</th><th>Order / tracking</th><th>SKU</th><th class="n">Age</th><th class="n">Deadline</th><th>Owner</th><th class="n">At stake</th><th>What happened</th></tr></thead><tbody>${itemRows || '<tr><td colspan="9">Nothing open.</td></tr>'}</tbody></table>
${
	others.length === 0
		? ''
		: `<h2>Failed runs and unreadable records (${others.length})</h2>
<table><thead><tr><th>Kind</th><th>Title</th><th>Since</th><th>Owner</th><th>What happened</th></tr></thead><tbody>${others
				.map(
					(o) =>
						`<tr><td>${escapeHtml(o.type)}</td><td>${escapeHtml(o.title)}</td><td class="n">${escapeHtml(humanDate(o.detectedAt, timeZone))}</td><td>${escapeHtml(ownerName(o.owner, names))}</td><td>${escapeHtml(o.summary)}</td></tr>`,
				)
				.join('')}</tbody></table>`
}
${undocumentedHtml(view.undocumentedStatuses ?? [], names)}
</body></html>`;
}

/** Register rows whose status is not documented, with the instruction to fix them. */
function undocumentedHtml(
	rows: NonNullable<ReportView['undocumentedStatuses']>,
	names: Readonly<Record<string, string>>,
): string {
	if (rows.length === 0) return '';
	return `<h2>Rows with a status that is not documented (${rows.length})</h2>
<p>Fix the status of these Exception Register rows: type <code>open</code> or <code>investigating</code> while the case is worked, <code>resolved</code> or <code>no action</code> to close it (<code>cleared</code> is written by the runs). Until then a row counts as open, except an older closing word (closed, done, ignored), which counts as closed.</p>
<table><thead><tr><th>Exception id</th><th>Status</th><th>Counted as</th><th>Title</th><th>Owner</th></tr></thead><tbody>${rows
		.map(
			(r) =>
				`<tr><td class="id">${escapeHtml(r.id)}</td><td><span class="flag">${escapeHtml(r.status || '(empty)')}</span></td><td>${r.countedAs}</td><td>${escapeHtml(r.title)}</td><td>${escapeHtml(ownerName(r.owner, names))}</td></tr>`,
		)
		.join('')}</tbody></table>`;
}

/** The close period as a reader says it: "1 Nov 2026, 00:00 to 30 Nov 2026, 06:00". */
export function periodLabel(pack: ClosePack, timeZone: string): string {
	return `${humanDate(pack.period.start, timeZone)} to ${humanDate(pack.period.end, timeZone)}`;
}

/**
 * The close pack as a short text message (Slack, Teams, the email body): refunds per channel and
 * currency, the tie-out, what is open and who owns it. Amounts are never added across currencies.
 */
export function closePackMessage(
	summary: ReconciliationSummary,
	pack: ClosePack,
	title: string,
	others: number,
	view: { timeZone: string; ownerNames: Readonly<Record<string, string>> },
): string {
	const amount = (minor: number, currency: string) => `${formatMinor(minor, currency)} ${currency}`;
	const refunds = Object.keys(pack.refundsByChannel)
		.sort()
		.map((key) => {
			const [channel, currency] = key.split(' ');
			return `${channel} ${amount(pack.refundsByChannel[key], currency)}`;
		});
	const late = Object.keys(pack.lateRefundsByChannel)
		.sort()
		.map((key) => {
			const [channel, currency] = key.split(' ');
			return `${channel} ${amount(pack.lateRefundsByChannel[key], currency)}`;
		});
	const ties = pack.tieOut.map((row) => {
		const ok =
			row.receivedMinor + row.openExceptionMinor + row.awaitingGoodsMinor === row.refundedMinor;
		return `${row.channel} ${row.currency}: ${amount(row.refundedMinor, row.currency)} = received ${amount(row.receivedMinor, row.currency)} + open exceptions ${amount(row.openExceptionMinor, row.currency)} + awaiting goods ${amount(row.awaitingGoodsMinor, row.currency)}${ok ? '' : ' (DOES NOT TIE OUT)'}`;
	});
	const owners = Object.keys(summary.byOwner)
		.sort()
		.map((owner) => `${ownerName(owner, view.ownerNames)} ${summary.byOwner[owner]}`);
	const received = Object.keys(pack.unitsReceived)
		.sort()
		.map((d) => `${d} ${pack.unitsReceived[d]}`);
	const atStake =
		summary.atStake.map((m) => amount(m.amountMinor, m.currency)).join(', ') || 'nothing';
	return [
		`${title}: ${summary.totals.open} open exception(s), ${others} failed run(s) or unreadable record(s). At stake: ${atStake}. By owner: ${owners.join(', ') || 'none'}.`,
		`Period: ${periodLabel(pack, view.timeZone)} (${view.timeZone})`,
		`Refunds paid: ${refunds.join(', ') || 'none'}`,
		...(late.length
			? [`Paid after the previous close, dated before this period: ${late.join(', ')}`]
			: []),
		...ties.map((line) => `Tie-out ${line}`),
		`Units received: ${received.join(', ') || 'none'}`,
		...(pack.unreadable.length
			? [`Records that could not be read: ${pack.unreadable.length} (listed in the report)`]
			: []),
	].join('\n');
}
