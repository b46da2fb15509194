/**
 * Node type registry for the harness: this package's nodes under their real type names
 * (`n8n-nodes-returns-reconciliation.<name>`, as n8n registers an installed package), loaded from
 * the list in package.json, plus minimal stand-ins for the few built-in nodes templates use.
 */
import { resolve } from 'path';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IExecuteFunctions,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-returns-reconciliation';
const ROOT = resolve(__dirname, '..', '..');

interface PackageJson {
	n8n: { nodes: string[]; credentials: string[] };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require(resolve(ROOT, 'package.json')) as PackageJson;

/** Maps a `dist/...js` entry of package.json to its TypeScript source, so tests need no build. */
export function sourcePathOf(distPath: string): string {
	return resolve(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function loadClass<T>(path: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path) as Record<string, new () => T>;
	const exported = Object.values(module).find((value) => typeof value === 'function');
	if (!exported) throw new Error(`${path} exports no class`);
	return new exported();
}

export function loadPackageNodes(): Record<string, INodeType> {
	const nodes: Record<string, INodeType> = {};
	for (const entry of packageJson.n8n.nodes) {
		const node = loadClass<INodeType>(sourcePathOf(entry));
		nodes[`${PACKAGE_NAME}.${node.description.name}`] = node;
	}
	return nodes;
}

export function packageCredentialPaths(): string[] {
	return packageJson.n8n.credentials.map(sourcePathOf);
}

function standIn(name: string, description: Partial<INodeTypeDescription>): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: `${name} (harness stand-in)`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...description,
	};
}

/** Passes its input through, like n8n's No Operation node. */
class NoOp implements INodeType {
	description = standIn('noOp', {});
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Stand-in for Manual and Schedule Trigger: in "trigger" mode n8n hands the start node the data
 * on the execution stack, so this only has to exist; `trigger()` emits one empty item.
 */
class TriggerStandIn implements INodeType {
	constructor(name: string) {
		this.description = standIn(name, { group: ['trigger'], inputs: [] });
	}
	description: INodeTypeDescription;
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return { manualTriggerFunction: async () => this.emit([[{ json: {} }]]) };
	}
}

class StickyNote implements INodeType {
	description = standIn('stickyNote', { inputs: [], outputs: [] });
}

export const BUILT_IN_STAND_INS: Readonly<Record<string, () => INodeType>> = {
	'n8n-nodes-base.noOp': () => new NoOp(),
	'n8n-nodes-base.manualTrigger': () => new TriggerStandIn('manualTrigger'),
	'n8n-nodes-base.scheduleTrigger': () => new TriggerStandIn('scheduleTrigger'),
	'n8n-nodes-base.stickyNote': () => new StickyNote(),
};

export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(extra: Record<string, INodeType | IVersionedNodeType> = {}) {
		const standIns = Object.fromEntries(Object.entries(BUILT_IN_STAND_INS).map(([type, make]) => [type, make()]));
		this.types = { ...standIns, ...loadPackageNodes(), ...extra };
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		const node = this.types[type];
		if (!node) throw new Error(`Unknown node type "${type}" (not in this package and no harness stand-in)`);
		return node;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}

	names(): string[] {
		return Object.keys(this.types);
	}
}
