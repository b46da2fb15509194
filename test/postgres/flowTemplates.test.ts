/**
 * 07 (month-end close) and 08 (replay) on Postgres give what they give on the Data Tables. Both
 * call other templates (07 its fresh 04, 08 the drop-off 02 and warehouse processing 03): each
 * store runs its own variant of those too. 08: drop-offs and receipts left "received" replayed hour
 * by hour, one that keeps failing quarantined after maxAttempts; 07: a generated season delivered
 * as 01 and 03 record it, closed with a fresh nightly run. Each store against its own sandboxes:
 * the same rows, the same Centra returns and stock moves, the same close pack and messages.
 */
import { startTemplateSandboxes, type TemplateSandboxes } from '../../harness/templateSandboxes';
import { EVERY_EXCEPTION_KIND } from '../../harness/scenarioRows';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import { generateScenario, SCENARIO_DISPOSITIONS, TRANSIT } from '../../sandbox/scenario/generator';
import { deliver, iso, type World } from '../templates/stateWorld';
import { allRows, centraEffects, comparable, onBothStores, succeeded } from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

let db: LedgerPostgres;
let alerts: AlertSink;

beforeAll(async () => {
	[db, alerts] = await Promise.all([startLedgerPostgres(), startAlertSink()]);
}, 300_000);
afterAll(async () => {
	await Promise.all([db?.stop(), alerts?.close()]);
});

async function withSandboxes<T>(act: (sandboxes: TemplateSandboxes) => Promise<T>): Promise<T> {
	const sandboxes = await startTemplateSandboxes({ hr: { bucketSize: 1e6, ratePerSecond: 1e6 } });
	try {
		return await act(sandboxes);
	} finally {
		await sandboxes.close();
	}
}

it('08 replays the same drop-offs and receipts, and quarantines the same one, as on the Data Tables', async () => {
	const since = Date.now();
	const old = iso(since - 2 * 3_600_000);
	const { dataTable, postgres } = await onBothStores(db, (store) =>
		withSandboxes(async (sandboxes) => {
			const { centra } = sandboxes;
			for (const name of ['TRANSIT', 'MAIN', 'B-STOCK']) warehouse(centra.state, name);
			addShippedOrder(centra.state, {
				number: 5001,
				lines: [{ sku: 'TEE-M', quantity: 1, unitPriceMinor: 4990 }],
			});
			for (const number of [5002, 5003])
				addShippedOrder(centra.state, {
					number,
					lines: [{ sku: 'TEE-L', quantity: 2, unitPriceMinor: 4990 }],
				});
			setStock(centra.state, 'TRANSIT', 'TEE-L', 5);
			const dropOff = (eventId: string, order: string, sku: string, receivedAt: string) =>
				store.tables.insert('Returns Event Ledger', {
					eventId,
					eventType: 'return.dropped_off',
					returnId: `ret-${eventId}`,
					orderNumber: order,
					orderId: order,
					sku,
					unit: '0',
					status: 'received',
					receivedAt,
				});
			// The failing one first: a batch that stopped at the first failure would lose the others.
			dropOff('e-bad', '5002', 'NO-SUCH-SKU', old);
			dropOff('e-good', '5002', 'TEE-L', old);
			dropOff('e-old', '5001', 'TEE-M', old);
			dropOff('e-new', '5001', 'TEE-M', iso(since));
			for (const [returnId, unit, disposition] of [
				['ret-r1', '1', 'sellable'],
				['ret-r2', '0', 'damaged'],
			]) {
				const receipt = { returnId, orderNumber: '5003', sku: 'TEE-L', unit, disposition };
				store.tables.insert('Warehouse Receipts', {
					...receipt,
					bagBarcode: 'BAG-1',
					trackingNumber: '1Z9',
					status: 'received',
					attempts: '0',
					receivedAt: old,
					payload: JSON.stringify({ ...receipt, unit: Number(unit), bagBarcode: 'BAG-1' }),
				});
			}
			const hours = [];
			for (let hour = 0; hour < 3; hour++) {
				await succeeded(store, {
					file: '08-replay.json',
					startNode: 'When called (manual or tests)',
					settings: { inTransitWarehouse: TRANSIT, maxAttempts: 2 },
					credentials: sandboxes.credentials({ centraOrderApi: false }),
				});
				hours.push(
					comparable(
						{ tables: allRows(store.tables, since), centra: centraEffects(centra.state) },
						since,
					),
				);
			}
			return hours;
		}),
	);
	const last = dataTable[2] as {
		tables: Record<string, Array<{ eventId?: string; status: string }>>;
	};
	expect(
		last.tables['Returns Event Ledger']
			.filter((r) => String(r.eventId).startsWith('e-'))
			.map((r) => [r.eventId, r.status])
			.sort(),
	).toEqual([
		['e-bad', 'quarantined'],
		['e-good', 'processed'],
		['e-new', 'received'],
		['e-old', 'processed'],
	]);
	expect(last.tables['Warehouse Receipts'].map((r) => r.status)).toEqual([
		'processed',
		'processed',
	]);
	expect(postgres).toEqual(dataTable);
}, 300_000);

it('07 closes the month with a fresh nightly run: the same register, close pack and message as on the Data Tables', async () => {
	const since = Date.now();
	const scenario = generateScenario({
		seed: 2207,
		returns: 40,
		rates: EVERY_EXCEPTION_KIND,
		asOf: iso(since),
	});
	const { dataTable, postgres } = await onBothStores(db, (store) =>
		withSandboxes(async (sandboxes) => {
			deliver({ ...sandboxes, tables: store.tables } as unknown as World, scenario);
			const before = alerts.messages.length;
			const run = await succeeded(store, {
				file: '07-month-end-close.json',
				startNode: 'When called (manual or month-end)',
				settings: {
					asOf: iso(since),
					lookbackDays: 160,
					inTransitWarehouse: TRANSIT,
					dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
					alertWebhookUrl: alerts.url,
					reportTitle: 'The close',
				},
				credentials: sandboxes.credentials({ centraOrderApi: false }),
			});
			const report = run.run.data.resultData.runData['Month-end report']?.[0]?.data?.main ?? [];
			return comparable(
				{
					tables: allRows(store.tables, since),
					report: report.map((items) => (items ?? []).map((i) => i.json)),
					messages: alerts.messages.slice(before),
				},
				since,
			);
		}),
	);
	const onDataTables = dataTable as {
		tables: Record<string, unknown[]>;
		messages: unknown[];
	};
	expect(onDataTables.tables['Exception Register'].length).toBeGreaterThan(10);
	expect(onDataTables.messages.length).toBeGreaterThan(0);
	expect(postgres).toEqual(dataTable);
}, 600_000);
