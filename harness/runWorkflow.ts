/**
 * Runs a workflow in n8n's export format through n8n-core's real WorkflowExecute, in-process.
 * The start node (a trigger) is handed the items it would have emitted; every other node runs
 * for real, with credentials applied by the harness helper and HTTP going to real sockets.
 */
// n8n-core's own modules, not its index, which also loads the nodes loader (with fast-glob) and the
// trigger and poll managers: jest loads them again for every test file (see jest.config.js).
import { ExecutionLifecycleHooks } from 'n8n-core/dist/execution-engine/execution-lifecycle-hooks';
import { WorkflowExecute } from 'n8n-core/dist/execution-engine/workflow-execute';
import type {
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import {
	HarnessCredentialsHelper,
	loadPackageCredentialTypes,
	type CredentialStore,
} from './credentialsHelper';
import type { InMemoryDataTables } from './dataTables';
import { instanceWorkflow } from './instanceWorkflows';
import { HarnessNodeTypes } from './nodeTypes';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

export interface RunOptions {
	/** Credential data by credential type name (e.g. { centraApi: { url, token } }). */
	credentials?: CredentialStore;
	/** Node the execution starts at; defaults to n8n's own choice of start node. */
	startNode?: string;
	/** Items the start node passes on, i.e. what its trigger or webhook produced. */
	triggerItems?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	nodeTypes?: HarnessNodeTypes;
	/** Extra credential types (tests of the harness itself); the package's are always loaded. */
	credentialTypes?: Record<string, ICredentialType>;
	/** In-memory n8n Data Tables the real Data Table node reads and writes. */
	dataTables?: InMemoryDataTables;
	/** Workflows the Execute Workflow node may call, by workflow id. */
	workflows?: Record<string, WorkflowJson & { id?: string }>;
	/** Shared across a run and its sub-workflows: every execution, in order. */
	executions?: RunResult[];
	/**
	 * Told each node's processor-and-wait time in real milliseconds (n8n's own executionTime reads
	 * Date, which a simulated clock moves), with the name of the workflow it ran in; sub-workflows
	 * report too, and an Execute Workflow node's time includes theirs.
	 */
	onNodeTime?: (workflow: string, node: string, ms: number) => void;
}

export interface NodeError {
	message: string;
	description?: string | null;
	itemIndex?: number;
	httpCode?: string | null;
	name?: string;
	context?: IDataObject;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** Names of the nodes that ran, in order. */
	executed: string[];
	/** Items of one output of a node (first run unless runIndex is given). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node failed with, if it failed. */
	nodeError(nodeName: string): NodeError | undefined;
	/** The workflow-level error, if the execution failed. */
	error: NodeError | undefined;
	staticData: IDataObject;
	credentials: HarnessCredentialsHelper;
	/** Sub-workflow executions started by this one (Execute Workflow), in order. */
	executions: RunResult[];
}

let executionCounter = 0;

export { registerInstanceWorkflows } from './instanceWorkflows';

/** n8n's getStartNode ignores webhook triggers; a webhook workflow starts at its trigger node. */
function webhookStartNode(workflow: Workflow): INode | undefined {
	const destinations = new Set(
		Object.values(workflow.connectionsBySourceNode).flatMap((outputs) =>
			Object.values(outputs)
				.flat(2)
				.map((c) => c?.node),
		),
	);
	return Object.values(workflow.nodes).find((node) => {
		const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		return (
			!destinations.has(node.name) &&
			type.description.webhooks !== undefined &&
			type.description.group.includes('trigger')
		);
	});
}

type SubWorkflowRunner = (
	info: { id?: string; code?: WorkflowJson },
	inputData: INodeExecutionData[],
) => Promise<{ executionId: string; data: Array<INodeExecutionData[] | null> }>;

export function additionalDataFor(
	hooks: ExecutionLifecycleHooks,
	credentialsHelper: HarnessCredentialsHelper,
	extras: { dataTables?: InMemoryDataTables; runSubWorkflow?: SubWorkflowRunner } = {},
): IWorkflowExecuteAdditionalData {
	// A plain object, not a mock: the engine probes optional fields and must find them absent.
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper,
		hooks,
		executionId: hooks.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		...(extras.dataTables
			? { 'data-table': { dataTableProxyProvider: extras.dataTables.provider() } }
			: {}),
		executeWorkflow: async (
			info: { id?: string; code?: WorkflowJson },
			_additionalData: unknown,
			options: { inputData?: INodeExecutionData[] },
		) => {
			if (!extras.runSubWorkflow)
				throw new Error('This harness run has no sub-workflows registered (RunOptions.workflows)');
			return await extras.runSubWorkflow(info, options.inputData ?? [{ json: {} }]);
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('The Code node needs the real n8n (task runner); see harness/README.md');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

function toNodeError(error: unknown): NodeError | undefined {
	if (!error) return undefined;
	const e = error as NodeError & { description?: string | null };
	return {
		message: e.message,
		description: e.description,
		itemIndex: (e.context?.itemIndex as number | undefined) ?? e.itemIndex,
		httpCode: e.httpCode,
		name: e.name,
		context: e.context,
	};
}

export async function runWorkflow(
	json: WorkflowJson,
	options: RunOptions = {},
): Promise<RunResult> {
	const nodeTypes = options.nodeTypes ?? new HarnessNodeTypes();
	const mode = options.mode ?? 'trigger';
	const staticData = options.staticData ?? {};
	const workflow = new Workflow({
		id: 'harness',
		name: json.name ?? 'harness workflow',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		staticData,
		settings: { executionOrder: 'v1', ...json.settings },
		pinData: json.pinData,
	});
	const credentials = new HarnessCredentialsHelper(options.credentials ?? {}, {
		...loadPackageCredentialTypes(),
		...options.credentialTypes,
	});
	const executionId = String(++executionCounter);
	const workflowData = {
		id: 'harness',
		name: workflow.name,
		nodes: json.nodes,
		connections: json.connections,
		settings: json.settings,
	} as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const onNodeTime = options.onNodeTime;
	if (onNodeTime) {
		const began = new Map<string, number>();
		hooks.addHandler('nodeExecuteBefore', (node) => void began.set(node, performance.now()));
		hooks.addHandler('nodeExecuteAfter', (node) => {
			const at = began.get(node);
			if (at !== undefined) onNodeTime(workflow.name ?? '', node, performance.now() - at);
		});
	}
	const executions = options.executions ?? [];
	const runSubWorkflow: SubWorkflowRunner = async (info, inputData) => {
		const sub =
			info.code ??
			(info.id ? (options.workflows?.[info.id] ?? instanceWorkflow(info.id)) : undefined);
		if (!sub)
			throw new Error(`Sub-workflow ${info.id ?? '(inline)'} is not registered in the harness`);
		const entry = sub.nodes.find((n) => n.type === 'n8n-nodes-base.executeWorkflowTrigger');
		const result = await runWorkflow(sub, {
			...options,
			credentials: credentials.store,
			startNode: entry?.name,
			triggerItems: inputData,
			mode: 'integrated',
			staticData: {},
			executions,
		});
		executions.push(result);
		const executionId = `sub-${executions.length}`;
		if (result.status === 'error') {
			const error = (result.run.data.resultData.error as Error) ?? new Error('Sub-workflow failed');
			// As n8n does: the caller gets the called execution's id and workflow id with the error
			// (objectToError in packages/cli/src/workflow-execute-additional-data.ts,
			// https://github.com/n8n-io/n8n), so an error workflow can tell both failures are one.
			Object.assign(error, { executionId, workflowId: info.id });
			throw error;
		}
		const last = result.run.data.resultData.lastNodeExecuted;
		return { executionId, data: last ? [result.output(last)] : [[]] };
	};
	const additionalData = additionalDataFor(hooks, credentials, {
		dataTables: options.dataTables,
		runSubWorkflow,
	});
	const start = options.startNode
		? workflow.getNode(options.startNode)
		: (workflow.getStartNode() ?? webhookStartNode(workflow));
	if (!start) throw new Error(`Start node ${options.startNode ?? '(auto)'} not found`);
	const runExecutionData = createRunExecutionData({
		resultData: { pinData: json.pinData },
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [options.triggerItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;
	const task = (name: string, runIndex = 0): ITaskData | undefined => runData[name]?.[runIndex];
	return {
		run,
		status: run.status,
		executed: Object.keys(runData),
		output: (name, outputIndex = 0, runIndex = 0) =>
			task(name, runIndex)?.data?.main?.[outputIndex] ?? [],
		nodeError: (name) => toNodeError(task(name)?.error),
		error: toNodeError(run.data.resultData.error),
		staticData: workflow.staticData,
		credentials,
		executions,
	};
}

/**
 * Runs a workflow as another workflow calls it (or as a person does, through the trigger a template
 * shares for both): started at `startNode` with one empty item, in n8n's "integrated" mode, the
 * mode of an execution another workflow started.
 */
export function runCalledWorkflow(
	json: WorkflowJson,
	startNode: string,
	options: Omit<RunOptions, 'startNode' | 'triggerItems' | 'mode'> = {},
): Promise<RunResult> {
	return runWorkflow(json, {
		startNode,
		triggerItems: [{ json: {} }],
		mode: 'integrated',
		...options,
	});
}
