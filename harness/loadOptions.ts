/**
 * Calls a node's loadOptions method the way the editor does, through n8n-core's real
 * LoadOptionsContext, with credentials applied by the harness.
 */
// n8n-core's own modules, not its index, which also loads the nodes loader (with fast-glob) and the
// trigger and poll managers: jest loads them again for every test file (see jest.config.js).
import { ExecutionLifecycleHooks } from 'n8n-core/dist/execution-engine/execution-lifecycle-hooks';
import { LoadOptionsContext } from 'n8n-core/dist/execution-engine/node-execution-context/load-options-context';
import type {
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import {
	HarnessCredentialsHelper,
	loadPackageCredentialTypes,
	type CredentialStore,
} from './credentialsHelper';
import { HarnessNodeTypes, PACKAGE_NAME } from './nodeTypes';
import { additionalDataFor } from './runWorkflow';

interface MethodCall {
	type: string;
	method: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	credentials: CredentialStore;
	nodeCredentials: Record<string, string>;
}

function contextFor(options: MethodCall) {
	const type = options.type.includes('.') ? options.type : `${PACKAGE_NAME}.${options.type}`;
	const node: INode = {
		id: 'node',
		name: 'Node',
		type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(
			Object.entries(options.nodeCredentials).map(([credType, name]) => [
				credType,
				{ id: `${credType}-id`, name },
			]),
		),
	};
	const nodeTypes = new HarnessNodeTypes();
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'load-options', {
		id: 'x',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase);
	const additionalData = additionalDataFor(
		hooks,
		new HarnessCredentialsHelper(options.credentials, loadPackageCredentialTypes()),
	);
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	return { context, methods: nodeTypes.getByNameAndVersion(type, node.typeVersion).methods };
}

export async function loadOptions(options: MethodCall): Promise<INodePropertyOptions[]> {
	const { context, methods } = contextFor(options);
	const method = methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${options.type} has no loadOptions method ${options.method}`);
	return await method.call(context);
}

/** A resource locator's "From list" search, as the editor calls it when the list is opened. */
export async function listSearch(
	options: MethodCall & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { context, methods } = contextFor(options);
	const method = methods?.listSearch?.[options.method];
	if (!method) throw new Error(`${options.type} has no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}
