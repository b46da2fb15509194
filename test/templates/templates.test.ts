/**
 * Every template in workflows-templates/ is a workflow n8n imports as is: valid structure, node
 * types and versions that exist in this package or in n8n-nodes-base (the version inside the n8n
 * we test on), parameters those nodes know, connections between existing nodes, blank credential
 * ids, execution order v1, an error workflow wired in, a Settings node and setup notes.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { builtinNodeTypes, versionsOf, type BuiltinNodeType } from '../../scripts/n8nBuiltins';
import { loadPackageNodes } from '../../harness';
import { SETTINGS_FILE, SETTINGS_WORKFLOW_ID, shippedSettings } from '../../harness/templateFiles';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const builtins = builtinNodeTypes();
const ours = loadPackageNodes();

interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface Template {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings: { executionOrder?: string; errorWorkflow?: string };
}

const templates = files.map((file) => ({
	file,
	json: JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Template,
}));
const ids = new Map(templates.map((t) => [t.json.id, t.file]));

function propertyNames(node: TemplateNode): Set<string> | null {
	const own = ours[node.type] as INodeType | undefined;
	if (own) return new Set((own.description.properties as INodeProperties[]).map((p) => p.name));
	const variants = builtins.get(node.type) ?? [];
	const match = variants.find((v: BuiltinNodeType) => versionsOf(v).includes(node.typeVersion));
	return match ? new Set(match.properties.map((p) => p.name)) : null;
}

it('there are templates', () => {
	expect(files.length).toBeGreaterThan(0);
});

describe.each(templates)('$file', ({ file, json }) => {
	it('has a name, a fixed id, unique node names and ids, and execution order v1', () => {
		expect(typeof json.name).toBe('string');
		expect(json.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(new Set(json.nodes.map((n) => n.name)).size).toBe(json.nodes.length);
		expect(new Set(json.nodes.map((n) => n.id)).size).toBe(json.nodes.length);
		expect(json.settings.executionOrder).toBe('v1');
		for (const node of json.nodes)
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
	});

	it('uses node types and versions that exist, with parameters they know', () => {
		for (const node of json.nodes) {
			const own = ours[node.type] as INodeType | undefined;
			if (own) {
				expect([own.description.version].flat()).toContain(node.typeVersion);
			} else {
				const variants = builtins.get(node.type);
				if (!variants)
					throw new Error(`${file}: node "${node.name}" has unknown type ${node.type}`);
				expect(variants.flatMap(versionsOf)).toContain(node.typeVersion);
			}
			const names = propertyNames(node);
			for (const parameter of Object.keys(node.parameters)) {
				if (!names?.has(parameter))
					throw new Error(
						`${file}: node "${node.name}" (${node.type} v${node.typeVersion}) has no parameter "${parameter}"`,
					);
			}
		}
	});

	it('leaves credential ids blank and names only credentials the node uses', () => {
		for (const node of json.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				expect(reference.id).toBe('');
				const own = ours[node.type] as INodeType | undefined;
				if (own) expect((own.description.credentials ?? []).map((c) => c.name)).toContain(type);
			}
		}
	});

	it("uses only the node keys n8n's public API accepts (its workflow schema has additionalProperties: false)", () => {
		// n8n 2.40's public-api/v1/openapi.yml, schema `node`: a stray key makes PUT /workflows answer 400.
		const accepted = new Set([
			'id',
			'name',
			'webhookId',
			'disabled',
			'notesInFlow',
			'notes',
			'type',
			'typeVersion',
			'executeOnce',
			'alwaysOutputData',
			'retryOnFail',
			'maxTries',
			'waitBetweenTries',
			'continueOnFail',
			'onError',
			'position',
			'parameters',
			'credentials',
		]);
		const stray = json.nodes.flatMap((n) =>
			Object.keys(n)
				.filter((key) => !accepted.has(key))
				.map((key) => `${n.name}.${key}`),
		);
		expect(stray).toEqual([]);
	});

	it('connects only existing nodes', () => {
		const names = new Set(json.nodes.map((n) => n.name));
		for (const [source, outputs] of Object.entries(json.connections)) {
			expect(names.has(source)).toBe(true);
			for (const targets of Object.values(outputs))
				for (const list of targets)
					for (const target of list ?? []) {
						if (!names.has(target.node))
							throw new Error(
								`${file}: connection from "${source}" to missing node "${target.node}"`,
							);
						expect(target.type).toBe('main');
					}
		}
	});

	it('wires the error workflow and has setup notes', () => {
		const isErrorWorkflow = json.nodes.some((n) => n.type === 'n8n-nodes-base.errorTrigger');
		if (!isErrorWorkflow)
			expect(ids.get(json.settings.errorWorkflow)).toBe('09-error-workflow.json');
		expect(json.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThan(
			0,
		);
	});

	if (file !== SETTINGS_FILE)
		it('reads its choices from the settings source through one Settings node, keeping no copy', () => {
			const settings = json.nodes.find((n) => n.name === 'Settings');
			expect(settings?.type).toBe('n8n-nodes-base.executeWorkflow');
			expect(settings?.parameters).toMatchObject({
				source: 'database',
				workflowId: { value: SETTINGS_WORKFLOW_ID },
				mode: 'once',
				options: { waitForSubWorkflow: true },
			});
			const copies = ownCopies(json);
			expect(copies).toEqual([]);
		});

	it("meets n8n's review conventions: description, timezone, Switch fallbacks, alert retries and timeouts, section notes", () => {
		const full = json as Template & { description?: string; settings: { timezone?: string } };
		expect(full.description).toEqual(expect.stringMatching(/\S/));
		expect(full.settings.timezone).toEqual(expect.stringMatching(/\S/));
		for (const node of json.nodes.filter((n) => n.type === 'n8n-nodes-base.switch'))
			expect((node.parameters.options as { fallbackOutput?: string }).fallbackOutput).toBeTruthy();
		for (const node of json.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest')) {
			const http = node as TemplateNode & { retryOnFail?: boolean; maxTries?: number };
			expect(http.retryOnFail).toBe(true);
			expect(http.maxTries).toBeGreaterThanOrEqual(2);
			expect((node.parameters.options as { timeout?: number }).timeout).toBeGreaterThan(0);
		}
		const working = json.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		const sections = json.nodes.filter(
			(n) => n.type === 'n8n-nodes-base.stickyNote' && n.name !== 'Setup',
		);
		if (working.length >= 10) {
			const inside = (node: TemplateNode, note: TemplateNode) => {
				const { width, height } = note.parameters as { width: number; height: number };
				const [x, y] = node.position;
				const [nx, ny] = note.position;
				return x >= nx && y >= ny && x <= nx + width && y <= ny + height;
			};
			const uncovered = working.filter((n) => !sections.some((note) => inside(n, note)));
			expect(uncovered.map((n) => n.name)).toEqual([]);
		}
	});

	it("tests patterns in expressions, not with n8n's regex operator (a vm with a 250 ms watchdog that fails the run on a busy worker)", () => {
		const regexConditions = json.nodes.flatMap((node) =>
			JSON.stringify(node.parameters).match(/"operation":"(?:regex|notRegex)"/g) ? [node.name] : [],
		);
		expect(regexConditions).toEqual([]);
	});

	it('links other templates from the list with their names cached, so an editor import is wired by name', () => {
		const names = new Map(templates.map((t) => [t.json.id, t.json.name]));
		for (const node of json.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')) {
			const link = node.parameters.workflowId as Record<string, unknown>;
			expect(link).toMatchObject({
				__rl: true,
				mode: 'list',
				cachedResultName: names.get(String(link.value)),
			});
		}
	});

	it('calls only sub-workflows that are templates here', () => {
		for (const node of json.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')) {
			const id = (node.parameters.workflowId as { value?: string })?.value;
			expect(ids.has(id)).toBe(true);
		}
	});
});

/**
 * What a template would carry if it kept its own settings: a Set node assigning a setting's name,
 * or a node parameter holding a shipped value that only the settings source should hold.
 */
