/**
 * Jest setup for `npm run test:isolate`: n8n's expressions evaluated in an isolate, as n8n 2.40.7
 * evaluates them by default, instead of n8n-workflow's `legacy` engine the other suites use.
 * n8n's default is the `vm` engine (isolated-vm 7, which needs Node 24); this runs its `quickjs`
 * engine, the same runtime (`@n8n/expression-runtime`: lazy `$json`, `$('Node')` reads copied into
 * the isolate) on a WebAssembly interpreter that runs on this project's Node 20. A template whose
 * expressions lean on the legacy engine handing over live objects fails here.
 */
import { Expression } from 'n8n-workflow';

beforeAll(async () => {
	await Expression.initExpressionEngine({
		engine: 'quickjs',
		bridgeTimeout: 5000,
		// n8n 2.40.7's default (N8N_EXPRESSION_ENGINE_MEMORY_LIMIT): an expression that needs more fails there.
		bridgeMemoryLimit: 128,
		poolSize: 1,
		maxCodeCacheSize: 1024,
	} as Parameters<typeof Expression.initExpressionEngine>[0]);
	if (Expression.getActiveImplementation() !== 'quickjs')
		throw new Error(`expressions run on ${Expression.getActiveImplementation()}, not quickjs`);
});

afterAll(async () => {
	await Expression.disposeExpressionEngine();
});
