/**
 * Template 04 reads Centra in batches, never per order or per return: orders 200 numbers per
 * request (Order: Get Many by Number), the live orders' credit notes 200 order numbers per
 * request, new credit notes and stock movements by time window in pages. The issue's target is at
 * most 0.05 Centra reads per return; a read per order would be at least one per order. Counted on
 * the Centra sandbox's request log, on a scenario with more live orders than one batch holds.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../../harness';
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import { SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { seedNightly } from '../../scripts/bench/nightlyRun';

const RETURNS = 300;

describe('04 nightly reconciliation: Centra reads in batches', () => {
	let seeded: Awaited<ReturnType<typeof seedNightly>>;
	beforeAll(async () => {
		seeded = await seedNightly(RETURNS, 2424);
	}, 600_000);
	afterAll(async () => seeded?.close());

	it('at most 0.05 Centra reads per return, each order and each credit-note list read once in batches', async () => {
		const { centra, tables, credentials } = seeded;
		const graphql = new URL(centra.graphqlUrl).pathname;
		const requests = () => centra.server.log.filter((r) => r.path === graphql).length;
		const before = requests();
		const nightly = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			lookbackDays: 200,
		});
		const run = await runWorkflow(nightly, {
			startNode: 'When called by month-end',
			triggerItems: [{ json: {} }],
			mode: 'integrated',
			credentials,
			dataTables: tables,
		});
		expect(run.error?.message).toBeUndefined();
		expect(run.status).toBe('success');
		const made = requests() - before;
		const out = (node: string) => run.output(node).map((i) => i.json as IDataObject);
		const orders = out('Centra orders');
		const numbers = orders.map((o) => String(o.number ?? o.orderNumber));
		// More orders than one batch holds, each answered once.
		expect(new Set(numbers).size).toBe(numbers.length);
		expect(numbers.length).toBeGreaterThan(200);
		// Each batched node ran once, on one item listing every order.
		for (const node of ['Centra orders', 'Storefront refunds (Centra)'])
			expect(run.run.data.resultData.runData[node]).toHaveLength(1);
		expect(made).toBeGreaterThanOrEqual(Math.ceil(numbers.length / 200));
		expect(made).toBeLessThanOrEqual(0.05 * RETURNS);
		expect(made).toBeLessThan(numbers.length / 10);
	}, 600_000);
});
