/**
 * The month-end report as finance files it, and the close pack's arithmetic, from their documented
 * rules (docs/templates/07-month-end-close.md): dates in the report's time zone, a deadline today
 * is due (not overdue) and yesterday's is overdue, owners by name, top items by money at stake per
 * currency then age, failed runs once, print stylesheet; refunds per channel and currency never
 * added across currencies, each refund line in exactly one tie-out column, boundaries [start, end).
 */
import { registerReport, renderHtmlReport } from '../../nodes/ReconciliationMatcher/engine';
import {
	buildClosePack,
	carrierClaimsCsv,
	csvCell,
	type ClosePeriod,
} from '../../nodes/ReconciliationMatcher/engine/closePack';
import type { ExceptionChange } from '../../nodes/ReconciliationMatcher/engine/lifecycle';
import {
	checkTimeZone,
	closePackMessage,
	deadlineState,
	humanDate,
	topItems,
} from '../../nodes/ReconciliationMatcher/engine/report';
import { defaultSettings } from '../../nodes/ReconciliationMatcher/engine/settings';

const AS_OF = Date.parse('2026-10-31T06:00:00.000Z');
const PERIOD: ClosePeriod = {
	start: Date.parse('2026-10-01T00:00:00.000Z'),
	end: AS_OF,
	previousClose: Date.parse('2026-09-30T06:00:00.000Z'),
};

