/**
 * The end-to-end suite against a real n8n (npm run test:n8n): one n8n process and the sandboxes
 * for the whole suite, so the tests run in band and may take minutes.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
	},
	testTimeout: 600000,
	maxWorkers: 1,
};
