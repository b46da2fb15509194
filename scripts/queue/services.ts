/**
 * Redis and PostgreSQL for n8n's queue mode, started from Debian's binaries on their own ports with
 * their data in a temporary folder, and stopped (folder removed) by `stop()`, also when a start
 * fails half-way. n8n needs both in queue mode: Redis carries the job queue (Bull) and Postgres is
 * the database every process shares (https://docs.n8n.io/hosting/scaling/queue-mode/).
 *
 * PostgreSQL refuses to run as root, so when this process is root the server runs as the
 * `postgres` user the Debian package creates.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir, userInfo } from 'os';
import { join } from 'path';
import { stopProcess } from '../realN8n/instance';

export const PG_BIN = process.env.RR_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ServicesOptions {
	redisPort?: number;
	postgresPort?: number;
	/** Postgres connections: every n8n process holds a pool (DB_POSTGRESDB_POOL_SIZE each). */
	maxConnections?: number;
}

export interface Services {
	folder: string;
	redis: { host: string; port: number; pid: number | undefined };
	postgres: { host: string; port: number; user: string; password: string; database: string };
	/**
	 * Runs one SQL statement on a database of the server (n8n's unless named) and returns its
	 * unaligned output; `input` is its standard input (the rows of a `copy ... from stdin`).
	 */
	psql(sql: string, database?: string, input?: string): string;
	stop(): Promise<void>;
}

function say(message: string): void {
	process.stderr.write(`[queue] ${message}\n`);
}

function postgresUid(): { uid: number; gid: number } | undefined {
	if (userInfo().uid !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line)
		throw new Error(
			'running as root but there is no postgres user; run scripts/queue/ensure-services.sh',
		);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (check()) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

export async function startServices(options: ServicesOptions = {}): Promise<Services> {
	const redisPort = options.redisPort ?? Number(process.env.RR_QUEUE_REDIS_PORT ?? 6390);
	const postgresPort = options.postgresPort ?? Number(process.env.RR_QUEUE_PG_PORT ?? 5440);
	const folder = mkdtempSync(join(tmpdir(), 'rr-queue-'));
	// The postgres user must reach its data folder and socket inside it.
	chmodSync(folder, 0o755);
	const pgData = join(folder, 'pg');
	const pgLog = join(folder, 'pg.log');
	const owner = postgresUid();
	const asPostgres = (args: string[]) =>
		execFileSync(args[0], args.slice(1), {
			stdio: ['ignore', 'pipe', 'pipe'],
			encoding: 'utf8',
			...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
			env: { ...process.env, LC_ALL: 'C', HOME: folder },
		});
	let redis: ChildProcess | undefined;
	let postgresStarted = false;
	const stop = async () => {
		if (postgresStarted) {
			try {
				asPostgres([join(PG_BIN, 'pg_ctl'), '-D', pgData, '-m', 'fast', '-w', 'stop']);
			} catch (error) {
				say(`postgres did not stop cleanly: ${(error as Error).message}`);
			}
			postgresStarted = false;
		}
		await stopProcess(redis, 5_000);
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		say(`starting Redis on 127.0.0.1:${redisPort} (no persistence)`);
		redis = spawn(
			'redis-server',
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				folder,
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const child = redis;
		process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
		let redisLog = '';
		child.stdout?.on('data', (chunk: Buffer) => (redisLog += chunk.toString('utf8')));
		await waitFor(() => {
			if (child.exitCode !== null)
				throw new Error(`redis-server exited with ${child.exitCode}: ${redisLog.slice(-1000)}`);
			return /Ready to accept connections/.test(redisLog);
		}, 'redis-server');

		say(`starting PostgreSQL on 127.0.0.1:${postgresPort} (data in ${folder})`);
		mkdirSync(pgData);
		if (owner) chownSync(pgData, owner.uid, owner.gid);
		asPostgres([
			join(PG_BIN, 'initdb'),
			'-D',
			pgData,
			'-A',
			'trust',
			'-U',
			'n8n',
			'-E',
			'UTF8',
			'--no-sync',
		]);
		if (owner) chownSync(folder, owner.uid, owner.gid);
		asPostgres([
			join(PG_BIN, 'pg_ctl'),
			'-D',
			pgData,
			'-l',
			pgLog,
			'-w',
			'-o',
			[
				`-p ${postgresPort}`,
				"-c listen_addresses='127.0.0.1'",
				`-k ${folder}`,
				`-c max_connections=${options.maxConnections ?? 100}`,
				// A throw-away database: losing it on a crash costs nothing, and the suite is faster.
				'-c fsync=off',
				'-c synchronous_commit=off',
				'-c full_page_writes=off',
			].join(' '),
			'start',
		]);
		postgresStarted = true;
		const psql = (sql: string, database = 'n8n', input?: string) =>
			execFileSync(
				join(PG_BIN, 'psql'),
				['-h', '127.0.0.1', '-p', String(postgresPort), '-U', 'n8n', '-d', database, '-Atqc', sql],
				{
					encoding: 'utf8',
					stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
					input,
					maxBuffer: 1 << 30,
				},
			).trim();
		psql('create database n8n', 'postgres');
		return {
			folder,
			redis: { host: '127.0.0.1', port: redisPort, pid: redis.pid },
			postgres: {
				host: '127.0.0.1',
				port: postgresPort,
				user: 'n8n',
				password: 'n8n',
				database: 'n8n',
			},
			psql,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
