/**
 * The matcher's documented rules (docs/exception-catalogue.md, docs/nodes/reconciliation-
 * matcher.md), each tested on both sides: the rule fires, and its clean twin raises nothing.
 * Windows are time allowed: exactly at the limit nothing, one second past it raised.
 */
import { reconcile, registerReport } from '../../nodes/ReconciliationMatcher/engine';
import {
	AS_OF,
	DAY,
	daysAgo,
	event,
	manifest,
	movement,
	receipt,
	refund,
	run,
	settings,
	types,
} from './fixtures';

const SECOND = 1000;
const ago = (ms: number) => new Date(AS_OF - ms).toISOString();

describe('rule: a window is time allowed (exactly at the limit nothing, one second past raised)', () => {
	it('missing stock movement: 2 days after the receipt', () => {
		const at = (ms: number) => ({
			returnEvents: [event()],
			receipts: [receipt({ receivedAt: ago(ms) })],
			refunds: [refund({ refundedAt: ago(ms) })],
		});
		const only = (s: { checks: string[] }) => (s.checks = ['missing_stock_movement']);
		expect(types(at(2 * DAY), only)).toEqual([]);
		expect(types(at(2 * DAY + SECOND), only)).toEqual(['missing_stock_movement']);
	});

	it('in-transit hold: 21 days after the unit entered the in-transit warehouse', () => {
		const at = (ms: number) => ({
			stockMovements: [movement({ warehouse: 'TRANSIT', movedAt: ago(ms) })],
			returnEvents: [event()],
		});
		const only = (s: { checks: string[] }) => (s.checks = ['inventory_drift']);
		expect(types(at(21 * DAY), only)).toEqual([]);
		expect(types(at(21 * DAY + SECOND), only)).toEqual(['inventory_drift']);
	});

	it('month-end at midnight with date-only inputs lands on the limit and raises nothing', () => {
		// As of 2026-11-20T00:00Z; refunded 2026-11-18 (a date only): exactly the 2-day grace.
		expect(types({ refunds: [refund({ refundedAt: '2026-11-18' })] })).toEqual([]);
		expect(types({ refunds: [refund({ refundedAt: '2026-11-17' })] })).toEqual(['orphaned_refund']);
	});
});

describe('rule: clocks are per unit', () => {
	const only = (s: { checks: string[] }) =>
		(s.checks = ['inventory_drift', 'missing_stock_movement']);

	it('a unit routed on long ago does not age the unit that entered transit yesterday', () => {
		const inputs = {
			returnEvents: [event({ unit: '0' }), event({ unit: '1' })],
			receipts: [receipt({ unit: '0', receivedAt: daysAgo(59) })],
			stockMovements: [
				movement({ warehouse: 'TRANSIT', quantity: 1, movedAt: daysAgo(60) }),
				movement({ warehouse: 'TRANSIT', quantity: -1, movedAt: daysAgo(59) }),
				movement({ warehouse: 'MAIN', quantity: 1, movedAt: daysAgo(59) }),
				movement({ warehouse: 'TRANSIT', quantity: 1, movedAt: daysAgo(1) }),
			],
		};
		expect(types(inputs, only)).toEqual([]);
		// Twin: the second unit has been in transit 22 days; it alone is overdue.
		const held = {
			...inputs,
			stockMovements: [
				...inputs.stockMovements.slice(0, 3),
				movement({ warehouse: 'TRANSIT', quantity: 1, movedAt: daysAgo(22) }),
			],
		};
		const result = run(held, only);
		expect(result.changes).toEqual([
			expect.objectContaining({ type: 'inventory_drift', units: 1, ageDays: 22 }),
		]);
	});

	it('missing stock movement is timed from each unit receipt', () => {
		const inputs = (secondReceivedDaysAgo: number) => ({
			returnEvents: [event({ unit: '0' }), event({ unit: '1' })],
			receipts: [
				receipt({ unit: '0', receivedAt: daysAgo(30) }),
				receipt({ unit: '1', receivedAt: daysAgo(secondReceivedDaysAgo) }),
			],
			stockMovements: [movement({ movedAt: daysAgo(29) })],
		});
		expect(types(inputs(1), only)).toEqual([]);
		const late = run(inputs(3), only);
		expect(late.changes).toEqual([
			expect.objectContaining({ type: 'missing_stock_movement', units: 1, ageDays: 3 }),
		]);
	});
});

