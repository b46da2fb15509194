/**
 * 01, 02 and 03 leave the same rows and do the same in Centra on both stores. The returns flow's
 * scenario (the same "now" for both) is delivered in one order to each store against its own
 * sandboxes: every notice, then every receipt, then each of them again with the trigger's memory
 * of seen events forgotten (so the copies reach the claims). Delivered one at a time, so nothing
 * may differ: where the storms count the promises, this compares every row and every Centra effect,
 * and found the Postgres variant leaving receipts `received` where the Data Tables marked them
 * processed (a claim's loser stopped at its drop).
 */
import {
	deliverNotification,
	deliverReceipts,
	receiptsOf,
	shuffled,
	startReturnsFlow,
	type ReturnsFlow,
} from '../../harness/reliability/returnsFlow';
import { tableSpecs } from '../../scripts/postgresTemplates';
import { centraEffects, comparable, tableRows } from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';
import { onPostgres, postgresFlowTemplates } from './registerNight';

const RETURNS = 10;
const SEED = 47;

let db: LedgerPostgres;
beforeAll(async () => {
	db = await startLedgerPostgres();
}, 300_000);
afterAll(async () => {
	await db?.stop();
});

async function deliverAll(flow: ReturnsFlow): Promise<void> {
	const notices = shuffled(flow.webhooks, SEED);
	const receipts = shuffled(receiptsOf(flow), SEED + 1);
	for (const w of notices) await deliverNotification(flow, w.body);
	for (const r of receipts) await deliverReceipts(flow, [r]);
	for (const w of notices) await deliverNotification(flow, w.body, undefined, {});
	for (const r of receipts) await deliverReceipts(flow, [r]);
}

async function outcome(store: 'dataTable' | 'postgres', asOf: string, since: number) {
	const flow = await startReturnsFlow(RETURNS, SEED, asOf);
	if (store === 'postgres') {
		db.reset();
		flow.templates = postgresFlowTemplates();
		onPostgres(flow, db);
	}
	try {
		await deliverAll(flow);
		return {
			failures: flow.failures.length,
			tables: Object.fromEntries(
				tableSpecs().map((t) => [t.name, tableRows(flow.tables, t.name, since)]),
			),
			centra: comparable(centraEffects(flow.centra.state), since),
		};
	} finally {
		await flow.close();
	}
}

it(`${RETURNS} returns delivered once and again, one at a time: the same rows and Centra effects on Postgres as on the Data Tables`, async () => {
	const since = Date.now();
	const asOf = new Date(since).toISOString();
	const dataTable = await outcome('dataTable', asOf, since);
	const postgres = await outcome('postgres', asOf, since);
	expect(dataTable.failures).toBe(0);
	const receipts = dataTable.tables['Warehouse Receipts'] as Array<{ status: string }>;
	expect(receipts.length).toBeGreaterThan(RETURNS - 1);
	expect(receipts.filter((r) => r.status === 'received')).toEqual([]);
	expect(postgres).toEqual(dataTable);
}, 600_000);
