/**
 * n8n 2.40.7 in queue mode (https://docs.n8n.io/hosting/scaling/queue-mode/): Redis and Postgres
 * (./services), a main instance (editor, API, schedules, publishing), one webhook processor
 * (`n8n webhook`, which takes the production webhooks and puts each execution on the queue) and
 * workers (`n8n worker --concurrency=N`, which run them). Every process shares the database, Redis,
 * the encryption key and the user folder holding this package, installed from its packed tarball
 * as the real-n8n suite installs it; every template is imported with the sandbox credentials and
 * published, as scripts/realN8n/demo.ts does for one n8n on SQLite.
 *
 * Each vendor sandbox sits behind a counting proxy, so the calls the cluster makes are counted at
 * the wire (Centra's GraphQL split into queries and mutations, the quota Centra meters).
 */
import type { ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import { createServer, request, type Server } from 'http';
import type { AddressInfo } from 'net';
import { startSandboxes, type Sandboxes } from '../../sandbox';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import {
	openInstance,
	readTemplates,
	seedVendors,
	templateCredentials,
	withCredentials,
	type TemplateJson,
} from '../realN8n/demo';
import { RealN8n, startN8nProcess, stopProcess, type N8nOptions } from '../realN8n/instance';
import { ensureToolchain, packPackage, type Toolchain } from '../realN8n/toolchain';
import { startServices, type Services } from './services';

const ENCRYPTION_KEY = 'returns-reconciliation-queue-key';

function say(message: string): void {
	process.stderr.write(`[queue] ${message}\n`);
}

/** What every process of the cluster shares: queue mode, the Postgres database and Redis. */
function queueEnv(services: Services): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: services.postgres.password,
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		// n8n's default is 2 connections per process. Measured here: with 2, a burst of two dozen
		// concurrent webhooks left the webhook processor's database ping waiting for a free
		// connection past its timeout; n8n then marks the database "not ready" and answers every
		// webhook 503 until it recovers. Each process here holds 10 (4 processes, 40 in all).
		DB_POSTGRESDB_POOL_SIZE: process.env.RR_QUEUE_DB_POOL ?? '10',
		// Workers report to main; main runs no production webhooks, the webhook processor does.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// n8n's expressions run in an isolate whose memory is limited (128 MB as n8n ships it); set
		// RR_QUEUE_EXPRESSION_MEMORY_MB to measure a run past that limit (docs/scaling.md says when).
		...(process.env.RR_QUEUE_EXPRESSION_MEMORY_MB
			? { N8N_EXPRESSION_ENGINE_MEMORY_LIMIT: process.env.RR_QUEUE_EXPRESSION_MEMORY_MB }
			: {}),
	};
}

/** The main instance: RealN8n (owner, API, CLI import) with the queue-mode environment. */
class QueueMain extends RealN8n {
	constructor(
		toolchain: Toolchain,
		options: N8nOptions,
		private readonly services: Services,
		/** Every n8n process runs its own task broker for its Code-node runners (default 5679). */
		private readonly brokerPort: number,
		private readonly extraEnv: NodeJS.ProcessEnv,
	) {
		super(toolchain, options);
	}

	override get env(): NodeJS.ProcessEnv {
		return {
			...super.env,
			...queueEnv(this.services),
			...this.extraEnv,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		};
	}

	get pid(): number | undefined {
		// RealN8n keeps its child private; its pid is read here only to measure memory.
		return (this['child'] as ChildProcess | undefined)?.pid;
	}
}

/** A webhook processor or a worker: same environment, another command and port. */
export class N8nProcess {
	readonly logs: string[] = [];
	private child: ChildProcess | undefined;

