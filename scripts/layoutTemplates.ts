/**
 * Proposes canvas positions for templates by their sections (harness/canvasAutoLayout.ts) and
 * writes them into the files: node positions and note sizes only, nothing else. Review the result
 * in the editor; test/templates/canvas.test.ts judges it.
 *   npx ts-node --transpile-only -P tsconfig.test.json scripts/layoutTemplates.ts 02-return-bar-drop-off.json
 */
import { readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { applyLayout, proposeLayout } from '../harness/canvasAutoLayout';
import { STICKY_TYPE, type CanvasWorkflow } from '../harness/canvasLayout';
import { templatePortCounter } from '../harness/canvasPorts';

/**
 * Sections drawn under the node they branch from rather than right of the section before them
 * (a side branch, not the main line).
 */
const STACK: Record<string, string[]> = {
	'02-return-bar-drop-off.json': ['Section: Exchange at drop-off'],
	'04-nightly-reconciliation.json': ['Section: Alert'],
	'05-lost-in-transit.json': ['Section: Carrier claims'],
	'06-stock-movement-monitor.json': ['Section: Alert'],
};

const ports = templatePortCounter();
for (const file of process.argv.slice(2)) {
	const path = resolve(__dirname, '..', 'workflows-templates', file);
	const json = JSON.parse(readFileSync(path, 'utf8')) as CanvasWorkflow;
	const proposed = proposeLayout(json, ports, { stack: STACK[file] });
	// Only positions and note sizes change; every other key stays where it was in the file.
	const laidOut = new Map(applyLayout(json, proposed).nodes.map((n) => [n.name, n]));
	for (const node of json.nodes) {
		const next = laidOut.get(node.name)!;
		node.position = next.position;
		if (node.type === STICKY_TYPE && proposed.notes.has(node.name)) {
			node.parameters.width = next.parameters.width;
			node.parameters.height = next.parameters.height;
		}
	}
	writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
	console.log(file, proposed.violations.length ? proposed.violations : 'clean');
}
