/**
 * Moving a running install to Postgres in a real n8n (2.40.7, SQLite for n8n's own data): the
 * Postgres variant's 14 creates the tables on a PostgreSQL 15 this test starts, through an n8n
 * Postgres credential; the Data Tables are filled through n8n's public API (more rows than one page
 * of 15, a later copy of a claimed key, ids with gaps, nulls, '', quotes, decimals, milliseconds);
 * 15 copies them, and the Postgres rows equal the Data Table rows n8n gives back (ids, dates,
 * numbers, n8n's createdAt and updatedAt). A second run of 15 changes nothing.
 *
 * The same n8n answers two filter questions the generated SQL depends on (n8n's Data Table rules,
 * harness/dataTables.ts): `_` in a `like` is the character itself, and `neq` keeps null cells.
 */
import { createServer, type AddressInfo } from 'net';
import { RealN8n } from '../../scripts/realN8n/instance';
import { ensureToolchain } from '../../scripts/realN8n/toolchain';
import { openInstance, type TemplateJson } from '../../scripts/realN8n/demo';
import { runTemplate } from '../../scripts/realN8n/driver';
import { LEDGER_CREDENTIAL } from '../../scripts/queue/cluster';
import { COPY_FILE, COPY_PAGE_ROWS } from '../../scripts/postgresCopyTemplate';
import { tableSpecs } from '../../scripts/postgresTemplates';
import {
	readPostgresTemplate,
	startLedgerPostgres,
	type LedgerPostgres,
} from '../postgres/ledgerPostgres';
import { executions, installDriver, settle, tableRows } from './client';

type Row = Record<string, unknown>;

const LEDGER = 'Returns Event Ledger';
const RECEIPTS = 'Warehouse Receipts';
const REGISTER = 'Exception Register';
const SETUP_ID = 'rrSetupTables014';
const COPY_ID = 'rrCopyTables0015';

/** A port free now whose task-broker port (port + 10000, instance.ts) is free too. */
async function freePort(): Promise<number> {
	for (;;) {
		const server = createServer();
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const { port } = server.address() as AddressInfo;
		await new Promise<void>((done) => server.close(() => done()));
		if (port + 10000 < 65536) return port;
	}
}

/** A Postgres variant template with its Postgres nodes on the imported credential. */
function withLedgerCredential(file: string): TemplateJson {
	const template = readPostgresTemplate(file) as unknown as TemplateJson;
	for (const node of template.nodes)
		if (node.credentials && 'postgres' in node.credentials)
			node.credentials.postgres = LEDGER_CREDENTIAL;
	return template;
}

const at = (day: number, ms = 0) =>
	new Date(Date.UTC(2026, 2, 1 + day, 9, 30, 0, ms)).toISOString();

/** Ledger rows past one page of 15, every kind of value a column holds. */
function ledgerRows(count: number): Row[] {
	return Array.from({ length: count }, (_, i) => ({
		eventId: `evt-${i}`,
		eventType: i % 3 === 0 ? 'return.dropped_off' : 'warehouse.received',
		returnId: `HR-${i % 97}`,
		orderNumber: i % 11 === 0 ? null : i % 13 === 0 ? '' : String(100_000 + i),
		orderId: i % 7 === 0 ? `111-${String(i).padStart(7, '0')}-4445550` : null,
		channel: i % 2 ? 'storefront' : 'amazon',
		sku: `SKU_${i % 5}%`,
		unit: String(i % 3),
		unitRef: `HR-${i % 97}|SKU_${i % 5}%|${i % 3}`,
		bagBarcode: i % 17 === 0 ? 'bag \'quoted\' "twice" \\ back' : `BAG-${i % 40}`,
		trackingNumber: i % 19 === 0 ? 'Åsa – 📦' : null,
		status: i % 5 === 0 ? null : i % 5 === 1 ? '' : 'processed',
		receivedAt: i % 23 === 0 ? null : at(i % 28, i % 1000),
		processedAt: i % 4 === 0 ? null : at((i % 28) + 1, 999 - (i % 1000)),
		payload: JSON.stringify({
			line: i,
			note: 'multi\nline',
			price: { amount: 1999, currency: 'SEK' },
		}),
		attempts: [0, 1, 2.5, -1, 1_000_000, null][i % 6],
		lastError: i % 29 === 0 ? 'Centra said: "quota"' : null,
	}));
}