const FREE_TEXT = [
	'inTransitWarehouse',
	'amazonMarketplaceIds',
	'transitNote',
	'processedNote',
	'reportTitle',
	'alertSeverities',
];

function ownCopies(json: Template): string[] {
	const shipped = shippedSettings();
	const names = new Set(Object.keys(shipped));
	const legacy = ['zeroValueExchange', 'refundAtFirstScan', 'olderThanMinutes', 'ledgerTable'];
	// Free-text values only: policy choices such as "first-scan" are compared against, not copied.
	const values = FREE_TEXT.map((name) => String(shipped[name])).filter((v) => v.length >= 6);
	const mappingEntries = Object.entries(shipped.dispositionMapping as Record<string, string>);
	const found: string[] = [];
	for (const node of json.nodes) {
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		const text = JSON.stringify(node.parameters);
		if (node.type === 'n8n-nodes-base.set')
			for (const assignment of (
				node.parameters.assignments as { assignments?: Array<{ name: string }> } | undefined
			)?.assignments ?? [])
				if (names.has(assignment.name) || legacy.includes(assignment.name))
					found.push(`${node.name}: assigns "${assignment.name}"`);
		for (const value of values)
			if (text.includes(JSON.stringify(value).slice(1, -1)))
				found.push(`${node.name}: holds "${value}"`);
		for (const [code, bucket] of mappingEntries)
			if (text.includes(`"code": "${code}"`) || text.includes(`"code":"${code}"`))
				found.push(`${node.name}: maps "${code}" to "${bucket}" itself`);
	}
	return found;
}

