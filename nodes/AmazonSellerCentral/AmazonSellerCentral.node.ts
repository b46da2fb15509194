import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { amazonProperties } from './description';
import { route } from './actions/router';
import { searchMarketplaces } from './methods/listSearch';

export class AmazonSellerCentral implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Seller Central',
		name: 'amazonSellerCentral',
		icon: { light: 'file:amazonSellerCentral.svg', dark: 'file:amazonSellerCentral.dark.svg' },
		group: ['transform'],
		// Version 2 picks marketplaces from the seller's list (By ID as fallback) and keeps the
		// throttling wait budget under Options; saved version 1 nodes keep their fields and values.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Check whether Amazon already refunded, read settlement and returns reports and orders, within Amazon's rate limits",
		// The editor's "Docs" link: the project's guide, as the credential's documentationUrl.
		documentationUrl:
			'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/amazon-seller-central.md',
		defaults: { name: 'Amazon Seller Central' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'amazonSpApi', required: true }],
		properties: amazonProperties,
	};

	methods = {
		listSearch: { searchMarketplaces },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
