/**
 * Template 10 (Amazon settlement cycle) against the Amazon sandbox: two settlement cycles, one a V2
 * flat file that ties out and one an older V1 ("typed amount columns") file whose stated total is
 * one cent off. Each refunded unit of a cycle must come out with the outcome the physical records
 * say (returned and received, in transit, lost with its tracking number, never returned with its
 * claim deadline, duplicate refund, value mismatch); the tie-out difference is a finance exception
 * naming the difference; each settlement is recorded once; a re-run processes nothing again; a
 * settlement re-processed on request replaces its rows instead of adding to them.
 */
import { gzipSync } from 'zlib';
import { runWorkflow, type InMemoryDataTables, type RunResult } from '../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	type Template,
} from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';
import type { AmazonUnitOrder } from '../../harness/amazonUnitOrders';
import { DAY, EXPECTED, iso, settlementWorld } from './settlementCycleWorld';

const now = Date.now();

let amazon: AmazonSandbox;
let tables: InMemoryDataTables;
let world: ReturnType<typeof settlementWorld>;

let O: Record<string, AmazonUnitOrder>;
const template: Template = loadTemplate('10-amazon-settlement-cycle.json');

async function run(input: Record<string, string> = {}, t: Template = template): Promise<RunResult> {
	const result = await runWorkflow(t, {
		startNode: 'When called (manual or reprocess)',
		triggerItems: [{ json: input }],
		mode: 'integrated',
		credentials: sandboxCredentials({ amazon }),
		dataTables: tables,
	});
	if (result.status !== 'success')
		throw new Error(
			`${t.name} failed at ${result.run.data.resultData.lastNodeExecuted}: ${result.error?.message} ${result.error?.description ?? ''}`,
		);
	return result;
}

let first: RunResult;

beforeAll(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000 });
	tables = templateTables();
	world = settlementWorld(amazon, tables, now);
	O = world.seedTwoCycles();
	first = await run();
});
afterAll(() => amazon.close());

const settlementRows = () =>
	tables.rows('Returns Event Ledger').filter((r) => r.eventType === 'amazon.settlement');

it('gives every refunded unit of both cycles (V2 and V1) the outcome its physical records say', () => {
	const outcomes = first.output('Cycle outcomes')[0].json.outcomes as Array<
		Record<string, unknown>
	>;
	const byOrder = new Map<string, Set<string>>();
	for (const o of outcomes) {
		const set = byOrder.get(String(o.orderNumber)) ?? new Set();
		set.add(String(o.outcome));
		byOrder.set(String(o.orderNumber), set);
	}
	for (const [name, outcome] of Object.entries(EXPECTED))
		expect([name, [...(byOrder.get(O[name].orderNumber) ?? [])]]).toEqual([name, [outcome]]);
	const lost = outcomes.find((o) => o.orderNumber === O.lost.orderNumber)!;
	expect(lost.trackingNumber).toBe('TRK-LOST');
	const never = outcomes.find((o) => o.orderNumber === O.never.orderNumber)!;
	// SAFE-T (merchant-fulfilled): the claim window the settings source holds, from the refund.
	expect(String(never.claimDeadline).slice(0, 10)).toBe(
		iso(now - 50 * DAY + 30 * DAY).slice(0, 10),
	);
	expect(outcomes.find((o) => o.orderNumber === O.v1.orderNumber)!.settlementId).toBe('9100000002');
});

it('registers the exceptions and the tie-out difference for finance, and records each settlement once', () => {
	const register = tables.rows('Exception Register');
	expect(register.map((r) => r.type).sort()).toEqual(
		[
			'duplicate_refund',
			'lost_in_transit',
			'refund_value_mismatch',
			'refunded_never_returned',
			'settlement_tie_out',
		].sort(),
	);
	const tie = register.find((r) => r.type === 'settlement_tie_out')!;
	expect(tie).toMatchObject({ owner: 'finance', status: 'open' });
	expect(String(tie.summary)).toContain('9100000002');
	expect(String(tie.summary)).toContain('0.01');
	expect(
		settlementRows()
			.map((r) => [r.eventId, r.status])
			.sort(),
	).toEqual([
		['amazon-settlement:9100000001', 'processed'],
		['amazon-settlement:9100000002', 'processed_tie_out_difference'],
	]);
});

it('builds one report per cycle for finance, in HTML and CSV', () => {
	for (const [node, property] of [
		['Cycle report (HTML)', 'html'],
		['Cycle report (CSV)', 'csv'],
	]) {
		const files = first.output(node).map((i) => i.binary?.[property]?.fileName);
		expect(files.sort()).toEqual([
			`amazon-settlement-9100000001.${property}`,
			`amazon-settlement-9100000002.${property}`,
		]);
	}
	const items = first.output('One report per settlement').map((i) => i.json);
	const one = items.find((i) => i.settlementId === '9100000001')!;
	expect(String(one.csv).split('\n')[0]).toContain('outcome');
	expect(String(one.csv).trim().split('\n')).toHaveLength(1 + 7);
	// Refund amounts stay numbers for finance; only cells a spreadsheet would run get a quote.
	expect(String(one.csv)).toContain('"-29.99"');
	expect(String(one.csv)).not.toContain("'-29.99");
	expect(String(one.html)).toContain('the rows add up to the stated total');
	const two = items.find((i) => i.settlementId === '9100000002')!;
	expect(String(two.html)).toContain('does not tie out');
});

