import { creditNoteOf } from '../../nodes/Centra/logic/creditNote';
import { allocate, refundLines, refundPaymentLines } from '../../nodes/Centra/logic/refundLines';
import { buildRouting, routeOf } from '../../nodes/Centra/logic/dispositionRouting';
import { allocateReturnLines } from '../../nodes/Centra/logic/returnLines';
import { stockReference } from '../../nodes/Centra/logic/stockReference';
import { retryAfterMs } from '../../nodes/Centra/transport';

describe('allocateReturnLines', () => {
	const lines = [
		{ shipmentId: 1, lineId: 11, sku: 'TEE-M', ean: '7300', quantity: 2, returnedQuantity: 1 },
		{ shipmentId: 2, lineId: 21, sku: 'TEE-M', ean: '7300', quantity: 2, returnedQuantity: 0 },
	];
	it('takes units from shipment lines in order, never more than returnable', () => {
		expect(allocateReturnLines([{ sku: 'tee-m', quantity: 3 }], lines)).toEqual([
			{ shipmentId: 1, lineId: 11, sku: 'TEE-M', quantity: 1 },
			{ shipmentId: 2, lineId: 21, sku: 'TEE-M', quantity: 2 },
		]);
		expect(allocateReturnLines([{ sku: '7300', quantity: 1 }], lines)).toEqual([
			{ shipmentId: 1, lineId: 11, sku: 'TEE-M', quantity: 1 },
		]);
	});
	it('names the SKU when it cannot', () => {
		expect(() => allocateReturnLines([{ sku: 'TEE-M', quantity: 4 }], lines)).toThrow(
			'Cannot return 4 of SKU TEE-M: only 3 shipped and not yet returned',
		);
		expect(() => allocateReturnLines([{ sku: 'CAP', quantity: 1 }], lines)).toThrow(
			'SKU CAP is not on any shipment of this order',
		);
		expect(() => allocateReturnLines([{ sku: 'TEE-M', quantity: 0 }], lines)).toThrow(
			'Quantity for SKU TEE-M must be a whole number of at least 1, got 0',
		);
	});
});

describe('disposition routing', () => {
	const routes = buildRouting([
		{ code: 'Sellable', warehouse: 'Main' },
		{ code: 'missing', warehouse: 'none' },
		{ code: 'wrong-item', warehouse: '' },
	]);
	it('normalises codes and never guesses', () => {
		expect(routeOf(routes, ' SELLABLE ')).toEqual({ kind: 'move', warehouse: 'Main' });
		expect(routeOf(routes, 'missing')).toEqual({ kind: 'none' });
		expect(routeOf(routes, 'wrong item')).toEqual({ kind: 'none' });
		expect(routeOf(routes, 'damaged')).toEqual({ kind: 'unmapped' });
	});
});

describe('stockReference', () => {
	it('is deterministic and keeps the return id as its own token', () => {
		expect(stockReference({ returnId: 'ret 1', sku: 'TEE-M', unit: 0, stage: 'in-transit' })).toBe(
			'HR ret_1 TEE-M u0 in-transit',
		);
		expect(stockReference({ returnId: 'r', sku: 's', stage: 'processed' })).toBe(
			'HR r s all processed',
		);
	});
});

describe('retryAfterMs', () => {
	const at = (value: string) =>
		retryAfterMs(
			{ statusCode: 429, headers: { 'retry-after': value }, body: null },
			Date.parse('2026-11-20T00:00:00Z'),
		);
	it('reads seconds and HTTP dates', () => {
		expect(at('3')).toBe(3000);
		expect(at('Fri, 20 Nov 2026 00:00:05 GMT')).toBe(5000);
		expect(at('garbage')).toBeUndefined();
	});
});

describe('creditNoteOf', () => {
	const m = (value: number, code = 'SEK') => ({ value, currency: { code } });
	it('rounds Centra floats to minor units before anything is added', () => {
		const note = creditNoteOf({
			id: 1,
			returnStatus: 'PENDING',
			createdAt: 'x',
			externalId: 'ret-1',
			comment: null,
			returnedToStock: false,
			returnWarehouse: null,
			order: { id: 'o', number: 5 },
			shipment: { id: 2, number: '5-1' },
			lines: [
				{
					id: 3,
					quantity: 3,
					unitPrice: m(33.33),
					lineValue: m(99.99000000000001),
					orderLine: { taxPercent: 25, productSize: { SKU: 'A', EAN: null } },
				},
			],
			totals: {
				quantity: 3,
				lineValues: m(99.99000000000001),
				shipping: m(0),
				handling: m(0),
				returnCost: m(0),
				taxIncluded: m(20),
			},
			grandTotal: m(99.99),
			refundPaymentHistory: [],
		});
		expect(note).toMatchObject({
			currency: 'SEK',
			totalMinor: 9999,
			lineValuesMinor: 9999,
			lines: [{ unitPriceMinor: 3333, lineValueMinor: 9999, taxMinor: 2000 }],
			refunded: false,
		});
	});
});

