import { reconcile } from '../../nodes/ReconciliationMatcher/engine';
import { parseReceipt, parseStockMovement } from '../../nodes/ReconciliationMatcher/engine/records';
import {
	ManifestFields,
	OrderLineFields,
	ReceiptFields,
	RefundFields,
	ReturnEventFields,
	StockMovementFields,
} from '../../nodes/ReconciliationMatcher/engine/rawFields';
import { INPUT_FIELDS } from '../../nodes/ReconciliationMatcher/fieldMapping';
import { cleanReturn, daysAgo, event, refund, run, settings } from './fixtures';

describe('exception lifecycle', () => {
	const orphan = { refunds: [refund()] };

	it('gives the same case the same id on every run', () => {
		const first = run(orphan).changes[0];
		const second = run({ refunds: [refund({ amount: '51.00' })] }).changes[0];
		expect(first.id).toMatch(/^exc_[0-9a-f]{24}$/);
		expect(second.id).toBe(first.id);
	});

	it('reports new, then still open, then resolved', () => {
		const first = run(orphan).changes[0];
		const again = reconcile(orphan, settings(), [
			{
				id: first.id,
				status: 'open',
				type: 'orphaned_refund',
				firstSeenAt: '2026-11-01T00:00:00.000Z',
			},
		]);
		expect(again.changes).toEqual([
			expect.objectContaining({
				id: first.id,
				change: 'open',
				firstSeenAt: '2026-11-01T00:00:00.000Z',
			}),
		]);
		const fixed = reconcile(
			{ ...orphan, returnEvents: [event()] },
			settings((s) => (s.checks = ['orphaned_refund'])),
			[{ id: first.id, status: 'open', type: 'orphaned_refund' }],
		);
		expect(fixed.changes).toEqual([
			expect.objectContaining({ id: first.id, change: 'resolved', status: 'cleared' }),
		]);
	});

	it('never raises again what a person closed', () => {
		const first = run(orphan).changes[0];
		for (const status of ['resolved', 'no_action'] as const) {
			const result = reconcile(orphan, settings(), [
				{ id: first.id, status, type: 'orphaned_refund' },
			]);
			expect(result.changes).toEqual([]);
			expect(result.summary.suppressed).toBe(1);
		}
	});

	it('does not resolve exceptions of a check that did not run', () => {
		const result = reconcile(
			cleanReturn(),
			settings((s) => (s.checks = ['orphaned_refund'])),
			[{ id: 'exc_x', status: 'open', type: 'lost_in_transit' }],
		);
		expect(result.changes).toEqual([]);
	});
});

describe('bad records', () => {
	it('rejects each bad record with the input, item and field, and keeps the rest', () => {
		const result = run({
			refunds: [
				refund(),
				refund({ refundId: 'R2', amount: '12.345' }),
				refund({ refundId: 'R3', currency: 'EURO' }),
				refund({ refundId: 'R4', quantity: -1 }),
				refund({ refundId: 'R5', refundedAt: 'yesterday' }),
				refund({ refundId: 'R6', refundedAt: daysAgo(-5) }),
			],
			returnEvents: [event({ status: 'teleported' }), event({ sku: '' })],
		});
		expect(result.rejected.map((r) => [r.input, r.ref.item, r.field])).toEqual([
			['refunds', 1, 'amount'],
			['refunds', 2, 'currency'],
			['refunds', 3, 'quantity'],
			['refunds', 4, 'refundedAt'],
			['refunds', 5, 'refundedAt'],
			['returnEvents', 0, 'status'],
			['returnEvents', 1, 'sku'],
		]);
		expect(result.rejected[0].message).toContain('more decimals than EUR allows');
		expect(result.rejected[4].message).toContain('in the future');
		expect(result.summary.rejected).toBe(7);
		expect(result.changes.map((c) => c.type)).toEqual(['orphaned_refund']);
	});

	it('treats quotes, braces and HTML in keys as plain text', () => {
		const sku = '"}<script>alert(1)</script>{ query { orders } }';
		const result = run({ refunds: [refund({ sku })] });
		expect(result.changes[0].sku).toBe(sku.replace(/\s+/g, '').toUpperCase());
	});
});