it('a re-run processes no settlement again and changes no row', async () => {
	const register = JSON.stringify(
		tables.rows('Exception Register').map((r) => [r.exceptionId, r.status]),
	);
	const ledgerCount = tables.rows('Returns Event Ledger').length;
	const again = await run();
	expect(again.executed).not.toContain('Download settlement');
	expect(
		JSON.stringify(tables.rows('Exception Register').map((r) => [r.exceptionId, r.status])),
	).toBe(register);
	expect(tables.rows('Returns Event Ledger')).toHaveLength(ledgerCount);
});

it('re-processing a settlement on request replaces its rows; once its file ties out the finance row is cleared', async () => {
	const registerCount = tables.rows('Exception Register').length;
	const ledgerCount = tables.rows('Returns Event Ledger').length;
	const again = await run({ reprocessSettlementId: '9100000002' });
	expect(again.output('Download settlement').length).toBeGreaterThan(0);
	expect(tables.rows('Exception Register')).toHaveLength(registerCount);
	expect(tables.rows('Returns Event Ledger')).toHaveLength(ledgerCount);
	// Amazon replaces the document with one whose total is right; re-process it again.
	const report = amazon.state.reports.find(
		(r) => r.reportType === 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE',
	)!;
	amazon.state.documents.set(report.documentId!, {
		content: gzipSync(world.v1File('9100000002', '74.51', O.v1, now - 10 * DAY)),
		gzip: true,
		charset: 'UTF-8',
	});
	await run({ reprocessSettlementId: '9100000002' });
	expect(
		tables.rows('Exception Register').find((r) => r.type === 'settlement_tie_out'),
	).toMatchObject({
		status: 'cleared',
	});
	expect(settlementRows().find((r) => r.eventId === 'amazon-settlement:9100000002')).toMatchObject({
		status: 'processed',
	});
	expect(tables.rows('Returns Event Ledger')).toHaveLength(ledgerCount);
});

it('re-processing after the data is fixed clears the rows that settlement alone raised and no longer finds', async () => {
	const row = () =>
		tables
			.rows('Exception Register')
			.find((r) => r.type === 'refunded_never_returned' && r.orderNumber === O.never.orderNumber)!;
	expect(row().status).toBe('open');
	// The unit was back after all: its receipt had not been recorded.
	world.receipt(O.never, now - 30 * DAY);
	await run({ reprocessSettlementId: '9100000001' });
	expect(row().status).toBe('cleared');
	// Rows the re-processed settlement still raises stay open.
	expect(tables.rows('Exception Register').find((r) => r.type === 'duplicate_refund')!.status).toBe(
		'open',
	);
});

it('two overlapping runs process a new settlement once', async () => {
	const extra = world.order(90);
	world.ledgerEvent(extra, 'return.dropped_off', now - 9 * DAY);
	world.receipt(extra, now - 3 * DAY);
	const documentId = world.publishCycle('9100000003', extra);
	const runs = await Promise.all([run(), run()]);
	const downloads = runs.flatMap((r) =>
		r.executed.includes('Download settlement')
			? r.output('Download settlement').filter((i) => i.json.type === 'summary')
			: [],
	);
	expect(downloads.map((i) => i.json.settlementId)).toEqual(['9100000003']);
	expect(settlementRows().filter((r) => r.eventId === 'amazon-settlement:9100000003')).toHaveLength(
		1,
	);
	const reportId = amazon.state.reports.find((r) => r.documentId === documentId)!.reportId;
	const claims = tables
		.rows('Returns Event Ledger')
		.filter((r) => r.eventId === `amazon-settlement-report:${reportId}`);
	expect(claims.map((r) => r.status)).toEqual(['processed']);
});

it('without the claim, two overlapping runs both download a new settlement (the test above can fail)', async () => {
	const extra = world.order(91);
	world.ledgerEvent(extra, 'return.dropped_off', now - 9 * DAY);
	world.publishCycle('9100000004', extra);
	const unclaimed = withoutClaim(template);
	const runs = await Promise.all([run({}, unclaimed), run({}, unclaimed)]);
	const downloads = runs.flatMap((r) =>
		r.executed.includes('Download settlement')
			? r.output('Download settlement').filter((i) => i.json.type === 'summary')
			: [],
	);
	expect(downloads.map((i) => i.json.settlementId)).toEqual(['9100000004', '9100000004']);
});