	constructor(
		readonly name: string,
		private readonly toolchain: Toolchain,
		private readonly args: string[],
		private readonly env: NodeJS.ProcessEnv,
		readonly readinessUrl: string,
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	async start(timeoutMs = 180_000): Promise<void> {
		this.child = await startN8nProcess({
			name: this.name,
			toolchain: this.toolchain,
			args: this.args,
			env: this.env,
			readinessUrl: this.readinessUrl,
			timeoutMs,
			logs: this.logs,
		});
	}

	async stop(): Promise<void> {
		await stopProcess(this.child);
	}
}

/** A field of /proc/<pid>/status in kB (VmHWM: the peak resident memory; VmRSS: the current), in MiB. */
function statusMib(id: number, field: 'VmHWM' | 'VmRSS'): number {
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
			readFileSync(`/proc/${id}/status`, 'utf8'),
		);
		return match ? Number(match[1]) / 1024 : 0;
	} catch {
		return 0;
	}
}

/** The children of a process (n8n's task runners). */
function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

/** Peak resident memory (VmHWM) of a process and of its children (n8n's task runners), in MiB. */
export function peakRss(pid: number | undefined): { process: number; children: number } {
	if (!pid) return { process: 0, children: 0 };
	return {
		process: Math.round(statusMib(pid, 'VmHWM')),
		children: Math.round(childrenOf(pid).reduce((sum, id) => sum + statusMib(id, 'VmHWM'), 0)),
	};
}

/** Resident memory now (VmRSS) of a process and of its children, in MiB. */
export function currentRss(pid: number | undefined): { process: number; children: number } {
	if (!pid) return { process: 0, children: 0 };
	return {
		process: Math.round(statusMib(pid, 'VmRSS')),
		children: Math.round(childrenOf(pid).reduce((sum, id) => sum + statusMib(id, 'VmRSS'), 0)),
	};
}

export interface VendorCounts {
	requests: number;
	/** Centra only: GraphQL mutations (Centra's mutation quota) and queries. */
	mutations: number;
	queries: number;
}

interface CountingProxy {
	url: string;
	counts: VendorCounts;
	reset(): void;
	close(): Promise<void>;
}

