/**
 * Self-contained HTML report (no external assets, so it survives email): counts and money per
 * exception type, an SVG aging chart and the top items. Every value from the data is escaped.
 */
import { formatMinor, type Money } from '../../shared/money';
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

function topItems(changes: ExceptionChange[], limit: number): ExceptionChange[] {
	const active = changes.filter((c) => c.change !== 'resolved');
	const byCurrency = new Map<string, ExceptionChange[]>();
	for (const change of active) {
		const stake = moneyAtStake(change)[0];
		if (!stake) continue;
		const list = byCurrency.get(stake.currency) ?? [];
		list.push(change);
		byCurrency.set(stake.currency, list);
	}
	const picked = new Set<ExceptionChange>();
	for (const list of byCurrency.values()) {
		list.sort(
			(a, b) => Math.abs(moneyAtStake(b)[0].amountMinor) - Math.abs(moneyAtStake(a)[0].amountMinor),
		);
		list.slice(0, limit).forEach((c) => picked.add(c));
	}
	[...active]
		.sort((a, b) => (b.ageDays ?? 0) - (a.ageDays ?? 0))
		.slice(0, limit)
		.forEach((c) => picked.add(c));
	return [...picked];
}

/** Open register rows that are not reconciliation checks: failed executions, unreadable records. */
export interface OtherOpenItem {
	type: string;
	title: string;
	summary: string;
	detectedAt: string;
	owner: string;
}

export function renderHtmlReport(
	summary: ReconciliationSummary,
	changes: ExceptionChange[],
	title = 'Returns reconciliation',
	others: OtherOpenItem[] = [],
): string {
	const typeRows = summary.byType
		.filter((row) => row.new + row.open + row.resolved > 0)
		.map(
			(row) =>
				`<tr><td>${escapeHtml(row.title)}</td><td>${escapeHtml(row.owner)}</td><td class="n">${row.new}</td><td class="n">${row.open}</td><td class="n">${row.resolved}</td><td class="n">${row.units}</td><td class="n">${moneyCell(row.atStake)}</td></tr>`,
		)
		.join('');
	const itemRows = topItems(changes, 10)
		.map(
			(c) =>
				`<tr><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.severity)}</td><td>${escapeHtml(c.orderNumber || c.trackingNumber)}</td><td>${escapeHtml(c.sku)}</td><td class="n">${c.ageDays ?? ''}</td><td>${escapeHtml(c.deadline)}</td><td>${escapeHtml(c.owner)}</td><td class="n">${moneyCell(moneyAtStake(c))}</td><td>${escapeHtml(c.summary)}</td></tr>`,
		)
		.join('');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222;margin:24px;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.n{text-align:right;white-space:nowrap}.kpi{display:inline-block;margin-right:28px}.kpi b{font-size:20px;display:block}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>As of ${escapeHtml(summary.asOf)}. Amounts are per currency and never added across currencies.</p>
<div><span class="kpi"><b>${summary.totals.new}</b>new</span><span class="kpi"><b>${summary.totals.open}</b>still open</span><span class="kpi"><b>${summary.totals.resolved}</b>resolved</span><span class="kpi"><b>${summary.matched}</b>lines matched</span><span class="kpi"><b>${summary.rejected}</b>records rejected</span><span class="kpi"><b>${moneyCell(summary.atStake)}</b>at stake</span></div>
<h2>Exceptions by type</h2>
<table><thead><tr><th>Type</th><th>Owner</th><th class="n">New</th><th class="n">Open</th><th class="n">Resolved</th><th class="n">Units</th><th class="n">At stake</th></tr></thead><tbody>${typeRows || '<tr><td colspan="7">No exceptions.</td></tr>'}</tbody></table>
<h2>Open exceptions by age (days)</h2>
${agingChartSvg(summary.aging)}
<h2>Top items</h2>
<table><thead><tr><th>Type</th><th>Severity</th><th>Order / tracking</th><th>SKU</th><th class="n">Age</th><th>Deadline</th><th>Owner</th><th class="n">At stake</th><th>What happened</th></tr></thead><tbody>${itemRows || '<tr><td colspan="9">Nothing open.</td></tr>'}</tbody></table>
${
	others.length === 0
		? ''
		: `<h2>Failed runs and unreadable records (${others.length})</h2>
<table><thead><tr><th>Kind</th><th>Title</th><th>Since</th><th>Owner</th><th>What happened</th></tr></thead><tbody>${others
				.map(
					(o) =>
						`<tr><td>${escapeHtml(o.type)}</td><td>${escapeHtml(o.title)}</td><td>${escapeHtml(o.detectedAt)}</td><td>${escapeHtml(o.owner)}</td><td>${escapeHtml(o.summary)}</td></tr>`,
				)
				.join('')}</tbody></table>`
}
</body></html>`;
}
