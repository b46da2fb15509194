/** Unit counting of one order line: how return events become return units. */
import { analyzeGroup } from '../../nodes/ReconciliationMatcher/engine/groupFacts';
import { Group } from '../../nodes/ReconciliationMatcher/engine/groups';
import { DEFAULT_TOLERANCE } from '../../nodes/ReconciliationMatcher/engine/settings';
import type {
	ReturnEventRecord,
	ReturnStatus,
} from '../../nodes/ReconciliationMatcher/engine/types';
import { AS_OF, DAY } from './fixtures';

let item = 0;
function scan(
	returnId: string,
	unit: string,
	status: ReturnStatus,
	daysAgo: number,
	over: Partial<ReturnEventRecord> = {},
): ReturnEventRecord {
	return {
		ref: { input: 1, item: item++ },
		returnId,
		orderNumber: '1001',
		sku: 'SKU-1',
		unit,
		status,
		scannedAt: AS_OF - daysAgo * DAY,
		bagBarcode: '',
		isExchange: false,
		unitValue: null,
		...over,
	};
}

function unitsOf(events: ReturnEventRecord[]) {
	const group = new Group('1001', 'SKU-1', true);
	group.events = events;
	return analyzeGroup(group, new Set(), DEFAULT_TOLERANCE);
}

describe('return units of an order line', () => {
	it('counts an event delivered twice (same unit, status and time) once', () => {
		const facts = unitsOf([
			scan('HR-1', '0', 'started', 10),
			scan('HR-1', '0', 'started', 10),
			scan('HR-1', '0', 'dropped_off', 8),
			scan('HR-1', '0', 'dropped_off', 8),
		]);
		expect(facts.returnUnits).toHaveLength(1);
		expect(facts.returnUnits[0]).toMatchObject({
			returnId: 'HR-1',
			status: 'dropped_off',
			firstScanAt: AS_OF - 8 * DAY,
		});
		expect(facts.returnUnits[0].events).toHaveLength(2);
	});

	it('keeps a second scan of the same unit at another time, and takes the earliest non-started scan', () => {
		const facts = unitsOf([
			scan('HR-1', '0', 'dropped_off', 8),
			scan('HR-1', '0', 'dropped_off', 9),
			scan('HR-1', '0', 'refund_approved', 7),
		]);
		expect(facts.returnUnits).toHaveLength(1);
		expect(facts.returnUnits[0]).toMatchObject({
			status: 'refund_approved',
			firstScanAt: AS_OF - 9 * DAY,
		});
		expect(facts.returnUnits[0].events).toHaveLength(3);
	});

	it('tells units without a unit id apart by arrival order within return and status', () => {
		const facts = unitsOf([
			scan('HR-1', '', 'started', 10),
			scan('HR-1', '', 'started', 10),
			scan('HR-1', '', 'dropped_off', 8),
			scan('HR-2', '', 'dropped_off', 6),
		]);
		expect(facts.returnUnits.map((u) => [u.returnId, u.status])).toEqual([
			['HR-1', 'dropped_off'],
			['HR-1', 'started'],
			['HR-2', 'dropped_off'],
		]);
		// A unit only started has no drop-off scan yet.
		expect(facts.returnUnits[1].firstScanAt).toBe(Number.POSITIVE_INFINITY);
	});

	it('never merges units whose return id and unit id only look alike when joined', () => {
		const facts = unitsOf([scan('A|1', '2', 'dropped_off', 5), scan('A', '1|2', 'dropped_off', 5)]);
		expect(facts.returnUnits.map((u) => u.returnId)).toEqual(['A|1', 'A']);
	});

	it('leaves expired units out of the returned units and counts them apart; an exchange flag sticks', () => {
		const facts = unitsOf([
			scan('HR-1', '0', 'started', 30),
			scan('HR-1', '0', 'expired', 2),
			scan('HR-1', '1', 'dropped_off', 8, { isExchange: true }),
			scan('HR-1', '1', 'refund_approved', 6),
		]);
		expect(facts.expiredUnits).toBe(1);
		expect(facts.returnUnits).toHaveLength(1);
		expect(facts.returnUnits[0]).toMatchObject({ status: 'refund_approved', isExchange: true });
		expect(facts.exchangeUnits).toBe(1);
	});
});
