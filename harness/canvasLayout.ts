/**
 * A template's canvas as n8n's editor draws it, computed from node positions and connections: the
 * box of every node, where each wire runs, and what a reader would see wrongly (a wire behind a
 * node or through its name, nodes on top of each other, a node cut by a section note's edge).
 *
 * Sizes and routing follow n8n's canvas (editor-ui, Vue Flow), read from its public source:
 * - node box: `calculateNodeSize` and `DEFAULT_NODE_SIZE` in
 *   https://github.com/n8n-io/n8n/blob/master/packages/frontend/editor-ui/src/utils/nodeViewUtils.ts
 *   (GRID_SIZE 16; a node is 6x6 grid cells, 96 px, and grows by two cells per main handle beyond
 *   two on its busier side); the position is the box's top-left corner (Vue Flow's node origin).
 * - handles: main inputs on the left edge, main outputs on the right, handle i of n at
 *   (i + 1) / (n + 1) of the height (`createEndpointMappingFn` in CanvasNode.vue, same package).
 * - wires: `getEdgeRenderData` (canvas/components/elements/edges/utils): a forward wire is Vue
 *   Flow's `getBezierPath` (curvature 0.25, horizontal control points); a wire whose target lies
 *   more than the handle size (20 px) left of its source is drawn as two smooth steps dropping
 *   130 px below the source and turning 40 px outside each handle. The steps are modelled as
 *   straight segments (their 16 px corner rounding ignored: it only cuts corners inward).
 * - the name under a node: CanvasNodeDefault.vue centres it below the box, at most twice the
 *   node's width. Its text width is estimated (about 7 px a character at the canvas' label size,
 *   two lines at most); the browser walk is the check that measures real glyphs.
 * Sticky notes are backgrounds (drawn behind everything), so wires may cross them; their size is
 * the note's width/height parameters (defaults 240 x 160, DEFAULT_STICKY_WIDTH/HEIGHT in
 * editor-ui's constants).
 */

export const GRID_SIZE = 16;
export const NODE_SIZE = GRID_SIZE * 6;
const HANDLE_SIZE = 20;
const BACKWARD_DROP = 130;
const BACKWARD_TURN = 40;
const CURVATURE = 0.25;
const LABEL_GAP = 8;
const LABEL_CHAR_WIDTH = 7;
const LABEL_LINE_HEIGHT = 18;
export const STICKY_DEFAULT = { width: 240, height: 160 };
export const STICKY_TYPE = 'n8n-nodes-base.stickyNote';

export interface CanvasNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
}

export interface CanvasWorkflow {
	nodes: CanvasNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }> | null>>
	>;
}

/** The nodes wired into each node, on any connection type: a workflow's parents by node name. */
export function parentsOf(workflow: {
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null> | undefined>>;
}): Map<string, Set<string>> {
	const parents = new Map<string, Set<string>>();
	for (const [from, byType] of Object.entries(workflow.connections))
		for (const outputs of Object.values(byType))
			for (const targets of outputs ?? [])
				for (const target of targets ?? []) {
					if (!parents.has(target.node)) parents.set(target.node, new Set());
					parents.get(target.node)!.add(from);
				}
	return parents;
}

/** How many main inputs and outputs the editor draws for a node (from its type's description). */
export type PortCounter = (node: CanvasNode) => { inputs: number; outputs: number };

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

type Point = [number, number];

export interface Wire {
	from: string;
	output: number;
	to: string;
	input: number;
	/** The drawn path as a polyline (the bezier sampled finely). */
	points: Point[];
}

export function nodeBox(node: CanvasNode, ports: { inputs: number; outputs: number }): Rect {
	const busiest = Math.max(ports.inputs, ports.outputs, 1);
	return {
		x: node.position[0],
		y: node.position[1],
		width: NODE_SIZE,
		height: NODE_SIZE + Math.max(0, busiest - 2) * GRID_SIZE * 2,
	};
}

/** The area the node's name takes under its box (estimated; see the header). */
export function labelBox(node: CanvasNode, box: Rect): Rect {
	const maxWidth = NODE_SIZE * 2;
	const textWidth = node.name.length * LABEL_CHAR_WIDTH;
	const lines = Math.min(2, Math.ceil(textWidth / maxWidth));
	const width = Math.min(maxWidth, textWidth);
	return {
		x: box.x + box.width / 2 - width / 2,
		y: box.y + box.height + LABEL_GAP,
		width,
		height: lines * LABEL_LINE_HEIGHT,
	};
}

export function stickyBox(node: CanvasNode): Rect {
	const { width, height } = node.parameters as { width?: number; height?: number };
	return {
		x: node.position[0],
		y: node.position[1],
		width: width ?? STICKY_DEFAULT.width,
		height: height ?? STICKY_DEFAULT.height,
	};
}

