/**
 * Descriptions of n8n's built-in nodes (n8n-nodes-base, the devDependency pinned to the version
 * inside the n8n the package is tested on), for validating templates.
 */
import { readFileSync } from 'fs';

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
	const file = require.resolve('n8n-nodes-base/dist/types/nodes.json');
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
