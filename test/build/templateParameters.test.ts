/**
 * Every template's nodes of this package set only parameters their node type shows for that node:
 * for the node's version and its resource/operation (displayOptions evaluated by n8n-workflow's
 * own NodeHelpers, as the editor does), nested collection and fixed-collection fields included,
 * and options-typed values among the allowed options where the list is static (a list loaded from
 * the vendor cannot be checked here). A re-cut node that renames, drops or moves a field breaks
 * the templates and the saved workflows alike; this test names the template, node and field.
 *
 * Node types come from the harness's loader (package.json's node list), not from file paths, so a
 * node that moves within the package is still found.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type {
	INode,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { HarnessNodeTypes, loadPackageNodes, PACKAGE_NAME } from '../../harness/nodeTypes';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const nodeTypes = new HarnessNodeTypes();
const packageTypes = Object.keys(loadPackageNodes());

interface TemplateJson {
	name: string;
	nodes: INode[];
}

const templates = readdirSync(DIR)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({
		file,
		json: JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as TemplateJson,
	}));

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

const hasLoadedOptions = (property: INodeProperties) =>
	Boolean(
		property.typeOptions?.loadOptionsMethod ??
		property.typeOptions?.loadOptions ??
		property.typeOptions?.loadOptionsDependsOn,
	);

function allowedValues(property: INodeProperties): unknown[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

/** Problems of one value against the property that holds it; `path` names it for the message. */
function valueProblems(property: INodeProperties, value: unknown, path: string): string[] {
	// n8n stores a resource locator as { __rl, mode, value } even when the value is an expression.
	if (isExpression(value) && property.type !== 'resourceLocator') return [];
	switch (property.type) {
		case 'options': {
			if (hasLoadedOptions(property)) return [];
			const allowed = allowedValues(property);
			return allowed.includes(value as never)
				? []
				: [`${path}: value ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`];
		}
		case 'multiOptions': {
			if (hasLoadedOptions(property)) return [];
			if (!Array.isArray(value)) return [`${path}: a list is expected`];
			const allowed = allowedValues(property);
			return value
				.filter((v) => !isExpression(v) && !allowed.includes(v as never))
				.map((v) => `${path}: value ${JSON.stringify(v)} is not one of ${JSON.stringify(allowed)}`);
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${path}: a boolean is expected`];
		case 'number':
			return typeof value === 'number' ? [] : [`${path}: a number is expected`];
		case 'resourceLocator': {
			const modes = (property.modes ?? []).map((m) => m.name);
			const locator = value as { __rl?: unknown; mode?: unknown; value?: unknown } | null;
			if (typeof locator !== 'object' || locator === null || locator.__rl !== true)
				return [`${path}: a resource locator ({ __rl, mode, value }) is expected`];
			return modes.includes(String(locator.mode))
				? []
				: [`${path}: mode ${JSON.stringify(locator.mode)} is not one of ${JSON.stringify(modes)}`];
		}
		case 'collection':
			return fieldsProblems((property.options ?? []) as INodeProperties[], value, path);
		case 'fixedCollection': {
			if (typeof value !== 'object' || value === null || Array.isArray(value))
				return [`${path}: an object is expected`];
			const groups = (property.options ?? []) as INodePropertyCollection[];
			return Object.entries(value).flatMap(([name, entries]) => {
				const group = groups.find((g) => g.name === name);
				if (!group) return [`${path}.${name}: no such group`];
				const list = property.typeOptions?.multipleValues ? entries : [entries];
				if (!Array.isArray(list)) return [`${path}.${name}: a list is expected`];
				return list.flatMap((entry, i) =>
					fieldsProblems(group.values, entry, `${path}.${name}[${i}]`),
				);
			});
		}
		default:
			return [];
	}
}

/** Problems of an object of fields (a collection, a fixed-collection entry) against its fields. */
function fieldsProblems(fields: INodeProperties[], value: unknown, path: string): string[] {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return [`${path}: an object is expected`];
	return Object.entries(value).flatMap(([name, inner]) => {
		const field = fields.find((f) => f.name === name);
		return field
			? valueProblems(field, inner, `${path}.${name}`)
			: [`${path}.${name}: no such field`];
	});
}

/** Every problem of one template node of this package, in words naming the parameter. */
function parameterProblems(node: INode): string[] {
	const type = nodeTypes.getByName(node.type);
	const known =
		'nodeVersions' in type
			? Object.keys(type.nodeVersions).map(Number)
			: [type.description.version].flat();
	if (!known.includes(node.typeVersion))
		return [`version ${node.typeVersion} does not exist (known: ${known.join(', ')})`];
	const description: INodeTypeDescription = nodeTypes.getByNameAndVersion(
		node.type,
		node.typeVersion,
	).description;
	const properties = description.properties;
	// The node's values with every default filled in, as the editor resolves them.
	const values =
		NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node, description) ??
		{};
	return Object.entries(node.parameters).flatMap(([name, value]) => {
		const named = properties.filter((p) => p.name === name);
		if (named.length === 0) return [`"${name}": no such parameter`];
		const shown = named.filter((p) =>
			NodeHelpers.displayParameter(values, p, node, description, values),
		);
		if (shown.length === 0)
			return [
				`"${name}": not shown for ${JSON.stringify(pick(values, ['resource', 'operation', 'mode']))}`,
			];
		// Several fields may share a name for different operations; the value must suit one.
		const problems = shown.map((p) => valueProblems(p, value, `"${name}"`));
		return problems.find((list) => list.length === 0) ?? problems[0];
	});
}

function pick(values: INodeParameters, keys: string[]): Record<string, NodeParameterValueType> {
	return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]]));
}

const ourNodes = templates.flatMap(({ file, json }) =>
	json.nodes
		.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`))
		.map((node) => ({ file, node, label: `${file}: "${node.name}" (${node.type})` })),
);

