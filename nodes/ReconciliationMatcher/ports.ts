/**
 * The matcher's inputs and outputs per node version, mode and chosen checks.
 *
 * Version 1 always draws seven inputs and four outputs (saved workflows and the templates are
 * wired to those indexes). From version 2 the node draws what the mode and the checks read, as
 * n8n's Merge node draws its number of inputs: the description's `inputs` and `outputs` are
 * expressions that call these functions with the node's parameters
 * (https://github.com/n8n-io/n8n/blob/master/packages/nodes-base/nodes/Merge/v3/helpers/utils.ts).
 *
 * The editor evaluates them as expression text, so each function is self-contained: no imports,
 * no names from outside its body, and only syntax the expression engine parses (no optional
 * chaining, no spread). test/matcher/ports.test.ts holds the tables to the engine's catalogue.
 * execute.ts calls the same functions to know which connection carries which input.
 */

/** One input or output as the description lists it; `kind` says what the matcher reads there. */
export interface MatcherPort {
	type: 'main';
	displayName: string;
	kind: string;
}

interface PortParameters {
	mode?: unknown;
	checks?: unknown;
}

export const matcherInputs = (version: number, parameters: PortParameters): MatcherPort[] => {
	// Input order of the engine; the short labels fit on the canvas next to the node.
	const all = [
		['refunds', 'Refunds', 'Refunds'],
		['returnEvents', 'Return Events', 'Returns'],
		['manifests', 'Shipment Manifests', 'Manifests'],
		['receipts', 'Warehouse Receipts', 'Receipts'],
		['stockMovements', 'Stock Movements', 'Stock'],
		['orders', 'Orders', 'Orders'],
		['known', 'Known Exceptions', 'Register'],
	];
	// What each check reads: its own records and the ones that can clear it or prove it.
	const reads: Record<string, string[]> = {
		orphaned_refund: ['refunds', 'returnEvents', 'manifests', 'receipts'],
		refunded_never_returned: ['refunds', 'returnEvents', 'manifests', 'receipts'],
		duplicate_refund: ['refunds', 'returnEvents', 'receipts'],
		lost_in_transit: ['manifests', 'receipts', 'returnEvents'],
		received_not_on_manifest: ['receipts', 'manifests'],
		scan_without_order: ['returnEvents', 'receipts', 'orders'],
		missing_merchant_order_id: ['refunds', 'returnEvents', 'manifests', 'receipts'],
		missing_stock_movement: ['receipts', 'stockMovements'],
		refund_value_mismatch: ['refunds', 'returnEvents', 'orders'],
		unmapped_disposition: ['receipts'],
		inventory_drift: ['receipts', 'stockMovements'],
		returned_never_refunded: ['receipts', 'refunds', 'returnEvents'],
	};
	const port = (entry: string[], label: string): MatcherPort => ({
		type: 'main',
		displayName: label,
		kind: entry[0],
	});
	if (version < 2) return all.map((entry) => port(entry, entry[1]));
	// The register first; refunds, receipts and stock movements (optional) make the month-end
	// close pack: refunds by channel and currency tied out against the goods received.
	if (parameters.mode === 'registerReport')
		return [all[6], all[0], all[3], all[4]].map((entry) => port(entry, entry[2]));
	// Checks not set yet (a node just added) are the default: every check.
	const checks = Array.isArray(parameters.checks) ? parameters.checks : Object.keys(reads);
	const used: Record<string, boolean> = { known: true };
	for (const check of checks) {
		const kinds = reads[String(check)] || [];
		for (const kind of kinds) used[kind] = true;
	}
	return all.filter((entry) => used[entry[0]] === true).map((entry) => port(entry, entry[2]));
};

export const matcherOutputs = (version: number, parameters: PortParameters): MatcherPort[] => {
	const port = (kind: string, label: string): MatcherPort => ({
		type: 'main',
		displayName: label,
		kind,
	});
	if (version < 2)
		return [
			port('exceptions', 'Exceptions'),
			port('matched', 'Matched'),
			port('summary', 'Summary'),
			port('rejected', 'Rejected'),
		];
	if (parameters.mode === 'registerReport') return [port('summary', 'Report')];
	return [
		port('exceptions', 'Exceptions'),
		port('matched', 'Matched'),
		port('pending', 'Pending'),
		port('summary', 'Summary'),
		port('rejected', 'Rejected'),
	];
};
