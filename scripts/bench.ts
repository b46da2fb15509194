/**
 * `npm run bench`: speed and memory benchmarks, printed as a table and written to
 * docs/benchmarks.md. Targets are checked here, never in timed tests.
 * Usage: npm run bench [-- --sizes 10000,100000,1000000]
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { resolve } from 'path';

interface MatcherRun {
	returns: number;
	rows: number;
	engineMs: number;
	floorMs: number;
	exceptions: number;
	rssInputs: number;
	peakRss: number;
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [10_000, 100_000, 1_000_000];
const root = resolve(__dirname, '..');

function runMatcher(returns: number): MatcherRun {
	const out = execFileSync(
		process.execPath,
		['--max-old-space-size=12000', '--expose-gc', '-r', 'ts-node/register/transpile-only', 'scripts/bench/matcherRun.ts', String(returns)],
		{ cwd: root, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.test.json' }, encoding: 'utf8', maxBuffer: 1 << 20 },
	);
	return JSON.parse(out.trim().split('\n').pop() as string) as MatcherRun;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const runs = sizes.map((size) => {
	process.stderr.write(`matcher: ${size} returns...\n`);
	return runMatcher(size);
});
const header = '| returns | input rows | engine | floor (Map join) | ratio | per 1k rows | exceptions | RSS with inputs | peak RSS |';
const lines = [header, '|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
for (const run of runs) {
	lines.push(
		`| ${run.returns.toLocaleString('en')} | ${run.rows.toLocaleString('en')} | ${Math.round(run.engineMs)} ms | ${Math.round(run.floorMs)} ms | ${(run.engineMs / run.floorMs).toFixed(1)}x | ${((run.engineMs / run.rows) * 1000).toFixed(2)} ms | ${run.exceptions} | ${mb(run.rssInputs)} | ${mb(run.peakRss)} |`,
	);
}
const table = lines.join('\n');
process.stdout.write(`\nReconciliation Matcher (engine only, generated scenario, seed 42)\n\n${table}\n`);
const largest = runs[runs.length - 1];
const targets = [
	`- Time at ${largest.returns.toLocaleString('en')} returns vs the bare Map join floor: ${(largest.engineMs / largest.floorMs).toFixed(1)}x (target at 1M: at most 1.5x).`,
	`- Peak RSS at ${largest.returns.toLocaleString('en')} returns: ${mb(largest.peakRss)}, of which ${mb(largest.rssInputs)} is the generated input rows themselves (target at 1M: at most 1.5 GB).`,
	`- Linearity: ${runs.map((r) => `${((r.engineMs / r.rows) * 1000).toFixed(2)} ms per 1k rows at ${r.returns.toLocaleString('en')}`).join(', ')}.`,
];
process.stdout.write(`\n${targets.join('\n')}\n`);
writeFileSync(
	resolve(root, 'docs/benchmarks.md'),
	`# Benchmarks\n\nWritten by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${process.version}, 2 cores). Numbers, not tests: targets are read here.\n\n## Reconciliation Matcher\n\nGenerated scenario (seed 42, about 8% anomalies), all six inputs. "Floor" is a bare \`Map\` hash join of refunds to receipts over the same rows; "engine" parses and validates every row of every input and runs all twelve checks.\n\n${table}\n\n${targets.join('\n')}\n`,
);
