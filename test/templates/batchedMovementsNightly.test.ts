/**
 * 03 moves every unit of one warehouse POST out of transit with one stock change per bucket, across
 * returns. The nightly reconciliation (04) must reach the same verdicts as when each return's units
 * moved in a change of their own: the same scenario, its single-unit movements merged into changes
 * of several returns (as 03 now writes them), gives exactly the ground-truth register. Oracle: the
 * scenario generator's expected exceptions, written from the documented rules.
 */
import { runWorkflow } from '../../harness';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';
import {
	EVERY_EXCEPTION_KIND,
	groundTruthKey,
	registerKey,
	warehouseReceiptRows,
} from '../../harness/scenarioRows';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import type { CentraSandbox } from '../../sandbox/centra/server';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';

jest.setTimeout(600_000);

const SECRET = 'batched-nightly-secret';
const HOUR = 3_600_000;

/**
 * Merges the one-piece movements of different returns made in the same warehouse, direction and
 * hour into one change each (at the hour's last movement, as a POST is written when it arrives),
 * listing each unit's reference as 03's batched change does. Returns how many changes merged
 * several returns.
 */
function mergeAcrossReturns(centra: CentraSandbox): number {
	const state = centra.state;
	const single = /^HR \S+ \S+ (processed|in-transit)$/;
	const groups = new Map<string, typeof state.stockChanges>();
	for (const change of state.stockChanges) {
		if (!single.test(change.comment) || change.lines.length !== 1) continue;
		const q = change.lines[0].deliveredQuantity;
		if (Math.abs(q) !== 1) continue;
		const key = [
			change.warehouse.id,
			Math.sign(q),
			Math.floor(Date.parse(change.createdAt) / HOUR),
		].join('|');
		groups.set(key, [...(groups.get(key) ?? []), change]);
	}
	let merged = 0;
	for (const group of groups.values()) {
		const returns = new Set(group.map((c) => c.comment.split(' ')[1]));
		if (returns.size < 2) continue;
		merged++;
		const [first, ...rest] = group;
		first.comment = group.map((c) => c.comment).join('; ');
		first.createdAt = group
			.map((c) => c.createdAt)
			.sort()
			.at(-1)!;
		const bySize = new Map<number, (typeof first.lines)[number]>();
		for (const line of group.flatMap((c) => c.lines)) {
			const seen = bySize.get(line.productSize.id);
			if (seen) seen.deliveredQuantity += line.deliveredQuantity;
			else bySize.set(line.productSize.id, { ...line });
		}
		first.lines = [...bySize.values()];
		for (const gone of rest) state.stockChanges.splice(state.stockChanges.indexOf(gone), 1);
	}
	return merged;
}

describe('04 on stock changes of several returns (03 batches per POST)', () => {
	let sandboxes: TemplateSandboxes;
	let centra: CentraSandbox;
	let alerts: AlertSink;

	beforeAll(async () => {
		[sandboxes, alerts] = await Promise.all([startTemplateSandboxes(), startAlertSink()]);
		centra = sandboxes.centra;
	});
	afterAll(async () => Promise.all([sandboxes.close(), alerts.close()]));

	it('the register equals the ground truth when the movements of several returns share a change', async () => {
		const rates = EVERY_EXCEPTION_KIND;
		const scenario = generateScenario({
			seed: 404,
			returns: 160,
			rates,
			// On the hour, so which movements share an hour (and merge) does not depend on the
			// minute the test runs in.
			asOf: new Date(Math.floor(Date.now() / HOUR) * HOUR).toISOString(),
		});
		const bodies = loadScenario(scenario, sandboxes);
		expect(mergeAcrossReturns(centra)).toBeGreaterThan(5);
		const credentials = () =>
			sandboxes.credentials({ webhookSecret: SECRET, centraOrderApi: false });
		const tables = templateTables();
		await deliverNoticesToIntake(bodies, { secret: SECRET, credentials: credentials() }, tables);
		for (const row of warehouseReceiptRows(scenario)) tables.insert('Warehouse Receipts', row);
		const nightly = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			lookbackDays: 200,
			alertWebhookUrl: alerts.url,
		});
		const run = await runWorkflow(nightly, {
			startNode: 'When called by month-end',
			triggerItems: [{ json: {} }],
			mode: 'integrated',
			credentials: credentials(),
			dataTables: tables,
		});
		expect([run.status, run.error?.message]).toEqual(['success', undefined]);
		const register = tables.rows('Exception Register');
		const expected = [...new Set(scenario.expected.map(groundTruthKey))].sort();
		expect([...new Set(register.map(registerKey))].sort()).toEqual(expected);
		// The ledger holds one movement per return and change: parts of shared changes, none naming two returns.
		const movements = tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'centra.stock_change')
			.map((r) => JSON.parse(String(r.payload)) as { id: number | string; reference: string });
		expect(movements.filter((m) => String(m.id).includes(':')).length).toBeGreaterThan(5);
		expect(
			movements.filter(
				(m) => new Set(m.reference.split('; ').map((u) => u.split(' ')[1])).size > 1,
			),
		).toEqual([]);
	});
});