describe('rule: unit identity (a row delivered twice is one unit)', () => {
	const clean = () => ({
		refunds: [refund()],
		returnEvents: [event()],
		manifests: [manifest()],
		receipts: [receipt()],
		stockMovements: [movement()],
	});

	it('a manifest line, a receipt, a return event and a movement delivered twice change nothing', () => {
		const base = clean();
		const twice = {
			refunds: base.refunds,
			returnEvents: [event(), event()],
			manifests: [manifest(), manifest()],
			receipts: [receipt(), receipt()],
			stockMovements: [movement(), movement()],
		};
		expect(run(base).changes).toEqual([]);
		expect(run(twice).changes).toEqual([]);
	});

	it('the receipt unit is part of its identity: units 0 and 1 are two units', () => {
		const inputs = {
			refunds: [refund({ quantity: 2, amount: '100.00' })],
			returnEvents: [event({ unit: '0' }), event({ unit: '1' })],
			receipts: [receipt({ unit: '0' }), receipt({ unit: '1' })],
			stockMovements: [movement({ quantity: 2 })],
		};
		expect(run(inputs).changes).toEqual([]);
		const once = { ...inputs, receipts: [receipt({ unit: '0' }), receipt({ unit: '0' })] };
		expect(types(once)).toContain('refunded_never_returned');
	});
});

describe('rule: corrections count', () => {
	it('a corrected routing (Main -1, B-stock +1) clears drift for a damaged unit', () => {
		const base = {
			refunds: [refund()],
			returnEvents: [event()],
			receipts: [receipt({ disposition: 'damaged' })],
			stockMovements: [movement({ warehouse: 'MAIN' })],
		};
		expect(types(base)).toEqual(['inventory_drift']);
		const corrected = {
			...base,
			stockMovements: [
				movement({ warehouse: 'MAIN' }),
				movement({ warehouse: 'MAIN', quantity: -1, movedAt: daysAgo(39) }),
				movement({ warehouse: 'B-STOCK', quantity: 1, movedAt: daysAgo(39) }),
			],
		};
		expect(types(corrected)).toEqual([]);
	});
});

describe('rule: amount-only refunds are read', () => {
	it('with no return behind them they are orphaned after the grace', () => {
		const goodwill = refund({ refundId: 'G1', sku: '', quantity: 0, amount: '10.00' });
		expect(types({ refunds: [goodwill] })).toEqual(['orphaned_refund']);
		expect(
			types({ refunds: [{ ...goodwill, refundedAt: new Date(AS_OF - 2 * DAY).toISOString() }] }),
		).toEqual([]);
	});

	it('a shipping refund of an order with a return is not orphaned', () => {
		const inputs = {
			refunds: [refund(), refund({ refundId: 'S1', sku: '', quantity: 0, amount: '4.95' })],
			returnEvents: [event()],
			manifests: [manifest()],
			receipts: [receipt()],
			stockMovements: [movement()],
		};
		expect(types(inputs)).toEqual([]);
	});
});

