export {
	runWorkflow,
	runCalledWorkflow,
	registerInstanceWorkflows,
	type RunResult,
	type WorkflowJson,
	type NodeError,
} from './runWorkflow';
export { executeNode, toItems, NODE_UNDER_TEST, type ExecuteNodeResult } from './executeNode';
export { callWebhook, type WebhookResult } from './webhook';
export { HarnessNodeTypes, PACKAGE_NAME, loadPackageNodes, NOT_IN_PROCESS } from './nodeTypes';
export {
	HarnessCredentialsHelper,
	loadPackageCredentialTypes,
	builtinCredentialType,
} from './credentialsHelper';
export { testCredential, type CredentialTestResult } from './credentialTest';
export { listSearch, loadOptions } from './loadOptions';
export { InMemoryDataTables } from './dataTables';
