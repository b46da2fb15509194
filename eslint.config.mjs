// Lints node and credential code with both n8n plugins (the community-node rules: no restricted
// globals or imports, paired items, NodeApiError, ...); tests and scripts as ordinary TypeScript.
import js from '@eslint/js';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = communityNodes.configs.recommended;

/** Folders whose modules must stay free of n8n (see docs/architecture.md). */
const PURE_MODULES = ['nodes/**/engine/**/*.ts', 'nodes/**/logic/**/*.ts', 'nodes/shared/**/*.ts'];
const N8N_AWARE_SHARED = ['nodes/shared/n8n/**'];
const N8N_PACKAGES = ['n8n-workflow', 'n8n-core', 'n8n-nodes-base'];
const PURITY_MESSAGE =
	'Pure module: no n8n imports here (throw a typed error; the node adapter turns it into a NodeOperationError). n8n-aware shared code goes in nodes/shared/n8n/.';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'test-artifacts/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: { ...community.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: { ...community.rules, 'no-console': 'error' },
	},
	{
		// Pure modules (the matcher's engine, each vendor's logic, nodes/shared outside its n8n/
		// folder) import nothing from n8n: they are tested and benchmarked alone and throw their own
		// typed errors, which the node adapters turn into NodeOperationError/NodeApiError with the
		// item index. nodes/shared/n8n/ holds the shared code that needs n8n. They keep n8n's
		// require-node-api-error on, as the community-package scanner lints them: a typed error is
		// thrown after a catch block, never inside one.
		files: PURE_MODULES,
		ignores: N8N_AWARE_SHARED,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: N8N_PACKAGES.map((name) => ({ name, message: PURITY_MESSAGE })),
					patterns: [
						{ group: N8N_PACKAGES.map((name) => `${name}/*`), message: PURITY_MESSAGE },
						{
							group: ['**/shared/n8n', '**/shared/n8n/*', './n8n', './n8n/*', '../n8n', '../n8n/*'],
							message: PURITY_MESSAGE,
						},
					],
				},
			],
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// The sandboxes, the harness, the contracts and the scripts are tools the tests use, not the
		// other way round: nothing outside test/ imports from test/.
		files: ['scripts/**/*.ts', 'sandbox/**/*.ts', 'harness/**/*.ts', 'contracts/**/*.ts'],
		ignores: ['**/__tests__/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/test/*', '**/test/**'],
							message:
								'Tools do not import tests: move what is shared into sandbox/, harness/ or contracts/.',
						},
					],
				},
			],
		},
	},
	{
		files: ['package.json'],
		plugins: { ...community.plugins, 'n8n-nodes-base': n8nNodesBase },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		rules: {
			...n8nNodesBase.configs.community.rules,
			'@n8n/community-nodes/no-runtime-dependencies': 'error',
			'@n8n/community-nodes/valid-peer-dependencies': 'error',
			'@n8n/community-nodes/package-name-convention': 'error',
			'@n8n/community-nodes/no-forbidden-lifecycle-scripts': 'error',
			'@n8n/community-nodes/n8n-object-validation': 'error',
			'@n8n/community-nodes/require-version': 'error',
			'@n8n/community-nodes/valid-author': 'error',
			'@n8n/community-nodes/valid-description': 'error',
		},
	},
);
