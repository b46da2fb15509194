/**
 * The harness applies credentials as n8n does: the credential type's own `authenticate`
 * (generic expressions resolved by n8n's expression engine) and `preAuthentication` for expirable
 * tokens, with a refresh and one retry when the server says the token expired. Real HTTP to a
 * local server.
 */
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import { executeNode, HarnessNodeTypes, toItems } from '..';

let server: Server;
let base = '';
const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
let tokenSerial = 0;
let validToken = '';

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push({ url: req.url ?? '', headers: req.headers });
		if (req.url === '/token') {
			validToken = `token-${++tokenSerial}`;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ access_token: validToken }));
			return;
		}
		if (req.url?.startsWith('/bearer')) {
			const ok = req.headers.authorization === `Bearer ${validToken}`;
			res.statusCode = ok ? 200 : 403;
			res.end(JSON.stringify(ok ? { ok: true } : { error: 'expired' }));
			return;
		}
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify({ key: req.headers['x-api-key'] ?? null }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

class KeyApi implements ICredentialType {
	name = 'harnessKeyApi';
	displayName = 'Harness Key API';
	properties = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string' as const,
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Prefix', name: 'prefix', type: 'string' as const, default: 'key-' },
	];
	authenticate = {
		type: 'generic' as const,
		properties: { headers: { 'X-Api-Key': '={{$credentials.prefix + $credentials.apiKey}}' } },
	};
}

class TokenApi implements ICredentialType {
	name = 'harnessTokenApi';
	displayName = 'Harness Token API';
	properties = [
		{ displayName: 'Token URL', name: 'tokenUrl', type: 'string' as const, default: '' },
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden' as const,
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: credentials.tokenUrl as string,
			json: true,
		})) as { access_token: string };
		return { accessToken: response.access_token };
	}
	authenticate = {
		type: 'generic' as const,
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};
}

class Caller implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Caller',
		name: 'caller',
		group: ['transform'],
		version: 1,
		description: 'test',
		defaults: { name: 'Caller' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Credential', name: 'credential', type: 'string', default: 'harnessKeyApi' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '/' },
		],
		credentials: [
			{ name: 'harnessKeyApi', required: false },
			{ name: 'harnessTokenApi', required: false },
		],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const credential = this.getNodeParameter('credential', i) as string;
			try {
				const json = await this.helpers.httpRequestWithAuthentication.call(
					this,
					credential,
					{ url: `${base}${this.getNodeParameter('path', i) as string}`, json: true },
					{ preAuthenticationRetryStatusCode: [401, 403] } as never,
				);
				out.push({ json, pairedItem: { item: i } });
			} catch (error) {
				throw new NodeApiError(this.getNode(), error as never, { itemIndex: i });
			}
		}
		return [out];
	}
}

const nodeTypes = new HarnessNodeTypes({ 'test.caller': new Caller() });
const credentialTypes = { harnessKeyApi: new KeyApi(), harnessTokenApi: new TokenApi() };

describe('harness credentials', () => {
	it('applies a generic authenticate with expressions and property defaults', async () => {
		const result = await executeNode({
			type: 'test.caller',
			nodeTypes,
			credentialTypes,
			parameters: { credential: 'harnessKeyApi' },
			inputs: toItems([{}]),
			credentials: { harnessKeyApi: { apiKey: 'abc' } },
			nodeCredentials: { harnessKeyApi: 'Key' },
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0][0].json).toEqual({ key: 'key-abc' });
	});

	it('runs preAuthentication for an empty expirable token, and refreshes once on 403', async () => {
		const store = { harnessTokenApi: { tokenUrl: `${base}/token`, accessToken: 'stale' } };
		const result = await executeNode({
			type: 'test.caller',
			nodeTypes,
			credentialTypes,
			parameters: { credential: 'harnessTokenApi', path: '/bearer' },
			inputs: toItems([{}, {}]),
			credentials: store,
			nodeCredentials: { harnessTokenApi: 'Token' },
		});
		expect(result.status).toBe('success');
		expect(result.outputs[0].map((item) => item.json)).toEqual([{ ok: true }, { ok: true }]);
		expect(result.result.credentials.refreshes.harnessTokenApi).toBe(1);
		expect(result.result.credentials.store.harnessTokenApi.accessToken).toBe(validToken);
	});
});