describe('dates as finance reads them', () => {
	it.each([
		['2026-10-31', 'UTC', 'today'],
		['2026-10-30', 'UTC', 'overdue'],
		['2026-11-01', 'UTC', 'later'],
		// 23:30 UTC on the 30th is already the 31st in Stockholm (UTC+1 after the October change).
		['2026-10-30T23:30:00.000Z', 'UTC', 'overdue'],
		['2026-10-30T23:30:00.000Z', 'Europe/Stockholm', 'today'],
		// A bare date is that calendar day in any zone.
		['2026-10-31', 'America/Los_Angeles', 'later'],
		['', 'UTC', 'none'],
		['not a date', 'UTC', 'none'],
	])('deadline %s in %s is %s', (deadline, zone, state) => {
		// As of 06:00 UTC it is still the 30th in Los Angeles: the 31st is tomorrow there.
		expect(deadlineState(deadline, AS_OF, zone)).toBe(state);
	});

	it('shows timestamps in the report zone, bare dates as their day', () => {
		expect(humanDate('2026-10-31T06:00:00.000Z', 'UTC')).toBe('31 Oct 2026, 06:00');
		expect(humanDate('2026-10-31T06:00:00.000Z', 'Europe/Stockholm')).toBe('31 Oct 2026, 07:00');
		expect(humanDate('2026-10-30', 'America/Los_Angeles', false)).toBe('30 Oct 2026');
		expect(humanDate('soon', 'UTC')).toBe('soon');
	});

	it('names an unknown time zone', () => {
		expect(() => checkTimeZone('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
		expect(checkTimeZone('Europe/Stockholm')).toBe('Europe/Stockholm');
	});
});

function change(id: string, patch: Partial<ExceptionChange>): ExceptionChange {
	return {
		id,
		change: 'open',
		status: 'open',
		type: 'refunded_never_returned',
		title: 'Refunded, never returned',
		severity: 'high',
		owner: 'finance',
		orderNumber: id,
		sku: 'SKU-1',
		ageDays: 0,
		actual: [],
		...patch,
	};
}

describe('the report', () => {
	it('lists top items by money at stake (within a currency), then age; items without money last', () => {
		const items = [
			change('eur50young', { actual: [{ amountMinor: 5000, currency: 'EUR' }], ageDays: 1 }),
			change('none', { ageDays: 100 }),
			change('usd10', { actual: [{ amountMinor: 1000, currency: 'USD' }], ageDays: 3 }),
			change('eur80', { actual: [{ amountMinor: 8000, currency: 'EUR' }], ageDays: 0 }),
			change('eur50old', { actual: [{ amountMinor: 5000, currency: 'EUR' }], ageDays: 9 }),
		];
		const order = ['eur80', 'eur50old', 'eur50young', 'usd10', 'none'];
		expect(topItems(items, 10).map((c) => c.id)).toEqual(order);
		expect(topItems([...items].reverse(), 10).map((c) => c.id)).toEqual(order);
	});

	const rows = [
		{
			exceptionId: 'ex_1',
			type: 'refunded_never_returned',
			status: 'open',
			owner: 'customer_service',
			severity: 'high',
			title: 'Refunded, never returned',
			orderNumber: '1001',
			sku: 'VERY-LONG-SKU-NAME-THAT-MUST-NOT-BREAK',
			amount: '12.50 EUR',
			ageDays: 40,
			deadline: '2026-10-30',
			details: JSON.stringify({ units: 2, recommendedAction: 'Ask the customer' }),
		},
		{
			exceptionId: 'ex_2',
			type: 'lost_in_transit',
			status: 'open',
			owner: 'night_shift',
			severity: 'high',
			title: 'Lost in transit',
			trackingNumber: '1Z9',
			amount: '30.00 USD',
			ageDays: 3,
			deadline: '2026-10-31',
			details: JSON.stringify({ units: 3 }),
		},
		// A failed sub-workflow, registered by its parent (with the child's id) and by itself.
		{
			exceptionId: 'exec_200',
			type: 'failed_execution',
			status: 'open',
			owner: 'operations',
			title: 'Failed: 07',
			detectedAt: '2026-10-20T10:00:00.000Z',
			details: JSON.stringify({ executionId: '100', subExecutionId: '200' }),
		},
		{
			exceptionId: 'exec_200b',
			type: 'failed_execution',
			status: 'open',
			owner: 'operations',
			title: 'Failed: 04',
			detectedAt: '2026-10-20T10:00:01.000Z',
			details: JSON.stringify({ executionId: '200' }),
		},
		{
			exceptionId: 'exec_300',
			type: 'failed_execution',
			status: 'open',
			owner: 'operations',
			title: 'Failed: 05',
			detectedAt: '2026-10-21T10:00:00.000Z',
			details: JSON.stringify({ executionId: '300' }),
		},
		{}, // n8n's placeholder item of an empty read
	];

	it('reads units from the details, lists each failed run once, and ignores empty items', () => {
		const report = registerReport(rows, defaultSettings(AS_OF));
		expect(report.open.map((r) => [r.id, r.units])).toEqual([
			['ex_1', 2],
			['ex_2', 3],
		]);
		expect(report.others.map((o) => o.title)).toEqual(['Failed: 07', 'Failed: 05']);
		expect(report.summary.byType.find((t) => t.type === 'lost_in_transit')?.units).toBe(3);
		expect(report.summary.byOwnerAndAge).toEqual({
			customer_service: { '31-60': 1 },
			night_shift: { '0-30': 1 },
		});
	});

	it('counts the earliest row of an exception id once: two nightly runs at once can both add one', () => {
		const rowsWithIds = rows.map((row, index) => ({ ...row, id: index + 10 }));
		const later = { ...rowsWithIds[0], id: 99, summary: 'added by a second run at once' };
		const earlier = { ...rowsWithIds[0], id: 1, summary: 'added first' };
		const report = registerReport([later, ...rowsWithIds, earlier], defaultSettings(AS_OF));
		const once = registerReport(rowsWithIds, defaultSettings(AS_OF));
		expect(report.open.map((r) => r.id).sort()).toEqual(once.open.map((r) => r.id).sort());
		expect(report.open.find((r) => r.id === rowsWithIds[0].exceptionId)?.summary).toBe(
			'added first',
		);
		expect(report.summary).toEqual(once.summary);
	});

	it('renders the month-end version: owners by name, overdue flagged, dates in the zone, no run counts, print styles', () => {
		const report = registerReport(rows, defaultSettings(AS_OF));
		const html = renderHtmlReport(report.summary, report.open, 'October close', report.others, {
			timeZone: 'Europe/Stockholm',
			ownerNames: { customer_service: 'Customer service' },
			monthEnd: true,
		});
		expect(html).toContain('As of 31 Oct 2026, 07:00 (Europe/Stockholm)');
		expect(html).toContain('<td>Customer service</td>');
		expect(html).toContain('<td>night_shift</td>');
		expect(html).toMatch(/<tr class="overdue">[^]*30 Oct 2026 \(overdue\)/);
		expect(html).toContain('31 Oct 2026 (today)');
		expect(html).toContain('<td class="id">VERY-LONG-SKU-NAME-THAT-MUST-NOT-BREAK</td>');
		expect(html).toMatch(/\.id\{white-space:nowrap/);
		expect(html).toContain('@media print');
		expect(html).not.toContain('lines matched');
		expect(html).not.toMatch(/<b>0<\/b>new/);
		expect(html).toContain('Failed runs and unreadable records (2)');
		expect(html).toContain('20 Oct 2026, 12:00');
	});

	it('escapes every value, owner names included', () => {
		const report = registerReport(
			[{ ...rows[0], sku: '<img src=x onerror=alert(1)>', owner: 'x' }],
			defaultSettings(AS_OF),
		);
		const html = renderHtmlReport(report.summary, report.open, '<b>t</b>', [], {
			ownerNames: { x: '<script>alert(1)</script>' },
			monthEnd: true,
		});
		expect(html).not.toContain('<script>alert');
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;b&gt;t&lt;/b&gt;');
	});
});

const refund = (patch: Record<string, unknown>) => ({
	channel: 'storefront',
	refundId: `r${Math.random()}`,
	orderId: '1',
	merchantOrderId: '1',
	sku: 'SKU-1',
	quantity: 1,
	amount: '10.00',
	currency: 'EUR',
	refundedAt: '2026-10-10T00:00:00.000Z',
	...patch,
});

describe('the close pack', () => {
	it('never adds two currencies, subtracts reversals, keeps [start, end) and lists unreadable records', () => {
		const pack = buildClosePack(
			{
				refunds: [
					refund({ amount: '10.00', currency: 'EUR' }),
					refund({ amount: '10.00', currency: 'USD' }),
					refund({ amount: '-25.00', currency: 'EUR', channel: 'Amazon.de' }),
					refund({ amount: '2.00', currency: 'EUR', type: 'Reversal' }),
					refund({ amount: '1.00', refundedAt: '2026-10-01T00:00:00.000Z' }),
					refund({ amount: '1.00', refundedAt: '2026-10-31T06:00:00.000Z' }),
					refund({ amount: '4.00', refundedAt: '2026-09-30T06:00:00.000Z' }),
					refund({ amount: '8.00', refundedAt: '2026-09-30T05:59:59.999Z' }),
					refund({ amount: '3.00', currency: 'EURO' }),
					{},
				],
				receipts: [],
				stockMovements: [],
			},
			[],
			PERIOD,
		);
		expect(pack.refundsByChannel).toEqual({
			'storefront EUR': 1000 - 200 + 100,
			'storefront USD': 1000,
			'amazon EUR': 2500,
		});
		expect(pack.lateRefundsByChannel).toEqual({ 'storefront EUR': 400 });
		expect(pack.unreadable).toEqual([
			expect.objectContaining({ input: 'refunds', item: 8, field: 'currency' }),
		]);
	});

	it('puts every refund line in exactly one tie-out column, whatever the order of the records', () => {
		// A seeded mix of received, under-exception and awaiting refunds in three currencies.
		let seed = 7;
		const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		const refunds = Array.from({ length: 60 }, (_, i) => {
			const currency = ['EUR', 'SEK', 'JPY'][i % 3];
			const units = 100 + Math.floor(next() * 9000);
			return refund({
				merchantOrderId: String(100 + (i % 20)),
				orderId: String(100 + (i % 20)),
				amount: currency === 'JPY' ? String(units) : (units / 100).toFixed(2),
				currency,
				refundedAt: new Date(
					PERIOD.start + Math.floor(next() * (PERIOD.end - PERIOD.start)),
				).toISOString(),
			});
		});
		const receipts = Array.from({ length: 8 }, (_, i) => ({
			orderNumber: String(100 + i),
			sku: 'SKU-1',
			unit: '0',
			disposition: 'sellable',
			receivedAt: '2026-10-02T00:00:00.000Z',
		}));
		const open = [change('x', { orderNumber: '115', sku: 'SKU-1' })];
		const pack = buildClosePack({ refunds, receipts, stockMovements: [] }, open, PERIOD);
		for (const row of pack.tieOut)
			expect(row.receivedMinor + row.openExceptionMinor + row.awaitingGoodsMinor).toBe(
				row.refundedMinor,
			);
		expect(pack.tieOut.reduce((n, r) => n + r.lines, 0)).toBe(60);
		expect(pack.tieOut.some((r) => r.receivedMinor > 0)).toBe(true);
		expect(pack.tieOut.some((r) => r.openExceptionMinor > 0)).toBe(true);
		const shuffled = [...refunds].sort(() => next() - 0.5);
		const again = buildClosePack({ refunds: shuffled, receipts, stockMovements: [] }, open, PERIOD);
		expect(again.refundsByChannel).toEqual(pack.refundsByChannel);
		expect(again.tieOut.map((r) => r.refundedMinor)).toEqual(
			pack.tieOut.map((r) => r.refundedMinor),
		);
	});

	it('a receipt covers as many refunded units as it holds, no more', () => {
		const pack = buildClosePack(
			{
				refunds: [
					refund({ amount: '5.00' }),
					refund({ amount: '7.00', refundedAt: '2026-10-11T00:00:00.000Z' }),
				],
				receipts: [
					{
						orderNumber: '1',
						sku: 'SKU-1',
						unit: '0',
						disposition: 'sellable',
						receivedAt: '2026-10-09T00:00:00.000Z',
					},
				],
				stockMovements: [],
			},
			[],
			PERIOD,
		);
		expect(pack.tieOut[0]).toMatchObject({ receivedMinor: 500, awaitingGoodsMinor: 700 });
	});

	it('rejects a period that does not start before it ends', () => {
		expect(() =>
			buildClosePack({ refunds: [], receipts: [], stockMovements: [] }, [], {
				...PERIOD,
				end: PERIOD.start,
			}),
		).toThrow(/must start before it ends/);
	});

	it('neutralises spreadsheet formulas in the claims CSV (OWASP CSV injection)', () => {
		expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
			"'=1+1",
			"'+1",
			"'-1",
			"'@SUM(A1)",
			"'\tx",
			`"'\rx"`,
		]);
		expect(csvCell('1Z9')).toBe('1Z9');
		expect(csvCell('a,"b"')).toBe('"a,""b"""');
		const csv = carrierClaimsCsv([
			change('box', {
				type: 'lost_in_transit',
				trackingNumber: '=cmd|calc',
				actual: [{ amountMinor: 3000, currency: 'EUR' }],
				units: 2,
				deadline: '2026-11-10',
			}),
			change('other', {}),
		]);
		expect(csv.split('\r\n')).toEqual([
			'trackingNumber,carrier,unitsMissing,items,valueAtStake,claimDeadline,exceptionId',
			"'=cmd|calc,,2,box SKU-1,30.00 EUR,2026-11-10,box",
			'',
		]);
	});

	it('says the tie-out in the message, per currency', () => {
		const pack = buildClosePack(
			{
				refunds: [refund({ amount: '10.00' }), refund({ amount: '5.00', currency: 'USD' })],
				receipts: [],
				stockMovements: [],
			},
			[],
			PERIOD,
		);
		const report = registerReport([], defaultSettings(AS_OF));
		const text = closePackMessage(report.summary, pack, 'October close', 0, {
			timeZone: 'UTC',
			ownerNames: {},
		});
		expect(text.split('\n')).toEqual([
			'October close: 0 open exception(s), 0 failed run(s) or unreadable record(s). At stake: nothing. By owner: none.',
			'Period: 1 Oct 2026, 00:00 to 31 Oct 2026, 06:00 (UTC)',
			'Refunds paid: storefront 10.00 EUR, storefront 5.00 USD',
			'Tie-out storefront EUR: 10.00 EUR = received 0.00 EUR + open exceptions 0.00 EUR + awaiting goods 10.00 EUR',
			'Tie-out storefront USD: 5.00 USD = received 0.00 USD + open exceptions 0.00 USD + awaiting goods 5.00 USD',
			'Units received: none',
		]);
	});
});
