/**
 * No dead exports: every exported declaration of the package, its tools and its tests' helpers is
 * used, by another file or in its own. A grep-level check (names as words, no type-checker), so it
 * is cheap and errs towards passing: a name that happens to stand in another file counts as used.
 * The node and credential classes are exempt: n8n loads them by the paths in package.json.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const FOLDERS = ['nodes', 'credentials', 'sandbox', 'harness', 'contracts', 'scripts', 'test'];
const SOURCE = /\.(ts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.cache', '__snapshots__', 'fixtures']);
const EXPORT =
	/^export (?:declare )?(?:default )?(?:async )?(?:abstract )?(?:const|let|var|function\*?|class|interface|type|enum) ([A-Za-z_$][\w$]*)/gm;
const LOADED_BY_N8N = /\.(node|credentials)\.ts$/;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		if (SKIP.has(name)) return [];
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return SOURCE.test(name) ? [path] : [];
	});
}

const wordCount = (text: string, name: string) =>
	text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;

describe('exports', () => {
	const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
	const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));

	it('finds the sources', () => {
		expect(files.some((file) => file.endsWith('nodes/shared/money.ts'))).toBe(true);
		expect(files.some((file) => file.endsWith('harness/index.ts'))).toBe(true);
	});

	it('every exported declaration is used somewhere', () => {
		const dead: string[] = [];
		for (const [file, text] of texts) {
			if (/\.test\.ts$/.test(file)) continue;
			for (const [, name] of text.matchAll(EXPORT)) {
				if (LOADED_BY_N8N.test(file)) continue;
				if (wordCount(text, name) > 1) continue;
				const usedElsewhere = [...texts].some(
					([other, otherText]) => other !== file && wordCount(otherText, name) > 0,
				);
				if (!usedElsewhere) dead.push(`${relative(ROOT, file)}: ${name}`);
			}
		}
		expect(dead).toEqual([]);
	});

	it('would report an export nothing uses', () => {
		const text = 'export const usedHere = 1;\nexport function nobodyCalls() {}\nusedHere;\n';
		const names = [...text.matchAll(EXPORT)].map(([, name]) => name);
		expect(names).toEqual(['usedHere', 'nobodyCalls']);
		expect(names.filter((name) => wordCount(text, name) === 1)).toEqual(['nobodyCalls']);
	});
});
