/**
 * Property test: on generated scenarios the engine finds exactly the ground-truth exceptions of
 * the sandbox scenario generator, no more and no fewer, for many seeds and anomaly mixes.
 */
import {
	defaultSettings,
	reconcile,
	type ExceptionChange,
} from '../../nodes/ReconciliationMatcher/engine';
import {
	ANOMALY_ORDER,
	generateScenario,
	type ExpectedException,
	type Scenario,
} from '../../sandbox/scenario/generator';

function keyOf(e: ExpectedException): string {
	switch (e.type) {
		case 'lost_in_transit':
			return `${e.type}|${e.trackingNumber}`;
		case 'scan_without_order':
		case 'missing_merchant_order_id':
			return `${e.type}|${e.returnId}`;
		default:
			return `${e.type}|${e.orderNumber}|${e.sku}`;
	}
}

function found(change: ExceptionChange): string {
	return keyOf({
		type: change.type as string,
		orderNumber: change.orderNumber,
		sku: change.sku,
		trackingNumber: change.trackingNumber,
		returnId: change.returnIds?.[0],
	});
}

function reconcileScenario(scenario: Scenario) {
	const settings = defaultSettings(Date.parse(scenario.asOf));
	settings.dispositionMapping = new Map(Object.entries(scenario.dispositionMapping));
	settings.inTransitWarehouse = scenario.inTransitWarehouse;
	return reconcile(scenario, settings);
}

describe('engine against the generator ground truth', () => {
	it('is reproducible: the same seed gives the same data', () => {
		const a = generateScenario({
			seed: 7,
			returns: 200,
			rates: { duplicateRefund: 0.1 },
			asOf: '2026-11-20T00:00:00Z',
		});
		const b = generateScenario({
			seed: 7,
			returns: 200,
			rates: { duplicateRefund: 0.1 },
			asOf: '2026-11-20T00:00:00Z',
		});
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
	});

	it('finds nothing in a scenario without anomalies', () => {
		const scenario = generateScenario({
			seed: 1,
			returns: 500,
			rates: {},
			asOf: '2026-11-20T00:00:00Z',
		});
		const result = reconcileScenario(scenario);
		expect(result.rejected).toEqual([]);
		expect(result.changes).toEqual([]);
		expect(result.summary.matched).toBe(500);
	});

	const seeds = Array.from({ length: 12 }, (_, i) => i + 100);
	it.each(seeds)('seed %i: exactly the expected exceptions', (seed) => {
		const rates = Object.fromEntries(
			ANOMALY_ORDER.map((anomaly, index) => [anomaly, ((seed + index) % 5) * 0.01 + 0.01]),
		);
		const scenario = generateScenario({ seed, returns: 1500, rates, asOf: '2026-11-20T00:00:00Z' });
		const result = reconcileScenario(scenario);
		expect(result.rejected).toEqual([]);
		const expected = [...new Set(scenario.expected.map(keyOf))].sort();
		const actual = result.changes.map(found).sort();
		expect(actual).toEqual(expected);
		expect(expected.length).toBeGreaterThan(50);
	});
});
