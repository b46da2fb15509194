/**
 * Runs one node of this package with given items on each of its inputs, through a real
 * WorkflowExecute: Start -> "Input N" (pinned items) -> node. Returns every output.
 */
import type { IConnections, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { CredentialStore } from './credentialsHelper';
import { PACKAGE_NAME } from './nodeTypes';
import { runWorkflow, type NodeError, type RunOptions, type RunResult } from './runWorkflow';

export interface ExecuteNodeOptions {
	/** Node name in the package, e.g. "reconciliationMatcher" (or a full type name). */
	type: string;
	parameters?: INodeParameters;
	/** The node's typeVersion (1 unless given). */
	typeVersion?: number;
	/** Items per input; a plain array is input 0. Empty inputs are left unconnected. */
	inputs: INodeExecutionData[] | INodeExecutionData[][];
	credentials?: CredentialStore;
	/** Credential type names the node uses, with the display name n8n would show. */
	nodeCredentials?: Record<string, string>;
	continueOnFail?: boolean;
	nodeTypes?: RunOptions['nodeTypes'];
	credentialTypes?: RunOptions['credentialTypes'];
	/** The Data Tables a Data Table node under test reads and writes. */
	dataTables?: RunOptions['dataTables'];
}

export interface ExecuteNodeResult {
	status: RunResult['status'];
	/** Items of each output of the node. */
	outputs: INodeExecutionData[][];
	error: NodeError | undefined;
	result: RunResult;
}

export const NODE_UNDER_TEST = 'Node Under Test';

export function toItems(rows: object[]): INodeExecutionData[] {
	return rows.map((json) => ({ json: json as INodeExecutionData['json'] }));
}

export async function executeNode(options: ExecuteNodeOptions): Promise<ExecuteNodeResult> {
	const perInput = (
		Array.isArray(options.inputs[0]) || options.inputs.length === 0
			? options.inputs
			: [options.inputs]
	) as INodeExecutionData[][];
	const type = options.type.includes('.') ? options.type : `${PACKAGE_NAME}.${options.type}`;
	const nodes: INode[] = [
		{
			id: 'start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'under-test',
			name: NODE_UNDER_TEST,
			type,
			typeVersion: options.typeVersion ?? 1,
			position: [400, 0],
			parameters: options.parameters ?? {},
			credentials: Object.fromEntries(
				Object.entries(options.nodeCredentials ?? {}).map(([credType, name]) => [
					credType,
					{ id: `${credType}-id`, name },
				]),
			),
			continueOnFail: options.continueOnFail,
			onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
		},
	];
	const connections: IConnections = { Start: { main: [[]] } };
	const pinData: Record<string, INodeExecutionData[]> = {};
	perInput.forEach((items, index) => {
		if (!items || items.length === 0) return;
		const name = `Input ${index}`;
		nodes.push({
			id: `input-${index}`,
			name,
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [200, index * 100],
			parameters: {},
		});
		connections.Start.main[0]!.push({ node: name, type: 'main', index: 0 });
		connections[name] = { main: [[{ node: NODE_UNDER_TEST, type: 'main', index }]] };
		pinData[name] = items;
	});
	const result = await runWorkflow(
		{ nodes, connections, pinData },
		{
			credentials: options.credentials,
			nodeTypes: options.nodeTypes,
			credentialTypes: options.credentialTypes,
			dataTables: options.dataTables,
		},
	);
	const task = result.run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	return {
		status: result.status,
		outputs: (task?.data?.main ?? []).map((items) => items ?? []),
		error: result.nodeError(NODE_UNDER_TEST) ?? result.error,
		result,
	};
}
