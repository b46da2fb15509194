/**
 * What `npm pack` would publish: only the built package and its README, LICENSE and manifest;
 * every node and credential n8n is told to load, with its icons; no type declarations under
 * dist/credentials or dist/nodes (n8n's community-package scanner lints every .ts file of the
 * tarball and its filename rules refuse `X.credentials.d.ts`). Runs after `npm run build`.
 */
import { execFileSync } from 'child_process';
import { dirname, posix, resolve } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

const ROOT = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(resolve(ROOT, 'package.json')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

const [packed] = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	}),
) as Array<{ files: Array<{ path: string }> }>;
const files = new Set(packed.files.map((file) => file.path));

function iconPaths(file: string): string[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(resolve(ROOT, file)) as Record<string, new () => unknown>;
	const [Class] = Object.values(module).filter((value) => typeof value === 'function');
	const instance = new Class() as Partial<INodeType> & Partial<ICredentialType>;
	const icon = instance.description?.icon ?? instance.icon;
	const values: unknown[] = typeof icon === 'string' ? [icon] : Object.values(icon ?? {});
	return values
		.filter((value): value is string => typeof value === 'string' && value.startsWith('file:'))
		.map((value) => posix.join(dirname(file), value.slice('file:'.length)));
}

describe('npm pack content', () => {
	it('holds only dist/, README.md, LICENSE and package.json', () => {
		const outside = [...files].filter(
			(path) =>
				!path.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(path),
		);
		expect(outside).toEqual([]);
		expect(files.has('README.md')).toBe(true);
		expect(files.has('LICENSE')).toBe(true);
		expect(files.has('package.json')).toBe(true);
	});

	it('holds no type declarations under dist/credentials or dist/nodes', () => {
		const declarations = [...files].filter(
			(path) => /^dist\/(credentials|nodes)\//.test(path) && /\.d\.[cm]?ts$/.test(path),
		);
		expect(declarations).toEqual([]);
	});

	it('holds no TypeScript source, tests or tooling', () => {
		const stray = [...files].filter(
			(path) =>
				(/\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path)) ||
				/(^|\/)(test|scripts|sandbox|harness|\.cache)\//.test(path),
		);
		expect(stray).toEqual([]);
	});

	it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])(
		'holds %s, listed in package.json, and its icons',
		(file) => {
			expect(files.has(file)).toBe(true);
			const icons = iconPaths(file);
			if (file.startsWith('dist/nodes/')) expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect([icon, files.has(icon)]).toEqual([icon, true]);
		},
	);
});
