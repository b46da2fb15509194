/**
 * Exactly-once on the Postgres variant, against a real PostgreSQL: templates 01, 02 and 03 as
 * generated, every notification and receipt delivered three times at once, through n8n's real
 * Postgres node (n8n-nodes-base) in the harness. The claims are INSERT ... ON CONFLICT DO NOTHING
 * on the tables' unique keys. The second case turns each claim back into an upsert by the key
 * (ON CONFLICT DO UPDATE, every copy gets the row) that goes on without the earliest-row check, as
 * the Data Table suite does, and shows the same deliveries then move stock twice: the first case is
 * able to fail.
 */
import { promisesHeld, runConcurrentStorm } from '../../harness/reliability/stormAndFaults';
import type { ReturnsFlow } from '../../harness/reliability/returnsFlow';
import { withoutStoreClaim } from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';
import { onPostgres, postgresFlowTemplates } from './registerNight';
import { expectStormHeld } from '../reliability/stormHeld';

const RETURNS = 8;

/** Each claim an upsert by its key whose execution goes on (no earliest-row check). */
const withoutPostgresClaim = withoutStoreClaim('postgres');

describe('Postgres variant: concurrent deliveries', () => {
	let db: LedgerPostgres;
	const prepare = (flow: ReturnsFlow) => {
		db.reset();
		onPostgres(flow, db);
	};

	beforeAll(async () => {
		db = await startLedgerPostgres();
	}, 300_000);
	afterAll(async () => {
		await db?.stop();
	});

	it(`${RETURNS} returns, every notification and receipt delivered 3 times at once: each unit moved once, one credit note per return`, async () => {
		const result = await runConcurrentStorm(RETURNS, {
			templates: postgresFlowTemplates(),
			prepare,
		});
		expectStormHeld(result);
		expect(result.facts.units).toBeGreaterThan(RETURNS - 1);
		// Counted from Postgres: the ledger holds the notifications and the claims.
		expect(result.facts.ledgerRows).toBeGreaterThan(result.facts.units);
	}, 600_000);

	it('with each claim an upsert by its key and no earliest-row check, the same deliveries do a side effect twice', async () => {
		const result = await runConcurrentStorm(RETURNS, {
			templates: postgresFlowTemplates(withoutPostgresClaim),
			prepare,
		});
		const held = promisesHeld(result.facts);
		expect(held.eachUnitIntoTransitOnce && held.eachUnitOutOfTransitOnce).toBe(false);
	}, 600_000);
});
