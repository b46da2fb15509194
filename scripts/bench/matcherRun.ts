import '../../test/harness/env';
/**
 * One matcher benchmark run in its own process (so peak RSS is this size's alone):
 * generates a scenario, then times the bare Map hash join of refunds to receipts (the floor)
 * and the full engine over the same rows. Prints one JSON line.
 */
import { defaultSettings, reconcile } from '../../nodes/ReconciliationMatcher/engine';
import { generateScenario } from '../../test/sandbox/scenario/generator';

const returns = Number(process.argv[2] ?? 10000);
const rates = { refundedNeverReturned: 0.01, duplicateRefund: 0.01, lostInTransit: 0.01, scanWithoutOrder: 0.005, missingOrderId: 0.005, unmappedDisposition: 0.005, valueMismatch: 0.01, missingStockMovement: 0.01, orphanedRefund: 0.005, returnedNeverRefunded: 0.005 };
const scenario = generateScenario({ seed: 42, returns, rates, asOf: '2026-11-20T00:00:00Z' });
const rows = scenario.refunds.length + scenario.returnEvents.length + scenario.manifests.length + scenario.receipts.length + scenario.stockMovements.length + scenario.orders.length;
global.gc?.();
const rssInputs = process.memoryUsage().rss;

function floor(): number {
	const started = process.hrtime.bigint();
	const index = new Map<string, Record<string, unknown>[]>();
	for (const receipt of scenario.receipts) {
		const key = `${String(receipt.orderNumber)}\u0001${String(receipt.sku)}`;
		const list = index.get(key);
		if (list) list.push(receipt);
		else index.set(key, [receipt]);
	}
	let matched = 0;
	for (const refund of scenario.refunds) {
		const key = `${String(refund.merchantOrderId || refund.orderId)}\u0001${String(refund.sku)}`;
		if (index.has(key)) matched++;
	}
	if (matched < 0) throw new Error('unreachable');
	return Number(process.hrtime.bigint() - started) / 1e6;
}

const floorMs = Math.min(floor(), floor(), floor());
const settings = defaultSettings(Date.parse(scenario.asOf));
settings.dispositionMapping = new Map(Object.entries(scenario.dispositionMapping));
settings.inTransitWarehouse = scenario.inTransitWarehouse;
const started = process.hrtime.bigint();
const result = reconcile(scenario, settings);
const engineMs = Number(process.hrtime.bigint() - started) / 1e6;
const peakRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
	`${JSON.stringify({ returns, rows, engineMs, floorMs, exceptions: result.changes.length, expected: new Set(scenario.expected.map((e) => JSON.stringify(e))).size, rssInputs, peakRss })}\n`,
);
