import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

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
			description:
				'Created in AMS > System > API Tokens. Needs Order, Shipment, Return, StockChange, Warehouse and Product permissions.',
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
			body: { query: 'query CredentialTest { rateLimits { type remainingQuota } }' },
			json: true,
		},
	};
}
