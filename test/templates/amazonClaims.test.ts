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
import { runCalledWorkflow, type InMemoryDataTables, type RunResult } from '../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import {
	loadTemplate,
	templateTables,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MARKETPLACE = 'ATVPDKIKX0DER';
const now = Date.now();

let amazon: AmazonSandbox;
let tables: InMemoryDataTables;
let sequence = 0;

interface Case {
	name: string;
	network: 'MFN' | 'AFN';
	refundedAgo: number;
	sku?: string;
	received?: boolean;
	/** The warehouse grade of the received unit (sellable unless given). */
	grade?: string;
	/** When the warehouse received it, ms ago (2 days after the refund unless given). */
	receivedAgo?: number;
	reimbursed?: 'safet' | 'fba';
}

/** One Amazon order refunded `refundedAgo` ms ago, with its Happy Returns return started. */
function seed(c: Case): { orderNumber: string; amazonOrderId: string; sku: string } {
	sequence++;
	const amazonOrderId = `111-0000000-${String(2000 + sequence).padStart(7, '0')}`;
	const orderNumber = `AMZ-${c.name}`;
	const sku = c.sku ?? `SKU-${c.name}`;
	const returnId = `HR-${c.name}`;
	amazon.state.orders.set(amazonOrderId, {
		amazonOrderId,
		sellerOrderId: orderNumber,
		purchaseDate: new Date(now - c.refundedAgo - 10 * DAY).toISOString(),
		orderStatus: 'Shipped',
		fulfillmentChannel: c.network,
		currency: 'USD',
		totalMinor: 2999,
		marketplaceId: MARKETPLACE,
		items: [{ orderItemId: `OI-${c.name}`, sku, quantity: 1, priceMinor: 2999 }],
	});
	const base = {
		amazonOrderId,
		sellerOrderId: orderNumber,
		sku,
		quantity: 1,
		currency: 'USD',
		orderItemId: `OI-${c.name}`,
		marketplaceId: MARKETPLACE,
		fulfillmentNetwork: c.network,
	};
	amazon.state.events.push({
		...base,
		kind: 'Refund',
		transactionId: `T-R-${c.name}`,
		principalMinor: -2999,
		postedAt: now - c.refundedAgo,
		adjustmentId: `ADJ-${c.name}`,
	});
	tables.insert('Returns Event Ledger', {
		eventId: `evt-started-${c.name}`,
		eventType: 'return.started',
		returnId,
		orderNumber,
		orderId: amazonOrderId,
		channel: 'amazon',
		sku,
		unit: '0',
		status: 'processed',
		receivedAt: new Date(now - c.refundedAgo - DAY).toISOString(),
	});
	if (c.received)
		tables.insert('Warehouse Receipts', {
			returnId,
			orderNumber,
			sku,
			unit: '0',
			disposition: c.grade ?? 'sellable',
			receivedAt: new Date(now - (c.receivedAgo ?? c.refundedAgo - 2 * DAY)).toISOString(),
			status: 'processed',
		});
	if (c.reimbursed) {
		tables.insert('Exception Register', {
			exceptionId: `exc-${c.name}`,
			type: 'refunded_never_returned',
			status: 'open',
			orderNumber,
			sku,
			summary: 'refunded, never returned',
		});
		if (c.reimbursed === 'safet')
			amazon.state.events.push({
				...base,
				kind: 'SAFETReimbursement',
				transactionId: `T-S-${c.name}`,
				principalMinor: 2999,
				postedAt: now - 3 * DAY,
				adjustmentId: `SAFET-${c.name}`,
			});
		else
			amazon.state.fbaReimbursements.push({
				'approval-date': new Date(now - 3 * DAY).toISOString(),
				'reimbursement-id': `R-${c.name}`,
				'case-id': '',
				'amazon-order-id': amazonOrderId,
				reason: 'CustomerReturn',
				sku,
				fnsku: '',
				asin: '',
				'product-name': 'Coat',
				condition: '',
				'currency-unit': 'USD',
				'amount-per-unit': '29.99',
				'amount-total': '29.99',
				'quantity-reimbursed-cash': '1',
				'quantity-reimbursed-inventory': '0',
				'quantity-reimbursed-total': '1',
				'original-reimbursement-id': '',
				'original-reimbursement-type': '',
			});
	}
	return { orderNumber, amazonOrderId, sku };
}

