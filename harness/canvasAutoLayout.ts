/**
 * Proposes a template's canvas layout by its sections, for a person to review (the canvas check in
 * test/templates/canvas.test.ts is the judge, not this). Pure: a workflow in, positions and note
 * sizes out.
 *
 * - Each working node belongs to the section note it sits in now (by its centre; the smallest such
 *   note; a node outside every note joins the note of its nearest neighbour on the wires).
 * - Inside a section, nodes are laid out in columns by their longest path from the section's
 *   entries (left to right, as the items flow), a node on its first input's row when free.
 * - Sections are placed left to right by their own longest path along the wires (a wire looping
 *   back to an earlier section ignored); sections of the same column are stacked. Each note is
 *   sized to its nodes and the text it holds, not larger.
 * - Then a greedy repair moves single nodes up or down until no wire runs behind a node or
 *   through its name (or no move helps).
 * Notes without nodes (an explanation next to a section) are placed under the section they sat
 * over; the Setup note goes left of everything.
 */
import {
	canvasViolations,
	layoutOf,
	siblingOrders,
	STICKY_DEFAULT,
	STICKY_TYPE,
	type CanvasNode,
	type CanvasWorkflow,
	type PortCounter,
	type Rect,
} from './canvasLayout';

const COLUMN = 256;
const ROW = 32;
const PAD = 48;
const GAP = 48;
const LABEL_BELOW = 8 + 36;
/** Estimated rendered text of a note: characters per line at its width, pixels per line. */
const NOTE_CHAR = 8;
const NOTE_LINE = 22;
const NOTE_HEADING = 36;

export interface ProposedLayout {
	positions: Map<string, [number, number]>;
	notes: Map<string, { x: number; y: number; width: number; height: number }>;
	violations: string[];
}

/**
 * Sections drawn under the node they branch from rather than right of the section before them
 * (a side branch, not the main line), per template file. Only where n8n's order allows it: a
 * section under another runs after it, so a section holding a sibling that runs between two of
 * the other's nodes (04's Alert) stays beside it.
 */
export const LAYOUT_STACK: Record<string, string[]> = {
	'02-return-bar-drop-off.json': ['Section: Exchange at drop-off'],
	'05-lost-in-transit.json': ['Section: Carrier claims'],
	'06-stock-movement-monitor.json': ['Section: Alert'],
};

/** A layout that would change the order n8n runs a node's branches in: never proposed. */
export class OrderError extends Error {}

const snap = (n: number) => Math.ceil(n / 16) * 16;

function centre(r: Rect): [number, number] {
	return [r.x + r.width / 2, r.y + r.height / 2];
}

function inside(p: [number, number], r: Rect): boolean {
	return p[0] >= r.x && p[0] <= r.x + r.width && p[1] >= r.y && p[1] <= r.y + r.height;
}

