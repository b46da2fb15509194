/**
 * Expressions evaluated once per item that copy another node's output: items times that output's
 * size for the run. In n8n 2.40.7 expressions run in an isolate by default (`engine: 'vm'` in
 * packages/@n8n/config/src/configs/expression-engine.config.ts of
 * https://github.com/n8n-io/n8n), and `$('Node').first()`, `.last()` and `.all()` are calls to the
 * host whose results are structured-cloned into it, whole, on every evaluation
 * (packages/@n8n/expression-runtime/src/runtime/context.ts and bridge/isolated-vm-bridge.ts,
 * createCallHostRef). `$json` and `$('Node').item` are the item at hand and its paired item, one
 * item each. So a keyed lookup into a map on another node's item (`$('Map').first().json.ids[k]`)
 * copies the whole map per item, as a scan of it would.
 *
 * Found by the expressions' text in a template's JSON, with the nodes reached by one item per
 * execution (by their types and inputs) set aside. Used by test/templates/perItemReads.test.ts.
 */
import { parentsOf, STICKY_TYPE } from './canvasLayout';

export interface TemplateNode {
	name: string;
	type: string;
	executeOnce?: boolean;
	parameters?: unknown;
}
export interface Workflow {
	nodes: TemplateNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
}

/**
 * Types that pass one item on as one item (or none): a node of these types reached only by single
 * items is itself reached by one.
 */
const ONE_IN_ONE_OUT = new Set(
	['if', 'filter', 'switch', 'noOp', 'set', 'stopAndError', 'dateTime', 'wait'].map(
		(t) => `n8n-nodes-base.${t}`,
	),
);
/** Types that, run once, emit one item. */
const ONE_ITEM_WHEN_RUN_ONCE = new Set(
	['set', 'aggregate', 'summarize'].map((t) => `n8n-nodes-base.${t}`),
);
const ONE_ITEM_TRIGGERS = new Set(
	['scheduleTrigger', 'manualTrigger', 'cron', 'executeWorkflowTrigger'].map(
		(t) => `n8n-nodes-base.${t}`,
	),
);

/** Every string in a node's parameters that n8n evaluates as an expression. */
function expressions(value: unknown, into: string[] = []): string[] {
	if (typeof value === 'string') {
		if (value.startsWith('=')) into.push(value);
	} else if (Array.isArray(value)) {
		for (const v of value) expressions(v, into);
	} else if (value && typeof value === 'object') {
		for (const v of Object.values(value)) expressions(v, into);
	}
	return into;
}

/** `$('Node').first()`, `.last()` and `.all()` in one expression: [node read, method], in order. */
export function wholeItemReads(expression: string): Array<[string, string]> {
	const reads: Array<[string, string]> = [];
	const call = /\$\('((?:[^'\\]|\\.)+)'\)\.(all|first|last)\(/g;
	for (let m = call.exec(expression); m; m = call.exec(expression))
		reads.push([m[1].replace(/\\'/g, "'"), `${m[2]}()`]);
	return reads;
}

/** Nodes reached by at most one item per execution, by their types and their inputs. */
export function singleItemNodes(workflow: Workflow): Set<string> {
	const inputs = parentsOf(workflow);
	const single = new Set<string>();
	for (let changed = true; changed;) {
		changed = false;
		for (const node of workflow.nodes) {
			if (single.has(node.name)) continue;
			const from = [...(inputs.get(node.name) ?? [])];
			const isSingle =
				ONE_ITEM_TRIGGERS.has(node.type) ||
				(node.executeOnce === true && ONE_ITEM_WHEN_RUN_ONCE.has(node.type)) ||
				(ONE_IN_ONE_OUT.has(node.type) && from.length > 0 && from.every((f) => single.has(f)));
			if (isSingle) {
				single.add(node.name);
				changed = true;
			}
		}
	}
	return single;
}

/** [reading node, node read, method] for each copy of another node's item evaluated per item of many. */
export function perItemWholeReads(
	workflow: Workflow,
	boundedOutputs: ReadonlySet<string>,
): Array<[string, string, string]> {
	const single = singleItemNodes(workflow);
	const found: Array<[string, string, string]> = [];
	for (const node of workflow.nodes) {
		if (node.type === STICKY_TYPE) continue;
		if (node.executeOnce === true || single.has(node.name)) continue;
		const seen = new Set<string>();
		for (const expression of expressions(node.parameters))
			for (const [read, how] of wholeItemReads(expression)) {
				if (boundedOutputs.has(read) || seen.has(read)) continue;
				seen.add(read);
				found.push([node.name, read, how]);
			}
	}
	return found;
}