describe('refund lines', () => {
	it('allocate shares a total by weight in whole minor units that always add up', () => {
		expect(allocate(1000, [1, 1, 1])).toEqual([334, 333, 333]);
		expect(allocate(1, [5, 5])).toEqual([1, 0]);
		expect(allocate(999, [0, 0])).toEqual([999, 0]);
		expect(allocate(500, [])).toEqual([]);
		for (const [total, weights] of [
			[10_001, [3, 7, 11]],
			[7, [1, 1, 1, 1, 1, 1, 1, 1]],
			[123_457, [9999, 1]],
		] as Array<[number, number[]]>) {
			expect(allocate(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
		}
	});

	const m = (value: number, code = 'EUR') => ({ value, currency: { code } });
	const note = (payments: Array<{ value: number; createdAt: string; status?: string }>) =>
		creditNoteOf({
			id: 7,
			returnStatus: 'COMPLETED',
			createdAt: '2026-11-01T10:00:00Z',
			externalId: 'HR-1',
			comment: null,
			returnedToStock: false,
			returnWarehouse: null,
			order: { id: 'o', number: 1234 },
			shipment: { id: 2, number: '1234-1' },
			lines: [
				{
					id: 1,
					quantity: 2,
					unitPrice: m(30),
					lineValue: m(60),
					orderLine: { taxPercent: 25, productSize: { SKU: 'A', EAN: null } },
				},
				{
					id: 2,
					quantity: 1,
					unitPrice: m(40),
					lineValue: m(40),
					orderLine: { taxPercent: 25, productSize: { SKU: 'B', EAN: null } },
				},
			],
			totals: {
				quantity: 3,
				lineValues: m(100),
				shipping: m(0),
				handling: m(0),
				returnCost: m(0),
				taxIncluded: m(20),
			},
			grandTotal: m(100),
			refundPaymentHistory: payments.map((p, i) => ({
				id: i,
				createdAt: p.createdAt,
				status: p.status ?? 'SUCCESS',
				entryType: 'REFUND',
				value: m(p.value),
			})),
		});

	it('one line per SKU, a partial refund shared by value, dated by the last successful refund', () => {
		const lines = refundLines(
			note([
				{ value: 50, createdAt: '2026-11-02T00:00:00Z' },
				{ value: 0.01, createdAt: '2026-11-03T00:00:00Z' },
				{ value: 99, createdAt: '2026-11-04T00:00:00Z', status: 'FAILED' },
			]),
		);
		expect(
			lines.map((l) => [
				l.refundId,
				l.sku,
				l.quantity,
				l.amount,
				l.amountMinor,
				l.currency,
				l.orderId,
				l.refundedAt,
			]),
		).toEqual([
			['7:1', 'A', 2, '30.01', 3001, 'EUR', '1234', '2026-11-03T00:00:00Z'],
			['7:2', 'B', 1, '20.00', 2000, 'EUR', '1234', '2026-11-03T00:00:00Z'],
		]);
	});

	it('refund payments: each paid entry shared by value and dated when it was paid, the units with the first', () => {
		const refunded = note([
			{ value: 50, createdAt: '2026-10-30T00:00:00Z' },
			{ value: 25, createdAt: '2026-11-03T00:00:00Z' },
		]);
		// Out of order on purpose: the earliest payment carries the units whatever the list order.
		const lines = refundPaymentLines(refunded, [
			{ id: 12, createdAt: '2026-11-03T00:00:00Z', minor: 2500 },
			{ id: 11, createdAt: '2026-10-30T00:00:00Z', minor: 5000 },
		]);
		expect(lines.map((l) => [l.refundId, l.sku, l.quantity, l.amountMinor, l.refundedAt])).toEqual([
			['7:1:11', 'A', 2, 3000, '2026-10-30T00:00:00Z'],
			['7:2:11', 'B', 1, 2000, '2026-10-30T00:00:00Z'],
			['7:1:12', 'A', 0, 1500, '2026-11-03T00:00:00Z'],
			['7:2:12', 'B', 0, 1000, '2026-11-03T00:00:00Z'],
		]);
		// Each payment to the cent, and in total what the credit note says was refunded.
		const sum = (at: string) =>
			lines.filter((l) => l.refundedAt === at).reduce((a, l) => a + l.amountMinor, 0);
		expect([sum('2026-10-30T00:00:00Z'), sum('2026-11-03T00:00:00Z')]).toEqual([5000, 2500]);
		expect(lines.reduce((a, l) => a + l.amountMinor, 0)).toBe(refunded.refundedMinor);
	});

	it('refund payments: one payment gives the refund lines with their date and amounts', () => {
		const one = note([{ value: 50.01, createdAt: '2026-11-02T00:00:00Z' }]);
		const byPayment = refundPaymentLines(one, [
			{ id: 3, createdAt: '2026-11-02T00:00:00Z', minor: 5001 },
		]);
		const strip = (l: { refundId: string }) => ({
			...l,
			refundId: l.refundId.split(':').slice(0, 2).join(':'),
		});
		expect(byPayment.map(strip)).toEqual(refundLines(one));
		expect(refundPaymentLines(note([]), [])).toEqual([]);
	});

	it('an unrefunded credit note has no refund lines', () => {
		expect(refundLines(note([]))).toEqual([]);
		expect(refundLines(note([{ value: 10, createdAt: 'x', status: 'FAILED' }]))).toEqual([]);
	});
});