describe('the settings source', () => {
	const source = templates.find((t) => t.file === SETTINGS_FILE)!.json;

	it('is called by every template', () => {
		const callers = templates
			.filter(({ json }) =>
				json.nodes.some(
					(n) =>
						n.type === 'n8n-nodes-base.executeWorkflow' &&
						(n.parameters.workflowId as { value?: string })?.value === source.id,
				),
			)
			.map((t) => t.file);
		expect(callers).toEqual(files.filter((f) => f !== SETTINGS_FILE));
	});

	it('hands every item back with the settings added under one key', () => {
		const values = source.nodes.find((n) => n.type === 'n8n-nodes-base.set')!;
		expect(values.parameters.includeOtherFields).toBe(true);
		const assignments = (values.parameters.assignments as { assignments: Array<{ name: string }> })
			.assignments;
		for (const a of assignments) expect(a.name).toMatch(/^settings\.[A-Za-z]+$/);
	});

	it('holds only settings some template reads', () => {
		const text = templates.map((t) => JSON.stringify(t.json.nodes)).join('\n');
		const unread = Object.keys(shippedSettings()).filter(
			(name) => !text.includes(`.json.settings.${name}`),
		);
		expect(unread).toEqual([]);
	});

	it('holds one disposition mapping that 03 can route with in full', () => {
		const mapping = shippedSettings().dispositionMapping as Record<string, string>;
		expect(mapping).toMatchObject({ 'wrong-item': expect.any(String), missing: 'none' });
		const route = templates
			.find((t) => t.file === '03-warehouse-processing.json')!
			.json.nodes.find((n) => n.name === 'Route by disposition')!;
		const slots = (route.parameters.mapping as { rows: unknown[] }).rows.length;
		expect(Object.keys(mapping).length).toBeLessThanOrEqual(slots);
	});

	it('catches a template that carries its own copy', () => {
		const copy = JSON.parse(
			JSON.stringify(templates.find((t) => t.file === '04-nightly-reconciliation.json')!.json),
		) as Template;
		copy.nodes.push({
			id: 'x',
			name: 'My settings',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: {
				assignments: { assignments: [{ name: 'inTransitWarehouse', value: 'In transit' }] },
			},
		});
		expect(ownCopies(copy)).toEqual([
			'My settings: assigns "inTransitWarehouse"',
			'My settings: holds "In transit"',
		]);
	});
});