describe('register rows as Known Exceptions', () => {
	it('reads "id" or "exceptionId", closing words as people type them, and anything else as open', async () => {
		const { knownRow } = await import('../../nodes/ReconciliationMatcher/fieldMapping');
		expect(
			knownRow({
				exceptionId: 'ex_1',
				status: 'No action',
				type: 'duplicate_refund',
				detectedAt: '2026-11-01T00:00:00Z',
				owner: 'finance',
			}),
		).toEqual({
			id: 'ex_1',
			status: 'no_action',
			type: 'duplicate_refund',
			owner: 'finance',
			firstSeenAt: '2026-11-01T00:00:00Z',
		});
		expect(knownRow({ id: 'ex_2', status: ' Resolved ' })?.status).toBe('resolved');
		expect(knownRow({ id: 'ex_3', status: 'resovled' })?.status).toBe('open');
		expect(knownRow({ id: 'ex_4' })?.status).toBe('open');
		expect(knownRow({ status: 'open' })).toBeNull();
		// A Data Table row: its own numeric id is not the exception id.
		expect(knownRow({ id: 7, exceptionId: 'ex_5', status: 'open' })?.id).toBe('ex_5');
		// ...it is the row's place in the table, with when the table created it.
		expect(
			knownRow({ id: 7, exceptionId: 'ex_5', createdAt: new Date('2026-11-02T00:00:00Z') }),
		).toEqual(expect.objectContaining({ rowId: 7, createdAt: '2026-11-02T00:00:00.000Z' }));
		expect(knownRow({ id: 'ex_6' })).not.toHaveProperty('rowId');
	});
});

describe('two register rows of one exception id: the earliest is the row', () => {
	// Two runs at once can both add a row for one new exception; the templates write to the
	// earliest by its row id, so the lifecycle must read that one, whatever order the rows come in.
	const orphan = { refunds: [refund()] };
	const id = () => run(orphan).changes[0].id;
	const row = (status: 'open' | 'resolved', at: { rowId?: number; createdAt?: string }) => ({
		id: id(),
		status,
		type: 'orphaned_refund',
		...at,
	});
	const both = <T>(rows: T[]) => [rows, [...rows].reverse()];

	it('by row id: a person closed the earlier row, so the case stays closed; not if they closed the later', () => {
		for (const known of both([row('resolved', { rowId: 3 }), row('open', { rowId: 9 })])) {
			const result = reconcile(orphan, settings(), known);
			expect(result.changes).toEqual([]);
			expect(result.summary.suppressed).toBe(1);
		}
		for (const known of both([row('open', { rowId: 3 }), row('resolved', { rowId: 9 })]))
			expect(reconcile(orphan, settings(), known).changes).toEqual([
				expect.objectContaining({ id: id(), change: 'open' }),
			]);
	});

	it('without row ids, by creation time, on both sides of the instant', () => {
		const early = { createdAt: '2026-11-01T00:00:00.000Z' };
		const late = { createdAt: '2026-11-01T00:00:00.001Z' };
		for (const known of both([row('resolved', early), row('open', late)]))
			expect(reconcile(orphan, settings(), known).changes).toEqual([]);
		for (const known of both([row('open', early), row('resolved', late)]))
			expect(reconcile(orphan, settings(), known).changes).toHaveLength(1);
	});

	it('two open rows of a case the data no longer shows clear once', () => {
		const fixed = reconcile(
			{ ...orphan, returnEvents: [event()] },
			settings((s) => (s.checks = ['orphaned_refund'])),
			[row('open', { rowId: 3 }), row('open', { rowId: 9 })],
		);
		expect(fixed.changes).toEqual([
			expect.objectContaining({ id: id(), change: 'resolved', status: 'cleared' }),
		]);
		expect(fixed.changes[0]).not.toHaveProperty('rowId');
		// ...written to the earliest row, by its id, whatever order the rows came in.
		for (const known of both([row('open', { rowId: 3 }), row('open', { rowId: 9 })]))
			expect(
				reconcile(
					{ ...orphan, returnEvents: [event()] },
					settings((s) => (s.checks = ['orphaned_refund'])),
					known,
				).changes[0].registerRowId,
			).toBe(3);
	});

	it('each change of a registered case names the row id to write to; a new case and a row without an id name none', () => {
		const cleared = { ...row('open', { rowId: 4 }), status: 'cleared' as const };
		expect(reconcile(orphan, settings(), [row('open', { rowId: 4 })]).changes).toEqual([
			expect.objectContaining({ change: 'open', registerRowId: 4 }),
		]);
		expect(reconcile(orphan, settings(), [cleared]).changes).toEqual([
			expect.objectContaining({ change: 'reopened', registerRowId: 4 }),
		]);
		expect(reconcile(orphan, settings(), []).changes[0]).not.toHaveProperty('registerRowId');
		expect(
			reconcile(orphan, settings(), [row('open', { createdAt: '2026-11-01T00:00:00.000Z' })])
				.changes[0],
		).not.toHaveProperty('registerRowId');
		// Row id 0 is a row id.
		expect(reconcile(orphan, settings(), [row('open', { rowId: 0 })]).changes[0]).toMatchObject({
			registerRowId: 0,
		});
	});
});

