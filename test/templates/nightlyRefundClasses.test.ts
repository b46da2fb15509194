/**
 * Goodwill and FBA refunds are classified, not orphaned, in the nightly run: 04 hands the matcher
 * the refund classes of *00 Returns settings* (goodwillRefundReasons, fbaRefundsNeedReturn) and the
 * grades that do not count as returned (investigateDispositions). Runs 04's Reconcile node alone on
 * Amazon refunds with no return behind them: a goodwill reason or an FBA refund is not raised; a
 * plain merchant-fulfilled refund still is (both sides), and with fbaRefundsNeedReturn on, FBA is too.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../../harness';
import { loadTemplate, settingsWorkflow, type Template } from '../../harness/templateFiles';

const MATCHER = 'n8n-nodes-returns-reconciliation.reconciliationMatcher';
const DAY = 86_400_000;

function reconcileNodes(file: string) {
	return loadTemplate(file).nodes.filter(
		(n) => n.type === MATCHER && (n.parameters.mode ?? 'reconcile') === 'reconcile',
	);
}

/** Runs one template's Reconcile node on `refunds`, with the shipped settings (asOf given). */
async function reconcileWith(
	file: string,
	refunds: IDataObject[],
	asOf: string,
	values: Record<string, unknown> = {},
) {
	const matcher = reconcileNodes(file)[0];
	const settings = settingsWorkflow({ asOf, ...values }).nodes.find(
		(n) => n.type === 'n8n-nodes-base.set',
	)!;
	const workflow = {
		name: `${file} Reconcile alone`,
		nodes: [
			{
				id: 't',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{ ...settings, name: 'Settings', position: [200, 0] },
			{
				id: 'r',
				name: 'Refunds',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [400, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ refunds }) },
			},
			{
				id: 's',
				name: 'One per refund',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [600, 0],
				parameters: { fieldToSplitOut: 'refunds', options: {} },
			},
			{ ...matcher, name: 'Reconcile', position: [800, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'Settings', type: 'main', index: 0 }]] },
			Settings: { main: [[{ node: 'Refunds', type: 'main', index: 0 }]] },
			Refunds: { main: [[{ node: 'One per refund', type: 'main', index: 0 }]] },
			'One per refund': { main: [[{ node: 'Reconcile', type: 'main', index: 0 }]] },
		},
	} as unknown as Template;
	const run = await runWorkflow(workflow, { triggerItems: [{ json: {} }], mode: 'manual' });
	if (run.status !== 'success') throw new Error(`${file}: ${run.error?.message}`);
	return run.run.data.resultData.runData.Reconcile[0].data!.main[0]!.map((i) => i.json);
}

const asOf = '2026-06-30T12:00:00.000Z';
const refundedAt = new Date(Date.parse(asOf) - 20 * DAY).toISOString();
const refund = (n: number, fields: IDataObject): IDataObject => ({
	refundId: `R-${n}`,
	channel: 'amazon',
	orderId: `111-000000${n}-0000001`,
	merchantOrderId: String(700 + n),
	sku: 'SKU-1',
	quantity: 1,
	amount: '-25.00',
	currency: 'EUR',
	refundedAt,
	fulfillment: 'MFN',
	refundReason: 'Refund',
	...fields,
});
const refunds = [
	refund(1, { refundReason: 'GoodwillAdjustment' }),
	refund(2, { refundReason: 'goodwill' }),
	refund(3, { fulfillment: 'FBA' }),
	refund(4, {}),
];
const orphaned = async (values: Record<string, unknown> = {}) =>
	(await reconcileWith('04-nightly-reconciliation.json', refunds, asOf, values))
		.filter((e) => e.type === 'orphaned_refund')
		.map((e) => String(e.orderNumber))
		.sort();

describe('04: goodwill and FBA refunds are classified, not orphaned', () => {
	it('with the shipped settings only the plain merchant-fulfilled refund is an orphan', async () => {
		expect(await orphaned()).toEqual(['704']);
	}, 60_000);

	it('FBA refunds need a return when the setting says so; no goodwill reasons: all are orphans', async () => {
		expect(await orphaned({ fbaRefundsNeedReturn: true })).toEqual(['703', '704']);
		expect(await orphaned({ goodwillRefundReasons: '' })).toEqual(['701', '702', '704']);
	}, 60_000);
});
