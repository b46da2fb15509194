/**
 * Moving a running install from the Data Tables to Postgres (template 15 of the Postgres variant),
 * against a real PostgreSQL: the rows a scenario leaves in the in-process Data Tables (01's ledger,
 * the warehouse receipts, 04's register) copied are every row once with equal values (ids, dates,
 * numbers); copying twice, or in other page sizes, changes nothing; rows written or updated between
 * two copies arrive with the second; 04 on the copied tables gives the register 04 gives on the
 * Data Tables; and an event claimed before the switch is not processed again after it.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow, type InMemoryDataTables } from '../../harness';
import {
	deliverNotification,
	deliverReceipts,
	ledgerFacts,
	receiptsOf,
	startReturnsFlow,
	type ReturnsFlow,
} from '../../harness/reliability/returnsFlow';
import { ALL_HELD, promisesHeld } from '../../harness/reliability/stormAndFaults';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import {
	COPY_FILE,
	COPY_PAGE_ROWS,
	COPY_REPORT_NODE,
	COPY_START_NODE,
	copyNodeName,
	copyQuery,
	readNodeName,
} from '../../scripts/postgresCopyTemplate';
import { builtinNodeTypes, versionsOf } from '../../scripts/n8nBuiltins';
import { tableSpecs } from '../../scripts/postgresTemplates';
import { registerOf } from '../templates/stateWorld';
import { readPostgresTemplate, type LedgerPostgres } from './ledgerPostgres';
import {
	onPostgres,
	runNight,
	seedRegisterScenario,
	startRegisterNight,
	type RegisterNight,
} from './registerNight';

const DAY = 86_400_000;
const NOW = Date.now();
const TABLES = tableSpecs().map((t) => t.name);

interface TableReport {
	table: string;
	read: number;
	copied: number;
	refreshed: number;
	alreadyPresent: number;
}

/** The copy template with a smaller page (the shipped one holds a whole small install in one). */
function withPageRows(template: Template, rows: number): Template {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	const size = JSON.stringify(COPY_PAGE_ROWS);
	for (const node of copy.nodes) {
		if (tableSpecs().some((t) => node.name === readNodeName(t))) node.parameters.limit = rows;
		const text = JSON.stringify(node.parameters);
		if (node.type === 'n8n-nodes-base.if' && text.includes(`"rightValue":${size}`))
			node.parameters = JSON.parse(text.replace(`"rightValue":${size}`, `"rightValue":${rows}`));
	}
	return copy;
}

/** The copy template as the generator would write it had it forgotten one column of every table. */
function withoutColumn(template: Template, column: string): Template {
	const copy = JSON.parse(JSON.stringify(template)) as Template;
	for (const table of tableSpecs()) {
		const node = copy.nodes.find((n) => n.name === copyNodeName(table))!;
		node.parameters.query = copyQuery({
			...table,
			columns: table.columns.filter((c) => c.name !== column),
		});
	}
	return copy;
}

