/**
 * Template 04 (nightly reconciliation) at scale, in its own process: N returns of a generated
 * scenario loaded into the sandboxes as the vendors hold them (Centra orders, credit notes and
 * stock movements; Amazon refunds; Happy Returns items), the Happy Returns notifications through
 * the real trigger and template 01 into the Event Ledger, the warehouse receipts in their Data
 * Table as 03 writes them. Then 04 runs as shipped, twice: the first night finds an empty Exception
 * Register (every exception is new), the second a full one (open rows are refreshed). Prints, per
 * night: wall time, peak RSS during the run, requests per vendor (counted on the sandboxes), Data
 * Table calls and rows read and written (counted around the harness's tables), exceptions
 * written, and the slowest nodes. Usage: nightlyRun.ts [returns=1000] [seed=2424] [template file].
 * `npm run bench -- --only nightly --nightly-returns 10000` runs it and writes its section of
 * docs/benchmarks.md.
 */
import '../../harness/env';
import type { IDataObject, INodeExecutionData, IRunData } from 'n8n-workflow';
import { InMemoryDataTables, runCalledWorkflow, runWorkflow, type RunResult } from '../../harness';
import type { RunOptions } from '../../harness/runWorkflow';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { startTemplateSandboxes } from '../../harness/templateSandboxes';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { everyExceptionKindAt, warehouseReceiptRows } from '../../harness/scenarioRows';
import { stringify } from 'flatted';
import { ExecutionLifecycleHooks } from 'n8n-core/dist/execution-engine/execution-lifecycle-hooks';
import { deliverNotices } from '../../harness/noticeDeliveries';
import { assignRows, orderPartition } from '../../harness/nightlyPartition';

const SECRET = 'nightly-bench-secret';
/** Events per run of 01's ledger node while seeding. */
const INTAKE_BATCH = 2000;

interface TableCounts {
	calls: Record<string, number>;
	rowsRead: number;
	rowsWritten: number;
}

/** Counts every Data Table service call the nodes make, and the rows they read and write. */
function countTables(tables: InMemoryDataTables): TableCounts {
	const counts: TableCounts = { calls: {}, rowsRead: 0, rowsWritten: 0 };
	const original = tables.provider.bind(tables);
	tables.provider = () => {
		const provider = original();
		const getProxy = provider.getDataTableProxy;
		provider.getDataTableProxy = async (...args: Parameters<typeof getProxy>) => {
			const service = (await getProxy(...args)) as unknown as Record<
				string,
				(...a: unknown[]) => Promise<unknown>
			>;
			const wrapped: Record<string, unknown> = {};
			for (const [name, fn] of Object.entries(service)) {
				wrapped[name] = async (...a: unknown[]) => {
					counts.calls[name] = (counts.calls[name] ?? 0) + 1;
					const result = await fn(...a);
					if (name === 'getManyRowsAndCount')
						counts.rowsRead += (result as { data: unknown[] }).data.length;
					else if (name === 'insertRows') counts.rowsWritten += (a[0] as unknown[]).length;
					else if (name === 'updateRows' || name === 'upsertRow')
						counts.rowsWritten += (result as unknown[]).length;
					else if (name === 'deleteRows') counts.rowsWritten += (result as unknown[]).length;
					return result;
				};
			}
			return wrapped as unknown as Awaited<ReturnType<typeof getProxy>>;
		};
		return provider;
	};
	return counts;
}

/**
 * With RR_NIGHTLY_HEAP_STEPS=1, the heap after a full collection once each node has run: the
 * growth a node leaves behind is what its output (and anything it wrote) adds to the execution's
 * memory. Collecting after every node slows the run, so the clock of such a run is not reported.
 */
