/**
 * Jest resolver (jest.config.js, unit project): resolves every request as jest does, except that
 * a module listed below, when required by anyone but its shim, resolves to its shim in this folder,
 * which loads the real module on first use (lazyModule.js). The shim requires the module by the
 * same name from here; the swap happens only when that finds the very file the requirer would
 * have loaded, so a nested copy of another version is never replaced.
 */
const { join } = require('path');

/** Module as its shim requires it => shim file (in this folder). */
const SHIMS = {
	// Loaded by n8n-core's execution contexts for AI tool nodes (langchain, langsmith).
	'@langchain/core/tools': 'langchainTools.js',
	'n8n-core/dist/execution-engine/node-execution-context/utils/ai-tool-types': 'aiToolTypes.js',
	// n8n-core's SSH tunnels and OAuth2 token requests.
	ssh2: 'ssh2.js',
	'@n8n/client-oauth2': 'clientOauth2.js',
	// @n8n/backend-network's proxy agents and fetch.
	undici: 'undici.js',
	// n8n-workflow: XML error bodies of NodeApiError, the $json.x.transliterate() extension.
	xml2js: 'xml2js.js',
	transliteration: 'transliteration.js',
};

let shimOfFile;

module.exports = (request, options) => {
	const resolved = options.defaultResolver(request, options);
	if (options.basedir === __dirname) return resolved;
	shimOfFile ??= new Map(
		Object.entries(SHIMS).map(([name, shim]) => [
			options.defaultResolver(name, { ...options, basedir: __dirname }),
			join(__dirname, shim),
		]),
	);
	return shimOfFile.get(resolved) ?? resolved;
};
