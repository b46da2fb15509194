// Lints node and credential code with both n8n plugins (the community-node rules: no restricted
// globals or imports, paired items, NodeApiError, ...); tests and scripts as ordinary TypeScript.
import js from '@eslint/js';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = communityNodes.configs.recommended;

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
		// Pure modules (engine, money, timestamps) must not import n8n, so they throw typed errors;
		// the node adapters turn those into NodeOperationError/NodeApiError with the item index.
		files: ['nodes/**/engine/**/*.ts', 'nodes/shared/**/*.ts', 'nodes/**/logic/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
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
