/**
 * 04's in-transit hold is one setting of 00 (`inTransitHoldDays`): its matcher flags inventory
 * drift with it, and its live-order cutoff keeps an order live that long after its last record.
 * Read from one value, the two cannot drift apart (a hold longer than the cutoff would let an order
 * fall out of the reconciliation before its drift could be raised).
 */
import { runCalledWorkflow } from '../../harness';
import { loadTemplate, shippedSettings, withSettings } from '../../harness/templateFiles';
import { templateTables } from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T02:00:00Z');
const iso = (at: number) => new Date(at).toISOString();
const SETTING = "={{ $('Settings').first().json.settings.inTransitHoldDays }}";

describe('04: one in-transit hold for the matcher and the live-order cutoff', () => {
	let sandboxes: TemplateSandboxes;
	const tables = templateTables();
	beforeAll(async () => {
		sandboxes = await startTemplateSandboxes();
	});
	afterAll(async () => sandboxes?.close());

	async function nightly(at: number, settings: Record<string, unknown> = {}) {
		const template = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
			asOf: iso(at),
			...settings,
		});
		const run = await runCalledWorkflow(template, 'When called by month-end', {
			credentials: sandboxes.credentials({ centraOrderApi: false }),
			dataTables: tables,
		});
		expect([run.status, run.error?.message]).toEqual(['success', undefined]);
		return run.output('Live orders')[0].json.scope as { holdDays: number; since: string };
	}

	it('00 ships the hold at the matcher default (21 days); 04 gives its matcher the setting', () => {
		expect(shippedSettings().inTransitHoldDays).toBe(21);
		const reconcile = loadTemplate('04-nightly-reconciliation.json').nodes.find(
			(n) => n.name === 'Reconcile',
		)!;
		expect((reconcile.parameters.windows as Record<string, unknown>).inTransitHoldDays).toBe(
			SETTING,
		);
	});

	it('05 and 06 give their matchers the same setting (one hold for every reconciling template)', () => {
		for (const [file, node] of [
			['05-lost-in-transit.json', 'Find lost boxes'],
			['06-stock-movement-monitor.json', 'Check stock movements'],
		]) {
			const matcher = loadTemplate(file).nodes.find((n) => n.name === node)!;
			expect((matcher.parameters.windows as Record<string, unknown>).inTransitHoldDays).toBe(
				SETTING,
			);
		}
	});

	it('the cutoff follows the setting: the longest window decides, on both sides of the others', async () => {
		// One return under way (the matcher runs when it has a record), then a first run that leaves
		// its watermark; later runs keep orders live from the cutoff.
		tables.insert('Returns Event Ledger', {
			eventId: 'hold-started',
			eventType: 'return.started',
			returnId: 'HR-HOLD1',
			orderNumber: '555001',
			orderId: '555001',
			channel: 'storefront',
			sku: 'SKU-HOLD',
			unit: '0',
			status: 'processed',
			receivedAt: iso(T0 - DAY),
		});
		await nightly(T0);
		const s = shippedSettings();
		const lagDays = Math.ceil(Number(s.financeLagHours) / 24);
		const others = Math.max(
			Number(s.refundedNeverReturnedDays),
			Number(s.lostInTransitDays),
			Number(s.missingStockMovementDays),
			Number(s.returnedNeverRefundedDays),
		);
		const at = T0 + DAY;
		for (const hold of [21, others - 1, others + 1, 90]) {
			const scope = await nightly(at, { inTransitHoldDays: hold });
			const holdDays = Math.max(others, hold) + lagDays + 1;
			expect([hold, scope.holdDays, scope.since]).toEqual([
				hold,
				holdDays,
				iso(at - holdDays * DAY),
			]);
		}
	});
});
