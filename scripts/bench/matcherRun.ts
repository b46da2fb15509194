import '../../harness/env';
/**
 * One matcher benchmark run in its own process (so peak RSS is this run's alone).
 *
 *   matcherRun.ts floor <returns>   the two reference passes: a pass that only reads every field
 *                                   of every row once, and a Map hash join of every row of all
 *                                   six inputs to its order line (the floor)
 *   matcherRun.ts engine <returns>  the full engine over all six inputs
 *
 * The engine run streams the generated scenario in slices of 1,000 returns into a
 * `Reconciliation`, as a caller reading pages of records would, and counts the matched lines
 * through `onMatched` instead of keeping them; only the time spent inside the engine is counted.
 * The reference run holds all rows in memory, as a join needs them. Prints one JSON line.
 *
 * Both runs read the rows as n8n items hold them: parsed from JSON (an HTTP response, a database
 * row, an execution passed between queue-mode workers). The generator builds its strings by
 * concatenation, and V8 keeps the longer of those as ropes that every reader must flatten, a cost no
 * real input carries; one JSON round trip per slice, outside the timed part, gives flat strings.
 */
import type { InputKind } from '../../nodes/ReconciliationMatcher/engine';
import * as currentEngine from '../../nodes/ReconciliationMatcher/engine';
import {
	scenarioChunks,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
	type Scenario,
	type ScenarioOptions,
} from '../../sandbox/scenario/generator';

// `npm run bench -- --only matcher-ab` points this at another commit's engine (a checkout of it),
// so two engines are timed on the same rows on the same machine in alternating runs.
const engineDir = process.env.RR_BENCH_ENGINE_DIR;
const { defaultSettings, Reconciliation, INPUT_INDEX } =
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	(engineDir ? require(engineDir) : currentEngine) as typeof currentEngine;
const mode = process.argv[2];
const returns = Number(process.argv[3] ?? 10000);
const CHUNK = 1_000;
const KINDS = Object.keys(INPUT_INDEX) as InputKind[];
const options: ScenarioOptions = {
	seed: 42,
	returns,
	asOf: '2026-11-20T00:00:00Z',
	rates: {
		refundedNeverReturned: 0.01,
		duplicateRefund: 0.01,
		lostInTransit: 0.01,
		scanWithoutOrder: 0.005,
		missingOrderId: 0.005,
		unmappedDisposition: 0.005,
		valueMismatch: 0.01,
		missingStockMovement: 0.01,
		orphanedRefund: 0.005,
		returnedNeverRefunded: 0.005,
	},
};
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
/** Processor time (user + system, all threads) since `from`, in ms: steadier than the clock on a shared machine. */
const cpuMs = (from: NodeJS.CpuUsage) => {
	const used = process.cpuUsage(from);
	return (used.user + used.system) / 1e3;
};

/** The process's peak resident memory so far, in bytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** The scenario in slices of CHUNK returns, each slice's rows as parsed JSON (see above). */
function* itemChunks(scenario: ScenarioOptions): Generator<Scenario> {
	for (const chunk of scenarioChunks(scenario, CHUNK))
		yield JSON.parse(JSON.stringify(chunk)) as Scenario;
}

/** The lowest clock time and the lowest processor time of three runs of `pass`. */
function bestOfThree(pass: () => void): { ms: number; cpuMs: number } {
	const best = { ms: Infinity, cpuMs: Infinity };
	for (let run = 0; run < 3; run++) {
		const started = process.hrtime.bigint();
		const cpu = process.cpuUsage();
		pass();
		best.cpuMs = Math.min(best.cpuMs, cpuMs(cpu));
		best.ms = Math.min(best.ms, ms(started));
	}
	return best;
}

