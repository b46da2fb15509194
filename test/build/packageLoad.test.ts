/**
 * Loads the built package the way n8n does: every node and credential listed in package.json's
 * "n8n" section is required from dist/ and its description checked. Runs after `npm run build`.
 */
import { existsSync, readdirSync } from 'fs';
import { dirname, resolve } from 'path';
import type { ICredentialType, INodeType, INodeTypeDescription } from 'n8n-workflow';

const ROOT = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(resolve(ROOT, 'package.json')) as {
	name: string;
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
};

function instantiate<T>(file: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(resolve(ROOT, file)) as Record<string, new () => T>;
	const classes = Object.values(module).filter((value) => typeof value === 'function');
	expect(classes).toHaveLength(1);
	return new classes[0]();
}

function iconFiles(icon: INodeTypeDescription['icon'] | ICredentialType['icon']): string[] {
	if (!icon) return [];
	const values = typeof icon === 'string' ? [icon] : Object.values(icon as Record<string, string>);
	return values
		.filter((value) => value.startsWith('file:'))
		.map((value) => value.slice('file:'.length));
}

const credentials = pkg.n8n.credentials.map((file) => ({
	file,
	type: instantiate<ICredentialType>(file),
}));
const credentialNames = new Set(credentials.map((c) => c.type.name));
const nodes = pkg.n8n.nodes.map((file) => ({ file, node: instantiate<INodeType>(file) }));

describe('package.json n8n section', () => {
	it('is a community package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-returns-reconciliation');
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('lists every node and credential that exists in the source tree', () => {
		const nodeDirs = readdirSync(resolve(ROOT, 'nodes'), { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.flatMap((entry) =>
				readdirSync(resolve(ROOT, 'nodes', entry.name))
					.filter((f) => f.endsWith('.node.ts'))
					.map((f) => `dist/nodes/${entry.name}/${f.replace(/\.ts$/, '.js')}`),
			);
		expect([...pkg.n8n.nodes].sort()).toEqual(nodeDirs.sort());
		const credentialFiles = existsSync(resolve(ROOT, 'credentials'))
			? readdirSync(resolve(ROOT, 'credentials'))
					.filter((f) => f.endsWith('.credentials.ts'))
					.map((f) => `dist/credentials/${f.replace(/\.ts$/, '.js')}`)
			: [];
		expect([...pkg.n8n.credentials].sort()).toEqual(credentialFiles.sort());
	});
});

describe.each(nodes)('node $file', ({ file, node }) => {
	const { description } = node;

	it('loads from dist with a camelCase name and its icons next to it', () => {
		expect(description.name).toMatch(/^[a-z][A-Za-z0-9]+$/);
		const files = iconFiles(description.icon);
		expect(files.length).toBeGreaterThan(0);
		for (const icon of files) expect(existsSync(resolve(ROOT, dirname(file), icon))).toBe(true);
	});

	it('references only credentials this package defines', () => {
		for (const credential of description.credentials ?? [])
			expect(credentialNames.has(credential.name)).toBe(true);
	});

	it('is usable as a tool unless it is a trigger', () => {
		const isTrigger = description.group.includes('trigger');
		expect(description.usableAsTool === true).toBe(!isTrigger);
		if (isTrigger) expect(description.name.endsWith('Trigger')).toBe(true);
	});

	it('has the entry point its group asks for: webhook for a trigger, execute for an action', () => {
		const isTrigger = description.group.includes('trigger');
		const entries = (['execute', 'webhook', 'trigger', 'poll'] as const).filter(
			(entry) => typeof node[entry] === 'function',
		);
		// A trigger fed by vendor webhooks declares them; an action node only executes.
		expect(entries).toEqual(isTrigger ? ['webhook'] : ['execute']);
		if (isTrigger) expect(description.webhooks?.length ?? 0).toBeGreaterThan(0);
		else expect(description.webhooks ?? []).toEqual([]);
	});
});

const credentialCases: Array<{ file: string; type: ICredentialType | null }> =
	credentials.length > 0 ? credentials : [{ file: '(none yet)', type: null }];

describe.each(credentialCases)('credential $file', ({ file, type }) => {
	it('has a name ending in Api, an icon, a test request and password fields for secrets', () => {
		if (!type) return;
		expect(type.name).toMatch(/Api$/);
		for (const icon of iconFiles(type.icon))
			expect(existsSync(resolve(ROOT, dirname(file), icon))).toBe(true);
		expect(type.test).toBeDefined();
		for (const property of type.properties) {
			if (/(secret|password|token|key)$/i.test(property.name) && property.type === 'string') {
				expect(property.typeOptions?.password).toBe(true);
			}
		}
	});
});
