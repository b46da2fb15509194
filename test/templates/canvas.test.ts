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
import {
	applyLayout,
	LAYOUT_STACK,
	OrderError,
	proposeLayout,
} from '../../harness/canvasAutoLayout';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const ports = templatePortCounter();

describe.each(files)('%s', (file) => {
	const json = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as CanvasWorkflow;

	it('draws no wire behind a node or through its name, no overlapping nodes or notes, no node cut by a note', () => {
		expect(canvasViolations(json, ports)).toEqual([]);
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
	it("orders a node's children as n8n's v1 order runs them: upper first, then left, then the later wired", () => {
		const fork = (a: [number, number], b: [number, number]) =>
			branchOrder(
				workflow(
					[
						['Start', 0, 0],
						['A', ...a],
						['B', ...b],
					],
					[
						['Start', 'A'],
						['Start', 'B'],
					],
				),
			);
		expect(fork([300, 0], [300, 1])).toEqual(['Start -> A, B']);
		expect(fork([300, 1], [300, 0])).toEqual(['Start -> B, A']);
		expect(fork([300, 0], [301, 0])).toEqual(['Start -> A, B']);
		expect(fork([301, 0], [300, 0])).toEqual(['Start -> B, A']);
		expect(fork([300, 0], [300, 0])).toEqual(['Start -> B, A']);
	});

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

/** What the layout tool writes: node positions and note sizes, by name. */
function geometry(w: CanvasWorkflow): Record<string, unknown> {
	return Object.fromEntries(
		w.nodes.map((n) => [
			n.name,
			n.type === STICKY_TYPE ? [n.position, n.parameters.width, n.parameters.height] : n.position,
		]),
	);
}

describe('the layout tool on the templates (scripts/layoutTemplates.ts)', () => {
	// The property behind the snapshot above: whatever the tool proposes, every node's children run
	// in the order they ran before. Each template is laid out here as the script would.
	it.each(files)(
		'%s: every node runs its branches in the same order after layout, and with no violation',
		(file) => {
			const json = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as CanvasWorkflow;
			const proposed = proposeLayout(json, ports, { stack: LAYOUT_STACK[file] });
			const laidOut = applyLayout(json, proposed);
			expect(branchOrder(laidOut)).toEqual(branchOrder(json));
			expect(proposed.violations).toEqual([]);
			// 01-07 are as the script last wrote them: running it again changes nothing.
			if (/^0[1-7]-/.test(file)) expect(geometry(laidOut)).toEqual(geometry(json));
		},
	);

	// A section note is a frame around its nodes, not a background for half the canvas: at most a
	// node's width spare either side of its nodes and the height of a name's two lines below them.
	it.each(files.filter((f) => /^0[1-7]-/.test(f)))(
		'%s: each section note holds its nodes snugly',
		(file) => {
			const json = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as CanvasWorkflow;
			const { boxes, labels, stickies } = layoutOf(json, ports);
			const spare: string[] = [];
			for (const [note, area] of stickies) {
				if (!note.startsWith('Section')) continue;
				const inside = [...boxes].filter(
					([, b]) =>
						b.x >= area.x &&
						b.y >= area.y &&
						b.x + b.width <= area.x + area.width &&
						b.y + b.height <= area.y + area.height,
				);
				if (inside.length === 0) {
					spare.push(`${note} holds no node`);
					continue;
				}
				const left = Math.min(...inside.map(([, b]) => b.x)) - area.x;
				const right = area.x + area.width - Math.max(...inside.map(([, b]) => b.x + b.width));
				const below =
					area.y +
					area.height -
					Math.max(...inside.map(([n]) => labels.get(n)!.y + labels.get(n)!.height));
				if (left > NODE_SIZE || right > NODE_SIZE || below > (2 * NODE_SIZE) / 3)
					spare.push(`${note}: ${left} px left, ${right} px right, ${below} px below`);
			}
			expect(spare).toEqual([]);
		},
	);

	// Oracle-free: scramble a template's positions (so sections, columns and sibling heights all
	// change) and the tool still keeps the scrambled order, or refuses; it never reorders.
	it.each([
		'01-happy-returns-intake.json',
		'07-month-end-close.json',
		'13-ledger-housekeeping.json',
	])(
		"%s with its nodes' positions shuffled: the order is kept or the layout refused, never changed; a second run changes nothing",
		(file) => {
			const json = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as CanvasWorkflow;
			let seed = 7;
			const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
			let kept = 0;
			for (let round = 0; round < 4; round++) {
				const spots = json.nodes.filter((n) => n.type !== STICKY_TYPE).map((n) => n.position);
				for (let i = spots.length - 1; i > 0; i--) {
					const j = Math.floor(random() * (i + 1));
					[spots[i], spots[j]] = [spots[j], spots[i]];
				}
				let k = 0;
				const shuffled: CanvasWorkflow = {
					...json,
					nodes: json.nodes.map((n) =>
						n.type === STICKY_TYPE ? n : { ...n, position: spots[k++] },
					),
				};
				try {
					const laidOut = applyLayout(shuffled, proposeLayout(shuffled, ports, { iterations: 0 }));
					expect(branchOrder(laidOut)).toEqual(branchOrder(shuffled));
					const again = applyLayout(laidOut, proposeLayout(laidOut, ports, { iterations: 0 }));
					expect(geometry(again)).toEqual(geometry(laidOut));
					kept += 1;
				} catch (error) {
					expect(error).toBeInstanceOf(OrderError);
				}
			}
			expect(kept).toBeGreaterThan(0);
		},
	);

	it('refuses a layout whose stacked section would have to run both before and after another', () => {
		// Fork's first child sits in Side; stacking Side under Main would put it below Fork's second
		// child in Main, which runs after it.
		const note = (name: string, x: number, y: number, width: number, height: number) =>
			[name, x, y, STICKY_TYPE, { width, height, content: `### ${name}` }] as [
				string,
				number,
				number,
				string,
				Record<string, unknown>,
			];
		const forked = workflow(
			[
				note('Section: Main', 0, 0, 900, 500),
				note('Section: Side', 950, 0, 400, 300),
				['Start', 40, 100],
				['Fork', 300, 100],
				['First', 1000, 100],
				['Second', 560, 300],
			],
			[
				['Start', 'Fork'],
				['Fork', 'First'],
				['Fork', 'Second'],
			],
		);
		expect(branchOrder(forked)).toEqual(['Fork -> First, Second']);
		const beside = applyLayout(forked, proposeLayout(forked, ports));
		expect(branchOrder(beside)).toEqual(['Fork -> First, Second']);
		expect(() => proposeLayout(forked, ports, { stack: ['Section: Side'] })).toThrow(OrderError);
	});
});
