/**
 * The queue-mode suite (npm run test:queue): Redis, Postgres and n8n in queue mode (a main
 * instance, a webhook processor, two workers) started once per file, so it runs in band and takes
 * minutes. Its files end in `.queue.ts`, so the default jest projects (roots test/, files
 * `*.test.ts`) never pick them up.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
	},
	testTimeout: 3600000,
	maxWorkers: 1,
};