function controlOffset(distance: number): number {
	return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

function bezier(source: Point, target: Point): Point[] {
	const [sx, sy] = source;
	const [tx, ty] = target;
	const c1: Point = [sx + controlOffset(tx - sx), sy];
	const c2: Point = [tx - controlOffset(tx - sx), ty];
	const points: Point[] = [];
	const steps = 64;
	for (let i = 0; i <= steps; i++) {
		const t = i / steps;
		const u = 1 - t;
		const a = u * u * u;
		const b = 3 * u * u * t;
		const c = 3 * u * t * t;
		const d = t * t * t;
		points.push([a * sx + b * c1[0] + c * c2[0] + d * tx, a * sy + b * c1[1] + c * c2[1] + d * ty]);
	}
	return points;
}

function backward(source: Point, target: Point): Point[] {
	const [sx, sy] = source;
	const [tx, ty] = target;
	const midX = (sx + tx) / 2;
	const lowY = sy + BACKWARD_DROP;
	return [
		[sx, sy],
		[sx + BACKWARD_TURN, sy],
		[sx + BACKWARD_TURN, lowY],
		[midX, lowY],
		[tx - BACKWARD_TURN, lowY],
		[tx - BACKWARD_TURN, ty],
		[tx, ty],
	];
}

export function wirePath(source: Point, target: Point): Point[] {
	return source[0] - HANDLE_SIZE > target[0] ? backward(source, target) : bezier(source, target);
}

/** Whether the segment p-q passes through the inside of r (touching its edge does not count). */
export function segmentCrosses(p: Point, q: Point, r: Rect): boolean {
	// Liang-Barsky clipping against the open rectangle.
	const dx = q[0] - p[0];
	const dy = q[1] - p[1];
	const range = { t0: 0, t1: 1 };
	return (
		clip(-dx, p[0] - r.x, range) &&
		clip(dx, r.x + r.width - p[0], range) &&
		clip(-dy, p[1] - r.y, range) &&
		clip(dy, r.y + r.height - p[1], range) &&
		range.t1 - range.t0 > 1e-9
	);
}

/** One Liang-Barsky edge: narrows the segment's inside range; false when nothing is left. */
function clip(pe: number, qe: number, range: { t0: number; t1: number }): boolean {
	if (pe === 0) return qe > 0;
	const t = qe / pe;
	if (pe < 0) range.t0 = Math.max(range.t0, t);
	else range.t1 = Math.min(range.t1, t);
	return range.t0 < range.t1;
}

/** The smallest rectangle holding a path (a quick test before the segments). */
function boundsOf(points: Point[]): Rect {
	const xs = points.map((p) => p[0]);
	const ys = points.map((p) => p[1]);
	const [x, y] = [Math.min(...xs), Math.min(...ys)];
	return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function pathCrosses(points: Point[], r: Rect, bounds = boundsOf(points)): boolean {
	if (
		bounds.x > r.x + r.width ||
		r.x > bounds.x + bounds.width ||
		bounds.y > r.y + r.height ||
		r.y > bounds.y + bounds.height
	)
		return false;
	for (let i = 1; i < points.length; i++)
		if (segmentCrosses(points[i - 1], points[i], r)) return true;
	return false;
}

function overlaps(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function contains(outer: Rect, inner: Rect): boolean {
	return (
		inner.x >= outer.x &&
		inner.y >= outer.y &&
		inner.x + inner.width <= outer.x + outer.width &&
		inner.y + inner.height <= outer.y + outer.height
	);
}

export interface CanvasLayout {
	boxes: Map<string, Rect>;
	labels: Map<string, Rect>;
	stickies: Map<string, Rect>;
	wires: Wire[];
}

export function layoutOf(workflow: CanvasWorkflow, portsOf: PortCounter): CanvasLayout {
	const boxes = new Map<string, Rect>();
	const labels = new Map<string, Rect>();
	const stickies = new Map<string, Rect>();
	const ports = new Map<string, { inputs: number; outputs: number }>();
	for (const node of workflow.nodes) {
		if (node.type === STICKY_TYPE) {
			stickies.set(node.name, stickyBox(node));
			continue;
		}
		const counted = portsOf(node);
		ports.set(node.name, counted);
		const box = nodeBox(node, counted);
		boxes.set(node.name, box);
		labels.set(node.name, labelBox(node, box));
	}
	const wires: Wire[] = [];
	for (const [from, byType] of Object.entries(workflow.connections)) {
		const sourceBox = boxes.get(from);
		if (!sourceBox) continue;
		(byType.main ?? []).forEach((targets, output) => {
			for (const target of targets ?? []) {
				const targetBox = boxes.get(target.node);
				if (!targetBox) continue;
				const outputs = ports.get(from)!.outputs;
				const inputs = ports.get(target.node)!.inputs;
				const source: Point = [
					sourceBox.x + sourceBox.width,
					sourceBox.y + (sourceBox.height * (output + 1)) / (outputs + 1),
				];
				const end: Point = [
					targetBox.x,
					targetBox.y + (targetBox.height * (target.index + 1)) / (inputs + 1),
				];
				wires.push({
					from,
					output,
					to: target.node,
					input: target.index,
					points: wirePath(source, end),
				});
			}
		});
	}
	return { boxes, labels, stickies, wires };
}

/**
 * What a reader of the canvas would misread, one sentence each (stable, so a list of known ones can
 * be kept): a wire through a node it does not connect, or through such a node's name; two nodes
 * (boxes or names) on top of each other; a node half inside a note; two notes on top of each other
 * (a section inside another reads as one).
 */
export function canvasViolations(workflow: CanvasWorkflow, portsOf: PortCounter): string[] {
	const { boxes, labels, stickies, wires } = layoutOf(workflow, portsOf);
	const found = new Set<string>();
	for (const wire of wires) {
		const name = `wire "${wire.from}"[${wire.output}] -> "${wire.to}"`;
		const bounds = boundsOf(wire.points);
		for (const [node, box] of boxes) {
			if (node === wire.from || node === wire.to) continue;
			if (pathCrosses(wire.points, box, bounds)) found.add(`${name} passes behind node "${node}"`);
			else if (pathCrosses(wire.points, labels.get(node)!, bounds))
				found.add(`${name} passes through the name of "${node}"`);
		}
	}
	const names = [...boxes.keys()];
	for (let i = 0; i < names.length; i++)
		for (let j = i + 1; j < names.length; j++) {
			const [a, b] = [names[i], names[j]];
			const areaOf = (n: string) => [boxes.get(n)!, labels.get(n)!];
			if (areaOf(a).some((ra) => areaOf(b).some((rb) => overlaps(ra, rb))))
				found.add(`nodes "${a}" and "${b}" overlap`);
		}
	for (const [note, area] of stickies)
		for (const [node, box] of boxes)
			if (overlaps(area, box) && !contains(area, box))
				found.add(`node "${node}" sits on the edge of note "${note}"`);
	const notes = [...stickies.keys()];
	for (let i = 0; i < notes.length; i++)
		for (let j = i + 1; j < notes.length; j++)
			if (overlaps(stickies.get(notes[i])!, stickies.get(notes[j])!))
				found.add(`notes "${notes[i]}" and "${notes[j]}" overlap`);
	return [...found].sort();
}

/**
 * The children of every node with several, in the order n8n's v1 execution order runs them: when
 * a node finishes, the nodes on all its outputs are sorted by canvas position, topmost first and
 * at the same height leftmost first, and put on the front of the stack, so each branch runs to
 * its end before the next sibling starts (`nodesToAdd.sort` and `addNodeToBeExecuted`'s `unshift`
 * for 'v1' in WorkflowExecute,
 * https://github.com/n8n-io/n8n/blob/master/packages/core/src/execution-engine/workflow-execute.ts;
 * https://docs.n8n.io/flow-logic/execution-order/). Nodes waiting on a second input are released
 * in the order they started waiting, not by position, so these sibling orders are all of a
 * template's behaviour that its canvas decides. Two children at the very same position run the
 * later-wired one first (the sort keeps their wiring order, and each is put on the front in turn).
 */
export function siblingOrders(
	workflow: CanvasWorkflow,
): Array<{ parent: string; children: string[] }> {
	const at = new Map(workflow.nodes.map((n) => [n.name, n.position]));
	const out: Array<{ parent: string; children: string[] }> = [];
	for (const [parent, outputs] of Object.entries(workflow.connections)) {
		const children = [
			...new Set((outputs.main ?? []).flatMap((wires) => (wires ?? []).map((w) => w.node))),
		].filter((c) => at.has(c));
		if (children.length < 2) continue;
		const wired = new Map(children.map((c, i) => [c, i]));
		children.sort(
			(a, b) =>
				at.get(a)![1] - at.get(b)![1] ||
				at.get(a)![0] - at.get(b)![0] ||
				wired.get(b)! - wired.get(a)!,
		);
		out.push({ parent, children });
	}
	return out.sort((a, b) => (a.parent < b.parent ? -1 : a.parent > b.parent ? 1 : 0));
}

/** The sibling orders as one line each ("parent -> first, second, ..."), sorted. */
export function branchOrder(workflow: CanvasWorkflow): string[] {
	return siblingOrders(workflow)
		.map(({ parent, children }) => `${parent} -> ${children.join(', ')}`)
		.sort();
}
