/**
 * The templates that claim (09 error workflow, 13 ledger housekeeping; 10 and 11 with the other
 * Amazon templates) on Postgres: the scenarios
 * of their Data Table tests, run on each store, leave the same rows and the same side effects; two
 * or three executions at once on Postgres still do each side effect once, and with each claim
 * turned back into an upsert without the earliest-row check the same executions do it twice (so
 * the concurrent cases can fail).
 */
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import {
	RETENTION_DAYS,
	seedHousekeeping,
	startArchiveSink,
	type ArchiveSink,
} from '../templates/housekeepingWorld';
import { childFailure, otherFailure, parentFailure } from '../templates/errorWorkflowWorld';
import {
	allRows,
	atOnce,
	comparable,
	onBothStores,
	postgresStore,
	withoutStoreClaim,
	type Store,
	type StoreRun,
} from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

let db: LedgerPostgres;
let alerts: AlertSink;
let archive: ArchiveSink;

beforeAll(async () => {
	[db, alerts, archive] = await Promise.all([
		startLedgerPostgres(),
		startAlertSink(),
		startArchiveSink(),
	]);
}, 300_000);
afterAll(async () => {
	await Promise.all([db?.stop(), alerts?.close(), archive?.close()]);
});
beforeEach(() => {
	alerts.messages.length = 0;
	archive.files.length = 0;
	archive.status = 200;
});

describe('13 ledger housekeeping on Postgres', () => {
	const housekeeping = (settings: Record<string, unknown> = {}): StoreRun => ({
		file: '13-ledger-housekeeping.json',
		startNode: 'When called (manual or tests)',
		settings: {
			ledgerArchiveUrl: archive.url,
			alertWebhookUrl: alerts.url,
			ledgerRetentionDays: RETENTION_DAYS,
			...settings,
		},
	});
	/** The store's tables, the archive files and the alerts after the runs, as both compare. */
	const outcome = (store: Store, since: number) => {
		const seen = comparable(
			{ tables: allRows(store.tables, since), files: archive.files, alerts: alerts.messages },
			since,
		);
		archive.files.length = 0;
		alerts.messages.length = 0;
		return seen;
	};

	it('archives and deletes the same rows as on the Data Tables; a second run changes nothing', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, async (store) => {
			seedHousekeeping(store.tables, since);
			await atOnce(store, [housekeeping()]);
			const first = outcome(store, since);
			await atOnce(store, [housekeeping()]);
			return { first, second: outcome(store, since) };
		});
		const first = dataTable.first as { files: unknown[] };
		expect(first.files).toHaveLength(1);
		expect((dataTable.second as { files: unknown[] }).files).toHaveLength(0);
		expect(postgres).toEqual(dataTable);
	}, 120_000);

	it('raises the same size alert at the alert line, and updates the same row the next day', async () => {
		const since = Date.now();
		const sized = housekeeping({
			ledgerArchiveUrl: '',
			ledgerSizeAlertPercent: 70,
			dataTableBytesPerRow: 700,
			dataTablesMaxBytes: 20_000,
		});
		const { dataTable, postgres } = await onBothStores(db, async (store) => {
			seedHousekeeping(store.tables, since);
			await atOnce(store, [sized]);
			const first = outcome(store, since);
			// The next day: the same row, updated (the table has grown by that row).
			await atOnce(store, [sized]);
			return { first, next: outcome(store, since) };
		});
		expect((dataTable.first as { alerts: unknown[] }).alerts).toHaveLength(1);
		expect(postgres).toEqual(dataTable);
	}, 120_000);

	it('three runs at once archive once and delete each row once', async () => {
		const store = postgresStore(db);
		const { expected } = seedHousekeeping(store.tables);
		await atOnce(store, [housekeeping(), housekeeping(), housekeeping()]);
		expect(archive.files).toHaveLength(1);
		const ledger = store.tables.rows('Returns Event Ledger');
		expect(ledger.filter((r) => r.eventType === 'ledger.archive')).toHaveLength(1);
		expect(
			ledger
				.filter((r) => r.eventType !== 'ledger.archive')
				.map((r) => String(r.eventId))
				.sort(),
		).toEqual(
			expected
				.filter((e) => !e.archive)
				.map((e) => e.key)
				.sort(),
		);
	}, 120_000);

	it('(can fail: with the claim an upsert without the check, the same runs archive more than once)', async () => {
		const store = postgresStore(db);
		seedHousekeeping(store.tables);
		const unchecked = { ...housekeeping(), edit: withoutStoreClaim('postgres') };
		await Promise.all([store.run(unchecked), store.run(unchecked), store.run(unchecked)]);
		expect(archive.files.length).toBeGreaterThan(1);
	}, 120_000);
});

describe('09 error workflow on Postgres', () => {
	const [called, caller, other] = [childFailure, parentFailure, otherFailure];
	const report = (failed: object, edit?: StoreRun['edit']): StoreRun => ({
		file: '09-error-workflow.json',
		startNode: 'Error Trigger',
		mode: 'trigger',
		settings: { alertWebhookUrl: alerts.url },
		triggerItems: [{ json: failed as never }],
		edit,
	});

	it('records each incident once with the same row and alert as on the Data Tables', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, async (store) => {
			for (const failed of [called, called, caller, other]) await atOnce(store, [report(failed)]);
			const seen = comparable(
				{ tables: allRows(store.tables, since), alerts: alerts.messages },
				since,
			);
			alerts.messages.length = 0;
			return seen;
		});
		expect((dataTable as { alerts: unknown[] }).alerts).toHaveLength(2);
		expect(postgres).toEqual(dataTable);
	}, 120_000);

	it('a called workflow and its caller reported at once (three reports): one row, one alert', async () => {
		const store = postgresStore(db);
		await atOnce(store, [report(called), report(caller), report(called)]);
		expect(store.tables.rows('Exception Register').map((r) => r.exceptionId)).toEqual([
			'exec_4711',
		]);
		expect(alerts.messages).toHaveLength(1);
	}, 120_000);

	it('(can fail: with the claim an upsert without the check, the same reports alert more than once)', async () => {
		const store = postgresStore(db);
		const unchecked = withoutStoreClaim('postgres');
		await Promise.all(
			[called, caller, called].map((failed) => store.run(report(failed, unchecked))),
		);
		expect(alerts.messages.length).toBeGreaterThan(1);
	}, 120_000);
});
