/**
 * Template 07 counts each storefront refund in the month it was paid, once across consecutive
 * packs, whatever the age of its return. Centra filters returns by creation date only
 * (https://centra.dev/graphql/returnfilter.html), so a refund paid this month on a return created
 * months ago (goods arriving weeks after the first scan, a refund made after a replay) is found
 * through the ledger's `centra.refund` claims, read by id, and dated by Centra's own payment
 * history (https://centra.dev/graphql/paymenthistoryentry.html), never by the ledger.
 *
 * Four consecutive closes (31 August to 30 November, at 06:00 on the last day) run against one
 * Centra sandbox whose payment history and ledger grow as time passes (each close sees what was
 * paid and claimed by the time it runs); the oracle is the sandbox's paid entries, added up per
 * period here. A return refunded in two payments has each counted in its own month.
 */
import type { IDataObject } from 'n8n-workflow';
import { runCalledWorkflow } from '../../harness';
import {
	templateTables,
	withSettings,
	monthEndCloseWithoutNightly,
} from '../../harness/templateFiles';
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { addRefundedReturn, addShippedOrder } from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';

const { template, workflows: calledWorkflows } = monthEndCloseWithoutNightly();

const CLOSES = [
	'2026-08-31T06:00:00.000Z',
	'2026-09-30T06:00:00.000Z',
	'2026-10-31T06:00:00.000Z',
	'2026-11-30T06:00:00.000Z',
];

/** How a refund was made: claimed in the ledger first (02/03), or by a person in Centra. */
interface Refund {
	name: string;
	createdAt: string;
	paidAt: string;
	minor: number;
	/** The claim row as 02/03 leave it: processed when Centra answered, or still claimed. */
	claim: { status: 'processed'; processedAt: string } | { status: 'claimed' } | null;
	/** A request left pending at the PSP when the claim was processed, paid later. */
	pendingFrom?: string;
	declined?: boolean;
	/** A second payment on the same return (e.g. the rest of a partial refund), paid later. */
	later?: { paidAt: string; minor: number };
}

// Amounts are distinct powers of two, so each pack's total names the refunds in it.
const REFUNDS: Refund[] = [
	{
		name: 'old return, refunded in October',
		createdAt: '2026-03-01T10:00:00.000Z',
		paidAt: '2026-10-15T10:00:00.000Z',
		minor: 100,
		claim: { status: 'processed', processedAt: '2026-10-15T10:00:02.000Z' },
	},
	{
		name: 'created in September, refunded in October',
		createdAt: '2026-09-10T10:00:00.000Z',
		paidAt: '2026-10-02T10:00:00.000Z',
		minor: 200,
		claim: { status: 'processed', processedAt: '2026-10-02T10:00:02.000Z' },
	},
	{
		name: 'old return, refunded a second before the October close',
		createdAt: '2026-04-01T10:00:00.000Z',
		paidAt: '2026-10-31T05:59:59.000Z',
		minor: 400,
		claim: { status: 'processed', processedAt: '2026-10-31T05:59:59.000Z' },
	},
	{
		name: 'old return, refunded at the October close instant',
		createdAt: '2026-04-01T10:00:00.000Z',
		paidAt: '2026-10-31T06:00:00.000Z',
		minor: 800,
		claim: { status: 'processed', processedAt: '2026-10-31T06:00:01.000Z' },
	},
	{
		name: 'created and refunded in September',
		createdAt: '2026-09-20T10:00:00.000Z',
		paidAt: '2026-09-25T10:00:00.000Z',
		minor: 1600,
		claim: { status: 'processed', processedAt: '2026-09-25T10:00:02.000Z' },
	},
	{
		name: 'refunded by a person in Centra, on a recent return (no claim)',
		createdAt: '2026-10-05T10:00:00.000Z',
		paidAt: '2026-10-06T10:00:00.000Z',
		minor: 3200,
		claim: null,
	},
	{
		name: 'old return, pending at the PSP in August, paid in September',
		createdAt: '2026-05-01T10:00:00.000Z',
		pendingFrom: '2026-08-28T10:00:00.000Z',
		paidAt: '2026-09-03T10:00:00.000Z',
		minor: 6400,
		claim: { status: 'processed', processedAt: '2026-08-28T10:00:02.000Z' },
	},
	{
		name: 'old return, claim still open (refunded, not recorded), paid in November',
		createdAt: '2026-02-01T10:00:00.000Z',
		paidAt: '2026-11-10T10:00:00.000Z',
		minor: 12800,
		claim: { status: 'claimed' },
	},
	{
		// The October close reads returns created from 120 days (lookbackDays) before its previous
		// close: this one is both created in that window and claimed, and must count once.
		name: 'created at the October read window start, claimed, refunded in October',
		createdAt: '2026-06-02T06:00:00.000Z',
		paidAt: '2026-10-12T10:00:00.000Z',
		minor: 51200,
		claim: { status: 'processed', processedAt: '2026-10-12T10:00:02.000Z' },
	},
	{
		name: 'old return, paid in two payments: October, then November',
		createdAt: '2026-03-15T10:00:00.000Z',
		paidAt: '2026-10-20T10:00:00.000Z',
		minor: 102400,
		later: { paidAt: '2026-11-05T10:00:00.000Z', minor: 204800 },
		claim: { status: 'processed', processedAt: '2026-10-20T10:00:02.000Z' },
	},
	{
		name: 'old return, refund declined by the PSP in October',
		createdAt: '2026-02-01T10:00:00.000Z',
		paidAt: '2026-10-20T10:00:00.000Z',
		minor: 25600,
		claim: { status: 'claimed' },
		declined: true,
	},
];

