/**
 * What the Postgres tests share: a night of template 04 on a register scenario in either store (the
 * vendors' sandboxes, the scenario's notices through 01 into the Data Table ledger, its receipts),
 * and a returns flow switched to the Postgres tables.
 */
import { runWorkflow, type InMemoryDataTables } from '../../harness';
import type { RunResult } from '../../harness/runWorkflow';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';
import type { ReturnsFlow } from '../../harness/reliability/returnsFlow';
import { warehouseReceiptRows } from '../../harness/scenarioRows';
import { withSettings, type Template } from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
} from '../../sandbox/happyReturns/server';
import {
	ANOMALY_ORDER,
	generateScenario,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
} from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { readPostgresTemplate, startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

const SECRET = 'postgres-register-night-secret';

export interface RegisterNight {
	db: LedgerPostgres;
	centra: CentraSandbox;
	hr: HappyReturnsSandbox;
	amazon: AmazonSandbox;
	credentials: Record<string, Record<string, string | number | boolean>>;
	stop(): Promise<void>;
}

/** PostgreSQL and the three vendors' sandboxes, with the credentials of both stores. */
export async function startRegisterNight(): Promise<RegisterNight> {
	const [db, centra, hr, amazon] = await Promise.all([
		startLedgerPostgres(),
		startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 }),
		startHappyReturnsSandbox(),
		startAmazonSandbox({ rateScale: 1000 }),
	]);
	return {
		db,
		centra,
		hr,
		amazon,
		credentials: {
			...sandboxCredentials({ hr, amazon }, SECRET),
			centraApi: { url: centra.graphqlUrl, token: centra.token },
			postgres: db.credential,
		},
		stop: async () => {
			await Promise.all([db.stop(), centra.close(), hr.close(), amazon.close()]);
		},
	};
}

/**
 * The register's anomalies (the generator's first ten: refunded never returned to returned never
 * refunded), a few of each, loaded into the sandboxes; the ledger as 01 keeps it and the receipts,
 * in the Data Tables.
 */
export async function seedRegisterScenario(
	world: RegisterNight,
	tables: InMemoryDataTables,
	seed: number,
	asOf: number,
): Promise<void> {
	const rates = Object.fromEntries(ANOMALY_ORDER.slice(0, 10).map((anomaly) => [anomaly, 0.05]));
	const scenario = generateScenario({
		seed,
		returns: 40,
		rates,
		asOf: new Date(asOf).toISOString(),
	});
	const { centra, hr, amazon, credentials } = world;
	await deliverNoticesToIntake(
		loadScenario(scenario, { centra, hr, amazon }),
		{ secret: SECRET, credentials },
		tables,
	);
	for (const row of warehouseReceiptRows(scenario)) tables.insert('Warehouse Receipts', row);
}

/** One night of 04 (either store's template) as of `asOf`, as month-end calls it. */
export async function runNight(
	world: RegisterNight,
	tables: InMemoryDataTables,
	template: Template,
	store: 'dataTable' | 'postgres',
	asOf: number,
	nightlyPartitions = 1,
): Promise<RunResult> {
	const night = withSettings(template, {
		ledgerStore: store,
		asOf: new Date(asOf).toISOString(),
		lookbackDays: 160,
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
		nightlyPartitions,
	});
	const run = await runWorkflow(night, {
		startNode: 'When called by month-end',
		triggerItems: [{ json: {} }],
		mode: 'integrated',
		credentials: world.credentials,
		dataTables: tables,
		// A partitioned night calls its own workflow: this store's 04, with these settings.
		workflows: { [String(night.id)]: night },
	});
	if (run.status !== 'success')
		throw new Error(
			`04 (${store}) failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
		);
	return run;
}

/**
 * The returns flow's templates (01, 02, 03, 08, 09) in their Postgres variant, with the settings
 * the flow runs them with; `edit` changes the three that claim deliveries (01, 02, 03).
 */
export function postgresFlowTemplates(
	edit: (template: Template) => Template = (template) => template,
): NonNullable<ReturnsFlow['templates']> {
	const template = (file: string, change: (t: Template) => Template = (t) => t) =>
		withSettings(change(readPostgresTemplate(file)), {
			ledgerStore: 'postgres',
			inTransitWarehouse: 'TRANSIT',
		});
	return {
		intake: template('01-happy-returns-intake.json', edit),
		dropOff: template('02-return-bar-drop-off.json', edit),
		warehouse: template('03-warehouse-processing.json', edit),
		replay: template('08-replay.json'),
		errors: template('09-error-workflow.json'),
	};
}

/**
 * Points a returns flow at the Postgres tables: its facts read them, its runs get the credential,
 * and n8n gets no Data Table service (the Postgres templates use none). Gives back the undo.
 */
export function onPostgres(flow: ReturnsFlow, db: LedgerPostgres): () => void {
	const { tables, credentials } = flow;
	flow.tables = {
		rows: (name: string) => db.rows(name),
		provider: () => undefined,
	} as unknown as InMemoryDataTables;
	flow.credentials = function (this: ReturnsFlow) {
		return { ...credentials.call(this), postgres: db.credential } as ReturnType<typeof credentials>;
	};
	return () => {
		flow.tables = tables;
		flow.credentials = credentials;
	};
}
