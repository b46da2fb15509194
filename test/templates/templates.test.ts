/**
 * Every template in workflows-templates/ is a workflow n8n imports as is: valid structure, node
 * types and versions that exist in this package or in n8n-nodes-base (the version inside the n8n
 * we test on), parameters those nodes know, connections between existing nodes, blank credential
 * ids, execution order v1, an error workflow wired in, a Settings node and setup notes.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { builtinNodeTypes, versionsOf, type BuiltinNodeType } from '../../scripts/n8nBuiltins';
import { loadPackageNodes } from '../harness';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const builtins = builtinNodeTypes();
const ours = loadPackageNodes();

interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface Template {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings: { executionOrder?: string; errorWorkflow?: string };
}

const templates = files.map((file) => ({
	file,
	json: JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Template,
}));
const ids = new Map(templates.map((t) => [t.json.id, t.file]));

function propertyNames(node: TemplateNode): Set<string> | null {
	const own = ours[node.type] as INodeType | undefined;
	if (own) return new Set((own.description.properties as INodeProperties[]).map((p) => p.name));
	const variants = builtins.get(node.type) ?? [];
	const match = variants.find((v: BuiltinNodeType) => versionsOf(v).includes(node.typeVersion));
	return match ? new Set(match.properties.map((p) => p.name)) : null;
}

it('there are templates', () => {
	expect(files.length).toBeGreaterThan(0);
});

describe.each(templates)('$file', ({ file, json }) => {
	it('has a name, a fixed id, unique node names and ids, and execution order v1', () => {
		expect(typeof json.name).toBe('string');
		expect(json.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(new Set(json.nodes.map((n) => n.name)).size).toBe(json.nodes.length);
		expect(new Set(json.nodes.map((n) => n.id)).size).toBe(json.nodes.length);
		expect(json.settings.executionOrder).toBe('v1');
		for (const node of json.nodes)
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
	});

	it('uses node types and versions that exist, with parameters they know', () => {
		for (const node of json.nodes) {
			const own = ours[node.type] as INodeType | undefined;
			if (own) {
				expect([own.description.version].flat()).toContain(node.typeVersion);
			} else {
				const variants = builtins.get(node.type);
				if (!variants)
					throw new Error(`${file}: node "${node.name}" has unknown type ${node.type}`);
				expect(variants.flatMap(versionsOf)).toContain(node.typeVersion);
			}
			const names = propertyNames(node);
			for (const parameter of Object.keys(node.parameters)) {
				if (!names?.has(parameter))
					throw new Error(
						`${file}: node "${node.name}" (${node.type} v${node.typeVersion}) has no parameter "${parameter}"`,
					);
			}
		}
	});

	it('leaves credential ids blank and names only credentials the node uses', () => {
		for (const node of json.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				expect(reference.id).toBe('');
				const own = ours[node.type] as INodeType | undefined;
				if (own) expect((own.description.credentials ?? []).map((c) => c.name)).toContain(type);
			}
		}
	});

	it('connects only existing nodes', () => {
		const names = new Set(json.nodes.map((n) => n.name));
		for (const [source, outputs] of Object.entries(json.connections)) {
			expect(names.has(source)).toBe(true);
			for (const targets of Object.values(outputs))
				for (const list of targets)
					for (const target of list ?? []) {
						if (!names.has(target.node))
							throw new Error(
								`${file}: connection from "${source}" to missing node "${target.node}"`,
							);
						expect(target.type).toBe('main');
					}
		}
	});

	it('wires the error workflow, has a Settings node and setup notes', () => {
		const isErrorWorkflow = json.nodes.some((n) => n.type === 'n8n-nodes-base.errorTrigger');
		if (!isErrorWorkflow)
			expect(ids.get(json.settings.errorWorkflow)).toBe('09-error-workflow.json');
		expect(json.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThan(
			0,
		);
		if (!isErrorWorkflow) expect(json.nodes.some((n) => n.name === 'Settings')).toBe(true);
	});

	it('calls only sub-workflows that are templates here', () => {
		for (const node of json.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')) {
			const id = (node.parameters.workflowId as { value?: string })?.value;
			expect(ids.has(id)).toBe(true);
		}
	});
});
