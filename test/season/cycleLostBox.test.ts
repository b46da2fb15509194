/**
 * The season's cycleAgreement finding at 2,000 returns: 10 raised `lost_in_transit` for the lost
 * box 1ZSEASON1B0 with 1 unit, 04 with 7 (same exception id, so one register row whose units
 * depend on which template wrote it last). The box held six returns: five Amazon orders (six
 * units) and one storefront order; only one of the Amazon refunds was in the settlement 10 was
 * processing. 10 reads the manifest lines of the cycle's refunded orders only ("Cycle hub
 * shipments" filters by the cycle's orders), so its matcher sees one line of the box.
 *
 * The catalogue's rule (docs/exception-catalogue.md#lost-in-transit): raised per tracking number
 * for the manifest lines that no arrived unit settles. The box's exception is about every line on
 * it, whichever template raises it. 10 now takes into its cycle every manifest line, and the
 * receipts, of each tracking number a cycle order was shipped under.
 */
import { gzipSync } from 'zlib';
import type { IDataObject } from 'n8n-workflow';
import { runCalledWorkflow, type InMemoryDataTables } from '../../harness';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { settlementFlatFile } from '../../sandbox/amazon/settlementFile';
import { loadTemplate, templateTables } from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';
import {
	addAmazonUnitOrder,
	recordAmazonUnitEvent,
	US_MARKETPLACE,
	type AmazonUnitOrder,
} from '../../harness/amazonUnitOrders';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

let amazon: AmazonSandbox;
let tables: InMemoryDataTables;

/** An Amazon order of one unit of COAT-M at 29.99 USD. */
const order = (n: number) =>
	addAmazonUnitOrder(amazon, {
		id: 5000 + n,
		tag: `LB${n}`,
		sku: 'COAT-M',
		purchasedAt: now - 90 * DAY,
	});

const ledgerEvent = (o: AmazonUnitOrder, eventType: string, at: number, tracking = '') =>
	recordAmazonUnitEvent(tables, o, eventType, at, tracking);

beforeAll(async () => {
	amazon = await startAmazonSandbox({ rateScale: 1000 });
});
// Each case is a fresh brand: its own tables and the one settlement Amazon lists.
beforeEach(() => {
	tables = templateTables();
	amazon.state.reports.length = 0;
});
afterAll(() => amazon.close());

/** 10 run on one settlement refunding `refunded` (one unit, 29 days ago): what its matcher raised. */
async function cycleRaises(refunded: ReturnType<typeof order>, id: string): Promise<IDataObject[]> {
	const base = {
		transactionType: 'Refund',
		orderId: refunded.amazonOrderId,
		merchantOrderId: refunded.orderNumber,
		adjustmentId: `ADJ-${refunded.returnId}`,
		marketplaceName: 'Amazon.com',
		fulfillmentId: 'MFN',
		postedAt: now - 29 * DAY,
		orderItemCode: `OI-${refunded.returnId}`,
		sku: refunded.sku,
		quantity: 1,
	};
	const text = settlementFlatFile({
		settlementId: `93000000${id}`,
		startAt: now - 40 * DAY,
		endAt: now - DAY,
		depositAt: now - DAY,
		currency: 'USD',
		rows: [
			{ ...base, amountType: 'ItemPrice', amountDescription: 'Principal', amountMinor: -2999 },
			{ ...base, amountType: 'ItemFees', amountDescription: 'Commission', amountMinor: 450 },
		],
	});
	const documentId = `amzn1.spdoc.1.4.na.lostbox-${id}`;
	amazon.state.documents.set(documentId, { content: gzipSync(text), gzip: true, charset: 'UTF-8' });
	amazon.state.reports.push({
		reportId: `430000000${id}`,
		reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
		createdAt: Date.now(),
		readyAfterMs: 0,
		marketplaceIds: [US_MARKETPLACE],
		documentId,
	});
	const result = await runCalledWorkflow(
		loadTemplate('10-amazon-settlement-cycle.json'),
		'When called (manual or reprocess)',
		{
			credentials: sandboxCredentials({ amazon }),
			dataTables: tables,
		},
	);
	expect(result.status).toBe('success');
	return result.output('Reconcile the cycle', 0).map((i) => i.json);
}

/** Both returns dropped off and shipped from the hub in one box 28 days ago. */
function oneBox(tracking: string, ...orders: Array<ReturnType<typeof order>>) {
	for (const o of orders) {
		ledgerEvent(o, 'return.dropped_off', now - 29 * DAY);
		ledgerEvent(o, 'shipment.in_transit', now - 28 * DAY, tracking);
	}
}

// Amazon refunded the first return in this settlement; the second's refund is in another cycle.
it('10 raises a lost box with every unit on it, not only the units its cycle refunded', async () => {
	const [inCycle, otherCycle] = [order(1), order(2)];
	oneBox('TRK-LOSTBOX', inCycle, otherCycle);
	const raised = await cycleRaises(inCycle, '01');
	expect(raised.map((e) => [e.type, e.trackingNumber || e.orderNumber, e.units])).toEqual([
		['lost_in_transit', 'TRK-LOSTBOX', 2],
	]);
});

// The other side: the box's other unit arrived (checked in under the box's tracking number), so
// only the cycle's unit is lost, and the unit that arrived raises nothing in 10.
it('10 counts a unit of the box that arrived as arrived, and raises nothing about it', async () => {
	const [inCycle, otherCycle] = [order(3), order(4)];
	oneBox('TRK-HALFBOX', inCycle, otherCycle);
	tables.insert('Warehouse Receipts', {
		returnId: otherCycle.returnId,
		orderNumber: otherCycle.orderNumber,
		sku: otherCycle.sku,
		unit: '0',
		disposition: 'sellable',
		trackingNumber: 'TRK-HALFBOX',
		receivedAt: iso(now - 24 * DAY),
		status: 'processed',
	});
	const raised = await cycleRaises(inCycle, '02');
	expect(raised.map((e) => [e.type, e.trackingNumber || e.orderNumber, e.units])).toEqual([
		['lost_in_transit', 'TRK-HALFBOX', 1],
	]);
});
