import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { happyReturnsProperties } from './description';
import { route } from './router';

export class HappyReturns implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Happy Returns',
		name: 'happyReturns',
		icon: { light: 'file:happyReturns.svg', dark: 'file:happyReturns.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Look up returns and shipment manifests, approve or expire returns, and post warehouse check-ins with the Happy Returns partner API',
		// The editor's "Docs" link: the project's guide, as the credential's documentationUrl.
		documentationUrl:
			'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/happy-returns.md',
		defaults: { name: 'Happy Returns' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'happyReturnsApi', required: true }],
		properties: happyReturnsProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
