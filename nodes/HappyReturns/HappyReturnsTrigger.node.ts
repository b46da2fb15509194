import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { triggerProperties } from './trigger/description';
import { handleWebhook } from './trigger/webhook';

export class HappyReturnsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Happy Returns Trigger',
		name: 'happyReturnsTrigger',
		icon: { light: 'file:happyReturnsTrigger.svg', dark: 'file:happyReturnsTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].length + " events"}}',
		description:
			'Starts the workflow on signed Happy Returns webhooks as clean, deduplicated return events',
		// The editor's "Docs" link: the project's guide, as the credential's documentationUrl.
		documentationUrl:
			'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/happy-returns.md',
		defaults: { name: 'Happy Returns Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'happyReturnsApi',
				required: true,
				displayOptions: { hide: { signatureMode: ['none'] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'happy-returns' },
		],
		properties: triggerProperties,
	};

	// Happy Returns registers webhook URLs by hand (no subscription API), so the lifecycle only
	// keeps a marker; delete also forgets the duplicate memory of this node.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return (
					this.getWorkflowStaticData('node').registeredUrl === this.getNodeWebhookUrl('default')
				);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				this.getWorkflowStaticData('node').registeredUrl = this.getNodeWebhookUrl('default');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				delete data.registeredUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
