/** Pure Centra modules: pacing, Retry-After, paging guards, exchange orders, Check Setup, refunds. */
import { missingNames, permissionOf } from '../../nodes/Centra/logic/checkSetup';
import { refundState } from '../../nodes/Centra/logic/creditNote';
import {
	exchangeIdempotencyKey,
	exchangeOrderBody,
	exchangeOrderCandidates,
	exchangeOrderNumber,
	exchangeOrderOwner,
	exchangeOrderSlot,
	type ExchangeOrderSlot,
	readOrderApiAnswer,
} from '../../nodes/Centra/logic/exchangeOrder';
import { Pacer, quotasOf, retryAfterDelay } from '../../nodes/Centra/logic/pacer';
import { readAllPages, RepeatedPageError } from '../../nodes/Centra/logic/paging';

describe('pacer', () => {
	it('the default plan lets 20 mutations through in 10 s and makes the 21st wait for the window', () => {
		let now = 1_000_000;
		const pacer = new Pacer(quotasOf({ plan: 'default' }), () => now);
		for (let i = 0; i < 20; i++) {
			expect(pacer.delayFor(true)).toBe(0);
			pacer.record(true);
			now += 100;
		}
		// The first of the 20 was at 1,000,000; the window frees it at 1,010,000.
		expect(pacer.delayFor(true)).toBe(1_010_000 - now);
		expect(pacer.delayFor(false)).toBe(0);
		now = 1_010_000;
		expect(pacer.delayFor(true)).toBe(0);
	});

	it('60 requests per 10 s: the 61st waits; custom numbers and "off" apply', () => {
		let now = 0;
		const pacer = new Pacer(quotasOf({ plan: 'default' }), () => now);
		for (let i = 0; i < 60; i++) pacer.record(false);
		expect(pacer.delayFor(false)).toBe(10_000);
		now = 9_999;
		expect(pacer.delayFor(false)).toBe(1);
		const custom = new Pacer(quotasOf({ plan: 'custom', requestsPer10Seconds: 2 }), () => 0);
		custom.record(false);
		expect(custom.delayFor(false)).toBe(0);
		custom.record(false);
		expect(custom.delayFor(false)).toBe(10_000);
		expect(quotasOf({ plan: 'off' })).toEqual([]);
		expect(() => quotasOf({ plan: 'custom', mutationsPerHour: 0 })).toThrow(
			'Rate-limit numbers must be whole numbers of at least 1, got 0',
		);
	});

	it('1,800 mutations per hour: the 1,801st waits for the hour', () => {
		let now = 0;
		const pacer = new Pacer(quotasOf({ plan: 'default' }), () => now);
		for (let i = 0; i < 1800; i++) {
			now = i * 1000;
			pacer.record(true);
		}
		now = 1_800_000;
		expect(pacer.delayFor(true)).toBe(3_600_000 - now);
	});
});

describe('Retry-After', () => {
	const now = Date.UTC(2026, 10, 30, 12, 0, 0);
	it.each([
		['a Unix timestamp in seconds', String(now / 1000 + 7), 7000],
		['a Unix timestamp in milliseconds', String(now + 7000), 7000],
		['an HTTP date', new Date(now + 7000).toUTCString(), 7000],
		['seconds', '7', 7000],
		['a timestamp in the past', String(now / 1000 - 5), 0],
	])('reads %s', (_, value, expected) => {
		expect(retryAfterDelay(value, now)).toBe(expected);
	});
	it('ignores what it cannot read', () => {
		expect(retryAfterDelay(undefined, now)).toBeUndefined();
		expect(retryAfterDelay('soon', now)).toBeUndefined();
	});
});

describe('paging', () => {
	it('reads pages until a short one', async () => {
		const rows = Array.from({ length: 45 }, (_, i) => i);
		const pages: number[] = [];
		const all = await readAllPages(
			'x',
			20,
			async (page) => {
				pages.push(page);
				return rows.slice((page - 1) * 20, page * 20);
			},
			(r) => r,
		);
		expect(all).toEqual(rows);
		expect(pages).toEqual([1, 2, 3]);
	});
	it('stops on a repeated page', async () => {
		await expect(
			readAllPages(
				'history',
				2,
				async () => [1, 2],
				(r) => r,
			),
		).rejects.toThrow(new RepeatedPageError('history'));
	});
	it('an exact multiple of the page size ends on the empty page', async () => {
		const all = await readAllPages(
			'x',
			2,
			async (page) => (page === 1 ? [1, 2] : []),
			(r) => r,
		);
		expect(all).toEqual([1, 2]);
	});
});

