import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { CENTRA_PERMISSIONS } from '../nodes/Centra/contract';
import { DEFAULT_PLAN } from '../nodes/Centra/logic/pacer';
import { RATE_LIMITS } from '../nodes/Centra/queries';

export class CentraApi implements ICredentialType {
	name = 'centraApi';

	displayName = 'Centra API';

	icon: Icon = { light: 'file:centra.svg', dark: 'file:centra.dark.svg' };

	documentationUrl =
		'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/centra.md';

	properties: INodeProperties[] = [
		{
			displayName: 'GraphQL Endpoint',
			name: 'url',
			type: 'string',
			default: 'https://yourstore.centra.com/graphql',
			required: true,
			description: 'Your Integration API URL (Centra documents <base>/graphql)',
		},
		{
			displayName: 'Integration API Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `Created in AMS > System > API Tokens. Needs: ${CENTRA_PERMISSIONS.join(', ')}. The node's Check Setup operation lists any that are missing.`,
		},
		{
			displayName: 'Order API URL',
			name: 'orderApiUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourstore.centra.com/api/order',
			description:
				'Only for exchange orders: the REST Order API plugin URL (GraphQL has no order-creation mutation)',
		},
		{
			displayName: 'Order API Key',
			name: 'orderApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for exchange orders: the Order API plugin key, sent as API-Authorization',
		},
		{
			displayName: 'Rate-Limit Plan',
			name: 'rateLimitPlan',
			type: 'options',
			default: 'default',
			options: [
				{
					name: 'Centra Default Plan',
					value: 'default',
					description: `${DEFAULT_PLAN.requestsPer10Seconds} requests and ${DEFAULT_PLAN.mutationsPer10Seconds} mutations per 10 s, ${DEFAULT_PLAN.mutationsPerHour} mutations per hour`,
				},
				{ name: 'Custom Numbers', value: 'custom', description: 'Your plan, or a share of it' },
				{ name: 'No Pacing', value: 'off', description: 'Only wait when Centra answers 429' },
			],
			description:
				"The store's quotas are shared by every integration: pace this one to its plan (or to the share you give it)",
		},
		{
			displayName: 'Requests per 10 Seconds',
			name: 'requestsPer10Seconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_PLAN.requestsPer10Seconds,
			displayOptions: { show: { rateLimitPlan: ['custom'] } },
		},
		{
			displayName: 'Mutations per 10 Seconds',
			name: 'mutationsPer10Seconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_PLAN.mutationsPer10Seconds,
			displayOptions: { show: { rateLimitPlan: ['custom'] } },
		},
		{
			displayName: 'Mutations per Hour',
			name: 'mutationsPerHour',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_PLAN.mutationsPerHour,
			displayOptions: { show: { rateLimitPlan: ['custom'] } },
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description:
				'How long one call may take before it counts as failed (and is retried when that is safe)',
		},
	];

	// The GraphQL token and the Order API key go only to their own endpoints.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		options: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const orderApi = String(credentials.orderApiUrl ?? '').replace(/\/+$/, '');
		const url = String(options.url ?? '');
		const headers = { ...(options.headers ?? {}) };
		if (orderApi && url.startsWith(orderApi))
			headers['API-Authorization'] = String(credentials.orderApiKey ?? '');
		else headers.Authorization = `Bearer ${String(credentials.token ?? '')}`;
		return { ...options, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '',
			method: 'POST',
			// Centra's free rate-limit query: proves the URL and the token without any permission.
			body: { query: RATE_LIMITS },
			json: true,
		},
	};
}