function floor(): Record<string, number> {
	const rows = Object.fromEntries(
		KINDS.map((kind) => [kind, [] as Array<Record<string, unknown>>]),
	) as Record<InputKind, Array<Record<string, unknown>>>;
	for (const chunk of itemChunks(options))
		for (const kind of KINDS) for (const row of chunk[kind]) rows[kind].push(row);
	// Touches what any reconciliation must: every field of every row of all six inputs, once, the
	// fastest way measured (one for...in pass per row; looking fields up by name is slower).
	const readEveryField = () => {
		let characters = 0;
		for (const kind of KINDS) {
			for (const row of rows[kind]) {
				for (const name in row) {
					const value = row[name];
					if (typeof value === 'string') characters += value.length;
				}
			}
		}
		if (characters < 0) throw new Error('unreachable');
	};
	// The floor: every row of the five other inputs looked up once by its order line in a Map of
	// the order lines. Any engine that reads all six inputs must at least find each row's line.
	const joinAllInputs = () => {
		const index = new Map<string, number>();
		for (const line of rows.orders)
			index.set(`${String(line.orderNumber)}\u0001${String(line.sku)}`, index.size);
		let matched = 0;
		for (const kind of KINDS) {
			if (kind === 'orders') continue;
			for (const row of rows[kind]) {
				const order = kind === 'refunds' ? row.merchantOrderId || row.orderId : row.orderNumber;
				if (index.has(`${String(order)}\u0001${String(row.sku)}`)) matched++;
			}
		}
		if (matched < 0) throw new Error('unreachable');
	};
	const read = bestOfThree(readEveryField);
	const joinAll = bestOfThree(joinAllInputs);
	return {
		readMs: read.ms,
		readCpuMs: read.cpuMs,
		joinAllMs: joinAll.ms,
		joinAllCpuMs: joinAll.cpuMs,
	};
}

function engine(): Record<string, number> {
	// A small untimed run first, so the timed one measures compiled code, not the JIT warming up.
	reconcileScenario({ ...options, seed: 1, returns: 2_000 });
	global.gc?.();
	return reconcileScenario(options);
}

function reconcileScenario(scenario: ScenarioOptions): Record<string, number> {
	const rssBefore = process.memoryUsage().rss;
	const settings = defaultSettings(Date.parse(scenario.asOf));
	settings.dispositionMapping = new Map(Object.entries(SCENARIO_DISPOSITIONS));
	settings.inTransitWarehouse = TRANSIT;
	const run = new Reconciliation(settings);
	const item: Record<string, number> = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
	const expected = new Set<string>();
	let rows = 0;
	let addMs = 0;
	let addCpuMs = 0;
	for (const chunk of itemChunks(scenario)) {
		for (const e of chunk.expected) expected.add(JSON.stringify(e));
		const started = process.hrtime.bigint();
		const cpu = process.cpuUsage();
		for (const kind of KINDS) {
			for (const raw of chunk[kind]) run.add(kind, raw, item[kind]++);
			rows += chunk[kind].length;
		}
		addMs += ms(started);
		addCpuMs += cpuMs(cpu);
	}
	// Where the peak falls: the high-water mark after the rows are in, when the first line comes out
	// (the rows are grouped and indexed, no line analysed yet), and at the end. Reading the mark
	// costs a system call, so only once per phase.
	const addedPeakRss = peakRss();
	const addedRss = process.memoryUsage().rss;
	let groupedPeakRss = 0;
	let matchedLines = 0;
	const started = process.hrtime.bigint();
	const cpu = process.cpuUsage();
	const result = run.finish({
		onMatched: () => {
			if (matchedLines++ === 0) groupedPeakRss = peakRss();
		},
	});
	const finishMs = ms(started);
	const finishCpuMs = cpuMs(cpu);
	const finishedRss = process.memoryUsage().rss;
	return {
		returns: scenario.returns,
		rows,
		engineMs: addMs + finishMs,
		addMs,
		finishMs,
		addCpuMs,
		finishCpuMs,
		matchedLines,
		exceptions: result.changes.length,
		expected: expected.size,
		rssBefore,
		addedRss,
		addedPeakRss,
		groupedPeakRss,
		finishedRss,
		peakRss: peakRss(),
	};
}

const result = mode === 'floor' ? floor() : mode === 'engine' ? engine() : null;
if (!result) throw new Error('usage: matcherRun.ts floor|engine <returns>');
process.stdout.write(`${JSON.stringify(result)}\n`);
