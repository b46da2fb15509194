/**
 * Template 11 (Amazon refund on receipt, MFN) end to end against the Amazon sandbox: it is off as
 * shipped; in dry run it shows the feed and sends nothing; in submit mode it refunds each received,
 * unrefunded merchant-fulfilled unit once, even when two runs overlap; it never refunds an order
 * Amazon already refunded, including a refund that posts inside the posting lag after the receipt.
 */
import { runCalledWorkflow, type RunResult } from '../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import {
	loadTemplate,
	templateTables,
	withoutClaim,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import type { InMemoryDataTables } from '../../harness';
import { sandboxCredentials } from '../../sandbox';
import {
	A,
	adjustmentsSent,
	DAY,
	HOUR,
	LAGGING,
	REFUNDED,
	refund,
	seedRefundWorld,
} from './amazonRefundWorld';

let amazon: AmazonSandbox;
let tables: InMemoryDataTables;
const now = Date.now();

const credentials = (allowRefundFeeds: boolean) => ({
	amazonSpApi: {
		...sandboxCredentials({ amazon }).amazonSpApi,
		allowRefundFeeds,
		sellerId: 'A1SANDBOXSELLER',
	},
});

const shipped = loadTemplate('11-amazon-refund-on-receipt.json');
const enabled = (feedMode: 'dryRun' | 'submit'): Template =>
	withSettings(shipped, {
		amazonRefundOnReceipt: true,
		amazonRefundFeedMode: feedMode,
		amazonFeedPollSeconds: 0.05,
	});

async function run(template: Template, allowRefundFeeds = true): Promise<RunResult> {
	const result = await runCalledWorkflow(template, 'When called (manual or tests)', {
		credentials: credentials(allowRefundFeeds),
		dataTables: tables,
	});
	if (result.status !== 'success')
		throw new Error(
			`${template.name} failed at ${result.run.data.resultData.lastNodeExecuted}: ${result.error?.message}`,
		);
	return result;
}

const ledger = (prefix: string) =>
	tables.rows('Returns Event Ledger').filter((r) => String(r.eventId).startsWith(prefix));

beforeEach(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000 });
	tables = templateTables();
	seedRefundWorld(tables, amazon, now);
});
afterEach(() => amazon.close());

it('is off as shipped: it asks Amazon nothing and writes nothing', async () => {
	const result = await run(shipped);
	expect(result.executed).toContain('Off: nothing sent');
	expect(amazon.exchanges).toHaveLength(0);
	expect(ledger('amazon-')).toHaveLength(0);
});

it('in dry run (the mode it ships in) shows the feed for the one refundable unit and sends nothing', async () => {
	const result = await run(enabled('dryRun'));
	const lines = result.output('Refund on receipt');
	expect(lines.map((l) => [l.json.merchantAdjustmentItemId, l.json.result])).toEqual([
		[`RR-${A.returnId}-0`, 'dry_run'],
	]);
	expect(String(lines[0].json.feed)).toContain('<MerchantAdjustmentItemID>');
	expect(amazon.state.feeds).toHaveLength(0);
	expect(
		ledger('amazon-refund-check:')
			.map((r) => [r.returnId, r.status])
			.sort(),
	).toEqual([
		[A.returnId, 'dry_run'],
		[REFUNDED.returnId, 'already_refunded'],
		[LAGGING.returnId, 'waiting'],
	]);
	expect(ledger('amazon-refund-feed:')).toHaveLength(0);
});

it('submits one feed line for the received, unrefunded MFN unit, records it and closes the exception; a re-run sends nothing', async () => {
	await run(enabled('submit'));
	expect(adjustmentsSent(amazon)).toEqual([`RR-${A.returnId}-0`]);
	const feedRows = ledger('amazon-refund-feed:');
	expect(feedRows.map((r) => [r.returnId, r.status])).toEqual([[A.returnId, 'accepted']]);
	expect(
		tables.rows('Exception Register').find((r) => r.exceptionId === 'exc_returned_A'),
	).toMatchObject({
		status: 'cleared',
	});
	const before = tables.rows('Returns Event Ledger').length;
	await run(enabled('submit'));
	expect(adjustmentsSent(amazon)).toHaveLength(1);
	expect(tables.rows('Returns Event Ledger')).toHaveLength(before);
});

it('never refunds an order Amazon already refunded, including a refund that posts during the lag', async () => {
	// Received 10 h ago: Amazon's answer is "not yet known", so the unit waits.
	await run(enabled('submit'));
	expect(ledger(`amazon-refund-check:${LAGGING.returnId}`)[0]).toMatchObject({ status: 'waiting' });
	// Amazon's refund posts inside the lag; the lag then passes (the receipt is now 3 days old).
	amazon.state.events.push(refund(LAGGING, now - 2 * HOUR));
	const receipt = tables.rows('Warehouse Receipts').find((r) => r.returnId === LAGGING.returnId)!;
	receipt.receivedAt = new Date(now - 3 * DAY).toISOString();
	await run(enabled('submit'));
	expect(ledger(`amazon-refund-check:${LAGGING.returnId}`)[0]).toMatchObject({
		status: 'already_refunded',
	});
	expect(adjustmentsSent(amazon)).toEqual([`RR-${A.returnId}-0`]);
	expect(adjustmentsSent(amazon)).not.toContain(`RR-${REFUNDED.returnId}-0`);
});

it('two overlapping runs send the unit once', async () => {
	await Promise.all([run(enabled('submit')), run(enabled('submit'))]);
	expect(adjustmentsSent(amazon)).toEqual([`RR-${A.returnId}-0`]);
	expect(ledger('amazon-refund-feed:')).toHaveLength(1);
});

it('without the claim, the same overlapping runs send the unit twice (the test above can fail)', async () => {
	const unclaimed = withoutClaim(enabled('submit'));
	await Promise.all([run(unclaimed), run(unclaimed)]);
	expect(adjustmentsSent(amazon)).toEqual([`RR-${A.returnId}-0`, `RR-${A.returnId}-0`]);
});

it('a line Amazon rejects opens a register row for finance and is not sent again', async () => {
	// Amazon already holds an adjustment under this unit's id (sent by hand, or by an older copy).
	amazon.state.merchantAdjustmentIds.add(`RR-${A.returnId}-0`);
	await run(enabled('submit'));
	const row = tables
		.rows('Exception Register')
		.find((r) => r.type === 'amazon_refund_rejected' && r.returnId === A.returnId);
	expect(row).toMatchObject({ status: 'open', owner: 'finance' });
	expect(String(row!.summary)).toContain('18052');
	expect(ledger('amazon-refund-feed:')[0]).toMatchObject({ status: 'rejected' });
	await run(enabled('submit'));
	expect(amazon.state.feeds).toHaveLength(1);
});