function receiptRows(count: number): Row[] {
	return Array.from({ length: count }, (_, i) => ({
		returnId: `HR-${i % 97}`,
		orderNumber: String(100_000 + i),
		sku: `SKU_${i % 5}%`,
		unit: String(i),
		disposition: i % 3 ? 'restock' : 'b-stock',
		bagBarcode: `BAG-${i % 40}`,
		trackingNumber: i % 4 ? `1Z${i}` : null,
		receivedAt: at(i % 28, i),
		status: i % 2 ? 'processed' : 'received',
		processedAt: i % 2 ? at((i % 28) + 2, i) : null,
		attempts: i % 3,
		lastError: null,
		payload: null,
	}));
}

function registerRows(count: number): Row[] {
	return Array.from({ length: count }, (_, i) => ({
		exceptionId: `refund_missing|${100_000 + i}|SKU_${i % 5}%`,
		type: 'refund_missing',
		status: i % 3 ? 'open' : 'resolved',
		owner: 'finance',
		severity: i % 2 ? 'high' : 'medium',
		title: `Refund missing on order ${100_000 + i}`,
		summary: 'Returned, never refunded',
		recommendedAction: 'Refund in Centra',
		orderNumber: String(100_000 + i),
		sku: `SKU_${i % 5}%`,
		returnId: `HR-${i % 97}`,
		trackingNumber: null,
		amount: '19.99 SEK',
		ageDays: i % 40,
		deadline: at(i % 28),
		detectedAt: at(i % 28, 123),
		resolvedAt: i % 3 ? null : at((i % 28) + 3),
		executionUrl: `http://n8n.example/execution/${i}`,
		notes: i % 7 ? null : '',
		details: JSON.stringify({ i }),
	}));
}

/** A row as both sides compare it: dates as ISO instants, key order ignored. */
function comparable(row: Row, dates: Set<string>): Row {
	return Object.fromEntries(
		Object.keys(row)
			.sort()
			.map((k) => [
				k,
				dates.has(k) && row[k] !== null && row[k] !== undefined
					? new Date(String(row[k])).toISOString()
					: row[k],
			]),
	);
}

