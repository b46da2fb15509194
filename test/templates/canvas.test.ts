/**
 * Every template's canvas reads as it runs: no wire drawn behind a node it does not connect or
 * through that node's name, no two nodes on top of each other, no node cut by a note's edge, no
 * note on top of another. Computed from node positions and connections the way n8n's editor draws
 * them (harness/canvasLayout.ts cites the editor source for node sizes, handles and wire routing);
 * the browser walk of `npm run test:n8n` shows the same canvases rendered.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import {
	branchOrder,
	canvasViolations,
	layoutOf,
	NODE_SIZE,
	STICKY_TYPE,
	type CanvasNode,
	type CanvasWorkflow,
} from '../../harness/canvasLayout';
import { templatePortCounter } from '../../harness/canvasPorts';
import { applyLayout, proposeLayout } from '../../harness/canvasAutoLayout';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const ports = templatePortCounter();

/**
 * Violations in templates 01-07, which still need re-laying out by their sections. A re-layout
 * must keep each node's branch order (see "runs sibling branches in the order" below): n8n runs a
 * node's branches top to bottom, so positions are part of what a template does, and a layout that
 * moved 04's ledger read above its Amazon and Centra reads made 04 fail. A violation not listed
 * here fails the test, so the list can only shrink; 00 and 08-13 have none.
 */