let sandboxes: TemplateSandboxes;
let centra: CentraSandbox;
const tables = templateTables();
const packs: IDataObject[] = [];

function seed(): void {
	REFUNDS.forEach((refund, index) => {
		const number = 3001 + index;
		addShippedOrder(centra.state, {
			number,
			currency: 'EUR',
			createdAt: '2026-01-15T10:00:00.000Z',
			lines: [{ sku: 'TEE-M', quantity: 1, unitPriceMinor: refund.minor }],
		});
		addRefundedReturn(centra.state, {
			orderNumber: number,
			sku: 'TEE-M',
			quantity: 1,
			refundMinor: refund.minor,
			at: refund.paidAt,
		});
		const record = centra.state.returns.at(-1)!;
		record.createdAt = refund.createdAt;
		const [paid] = record.payments;
		if (refund.declined) Object.assign(paid, { status: 'FAILED', entryType: 'REFUND_FAILED' });
		if (refund.pendingFrom)
			record.payments.unshift({
				id: centra.state.id(),
				createdAt: refund.pendingFrom,
				status: 'PENDING',
				entryType: 'REFUND_REQUEST',
				valueMinor: refund.minor,
			});
		if (refund.later)
			record.payments.push({
				id: centra.state.id(),
				createdAt: refund.later.paidAt,
				status: 'SUCCESS',
				entryType: 'REFUND',
				valueMinor: refund.later.minor,
			});
		const claimedAt = refund.pendingFrom ?? refund.paidAt;
		timeline.push({ record, payments: [...record.payments], refund, claimedAt, row: null });
	});
}

/** What each return and claim looked like then: Centra and the ledger as a close run finds them. */
const timeline: Array<{
	record: CentraSandbox['state']['returns'][number];
	payments: CentraSandbox['state']['returns'][number]['payments'];
	refund: Refund;
	claimedAt: string;
	row: Record<string, unknown> | null;
}> = [];

function advanceTo(at: number): void {
	for (const entry of timeline) {
		const { record, refund } = entry;
		record.payments = entry.payments.filter((p) => Date.parse(p.createdAt) <= at);
		if (!refund.claim || Date.parse(entry.claimedAt) > at) continue;
		const processedAt =
			refund.claim.status === 'processed' && Date.parse(refund.claim.processedAt) <= at
				? refund.claim.processedAt
				: null;
		entry.row ??= tables.insert('Returns Event Ledger', {
			eventId: `centra-refund:${record.id}`,
			eventType: 'centra.refund',
			returnId: `HR-${record.order.number}`,
			orderNumber: String(record.order.number),
			channel: 'storefront',
			status: 'claimed',
			receivedAt: entry.claimedAt,
			processedAt: null,
			attempts: 0,
		});
		if (processedAt)
			Object.assign(entry.row, { status: 'processed', processedAt: new Date(processedAt) });
	}
}

/** What Centra's payment history says was paid back in [from, to), per channel and currency. */
function paidBetween(from: string, to: string): Record<string, number> {
	const totals: Record<string, number> = {};
	for (const r of centra.state.returns)
		for (const p of r.payments)
			if (
				(p.entryType === 'REFUND' || p.entryType === 'REFUND_GIFT_CARD') &&
				p.status === 'SUCCESS' &&
				Date.parse(p.createdAt) >= Date.parse(from) &&
				Date.parse(p.createdAt) < Date.parse(to)
			) {
				const key = `storefront ${r.order.currency}`;
				totals[key] = (totals[key] ?? 0) + p.valueMinor;
			}
	return totals;
}

