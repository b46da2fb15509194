/**
 * Template 04 reconciles from state, not from a look-back window: its register does not depend on
 * how long the system has been live.
 *
 * The same scenario (every anomaly the generator knows) is reconciled in two worlds. In the first
 * the system went live with the scenario. In the second it had been live for 400 more days: an
 * older, clean season came and went, the nightly run ran then (its watermark is in the ledger),
 * and its settled orders are still in the ledger. Both worlds must end with the same register,
 * row for row, status for status; the old season raises nothing. A look-back window shorter than
 * the system's age fails this (refunds and movements of old orders fall out of the window while
 * their ledger events do not). Centra reads do not grow with the number of orders: they are
 * batched by order number and counted on the sandbox.
 */
import { runCalledWorkflow } from '../../harness';
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import {
	generateScenario,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
	type Scenario,
} from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { renamedScenario, warehouseReceiptRows } from '../../harness/scenarioRows';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';
import { registerOf, startWorld, type World } from './stateWorld';

const SECRET = 'nightly-state-secret';
const DAY = 86_400_000;
const NOW = Date.now();
const iso = (at: number) => new Date(at).toISOString();

// Centra without its Order API fields, as these runs have always had it.
const credentials = (world: World) =>
	world.credentials({ webhookSecret: SECRET, centraOrderApi: false });

/** What the vendors hold, the Happy Returns notices through 01, the receipts as 03 writes them. */
async function deliver(world: World, scenario: Scenario): Promise<void> {
	const bodies = loadScenario(scenario, world);
	await deliverNoticesToIntake(
		bodies,
		{ secret: SECRET, credentials: credentials(world) },
		world.tables,
	);
	for (const row of warehouseReceiptRows(scenario)) world.tables.insert('Warehouse Receipts', row);
}

/** One nightly run as of `at`; returns the Centra GraphQL requests it made. */
async function nightly(
	world: World,
	at: number,
	lookbackDays: number,
	centraToken = world.centra.token,
): Promise<number> {
	const template = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
		asOf: iso(at),
		lookbackDays,
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
	});
	const graphql = () => world.centra.server.log.filter((e) => e.path.endsWith('/graphql')).length;
	const before = graphql();
	const run = await runCalledWorkflow(template, 'When called by month-end', {
		credentials: {
			...credentials(world),
			centraApi: { url: world.centra.graphqlUrl, token: centraToken },
		},
		dataTables: world.tables,
	});
	if (run.status !== 'success')
		throw new Error(
			`04 failed at ${run.run.data.resultData.lastNodeExecuted}: ${run.error?.message} ${run.error?.description ?? ''}`,
		);
	return graphql() - before;
}

