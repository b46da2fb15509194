import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	IAuthenticateGeneric,
	Icon,
} from 'n8n-workflow';

export class AmazonSpApi implements ICredentialType {
	name = 'amazonSpApi';

	displayName = 'Amazon Selling Partner API';

	icon: Icon = { light: 'file:amazonSellerCentral.svg', dark: 'file:amazonSellerCentral.dark.svg' };

	documentationUrl =
		'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/amazon-seller-central.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'eu',
			options: [
				{ name: 'Europe', value: 'eu' },
				{ name: 'Far East', value: 'fe' },
				{ name: 'North America', value: 'na' },
			],
		},
		{ displayName: 'LWA Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'LWA Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Endpoint Override',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
			description:
				"Leave empty for the production endpoint of the region; set for Amazon's sandbox or a test server",
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: 'https://api.amazon.com/auth/o2/token',
			description: 'Login with Amazon token endpoint',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Allow Refunds Through Feeds',
			name: 'allowRefundFeeds',
			type: 'boolean',
			default: false,
			description:
				'Whether "Refund on Receipt" may submit order-adjustment feeds (real refunds to buyers). Off: it only shows the feed it would send.',
		},
		{
			displayName: 'Seller ID (Merchant Identifier)',
			name: 'sellerId',
			type: 'string',
			default: '',
			description: 'Your merchant token, written into the header of feeds',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'How long one call may take before it counts as failed (and is retried when that is safe)',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: (credentials.tokenUrl as string) || 'https://api.amazon.com/auth/o2/token',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: credentials.refreshToken as string,
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
			}).toString(),
			json: true,
		})) as { access_token: string };
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-amz-access-token': '={{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.endpoint ? $credentials.endpoint.replace(/\\/$/, "") : ({ na: "https://sellingpartnerapi-na.amazon.com", eu: "https://sellingpartnerapi-eu.amazon.com", fe: "https://sellingpartnerapi-fe.amazon.com" })[$credentials.region] }}',
			url: '/sellers/v1/marketplaceParticipations',
			method: 'GET',
		},
	};
}
