/**
 * Template 13 (ledger housekeeping) through the harness: the size estimate and its alert on both
 * sides of the alert line; ledger rows past the retention archived as one file and then deleted
 * only when their unit is settled (no open register row, no unprocessed, failed or quarantined
 * row of the order, no unfinished receipt; claims never); nothing deleted when the file was not
 * accepted; a second run archives nothing; two runs at once archive once (and twice with the claim
 * switched off, so that case can fail).
 */
import { runWorkflow, type RunResult } from '../../harness';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import {
	RETENTION_DAYS,
	seedHousekeeping,
	startArchiveSink,
	type ArchiveSink,
} from './housekeepingWorld';

/** The rows of a merchant past the retention, in fresh Data Tables. */
const seed = () => seedHousekeeping(templateTables());

describe('template 13 ledger housekeeping', () => {
	let archive: ArchiveSink;
	let alerts: AlertSink;
	beforeAll(async () => {
		[archive, alerts] = await Promise.all([startArchiveSink(), startAlertSink()]);
	});
	afterAll(async () => {
		await Promise.all([archive.close(), alerts.close()]);
	});
	beforeEach(() => {
		archive.files.length = 0;
		archive.status = 200;
		alerts.messages.length = 0;
	});

	const template = (values: Record<string, unknown> = {}, json?: Template) =>
		withSettings(json ?? loadTemplate('13-ledger-housekeeping.json'), {
			ledgerArchiveUrl: archive.url,
			alertWebhookUrl: alerts.url,
			ledgerRetentionDays: RETENTION_DAYS,
			...values,
		});
	const run = (t: Template, tables: ReturnType<typeof templateTables>): Promise<RunResult> =>
		runWorkflow(t, { dataTables: tables });
	const ledgerKeys = (tables: ReturnType<typeof templateTables>) =>
		tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType !== 'ledger.archive')
			.map((r) => String(r.eventId))
			.sort();

	it('archives the settled rows past the retention as one file, then deletes exactly those', async () => {
		const { tables, expected } = seed();
		const result = await run(template(), tables);
		expect(result.status).toBe('success');
		const archived = expected.filter((e) => e.archive).map((e) => e.key);
		const kept = expected.filter((e) => !e.archive).map((e) => e.key);
		expect(archive.files).toHaveLength(1);
		expect(archive.files[0].rows.map((r) => String(r.eventId)).sort()).toEqual(archived.sort());
		// The file holds the rows as they were, payload and all.
		expect(archive.files[0].rows.every((r) => r.status !== undefined && r.id !== undefined)).toBe(
			true,
		);
		expect(archive.files[0].key).toMatch(/^ledger-archive:\d{4}-\d{2}-\d{2}$/);
		expect(ledgerKeys(tables)).toEqual(kept.sort());
		const claims = tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'ledger.archive');
		expect(claims).toHaveLength(1);
		expect(claims[0].status).toBe('processed');
		expect(JSON.parse(String(claims[0].payload))).toMatchObject({
			rows: archived.length,
			deleted: archived.length,
		});
	});

	it('a second run the same day archives nothing more and deletes nothing', async () => {
		const { tables } = seed();
		await run(template(), tables);
		const after = ledgerKeys(tables);
		archive.files.length = 0;
		expect((await run(template(), tables)).status).toBe('success');
		expect(archive.files).toHaveLength(0);
		expect(ledgerKeys(tables)).toEqual(after);
		expect(
			tables.rows('Returns Event Ledger').filter((r) => r.eventType === 'ledger.archive'),
		).toHaveLength(1);
	});

	it('deletes nothing when the destination does not accept the file', async () => {
		const { tables, expected } = seed();
		archive.status = 503;
		const result = await run(template(), tables);
		expect(result.status).toBe('error');
		expect(ledgerKeys(tables)).toEqual(expected.map((e) => e.key).sort());
	}, 120_000);

	it('archives and deletes nothing without a destination', async () => {
		const { tables, expected } = seed();
		expect((await run(template({ ledgerArchiveUrl: '' }), tables)).status).toBe('success');
		expect(archive.files).toHaveLength(0);
		expect(ledgerKeys(tables)).toEqual(expected.map((e) => e.key).sort());
		expect(tables.rows('Returns Event Ledger')).toHaveLength(expected.length);
	});

	it('two runs at once archive once and delete each row once', async () => {
		const { tables, expected } = seed();
		const results = await Promise.all([run(template(), tables), run(template(), tables)]);
		expect(results.map((r) => r.status)).toEqual(['success', 'success']);
		expect(archive.files).toHaveLength(1);
		expect(ledgerKeys(tables)).toEqual(
			expected
				.filter((e) => !e.archive)
				.map((e) => e.key)
				.sort(),
		);
		expect(
			tables.rows('Returns Event Ledger').filter((r) => r.eventType === 'ledger.archive'),
		).toHaveLength(1);
	});

	it('with the claim switched off, two runs at once send the archive twice', async () => {
		const { tables } = seed();
		const mutant = template({}, withoutClaim(loadTemplate('13-ledger-housekeeping.json')));
		await Promise.all([run(mutant, tables), run(mutant, tables)]);
		expect(archive.files.length).toBeGreaterThan(1);
	});

	it('alerts at the alert line and not below it: one register row, one message', async () => {
		// 20 rows x 700 bytes = 14,000 bytes: exactly 70% of 20,000, and just under 70% of 20,001.
		const sized = (limit: number) =>
			template({
				ledgerArchiveUrl: '',
				ledgerSizeAlertPercent: 70,
				dataTableBytesPerRow: 700,
				dataTablesMaxBytes: limit,
			});
		const below = seed();
		expect(below.rows).toBe(20);
		expect((await run(sized(20_001), below.tables)).status).toBe('success');
		expect(below.tables.rows('Exception Register').map((r) => r.exceptionId)).toEqual(['x1', 'x2']);
		expect(alerts.messages).toHaveLength(0);

		const at = seed();
		expect((await run(sized(20_000), at.tables)).status).toBe('success');
		const row = at.tables
			.rows('Exception Register')
			.find((r) => r.exceptionId === 'data_tables_size');
		expect(row).toMatchObject({ type: 'data_tables_size', status: 'open', owner: 'operations' });
		expect(JSON.parse(String(row!.details))).toMatchObject({
			rows: { ledger: 16, receipts: 2, register: 2 },
			estimatedBytes: 14_000,
			percent: 70,
		});
		expect(alerts.messages).toHaveLength(1);
		expect(alerts.messages[0].text).toContain('70% of the Data Table limit');
		// The next day's run updates the same row instead of adding one.
		await run(sized(20_000), at.tables);
		expect(
			at.tables.rows('Exception Register').filter((r) => r.exceptionId === 'data_tables_size'),
		).toHaveLength(1);
	});

	it("ships the limits it is documented with: 70% of n8n 2.x's 200 MB default, 400 days", () => {
		const json = loadTemplate('00-returns-settings.json');
		const values = Object.fromEntries(
			(
				json.nodes.find((n) => n.name === 'Returns settings')!.parameters.assignments as {
					assignments: Array<{ name: string; value: unknown }>;
				}
			).assignments.map((a) => [a.name, a.value]),
		);
		expect(values).toMatchObject({
			'settings.ledgerSizeAlertPercent': 70,
			'settings.ledgerRetentionDays': 400,
			// n8n 2.40.7's DataTableConfig.maxSize (N8N_DATA_TABLES_MAX_SIZE_BYTES).
			'settings.dataTablesMaxBytes': 200 * 1024 * 1024,
			'settings.ledgerArchiveUrl': '',
		});
	});
});
