/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The real-n8n suite has its own command (npm run test:n8n) and configuration.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/'],
	setupFiles: ['<rootDir>/test/harness/env.ts'],
	transform: {
		// Type-checking is its own step (npm run typecheck); jest only transpiles.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
	},
	testTimeout: 60000,
	maxWorkers: 2,
};
