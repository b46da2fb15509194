/**
 * Template 05 reads the Centra orders of the hub manifests in batches (Order: Get Many by Number,
 * 200 numbers per request, the documented page size: https://centra.dev/graphql/query.html), not
 * one request per order: a run whose manifests name K distinct order numbers makes ceil(K / 200)
 * Centra requests, counted on the Centra sandbox's request log. Both sides of the boundary
 * (200 and 201 orders), each order once however many manifest lines name it, and an order
 * Centra does not know is left out of the matcher's order lines as before.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../../harness';
import { loadTemplate, templateTables, withSettings } from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
} from '../../sandbox/happyReturns/server';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { loadScenario } from '../../sandbox/scenario/load';

const UNKNOWN_ORDER = '99999999';

describe('05 lost in transit: Centra orders in batches of 200', () => {
	let centra: CentraSandbox;
	let hr: HappyReturnsSandbox;
	/** Every shipment's manifest as loaded, to cut down per case. */
	const manifests = new Map<string, string[]>();
	/** Distinct numeric order numbers on the manifests, in manifest order. */
	const orders: string[] = [];

	beforeAll(async () => {
		[centra, hr] = await Promise.all([
			startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 }),
			startHappyReturnsSandbox({ ratePerSecond: 1000 }),
		]);
		const scenario = generateScenario({
			seed: 505,
			returns: 420,
			rates: { lostInTransit: 0.05 },
			asOf: new Date().toISOString(),
		});
		loadScenario(scenario, { centra, hr });
		const seen = new Set<string>();
		for (const [id, shipment] of hr.state.shipments) {
			manifests.set(id, [...shipment.itemIds]);
			for (const itemId of shipment.itemIds) {
				const order = hr.state.items.get(itemId)!.orderNumber;
				if (/^\d+$/.test(order) && !seen.has(order)) {
					seen.add(order);
					orders.push(order);
				}
			}
		}
		// A manifest line whose order Centra does not know: read in the batch, then left out.
		const [firstId, firstItems] = [...manifests][0];
		const template = hr.state.items.get(firstItems[0])!;
		hr.state.addItem({
			...template,
			happyReturnsItemID: 'unknown-order-item',
			orderNumber: UNKNOWN_ORDER,
			orderID: UNKNOWN_ORDER,
		});
		manifests.set(firstId, ['unknown-order-item', ...firstItems]);
		orders.unshift(UNKNOWN_ORDER);
	}, 120_000);
	afterAll(async () => Promise.all([centra.close(), hr.close()]));

	// The Happy Returns node paces itself at the documented rate; the sandbox here allows more.
	const credentials = () => {
		const all = sandboxCredentials({ hr, centra });
		return { ...all, happyReturnsApi: { ...all.happyReturnsApi, requestsPerSecond: 1000 } };
	};

	/** Runs 05 with manifests cut down to the first `count` distinct orders. */
	async function runWith(count: number) {
		const kept = new Set(orders.slice(0, count));
		for (const [id, items] of manifests)
			hr.state.shipments.get(id)!.itemIds = items.filter((itemId) =>
				kept.has(hr.state.items.get(itemId)!.orderNumber),
			);
		const graphql = new URL(centra.graphqlUrl).pathname;
		const centraRequests = () => centra.server.log.filter((r) => r.path === graphql).length;
		const before = centraRequests();
		const lost = withSettings(loadTemplate('05-lost-in-transit.json'), {
			inTransitWarehouse: TRANSIT,
			dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
			lookbackDays: 200,
		});
		const run = await runWorkflow(lost, {
			startNode: 'When called (manual or month-end)',
			triggerItems: [{ json: {} }],
			mode: 'integrated',
			credentials: credentials(),
			dataTables: templateTables(),
		});
		if (run.status !== 'success') throw new Error(`05 failed: ${run.error?.message}`);
		const out = (node: string) =>
			(run.run.data.resultData.runData[node]?.[0].data?.main[0] ?? []).map(
				(i) => i.json as IDataObject,
			);
		const manifestOrders = out('Shipment manifest').map((i) => String(i.orderNumber));
		return {
			kept,
			requests: centraRequests() - before,
			manifestLines: manifestOrders.length,
			manifestOrders: new Set(manifestOrders),
			looked: out('Centra order'),
			orderLines: out('One item per order line'),
		};
	}

	it('has more than 201 distinct orders on the manifests to cut from', () => {
		expect(orders.length).toBeGreaterThan(201);
	});

	it.each([
		[1, 1],
		[200, 1],
		[201, 2],
	])(
		'%i distinct orders on the manifests: %i Centra request(s)',
		async (count, requests) => {
			const run = await runWith(count);
			expect(run.manifestOrders).toEqual(run.kept);
			// Orders appear on several manifest lines (units, bags) yet are read once each.
			if (count > 1) expect(run.manifestLines).toBeGreaterThan(count);
			expect(run.requests).toBe(requests);
			expect(run.requests).toBe(Math.ceil(count / 200));
			// One answer per distinct order, the unknown one as not found.
			expect(run.looked.map((o) => String(o.number ?? o.orderNumber)).sort()).toEqual(
				[...run.kept].sort(),
			);
			expect(run.looked.find((o) => String(o.orderNumber) === UNKNOWN_ORDER)).toMatchObject({
				found: false,
			});
			expect(run.looked.filter((o) => o.found === true)).toHaveLength(count - 1);
			// Not-found orders give the matcher no order lines, as before.
			expect(run.orderLines.some((l) => String(l.number) === UNKNOWN_ORDER)).toBe(false);
			expect(new Set(run.orderLines.map((l) => String(l.number)))).toEqual(
				new Set([...run.kept].filter((o) => o !== UNKNOWN_ORDER)),
			);
		},
		120_000,
	);
});
