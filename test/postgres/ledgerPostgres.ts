/**
 * A throw-away PostgreSQL for the Postgres variant of the templates (the queue suite's services,
 * on their own ports), with the three tables as the setup template creates them, and the rows read
 * back in the Data Table shape (so the reliability facts count them as they count the Data Tables).
 */
import { execFileSync } from 'child_process';
import { createServer, type AddressInfo } from 'net';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { startServices, type Services } from '../../scripts/queue/services';
import { runWorkflow } from '../../harness';
import { withSettings, type Template } from '../../harness/templateFiles';
import { POSTGRES_DIR, rowList, tableSpecs } from '../../scripts/postgresTemplates';

export interface LedgerPostgres {
	services: Services;
	/** The n8n Postgres credential pointing at the server. */
	credential: Record<string, string | number | boolean>;
	rows(table: string): Array<Record<string, unknown>>;
	/** Empties the three tables (ids start again at 1). */
	reset(): void;
	psql(sql: string): string;
	stop(): Promise<void>;
}

/** Two TCP ports free on this host now (held together, so distinct): two checkouts testing on one
 * machine never share a server. */
async function twoFreePorts(): Promise<[number, number]> {
	const servers = [createServer(), createServer()];
	await Promise.all(
		servers.map((server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done))),
	);
	const ports = servers.map((server) => (server.address() as AddressInfo).port);
	await Promise.all(
		servers.map((server) => new Promise<void>((done) => server.close(() => done()))),
	);
	return [ports[0], ports[1]];
}

/** PostgreSQL (and the Redis the services start too) on ports free on this host, per test file. */
export async function startLedgerPostgres(): Promise<LedgerPostgres> {
	// Installs PostgreSQL from Debian's packages where missing (CI runs as root), as test:queue does.
	execFileSync('bash', [resolve(__dirname, '../../scripts/queue/ensure-services.sh')], {
		stdio: 'inherit',
	});
	nodePools();
	const [postgresPort, redisPort] = await twoFreePorts();
	const services = await startServices({ postgresPort, redisPort });
	const tables = tableSpecs();
	const { host, port, database, user, password } = services.postgres;
	const credential = { host, port, database, user, password, ssl: 'disable' };
	// The tables as the variant's setup template creates them (and then checks their columns).
	const setup = await runWorkflow(
		withSettings(readPostgresTemplate('14-postgres-tables-setup.json'), {
			ledgerStore: 'postgres',
		}),
		{
			startNode: 'When called (manual or tests)',
			triggerItems: [{ json: {} }],
			credentials: { postgres: credential },
		},
	);
	if (setup.status !== 'success' || !setup.output('Tables ready').length) {
		await services.stop();
		throw new Error(`14 Set up the Postgres tables failed: ${setup.error?.message}`);
	}
	return {
		services,
		credential,
		rows(name) {
			const table = tables.find((t) => t.name === name);
			if (!table) throw new Error(`no Postgres table for "${name}"`);
			const json = services.psql(
				`select coalesce(json_agg(t order by t.id), '[]') from (select ${rowList(table)} from ${table.sql}) t`,
			);
			return JSON.parse(json) as Array<Record<string, unknown>>;
		},
		reset() {
			services.psql(`truncate ${tables.map((t) => t.sql).join(', ')} restart identity`);
		},
		psql: (sql) => services.psql(sql),
		async stop() {
			closeNodePools();
			await services.stop();
		},
	};
}

/**
 * n8n's Postgres node keeps a pool per credential for the life of the process (n8n-nodes-base's
 * ConnectionPoolManager): closed before the server stops, so no client outlives it.
 */
function nodePools(): { purgeConnections(): void } {
	const { ConnectionPoolManager } =
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('n8n-nodes-base/dist/utils/connection-pool-manager') as {
			ConnectionPoolManager: { getInstance(logger: unknown): { purgeConnections(): void } };
		};
	// Its first call starts a timer that sweeps idle pools: unreferenced here, so the test process
	// can exit (n8n's own process runs for good).
	const setTimer = global.setInterval;
	global.setInterval = ((...args: Parameters<typeof setInterval>) =>
		setTimer(...args).unref()) as typeof setInterval;
	try {
		return ConnectionPoolManager.getInstance({ debug() {}, info() {}, warn() {}, error() {} });
	} finally {
		global.setInterval = setTimer;
	}
}

function closeNodePools(): void {
	nodePools().purgeConnections();
}

/** A committed template of the Postgres variant. */
export function readPostgresTemplate(file: string): Template {
	return JSON.parse(readFileSync(resolve(POSTGRES_DIR, file), 'utf8')) as Template;
}