describe('15 Copy the Data Tables to Postgres, in a real n8n', () => {
	let db: LedgerPostgres;
	let n8n: RealN8n;
	let driverUrl: string;
	const dataTableIds: Record<string, string> = {};

	beforeAll(async () => {
		db = await startLedgerPostgres();
		// The tables come from 14 run by this n8n, not from the helper's in-process run.
		db.psql(
			`drop table ${tableSpecs()
				.map((t) => t.sql)
				.join(', ')}`,
		);
		n8n = new RealN8n(ensureToolchain(), { port: await freePort() });
		n8n.importCredentials([
			{
				...LEDGER_CREDENTIAL,
				type: 'postgres',
				data: { ...db.credential, allowUnauthorizedCerts: false, sshTunnel: false },
			},
		]);
		const templates = [
			withLedgerCredential('00-returns-settings.json'),
			withLedgerCredential('14-postgres-tables-setup.json'),
			withLedgerCredential(COPY_FILE),
		];
		n8n.importWorkflows(templates);
		await n8n.start(240_000);
		// Owner, API key, the three Data Tables as 14 creates them, the templates published.
		Object.assign(dataTableIds, await openInstance(n8n, templates));
		driverUrl = await installDriver(n8n);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		n8n?.removeUserFolder();
		await db?.stop();
	});

	async function run(workflowId: string): Promise<void> {
		const before = new Set((await executions(n8n)).map((e) => e.id));
		await runTemplate(driverUrl, workflowId);
		const mine = (await settle(n8n)).filter((e) => !before.has(e.id));
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.filter((e) => e.status !== 'success')).toEqual([]);
	}

	async function insert(name: string, rows: Row[]): Promise<void> {
		for (let i = 0; i < rows.length; i += 250)
			await n8n.api('POST', `/data-tables/${dataTableIds[name]}/rows`, {
				data: rows.slice(i, i + 250),
				returnType: 'count',
			});
	}

	type Filter = { columnName: string; condition: string; value: unknown };
	const filterQuery = (filters: Filter[], type = 'and') =>
		encodeURIComponent(JSON.stringify({ type, filters }));

	/** The Data Table rows as n8n gives them back; of a key held twice, the earliest (as 15 keeps). */
	async function dataTableRows(name: string): Promise<Row[]> {
		const table = tableSpecs().find((t) => t.name === name)!;
		const seen = new Set<string>();
		return (await tableRows(n8n, dataTableIds[name]))
			.sort((a, b) => Number(a.id) - Number(b.id))
			.filter((row) => {
				const key = JSON.stringify(table.key.map((k) => row[k]));
				if (seen.has(key)) return false;
				seen.add(key);
				return true;
			});
	}

	function dateColumns(name: string): Set<string> {
		const table = tableSpecs().find((t) => t.name === name)!;
		return new Set([
			'createdAt',
			'updatedAt',
			...table.columns.filter((c) => c.type === 'date').map((c) => c.name),
		]);
	}

	it('14 creates the tables, 15 copies every row with its id, dates and numbers; a second run changes nothing', async () => {
		await run(SETUP_ID);
		for (const table of tableSpecs()) expect(db.rows(table.name)).toEqual([]);

		await insert(LEDGER, ledgerRows(COPY_PAGE_ROWS * 2 + 37));
		await insert(RECEIPTS, receiptRows(140));
		await insert(REGISTER, registerRows(90));
		// Gaps in the ids (rows deleted), and a later row of a claimed event (a claim's loser).
		await n8n.api(
			'DELETE',
			`/data-tables/${dataTableIds[LEDGER]}/rows/delete?filter=${filterQuery(
				['evt-5', 'evt-6', 'evt-500'].map((value) => ({
					columnName: 'eventId',
					condition: 'eq',
					value,
				})),
				'or',
			)}`,
		);
		await insert(LEDGER, [{ ...ledgerRows(4)[3], status: 'loser' }]);

		const expected = Object.fromEntries(
			await Promise.all(
				[LEDGER, RECEIPTS, REGISTER].map(
					async (name) => [name, await dataTableRows(name)] as const,
				),
			),
		);
		expect(expected[LEDGER]).toHaveLength(COPY_PAGE_ROWS * 2 + 37 - 3);

		await run(COPY_ID);
		for (const name of [LEDGER, RECEIPTS, REGISTER]) {
			const dates = dateColumns(name);
			expect({ name, rows: db.rows(name).map((r) => comparable(r, dates)) }).toEqual({
				name,
				rows: expected[name].map((r) => comparable(r, dates)),
			});
		}
		const copied = [LEDGER, RECEIPTS, REGISTER].map((name) => db.rows(name));

		await run(COPY_ID);
		expect([LEDGER, RECEIPTS, REGISTER].map((name) => db.rows(name))).toEqual(copied);
	}, 600_000);

	it("n8n's Data Table filters as the generated SQL reads them: neq keeps nulls, like's _ is itself", async () => {
		const read = (filters: Filter[]) =>
			n8n.api<{ data: Row[] }>(
				'GET',
				`/data-tables/${dataTableIds[LEDGER]}/rows?limit=250&filter=${filterQuery(filters)}`,
			);
		const notProcessed = await read([
			{ columnName: 'status', condition: 'neq', value: 'processed' },
		]);
		expect(notProcessed.data.some((row) => row.status === null)).toBe(true);
		const underscore = await read([{ columnName: 'sku', condition: 'like', value: 'SKU_1%' }]);
		const literal = await read([{ columnName: 'sku', condition: 'like', value: 'SKU-1%' }]);
		expect(underscore.data.length).toBeGreaterThan(0);
		expect(underscore.data.every((row) => row.sku === 'SKU_1%')).toBe(true);
		expect(literal.data).toEqual([]);
		const anyOne = await read([{ columnName: 'sku', condition: 'like', value: 'SKU%1%' }]);
		expect(anyOne.data.length).toBe(underscore.data.length);
		const noUnderscoreWildcard = await read([
			{ columnName: 'unit', condition: 'like', value: '_' },
		]);
		expect(noUnderscoreWildcard.data).toEqual([]);
	}, 120_000);
});