/** Forwards every request to `target` unchanged and counts it (GraphQL operations by kind). */
async function countingProxy(target: string): Promise<CountingProxy> {
	const to = new URL(target);
	const counts: VendorCounts = { requests: 0, mutations: 0, queries: 0 };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			counts.requests++;
			if ((req.headers['content-type'] ?? '').includes('json') && body.length > 0) {
				try {
					const query = (JSON.parse(body.toString('utf8')) as { query?: unknown }).query;
					if (typeof query === 'string') {
						if (/^\s*mutation\b/.test(query)) counts.mutations++;
						else counts.queries++;
					}
				} catch {
					// not JSON: forwarded as is
				}
			}
			const upstream = request(
				{
					host: to.hostname,
					port: to.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: to.host },
				},
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			// A dropped connection upstream (an injected fault) is dropped here too.
			upstream.on('error', () => res.destroy());
			res.on('close', () => upstream.destroy());
			upstream.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		counts,
		reset: () => Object.assign(counts, { requests: 0, mutations: 0, queries: 0 }),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface ClusterOptions {
	returns: number;
	seed?: number;
	/** First of the cluster's ports (main; then the webhook processor, worker health, brokers). */
	basePort?: number;
	workers?: number;
	concurrency?: number;
	/** Changes a template before import (settings, or a guard switched off to show a test fails). */
	transform?: (template: TemplateJson) => TemplateJson;
	/** The templates to import and publish (default all): a phase that measures one template alone. */
	include?: (template: TemplateJson) => boolean;
	/** Client timeout written into every vendor credential (the fault phases shorten it). */
	timeoutSeconds?: number;
	/**
	 * How long each n8n process may take to answer its readiness check. Main runs the database
	 * migrations first; on a loaded two-core machine that took longer than three minutes.
	 */
	startTimeoutMs?: number;
	/**
	 * Vendor sandboxes already seeded (the nightly phase loads its own scenario); the cluster puts
	 * its counting proxies in front of them and closes them. Without, it starts and seeds its own.
	 */
	vendors?: { sandboxes: Sandboxes; scenario: Scenario };
	/** More environment for every n8n process (a limit raised, a setting measured). */
	env?: NodeJS.ProcessEnv;
	/** The templates to import (default: the Data Table templates, workflows-templates/*.json). */
	templates?: TemplateJson[];
	/**
	 * The Postgres variant's ledger: a database of this name on the cluster's Postgres server (a
	 * database of the merchant's own, not n8n's schema) and an n8n Postgres credential for it,
	 * which every Postgres node of the templates is given, as a user picks it after import.
	 */
	ledgerDatabase?: string;
}

/** The n8n Postgres credential the Postgres variant's nodes use (its name as the templates ship it). */
export const LEDGER_CREDENTIAL = { id: 'rrLedgerPostgres', name: 'Returns ledger Postgres' };

/** A template with its Postgres nodes on the ledger credential. */
function withLedgerCredential(template: TemplateJson): TemplateJson {
	for (const node of template.nodes)
		if (node.credentials && 'postgres' in node.credentials)
			node.credentials.postgres = LEDGER_CREDENTIAL;
	return template;
}

export interface Cluster {
	returns: number;
	main: RealN8n & { pid: number | undefined };
	webhook: N8nProcess;
	workers: N8nProcess[];
	services: Services;
	sandboxes: Sandboxes;
	scenario: Scenario;
	webhooks: WebhookBody[];
	proxies: Record<'centra' | 'happyReturns' | 'amazon', CountingProxy>;
	dataTableIds: Record<string, string>;
	/** Production webhook base of the webhook processor. */
	webhookBase: string;
	/** The Postgres variant's ledger database (ClusterOptions.ledgerDatabase), when there is one. */
	ledgerDatabase?: string;
	/** Peak RSS of every n8n process so far (read before stopping). */
	memory(): Record<string, { process: number; children: number }>;
	close(): Promise<void>;
}

export async function startQueueCluster(options: ClusterOptions): Promise<Cluster> {
	const basePort = options.basePort ?? Number(process.env.RR_QUEUE_N8N_PORT ?? 5700);
	const workerCount = options.workers ?? 2;
	const concurrency = options.concurrency ?? 5;
	const toolchain = ensureToolchain();
	const tarball = packPackage();
	const services = await startServices({ maxConnections: 200 });
	const stack: Array<() => Promise<void>> = [() => services.stop()];
	// Interrupted (Ctrl-C, a CI timeout): stop n8n, Redis and Postgres before leaving, as on failure.
	const onSignal = (signal: NodeJS.Signals) => {
		say(`${signal}: stopping the cluster`);
		void close().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const close = async () => {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		for (const stop of stack.splice(0).reverse()) {
			try {
				await stop();
			} catch (error) {
				say(`while stopping: ${(error as Error).message}`);
			}
		}
	};
	try {
		// Quotas far above the load: the run measures mutations per unit, and the quota Centra
		// publishes is applied to those figures in docs/scaling.md instead of throttling the run.
		const sandboxes =
			options.vendors?.sandboxes ??
			(await startSandboxes({
				amazon: { rateScale: 1000 },
				centra: { requestQuota: 1e7, mutationQuota: 1e7, hourlyMutationQuota: 1e7 },
				happyReturns: { bucketSize: 1e7, ratePerSecond: 1e7 },
			}));
		stack.push(() => sandboxes.close());
		const scenario =
			options.vendors?.scenario ??
			generateScenario({
				seed: options.seed ?? 31,
				returns: options.returns,
				rates: {},
				asOf: new Date().toISOString(),
			});
		const webhooks = options.vendors ? sandboxes.webhooks : seedVendors(sandboxes, scenario);
		const proxies = {
			centra: await countingProxy(sandboxes.centra.url),
			happyReturns: await countingProxy(sandboxes.hr.url),
			amazon: await countingProxy(sandboxes.amazon.url),
		};
		stack.push(async () => {
			await Promise.all(Object.values(proxies).map((p) => p.close()));
		});
		const through = (value: string) =>
			value
				.replace(sandboxes.centra.url, proxies.centra.url)
				.replace(sandboxes.hr.url, proxies.happyReturns.url)
				.replace(sandboxes.amazon.url, proxies.amazon.url);
		const timeout = options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {};
		const credentialData = Object.fromEntries(
			Object.entries(sandboxes.credentials).map(([type, data]) => [
				type,
				{
					...Object.fromEntries(Object.entries(data).map(([k, v]) => [k, through(String(v))])),
					...timeout,
				},
			]),
		);

		// Ports: main, webhook processor, a worker health port per worker, then a task-broker port for
		// each process (n8n's default 5679 would collide with any other n8n on the machine).
		const brokerPort = (index: number) => basePort + 2 + workerCount + index;
		const main = new QueueMain(
			toolchain,
			{ port: basePort },
			services,
			brokerPort(0),
			options.env ?? {},
		);
		stack.push(async () => {
			await main.stop();
			main.removeUserFolder();
		});
		const ledger = options.ledgerDatabase;
		const templates = (options.templates ?? readTemplates())
			.filter((t) => options.include?.(t) ?? true)
			.map((t) => withCredentials(options.transform ? options.transform(t) : t))
			.map((t) => (ledger ? withLedgerCredential(t) : t));
		const credentials = templateCredentials(credentialData);
		if (ledger) {
			services.psql(`create database ${ledger}`);
			const { host, port, user, password } = services.postgres;
			credentials.push({
				...LEDGER_CREDENTIAL,
				type: 'postgres',
				data: { host, port, database: ledger, user, password, ssl: 'disable' },
			});
		}
		// As scripts/realN8n/demo.ts prepares an instance, with the ledger credential beside the rest.
		main.installPackage(tarball);
		main.importCredentials(credentials);
		main.importWorkflows(templates);
		say(`starting the main instance on ${main.url}`);
		const startTimeout = options.startTimeoutMs ?? 600_000;
		await main.start(startTimeout);
		const dataTableIds = await openInstance(main, templates);

		const env = main.env;
		const webhook = new N8nProcess(
			'webhook processor',
			toolchain,
			['webhook'],
			{ ...env, N8N_PORT: String(basePort + 1), N8N_RUNNERS_BROKER_PORT: String(brokerPort(1)) },
			`http://127.0.0.1:${basePort + 1}/healthz/readiness`,
		);
		stack.push(() => webhook.stop());
		const workers = Array.from({ length: workerCount }, (_, index) => {
			const port = basePort + 2 + index;
			return new N8nProcess(
				`worker ${index + 1}`,
				toolchain,
				['worker', `--concurrency=${concurrency}`],
				{
					...env,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_RUNNERS_BROKER_PORT: String(brokerPort(2 + index)),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
				`http://127.0.0.1:${port}/healthz/readiness`,
			);
		});
		for (const worker of workers) stack.push(() => worker.stop());
		say(`starting the webhook processor and ${workerCount} workers (concurrency ${concurrency})`);
		await Promise.all([webhook.start(startTimeout), ...workers.map((w) => w.start(startTimeout))]);
		return {
			returns: options.returns,
			main,
			webhook,
			workers,
			services,
			sandboxes,
			scenario,
			webhooks,
			proxies,
			dataTableIds,
			webhookBase: `http://127.0.0.1:${basePort + 1}/webhook`,
			ledgerDatabase: ledger,
			memory: () => ({
				main: peakRss(main.pid),
				webhook: peakRss(webhook.pid),
				...Object.fromEntries(workers.map((w) => [w.name, peakRss(w.pid)])),
			}),
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}