const KNOWN: Array<[string, string]> = [
	[
		'01-happy-returns-intake.json',
		'node "Other events recorded" sits on the edge of note "Section: Route"',
	],
	['01-happy-returns-intake.json', 'notes "Routing" and "Section: Route" overlap'],
	['02-return-bar-drop-off.json', 'node "Amazon order?" sits on the edge of note "Section: Start"'],
	[
		'02-return-bar-drop-off.json',
		'node "Drop the repeated refund claim" sits on the edge of note "Section: Refund policy"',
	],
	['02-return-bar-drop-off.json', 'notes "Section: Start" and "Section: Refund policy" overlap'],
	['02-return-bar-drop-off.json', 'notes "Section: Start" and "Section: Stock and note" overlap'],
	['02-return-bar-drop-off.json', 'notes "Setup" and "Section: Start" overlap'],
	['02-return-bar-drop-off.json', 'notes "Setup" and "Section: Stock and note" overlap'],
	[
		'02-return-bar-drop-off.json',
		'wire "Drop the repeated exchange claim"[0] -> "Mark processed (exchange)" passes behind node "Keep one exchange claim row"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Exchange at drop-off?"[1] -> "Mark processed (exchange)" passes behind node "Earliest exchange claim"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Exchange at drop-off?"[1] -> "Mark processed (exchange)" passes behind node "Exchange order at drop-off"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Exchange at drop-off?"[1] -> "Mark processed (exchange)" passes behind node "First exchange claim?"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Exchange at drop-off?"[1] -> "Mark processed (exchange)" passes behind node "Record exchange claim"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Refund paid or pending?"[0] -> "Drop-offs of this return" passes behind node "Refund not paid"',
	],
	[
		'02-return-bar-drop-off.json',
		'wire "Refund paid or pending?"[0] -> "Refund claim done" passes behind node "Refund not paid"',
	],
	[
		'03-warehouse-processing.json',
		'nodes "Note: processed (Amazon order)" and "Receipt held as exception" overlap',
	],
	[
		'03-warehouse-processing.json',
		'nodes "Unmapped disposition: register" and "Amazon order" overlap',
	],
	[
		'03-warehouse-processing.json',
		'wire "Credit this unit?"[0] -> "Amazon order" passes behind node "Not an Amazon order"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Credit this unit?"[1] -> "Investigate: register" passes behind node "Not an Amazon order"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Credit this unit?"[1] -> "Investigate: register" passes through the name of "Unmapped disposition: register"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Not an Amazon order"[0] -> "Exchange requested" passes through the name of "Investigate: register"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Receipt names an exchange?"[0] -> "Exchange to create" passes through the name of "Receipt processed (Amazon order)"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Refund paid or pending?"[0] -> "Keep one refund claim row" passes behind node "Refund not paid"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Refund paid or pending?"[0] -> "Refund claim done" passes through the name of "Refund not paid"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Replayed?"[0] -> "Claimed receipt" passes behind node "Earliest receipt of this unit"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Replayed?"[0] -> "Claimed receipt" passes behind node "First receipt?"',
	],
	[
		'03-warehouse-processing.json',
		'wire "Replayed?"[0] -> "Claimed receipt" passes behind node "Record receipt"',
	],
	[
		'03-warehouse-processing.json',
		'wire "When replayed"[0] -> "Settings" passes behind node "Receipt time"',
	],
	[
		'04-nightly-reconciliation.json',
		'node "Mark the run complete" sits on the edge of note "Section: Reconcile and keep the register"',
	],
	[
		'04-nightly-reconciliation.json',
		'node "Register: refresh open" sits on the edge of note "Section: Alert"',
	],
	[
		'04-nightly-reconciliation.json',
		'node "Unexpected change: stop" sits on the edge of note "Section: Alert"',
	],
	['04-nightly-reconciliation.json', 'nodes "New and urgent" and "Register: reopen" overlap'],
	[
		'04-nightly-reconciliation.json',
		'nodes "Nightly summary" and "Unregistered unmapped codes" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Register: clear remapped" and "Mark the run complete" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Register: close resolved" and "New and urgent" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Register: reopen" and "Unexpected change: stop" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Register: unmapped code" and "Register: clear remapped" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Unmapped codes to register" and "Codes now mapped" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'nodes "Unregistered unmapped codes" and "Codes mapped now" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'notes "Register" and "Section: Reconcile and keep the register" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'notes "Section: Reconcile and keep the register" and "Section: Alert" overlap',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Live hub shipment lines"[0] -> "Reconcile" passes behind node "One item per order line"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Live receipts"[0] -> "Reconcile" passes behind node "One item per order line"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Live register"[0] -> "Reconcile" passes through the name of "All refunds"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "New, open or resolved?"[4] -> "Unexpected change: stop" passes through the name of "Register: reopen"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Nightly summary"[0] -> "Codes now mapped" passes through the name of "Unmapped codes to register"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Nightly summary"[0] -> "Mark the run complete" passes behind node "Register: clear remapped"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "Nightly summary"[0] -> "Mark the run complete" passes behind node "Register: unmapped code"',
	],
	[
		'04-nightly-reconciliation.json',
		'wire "One item per movement line"[0] -> "Reconcile" passes behind node "One item per order line"',
	],
	['05-lost-in-transit.json', 'node "Find lost boxes" sits on the edge of note "Section: Read"'],
	[
		'05-lost-in-transit.json',
		'node "One item per order line" sits on the edge of note "Section: Find lost boxes and keep the register"',
	],
	['05-lost-in-transit.json', 'nodes "Claim lines" and "Register: reopen" overlap'],
	['05-lost-in-transit.json', 'nodes "Claim lines" and "Unexpected change: stop" overlap'],
	['05-lost-in-transit.json', 'nodes "Register: reopen" and "Unexpected change: stop" overlap'],
	[
		'05-lost-in-transit.json',
		'notes "Section: Find lost boxes and keep the register" and "Section: Carrier claims" overlap',
	],
	[
		'05-lost-in-transit.json',
		'notes "Section: Read" and "Section: Find lost boxes and keep the register" overlap',
	],
	[
		'05-lost-in-transit.json',
		'wire "Claim lines"[0] -> "Claim report" passes behind node "Unexpected change: stop"',
	],
	[
		'05-lost-in-transit.json',
		'wire "New, open or resolved?"[4] -> "Unexpected change: stop" passes behind node "Claim lines"',
	],
	[
		'05-lost-in-transit.json',
		'wire "New, open or resolved?"[4] -> "Unexpected change: stop" passes through the name of "Register: reopen"',
	],
	[
		'05-lost-in-transit.json',
		'wire "Shipment manifest"[0] -> "Find lost boxes" passes behind node "Centra order numbers"',
	],
	[
		'05-lost-in-transit.json',
		'wire "Shipment manifest"[0] -> "Find lost boxes" passes behind node "Each order once"',
	],
	[
		'06-stock-movement-monitor.json',
		'node "One item per kept movement line" sits on the edge of note "Section: Read"',
	],
	[
		'06-stock-movement-monitor.json',
		'node "Register: close resolved" sits on the edge of note "Section: Alert"',
	],
	['06-stock-movement-monitor.json', 'nodes "New and urgent" and "Register: reopen" overlap'],
	[
		'06-stock-movement-monitor.json',
		'nodes "New and urgent" and "Unexpected change: stop" overlap',
	],
	[
		'06-stock-movement-monitor.json',
		'nodes "Register: reopen" and "Unexpected change: stop" overlap',
	],
	[
		'06-stock-movement-monitor.json',
		'notes "Section: Check and keep the register" and "Section: Alert" overlap',
	],
	[
		'06-stock-movement-monitor.json',
		'wire "Check stock movements"[0] -> "New and urgent" passes behind node "Register: reopen"',
	],
	[
		'06-stock-movement-monitor.json',
		'wire "New, open or resolved?"[4] -> "Unexpected change: stop" passes through the name of "Register: reopen"',
	],
	['07-month-end-close.json', 'notes "Setup" and "Section: Start" overlap'],
];