const heapSteps: Array<{ node: string; heapMb: number }> = [];
if (process.env.RR_NIGHTLY_HEAP_STEPS === '1') {
	const runHook = ExecutionLifecycleHooks.prototype.runHook;
	ExecutionLifecycleHooks.prototype.runHook = async function (
		this: ExecutionLifecycleHooks,
		...args: Parameters<typeof runHook>
	) {
		if (args[0] === 'nodeExecuteAfter') {
			(global as { gc?: () => void }).gc?.();
			heapSteps.push({
				node: String(args[1][0]),
				heapMb: Math.round(process.memoryUsage().heapUsed / 1e5) / 10,
			});
		}
		return await runHook.apply(this, args);
	} as typeof runHook;
}

/** The length of the execution data as n8n saves it (flatted), or -1 when no string can hold it. */
function savedSize(data: unknown): number {
	try {
		return stringify(data).length;
	} catch (error) {
		if (error instanceof RangeError) return -1;
		throw error;
	}
}

/** Each node's saved output size (JSON characters of its items) and item count, largest first. */
function runDataSizes(runData: IRunData): Array<{ name: string; items: number; chars: number }> {
	return Object.entries(runData)
		.map(([name, runs]) => {
			let items = 0;
			let chars = 0;
			for (const run of runs)
				for (const output of run.data?.main ?? [])
					for (const item of output ?? []) {
						items += 1;
						chars += JSON.stringify(item.json).length;
					}
			return { name, items, chars };
		})
		.sort((a, b) => b.chars - a.chars);
}

/**
 * How the rows the nights left would split over `partitions` partitions of a partitioned night
 * (harness/nightlyPartition.ts): the rows each partition reads by its last digits, the pool every
 * partition reads (no order number, or an Amazon order id), what of the pool a partition claims
 * (through the return, or the Centra order whose marketplace id it names) and what none does, and
 * the hub boxes whose lines are in more than one partition.
 */
export function partitionShares(
	tables: InMemoryDataTables,
	partitions: number,
	aliases: Map<string, string>,
) {
	const rows = [
		...tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType !== 'reconciliation.completed'),
		...tables.rows('Warehouse Receipts'),
	];
	const keyed = rows.map((r) => orderPartition(r.orderNumber, partitions));
	const { partitionOf, ambiguous } = assignRows(rows, partitions, aliases);
	const perPartition = Array.from({ length: partitions }, (_, p) => ({
		read: keyed.filter((k) => k === p).length,
		judged: partitionOf.filter((k) => k === p).length,
	}));
	const boxes = new Map<string, Set<number | null>>();
	for (const r of tables.rows('Returns Event Ledger'))
		if (r.eventType === 'shipment.in_transit')
			boxes.set(
				String(r.trackingNumber),
				(boxes.get(String(r.trackingNumber)) ?? new Set()).add(
					orderPartition(r.orderNumber, partitions),
				),
			);
	return {
		partitions,
		rows: rows.length,
		pool: keyed.filter((k) => k === null).length,
		// The pool by what the rows are: ledger event type (a receipt has none), under an Amazon order id or none.
		poolByKind: rows.reduce<Record<string, number>>((kinds, r, i) => {
			if (keyed[i] !== null) return kinds;
			const kind = `${String(r.eventType ?? 'receipt')}${String(r.orderNumber ?? '').trim() ? ' (Amazon order id)' : ''}`;
			kinds[kind] = (kinds[kind] ?? 0) + 1;
			return kinds;
		}, {}),
		unlinked: partitionOf.filter((k) => k === 'unlinked').length,
		largestRead: Math.max(...perPartition.map((p) => p.read)),
		largestJudged: Math.max(...perPartition.map((p) => p.judged)),
		ambiguous: ambiguous.length,
		boxes: boxes.size,
		boxesAcrossPartitions: [...boxes.values()].filter((set) => set.size > 1).length,
	};
}

/**
 * Fresh tables holding the rows of the largest of `partitions` partitions (its own rows and the
 * pool rows it claims; its register rows but `lost_in_transit`, which the box step owns) and the
 * run markers: what that partition's execution would read once every row carries its order key.
 */
