/**
 * Three jest projects, all run by `npm test` (and `npx jest`):
 * - unit: pure modules and single nodes through the harness, the inner loop
 *   (`npm run test:unit`);
 * - workflows: templates end to end, reliability storms, the simulated season, the ground-truth
 *   and streaming runs of the matcher, and the sandbox and harness self-tests
 *   (`npm run test:workflows`);
 * - package: what needs the build or the generators: the built package as n8n loads it, the
 *   `npm pack` content, the generated docs (`npm run test:package`, after `npm run build`).
 * A new test file lands in `unit` unless its folder or name is listed for another project.
 */
const WORKFLOW_TESTS = [
	'**/test/templates/**/*.test.ts',
	'**/test/reliability/**/*.test.ts',
	// The Postgres variant of the templates against a real PostgreSQL.
	'**/test/postgres/**/*.test.ts',
	'**/sandbox/**/*.test.ts',
	'**/harness/**/*.test.ts',
	'**/test/matcher/groundTruth.test.ts',
	'**/test/matcher/streaming.test.ts',
	// The simulated season runs every template over weeks of scenario time.
	'**/test/season/season.test.ts',
	// Template 03 end to end through the returns flow (all three sandboxes), as the reliability
	// suites run it: a workflow, not a single node.
	'**/test/season/exchangeOrders.test.ts',
	'**/test/season/cycleLostBox.test.ts',
];
const PACKAGE_TESTS = ['**/test/build/**/*.test.ts', '**/test/docs/**/*.test.ts'];
const not = (globs) => globs.map((glob) => `!${glob}`);

/** @type {import('jest').Config} */
const base = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/sandbox', '<rootDir>/harness'],
	setupFiles: ['<rootDir>/harness/env.ts'],
	transform: {
		// Type-checking is its own step (npm run typecheck); jest only transpiles, file by file
		// (isolatedModules), instead of building a TypeScript program in every worker.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
	},
	// n8n's Send Email node (template 07) needs sanitize-html, whose parser is an ES module only.
	moduleNameMapper: { '^sanitize-html$': '<rootDir>/harness/nativeSanitizeHtml.js' },
	// The real-n8n suite has its own command (npm run test:n8n) and configuration.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/'],
};

/** @type {import('jest').Config} */
module.exports = {
	maxWorkers: 2,
	// Read from the top level only, not from each project.
	testTimeout: 60000,
	projects: [
		{
			...base,
			displayName: 'unit',
			// Libraries n8n-core and n8n-workflow load at start but use only inside functions (AI
			// tools, SSH, OAuth2, proxies, XML bodies) load on first use instead, in every test file
			// of the inner loop: see harness/lazy/resolver.js.
			resolver: '<rootDir>/harness/lazy/resolver.js',
			testMatch: ['**/*.test.ts', ...not(WORKFLOW_TESTS), ...not(PACKAGE_TESTS)],
		},
		{ ...base, displayName: 'workflows', testMatch: WORKFLOW_TESTS },
		{ ...base, displayName: 'package', testMatch: PACKAGE_TESTS },
	],
};