describe('exchange orders', () => {
	const request = {
		originalOrder: 1001,
		returnReference: 'ret-1',
		centraReturnId: null,
		sku: 'TEE-M',
		quantity: 1,
		pricing: 'zeroValue',
		fullPrice: 0,
		email: 'c@example.com',
		country: 'SE',
	};
	it('the order number is the same for the same exchange and differs for another', () => {
		const a = exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-1'));
		expect(exchangeOrderNumber(exchangeIdempotencyKey(1001, ' ret-1 '))).toBe(a);
		expect(exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-2'))).not.toBe(a);
		expect(exchangeOrderNumber(exchangeIdempotencyKey(1002, 'ret-1'))).not.toBe(a);
		expect(a).toBeGreaterThanOrEqual(1_000_000_000);
		expect(a).toBeLessThan(2_000_000_000);
	});
	it('a per-unit key names the unit; without one the key is the whole return, as saved exchanges have it', () => {
		// The whole-return key earlier versions derived their order numbers from: unchanged.
		expect(exchangeIdempotencyKey(1001, 'ret-1')).toBe('exchange:1001:ret-1');
		expect(exchangeIdempotencyKey(1001, 'ret-1', ' ')).toBe('exchange:1001:ret-1');
		expect(exchangeIdempotencyKey(1001, 'ret-1', ' TEE-M.0 ')).toBe(
			'exchange:1001:ret-1#unit:TEE-M.0',
		);
		const numbers = ['', 'TEE-M.0', 'TEE-M.1', 'TEE-L.0'].map((unit) =>
			exchangeOrderNumber(exchangeIdempotencyKey(1001, 'ret-1', unit)),
		);
		expect(new Set(numbers).size).toBe(4);
		const body = exchangeOrderBody({ ...request, exchangedUnit: 'TEE-M.1' });
		expect(body.orderNumber).toBe(numbers[2]);
		expect(body.products).toEqual([{ sku: 'TEE-M', qty: 1, unitPrice: 0, originalPrice: 0 }]);
		expect(String(body.internalComment)).toContain('return ret-1 unit TEE-M.1 ');
		// One unit is one piece: any other quantity is refused, naming the field.
		expect(() => exchangeOrderBody({ ...request, exchangedUnit: 'TEE-M.1', quantity: 2 })).toThrow(
			expect.objectContaining({ field: 'exchangeQuantity' }),
		);
		expect(() => exchangeOrderBody({ ...request, quantity: 2 })).not.toThrow();
	});

	it("an order at a derived number is this exchange's only when its internal comment ends with this key", () => {
		const key = exchangeIdempotencyKey(1001, 'ret-1', 'TEE-M.1');
		const comment = String(
			exchangeOrderBody({ ...request, exchangedUnit: 'TEE-M.1' }).internalComment,
		);
		expect(exchangeOrderOwner(comment, key)).toBe('this');
		expect(exchangeOrderOwner(`${comment} (called the customer)`, key)).toBe('this');
		// Unit 10 is another unit than unit 1, though its key starts with unit 1's.
		expect(exchangeOrderOwner(comment.replaceAll('TEE-M.1', 'TEE-M.10'), key)).toBe('another');
		expect(exchangeOrderOwner(comment, exchangeIdempotencyKey(1001, 'ret-1'))).toBe('another');
		expect(exchangeOrderOwner('called the customer', key)).toBe('unknown');
		expect(exchangeOrderOwner(null, key)).toBe('unknown');
	});
	it('the candidate walk: the first number is the one earlier versions derived; own order anywhere wins; others are passed over; an unknown one stops it', () => {
		const key = exchangeIdempotencyKey(1001, 'ret-1', 'TEE-M.1');
		const [first, second, third] = exchangeOrderCandidates(key);
		expect(first).toBe(exchangeOrderNumber(key));
		expect(exchangeOrderBody({ ...request, exchangedUnit: 'TEE-M.1' }).orderNumber).toBe(first);
		expect(new Set(exchangeOrderCandidates(key)).size).toBe(exchangeOrderCandidates(key).length);
		const other = '...; key exchange:1001:ret-9#unit:TEE-M.0';
		const own = `...; key ${key}`;
		// What the candidate numbers hold (the order's internal comment) and the slot taken.
		const slots: Array<[string, Array<[number, string]>, ExchangeOrderSlot]> = [
			['none taken', [], { kind: 'free', orderNumber: first }],
			['the first taken by another', [[first, other]], { kind: 'free', orderNumber: second }],
			[
				'the first taken by another, the second ours',
				[
					[first, other],
					[second, own],
				],
				{ kind: 'created', orderNumber: second },
			],
			// Found at the second even if the first were free again: never a second replacement.
			[
				'the second ours, the first free',
				[[second, own]],
				{ kind: 'created', orderNumber: second },
			],
			[
				'the first taken by another, the second edited',
				[
					[first, other],
					[second, 'edited'],
				],
				{ kind: 'unknown', orderNumber: second, internalComment: 'edited' },
			],
			// An unknown order past the first free number does not matter.
			['the third edited', [[third, 'edited']], { kind: 'free', orderNumber: first }],
		];
		for (const [what, found, slot] of slots)
			expect([what, exchangeOrderSlot(key, new Map(found))]).toEqual([what, slot]);
		const allTaken = new Map(exchangeOrderCandidates(key).map((n) => [n, other]));
		expect(exchangeOrderSlot(key, allTaken).kind).toBe('exhausted');
	});

	it('zero value by default; a discount exchange nets to zero; a payable one is refused', () => {
		expect(exchangeOrderBody(request)).toMatchObject({
			products: [{ unitPrice: 0, originalPrice: 0 }],
			createdFromOrigin: { type: 'order', id: 1001 },
		});
		expect(exchangeOrderBody(request)).not.toHaveProperty('voucherValue');
		expect(
			exchangeOrderBody({ ...request, pricing: 'discount', fullPrice: 19.99, quantity: 3 }),
		).toMatchObject({ products: [{ unitPrice: 19.99, qty: 3 }], voucherValue: 59.97 });
		expect(() => exchangeOrderBody({ ...request, pricing: 'fullPrice' })).toThrow(
			"Centra's Order API takes no payment",
		);
		expect(() => exchangeOrderBody({ ...request, centraReturnId: 77 })).not.toThrow();
		expect(exchangeOrderBody({ ...request, centraReturnId: 77 }).createdFromOrigin).toEqual({
			type: 'return',
			id: 77,
		});
	});
	it('reads the Order API answer shapes', () => {
		expect(readOrderApiAnswer({ status: 'ok', orders: [1234] })).toEqual({
			kind: 'created',
			orderNumber: '1234',
		});
		expect(readOrderApiAnswer({ status: 'ok', order: 55 })).toEqual({
			kind: 'created',
			orderNumber: '55',
		});
		expect(readOrderApiAnswer({ status: 'no', msg: 'Order number 5 already exists' })).toEqual({
			kind: 'exists',
		});
		expect(readOrderApiAnswer({ status: 'no', msg: 'email is required' })).toEqual({
			kind: 'refused',
			message: 'email is required',
		});
		expect(readOrderApiAnswer({ status: 'ok' }).kind).toBe('refused');
	});
});

describe('refund state', () => {
	const entry = (entryType: string, status: string) => ({
		id: 1,
		status,
		entryType,
		value: { value: 10, currency: { code: 'EUR' } },
	});
	it.each([
		[[], 'none'],
		[[entry('REFUND', 'SUCCESS')], 'refunded'],
		[[entry('REFUND_GIFT_CARD', 'SUCCESS')], 'refunded'],
		[[entry('REFUND_REQUEST', 'SUCCESS')], 'inProgress'],
		[[entry('REFUND', 'PENDING')], 'inProgress'],
		[[entry('REFUND_FAILED', 'SUCCESS')], 'none'],
		[[entry('REFUND', 'FAILED')], 'none'],
		[[entry('CAPTURE', 'SUCCESS')], 'none'],
	])('%j is %s', (payments, status) => {
		expect(refundState(payments).status).toBe(status);
	});
});

describe('Check Setup comparison', () => {
	const types = [
		{ name: 'Query', kind: 'OBJECT', fields: [{ name: 'orders', args: [{ name: 'where' }] }] },
		{ name: 'OrderFilter', kind: 'INPUT_OBJECT', inputFields: [{ name: 'number' }] },
		{ name: 'ReturnStatus', kind: 'ENUM', enumValues: [{ name: 'PENDING' }] },
	];
	it('says in plain words what is missing, each once', () => {
		expect(
			missingNames(
				[
					'Query.orders',
					'Query.orders(where)',
					'Query.orders(limit)',
					'Query.returns',
					'Query.returns(where)',
					'OrderFilter.number',
					'OrderFilter.externalId',
					'ReturnStatus.COMPLETED',
					'DirectToConsumerOrder',
					'DirectToConsumerOrder.history',
				],
				types,
			),
		).toEqual([
			'Argument "limit" is missing on Query.orders',
			'Query "returns" is missing',
			'Field "externalId" is missing on input OrderFilter',
			'Value COMPLETED is missing in enum ReturnStatus',
			'Type DirectToConsumerOrder is missing',
		]);
	});
	it("reads the permission out of Centra's authorization message", () => {
		expect(permissionOf('You need Order:read permission to access orders.')).toBe('Order:read');
		expect(permissionOf('You need Warehouse.stock:read permission to access stock.')).toBe(
			'Warehouse.stock:read',
		);
	});
});
