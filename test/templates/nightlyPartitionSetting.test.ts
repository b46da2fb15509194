/**
 * `nightlyPartitions` in 00 (docs/scaling.md, "A night in partitions"): 1 as shipped, and a saved
 * 00 without it reads as 1; a night at 1 is the night as it always was (the same register as a 00
 * without the setting). Only counts that divide ten or a hundred make whole sets of endings of the
 * order number (1, 2, 5, 10 by the last digit; 20, 25, 50, 100 by the last two);
 * any other value stops 04 before it reads or writes anything, with an error naming the setting
 * and the value. 2, 5 and 10 run the partitioned night (test/templates/nightlyPartitionNight.test.ts).
 */
import { runCalledWorkflow } from '../../harness';
import {
	ABSENT_SETTING,
	loadTemplate,
	withRawSetting,
	withSettings,
	type Template,
} from '../../harness/templateFiles';
import { deliverNoticesToIntake } from '../../harness/noticeDeliveries';
import { warehouseReceiptRows } from '../../harness/scenarioRows';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';
import { registerOf, startWorld, type World } from './stateWorld';

const SECRET = 'nightly-partitions-secret';
const NOW = Date.now();

/** 04 with 00's `nightlyPartitions` given as `value` (of any type), or without it at all. */
function nightlyWith(value: unknown): Template {
	const template = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
		asOf: new Date(NOW).toISOString(),
		lookbackDays: 200,
		inTransitWarehouse: TRANSIT,
		dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
	});
	expect(withRawSetting(template, 'nightlyPartitions', value)).toBe(1);
	return template;
}

async function night(world: World, value: unknown) {
	return await runCalledWorkflow(nightlyWith(value), 'When called by month-end', {
		credentials: world.credentials({ webhookSecret: SECRET, centraOrderApi: false }),
		dataTables: world.tables,
	});
}

describe('nightlyPartitions in 00: 1 or absent runs the night as always, any other value stops 04 first', () => {
	const scenario = generateScenario({
		seed: 2424,
		returns: 40,
		rates: { lostInTransit: 0.1, refundedNeverReturned: 0.1, scanWithoutOrder: 0.05 },
		asOf: new Date(NOW).toISOString(),
	});
	const worlds: World[] = [];
	const seeded = async () => {
		const world = await startWorld();
		worlds.push(world);
		const bodies = loadScenario(scenario, world);
		await deliverNoticesToIntake(
			bodies,
			{
				secret: SECRET,
				credentials: world.credentials({ webhookSecret: SECRET, centraOrderApi: false }),
			},
			world.tables,
		);
		for (const row of warehouseReceiptRows(scenario))
			world.tables.insert('Warehouse Receipts', row);
		return world;
	};
	// One seeded world for the refused values: a refused night changes nothing, so they can share it.
	let refused: Promise<World> | undefined;
	const refusedWorld = () => (refused ??= seeded());
	afterAll(async () => Promise.all(worlds.map((w) => w.close())));

	it('at 1 (as shipped) and with no setting at all, the same register, not an empty one', async () => {
		const [shipped, absent] = await Promise.all([seeded(), seeded()]);
		const one = await night(shipped, 1);
		const none = await night(absent, ABSENT_SETTING);
		expect([one.status, one.error?.message]).toEqual(['success', undefined]);
		expect([none.status, none.error?.message]).toEqual(['success', undefined]);
		expect(registerOf(shipped).length).toBeGreaterThan(5);
		expect(registerOf(absent)).toEqual(registerOf(shipped));
		const marker = (world: World) =>
			world.tables
				.rows('Returns Event Ledger')
				.filter((r) => r.eventType === 'reconciliation.completed');
		expect([marker(shipped).length, marker(absent).length]).toEqual([1, 1]);
	}, 300_000);

	it.each([
		[0, '0'],
		[3, '3'],
		[4, '4'],
		[30, '30'],
		[200, '200'],
		[-2, '-2'],
		[2.5, '2.5'],
		['ten', '"ten"'],
		['', '""'],
		['2', '"2"'],
	])(
		'nightlyPartitions %p stops 04 before any read or write, naming the setting and the value',
		async (value, shown) => {
			const world = await refusedWorld();
			const ledgerBefore = world.tables.rows('Returns Event Ledger').length;
			const requests = world.centra.server.log.length + world.amazon.server.log.length;
			const run = await night(world, value);
			expect(run.status).toBe('error');
			expect(run.run.data.resultData.lastNodeExecuted).toBe('Other partition count set');
			expect(run.error?.message).toContain(`nightlyPartitions = ${shown}:`);
			expect(run.error?.message).toContain('1, 2, 5, 10, 20, 25, 50 or 100');
			expect(run.executed).not.toContain('Last successful run');
			expect(world.tables.rows('Returns Event Ledger').length).toBe(ledgerBefore);
			expect(world.tables.rows('Exception Register')).toEqual([]);
			expect(world.centra.server.log.length + world.amazon.server.log.length).toBe(requests);
		},
		120_000,
	);
});
