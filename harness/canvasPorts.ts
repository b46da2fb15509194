/**
 * How many main inputs and outputs n8n's editor draws for a template node, from its type's
 * description: this package's nodes, or n8n-nodes-base's as shipped in the n8n we test on.
 */
import { NodeHelpers, type INode, type INodeProperties, type INodeType } from 'n8n-workflow';
import { builtinNodeTypes, versionsOf } from '../scripts/n8nBuiltins';
import { loadPackageNodes } from './nodeTypes';
import type { CanvasNode, PortCounter } from './canvasLayout';

type Ports = Array<string | { type: string }> | string;

interface Described {
	properties: INodeProperties[];
	inputs?: Ports;
	outputs?: Ports;
	version: number | number[];
}

/**
 * Main handles of a list of ports: a fixed list counts its main entries; an expression (Switch's
 * rules, Merge's number of inputs, a node whose ports follow its mode) is evaluated on the node's
 * parameters with their defaults filled in, as the editor evaluates it with $parameter.
 */
function countMain(
	ports: Ports | undefined,
	parameters: Record<string, unknown>,
	nodeVersion: number,
): number {
	if (ports === undefined) return 0;
	let list: unknown = ports;
	if (typeof ports === 'string') {
		const body = ports
			.trim()
			.replace(/^=\{\{/, '')
			.replace(/\}\}$/, '');
		list = new Function('$parameter', '$nodeVersion', `return (${body});`)(
			parameters,
			nodeVersion,
		) as unknown;
	}
	return (list as Array<string | { type: string }>).filter(
		(p) => (typeof p === 'string' ? p : p.type) === 'main',
	).length;
}

export function templatePortCounter(): PortCounter {
	const builtins = builtinNodeTypes() as unknown as Map<string, Described[]>;
	const ours = loadPackageNodes();
	const descriptionOf = (node: CanvasNode & { typeVersion?: number }): Described => {
		const own = ours[node.type] as INodeType | undefined;
		if (own) return own.description as unknown as Described;
		const variants = builtins.get(node.type) ?? [];
		const found = variants.find((v) => versionsOf(v).includes(node.typeVersion ?? 1));
		if (!found) throw new Error(`No description of ${node.type} v${node.typeVersion}`);
		return found;
	};
	return (node) => {
		const description = descriptionOf(node);
		const parameters =
			NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters as INode['parameters'],
				true,
				false,
				node as unknown as INode,
				description as never,
			) ?? node.parameters;
		const { typeVersion } = node as CanvasNode & { typeVersion?: number };
		const version = typeVersion ?? Math.max(...[description.version].flat());
		return {
			inputs: countMain(description.inputs, parameters, version),
			outputs: countMain(description.outputs, parameters, version),
		};
	};
}
