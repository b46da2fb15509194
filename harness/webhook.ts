/**
 * Calls a trigger node's webhook() the way n8n's webhook server does: n8n-core's real
 * WebhookContext over a request carrying the raw body bytes (n8n keeps them as req.rawBody for
 * signature checks) and the parsed JSON body, and a response object that records the answer.
 */
// n8n-core's own modules, not its index, which also loads the nodes loader (with fast-glob) and the
// trigger and poll managers: jest loads them again for every test file (see jest.config.js).
import { ExecutionLifecycleHooks } from 'n8n-core/dist/execution-engine/execution-lifecycle-hooks';
import { WebhookContext } from 'n8n-core/dist/execution-engine/node-execution-context/webhook-context';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
} from 'n8n-workflow';
import { Node, Workflow } from 'n8n-workflow';
import {
	HarnessCredentialsHelper,
	loadPackageCredentialTypes,
	type CredentialStore,
} from './credentialsHelper';
import { HarnessNodeTypes, PACKAGE_NAME } from './nodeTypes';
import { additionalDataFor } from './runWorkflow';

export interface WebhookCall {
	type: string;
	parameters?: INodeParameters;
	credentials?: CredentialStore;
	nodeCredentials?: Record<string, string>;
	body: Buffer | string;
	headers?: Record<string, string>;
	/** Workflow static data, shared between calls to model one active workflow. */
	staticData?: IDataObject;
	webhookName?: string;
	nodeTypes?: HarnessNodeTypes;
	/** Extra credential types, e.g. n8n-nodes-base's httpHeaderAuth; the package's are always loaded. */
	credentialTypes?: Record<string, ICredentialType>;
}

export interface RecordedResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
	ended: boolean;
}

export interface WebhookResult {
	response: IWebhookResponseData;
	/** What the node wrote to the HTTP response itself (e.g. a 401), if anything. */
	recorded: RecordedResponse;
	staticData: IDataObject;
}

function recordingResponse(): { res: unknown; recorded: RecordedResponse } {
	const recorded: RecordedResponse = {
		statusCode: 200,
		body: undefined,
		headers: {},
		ended: false,
	};
	const res = {
		status(code: number) {
			recorded.statusCode = code;
			return res;
		},
		writeHead(code: number, headers: Record<string, string> = {}) {
			recorded.statusCode = code;
			for (const [name, value] of Object.entries(headers))
				recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		send(body: unknown) {
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		json(body: unknown) {
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) recorded.body = body;
			recorded.ended = true;
			return res;
		},
	};
	return { res, recorded };
}

export async function callWebhook(call: WebhookCall): Promise<WebhookResult> {
	const type = call.type.includes('.') ? call.type : `${PACKAGE_NAME}.${call.type}`;
	const node: INode = {
		id: 'trigger',
		name: 'Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: call.parameters ?? {},
		webhookId: 'harness-webhook',
		credentials: Object.fromEntries(
			Object.entries(call.nodeCredentials ?? {}).map(([credType, name]) => [
				credType,
				{ id: `${credType}-id`, name },
			]),
		),
	};
	const staticData = call.staticData ?? {};
	const workflow = new Workflow({
		id: 'harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: call.nodeTypes ?? new HarnessNodeTypes(),
		staticData,
	});
	const credentials = new HarnessCredentialsHelper(call.credentials ?? {}, {
		...loadPackageCredentialTypes(),
		...call.credentialTypes,
	});
	const hooks = new ExecutionLifecycleHooks('webhook', 'webhook', {
		id: 'harness',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase);
	const additionalData = additionalDataFor(hooks, credentials);
	const raw = Buffer.isBuffer(call.body) ? call.body : Buffer.from(call.body, 'utf8');
	const headers = Object.fromEntries(
		Object.entries(call.headers ?? { 'content-type': 'application/json' }).map(([k, v]) => [
			k.toLowerCase(),
			v,
		]),
	);
	let parsed: unknown = {};
	if ((headers['content-type'] ?? '').includes('json')) {
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			// n8n's body parser would answer 400 itself; the node still sees the raw bytes.
			parsed = {};
		}
	}
	const { res, recorded } = recordingResponse();
	additionalData.httpRequest = {
		body: parsed,
		rawBody: raw,
		headers,
		query: {},
		params: {},
		method: 'POST',
		header: (name: string) => headers[name.toLowerCase()],
		readRawBody: async () => undefined,
	} as unknown as typeof additionalData.httpRequest;
	additionalData.httpResponse = res as typeof additionalData.httpResponse;
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: { name: call.webhookName ?? 'default' },
		workflowId: 'harness',
	} as unknown as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(type, 1);
	if (!nodeType.webhook) throw new Error(`${type} has no webhook()`);
	// As n8n does: class-style nodes (extending Node) take the context as an argument.
	const response =
		nodeType instanceof Node
			? await (nodeType.webhook as (context: WebhookContext) => Promise<IWebhookResponseData>)(
					context,
				)
			: await nodeType.webhook.call(context);
	return { response, recorded, staticData: workflow.staticData };
}