describe('template parameters against the node descriptions', () => {
	it('every node type of this package appears in some template', () => {
		expect(new Set(ourNodes.map(({ node }) => node.type))).toEqual(new Set(packageTypes));
	});

	it.each(ourNodes)('$label', ({ node }) => {
		expect(parameterProblems(node)).toEqual([]);
	});
});

describe('the check can fail', () => {
	const node = (type: string, where: (n: INode) => boolean): INode => {
		const found = ourNodes.find(({ node: n }) => n.type === `${PACKAGE_NAME}.${type}` && where(n));
		if (!found) throw new Error(`no ${type} node in the templates`);
		return JSON.parse(JSON.stringify(found.node)) as INode;
	};
	const findMovements = () => node('centra', (n) => n.parameters.operation === 'findMovements');

	it('refuses an invented parameter', () => {
		const n = findMovements();
		n.parameters.warehouseFilter = 'Main';
		expect(parameterProblems(n)).toEqual(['"warehouseFilter": no such parameter']);
	});

	it("refuses a parameter of another operation (Add Note's note on Find Movements)", () => {
		const n = findMovements();
		n.parameters.note = 'Return in transit';
		expect(parameterProblems(n)).toEqual([
			'"note": not shown for {"resource":"stock","operation":"findMovements"}',
		]);
	});

	it('refuses a field shown only under another choice (Limit while Return All is on)', () => {
		const n = findMovements();
		n.parameters.limit = 10;
		expect(parameterProblems(n)).toEqual([
			'"limit": not shown for {"resource":"stock","operation":"findMovements"}',
		]);
		n.parameters.returnAll = false;
		expect(parameterProblems(n)).toEqual([]);
	});

	it('refuses an option value outside a static list, top level and nested', () => {
		const n = findMovements();
		(n.parameters.filters as INodeParameters).referenceMatch = 'startsWith';
		(n.parameters.filters as INodeParameters).sortBy = 'date';
		n.parameters.returnAll = 'yes';
		expect(parameterProblems(n)).toEqual([
			'"filters".referenceMatch: value "startsWith" is not one of ["contains","equals"]',
			'"filters".sortBy: no such field',
			'"returnAll": a boolean is expected',
		]);
	});

	it('refuses an unknown fixed-collection field and accepts expressions as values', () => {
		const n = node('centra', (x) => x.parameters.operation === 'route');
		(n.parameters.mapping as { rows: INodeParameters[] }).rows[0].bucket = 'B-stock';
		n.parameters.unmappedHandling = '={{ "error" }}';
		expect(parameterProblems(n)).toEqual(['"mapping".rows[0].bucket: no such field']);
	});

	it('refuses a version the node type does not have', () => {
		const n = findMovements();
		n.typeVersion = 99;
		expect(parameterProblems(n)[0]).toMatch(/^version 99 does not exist/);
	});

	it('evaluates displayOptions for the node version (Centra v2 resource locators)', () => {
		const n = node('centra', (x) => x.parameters.operation === 'move');
		n.typeVersion = 2;
		expect(parameterProblems(n)).toEqual([
			'"toWarehouse": a resource locator ({ __rl, mode, value }) is expected',
		]);
		n.parameters.toWarehouse = { __rl: true, mode: 'url', value: 'https://example.com' };
		expect(parameterProblems(n)).toEqual([
			'"toWarehouse": mode "url" is not one of ["list","id","name"]',
		]);
		n.parameters.toWarehouse = { __rl: true, mode: 'list', value: '2' };
		expect(parameterProblems(n)).toEqual([]);
	});

	it('checks the other nodes of the package too (Amazon, matcher, Happy Returns, trigger)', () => {
		for (const type of packageTypes.map((t) => t.slice(PACKAGE_NAME.length + 1))) {
			const n = node(type, () => true);
			n.parameters.inventedParameter = true;
			expect(parameterProblems(n)).toContain('"inventedParameter": no such parameter');
		}
	});
});