const CASES: Array<Case & { inPack: boolean }> = [
	// SAFE-T (merchant-fulfilled): opens 14 days after the refund, closes 30 days after it.
	{ name: 'mfn-before-opening', network: 'MFN', refundedAgo: 14 * DAY - HOUR, inPack: false },
	{ name: 'mfn-just-open', network: 'MFN', refundedAgo: 14 * DAY + HOUR, inPack: true },
	{ name: 'mfn-last-day', network: 'MFN', refundedAgo: 30 * DAY - HOUR, inPack: true },
	{ name: 'mfn-too-late', network: 'MFN', refundedAgo: 30 * DAY + HOUR, inPack: false },
	{ name: 'mfn-returned', network: 'MFN', refundedAgo: 20 * DAY, received: true, inPack: false },
	{
		name: 'mfn-reimbursed',
		network: 'MFN',
		refundedAgo: 20 * DAY,
		reimbursed: 'safet',
		inPack: false,
	},
	{
		name: 'mfn-formula',
		network: 'MFN',
		refundedAgo: 20 * DAY,
		sku: '=HYPERLINK("x")',
		inPack: true,
	},
	// Graded as not returned: the bag came back without the unit (or with another item). The SAFE-T
	// window closes 30 days after the later of the refund and the return's delivery (the receipt).
	{
		name: 'mfn-wrong-item-open',
		network: 'MFN',
		refundedAgo: 40 * DAY,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 30 * DAY - HOUR,
		inPack: true,
	},
	{
		name: 'mfn-wrong-item-closed',
		network: 'MFN',
		refundedAgo: 40 * DAY,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 30 * DAY + HOUR,
		inPack: false,
	},
	{
		name: 'mfn-missing-open',
		network: 'MFN',
		refundedAgo: 35 * DAY,
		received: true,
		grade: 'missing',
		receivedAgo: 30 * DAY - HOUR,
		inPack: true,
	},
	{
		name: 'mfn-missing-closed',
		network: 'MFN',
		refundedAgo: 35 * DAY,
		received: true,
		grade: 'missing',
		receivedAgo: 30 * DAY + HOUR,
		inPack: false,
	},
	// A refund posted after the receipt: the refund is the later date and starts the clock.
	{
		name: 'mfn-refund-after-receipt-open',
		network: 'MFN',
		refundedAgo: 30 * DAY - HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 33 * DAY,
		inPack: true,
	},
	{
		name: 'mfn-refund-after-receipt-closed',
		network: 'MFN',
		refundedAgo: 30 * DAY + HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 33 * DAY,
		inPack: false,
	},
	// The opening still counts from the refund, graded or not.
	{
		name: 'mfn-graded-before-opening',
		network: 'MFN',
		refundedAgo: 14 * DAY - HOUR,
		received: true,
		grade: 'wrong-item',
		receivedAgo: 13 * DAY,
		inPack: false,
	},
	// FBA customer-return claims: open 60 days after the refund, close 120 days after it.
	{ name: 'fba-before-opening', network: 'AFN', refundedAgo: 60 * DAY - HOUR, inPack: false },
	{ name: 'fba-just-open', network: 'AFN', refundedAgo: 60 * DAY + HOUR, inPack: true },
	{ name: 'fba-last-day', network: 'AFN', refundedAgo: 120 * DAY - HOUR, inPack: true },
	{ name: 'fba-too-late', network: 'AFN', refundedAgo: 120 * DAY + HOUR, inPack: false },
	// An FBA claim counts from the refund only, whatever came back when.
	{
		name: 'fba-graded-too-late',
		network: 'AFN',
		refundedAgo: 120 * DAY + HOUR,
		received: true,
		grade: 'missing',
		receivedAgo: 100 * DAY,
		inPack: false,
	},
	{
		name: 'fba-reimbursed',
		network: 'AFN',
		refundedAgo: 90 * DAY,
		reimbursed: 'fba',
		inPack: false,
	},
];

const template: Template = withSettings(loadTemplate('12-amazon-claims.json'), {
	amazonReportPollSeconds: 0.05,
});

async function run(workflow: Template = template): Promise<RunResult> {
	const result = await runCalledWorkflow(workflow, 'When called (manual or tests)', {
		credentials: sandboxCredentials({ amazon }),
		dataTables: tables,
	});
	if (result.status !== 'success')
		throw new Error(
			`${workflow.name} failed at ${result.run.data.resultData.lastNodeExecuted}: ${result.error?.message}`,
		);
	return result;
}

let seeded: Map<string, { orderNumber: string; amazonOrderId: string; sku: string }>;

beforeAll(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000, reportReadyAfterMs: 0 });
	tables = templateTables();
	seeded = new Map(CASES.map((c) => [c.name, seed(c)]));
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
