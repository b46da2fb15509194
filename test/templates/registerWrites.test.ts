/**
 * Every Data Table write of templates 01 to 13, read from the templates as shipped: the register
 * layout a person works (docs/templates/data-tables.md, "Working the register").
 * - typed columns (as template 14 creates them) never get '' (n8n refuses '' in a date column and
 *   reads it as 0 in a number column): "no value" is null;
 * - every register row a template creates says what to do in its own recommendedAction column, and
 *   a quarantined item (08) links the execution that gave up;
 * - a template writes only documented statuses.
 */
import {
	countsAsOpen,
	checkRegisterStatus,
	isDocumentedStatus,
	REGISTER_STATUSES,
} from '../../nodes/ReconciliationMatcher/engine/registerStatus';
import { registerReport, undocumentedStatuses } from '../../nodes/ReconciliationMatcher/engine';
import { renderHtmlReport } from '../../nodes/ReconciliationMatcher/engine/report';
import { defaultSettings } from '../../nodes/ReconciliationMatcher/engine/settings';
import { allTemplates, tableColumns, templateTables } from '../../harness/templateFiles';

interface Write {
	template: string;
	node: string;
	operation: string;
	table: string;
	values: Record<string, unknown>;
}

const TABLES = ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'];

function writes(): Write[] {
	const list: Write[] = [];
	for (const template of Object.values(allTemplates())) {
		const name = template.name ?? '';
		if (!/^(0[1-9]|1[0-3]) /.test(name)) continue;
		for (const node of template.nodes) {
			if (node.type !== 'n8n-nodes-base.dataTable') continue;
			const columns = node.parameters.columns as { value?: Record<string, unknown> } | undefined;
			if (!columns?.value) continue;
			list.push({
				template: name,
				node: node.name,
				operation: String(node.parameters.operation ?? 'insert'),
				table: String((node.parameters.dataTableId as { value: string }).value),
				values: columns.value,
			});
		}
	}
	return list;
}

const ALL = writes();
const REGISTER = ALL.filter((w) => w.table === 'Exception Register');
const CREATES = REGISTER.filter((w) => ['insert', 'upsert'].includes(w.operation));

it('finds the writes it checks', () => {
	expect(new Set(ALL.map((w) => w.table))).toEqual(new Set(TABLES));
	// Templates 02, 03, 04, 05, 06, 08, 09, 10, 11, 12 and 13 all write register rows.
	expect(new Set(REGISTER.map((w) => w.template.slice(0, 2)))).toEqual(
		new Set(['02', '03', '04', '05', '06', '08', '09', '10', '11', '12', '13']),
	);
});

describe('typed columns get null for "no value", never an empty text', () => {
	const typed = Object.fromEntries(
		TABLES.map((table) => [
			table,
			tableColumns(table)
				.filter((c) => c.type !== 'string')
				.map((c) => c.name),
		]),
	);
	it.each(ALL.map((w) => [`${w.template.slice(0, 2)} ${w.node}`, w] as const))('%s', (_, w) => {
		for (const column of typed[w.table]) {
			if (!(column in w.values)) continue;
			const value = w.values[column];
			expect({ column, value }).not.toEqual({ column, value: '' });
			// An expression that can end in '' (a bare field that may be empty) must fall back to null.
			if (typeof value === 'string' && /^=\{\{ \$json\.[A-Za-z]+ \}\}$/.test(value))
				expect({ column, value }).toEqual({ column, value: expect.stringContaining('null') });
		}
	});

	it('the harness refuses what n8n refuses, so the template suites would see it', () => {
		const tables = templateTables();
		const row = { exceptionId: 'x', status: 'open' };
		expect(() => tables.insert('Exception Register', { ...row, resolvedAt: '' })).toThrow(
			/does not match column type 'date'/,
		);
		expect(() => tables.insert('Exception Register', { ...row, ageDays: 'twelve' })).toThrow(
			/does not match column type 'number'/,
		);
		// n8n reads '' in a number column as 0: accepted, but not "no value".
		expect(tables.insert('Exception Register', { ...row, ageDays: '' }).ageDays).toBe(0);
		const stored = tables.insert('Exception Register', { ...row, resolvedAt: null, ageDays: 3 });
		expect(stored.resolvedAt).toBeNull();
		expect(stored.ageDays).toBe(3);
		// An explicitly untyped table (made by hand before template 14) takes text.
		const untyped = templateTables({ typed: false });
		expect(untyped.insert('Exception Register', { ...row, resolvedAt: '' }).resolvedAt).toBe('');
	});
});

describe('recommendedAction and executionUrl in their own columns', () => {
	it.each(CREATES.map((w) => [`${w.template.slice(0, 2)} ${w.node}`, w] as const))(
		'%s writes a recommended action',
		(_, w) => {
			const action = String(w.values.recommendedAction ?? '').trim();
			expect(action).not.toBe('');
			expect(action).not.toBe('={{ }}');
		},
	);

	it('a quarantined item (08) links the execution that gave up', () => {
		const quarantines = CREATES.filter((w) => w.template.startsWith('08'));
		expect(quarantines.length).toBe(2);
		for (const w of quarantines) expect(String(w.values.executionUrl)).toMatch(/\$execution\.id/);
	});
});

