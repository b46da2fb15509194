/**
 * The template suites with n8n's expressions evaluated in an isolate (harness/isolateExpressions.ts),
 * as n8n 2.40.7 does by default: `npm run test:isolate [paths]`. Slower than the legacy engine
 * (each evaluation crosses into the isolate), so not part of `npm test`.
 */
const main = require('./jest.config.js');

const workflows = main.projects.find((project) => project.displayName === 'workflows');

/** @type {import('jest').Config} */
module.exports = {
	...workflows,
	displayName: 'isolate',
	maxWorkers: 1,
	testTimeout: 300000,
	setupFilesAfterEnv: ['<rootDir>/harness/isolateExpressions.ts'],
};
