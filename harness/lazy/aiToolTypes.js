// n8n-core/dist/execution-engine/node-execution-context/utils/ai-tool-types, loaded on first use (see resolver.js).
module.exports = require('./lazyModule')(() =>
	require('n8n-core/dist/execution-engine/node-execution-context/utils/ai-tool-types'),
);
