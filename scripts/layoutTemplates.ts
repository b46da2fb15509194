/**
 * Lays out templates by their sections (harness/canvasAutoLayout.ts) and writes the result into
 * the files: node positions and note sizes only, nothing else. Deterministic, and a second run
 * changes nothing. n8n's v1 order runs a node's branches top to bottom, so the proposer keeps
 * every node's children in the order they run now; a file whose order cannot be kept is left as
 * it is and named, with a non-zero exit. test/templates/canvas.test.ts judges the result.
 *   npx ts-node --transpile-only -P tsconfig.test.json scripts/layoutTemplates.ts 02-return-bar-drop-off.json
 */
import { readFileSync, writeFileSync } from 'fs';
import { basename, resolve } from 'path';
import { applyLayout, LAYOUT_STACK, proposeLayout } from '../harness/canvasAutoLayout';
import { branchOrder, STICKY_TYPE, type CanvasWorkflow } from '../harness/canvasLayout';
import { templatePortCounter } from '../harness/canvasPorts';

const ports = templatePortCounter();
for (const arg of process.argv.slice(2)) {
	const file = basename(arg);
	const path = resolve(__dirname, '..', 'workflows-templates', file);
	const json = JSON.parse(readFileSync(path, 'utf8')) as CanvasWorkflow;
	let proposed: ReturnType<typeof proposeLayout>;
	try {
		proposed = proposeLayout(json, ports, { stack: LAYOUT_STACK[file] });
	} catch (error) {
		console.error(file, 'left as it is:', (error as Error).message);
		process.exitCode = 1;
		continue;
	}
	const laidOut = applyLayout(json, proposed);
	if (branchOrder(laidOut).join('\n') !== branchOrder(json).join('\n'))
		throw new Error(`${file}: the layout would change the order n8n runs branches in`);
	// Only positions and note sizes change; every other key stays where it was in the file.
	const byName = new Map(laidOut.nodes.map((n) => [n.name, n]));
	for (const node of json.nodes) {
		const next = byName.get(node.name)!;
		node.position = next.position;
		if (node.type === STICKY_TYPE && proposed.notes.has(node.name)) {
			node.parameters.width = next.parameters.width;
			node.parameters.height = next.parameters.height;
		}
	}
	writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
	if (proposed.violations.length > 0) process.exitCode = 1;
	console.log(file, proposed.violations.length ? proposed.violations : 'clean');
}