describe('key normalisation', () => {
	const { normalizeKey, normalizeChannel } = jest.requireActual(
		'../../nodes/ReconciliationMatcher/engine',
	) as typeof import('../../nodes/ReconciliationMatcher/engine');
	const ignoreCase = { caseInsensitive: true, stripLeadingZeros: false };

	it('leaves keys that are already normal as they are and normalises the rest', () => {
		expect(normalizeKey('HR-00A1', ignoreCase)).toBe('HR-00A1');
		expect(normalizeKey('hr-00a1', ignoreCase)).toBe('HR-00A1');
		expect(normalizeKey('hr-00a1', { caseInsensitive: false, stripLeadingZeros: false })).toBe(
			'hr-00a1',
		);
		expect(normalizeKey(' #12 34 ', ignoreCase)).toBe('1234');
		expect(normalizeKey('0012', { caseInsensitive: true, stripLeadingZeros: true })).toBe('12');
		expect(normalizeKey('0', { caseInsensitive: true, stripLeadingZeros: true })).toBe('0');
		expect(normalizeKey('straße', ignoreCase)).toBe('STRASSE');
		expect(normalizeKey('A\u00a0B', ignoreCase)).toBe('AB');
		expect(normalizeKey(120, ignoreCase)).toBe('120');
	});

	it('turns channel and status words into snake case', () => {
		expect(normalizeChannel('amazon')).toBe('amazon');
		expect(normalizeChannel('dropped_off')).toBe('dropped_off');
		expect(normalizeChannel('Happy Returns')).toBe('happy_returns');
		expect(normalizeChannel('a__b')).toBe('a_b');
		expect(normalizeChannel('_x_')).toBe('x');
		expect(normalizeChannel('RETURN.STARTED')).toBe('return_started');
	});
});

describe('reading records', () => {
	const ctx = {
		keys: { caseInsensitive: true, stripLeadingZeros: false },
		latestAllowed: Date.parse('2030-01-01T00:00:00Z'),
	};
	const ref = { input: 4, item: 0 };

	it('splits a movement reference into words exactly as the separator pattern /[\\s:|,;/#=]+/ would', () => {
		const { normalizeKey } = jest.requireActual(
			'../../nodes/ReconciliationMatcher/engine',
		) as typeof import('../../nodes/ReconciliationMatcher/engine');
		const pieces = [
			'HR-1',
			'sku-1',
			' ',
			':',
			'|',
			',',
			';',
			'/',
			'#',
			'=',
			'\t',
			'\n',
			'\u00a0',
			'\u2003',
			'\u3000',
			'\ufeff',
			'x',
			'HR-1',
			'-',
			'\u00e9',
		];
		let seed = 11;
		const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
		for (let i = 0; i < 500; i++) {
			let reference = '';
			for (let j = next(12); j > 0; j--) reference += pieces[next(pieces.length)];
			const expected: string[] = [];
			for (const word of reference.split(/[\s:|,;/#=]+/)) {
				const key = normalizeKey(word, ctx.keys);
				if (key !== '' && !expected.includes(key)) expected.push(key);
			}
			const movement = parseStockMovement(
				{ reference, sku: 'S', warehouse: 'W', quantity: 1, movedAt: '2026-01-01T00:00:00Z' },
				ref,
				ctx,
			);
			expect(movement.referenceWords).toEqual(expected);
		}
	});

	it('reads every field the node lets a user map, and only those', () => {
		const readers = {
			refunds: RefundFields,
			returnEvents: ReturnEventFields,
			manifests: ManifestFields,
			receipts: ReceiptFields,
			stockMovements: StockMovementFields,
			orders: OrderLineFields,
		};
		for (const [kind, Reader] of Object.entries(readers)) {
			const names = INPUT_FIELDS[kind as keyof typeof INPUT_FIELDS].map((field) => field.name);
			const raw = Object.fromEntries(names.map((name) => [name, `value of ${name}`]));
			const read = new Reader().read({ ...raw, unrelated: 'ignored' }) as unknown as Record<
				string,
				unknown
			>;
			expect(Object.keys(read).sort()).toEqual([...names].sort());
			for (const name of names) expect(read[name]).toBe(`value of ${name}`);
		}
	});

	it("forgets the previous record's fields when reading the next", () => {
		const reader = new ReceiptFields();
		reader.read({ sku: 'A', returnId: 'HR-1' });
		const second = reader.read({ sku: 'B' });
		expect(second.sku).toBe('B');
		expect(second.returnId).toBeUndefined();
		const receipt = parseReceipt({ sku: 'C', receivedAt: '2026-01-01T00:00:00Z' }, ref, ctx);
		expect(receipt.returnId).toBe('');
	});
});
