/**
 * A throw-away PostgreSQL for the Postgres variant of the templates (the queue suite's services,
 * on their own ports), with the three tables as the setup template creates them, and the rows read
 * back in the Data Table shape (so the reliability facts count them as they count the Data Tables).
 */
import { execFileSync } from 'child_process';
import { resolve } from 'path';
import { startServices, type Services } from '../../scripts/queue/services';
import { postgresDdl, rowList, tableSpecs } from '../../scripts/postgresTemplates';

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

export async function startLedgerPostgres(): Promise<LedgerPostgres> {
	// Installs PostgreSQL from Debian's packages where missing (CI runs as root), as test:queue does.
	execFileSync('bash', [resolve(__dirname, '../../scripts/queue/ensure-services.sh')], {
		stdio: 'inherit',
	});
	const services = await startServices({
		redisPort: Number(process.env.RR_PG_TEST_REDIS_PORT ?? 6392),
		postgresPort: Number(process.env.RR_PG_TEST_PORT ?? 5442),
	});
	const tables = tableSpecs();
	services.psql(postgresDdl());
	const { host, port, database, user, password } = services.postgres;
	return {
		services,
		credential: { host, port, database, user, password, ssl: 'disable' },
		rows(name) {
			const table = tables.find((t) => t.name === name);
			if (!table) throw new Error(`no Postgres table for "${name}"`);
			const json = services.psql(
				`select coalesce(json_agg(t order by t.id), '[]') from (select ${rowList(table)} from ${table.sql}) t`,
			);
			return JSON.parse(json) as Array<Record<string, unknown>>;
		},
		reset() {
			services.psql(
				`truncate ${tables.map((t) => t.sql).join(', ')} restart identity`,
			);
		},
		psql: (sql) => services.psql(sql),
		stop: () => services.stop(),
	};
}