export function partitionTables(tables: InMemoryDataTables, partitions: number) {
	const subset = templateTables();
	const ledger = tables.rows('Returns Event Ledger');
	const receipts = tables.rows('Warehouse Receipts');
	const rows = [...ledger, ...receipts];
	const { partitionOf } = assignRows(rows, partitions);
	const sizes = Array.from(
		{ length: partitions },
		(_, p) => partitionOf.filter((x) => x === p).length,
	);
	const largest = sizes.indexOf(Math.max(...sizes));
	const returns = new Set(
		rows.filter((_, i) => partitionOf[i] === largest).map((r) => String(r.returnId ?? '')),
	);
	const copy = (row: Record<string, unknown>) =>
		Object.fromEntries(
			Object.entries(row).filter(([column]) => !['id', 'createdAt', 'updatedAt'].includes(column)),
		) as Parameters<InMemoryDataTables['insert']>[1];
	ledger.forEach((row, i) => {
		if (partitionOf[i] === largest || row.eventType === 'reconciliation.completed')
			subset.insert('Returns Event Ledger', copy(row));
	});
	receipts.forEach((row, i) => {
		if (partitionOf[ledger.length + i] === largest) subset.insert('Warehouse Receipts', copy(row));
	});
	for (const row of tables.rows('Exception Register')) {
		if (row.type === 'lost_in_transit') continue;
		const own = orderPartition(row.orderNumber, partitions);
		const firstReturn = String(row.returnId ?? '')
			.split(',')[0]
			.trim();
		if (own === largest || (own === null && returns.has(firstReturn)))
			subset.insert('Exception Register', copy(row));
	}
	return { tables: subset, rows: sizes[largest] };
}

/**
 * The called executions of a partitioned night, measured when each ends and then let go: the
 * harness keeps every called execution for its caller's tests, where n8n saves it and keeps only
 * its output, so holding them would count every part in the parent's memory.
 */
class PartExecutions extends Array<RunResult> {
	readonly sizes: Array<{ savedChars: number; runDataChars: number; rowsRead: number }> = [];

	override push(...runs: RunResult[]): number {
		for (const run of runs) {
			const runData = run.run.data.resultData.runData;
			const items = (node: string) => runData[node]?.[0]?.data?.main[0]?.length ?? 0;
			this.sizes.push({
				savedChars: savedSize(run.run.data),
				runDataChars: runDataSizes(runData).reduce((sum, n) => sum + n.chars, 0),
				rowsRead: items('Event ledger') + items('Warehouse receipts') + items('Exception register'),
			});
		}
		// Placeholders keep the count the harness numbers executions by.
		return super.push(...runs.map(() => ({}) as RunResult));
	}
}

/**
 * The sandboxes and Data Tables of `returns` generated returns, seeded as described above. The
 * caller closes the sandboxes (`close`).
 */
