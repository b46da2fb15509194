/**
 * Each exception check is one module exporting its catalogue entry and its check; the catalogue
 * is the list of those modules, and the generated catalogue prints each entry's rule.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CHECKS } from '../../nodes/ReconciliationMatcher/engine/checks';
import type { ExceptionCheck } from '../../nodes/ReconciliationMatcher/engine/checks/check';
import { EXCEPTION_CATALOGUE, EXCEPTION_TYPES } from '../../nodes/ReconciliationMatcher/engine';
import { exceptionCatalogueMarkdown } from '../../scripts/generateDocs';
import { cleanReturn, daysAgo, refund, run } from './fixtures';

const CHECK_DIR = join(__dirname, '../../nodes/ReconciliationMatcher/engine/checks');

/** Every check module's exported checks, by file: a module is a file exporting an entry. */
function moduleChecks(): Array<[string, ExceptionCheck]> {
	const found: Array<[string, ExceptionCheck]> = [];
	for (const file of readdirSync(CHECK_DIR).filter((name) => name.endsWith('.ts'))) {
		if (file === 'index.ts') continue;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(CHECK_DIR, file)) as Record<string, unknown>;
		for (const value of Object.values(exported)) {
			const candidate = value as Partial<ExceptionCheck> | null;
			if (candidate && typeof candidate === 'object' && candidate.entry && candidate.start)
				found.push([file, candidate as ExceptionCheck]);
		}
	}
	return found;
}

describe('one module per exception check', () => {
	it('each check module holds exactly one check, named after its type, and is listed once', () => {
		const modules = moduleChecks();
		expect(modules.map(([file]) => file).sort()).toEqual(
			EXCEPTION_TYPES.map(
				(type) => `${type.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}.ts`,
			).sort(),
		);
		for (const [file, check] of modules) {
			expect([file, CHECKS.filter((listed) => listed === check).length]).toEqual([file, 1]);
			expect(file.toLowerCase()).toBe(`${check.entry.type.replace(/_/g, '')}.ts`);
		}
	});

	it('the catalogue is the list of the modules, entry for entry, every type once', () => {
		expect(EXCEPTION_CATALOGUE).toEqual(CHECKS.map((check) => check.entry));
		expect(new Set(EXCEPTION_TYPES).size).toBe(CHECKS.length);
	});

	it('every entry states its rule, and the generated catalogue prints it under its type', () => {
		const markdown = exceptionCatalogueMarkdown();
		for (const { entry } of CHECKS) {
			expect(entry.rule.length).toBeGreaterThan(40);
			const section = markdown.split(`## ${entry.title}\n`)[1].split('\n## ')[0];
			expect(section).toContain(`**Rule:** ${entry.rule}`);
		}
		const file = readFileSync(join(__dirname, '../../docs/exception-catalogue.md'), 'utf8');
		expect(file).toBe(markdown);
	});

	it('the engine runs only the checks chosen', () => {
		const orphan = { refunds: [refund({ refundedAt: daysAgo(10) })] };
		expect(run(orphan).changes.map((c) => c.type)).toEqual(['orphaned_refund']);
		const without = run(orphan, (s) => {
			s.checks = EXCEPTION_TYPES.filter((type) => type !== 'orphaned_refund');
		});
		expect(without.changes).toEqual([]);
		expect(run(cleanReturn(), (s) => (s.checks = [])).matched[0].state).toBe('matched');
	});
});
