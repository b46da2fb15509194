/**
 * Descriptions of n8n's built-in nodes (n8n-nodes-base, the version inside the n8n the package is
 * tested on), for validating templates. The package tarball is fetched once from the npm registry
 * with `npm pack` (no install, no dependencies) and its dist/types/nodes.json cached in .cache/.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

export const N8N_NODES_BASE_VERSION = '2.40.2';

export interface BuiltinProperty {
	name: string;
	type: string;
	options?: Array<{ name?: string; value?: unknown; values?: BuiltinProperty[] }>;
}

export interface BuiltinNodeType {
	name: string;
	version: number | number[];
	properties: BuiltinProperty[];
	group?: string[];
}

export function builtinNodeTypes(): Map<string, BuiltinNodeType[]> {
	const dir = resolve(__dirname, '..', '.cache', `n8n-nodes-base-${N8N_NODES_BASE_VERSION}`);
	const file = join(dir, 'package', 'dist', 'types', 'nodes.json');
	if (!existsSync(file)) {
		mkdirSync(dir, { recursive: true });
		execFileSync('npm', ['pack', `n8n-nodes-base@${N8N_NODES_BASE_VERSION}`, '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
		execFileSync('tar', ['-xzf', join(dir, `n8n-nodes-base-${N8N_NODES_BASE_VERSION}.tgz`), '-C', dir, 'package/dist/types/nodes.json']);
	}
	const byType = new Map<string, BuiltinNodeType[]>();
	for (const node of JSON.parse(readFileSync(file, 'utf8')) as BuiltinNodeType[]) {
		const type = `n8n-nodes-base.${node.name}`;
		byType.set(type, [...(byType.get(type) ?? []), node]);
	}
	return byType;
}

export function versionsOf(node: { version: number | number[] }): number[] {
	return Array.isArray(node.version) ? node.version : [node.version];
}
