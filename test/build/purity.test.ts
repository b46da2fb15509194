/**
 * The purity rule of eslint.config.mjs, shown able to fail: probe files at real paths (linted from
 * text, nothing is written into nodes/) that import n8n from a pure folder must be refused, and the
 * same imports from the n8n-aware layers must pass. Runs ESLint's Node API in a child process, since
 * the flat config is an ES module.
 */
import { execFileSync } from 'child_process';
import { resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');

const RULE = 'no-restricted-imports';
const cases: Array<{ file: string; code: string; refused: boolean }> = [
	{
		file: 'nodes/ReconciliationMatcher/engine/probe.ts',
		code: "import { NodeApiError } from 'n8n-workflow';\nexport const probe = NodeApiError;\n",
		refused: true,
	},
	{
		file: 'nodes/ReconciliationMatcher/engine/checks/probe.ts',
		code: "import type { IDataObject } from 'n8n-workflow';\nexport type Probe = IDataObject;\n",
		refused: true,
	},
	{
		file: 'nodes/Centra/logic/probe.ts',
		code: "import { BINARY_ENCODING } from 'n8n-core';\nexport const probe = BINARY_ENCODING;\n",
		refused: true,
	},
	{
		file: 'nodes/shared/probe.ts',
		code: "import { runPerItem } from './n8n/runPerItem';\nexport const probe = runPerItem;\n",
		refused: true,
	},
	{
		file: 'nodes/shared/probe.ts',
		code: "import { sleep } from 'n8n-workflow/dist/utils';\nexport const probe = sleep;\n",
		refused: true,
	},
	{
		file: 'nodes/shared/n8n/probe.ts',
		code: "import { NodeApiError } from 'n8n-workflow';\nexport const probe = NodeApiError;\n",
		refused: false,
	},
	{
		file: 'nodes/Centra/probe.ts',
		code: "import { NodeApiError } from 'n8n-workflow';\nimport { runPerItem } from '../shared/n8n/runPerItem';\nexport const probe = [NodeApiError, runPerItem];\n",
		refused: false,
	},
	{
		file: 'nodes/ReconciliationMatcher/engine/probe.ts',
		code: "import { money } from '../../shared/money';\nexport const probe = money;\n",
		refused: false,
	},
];

const LINT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of cases) {
	const [result] = await eslint.lintText(c.code, { filePath: c.file });
	out.push(result.messages.map((m) => m.ruleId));
}
process.stdout.write(JSON.stringify(out));
`;

describe('purity lint rule', () => {
	const rules = JSON.parse(
		execFileSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(cases)], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	) as string[][];

	it.each(cases.map((c, index) => ({ ...c, index })))(
		'$file: $code refused=$refused',
		({ index, refused }) => {
			expect(rules[index].includes(RULE)).toBe(refused);
		},
	);
});
