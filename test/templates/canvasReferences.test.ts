/**
 * A node that reads another node's output by name (`$('Node')` in an expression or a Code node)
 * sees it only if that node has run before it in the same execution. An ancestor on the wires
 * always has; any other node has run only if n8n's v1 order happens to run its branch first, and
 * that order comes from canvas positions (siblings top to bottom, see siblingOrders in
 * harness/canvasLayout.ts). Such references are listed here with the reason they hold, and each
 * is checked against the order the canvas gives, so moving a node cannot quietly break one and a
 * new one cannot be added unseen.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import {
	parentsOf,
	siblingOrders,
	STICKY_TYPE,
	type CanvasWorkflow,
} from '../../harness/canvasLayout';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();

/** [template, reading node, node read]: why it holds. */
const ALLOWED: Array<[string, string, string, string]> = [
	[
		'04-nightly-reconciliation.json',
		'Live orders',
		'Order numbers of the new refunds',
		"'Which part of the night?' runs its branches top to bottom: 'New storefront refunds' (and its child 'Order numbers of the new refunds') before 'Event ledger', whose branch leads to 'Live orders'",
	],
	[
		'04-nightly-reconciliation.json',
		'Night parts',
		'Keep each slice',
		"'Which part of the night?' runs its branches top to bottom: 'Window slices' (whose branch leads to 'Keep each slice') before 'Pool: ledger, no order', whose branch leads to 'Night parts'",
	],
	[
		'04-nightly-reconciliation.json',
		'Slice kept',
		'Order numbers of the new refunds',
		"'Which part of the night?' runs its branches top to bottom: 'New storefront refunds' (and its child 'Order numbers of the new refunds') before 'Slice kept' (which reads it only if it ran: a slice with no new credit note has none)",
	],
	[
		'04-nightly-reconciliation.json',
		'Part result',
		'One alert message',
		"'Reconcile' runs its branches top to bottom: 'New and urgent', whose branch leads to 'One alert message', before 'Nightly summary', whose branch leads to 'Part result' (which reads it only if it ran: a part with no new urgent exception has none)",
	],
	[
		'10-amazon-settlement-cycle.json',
		'Rows these settlements no longer raise',
		'Settlement summaries',
		"'Download settlement' runs 'Settlement summaries' before 'Cycle refunds', whose branch leads to the reader",
	],
	[
		'10-amazon-settlement-cycle.json',
		'Cycle reports',
		'Settlement summaries',
		"'Download settlement' runs 'Settlement summaries' before 'Cycle refunds', whose branch leads to the reader",
	],
];

type Template = CanvasWorkflow & {
	nodes: Array<CanvasWorkflow['nodes'][number] & { disabled?: boolean }>;
};