/** Height of a note's text at a width (markdown headings, paragraphs, list lines), estimated. */
export function noteTextHeight(content: string, width: number): number {
	const perLine = Math.max(10, Math.floor((width - 32) / NOTE_CHAR));
	let height = 24;
	for (const line of content.split('\n')) {
		if (/^#{1,3} /.test(line)) height += NOTE_HEADING;
		else height += Math.max(1, Math.ceil(line.length / perLine)) * NOTE_LINE;
	}
	return height;
}

export function proposeLayout(
	workflow: CanvasWorkflow,
	portsOf: PortCounter,
	options: { iterations?: number; stack?: string[] } = {},
): ProposedLayout {
	// Positions change here, parameters never: count each node's handles once.
	const counted = new Map<string, { inputs: number; outputs: number }>();
	const ports: PortCounter = (node) => {
		if (!counted.has(node.name)) counted.set(node.name, portsOf(node));
		return counted.get(node.name)!;
	};
	const initial = layoutOf(workflow, ports);
	const notes = workflow.nodes.filter((n) => n.type === STICKY_TYPE);
	const working = workflow.nodes.filter((n) => n.type !== STICKY_TYPE);
	const sectionNotes = notes.filter((n) => n.name !== 'Setup');
	const setup = notes.find((n) => n.name === 'Setup');

	// Wires between working nodes.
	const edges: Array<[string, string]> = [];
	for (const [from, byType] of Object.entries(workflow.connections))
		for (const targets of byType.main ?? [])
			for (const t of targets ?? [])
				if (initial.boxes.has(from) && initial.boxes.has(t.node)) edges.push([from, t.node]);
	const preds = new Map<string, string[]>(working.map((n) => [n.name, []]));
	const succs = new Map<string, string[]>(working.map((n) => [n.name, []]));
	for (const [a, b] of edges) {
		preds.get(b)!.push(a);
		succs.get(a)!.push(b);
	}

	// Section of each node: the note it sits in; where notes overlap, the one most of its
	// neighbours on the wires sit in, else the smallest.
	const sectionOf = new Map<string, string>();
	const holdersOf = new Map<string, string[]>();
	for (const node of working) {
		const c = centre(initial.boxes.get(node.name)!);
		const holders = sectionNotes
			.map((n) => ({ name: n.name, r: initial.stickies.get(n.name)! }))
			.filter(({ r }) => inside(c, r))
			.sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height)
			.map((h) => h.name);
		holdersOf.set(node.name, holders);
		if (holders.length === 1) sectionOf.set(node.name, holders[0]);
	}
	const provisional = (n: string) => sectionOf.get(n) ?? holdersOf.get(n)![0];
	for (const node of working) {
		const holders = holdersOf.get(node.name)!;
		if (holders.length < 2) continue;
		const votes = holders.map(
			(h) =>
				[...preds.get(node.name)!, ...succs.get(node.name)!].filter((n) => provisional(n) === h)
					.length,
		);
		sectionOf.set(node.name, holders[votes.indexOf(Math.max(...votes))]);
	}
	for (let pass = 0; pass < working.length; pass++)
		for (const node of working)
			if (!sectionOf.has(node.name)) {
				const near = [...preds.get(node.name)!, ...succs.get(node.name)!].find((n) =>
					sectionOf.has(n),
				);
				if (near) sectionOf.set(node.name, sectionOf.get(near)!);
			}
	const sections = sectionNotes
		.map((n) => n.name)
		.filter((s) => [...sectionOf.values()].includes(s));
	const annotations = sectionNotes.filter((n) => !sections.includes(n.name));
	// A template without section notes (a few nodes in a row) is left as its author drew it.
	if (sections.length === 0)
		return {
			positions: new Map(working.map((n) => [n.name, n.position])),
			notes: new Map(),
			violations: canvasViolations(workflow, ports),
		};
	// The section an explanation belongs to: the one it overlaps most, else the nearest within a
	// gap and a half (where a layout put it, under its section), else none. Two sections as near
	// (one beside the note, the one it was put under) go to the one sharing more of the note's
	// extent across the gap: the one it sits under, so a second run puts it back there.
	const annotationOf = new Map<string, string>();
	for (const note of annotations) {
		const own = initial.stickies.get(note.name)!;
		const overlap = (s: string) => {
			const r = initial.stickies.get(s)!;
			const w = Math.min(own.x + own.width, r.x + r.width) - Math.max(own.x, r.x);
			const h = Math.min(own.y + own.height, r.y + r.height) - Math.max(own.y, r.y);
			return { w, h };
		};
		const near = (s: string) => {
			const { w, h } = overlap(s);
			return w > 0 && h > 0 ? w * h : Math.min(0, w) + Math.min(0, h);
		};
		const shared = (s: string) => {
			const { w, h } = overlap(s);
			return Math.max(0, w) + Math.max(0, h);
		};
		const best = [...sections].sort((a, b) => near(b) - near(a) || shared(b) - shared(a))[0];
		if (best && near(best) > -1.5 * GAP) annotationOf.set(note.name, best);
	}

	// Columns inside each section: longest path from its entries (back edges ignored).
	const order = working.map((n) => n.name);
	const column = new Map<string, number>();
	const visiting = new Set<string>();
	const columnOf = (name: string): number => {
		if (column.has(name)) return column.get(name)!;
		if (visiting.has(name)) return 0;
		visiting.add(name);
		let c = 0;
		for (const p of preds.get(name)!)
			if (sectionOf.get(p) === sectionOf.get(name)) c = Math.max(c, columnOf(p) + 1);
		visiting.delete(name);
		column.set(name, c);
		return c;
	};
	order.forEach(columnOf);

	// Section columns: longest path over wires between sections, wires that loop back ignored. The
	// loops are found by a walk from the sections nothing leads into: a section's column computed
	// while the walk was still inside a loop would count the loop's way back as its only way in
	// (a section after another drawn under the first).
	const between = edges
		.map(([a, b]) => [sectionOf.get(a), sectionOf.get(b)])
		.filter((pair): pair is [string, string] => !!pair[0] && !!pair[1] && pair[0] !== pair[1]);
	const loopsBack = new Set<string>();
	const walked = new Map<string, 'open' | 'done'>();
	const walk = (s: string) => {
		walked.set(s, 'open');
		for (const [a, b] of between) {
			if (a !== s) continue;
			if (walked.get(b) === 'open') loopsBack.add(`${a}\n${b}`);
			else if (!walked.has(b)) walk(b);
		}
		walked.set(s, 'done');
	};
	const entered = new Set(between.map(([, b]) => b));
	for (const s of [...sections.filter((x) => !entered.has(x)), ...sections])
		if (!walked.has(s)) walk(s);
	const sectionColumn = new Map<string, number>();
	const sVisiting = new Set<string>();
	const sectionColumnOf = (s: string): number => {
		if (sectionColumn.has(s)) return sectionColumn.get(s)!;
		if (sVisiting.has(s)) return 0;
		sVisiting.add(s);
		let c = 0;
		for (const [a, b] of between)
			if (b === s && !loopsBack.has(`${a}\n${b}`)) c = Math.max(c, sectionColumnOf(a) + 1);
		sVisiting.delete(s);
		sectionColumn.set(s, c);
		return c;
	};
	sections.forEach(sectionColumnOf);

	// Rows (in ROW units) inside each section: a node takes its first same-section input's row
	// when free there, else the next free row below; a node's rows include its name below it.
	const heightOf = (name: string) => initial.boxes.get(name)!.height;
	const span = (name: string) => Math.ceil((heightOf(name) + LABEL_BELOW + 16) / ROW);
	const row = new Map<string, number>();
	for (const s of sections) {
		const members = order
			.filter((n) => sectionOf.get(n) === s)
			.sort((a, b) => column.get(a)! - column.get(b)!);
		const taken = new Map<number, Array<[number, number]>>();
		const free = (c: number, r: number, h: number) =>
			(taken.get(c) ?? []).every(([a, b]) => r + h <= a || b <= r);
		for (const name of members) {
			const p = preds.get(name)!.find((x) => sectionOf.get(x) === s && row.has(x));
			let r = p ? row.get(p)! : 0;
			while (!free(column.get(name)!, r, span(name))) r += 1;
			row.set(name, r);
			const list = taken.get(column.get(name)!) ?? [];
			list.push([r, r + span(name)]);
			taken.set(column.get(name)!, list);
		}
	}

	const headerOf = (s: string, width: number) => {
		const note = notes.find((n) => n.name === s)!;
		return snap(noteTextHeight(String(note.parameters.content ?? ''), width));
	};

	// Sections in reading order: by their column along the wires, then as they stood top to bottom.
	const sectionY = (name: string) => initial.stickies.get(name)!.y;
	const sorted = [...sections].sort(
		(a, b) => sectionColumn.get(a)! - sectionColumn.get(b)! || sectionY(a) - sectionY(b),
	);
	const place = (rows: Map<string, number>, minRows: Map<string, number>) => {
		const positions = new Map<string, [number, number]>();
		const rects = new Map<string, { x: number; y: number; width: number; height: number }>();
		const clash = (r: Rect) =>
			[...rects.values()].find(
				(o) =>
					r.x < o.x + o.width + GAP &&
					o.x < r.x + r.width + GAP &&
					r.y < o.y + o.height + GAP &&
					o.y < r.y + r.height + GAP,
			);
		for (const s of sorted) {
			const members = order.filter((n) => sectionOf.get(n) === s);
			const minRow = minRows.get(s)!;
			const cols = Math.max(...members.map((n) => column.get(n)!)) + 1;
			const width = Math.max((cols - 1) * COLUMN + 96 + 2 * (PAD + 48), 320);
			const header = headerOf(s, width);
			const local = new Map<string, [number, number]>(
				members.map((n) => [
					n,
					[PAD + 48 + column.get(n)! * COLUMN, header + (rows.get(n)! - minRow) * ROW],
				]),
			);
			const height = snap(
				Math.max(...members.map((n) => local.get(n)![1] + heightOf(n) + LABEL_BELOW)) + PAD / 2,
			);
			const sources = edges
				.filter(
					([from, to]) =>
						sectionOf.get(to) === s &&
						sectionOf.get(from) !== s &&
						!loopsBack.has(`${sectionOf.get(from)}\n${s}`),
				)
				.map(([from]) => from)
				.filter((from) => positions.has(from));
			const at: Rect = { x: 0, y: 0, width, height };
			if (sources.length > 0) {
				const from = sources.map((n) => rects.get(sectionOf.get(n)!)!);
				at.y = Math.min(...from.map((r) => r.y));
				at.x = options.stack?.includes(s)
					? Math.max(...sources.map((n) => positions.get(n)![0])) + COLUMN - PAD - 48
					: Math.max(...from.map((r) => r.x + r.width)) + GAP;
			}
			for (let other = clash(at); other; other = clash(at)) at.y = other.y + other.height + GAP;
			rects.set(s, at);
			for (const [n, [x, y]] of local) positions.set(n, [at.x + x, at.y + y]);
		}
		return { positions, rects };
	};

	const build = (positions: Map<string, [number, number]>, rects: Map<string, Rect>) => {
		const nodes: CanvasNode[] = workflow.nodes.map((n) => {
			if (n.type !== STICKY_TYPE) return { ...n, position: positions.get(n.name) ?? n.position };
			const r = rects.get(n.name);
			if (!r) return n;
			return {
				...n,
				position: [r.x, r.y] as [number, number],
				parameters: { ...n.parameters, width: r.width, height: r.height },
			};
		});
		return { ...workflow, nodes };
	};

	// n8n's v1 order runs the children of a node topmost first (siblingOrders): every layout this
	// proposes keeps each node's children in the order they run now, strictly top to bottom. The
	// rows above are the wish; here a child that would sit level with or above an earlier sibling
	// is moved down (to the next free row in its column) until none does. Moving down is all it
	// does, so it ends, or it finds that sections stacked the other way round make the order
	// impossible and says so rather than propose a layout that runs differently.
	const chains = siblingOrders(workflow).map(({ children }) =>
		children.filter((c) => sectionOf.has(c)),
	);
	const settle = (wanted: Map<string, number>) => {
		const rows = new Map(wanted);
		const minRows = new Map(
			sections.map((s) => [
				s,
				Math.min(...order.filter((n) => sectionOf.get(n) === s).map((n) => wanted.get(n)!)),
			]),
		);
		const clear = (name: string, r: number) =>
			order.every(
				(other) =>
					other === name ||
					sectionOf.get(other) !== sectionOf.get(name) ||
					column.get(other) !== column.get(name) ||
					r + span(name) <= rows.get(other)! ||
					rows.get(other)! + span(other) <= r,
			);
		for (let pass = 0; ; pass++) {
			const placed = place(rows, minRows);
			const y = (n: string) => placed.positions.get(n)![1];
			let broken: [string, string] | undefined;
			for (const chain of chains) {
				for (let i = 1; i < chain.length && !broken; i++)
					if (y(chain[i]) <= y(chain[i - 1])) broken = [chain[i - 1], chain[i]];
				if (broken) break;
			}
			if (!broken) return placed;
			const [above, below] = broken;
			if (pass > 4 * order.length)
				throw new OrderError(
					`cannot keep "${below}" below its earlier sibling "${above}" (n8n runs siblings top to bottom)`,
				);
			let r = rows.get(below)! + Math.floor((y(above) - y(below)) / ROW) + 1;
			while (!clear(below, r)) r += 1;
			rows.set(below, r);
		}
	};

	const finish = () => {
		const { positions, rects } = settle(row);
		const all = new Map<string, Rect>(rects);
		const top = Math.min(...[...rects.values()].map((r) => r.y));
		const bottom = Math.max(...[...rects.values()].map((r) => r.y + r.height));
		// An explanation goes under the section it sat over (else under everything); Setup left of
		// the first section.
		for (const note of annotations) {
			const width = Number(note.parameters.width ?? STICKY_DEFAULT.width);
			const height = Number(note.parameters.height ?? STICKY_DEFAULT.height);
			const under = annotationOf.has(note.name)
				? rects.get(annotationOf.get(note.name)!)!
				: undefined;
			const at: Rect = {
				x: under ? under.x : 0,
				y: under ? under.y + under.height + GAP : bottom + GAP,
				width,
				height,
			};
			const clash = () =>
				[...all.values()].find(
					(o) =>
						at.x < o.x + o.width + GAP &&
						o.x < at.x + at.width + GAP &&
						at.y < o.y + o.height + GAP &&
						o.y < at.y + at.height + GAP,
				);
			for (let other = clash(); other; other = clash()) at.y = other.y + other.height + GAP;
			all.set(note.name, at);
		}
		if (setup) {
			const width = Number(setup.parameters.width ?? STICKY_DEFAULT.width);
			const height = Number(setup.parameters.height ?? STICKY_DEFAULT.height);
			all.set('Setup', { x: -width - GAP, y: top, width, height });
		}
		return { positions, rects: all };
	};

	let { positions, rects } = finish();
	let current = canvasViolations(build(positions, rects), ports);
	// Overlapping nodes or notes weigh more than a wire behind a node: a move never trades them.
	const score = (v: string[]) =>
		v.reduce((sum, text) => sum + (/^(nodes|notes|node ")/.test(text) ? 10 : 1), 0);
	const iterations = options.iterations ?? 400;
	for (let i = 0; i < iterations && current.length > 0; i++) {
		// Nodes named in a violation: the crossed node and the wire's ends.
		const named = new Set<string>();
		for (const v of current) for (const m of v.matchAll(/"([^"]+)"/g)) named.add(m[1]);
		let best: { name: string; r: number; v: string[] } | undefined;
		for (const name of named) {
			if (!row.has(name)) continue;
			const was = row.get(name)!;
			for (const d of [
				1, 2, 3, 4, 6, 8, 12, 16, 24, 32, -1, -2, -3, -4, -6, -8, -12, -16, -24, -32,
			]) {
				if (was + d < 0) continue;
				row.set(name, was + d);
				let next: ReturnType<typeof finish>;
				try {
					next = finish();
				} catch (error) {
					if (error instanceof OrderError) continue;
					throw error;
				}
				const v = canvasViolations(build(next.positions, next.rects), ports);
				if (!best || score(v) < score(best.v)) best = { name, r: was + d, v };
			}
			row.set(name, was);
		}
		if (!best || score(best.v) >= score(current)) break;
		row.set(best.name, best.r);
		({ positions, rects } = finish());
		current = best.v;
	}
	return { positions, notes: rects, violations: current };
}

/** The workflow with a proposal applied: node positions and note positions and sizes, nothing else. */
export function applyLayout(workflow: CanvasWorkflow, proposed: ProposedLayout): CanvasWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.type !== STICKY_TYPE)
				return { ...node, position: proposed.positions.get(node.name) ?? node.position };
			const note = proposed.notes.get(node.name);
			if (!note) return node;
			return {
				...node,
				position: [note.x, note.y] as [number, number],
				parameters: { ...node.parameters, width: note.width, height: note.height },
			};
		}),
	};
}
