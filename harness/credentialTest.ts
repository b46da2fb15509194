/**
 * Runs a credential type's "Test" the way n8n's credentials service does: the `test.request`
 * with its `={{ }}` expressions resolved against the credential, authenticated by the type's own
 * `authenticate` (and preAuthentication for expirable tokens), sent over real HTTP.
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { isExpression, Workflow } from 'n8n-workflow';
import { HarnessCredentialsHelper, loadPackageCredentialTypes } from './credentialsHelper';
import { HarnessNodeTypes } from './nodeTypes';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	statusCode?: number;
	message: string;
}

export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const types = loadPackageCredentialTypes();
	const type = types[typeName];
	if (!type?.test) throw new Error(`Credential type ${typeName} has no test request`);
	const helper = new HarnessCredentialsHelper({ [typeName]: { ...data } }, types);
	const credentials = await helper.getDecrypted(undefined, { id: 'test', name: 'test' }, typeName);
	const node: INode = {
		id: 'test',
		name: 'Credential Test',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes(),
	});
	const resolve = (value: unknown) =>
		typeof value === 'string' && isExpression(value)
			? String(
					workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					),
				)
			: value;
	const helpers = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) =>
				(
					await axios({
						url: options.url,
						method: options.method ?? 'GET',
						data: options.body,
						headers: options.headers as Record<string, string>,
					})
				).data,
		},
	};
	await helper.preAuthentication(helpers as never, credentials, typeName, node, false);
	const request = { ...type.test.request } as IHttpRequestOptions & { baseURL?: string };
	const options = await helper.authenticate(
		credentials,
		typeName,
		{
			method: request.method ?? 'GET',
			url: `${String(resolve(request.baseURL) ?? '')}${String(resolve(request.url))}`,
			headers: {},
			body: request.body,
		} as IHttpRequestOptions,
		workflow,
		node,
	);
	try {
		const response = await axios({
			url: options.url,
			method: options.method,
			data: options.body,
			headers: options.headers as Record<string, string>,
			validateStatus: () => true,
		});
		const ok = response.status >= 200 && response.status < 300;
		return {
			status: ok ? 'OK' : 'Error',
			statusCode: response.status,
			message: ok ? 'Connection tested successfully' : `HTTP ${response.status}`,
		};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
