/**
 * Template 12 (Amazon claims) against the Amazon sandbox: the claim pack lists exactly the refunded,
 * never-returned units inside their claim window today (both sides of each window's opening and
 * closing day, for SAFE-T and FBA), never a returned or reimbursed unit. A unit the warehouse graded
 * as not returned (00's `investigateDispositions`: `missing`, `wrong-item`) did not come back and is
 * claimable; its SAFE-T window closes 30 days after the later of the refund and the return's
 * delivery (Amazon's SAFE-T rule for US seller-fulfilled orders since 16 February 2026), while an
 * FBA claim still counts from the refund alone (Seller Central, FBA inventory reimbursement policy:
 * customer return claims, https://sellercentral.amazon.com/gp/help/external/G9N934L7Y4SFWPJ4). SAFE-T and FBA
 * reimbursements close the matching register rows as reimbursed with the amount recovered; cells
 * that a spreadsheet would run are neutralised; a re-run changes nothing.
 */
import type { InMemoryDataTables, RunResult } from '../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { runWithAmazon } from './templateReads';

import { CASES, DAY, HOUR, seedClaimCases } from './amazonClaimsWorld';

const now = Date.now();

let amazon: AmazonSandbox;
let tables: InMemoryDataTables;

const template: Template = withSettings(loadTemplate('12-amazon-claims.json'), {
	amazonReportPollSeconds: 0.05,
});

async function run(workflow: Template = template): Promise<RunResult> {
	return runWithAmazon(workflow, 'When called (manual or tests)', amazon, tables);
}

let seeded: Map<string, { orderNumber: string; amazonOrderId: string; sku: string }>;

beforeAll(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 0 });
	tables = templateTables();
	seeded = seedClaimCases(tables, amazon, now);
});
afterAll(() => amazon.close());

it('the claim pack lists exactly the units inside their claim window, with the evidence', async () => {
	const result = await run();
	const lines = result.output('Claim pack lines').map((l) => l.json);
	const expected = CASES.filter((c) => c.inPack).map((c) => seeded.get(c.name)!.orderNumber);
	expect(lines.map((l) => l.orderNumber).sort()).toEqual(expected.sort());
	const justOpen = lines.find((l) => l.orderNumber === 'AMZ-mfn-just-open')!;
	expect(justOpen).toMatchObject({
		program: 'SAFE-T',
		amazonOrderId: seeded.get('mfn-just-open')!.amazonOrderId,
		happyReturnsReturnIds: 'HR-mfn-just-open',
		dropOffScan: 'none',
		warehouseReceipt: 'none',
		units: 1,
	});
	expect(lines.find((l) => l.orderNumber === 'AMZ-fba-last-day')).toMatchObject({
		program: 'FBA customer-return claim',
	});
	const deadline = Date.parse(String(justOpen.claimDeadline));
	expect(Math.abs(deadline - (now - (14 * DAY + HOUR) + 30 * DAY))).toBeLessThan(2000);
});

it('a unit graded as not returned carries its receipt, and its SAFE-T deadline counts from the later of the refund and the return delivery', async () => {
	const result = await run();
	const lines = result.output('Claim pack lines').map((l) => l.json);
	const wrong = lines.find((l) => l.orderNumber === 'AMZ-mfn-wrong-item-open')!;
	expect(wrong).toMatchObject({
		program: 'SAFE-T',
		units: 1,
		returnDeliveredAt: new Date(now - (30 * DAY - HOUR)).toISOString(),
	});
	expect(wrong.warehouseReceipt).toBe(
		`HR-mfn-wrong-item-open unit 0 wrong-item ${new Date(now - (30 * DAY - HOUR)).toISOString()}`,
	);
	const deadline = (name: string) =>
		Date.parse(String(lines.find((l) => l.orderNumber === `AMZ-${name}`)!.claimDeadline));
	expect(
		Math.abs(deadline('mfn-wrong-item-open') - (now - (30 * DAY - HOUR) + 30 * DAY)),
	).toBeLessThan(2000);
	expect(
		Math.abs(deadline('mfn-refund-after-receipt-open') - (now - (30 * DAY - HOUR) + 30 * DAY)),
	).toBeLessThan(2000);
	// Opening still counts from the refund: 14 days after it.
	expect(
		Math.abs(Date.parse(String(wrong.claimOpensAt)) - (now - 40 * DAY + 14 * DAY)),
	).toBeLessThan(2000);
});

it("the not-returned grades are 00's `investigateDispositions`: a grade not in it counts as the unit returned", async () => {
	const result = await run(
		withSettings(loadTemplate('12-amazon-claims.json'), {
			amazonReportPollSeconds: 0.05,
			investigateDispositions: 'missing',
		}),
	);
	const listed = result.output('Claim pack lines').map((l) => l.json.orderNumber);
	expect(listed).toContain('AMZ-mfn-missing-open');
	expect(listed).not.toContain('AMZ-mfn-wrong-item-open');
});

it('neutralises cells a spreadsheet would run', async () => {
	const result = await run();
	const formula = result
		.output('Claim pack lines')
		.find((l) => l.json.orderNumber === 'AMZ-mfn-formula')!;
	expect(formula.json.sku).toBe('\'=HYPERLINK("x")');
	const csv = result.output('Claim pack (CSV)')[0].binary!.claimPack;
	expect(csv.fileName).toMatch(/^amazon-claim-pack-\d{4}-\d{2}-\d{2}\.csv$/);
});

it('reimbursements close the matching register rows with the amount recovered; a re-run changes nothing', async () => {
	await run();
	const rows = tables.rows('Exception Register');
	for (const [name, label] of [
		['mfn-reimbursed', 'SAFE-T'],
		['fba-reimbursed', 'FBA reimbursement'],
	]) {
		const row = rows.find((r) => r.exceptionId === `exc-${name}`)!;
		expect(row.status).toBe('resolved');
		expect(String(row.summary)).toContain(`Reimbursed by Amazon: 29.99 USD (${label}`);
		expect(JSON.parse(String(row.details)).reimbursement.amountRecovered).toBe('29.99 USD');
	}
	const before = JSON.stringify(
		tables.rows('Exception Register').map((r) => [r.exceptionId, r.status]),
	);
	await run();
	expect(
		JSON.stringify(tables.rows('Exception Register').map((r) => [r.exceptionId, r.status])),
	).toBe(before);
	expect(tables.rows('Exception Register')).toHaveLength(2);
});