describe.each(files)('%s', (file) => {
	const json = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as CanvasWorkflow;

	it('draws no wire behind a node or through its name, no overlapping nodes or notes, no node cut by a note', () => {
		const known = new Set(KNOWN.filter(([f]) => f === file).map(([, v]) => v));
		const found = canvasViolations(json, ports);
		expect(found.filter((v) => !known.has(v))).toEqual([]);
	});

	// n8n's v1 execution order (the templates' setting) runs the branches leaving a node one after
	// another, the topmost first, then the leftmost (https://docs.n8n.io/flow-logic/execution-order/):
	// moving a node can change what a template does (a read before a write, a claim kept before it
	// is released). The order is kept in a snapshot, so a layout change that reorders is seen.
	it('runs sibling branches in the order its canvas has always given them', () => {
		expect(branchOrder(json)).toMatchSnapshot();
	});

	it('shows under each Execute Workflow node the name of the workflow it runs, not its id', () => {
		// n8n's subtitle for the node prints the link's value (an id, new after every import); a
		// node's note shown in the flow replaces the subtitle (getNodeSubtitle in editor-ui's
		// useNodeHelpers, https://github.com/n8n-io/n8n/tree/master/packages/frontend/editor-ui).
		const calls = json.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow') as Array<
			CanvasNode & { notes?: string; notesInFlow?: boolean }
		>;
		for (const node of calls) {
			const link = node.parameters.workflowId as { cachedResultName: string };
			expect({ node: node.name, notes: node.notes, notesInFlow: node.notesInFlow }).toEqual({
				node: node.name,
				notes: `Workflow: ${link.cachedResultName}`,
				notesInFlow: true,
			});
		}
	});
});

it('keeps known violations only for templates 01-07', () => {
	expect(KNOWN.filter(([file]) => !/^0[1-7]-/.test(file))).toEqual([]);
	expect(KNOWN.every(([file]) => files.includes(file))).toBe(true);
});

const VERSIONS: Record<string, number> = {
	'n8n-nodes-base.switch': 3.2,
	'n8n-nodes-base.if': 2.2,
};

/** A tiny workflow: nodes by name at positions, wired as given. */
function workflow(
	nodes: Array<[string, number, number, string?, Record<string, unknown>?]>,
	wires: Array<[string, string, number?, number?]>,
): CanvasWorkflow {
	const connections: CanvasWorkflow['connections'] = {};
	for (const [from, to, output = 0, input = 0] of wires) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output]!.push({ node: to, type: 'main', index: input });
	}
	return {
		nodes: nodes.map(([name, x, y, type = 'n8n-nodes-base.noOp', parameters = {}]) => ({
			name,
			type,
			position: [x, y],
			parameters,
			typeVersion: VERSIONS[type] ?? 1,
		})) as CanvasNode[],
		connections,
	};
}