async function copy(
	db: LedgerPostgres,
	tables: InMemoryDataTables,
	template: Template = readPostgresTemplate(COPY_FILE),
): Promise<Record<string, TableReport>> {
	const run = await runWorkflow(template, {
		startNode: COPY_START_NODE,
		triggerItems: [{ json: {} }],
		credentials: { postgres: db.credential },
		dataTables: tables,
		// Each page is a call of the template itself.
		workflows: { [template.id]: template },
	});
	if (run.status !== 'success')
		throw new Error(
			`15 failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
		);
	const report = run.output(COPY_REPORT_NODE)[0].json.tables as unknown as TableReport[];
	return Object.fromEntries(report.map((r) => [r.table, r]));
}

/**
 * A Data Table row as n8n's database gives it back and the Postgres table reads: dates as ISO text,
 * a text column's value as text (the in-process tables keep a number written to a text column).
 */
function asRead(name: string, row: IDataObject): IDataObject {
	const text = new Set(
		tableSpecs()
			.find((t) => t.name === name)!
			.columns.filter((c) => c.type === 'string')
			.map((c) => c.name),
	);
	return Object.fromEntries(
		Object.entries(row).map(([k, v]) => [
			k,
			v instanceof Date ? v.toISOString() : text.has(k) && v !== null ? String(v) : v,
		]),
	);
}

/** The rows the Data Table templates treat as the table: the earliest of each key. */
function earliestRows(tables: InMemoryDataTables, name: string): IDataObject[] {
	const key = tableSpecs().find((t) => t.name === name)!.key;
	const seen = new Set<string>();
	return [...tables.rows(name)]
		.sort((a, b) => Number(a.id) - Number(b.id))
		.filter((row) => {
			const k = JSON.stringify(key.map((c) => row[c]));
			if (seen.has(k)) return false;
			seen.add(k);
			return true;
		})
		.map((row) => asRead(name, row));
}

function expectSameRows(db: LedgerPostgres, tables: InMemoryDataTables): void {
	for (const name of TABLES)
		expect({ name, rows: db.rows(name) }).toEqual({ name, rows: earliestRows(tables, name) });
}

describe('15 Copy the Data Tables to Postgres', () => {
	let world: RegisterNight;
	let db: LedgerPostgres;

	beforeAll(async () => {
		world = await startRegisterNight();
		db = world.db;
	}, 300_000);
	afterAll(async () => {
		await world?.stop();
	});

	it('copies every row once with equal values, again changes nothing, and brings what was written in between; 04 then gives the same register', async () => {
		db.reset();
		// Nothing to copy: every table reports none, nothing fails.
		const none = await copy(db, templateTables());
		expect(Object.values(none).map((r) => [r.read, r.copied])).toEqual(TABLES.map(() => [0, 0]));

		const tables = templateTables();
		await seedRegisterScenario(world, tables, 2405, NOW - DAY);
		const night = (template: Template, store: 'dataTable' | 'postgres', asOf: number) =>
			runNight(world, tables, template, store, asOf);
		await night(loadTemplate('04-nightly-reconciliation.json'), 'dataTable', NOW - DAY);
		// The loser of an earliest-row claim its execution did not get to delete: a later row of a
		// claimed event, which the Data Table templates never read as the event's row.
		const claimed = tables.rows('Returns Event Ledger')[0];
		tables.insert('Returns Event Ledger', {
			...Object.fromEntries(
				Object.entries(claimed).filter(([k]) => !['id', 'createdAt', 'updatedAt'].includes(k)),
			),
			status: 'loser',
		});
		for (const name of TABLES) expect(tables.rows(name).length).toBeGreaterThan(10);

		// A column left out of the copy is seen.
		await copy(db, tables, withoutColumn(readPostgresTemplate(COPY_FILE), 'status'));
		expect(() => expectSameRows(db, tables)).toThrow();
		db.reset();

		// Pages of 7 rows: every row once, ids, dates and numbers equal; the loser stays out.
		const first = await copy(db, tables, withPageRows(readPostgresTemplate(COPY_FILE), 7));
		expectSameRows(db, tables);
		for (const name of TABLES)
			expect(first[name]).toEqual({
				...first[name],
				read: tables.rows(name).length,
				copied: earliestRows(tables, name).length,
				refreshed: 0,
				alreadyPresent: tables.rows(name).length - earliestRows(tables, name).length,
			});
		expect(first['Returns Event Ledger'].alreadyPresent).toBe(1);

		// Two copies at once end as one.
		db.reset();
		await Promise.all([copy(db, tables), copy(db, tables)]);
		expectSameRows(db, tables);

		// Again, in the shipped page size: nothing changes, everything is already there.
		const before = TABLES.map((name) => db.rows(name));
		const second = await copy(db, tables);
		expect(TABLES.map((name) => db.rows(name))).toEqual(before);
		for (const name of TABLES)
			expect(second[name]).toEqual({
				...second[name],
				copied: 0,
				refreshed: 0,
				alreadyPresent: tables.rows(name).length,
			});

		// The Data Table templates run on: a second night (new rows, register rows refreshed) and a
		// receipt processed in between. The next copy brings both.
		await night(loadTemplate('04-nightly-reconciliation.json'), 'dataTable', NOW);
		const receipt = tables.rows('Warehouse Receipts')[3];
		Object.assign(receipt, { status: 'processed', processedAt: new Date(), updatedAt: new Date() });
		const third = await copy(db, tables, withPageRows(readPostgresTemplate(COPY_FILE), 11));
		expectSameRows(db, tables);
		expect(third['Warehouse Receipts'].refreshed).toBeGreaterThanOrEqual(1);
		expect(
			third['Returns Event Ledger'].copied + third['Exception Register'].copied,
		).toBeGreaterThan(0);

		// After the switch: a night of 04 on each store from the same rows raises the same register.
		// (Postgres gives new rows ids after the copied ones: a reused id would fail the insert.)
		await night(loadTemplate('04-nightly-reconciliation.json'), 'dataTable', NOW + DAY);
		await night(readPostgresTemplate('04-nightly-reconciliation.json'), 'postgres', NOW + DAY);
		const onDataTables = registerOf({ tables });
		expect(onDataTables.length).toBeGreaterThan(10);
		expect(registerOf({ tables: { rows: (name: string) => db.rows(name) } as never })).toEqual(
			onDataTables,
		);

		// A row the Data Tables got after the Postgres templates started (09's record of a stopped
		// execution) whose id Postgres already gave one of its own rows: copied with a new id, no
		// other row touched.
		const incident = tables.insert('Exception Register', {
			exceptionId: 'workflow_failure|execution-between-the-steps',
			type: 'workflow_failure',
			status: 'open',
			detectedAt: new Date(),
			ageDays: 0,
		});
		// Rows the Postgres templates wrote meanwhile, up to and past that id.
		const pgMax = Math.max(...db.rows('Exception Register').map((row) => Number(row.id)));
		db.psql(
			`insert into exception_register (exception_id, type, status) select 'native-' || g, 'workflow_failure', 'open' from generate_series(1, ${Math.max(1, Number(incident.id) - pgMax + 1)}) g`,
		);
		const register = db.rows('Exception Register');
		expect(register.some((row) => row.id === incident.id)).toBe(true);
		const last = await copy(db, tables);
		expect(last['Exception Register'].copied).toBe(1);
		const copied = db.rows('Exception Register');
		const arrived = copied.find((row) => row.exceptionId === incident.exceptionId)!;
		expect(arrived.id).toBeGreaterThan(Math.max(...register.map((row) => Number(row.id))));
		expect({ ...arrived, id: incident.id }).toEqual(asRead('Exception Register', incident));
		expect(copied.filter((row) => row !== arrived)).toEqual(register);
	}, 600_000);

	describe('an event claimed on the Data Tables, delivered again after the switch', () => {
		let flow: ReturnsFlow;
		beforeAll(async () => {
			flow = await startReturnsFlow(6, 2406);
		}, 120_000);
		afterAll(async () => {
			await flow?.close();
		});

		/** Every notice and receipt of the flow again, through the Postgres variant's 01/02/03. */
		async function deliverAgainOnPostgres(): Promise<Record<string, boolean>> {
			const settings = { ledgerStore: 'postgres', inTransitWarehouse: 'TRANSIT' };
			flow.templates = {
				intake: withSettings(readPostgresTemplate('01-happy-returns-intake.json'), settings),
				dropOff: withSettings(readPostgresTemplate('02-return-bar-drop-off.json'), settings),
				warehouse: withSettings(readPostgresTemplate('03-warehouse-processing.json'), settings),
				errors: withSettings(readPostgresTemplate('09-error-workflow.json'), settings),
			};
			const backOnDataTables = onPostgres(flow, db);
			try {
				// A fresh trigger memory: the trigger's own duplicate check does not hide them.
				for (const hook of flow.webhooks) await deliverNotification(flow, hook.body, undefined, {});
				for (const receipt of receiptsOf(flow)) await deliverReceipts(flow, [receipt]);
				return promisesHeld(ledgerFacts(flow));
			} finally {
				flow.templates = undefined;
				backOnDataTables();
			}
		}

		it('copied: stopped at the claim before any vendor call; not copied: processed again', async () => {
			for (const hook of flow.webhooks) await deliverNotification(flow, hook.body);
			for (const receipt of receiptsOf(flow)) await deliverReceipts(flow, [receipt]);
			expect(flow.failures).toEqual([]);
			const held = promisesHeld(ledgerFacts(flow));
			expect(held).toEqual(ALL_HELD(held));
			// Every call the vendors' sandboxes answered (Centra, Happy Returns, Amazon).
			const vendorCalls = () =>
				flow.centra.server.log.length + flow.hr.server.log.length + flow.amazon.server.log.length;
			const before = vendorCalls();

			db.reset();
			await copy(db, flow.tables);
			const afterCopy = await deliverAgainOnPostgres();
			expect(afterCopy).toEqual(ALL_HELD(afterCopy));
			// Each delivery stops at its claim: no vendor is even asked.
			expect(vendorCalls()).toBe(before);

			// Without the copy, the Postgres claims start from an empty ledger: every event and
			// receipt is processed again (the vendors' own idempotency is all that stops a second
			// stock move or credit note then).
			db.reset();
			await deliverAgainOnPostgres();
			expect(vendorCalls()).toBeGreaterThan(before);
		}, 600_000);
	});
});

describe('15 as generated', () => {
	const template = readPostgresTemplate(COPY_FILE);

	it('uses node types, versions and parameters that n8n-nodes-base has', () => {
		const builtins = builtinNodeTypes();
		for (const node of template.nodes) {
			const variant = (builtins.get(node.type) ?? []).find((v) =>
				versionsOf(v).includes(node.typeVersion),
			);
			const known = new Set(variant?.properties.map((p) => p.name));
			expect({
				node: node.name,
				known: variant !== undefined,
				unknown: Object.keys(node.parameters).filter((p) => !known.has(p)),
			}).toEqual({ node: node.name, known: true, unknown: [] });
		}
	});

	it('copies every column of every table the setup template creates, and writes no Data Table', () => {
		for (const table of tableSpecs()) {
			const query = String(
				template.nodes.find((n) => n.name === copyNodeName(table))!.parameters.query,
			);
			for (const column of [...table.columns.map((c) => c.name), 'createdAt', 'updatedAt'])
				expect({ table: table.name, column, read: query.includes(`e."${column}"`) }).toEqual({
					table: table.name,
					column,
					read: true,
				});
		}
		const writes = template.nodes.filter(
			(n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation !== 'get',
		);
		expect(writes).toEqual([]);
	});
});
