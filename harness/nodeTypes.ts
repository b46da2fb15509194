/**
 * Node type registry for the harness: this package's nodes under their real type names
 * (`n8n-nodes-returns-reconciliation.<name>`, as n8n registers an installed package), loaded from
 * the list in package.json, and n8n's real built-in nodes from n8n-nodes-base.
 */
import { resolve } from 'path';
import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-returns-reconciliation';
const ROOT = resolve(__dirname, '..');

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

/** n8n's own built-in nodes (n8n-nodes-base 2.40.2, as inside n8n 2.40.7), loaded on first use. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const builtinIndex = require('n8n-nodes-base/dist/known/nodes.json') as Record<
	string,
	{ className: string; sourcePath: string }
>;

/** Built-ins that cannot run in-process: the Code node needs n8n's task runner (real n8n only). */
export const NOT_IN_PROCESS = new Set([
	'n8n-nodes-base.code',
	'n8n-nodes-base.function',
	'n8n-nodes-base.functionItem',
	'n8n-nodes-base.pythonFunction',
]);

function loadBuiltin(type: string): INodeType | IVersionedNodeType | undefined {
	if (!type.startsWith('n8n-nodes-base.') || NOT_IN_PROCESS.has(type)) return undefined;
	const entry = builtinIndex[type.slice('n8n-nodes-base.'.length)];
	if (!entry) return undefined;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(`n8n-nodes-base/${entry.sourcePath}`) as Record<
		string,
		new () => INodeType | IVersionedNodeType
	>;
	return new module[entry.className]();
}

/**
 * n8n loads each node type once per process and every execution shares it; so does the harness
 * (building a versioned node's descriptions on every run cost a long season much of its time).
 */
let packageNodes: Record<string, INodeType> | undefined;
const builtins = new Map<string, INodeType | IVersionedNodeType | undefined>();

function builtin(type: string): INodeType | IVersionedNodeType | undefined {
	if (!builtins.has(type)) builtins.set(type, loadBuiltin(type));
	return builtins.get(type);
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(extra: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.types = { ...(packageNodes ??= loadPackageNodes()), ...extra };
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		const node = this.types[type] ?? (this.types[type] = builtin(type) as INodeType);
		if (!node) {
			const why = NOT_IN_PROCESS.has(type)
				? " (it needs n8n's task runner: covered by the real-n8n suite)"
				: ' (not in this package or n8n-nodes-base)';
			throw new Error(`Unknown node type "${type}"${why}`);
		}
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