describe('04 reconciles from state: the same register after 30 or 400 days live', () => {
	const rates = {
		refundedNeverReturned: 0.06,
		duplicateRefund: 0.06,
		lostInTransit: 0.06,
		scanWithoutOrder: 0.04,
		missingOrderId: 0.04,
		valueMismatch: 0.06,
		missingStockMovement: 0.06,
		orphanedRefund: 0.05,
		returnedNeverRefunded: 0.06,
	};
	// The scenario's returns are 60 to 126 days old at NOW; the old season is 400 days older. A
	// first run reads lookbackDays back: enough to cover what is in the ledger then.
	const scenario = generateScenario({ seed: 2204, returns: 60, rates, asOf: iso(NOW) });
	const oldSeason = renamedScenario(
		generateScenario({ seed: 2205, returns: 60, rates: {}, asOf: iso(NOW - 400 * DAY) }),
	);
	let young: World;
	let old: World;
	const reads: Record<string, number> = {};
	let oldRegister: string[] = [];

	beforeAll(async () => {
		[young, old] = await Promise.all([startWorld(), startWorld()]);
		// Live for about 30 days before the scenario's first return: the first run backfills it.
		await deliver(young, scenario);
		reads.young = await nightly(young, NOW, 160);
		// Live 400 days longer: the old season, reconciled nightly back then (the first run
		// backfilled it, later runs read what changed), then the scenario.
		await deliver(old, oldSeason);
		// After the first run the look-back is only a first-run setting: a window far shorter than the
		// scenario's age must not change what the later runs read (they read from their watermark).
		await nightly(old, NOW - 330 * DAY, 220);
		await nightly(old, NOW - 200 * DAY, 30);
		await deliver(old, scenario);
		reads.old = await nightly(old, NOW, 30);
		oldRegister = registerOf(old);
		// A quiet night: nothing changed.
		reads.quiet = await nightly(old, NOW + DAY / 2, 30);
	}, 600_000);
	afterAll(async () => Promise.all([young?.close(), old?.close()]));

	it('the scenario raises its exceptions, and the old season none', () => {
		const rows = old.tables.rows('Exception Register');
		expect(rows.length).toBeGreaterThan(10);
		expect(rows.filter((r) => /^7\d{6}$/.test(String(r.orderNumber)))).toEqual([]);
		expect(rows.filter((r) => String(r.returnId).includes('HP-'))).toEqual([]);
	});

	it('both worlds hold the same register: rows, statuses, owners, deadlines, amounts', () => {
		expect(oldRegister).toEqual(registerOf(young));
	});

	it('a quiet night changes nothing', async () => {
		const before = registerOf(old);
		await nightly(old, NOW + DAY, 160);
		expect(registerOf(old)).toEqual(before);
	}, 120_000);

	it('a run that fails does not move the watermark; the next one does', async () => {
		const marks = () =>
			old.tables
				.rows('Returns Event Ledger')
				.filter((r) => r.eventType === 'reconciliation.completed')
				.map((r) =>
					r.receivedAt instanceof Date ? r.receivedAt.toISOString() : String(r.receivedAt),
				)
				.sort();
		const before = marks();
		await expect(nightly(old, NOW + 2 * DAY, 160, 'revoked-token')).rejects.toThrow(/04 failed/);
		expect(marks()).toEqual(before);
		await nightly(old, NOW + 2 * DAY, 160);
		expect(marks()).toEqual([...before, iso(NOW + 2 * DAY)]);
	}, 120_000);

	it('a run dated before the last successful one (asOf set back) reads its first-run window instead of an empty one', async () => {
		// The watermark is later than the run's own clock: a read from it would end before it starts
		// (Amazon's Posted After after Posted Before, seen in the real-n8n season).
		await expect(nightly(old, NOW - 3 * DAY, 160)).resolves.toBeGreaterThan(0);
	}, 120_000);

	it('runs dated ahead of the real clock (asOf 15, then 60 days ahead) succeed: Amazon is not asked for a window after its newest instant', async () => {
		// The real-n8n season's days 15 and 60. The second run reads from the first one's watermark
		// less the posting lag (13 days ahead), which Amazon, two minutes behind the real clock, has
		// nothing for yet.
		const marks = () =>
			old.tables
				.rows('Returns Event Ledger')
				.filter((r) => r.eventType === 'reconciliation.completed')
				.map((r) =>
					r.receivedAt instanceof Date ? r.receivedAt.toISOString() : String(r.receivedAt),
				);
		await nightly(old, NOW + 15 * DAY, 160);
		await nightly(old, NOW + 60 * DAY, 160);
		expect(marks()).toEqual(expect.arrayContaining([iso(NOW + 15 * DAY), iso(NOW + 60 * DAY)]));
	}, 120_000);

	it('Centra reads are batched: as many with twice the orders, at most 0.05 per return on a quiet night', () => {
		const returns = 120;
		console.log(
			`Centra reads: ${reads.young} (scenario alone), ${reads.old} (with the old season), ${reads.quiet} on a quiet night = ${(reads.quiet / returns).toFixed(3)} per return`,
		);
		expect(reads.old).toBe(reads.young);
		expect(reads.quiet / returns).toBeLessThanOrEqual(0.05);
	});
});
