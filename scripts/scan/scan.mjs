#!/usr/bin/env node
/**
 * `npm run scan`: packs this package and lints the unpacked tarball with n8n's own community-package
 * scanner (@n8n/scan-community-package), the gate n8n applies before it lists or installs a
 * community package: https://docs.n8n.io/integrations/community-nodes/build-community-nodes/
 *
 * The scanner's CLI downloads a package by name from the registry, so this calls its exported
 * `analyzePackage(dir)` on the local tarball instead, with its default file patterns (every .js,
 * .ts and .json file: stricter than the by-name gate, which lints the tarball's .js and
 * package.json and the provenance-attested source).
 *
 * The scanner is installed apart from the project, in .cache/scanner, from the manifest and
 * lockfile next to this script: its own dependency tree pins a TypeScript major that its
 * TypeScript-ESLint parser does not support, so the manifest overrides it, and none of it may
 * touch the project's node_modules. To move to a newer scanner: change the version in
 * scripts/scan/package.json, run `npm install --package-lock-only --ignore-scripts` in
 * scripts/scan, commit both files.
 *
 * Modes:
 *   node scripts/scan/scan.mjs               pack, unpack, scan; exit 1 on any violation
 *   node scripts/scan/scan.mjs --self-test   also plant known violations in a scratch copy of
 *                                            the unpacked tarball and require the scanner to
 *                                            report each one (shows the gate can fail)
 *   node scripts/scan/scan.mjs --source      also scan the sources the way the by-name gate does
 *                                            (package.json, nodes/, credentials/)
 * Build first (`npm run build`); `npm run scan` does.
 */
import { spawnSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SCANNER_DIR = resolve(ROOT, '.cache', 'scanner');
const args = new Set(process.argv.slice(2));

function run(command, commandArgs, options = {}) {
	const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(
			`${command} ${commandArgs.join(' ')} failed (${result.status}):\n${result.stderr ?? ''}`,
		);
	}
	return result.stdout;
}

/** Installs the pinned scanner into .cache/scanner unless that exact lockfile is installed. */
function ensureScanner() {
	const lock = readFileSync(join(HERE, 'package-lock.json'), 'utf8');
	const installedLock = join(SCANNER_DIR, 'node_modules', '.package-lock.json');
	const stamp = join(SCANNER_DIR, 'installed-from.lock');
	if (existsSync(installedLock) && existsSync(stamp) && readFileSync(stamp, 'utf8') === lock)
		return;
	console.log(`Installing the scanner into ${SCANNER_DIR} (npm ci from scripts/scan)...`);
	rmSync(SCANNER_DIR, { recursive: true, force: true });
	mkdirSync(SCANNER_DIR, { recursive: true });
	cpSync(join(HERE, 'package.json'), join(SCANNER_DIR, 'package.json'));
	writeFileSync(join(SCANNER_DIR, 'package-lock.json'), lock);
	// No install scripts: the scanner only needs its JavaScript, and one transitive package has a
	// native build that this Node version cannot run.
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: SCANNER_DIR,
		stdio: 'inherit',
	});
	writeFileSync(stamp, lock);
}

/** npm pack into a temporary folder, unpacked the way the scanner unpacks a downloaded tarball. */
function packAndUnpack(workDir) {
	const [packed] = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
			cwd: ROOT,
		}),
	);
	const packageDir = join(workDir, 'package');
	mkdirSync(packageDir);
	run('tar', ['-xzf', join(workDir, packed.filename), '-C', packageDir, '--strip-components=1']);
	return packageDir;
}

/** Violations the gate must refuse, each planted in a scratch copy with the rule that catches it. */
const PLANTED = [
	{
		rule: 'n8n-nodes-base/cred-filename-against-convention',
		why: 'a type declaration next to a credential (what `declaration: true` used to emit)',
		plant(dir) {
			const credentials = join(dir, 'dist', 'credentials');
			const first = readdirSync(credentials).find((f) => f.endsWith('.credentials.js'));
			writeFileSync(
				join(credentials, first.replace(/\.js$/, '.d.ts')),
				"import type { ICredentialType } from 'n8n-workflow';\nexport declare class Planted implements ICredentialType {}\n",
			);
		},
	},
	{
		rule: 'no-console',
		why: 'console output in node code',
		plant(dir) {
			const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
			const node = join(dir, pkg.n8n.nodes[0]);
			writeFileSync(node, `${readFileSync(node, 'utf8')}\nconsole.log('planted');\n`);
		},
	},
	{
		rule: '@n8n/community-nodes/no-runtime-dependencies',
		why: 'a runtime dependency in package.json',
		plant(dir) {
			const file = join(dir, 'package.json');
			const pkg = JSON.parse(readFileSync(file, 'utf8'));
			pkg.dependencies = { 'left-pad': '1.3.0' };
			writeFileSync(file, JSON.stringify(pkg, null, 2));
		},
	},
];

function report(label, result) {
	console.log(
		`${result.passed ? 'PASS' : 'FAIL'} ${label}${result.message ? `: ${result.message}` : ''}`,
	);
	if (result.details) console.log(result.details);
}

async function main() {
	if (!existsSync(join(ROOT, 'dist'))) throw new Error('no dist/: run `npm run build` first');
	ensureScanner();
	const scannerModule = join(
		SCANNER_DIR,
		'node_modules',
		'@n8n',
		'scan-community-package',
		'scanner',
		'scanner.mjs',
	);
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerModule).href);
	const scannerVersion = JSON.parse(
		readFileSync(join(dirname(dirname(scannerModule)), 'package.json'), 'utf8'),
	).version;

	const workDir = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
	let failed = false;
	try {
		const packageDir = packAndUnpack(workDir);
		const tarball = await analyzePackage(packageDir);
		report(`@n8n/scan-community-package ${scannerVersion} on the packed tarball`, tarball);
		failed ||= !tarball.passed;

		if (args.has('--source')) {
			const sourceDir = join(workDir, 'source');
			mkdirSync(sourceDir);
			for (const entry of ['package.json', 'nodes', 'credentials'])
				cpSync(join(ROOT, entry), join(sourceDir, entry), { recursive: true });
			const source = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);
			report('the same scanner on the sources (as the by-name gate lints them)', source);
			failed ||= !source.passed;
		}

		if (args.has('--self-test')) {
			const scratch = join(workDir, 'scratch');
			cpSync(packageDir, scratch, { recursive: true });
			for (const violation of PLANTED) violation.plant(scratch);
			const planted = await analyzePackage(scratch);
			for (const violation of PLANTED) {
				const caught = !planted.passed && (planted.details ?? '').includes(violation.rule);
				console.log(
					`${caught ? 'PASS' : 'FAIL'} self-test: ${violation.why} is refused by ${violation.rule}`,
				);
				failed ||= !caught;
			}
		}
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