describe('rule: scans and receipts for unknown orders', () => {
	const orders = [
		{ orderNumber: '1001', sku: 'SKU-1', quantity: 1, unitPrice: '50.00', currency: 'EUR' },
	];

	it('a receipt naming an order the Orders input does not list is a scan without an order', () => {
		const result = run({
			orders,
			receipts: [
				receipt({
					orderNumber: '9999',
					trackingNumber: '',
					bagBarcode: '',
					receivedAt: daysAgo(1),
				}),
			],
		});
		expect(result.changes.map((c) => c.type)).toEqual(['scan_without_order']);
	});

	it('with no order given an order number is not checked; when the Orders input was read for them and came back empty, it is', () => {
		// Template 04 reads Centra for the orders its records name: an empty answer means none exists
		// (a partition whose only live orders are unknown to Centra), not that no orders were given.
		const inputs = {
			orders: [],
			returnEvents: [event({ orderNumber: '9999', returnId: 'HR-9' })],
			receipts: [
				receipt({ orderNumber: '9999', returnId: 'HR-9', trackingNumber: '', bagBarcode: '' }),
			],
		};
		const only = (s: { checks: string[] }) => (s.checks = ['scan_without_order']);
		expect(types(inputs, only)).toEqual([]);
		const complete = (s: { checks: string[]; ordersComplete: boolean }) => {
			only(s);
			s.ordersComplete = true;
		};
		// Complete and empty reads as orders given that do not list 9999: the return and the receipt.
		const summaries = (r: ReturnType<typeof run>) => r.changes.map((c) => c.summary).sort();
		const unlisted = run({ ...inputs, orders }, only);
		expect(summaries(unlisted)).toHaveLength(2);
		expect(summaries(run(inputs, complete))).toEqual(summaries(unlisted));
		// Listed, it is matched and not reported, whether or not the input is complete.
		const listed = { ...inputs, orders: [{ ...orders[0], orderNumber: '9999' }] };
		expect(types(listed, complete)).toEqual([]);
		expect(types(listed, only)).toEqual([]);
	});

	it('a mistyped order number with a correct return id links through the return id', () => {
		const clean = {
			orders,
			refunds: [refund()],
			returnEvents: [event()],
			manifests: [manifest({ returnId: 'HR-1' })],
			receipts: [receipt({ returnId: 'HR-1' })],
			stockMovements: [movement()],
		};
		expect(types(clean)).toEqual([]);
		const typo = { ...clean, receipts: [receipt({ returnId: 'HR-1', orderNumber: '1O01' })] };
		const result = run(typo);
		expect(result.changes).toEqual([
			expect.objectContaining({
				type: 'scan_without_order',
				orderNumber: '1001',
				details: { writtenOrder: '1O01', linkedOrder: '1001' },
			}),
		]);
	});
});

describe('rule: refunds without an id are never merged', () => {
	it('two identical id-less rows are two refunds: a duplicate, saying the rows carry no id', () => {
		const row = refund({ refundId: undefined });
		const inputs = {
			refunds: [row, row],
			returnEvents: [event()],
			receipts: [receipt()],
			stockMovements: [movement()],
		};
		const result = run(inputs);
		expect(result.changes.map((c) => c.type)).toEqual(['duplicate_refund']);
		expect(result.changes[0].details).toMatchObject({ rowsWithoutId: 2 });
		expect(result.changes[0].summary).toContain('carry no refund id');
		// Twin: the same refund id delivered twice is one refund.
		expect(types({ ...inputs, refunds: [refund(), refund()] })).toEqual([]);
	});

	it('one refund of 2 units with 1 returned is not a duplicate; the other unit waits for goods', () => {
		const inputs = (refundedDaysAgo: number) => ({
			refunds: [refund({ quantity: 2, amount: '100.00', refundedAt: daysAgo(refundedDaysAgo) })],
			returnEvents: [event()],
			receipts: [receipt()],
			stockMovements: [movement()],
		});
		expect(types(inputs(10))).toEqual([]);
		expect(types(inputs(50))).toEqual(['refunded_never_returned']);
	});
});

describe('rule: deadlines come from the catalogue', () => {
	it('storefront orphaned and refunded-never-returned exceptions are due 60 days after the refund', () => {
		const orphan = run({ refunds: [refund({ refundedAt: '2026-11-01T00:00:00Z' })] });
		expect(orphan.changes[0]).toMatchObject({ type: 'orphaned_refund', deadline: '2026-12-31' });
		const never = run({
			refunds: [refund({ refundedAt: '2026-10-01T00:00:00Z' })],
			returnEvents: [event()],
		});
		expect(never.changes[0]).toMatchObject({
			type: 'refunded_never_returned',
			deadline: '2026-11-30',
		});
	});
});

