/**
 * Receipts graded in `notReturnedDispositions` ("missing": not in the bag; "wrong-item": another
 * item in it) do not count as the unit returned: the refund follows "refunded, never returned"
 * after its window, the bag still settles its manifest line, and no stock movement is owed.
 */
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
	types,
} from './fixtures';

const WINDOW_DAYS = 45;

/** An Amazon unit refunded at first scan, shipped and received graded `grade`. */
function amazonUnit(grade: string, refundedAt: string) {
	return {
		refunds: [
			refund({
				channel: 'amazon',
				merchantOrderId: '1001',
				orderId: '111-1',
				fulfillment: 'MFN',
				refundedAt,
			}),
		],
		returnEvents: [event({ scannedAt: daysAgo(50) })],
		manifests: [manifest({ shippedAt: daysAgo(49) })],
		receipts: [receipt({ disposition: grade, receivedAt: daysAgo(47) })],
	};
}

const exactly = new Date(AS_OF - WINDOW_DAYS * DAY).toISOString();
const past = new Date(AS_OF - WINDOW_DAYS * DAY - 1000).toISOString();

describe('not-returned grades', () => {
	it.each(['wrong-item', 'missing', 'Wrong Item', 'WRONG_ITEM'])(
		'a unit graded %s is refunded, never returned one second past the window, not at it',
		(grade) => {
			expect(types(amazonUnit(grade, exactly))).toEqual([]);
			const result = run(amazonUnit(grade, past));
			expect(result.changes.map((c) => c.type)).toEqual(['refunded_never_returned']);
			expect(result.changes[0]).toMatchObject({ units: 1, channel: 'amazon' });
			expect(result.changes[0].details).toMatchObject({ missingInBagUnits: 1 });
		},
	);

	it('a grade not in the set counts as returned: nothing raised, the line is matched', () => {
		const result = run(amazonUnit('wrong-item', past), (s) => {
			s.notReturnedDispositions = ['missing'];
			s.dispositionMapping.set('wrong-item', 'NONE');
		});
		expect(result.changes).toEqual([]);
		expect(result.matched.map((line) => line.state)).toEqual(['matched']);
	});

	it('the set is configurable: a code added to it (damaged) stops counting as returned', () => {
		expect(types(amazonUnit('damaged', past))).toEqual(['missing_stock_movement']);
		expect(
			types(amazonUnit('damaged', past), (s) => {
				s.notReturnedDispositions = ['missing', 'wrong-item', 'damaged'];
			}),
		).toEqual(['refunded_never_returned']);
	});

	it('owes no stock movement and needs no mapping row; the bag settles its manifest line', () => {
		// wrong-item has no row in the fixtures' mapping: not unmapped, no movement owed, not lost.
		const result = run(amazonUnit('wrong-item', exactly));
		expect(result.changes).toEqual([]);
		expect(result.matched[0]).toMatchObject({ state: 'pending', receivedUnits: 0 });
	});

	it('a not-returned unit moved into a stock bucket is still inventory drift', () => {
		const inputs = {
			...amazonUnit('wrong-item', exactly),
			stockMovements: [
				{
					reference: 'HR HR-1 SKU-1 processed',
					sku: 'SKU-1',
					warehouse: 'MAIN',
					quantity: 1,
					movedAt: daysAgo(46),
				},
			],
		};
		expect(types(inputs)).toEqual(['inventory_drift']);
	});

	it('a storefront unit graded wrong-item is not "returned, never refunded"', () => {
		const inputs = {
			returnEvents: [event()],
			manifests: [manifest()],
			receipts: [receipt({ disposition: 'wrong-item', receivedAt: daysAgo(30) })],
		};
		expect(types(inputs)).toEqual([]);
		const sellable = { ...inputs, receipts: [receipt({ receivedAt: daysAgo(30) })] };
		expect(types({ ...sellable, stockMovements: [movement({ movedAt: daysAgo(30) })] })).toEqual([
			'returned_never_refunded',
		]);
	});
});