describe('statuses', () => {
	it('the documented set', () => {
		expect([...REGISTER_STATUSES]).toEqual([
			'open',
			'investigating',
			'resolved',
			'no action',
			'cleared',
		]);
		for (const s of REGISTER_STATUSES) expect(isDocumentedStatus(s)).toBe(true);
		for (const s of ['investigatng', '', 'done', 'no_action', 'closed', 'opened', undefined])
			expect(isDocumentedStatus(s)).toBe(false);
		// Case and surrounding spaces aside: a person types "Resolved ".
		expect(isDocumentedStatus(' Resolved ')).toBe(true);
	});

	it('what counts as open: documented open statuses and any unknown word', () => {
		for (const s of ['open', 'investigating', 'investigatng', '', 'reopen?'])
			expect(countsAsOpen(s)).toBe(true);
		for (const s of ['resolved', 'no action', 'cleared', 'done', 'Closed', 'ignored', 'no_action'])
			expect(countsAsOpen(s)).toBe(false);
	});

	it('the guard before a write names the field and the item', () => {
		expect(checkRegisterStatus(' Cleared', 2)).toBe('cleared');
		expect(() => checkRegisterStatus('investigatng', 7)).toThrow(
			'Exception Register item 7: field "status" is "investigatng", not a documented status',
		);
		expect(() => checkRegisterStatus(undefined, 0)).toThrow(/item 0: field "status"/);
	});

	it.each(REGISTER.map((w) => [`${w.template.slice(0, 2)} ${w.node}`, w] as const))(
		'%s writes only documented statuses',
		(_, w) => {
			if (!('status' in w.values)) return;
			const status = String(w.values.status);
			if (!status.startsWith('=')) {
				expect(isDocumentedStatus(status)).toBe(true);
				return;
			}
			// The matcher's close: checked when the matcher emits it (checkRegisterStatus).
			if (status === '={{ $json.status }}') return;
			// 10 keeps a person's status on a settlement it raises again: evaluate its choice.
			const choose = /^=\{\{ \((s => \{[\s\S]*?\})\)\(/.exec(status);
			expect(choose).not.toBeNull();
			const fn = new Function(`return (${choose![1]})`)() as (s: unknown) => string;
			for (const previous of [
				'open',
				'investigating',
				'investigatng',
				'resolved',
				'Resolved',
				'no action',
				'no_action',
				'done',
				'ignored',
				'cleared',
				'',
			]) {
				const written = fn(previous);
				expect({ previous, written, documented: isDocumentedStatus(written) }).toEqual({
					previous,
					written,
					documented: true,
				});
				// A person's close stays a close; anything else is open again.
				expect(countsAsOpen(written)).toBe(
					!['resolved', 'no action', 'no_action', 'done', 'ignored'].includes(
						previous.toLowerCase(),
					),
				);
			}
		},
	);
});

describe('the register report names rows whose status is not documented', () => {
	const AS_OF = Date.parse('2026-11-30T06:00:00Z');
	const row = (exceptionId: string, status: string) => ({
		exceptionId,
		status,
		type: 'orphaned_refund',
		owner: 'finance',
		severity: 'high',
		title: `Row ${exceptionId}`,
		amount: '10.00 EUR',
		detectedAt: '2026-11-20T00:00:00Z',
	});
	const rows = [
		row('a', 'open'),
		row('b', 'investigating'),
		row('c', 'investigatng'),
		row('d', 'resolved'),
		row('e', 'done'),
		row('f', 'cleared'),
	];

	it('a typo is named and counted as open; an older closing word is named and counted closed', () => {
		const report = registerReport(rows, defaultSettings(AS_OF));
		expect(report.open.map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
		expect(report.undocumentedStatuses).toEqual([
			{ id: 'c', status: 'investigatng', title: 'Row c', owner: 'finance', countedAs: 'open' },
			{ id: 'e', status: 'done', title: 'Row e', owner: 'finance', countedAs: 'closed' },
		]);
	});

	it('the nightly report names them too (from the register the run was given)', () => {
		expect(undocumentedStatuses(rows).map((r) => r.id)).toEqual(['c', 'e']);
		// n8n's placeholder item of an empty table is not a row.
		expect(undocumentedStatuses([{}])).toEqual([]);
	});

	it('the same in any order (a shuffled register gives the same report)', () => {
		const a = registerReport(rows, defaultSettings(AS_OF));
		const b = registerReport([...rows].reverse(), defaultSettings(AS_OF));
		expect(new Set(b.undocumentedStatuses.map((r) => r.id))).toEqual(
			new Set(a.undocumentedStatuses.map((r) => r.id)),
		);
		expect(b.summary.totals.open).toBe(a.summary.totals.open);
	});

	it('the HTML report lists them with the instruction to fix them, and only when there are some', () => {
		const report = registerReport(rows, defaultSettings(AS_OF));
		const html = renderHtmlReport(report.summary, report.open, 'Month end', report.others, {
			monthEnd: true,
			undocumentedStatuses: report.undocumentedStatuses,
		});
		expect(html).toContain('Rows with a status that is not documented (2)');
		expect(html).toContain('investigatng');
		expect(html).toContain('Fix the status');
		const clean = registerReport(rows.slice(0, 2), defaultSettings(AS_OF));
		expect(clean.undocumentedStatuses).toEqual([]);
		expect(
			renderHtmlReport(clean.summary, clean.open, 'Month end', clean.others, {
				monthEnd: true,
				undocumentedStatuses: clean.undocumentedStatuses,
			}),
		).not.toContain('not documented');
	});
});
