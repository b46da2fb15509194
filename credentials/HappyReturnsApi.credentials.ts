import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export class HappyReturnsApi implements ICredentialType {
	name = 'happyReturnsApi';

	displayName = 'Happy Returns API';

	icon: Icon = { light: 'file:happyReturns.svg', dark: 'file:happyReturns.dark.svg' };

	documentationUrl =
		'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/happy-returns.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Partner API key from the Happy Returns dashboard settings (sent as X-Hr-Apikey)',
		},
		{
			displayName: 'Retailer ID',
			name: 'retailerId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Happy Returns retailer ID (happyReturnsRetailerID)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://partner.happyreturns.com',
			description: 'Partner API host. Change only for a test server.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret Happy Returns signs webhooks with (X-Hr-Signature). Needed by the Happy Returns Trigger.',
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
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0.5,
			description:
				'Pace of calls to the partner API. Happy Returns documents 0.5 requests per second (a leaky bucket); 0 turns pacing off.',
		},
		{
			displayName: 'Burst',
			name: 'burst',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				'Calls sent at once before pacing starts. Happy Returns does not publish its bucket size; lower this if you see 429 answers.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Hr-Apikey': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/$/, "")}}',
			url: '/webhooks',
			method: 'GET',
		},
	};
}
