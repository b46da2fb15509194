/**
 * Calls a node's loadOptions method the way the editor does, through n8n-core's real
 * LoadOptionsContext, with credentials applied by the harness.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type { INode, INodeParameters, INodePropertyOptions, IWorkflowBase } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import {
	HarnessCredentialsHelper,
	loadPackageCredentialTypes,
	type CredentialStore,
} from './credentialsHelper';
import { HarnessNodeTypes, PACKAGE_NAME } from './nodeTypes';
import { additionalDataFor } from './runWorkflow';

export async function loadOptions(options: {
	type: string;
	method: string;
	parameters?: INodeParameters;
	credentials: CredentialStore;
	nodeCredentials: Record<string, string>;
}): Promise<INodePropertyOptions[]> {
	const type = options.type.includes('.') ? options.type : `${PACKAGE_NAME}.${options.type}`;
	const node: INode = {
		id: 'node',
		name: 'Node',
		type,
		typeVersion: 1,
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
	const method = nodeTypes.getByNameAndVersion(type, 1).methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${type} has no loadOptions method ${options.method}`);
	return await method.call(context);
}
