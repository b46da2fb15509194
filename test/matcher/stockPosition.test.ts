/**
 * The stock checks decide on per-line counts taken receipt by receipt (StockPosition) and build
 * the unit-by-unit position (`details`) only for a line that raises an exception. The counts must
 * be exactly what the unit-by-unit position gives, on both sides of the window, for grades that
 * leave no stock, not-returned grades, the in-transit warehouse, moves out and corrections.
 */
import { StockPosition } from '../../nodes/ReconciliationMatcher/engine/checks/stockPosition';
import { Group } from '../../nodes/ReconciliationMatcher/engine/groups';
import { defaultSettings, NO_STOCK_BUCKET } from '../../nodes/ReconciliationMatcher/engine';
import type {
	ReceiptRecord,
	StockMovementRecord,
} from '../../nodes/ReconciliationMatcher/engine/types';

const DAY = 86_400_000;
const AS_OF = Date.parse('2026-11-20T00:00:00Z');
const TRANSIT = 'TRANSIT';

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function settings() {
	const s = defaultSettings(AS_OF);
	s.dispositionMapping = new Map([
		['sellable', 'MAIN'],
		['damaged', 'B-STOCK'],
		['destroy', NO_STOCK_BUCKET],
		['missing', 'MAIN'],
	]);
	s.inTransitWarehouse = TRANSIT;
	return s;
}

function line(seed: number, windowDays: number): Group {
	const next = random(seed);
	const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
	const group = new Group('1001', 'SKU-1', true);
	const receipts = Math.floor(next() * 4);
	for (let i = 0; i < receipts; i++) {
		// Ages straddle the window, exactly on it included (still inside: not due).
		const age = pick([windowDays - 1, windowDays, windowDays + 1, windowDays + 10, 0]);
		const receipt: ReceiptRecord = {
			ref: { input: 3, item: i },
			trackingNumber: '',
			bagBarcode: '',
			returnId: `R-${i}`,
			orderNumber: '1001',
			sku: 'SKU-1',
			quantity: 1 + Math.floor(next() * 3),
			disposition: pick(['sellable', 'damaged', 'destroy', 'missing', 'wrong_item', 'unknown', '']),
			receivedAt: AS_OF - age * DAY,
			unit: '',
		};
		group.receipts.push(receipt);
	}
	const movements = Math.floor(next() * 4);
	for (let i = 0; i < movements; i++) {
		const movement: StockMovementRecord = {
			ref: { input: 4, item: i },
			returnId: 'R-0',
			orderNumber: '1001',
			sku: 'SKU-1',
			warehouse: pick(['MAIN', 'B-STOCK', NO_STOCK_BUCKET, TRANSIT, 'OTHER']),
			quantity: pick([1, 2, -1, 3]),
			movedAt: AS_OF - 20 * DAY,
		};
		group.movements.push(movement);
	}
	return group;
}

describe('stock position counts', () => {
	it('equal the unit-by-unit position on generated lines', () => {
		const s = settings();
		s.notReturnedDispositions = ['missing', 'wrong_item'];
		const windowDays = s.windows.missingStockMovementDays;
		let drifting = 0;
		const mismatches: string[] = [];
		for (let seed = 1; seed <= 1500; seed++) {
			const position = new StockPosition(line(seed, windowDays), s);
			const unitByUnit = position.details();
			// Every bucket either side knows, with the same counts (absent = 0).
			const buckets = [
				...new Set([
					...position.buckets,
					...unitByUnit.allByBucket.keys(),
					...unitByUnit.moved.keys(),
				]),
			].sort();
			const fast = [position.dueUnits, position.dueStock, position.movedUnits];
			const slow = [unitByUnit.due.length, unitByUnit.dueStock, unitByUnit.movedUnits];
			for (const bucket of buckets) {
				const at = position.buckets.indexOf(bucket);
				fast.push(position.all[at] ?? 0, position.owed[at] ?? 0, position.net[at] ?? 0);
				slow.push(
					unitByUnit.allByBucket.get(bucket) ?? 0,
					unitByUnit.dueByBucket.get(bucket) ?? 0,
					unitByUnit.moved.get(bucket) ?? 0,
				);
			}
			if (fast.join() !== slow.join())
				mismatches.push(`seed ${seed} [${buckets.join()}]: ${fast.join()} vs ${slow.join()}`);
			if (position.movedUnits > 0 && position.dueUnits > 0) drifting++;
		}
		expect(mismatches).toEqual([]);
		// The generated lines reach the interesting cases, not only empty ones.
		expect(drifting).toBeGreaterThan(100);
	});

	it('counts a receipt exactly one window old as not yet due, one day older as due', () => {
		const s = settings();
		const windowDays = s.windows.missingStockMovementDays;
		const at = (age: number) => {
			const group = new Group('1001', 'SKU-1', true);
			group.receipts.push({
				ref: { input: 3, item: 0 },
				trackingNumber: '',
				bagBarcode: '',
				returnId: 'R-0',
				orderNumber: '1001',
				sku: 'SKU-1',
				quantity: 2,
				disposition: 'sellable',
				receivedAt: AS_OF - age,
				unit: '',
			});
			return new StockPosition(group, s);
		};
		expect(at(windowDays * DAY).dueStock).toBe(0);
		expect(at(windowDays * DAY + 1).dueStock).toBe(2);
	});
});
