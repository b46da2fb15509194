/**
 * The order the demo and the queue cluster publish the templates in: n8n publishes a workflow only
 * when the workflows it calls are published, so every called template comes first.
 */
import { withSettings, type Template } from '../../harness/templateFiles';
import { publishOrder, readTemplates, type TemplateJson } from '../../scripts/realN8n/demo';

const calls = (t: TemplateJson) =>
	t.nodes
		.filter(
			(n) => n.type === 'n8n-nodes-base.executeWorkflow' && n.parameters.source === 'database',
		)
		.map((n) => String((n.parameters.workflowId as { value: string }).value))
		.filter((id) => id !== t.id);

describe('publish order', () => {
	it('puts every called template before its callers', () => {
		const ordered = publishOrder(readTemplates());
		expect(ordered).toHaveLength(readTemplates().length);
		ordered.forEach((t, index) => {
			for (const id of calls(t)) expect(ordered.slice(0, index).map((o) => o.id)).toContain(id);
		});
	});

	it('accepts a template whose settings are given inline (the queue storm shortens the replay wait so)', () => {
		const templates = readTemplates().map((t) =>
			t.id === 'rrReplay00000008'
				? (withSettings(t as unknown as Template, {
						replayAfterMinutes: 0,
					}) as unknown as TemplateJson)
				: t,
		);
		expect(
			publishOrder(templates)
				.map((t) => t.id)
				.sort(),
		).toEqual(templates.map((t) => t.id).sort());
	});

	it('publishes a template that calls itself (n8n counts a self-call as published) after what else it calls', () => {
		const [settings] = readTemplates();
		const selfCaller = {
			...settings,
			id: 'rrSelfCaller',
			name: 'self caller',
			nodes: ['rrSelfCaller', settings.id].map((id) => ({
				name: `Call ${id}`,
				type: 'n8n-nodes-base.executeWorkflow',
				parameters: { source: 'database', workflowId: { value: id } },
			})),
		};
		expect(publishOrder([selfCaller, settings]).map((t) => t.id)).toEqual([
			settings.id,
			'rrSelfCaller',
		]);
	});

	it('refuses templates that call a workflow no template is', () => {
		const [settings] = readTemplates();
		const caller = {
			...settings,
			id: 'rrCaller',
			name: 'caller',
			nodes: [
				{
					name: 'Call',
					type: 'n8n-nodes-base.executeWorkflow',
					parameters: { source: 'database', workflowId: { value: 'rrMissing' } },
				},
			],
		};
		expect(() => publishOrder([caller])).toThrow(/call a missing workflow: caller/);
	});
});