export async function seedNightly(
	returns: number,
	seed = 2424,
	log: (line: string) => void = () => undefined,
	options: { rates?: Record<string, number>; asOf?: string } = {},
) {
	const started = Date.now();
	const sandboxes = await startTemplateSandboxes({
		centra: { requestQuota: 1e9, mutationQuota: 1e9, hourlyMutationQuota: 1e9 },
		hr: { ratePerSecond: 1e6 },
	});
	const { centra, hr, amazon, close } = sandboxes;
	try {
		// About one return in ten has an anomaly, spread over every kind the generator knows.
		const rates = options.rates ?? everyExceptionKindAt(0.01);
		const scenario = generateScenario({
			seed,
			returns,
			rates,
			asOf: options.asOf ?? new Date().toISOString(),
		});
		const bodies = loadScenario(scenario, { centra, amazon, hr });
		// Centra without its Order API fields, as the template tests run it.
		const credentials = sandboxes.credentials({ webhookSecret: SECRET, centraOrderApi: false });
		const tables = templateTables();
		// The notifications through the real trigger, then 01's own ledger node (its column mapping, as
		// shipped) over a batch at a time. 01's claim (insert, read back the event id's earliest row,
		// drop a later one) would cost more than the reconciliation measured, so its outcome is
		// kept here instead: an event id already recorded is not recorded again. The trigger's
		// duplicate memory is no substitute: it holds a bounded number of recent events, so at
		// 100,000 returns a repeated notice days later passes it, where 01's claim drops it.
		const intake = loadTemplate('01-happy-returns-intake.json');
		const record = intake.nodes.find((n) => n.name === 'Record in Event Ledger')!;
		const recordOnly = {
			...intake,
			nodes: [
				{
					id: 'start',
					name: 'Start',
					// A no-op passes the trigger's items on as they are.
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{ ...record, position: [200, 0] },
			],
			connections: { Start: { main: [[{ node: record.name, type: 'main', index: 0 }]] } },
		} as unknown as Template;
		const staticData: IDataObject = {};
		const recorded = new Set<string>();
		let repeated = 0;
		let pending: INodeExecutionData[] = [];
		const flush = async () => {
			if (pending.length === 0) return;
			const run = await runWorkflow(recordOnly, {
				startNode: 'Start',
				triggerItems: pending,
				mode: 'manual',
				credentials,
				dataTables: tables,
			});
			if (run.status !== 'success') throw new Error(`intake failed: ${run.error?.message}`);
			pending = [];
		};
		await deliverNotices(
			bodies,
			{ secret: SECRET, credentials, staticData },
			async (items, body, index) => {
				for (const item of items) {
					const eventId = String(item.json.eventId);
					if (recorded.has(eventId)) {
						repeated++;
						continue;
					}
					recorded.add(eventId);
					item.json.receivedAt = new Date(body.at).toISOString();
					pending.push(item);
				}
				if (pending.length >= INTAKE_BATCH) await flush();
				if (index % 2000 === 0) log(`intake ${index} of ${bodies.length} notifications`);
			},
		);
		await flush();
		// Warehouse receipts as template 03 records them: one row per unit, with its return id.
		for (const row of warehouseReceiptRows(scenario)) tables.insert('Warehouse Receipts', row);
		const seedMs = Date.now() - started;
		const ledgerRows = tables.rows('Returns Event Ledger').length;
		const receiptRows = tables.rows('Warehouse Receipts').length;
		log(
			`seeded in ${(seedMs / 1000).toFixed(0)} s: ${ledgerRows} ledger rows (${repeated} repeated events dropped as 01's claim drops them), ${receiptRows} receipts`,
		);
		return {
			centra,
			hr,
			amazon,
			tables,
			credentials,
			scenario,
			seedMs,
			ledgerRows,
			receiptRows,
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * The scenario the partitioned-night tests share: every record shape partitions must handle (lost
 * boxes across partitions, records with no order, bag-only receipts, Amazon refunds, kept
 * movements that name only their return), seeded as of `asOf`.
 */
export function seedPartitionedNight(returns: number, asOf: string) {
	return seedNightly(returns, 2424, undefined, {
		asOf,
		rates: {
			lostInTransit: 0.08,
			scanWithoutOrder: 0.05,
			missingOrderId: 0.05,
			missingStockMovement: 0.05,
			duplicateRefund: 0.05,
			orphanedRefund: 0.05,
			bagOnlyReceipt: 0.05,
		},
	});
}

/**
 * One night of `template` (04 or a variant) on a seeded world as of `at`, entered as 07 calls it,
 * with the scenario's in-transit warehouse and dispositions (and any other `settings`); throws
 * naming the node that failed.
 */
export async function runNight(
	world: Pick<Awaited<ReturnType<typeof seedNightly>>, 'credentials' | 'tables'>,
	template: Template,
	at: number,
	nightlyPartitions = 1,
	{
		settings,
		...options
	}: Pick<RunOptions, 'onNodeTime'> & { settings?: Record<string, unknown> } = {},
): Promise<RunResult> {
	const run = await runPartitionedNight(
		withSettings(template, {
			asOf: new Date(at).toISOString(),
			lookbackDays: 200,
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			nightlyPartitions,
			...settings,
		}),
		{ credentials: world.credentials, dataTables: world.tables, ...options },
	);
	if (run.status !== 'success')
		throw new Error(
			`04 failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
		);
	return run;
}

/**
 * 04 entered as 07 calls it, with itself registered under its id: a partitioned night calls its own
 * *When called* entry for each part, and must find this copy (its test settings), not the shipped one.
 */
export function runPartitionedNight(
	template: Template,
	options: Omit<RunOptions, 'startNode' | 'triggerItems' | 'mode' | 'workflows'>,
): Promise<RunResult> {
	return runCalledWorkflow(template, 'When called by month-end', {
		...options,
		workflows: { [String(template.id)]: template },
	});
}

async function main(): Promise<void> {
	const returns = Number(process.argv[2] ?? 1000);
	const seed = Number(process.argv[3] ?? 2424);
	// Another version of 04 (a path) to compare with the shipped one on the same scenario.
	const templateFile = process.argv[4] ?? '04-nightly-reconciliation.json';
	const log = (line: string) => process.stderr.write(`nightly: ${line}\n`);
	const world = await seedNightly(returns, seed, log);
	const { centra, hr, amazon, tables, credentials, seedMs, ledgerRows, receiptRows, close } = world;
	try {
		// RR_NIGHTLY_PARTITIONS=10: the nights run in that many partitions (04's nightlyPartitions).
		const nightlyPartitions = Number(process.env.RR_NIGHTLY_PARTITIONS ?? 1);
		const nightly = withSettings(loadTemplate(templateFile), {
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			lookbackDays: 200,
			nightlyPartitions,
		});
		const parts = new PartExecutions();
		let nightTables = tables;
		let counts = countTables(tables);
		const graphql = new URL(centra.graphqlUrl).pathname;
		const nights = [];
		// RR_NIGHTLY_PARTITION=10: a third night, on tables holding only the largest of ten partitions'
		// rows (what its read would return once every row carries its order key), to measure one
		// partition's execution beside the whole second night.
		const partitionCount = Number(process.env.RR_NIGHTLY_PARTITION ?? 0);
		let partitionRows: number | undefined;
		for (const night of partitionCount > 1 ? [1, 2, 3] : [1, 2]) {
			if (night === 3) {
				const subset = partitionTables(tables, partitionCount);
				partitionRows = subset.rows;
				nightTables = subset.tables;
				counts = countTables(nightTables);
			}
			const before = {
				centra: centra.server.log.filter((r) => r.path === graphql).length,
				mutations: Object.values(centra.mutationCalls).reduce((a, b) => a + b, 0),
				amazon: amazon.server.log.length,
				hr: hr.server.log.length,
				register: nightTables.rows('Exception Register').length,
			};
			counts.calls = {};
			counts.rowsRead = 0;
			counts.rowsWritten = 0;
			(global as { gc?: () => void }).gc?.();
			const heapAtStart = process.memoryUsage().heapUsed;
			let peakRss = process.memoryUsage().rss;
			const rssAtStart = peakRss;
			const sampler = setInterval(() => {
				peakRss = Math.max(peakRss, process.memoryUsage().rss);
			}, 50);
			const cpu0 = process.cpuUsage();
			const t0 = Date.now();
			// The execution lives only inside this function: once it returns, what the heap still holds
			// beyond heapAtStart is what the night wrote to the tables and the sandboxes, not run data.
			const measure = async () => {
				parts.length = 0;
				parts.sizes.length = 0;
				const run = await runPartitionedNight(nightly, {
					credentials,
					dataTables: nightTables,
					executions: parts,
				});
				const ms = Date.now() - t0;
				const cpu = process.cpuUsage(cpu0);
				clearInterval(sampler);
				peakRss = Math.max(peakRss, process.memoryUsage().rss);
				const runData = run.run.data.resultData.runData;
				// What the execution still holds once the run is over (n8n keeps every node's items until
				// the execution ends and then saves them): the heap with the run data, after a collection.
				(global as { gc?: () => void }).gc?.();
				const heapHeld = process.memoryUsage().heapUsed;
				const register = nightTables.rows('Exception Register');
				const centraReads =
					centra.server.log.filter((r) => r.path === graphql).length - before.centra;
				const result = {
					night,
					status: run.status,
					error: run.error?.message ?? null,
					ms,
					// Processor time of the process (the sandboxes run in it too): the load of other work on
					// the shared machine stretches the clock, not this.
					cpuMs: Math.round((cpu.user + cpu.system) / 1000),
					rssAtStart,
					peakRss,
					heapAtStart,
					heapHeld,
					// Each node's output as n8n saves it (JSON characters) and its item count, largest first:
					// where the run data's memory goes.
					runDataChars: runDataSizes(runData).reduce((sum, n) => sum + n.chars, 0),
					// What n8n writes for a kept execution: its data as one flatted string (-1: longer than a
					// JavaScript string can be, so the execution could not be saved).
					savedChars: savedSize(run.run.data),
					largestOutputs: runDataSizes(runData).slice(0, 10),
					// A partitioned night: each part's execution (partitions, unlinked, box step) as n8n
					// would save it, and the rows it read.
					nightlyPartitions,
					parts: [...parts.sizes],
					centraRequests: centraReads,
					centraMutations:
						Object.values(centra.mutationCalls).reduce((a, b) => a + b, 0) - before.mutations,
					amazonRequests: amazon.server.log.length - before.amazon,
					hrRequests: hr.server.log.length - before.hr,
					dataTable: { ...counts, calls: { ...counts.calls } },
					registerRows: register.length,
					registerAdded: register.length - before.register,
					openRows: register.filter((r) => r.status === 'open').length,
					// Items each Data Table write node handled (one call or two per item).
					registerWrites: Object.fromEntries(
						Object.entries(runData)
							.filter(([name]) => name.startsWith('Register:') || name.startsWith('Keep '))
							.map(([name, runs]) => [name, runs[0].data?.main[0]?.length ?? 0]),
					),
					slowest: Object.entries(runData)
						.map(([name, runs]) => ({
							name,
							ms: runs.reduce((sum, r) => sum + (r.executionTime ?? 0), 0),
							items: runs[0].data?.main.reduce((sum, out) => sum + (out?.length ?? 0), 0) ?? 0,
						}))
						.sort((a, b) => b.ms - a.ms)
						.slice(0, 8),
				};
				return result;
			};
			heapSteps.length = 0;
			const measured = await measure();
			(global as { gc?: () => void }).gc?.();
			const heapAfter = process.memoryUsage().heapUsed;
			const result = {
				...measured,
				// The execution's own data in the heap (its items, as n8n keeps them to the end).
				runDataHeap: measured.heapHeld - heapAfter,
				heapAfter,
				// Largest heap growth left behind by one node (RR_NIGHTLY_HEAP_STEPS=1 only).
				heapGrowthByNode: heapSteps
					.map((step, index) => ({
						node: step.node,
						mb:
							Math.round((step.heapMb - (heapSteps[index - 1]?.heapMb ?? heapAtStart / 1e6)) * 10) /
							10,
					}))
					.sort((a, b) => b.mb - a.mb)
					.slice(0, 12),
			};
			log(`night ${night}: ${JSON.stringify(result)}`);
			nights.push(result);
		}
		// The orders' marketplace order ids, as a partition learns them from its Centra orders.
		const aliases = new Map(
			world.scenario.orders
				.filter((o) => o.aliases)
				.map((o) => [String(o.aliases), String(o.orderNumber)] as const),
		);
		const partitioned = [2, 5, 10].map((n) => partitionShares(tables, n, aliases));
		log(`partitions: ${JSON.stringify(partitioned)}`);
		process.stdout.write(
			`${JSON.stringify({
				returns,
				seed,
				seedMs,
				ledgerRows,
				receiptRows,
				centraOrders: centra.state.orders.length,
				nights,
				partitioned,
				partitionRows,
				peakRssProcess: process.resourceUsage().maxRSS * 1024,
			})}\n`,
		);
	} finally {
		await close();
	}
}

if (require.main === module) void main();