describe('the canvas model (both sides of each boundary)', () => {
	it('sizes nodes as the editor does: 96 px, taller by 32 px per main handle beyond two', () => {
		const fiveWays = {
			rules: { values: Array.from({ length: 4 }, () => ({ conditions: {} })) },
			options: { fallbackOutput: 'extra' },
		};
		const { boxes } = layoutOf(
			workflow(
				[
					['Plain', 0, 0],
					['Two-way', 0, 300, 'n8n-nodes-base.if'],
					['Five-way', 0, 600, 'n8n-nodes-base.switch', fiveWays],
				],
				[],
			),
			ports,
		);
		expect(boxes.get('Plain')).toEqual({ x: 0, y: 0, width: NODE_SIZE, height: NODE_SIZE });
		expect(boxes.get('Two-way')!.height).toBe(96);
		expect(boxes.get('Five-way')!.height).toBe(96 + 3 * 32);
	});

	it("counts a Switch's outputs from its rules and fallback, as the editor evaluates them", () => {
		const rules = (n: number) => ({
			rules: { values: Array.from({ length: n }, () => ({ conditions: {} })) },
			options: { fallbackOutput: 'extra' },
		});
		const node = (n: number): CanvasNode =>
			({
				name: 'Route',
				type: 'n8n-nodes-base.switch',
				typeVersion: 3.2,
				position: [0, 0],
				parameters: rules(n),
			}) as CanvasNode;
		expect(ports(node(2)).outputs).toBe(3);
		expect(ports(node(4)).outputs).toBe(5);
	});

	it('a straight wire through a node between its ends is caught; one that only touches its edge is not', () => {
		// A at y 0: the wire runs at y 48 (the middle of a 96 px box).
		const through = workflow(
			[
				['A', 0, 0],
				['Between', 224, 0],
				['B', 448, 0],
			],
			[['A', 'B']],
		);
		expect(canvasViolations(through, ports)).toContain(
			'wire "A"[0] -> "B" passes behind node "Between"',
		);
		const touching = workflow(
			[
				['A', 0, 0],
				['Between', 224, 48],
				['B', 448, 0],
			],
			[['A', 'B']],
		);
		expect(canvasViolations(touching, ports)).not.toContain(
			'wire "A"[0] -> "B" passes behind node "Between"',
		);
		const oneAbove = workflow(
			[
				['A', 0, 0],
				['Between', 224, 47],
				['B', 448, 0],
			],
			[['A', 'B']],
		);
		expect(canvasViolations(oneAbove, ports)).toContain(
			'wire "A"[0] -> "B" passes behind node "Between"',
		);
	});

	it('a wire through the name under a node is caught; one passing below the name is not', () => {
		const named = (y: number) =>
			workflow(
				[
					['A', 0, y],
					['A node with a name', 224, 0],
					['B', 448, y],
				],
				[['A', 'B']],
			);
		// The name sits 8 px under the 96 px box, one 18 px line: y 104 to 122.
		expect(canvasViolations(named(104 - 48 + 5), ports)).toContain(
			'wire "A"[0] -> "B" passes through the name of "A node with a name"',
		);
		expect(canvasViolations(named(122 - 48 + 1), ports)).toEqual([]);
	});

	it('a backward wire loops 130 px below its source: a node in the loop is caught, one below it is not', () => {
		const loop = (y: number) =>
			workflow(
				[
					['Start', 0, 0],
					['Back', 448, 0],
					['Under', 224, y],
				],
				[['Back', 'Start']],
			);
		// Source handle at y 48, the loop runs at y 178.
		expect(canvasViolations(loop(150), ports)).toContain(
			'wire "Back"[0] -> "Start" passes behind node "Under"',
		);
		expect(canvasViolations(loop(179), ports)).toEqual([]);
	});

	it('nodes overlap when their boxes do (96 px apart side by side is clear)', () => {
		expect(
			canvasViolations(
				workflow(
					[
						['A', 0, 0],
						['B', 95, 0],
					],
					[],
				),
				ports,
			),
		).toEqual(['nodes "A" and "B" overlap']);
		expect(
			canvasViolations(
				workflow(
					[
						['A', 0, 0],
						['B', 96, 0],
					],
					[],
				),
				ports,
			),
		).toEqual([]);
	});

	it('a node half inside a note and two overlapping notes are caught; a node wholly inside is not', () => {
		const note = (name: string, x: number, y: number, width: number, height: number) =>
			[name, x, y, STICKY_TYPE, { width, height }] as [
				string,
				number,
				number,
				string,
				Record<string, unknown>,
			];
		expect(
			canvasViolations(workflow([note('Section', 0, 0, 400, 300), ['A', 40, 100]], []), ports),
		).toEqual([]);
		expect(
			canvasViolations(workflow([note('Section', 0, 0, 400, 300), ['A', 350, 100]], []), ports),
		).toEqual(['node "A" sits on the edge of note "Section"']);
		expect(
			canvasViolations(
				workflow([note('One', 0, 0, 400, 300), note('Two', 399, 0, 400, 300)], []),
				ports,
			),
		).toEqual(['notes "One" and "Two" overlap']);
		expect(
			canvasViolations(
				workflow([note('One', 0, 0, 400, 300), note('Two', 400, 0, 400, 300)], []),
				ports,
			),
		).toEqual([]);
	});
});