describe('rule: a line with any open exception is not matched', () => {
	it('a line whose box is lost in transit is pending, its clean twin matched', () => {
		const clean = {
			refunds: [refund()],
			returnEvents: [event()],
			manifests: [manifest()],
			receipts: [receipt()],
			stockMovements: [movement()],
		};
		expect(run(clean).matched.map((l) => l.state)).toEqual(['matched']);
		const lost = { ...clean, receipts: [], stockMovements: [], refunds: [] };
		const result = run(lost);
		expect(result.changes.map((c) => c.type)).toEqual(['lost_in_transit']);
		expect(result.matched.map((l) => l.state)).toEqual(['pending']);
	});
});

describe('rule: channels are normalised', () => {
	it.each(['Amazon.de', 'amazon.co.uk', 'AMAZON', 'Amazon'])('%s is Amazon', (channel) => {
		const result = run({
			refunds: [
				refund({
					channel,
					merchantOrderId: '1001',
					fulfillment: 'FBA',
					refundedAt: '2026-10-01T00:00:00Z',
				}),
			],
		});
		expect(result.changes[0]).toMatchObject({ channel: 'amazon', deadline: '2027-01-14' });
	});
});

describe('rule: the lifecycle knows who closed a row', () => {
	const orphan = { refunds: [refund()] };

	it('a row the data cleared reopens, with history, when the condition comes back', () => {
		const first = run(orphan).changes[0];
		const cleared = reconcile({}, settings(), [
			{ id: first.id, status: 'open', type: 'orphaned_refund' },
		]).changes[0];
		expect(cleared).toMatchObject({ change: 'resolved', status: 'cleared' });
		const back = reconcile(orphan, settings(), [
			{
				id: first.id,
				status: 'cleared',
				type: 'orphaned_refund',
				firstSeenAt: '2026-11-01T00:00:00.000Z',
				resolvedAt: cleared.resolvedAt,
			},
		]);
		expect(back.changes[0]).toMatchObject({
			change: 'reopened',
			status: 'open',
			firstSeenAt: '2026-11-01T00:00:00.000Z',
			history: [
				{ at: cleared.resolvedAt, event: 'cleared' },
				{ at: new Date(AS_OF).toISOString(), event: 'reopened' },
			],
		});
	});

	it('the month-end register report lists open rows, not rows the data cleared', () => {
		const row = {
			exceptionId: 'exc_1',
			type: 'orphaned_refund',
			owner: 'finance',
			severity: 'high',
		};
		const report = registerReport(
			[
				{ ...row, status: 'open' },
				{ ...row, exceptionId: 'exc_2', status: 'cleared' },
			],
			settings(),
		);
		expect(report.open.map((r) => r.id)).toEqual(['exc_1']);
	});

	it('a row a person closed stays closed', () => {
		const first = run(orphan).changes[0];
		for (const status of ['resolved', 'no_action'] as const) {
			const again = reconcile(orphan, settings(), [
				{ id: first.id, status, type: 'orphaned_refund' },
			]);
			expect(again.changes).toEqual([]);
			expect(again.summary.suppressed).toBe(1);
		}
	});
});

describe('bad input is rejected, naming the field', () => {
	it.each([['  '], [[]], ['0x2'], ['2e0'], ['1.5'], [true]])('receipt quantity %j', (quantity) => {
		const result = run({ receipts: [receipt({ quantity })] });
		expect(result.rejected).toEqual([
			expect.objectContaining({ input: 'receipts', field: 'quantity' }),
		]);
	});

	it('accepts whole numbers written as such', () => {
		for (const quantity of [2, '2', ' 2 '])
			expect(run({ receipts: [receipt({ quantity })] }).rejected).toEqual([]);
	});

	it.each(['constructor', '__proto__', 'toString'])('return status %s is unknown', (status) => {
		const result = run({ returnEvents: [event({ status })] });
		expect(result.rejected).toEqual([expect.objectContaining({ field: 'status' })]);
	});

	it('an owner named __proto__ is counted like any other owner', () => {
		const result = run(
			{ refunds: [refund()] },
			(s) => (s.owners = { orphaned_refund: '__proto__' }),
		);
		expect(result.summary.byOwner['__proto__']).toBe(1);
		expect(Object.keys(result.summary.byOwner)).toEqual(['__proto__']);
	});
});
