/**
 * The editor's "Docs" link of every node and the docs link of every credential lead to the same
 * place: the project's guide of that node (n8n otherwise links a community node to its registry
 * page). Each link names a guide that exists in docs/nodes.
 */
import { existsSync } from 'fs';
import { resolve } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { loadPackageNodes, packageCredentialPaths } from '../../harness/nodeTypes';

const GUIDES =
	'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/';
const ROOT = resolve(__dirname, '..', '..');

const nodes = Object.values(loadPackageNodes()) as INodeType[];
const credentials = packageCredentialPaths().map((path) => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path) as Record<string, new () => ICredentialType>;
	const Class = Object.values(module).find((value) => typeof value === 'function');
	return new (Class as new () => ICredentialType)();
});

describe('Docs links', () => {
	it.each(nodes.map((node) => [node.description.name, node] as const))(
		'%s links to a guide of the project that exists',
		(_, node) => {
			const url = node.description.documentationUrl ?? '';
			expect(url.startsWith(GUIDES)).toBe(true);
			expect(existsSync(resolve(ROOT, url.slice(GUIDES.length)))).toBe(true);
		},
	);

	it.each(credentials.map((credential) => [credential.name, credential] as const))(
		'the nodes using %s link where the credential does',
		(name, credential) => {
			const users = nodes.filter((node) =>
				(node.description.credentials ?? []).some((c) => c.name === name),
			);
			expect(users.length).toBeGreaterThan(0);
			for (const node of users)
				expect([node.description.name, node.description.documentationUrl]).toEqual([
					node.description.name,
					credential.documentationUrl,
				]);
		},
	);
});