describe('the layout proposer (harness/canvasAutoLayout.ts)', () => {
	const note = (name: string, x: number, y: number, width: number, height: number) =>
		[name, x, y, STICKY_TYPE, { width, height, content: `### ${name}\nWhat it does.` }] as [
			string,
			number,
			number,
			string,
			Record<string, unknown>,
		];
	// Two overlapping sections, nodes piled on each other, a wire behind a node: a tangle.
	const tangle = workflow(
		[
			note('Section: Start', 0, 0, 600, 400),
			note('Section: Work', 300, 0, 900, 400),
			['Trigger', 40, 100],
			['Settings', 40, 100],
			['Split', 620, 120, 'n8n-nodes-base.if'],
			['Left', 740, 120],
			['Right', 760, 140],
			['Join', 1000, 120],
		],
		[
			['Trigger', 'Settings'],
			['Settings', 'Split'],
			['Split', 'Left', 0],
			['Split', 'Right', 1],
			['Left', 'Join'],
			['Right', 'Join'],
			['Settings', 'Join'],
		],
	);

	it('untangles it: no violation left, every node wholly inside the note it sat in, reading left to right', () => {
		expect(canvasViolations(tangle, ports).length).toBeGreaterThan(0);
		const laidOut = applyLayout(tangle, proposeLayout(tangle, ports));
		expect(canvasViolations(laidOut, ports)).toEqual([]);
		const { boxes, stickies } = layoutOf(laidOut, ports);
		const within = (node: string, section: string) => {
			const [b, s] = [boxes.get(node)!, stickies.get(section)!];
			return (
				b.x >= s.x &&
				b.y >= s.y &&
				b.x + b.width <= s.x + s.width &&
				b.y + b.height <= s.y + s.height
			);
		};
		expect(['Trigger', 'Settings'].every((n) => within(n, 'Section: Start'))).toBe(true);
		expect(['Split', 'Left', 'Right', 'Join'].every((n) => within(n, 'Section: Work'))).toBe(true);
		const x = (n: string) => boxes.get(n)!.x;
		expect(x('Trigger') < x('Settings') && x('Settings') < x('Split')).toBe(true);
		expect(x('Split') < x('Left') && x('Left') < x('Join')).toBe(true);
	});

	it('changes nothing but positions and note sizes', () => {
		const laidOut = applyLayout(tangle, proposeLayout(tangle, ports));
		const strip = (w: CanvasWorkflow) =>
			w.nodes.map(({ position: _p, parameters: { width: _w, height: _h, ...rest }, ...node }) => ({
				...node,
				parameters: rest,
			}));
		expect(strip(laidOut)).toEqual(strip(tangle));
		expect(laidOut.connections).toEqual(tangle.connections);
	});
});
