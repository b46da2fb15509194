import { createHmac } from 'crypto';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { callWebhook, HarnessNodeTypes, runWorkflow, type WorkflowJson } from '..';

const workflow = JSON.parse(
	readFileSync(resolve(__dirname, 'fixtures/matcher.workflow.json'), 'utf8'),
) as WorkflowJson;

describe('harness: runWorkflow on an exported workflow', () => {
	it('runs stand-in trigger, sticky note, package node and No Op, and returns per-node output', async () => {
		const result = await runWorkflow(workflow, {
			triggerItems: [{ json: {} }],
		});
		expect(result.status).toBe('success');
		expect(result.executed).toEqual(['Every night', 'Refunds', 'Match', 'Register']);
		const registered = result.output('Register');
		expect(registered).toHaveLength(1);
		expect(registered[0].json).toMatchObject({
			type: 'orphaned_refund',
			orderNumber: '5001',
			change: 'new',
		});
	});

	it('surfaces an unknown node type as a clear error', async () => {
		const broken = {
			...workflow,
			nodes: workflow.nodes.map((n) =>
				n.name === 'Register' ? { ...n, type: 'n8n-nodes-base.code' } : n,
			),
		};
		await expect(runWorkflow(broken)).rejects.toThrow('Unknown node type "n8n-nodes-base.code"');
	});
});

/** A throw-away trigger that checks an HMAC over the raw body, to prove callWebhook's plumbing. */
class SignedEchoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signed Echo Trigger',
		name: 'signedEchoTrigger',
		group: ['trigger'],
		version: 1,
		description: 'test',
		defaults: { name: 'Signed Echo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [],
	};
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const expected = createHmac('sha256', 'secret').update(req.rawBody).digest('hex');
		if (this.getHeaderData()['x-signature'] !== expected) {
			this.getResponseObject().status(401).send('bad signature').end();
			return { noWebhookResponse: true };
		}
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}

describe('harness: callWebhook', () => {
	const nodeTypes = new HarnessNodeTypes({ 'test.signedEchoTrigger': new SignedEchoTrigger() });
	const body = '{"event":"x",  "n": 1}';

	it('hands the node the raw bytes and parsed body', async () => {
		const signature = createHmac('sha256', 'secret').update(body).digest('hex');
		const result = await callWebhook({
			type: 'test.signedEchoTrigger',
			body,
			headers: { 'Content-Type': 'application/json', 'X-Signature': signature },
			nodeTypes,
		});
		expect(result.response.workflowData?.[0][0].json).toEqual({ event: 'x', n: 1 });
		expect(result.recorded.ended).toBe(false);
	});

	it('records a response the node writes itself', async () => {
		const result = await callWebhook({
			type: 'test.signedEchoTrigger',
			body,
			headers: { 'content-type': 'application/json', 'x-signature': 'nope' },
			nodeTypes,
		});
		expect(result.response).toEqual({ noWebhookResponse: true });
		expect(result.recorded).toMatchObject({ statusCode: 401, body: 'bad signature', ended: true });
	});
});
