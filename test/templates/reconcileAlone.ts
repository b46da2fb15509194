/**
 * One template's Reconcile node run alone, through the harness, on given refunds and with the
 * shipped settings of *00 Returns settings* (some overridden): how the settings tests see what a
 * template hands the matcher.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../../harness';
import { loadTemplate, settingsWorkflow, type Template } from '../../harness/templateFiles';

const MATCHER = 'n8n-nodes-returns-reconciliation.reconciliationMatcher';
export const DAY = 86_400_000;

export function reconcileNodes(file: string) {
	return loadTemplate(file).nodes.filter(
		(n) => n.type === MATCHER && (n.parameters.mode ?? 'reconcile') === 'reconcile',
	);
}

/** Runs one template's Reconcile node on `refunds`, with the shipped settings (asOf given). */
export async function reconcileWith(
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
