/**
 * One settings source for the matcher's windows and claim deadlines: every template that
 * reconciles (04 nightly, 05 lost in transit, 06 stock monitor, 10 settlement cycle) hands the
 * matcher the same values from *00 Returns settings*, so two templates never give one case two
 * deadlines. Checked on the templates as shipped, and by running the Reconcile node of 04 and of 10
 * on the same refund: same exception, same deadline, the one the settings say.
 */
import type { IDataObject } from 'n8n-workflow';
import { settingsWorkflow } from '../../harness/templateFiles';
import { DAY, reconcileNodes, reconcileWith } from './reconcileAlone';

const settingKey = (expression: unknown) =>
	/^=\{\{ \$\('Settings'\)\.first\(\)\.json\.settings\.(\w+) \}\}$/.exec(String(expression))?.[1];

describe('the matcher gets its windows and deadlines from 00, the same in every template', () => {
	const files = [
		'04-nightly-reconciliation.json',
		'05-lost-in-transit.json',
		'06-stock-movement-monitor.json',
		'10-amazon-settlement-cycle.json',
	];

	it.each(files)(
		'%s: every window and deadline it sets is the setting of the same meaning',
		(file) => {
			const shipped = settingsWorkflow().nodes.find((n) => n.type === 'n8n-nodes-base.set')!;
			const keys = new Set(
				(
					shipped.parameters.assignments as { assignments: Array<{ name: string }> }
				).assignments.map((a) => a.name.replace(/^settings\./, '')),
			);
			for (const node of reconcileNodes(file)) {
				const deadlines = node.parameters.deadlines as Record<string, string>;
				// The refund classes and the not-returned grades, from the same settings everywhere.
				expect([
					settingKey(node.parameters.goodwillRefundReasons),
					settingKey(node.parameters.fbaRefundsNeedReturn),
					settingKey(node.parameters.notReturnedDispositions),
				]).toEqual(['goodwillRefundReasons', 'fbaRefundsNeedReturn', 'investigateDispositions']);
				expect(
					Object.fromEntries(Object.entries(deadlines).map(([k, v]) => [k, settingKey(v)])),
				).toEqual({
					claimDeadlineDaysAmazonMfn: 'amazonSafetClaimWindowDays',
					claimDeadlineDaysAmazonFba: 'amazonFbaClaimClosesAfterDays',
				});
				for (const [name, value] of Object.entries(
					node.parameters.windows as Record<string, string>,
				)) {
					// A window is the setting of its own name, or a value derived from settings only.
					const key = settingKey(value);
					if (key) expect([name, keys.has(key)]).toEqual([key, true]);
					else expect(String(value)).toMatch(/^=\{\{.*\$\('Settings'\)/);
				}
			}
		},
	);

	it('04 and 10 give one Amazon refund without a return the same claim deadline: the settings window, per fulfilment', async () => {
		const asOf = '2026-06-30T12:00:00.000Z';
		const refundedAt = new Date(Date.parse(asOf) - 70 * DAY).toISOString();
		const refund = (fulfillment: string, n: number): IDataObject => ({
			refundId: `R-${fulfillment}`,
			channel: 'amazon',
			orderId: `111-000000${n}-0000001`,
			merchantOrderId: String(500 + n),
			sku: 'SKU-1',
			quantity: 1,
			amount: '-25.00',
			currency: 'EUR',
			refundedAt,
			fulfillment,
		});
		const refunds = [refund('MFN', 1), refund('FBA', 2)];
		const deadlines = async (file: string, values: Record<string, unknown> = {}) =>
			Object.fromEntries(
				(await reconcileWith(file, refunds, asOf, values))
					.filter((e) => e.type === 'orphaned_refund')
					.map((e) => [String(e.orderNumber), String(e.deadline).slice(0, 10)]),
			);
		const day = (days: number) =>
			new Date(Date.parse(refundedAt) + days * DAY).toISOString().slice(0, 10);
		// As shipped, FBA returns go back to Amazon (fbaRefundsNeedReturn off): the FBA refund is
		// classified, not raised, in both; the MFN one gets 00's 30-day SAFE-T window.
		const nightly = await deadlines('04-nightly-reconciliation.json');
		expect(nightly).toEqual({ '501': day(30) });
		expect(await deadlines('10-amazon-settlement-cycle.json')).toEqual(nightly);
		// A merchant whose FBA returns also come through Happy Returns: FBA claims close 120 days
		// after the refund, in both templates.
		const needReturn = { fbaRefundsNeedReturn: true };
		const nightlyFba = await deadlines('04-nightly-reconciliation.json', needReturn);
		expect(nightlyFba).toEqual({ '501': day(30), '502': day(120) });
		expect(await deadlines('10-amazon-settlement-cycle.json', needReturn)).toEqual(nightlyFba);
	}, 60_000);
});
