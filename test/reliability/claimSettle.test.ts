/**
 * The Data Table claims where n8n runs on Postgres (queue mode): there an insert takes its row id
 * at the INSERT and its row becomes visible at the COMMIT (n8n's data-table-rows.repository inserts
 * inside a transaction), so two executions claiming one key can each read back only their own row
 * and both go on. The harness's tables model that window here (every other insert commits a few
 * milliseconds late). Without a wait the same deliveries at once leave repeated ledger rows; with
 * `claimSettleSeconds` above the window every promise holds. docs/scaling.md, "Exactly-once
 * across workers", has the measurement in a real n8n.
 */
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import { dropOffAndWarehouse } from '../../harness/reliability/returnsFlow';
import { promisesHeld, runConcurrentStorm } from '../../harness/reliability/stormAndFaults';
import { expectStormHeld } from './stormHeld';

const RETURNS = 6;
/** How late an insert commits: every other insert call, so rival copies of one event differ. */
const LATE_MS = 40;

function lateEveryOther(): () => number {
	let calls = 0;
	return () => (calls++ % 2 === 0 ? LATE_MS : 0);
}

function settling(seconds: number) {
	return {
		intake: withSettings(loadTemplate('01-happy-returns-intake.json'), {
			claimSettleSeconds: seconds,
		}),
		...dropOffAndWarehouse({ claimSettleSeconds: seconds }),
	};
}

describe('Data Table claims when inserts commit late (n8n on Postgres)', () => {
	it(`claimSettleSeconds 0: copies of one event delivered at once both claim it (${RETURNS} returns, 3 copies each)`, async () => {
		const result = await runConcurrentStorm(RETURNS, {
			templates: settling(0),
			prepare: (flow) => flow.tables.delayCommits(lateEveryOther()),
		});
		const held = promisesHeld(result.facts);
		expect(held.eachEventOnceInLedger).toBe(false);
		expect(result.facts.ledgerRows).toBeGreaterThan(result.facts.distinctLedgerEvents);
	}, 600_000);

	it(`claimSettleSeconds 0.2, above the window: every promise holds (${RETURNS} returns, 3 copies each)`, async () => {
		const result = await runConcurrentStorm(RETURNS, {
			templates: settling(0.2),
			prepare: (flow) => flow.tables.delayCommits(lateEveryOther()),
		});
		expectStormHeld(result);
	}, 600_000);
});
