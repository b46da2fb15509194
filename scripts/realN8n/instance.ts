/**
 * One real n8n on SQLite (its embedded default) in a throw-away user folder, with this package
 * installed from its packed tarball as a community package, so node types are
 * `n8n-nodes-returns-reconciliation.*` exactly as the templates name them. Set-up goes through
 * n8n's own CLI (import) and APIs (owner, API key, Data Tables, publish), as a person would.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Toolchain } from './toolchain';

export const OWNER = {
	email: 'owner@returns.example',
	password: 'Returns-Demo-2026',
	firstName: 'Returns',
	lastName: 'Owner',
};

export interface N8nOptions {
	port: number;
	userFolder?: string;
	/** Print n8n's own log lines (the demo does; tests keep them for failures). */
	echoLogs?: boolean;
}

export interface N8nProcessOptions {
	/** How failures name it: "n8n", "webhook processor", "worker 1". */
	name: string;
	toolchain: Toolchain;
	/** n8n's command and flags: `start`, `webhook`, `worker --concurrency=5`. */
	args: string[];
	env: NodeJS.ProcessEnv;
	readinessUrl: string;
	timeoutMs: number;
	/** Receives the process's output (the last lines are quoted when it fails to start). */
	logs: string[];
	echo?: boolean;
}

/**
 * Starts one n8n process and waits until its readiness check answers. The process is killed when
 * this one exits, however it exits, so no n8n is left behind.
 */
export async function startN8nProcess(options: N8nProcessOptions): Promise<ChildProcess> {
	const { name, logs } = options;
	const child = spawn(options.toolchain.nodeBin, [options.toolchain.n8nBin, ...options.args], {
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: false,
	});
	process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
	const keep = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		logs.push(text);
		// A long run keeps the recent lines only.
		if (logs.length > 2000) logs.splice(0, 1000);
		if (options.echo) process.stdout.write(text);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const started = Date.now();
	while (Date.now() - started < options.timeoutMs) {
		if (child.exitCode !== null) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			throw new Error(`${name} exited with code ${child.exitCode}:\n${logs.join('').slice(-4000)}`);
		}
		try {
			const response = await fetch(options.readinessUrl, { signal: AbortSignal.timeout(5000) });
			if (response.ok) return child;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(
		`${name} did not become ready within ${options.timeoutMs / 1000} s:\n${logs.join('').slice(-4000)}`,
	);
}

/** SIGTERM (n8n finishes what it runs), SIGKILL if it has not exited after `killAfterMs`. */
export async function stopProcess(
	child: ChildProcess | undefined,
	killAfterMs = 20_000,
): Promise<void> {
	if (!child || child.exitCode !== null) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

export class RealN8n {
	readonly userFolder: string;
	readonly url: string;
	readonly logs: string[] = [];
	apiKey = '';
	private cookie = '';
	private child: ChildProcess | undefined;

	constructor(
		private readonly toolchain: Toolchain,
		private readonly options: N8nOptions,
	) {
		this.userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'rr-n8n-'));
		this.url = `http://127.0.0.1:${options.port}`;
	}

	get env(): NodeJS.ProcessEnv {
		// A test runner's own variables (NODE_ENV=test, JEST_*) would put n8n in its test mode.
		const inherited = Object.fromEntries(
			Object.entries(this.toolchain.env).filter(
				([name]) => !name.startsWith('JEST_') && name !== 'NODE_ENV' && !name.startsWith('N8N_'),
			),
		);
		return {
			...inherited,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.options.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: this.url,
			N8N_ENCRYPTION_KEY: 'returns-reconciliation-demo-key',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_ENABLED: 'true',
			// The task broker listens on its own port (default 5679); derived from this instance's port
			// so two n8n instances on one machine do not collide
			// (https://docs.n8n.io/hosting/configuration/environment-variables/task-runners/).
			N8N_RUNNERS_BROKER_PORT: String(this.options.port + 10000),
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			DB_TYPE: 'sqlite',
			N8N_LOG_LEVEL: 'info',
		};
	}

	/** Installs the packed package where n8n loads community packages from. */
	installPackage(tarball: string): void {
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
		// The peer n8n-workflow is n8n's own; it must not be installed next to the package.
		execFileSync(
			'npm',
			['install', tarball, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'],
			{ cwd: nodesDir, env: this.toolchain.env, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	}

	/** Runs an n8n CLI command (import, export, execute) against this instance's database. */
	cli(args: string[]): string {
		try {
			return execFileSync(this.toolchain.nodeBin, [this.toolchain.n8nBin, ...args], {
				env: this.env,
				encoding: 'utf8',
				maxBuffer: 64 * 1024 * 1024,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
		} catch (error) {
			const failed = error as { stdout?: string; stderr?: string };
			throw new Error(
				`n8n ${args[0]} failed:\n${`${failed.stdout ?? ''}\n${failed.stderr ?? ''}`.trim().slice(-3000)}`,
			);
		}
	}

	importCredentials(credentials: object[]): void {
		const file = join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		this.cli(['import:credentials', `--input=${file}`]);
	}

	importWorkflows(workflows: object[]): void {
		const dir = join(this.userFolder, 'workflows');
		mkdirSync(dir, { recursive: true });
		workflows.forEach((workflow, index) =>
			writeFileSync(join(dir, `${index}.json`), JSON.stringify(workflow)),
		);
		this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	async start(timeoutMs = 180_000): Promise<void> {
		if (await this.answering())
			throw new Error(
				`port ${this.options.port} is already in use (another n8n?); stop it or choose another port`,
			);
		this.child = await startN8nProcess({
			name: 'n8n',
			toolchain: this.toolchain,
			args: ['start'],
			env: this.env,
			readinessUrl: `${this.url}/healthz/readiness`,
			timeoutMs,
			logs: this.logs,
			echo: this.options.echoLogs,
		});
	}

	private async answering(): Promise<boolean> {
		try {
			await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
			return true;
		} catch {
			return false;
		}
	}

	async stop(): Promise<void> {
		await stopProcess(this.child);
	}

	removeUserFolder(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Internal REST API of the editor (owner set-up, login, API keys), with the session cookie. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok)
			throw new Error(`n8n ${method} /rest${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const json = text ? (JSON.parse(text) as { data?: T }) : {};
		return (json.data ?? json) as T;
	}

	/** Public API (`/api/v1`, X-N8N-API-KEY), as scripts and other tools use n8n. */
	async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`n8n ${method} /api/v1${path}: HTTP ${response.status} ${text.slice(0, 500)}`,
			);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/** Owner account (first start only) and an API key with every scope the owner may grant. */
	async setUpOwner(): Promise<void> {
		try {
			await this.rest('POST', '/owner/setup', OWNER);
		} catch (error) {
			if (!/already|instance owner/i.test((error as Error).message)) throw error;
			await this.rest('POST', '/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
		}
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const key = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label: `returns-demo-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		this.apiKey = key.rawApiKey ?? key.apiKey ?? '';
		if (!this.apiKey) throw new Error('n8n did not return an API key');
	}

	get sessionCookie(): string {
		return this.cookie;
	}
}