/** Names read by `$('X')`, `$("X")`, `$node['X']` / `$node["X"]` or `$items('X')` in any parameter. */
function namesRead(parameters: unknown): string[] {
	const text = JSON.stringify(parameters ?? {}).replace(/\\"/g, '"');
	const found = new Set<string>();
	for (const pattern of [
		/\$\(\s*(['"`])(.+?)\1\s*\)/g,
		/\$node\[\s*(['"])(.+?)\1\s*\]/g,
		/\$items\(\s*(['"])(.+?)\1/g,
	])
		for (const match of text.matchAll(pattern)) found.add(match[2]);
	return [...found];
}

function ancestorsOf(name: string, parents: Map<string, Set<string>>): Set<string> {
	const seen = new Set<string>();
	const stack = [name];
	while (stack.length > 0)
		for (const parent of parents.get(stack.pop()!) ?? [])
			if (!seen.has(parent)) {
				seen.add(parent);
				stack.push(parent);
			}
	return seen;
}

/** Every `$('X')` whose X is not an ancestor of the node reading it, as [reader, X]. */
function nonAncestorReads(workflow: Template): Array<[string, string]> {
	const parents = parentsOf(workflow);
	const out: Array<[string, string]> = [];
	for (const node of workflow.nodes) {
		if (node.type === STICKY_TYPE) continue;
		const ancestors = ancestorsOf(node.name, parents);
		for (const read of namesRead(node.parameters))
			if (read !== node.name && !ancestors.has(read)) out.push([node.name, read]);
	}
	return out;
}

/**
 * The order nodes first run in one execution from a trigger under n8n's v1 order, every output
 * taken: a node's children go on the front of the stack sorted by canvas position, so each branch
 * runs to its end before the next sibling (WorkflowExecute, see siblingOrders). A node with
 * several parents counts from its first run.
 */
function runOrder(workflow: Template, trigger: string): string[] {
	const children = new Map(siblingOrders(workflow).map((s) => [s.parent, s.children]));
	for (const [from, byType] of Object.entries(workflow.connections))
		if (!children.has(from)) {
			const only = [...new Set((byType.main ?? []).flatMap((t) => (t ?? []).map((w) => w.node)))];
			children.set(from, only);
		}
	const ran: string[] = [];
	const stack = [trigger];
	while (stack.length > 0) {
		const node = stack.shift()!;
		if (ran.includes(node)) continue;
		ran.push(node);
		stack.unshift(...(children.get(node) ?? []));
	}
	return ran;
}

describe.each(files)('%s', (file) => {
	const workflow = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Template;
	const allowed = ALLOWED.filter(([f]) => f === file);

	it("reads by $('<node>') only from ancestors, or from a node listed here that its canvas order runs first", () => {
		const reads = nonAncestorReads(workflow).map(([reader, read]) => `${reader} reads ${read}`);
		expect(reads.sort()).toEqual(
			allowed.map(([, reader, read]) => `${reader} reads ${read}`).sort(),
		);
	});
});

describe.each(ALLOWED.map(([file, reader, read]) => [file, reader, read]))(
	'%s',
	(file, reader, read) => {
		const workflow = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Template;
		it(`"${reader}" runs after "${read}" in every execution that reaches it`, () => {
			const parents = parentsOf(workflow);
			const triggers = workflow.nodes
				.filter((n) => n.type !== STICKY_TYPE && !parents.has(n.name))
				.map((n) => n.name)
				.filter((t) => runOrder(workflow, t).includes(reader));
			expect(triggers.length).toBeGreaterThan(0);
			for (const trigger of triggers) {
				const order = runOrder(workflow, trigger);
				expect({
					trigger,
					readBeforeReader: order.indexOf(read) >= 0 && order.indexOf(read) < order.indexOf(reader),
				}).toEqual({ trigger, readBeforeReader: true });
			}
		});
	},
);

describe('the reference check (both sides)', () => {
	const node = (name: string, y: number, parameters: Record<string, unknown> = {}) => ({
		name,
		type: 'n8n-nodes-base.noOp',
		position: [0, y] as [number, number],
		parameters,
	});
	// Start branches to A and B; B reads A, which is not its ancestor.
	const fork = (aY: number, bY: number): Template => ({
		nodes: [node('Start', 0), node('A', aY), node('B', bY, { value: "={{ $('A').item.json.x }}" })],
		connections: {
			Start: {
				main: [
					[
						{ node: 'A', type: 'main', index: 0 },
						{ node: 'B', type: 'main', index: 0 },
					],
				],
			},
		},
	});

	it('finds a read of a sibling branch, in either quoting, and not a read of an ancestor', () => {
		expect(nonAncestorReads(fork(0, 200))).toEqual([['B', 'A']]);
		expect(namesRead({ code: 'const x = $("A").first(); const y = $node["C"].json;' })).toEqual([
			'A',
			'C',
		]);
		const chain = fork(0, 200);
		chain.connections = {
			Start: { main: [[{ node: 'A', type: 'main', index: 0 }]] },
			A: { main: [[{ node: 'B', type: 'main', index: 0 }]] },
		};
		expect(nonAncestorReads(chain)).toEqual([]);
	});

	it('runs the upper sibling branch first: B after A when A is above, before it when below', () => {
		expect(runOrder(fork(0, 200), 'Start')).toEqual(['Start', 'A', 'B']);
		expect(runOrder(fork(200, 0), 'Start')).toEqual(['Start', 'B', 'A']);
	});
});