const minorOf = (...names: string[]) =>
	REFUNDS.filter((r) => names.includes(r.name)).reduce((sum, r) => sum + r.minor, 0);
const eur = (minor: number) => (minor === 0 ? {} : { 'storefront EUR': minor });

beforeAll(async () => {
	sandboxes = await startTemplateSandboxes();
	centra = sandboxes.centra;
	seed();
	for (const asOf of CLOSES) {
		// Each close runs in the first minutes of its hour: what was paid by then is there.
		advanceTo(Date.parse(asOf) + 5 * 60_000);
		const run = await runCalledWorkflow(
			withSettings(template, {
				asOf,
				closePackDelivery: 'none',
				amazonMarketplaceIds: 'ATVPDKIKX0DER',
			}),
			'When called (manual or month-end)',
			{
				credentials: sandboxes.credentials(),
				dataTables: tables,
				workflows: calledWorkflows,
			},
		);
		if (run.status !== 'success')
			throw new Error(
				`07 as of ${asOf} failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message}`,
			);
		packs.push(run.run.data.resultData.runData['Month-end report'][0].data!.main[2]![0].json);
	}
}, 300_000);

afterAll(async () => {
	await sandboxes?.close();
});

const closePackOf = (index: number) =>
	packs[index].closePack as {
		period: { start: string; end: string; previousClose: string };
		lateRefundsByChannel: Record<string, number>;
		tieOut: Array<Record<string, number | string>>;
	};

it('each pack counts what Centra paid in its month, and apart what it paid after the previous close and before the month', () => {
	CLOSES.forEach((_, index) => {
		const { period, lateRefundsByChannel } = closePackOf(index);
		expect(packs[index].refundsByChannel).toEqual(paidBetween(period.start, period.end));
		expect(lateRefundsByChannel).toEqual(paidBetween(period.previousClose, period.start));
	});
});

it('a refund is in the pack of the month it was paid, whatever the age of its return', () => {
	const paid = packs.map((p) => p.refundsByChannel);
	const late = packs.map((_, i) => closePackOf(i).lateRefundsByChannel);
	expect(paid[0]).toEqual({});
	expect(paid[1]).toEqual(
		eur(
			minorOf(
				'created and refunded in September',
				'old return, pending at the PSP in August, paid in September',
			),
		),
	);
	expect(paid[2]).toEqual(
		eur(
			minorOf(
				'old return, refunded in October',
				'created in September, refunded in October',
				'old return, refunded a second before the October close',
				'refunded by a person in Centra, on a recent return (no claim)',
				'created at the October read window start, claimed, refunded in October',
				'old return, paid in two payments: October, then November',
			),
		),
	);
	expect(late[3]).toEqual(eur(minorOf('old return, refunded at the October close instant')));
	expect(paid[3]).toEqual(
		eur(
			minorOf('old return, claim still open (refunded, not recorded), paid in November') +
				REFUNDS.find((r) => r.later)!.later!.minor,
		),
	);
	expect(late.slice(0, 3)).toEqual([{}, {}, {}]);
});

it('consecutive packs count every refund once: none twice, none never', () => {
	// Each pack's late window starts where the previous pack ended.
	for (let i = 1; i < CLOSES.length; i++)
		expect(closePackOf(i).period.previousClose).toBe(closePackOf(i - 1).period.end);
	const counted = packs.reduce<number>((sum, pack, i) => {
		const figures = [
			pack.refundsByChannel as Record<string, number>,
			closePackOf(i).lateRefundsByChannel,
		];
		return sum + figures.reduce((s, f) => s + (f['storefront EUR'] ?? 0), 0);
	}, 0);
	const paid = paidBetween(closePackOf(0).period.previousClose, CLOSES.at(-1)!);
	expect(counted).toBe(paid['storefront EUR']);
	expect(counted).toBe(
		REFUNDS.filter((r) => !r.declined).reduce((sum, r) => sum + r.minor + (r.later?.minor ?? 0), 0),
	);
});

it('ties out per currency to the cent: refunds = received + open exceptions + awaiting goods', () => {
	CLOSES.forEach((_, index) => {
		for (const row of closePackOf(index).tieOut)
			expect(
				Number(row.receivedMinor) + Number(row.openExceptionMinor) + Number(row.awaitingGoodsMinor),
			).toBe(
				(packs[index].refundsByChannel as Record<string, number>)[`${row.channel} ${row.currency}`],
			);
	});
});
