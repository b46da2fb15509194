/**
 * Reliability and security: delivery storms, injected faults, hostile input and secrets, against
 * the sandbox servers through the harness. Every case asserts its outcome; together they write the
 * table in docs/reliability.md (checked for staleness; RR_UPDATE_DOCS=1 rewrites it).
 */
import { runWorkflow, type RunResult } from '../../harness';
import { startAmazonSandbox } from '../../sandbox/amazon/server';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import { startCentraSandbox } from '../../sandbox/centra/server';
import { startHappyReturnsSandbox } from '../../sandbox/happyReturns/server';
import { SCENARIO_DISPOSITIONS } from '../../sandbox/scenario/generator';
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import { HOSTILE_CASES, type HostileContext } from './hostileCases';
import { checkOrWriteDoc, type ReliabilityRow } from './reliabilityTable';
import {
	deliverNotification,
	deliverReceipts,
	receiptsOf,
	startReturnsFlow,
	WEBHOOK_SECRET,
} from '../../harness/reliability/returnsFlow';
import {
	ALL_HELD,
	promisesHeld,
	runFaults,
	runStorm,
} from '../../harness/reliability/stormAndFaults';

const STORM_RETURNS = 40;
const FAULT_RETURNS = 30;
const rows: ReliabilityRow[] = [];
let expectedRows = 0;

afterAll(() => {
	// Only a full run may judge the page (a filtered run has fewer rows).
	if (rows.length === expectedRows) checkOrWriteDoc(rows);
});

describe('delivery storm', () => {
	expectedRows += 1;
	it(`${STORM_RETURNS} returns, every notification and receipt delivered three times in shuffled order`, async () => {
		const storm = await runStorm(STORM_RETURNS);
		const f = storm.facts;
		expect(storm.failures).toBe(0);
		const held = promisesHeld(f);
		expect(held).toEqual(ALL_HELD(held));
		rows.push({
			area: 'Delivery storm',
			tried: `${STORM_RETURNS} returns (${storm.notifications} Happy Returns notifications, ${storm.receiptDeliveries / 3} warehouse receipts), each delivered 3 times, shuffled, through templates 01, 02 and 03 (\`npm run bench -- --only storm\`: 1,000 returns)`,
			happened: `every unit moved into in-transit exactly once and out of it exactly once (${f.units} and ${f.units} movements), one credit note per storefront Happy Returns id and none for Amazon orders, one "in transit" and one "processed" note per order, each event once in the ledger, each storefront credit note refunded by Centra once and no Amazon order refunded by Centra, no failed execution`,
		});
	}, 600_000);
});

describe('injected faults', () => {
	expectedRows += 1;
	it(`20% of calls to each vendor answer 429, 5xx, time out or drop the connection, for ${FAULT_RETURNS} returns`, async () => {
		const result = await runFaults(FAULT_RETURNS);
		const during = result.duringFaults;
		const after = result.afterRecovery;
		expect(Object.values(result.injected).every((n) => n > 0)).toBe(true);
		// During the faults: what did not complete is visible, never silent.
		expect(result.failedRuns).toBeGreaterThan(0);
		expect(during.failedExecutionsRegistered).toBe(result.failedRuns);
		expect(during.distinctLedgerEvents).toBe(during.ledgerRows);
		// After the faults: the replay and the resent receipts complete the rest, exactly.
		const held = promisesHeld(after);
		expect(held).toEqual(ALL_HELD(held));
		rows.push({
			area: 'Injected faults',
			tried: `${FAULT_RETURNS} returns through templates 01, 02 and 03 while 20% of calls to Centra, Happy Returns and Amazon answer 429, answer 5xx, time out (answer after the 1 s client timeout) or drop the connection (5% each); then the faults stop, template 08 replays, the warehouse re-sends failed receipts`,
			happened:
				'the nodes ride out most faults (waits and bounded retries); every execution that still failed is in the Exception Register through the error workflow (none silent); after recovery every event is processed and the counts reconcile exactly: each unit moved once per stage, one credit note per storefront return, refunded by Centra once (a refund interrupted by a fault is re-read and completed by the replay), none for Amazon orders, no repeated note',
		});
	}, 900_000);
});

describe('hostile and bad input', () => {
	let ctx: HostileContext;
	beforeAll(async () => {
		const [centra, amazon, hr] = await Promise.all([
			startCentraSandbox({ requestQuota: 1e6, mutationQuota: 1e6 }),
			startAmazonSandbox({ rateScale: 1000 }),
			startHappyReturnsSandbox(),
		]);
		for (const name of ['Main', 'In transit', 'B-stock']) warehouse(centra.state, name);
		addShippedOrder(centra.state, {
			number: 1001,
			lines: [{ sku: 'TEE-M', quantity: 3, unitPriceMinor: 4990 }],
		});
		setStock(centra.state, 'In transit', 'TEE-M', 3);
		ctx = { centra, amazon, hr, secret: 'hostile-webhook-secret' };
	});
	afterAll(async () => Promise.all([ctx.centra.close(), ctx.amazon.close(), ctx.hr.close()]));

	expectedRows += HOSTILE_CASES.length;
	it('has at least 40 cases', () => expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40));
	it.each(HOSTILE_CASES.map((c) => [c.tried, c] as const))(
		'%s',
		async (_tried, hostile) => {
			const happened = await hostile.run(ctx);
			rows.push({ area: 'Hostile input', tried: hostile.tried, happened });
		},
		120_000,
	);
});

describe('secrets', () => {
	expectedRows += 1;
	it('no API key, token, client secret or webhook secret appears in outputs, errors, logs, the HTML report or the Data Tables', async () => {
		const flow = await startReturnsFlow(8, 5);
		flow.runs = [];
		const logged: string[] = [];
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			jest
				.spyOn(console, level)
				.mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
		);
		try {
			flow.centra.server.faults.set('*', { serverError: 0.3 });
			for (const webhook of flow.webhooks) await deliverNotification(flow, webhook.body);
			flow.centra.server.faults.clear();
			for (const receipt of receiptsOf(flow)) await deliverReceipts(flow, [receipt]);
			// A wrong token and a wrong webhook signature: errors must not echo what was sent.
			const badBody = flow.webhooks[0].body;
			await deliverNotification(flow, badBody, {
				'content-type': 'application/json',
				'x-hr-signature': 'f'.repeat(64),
			});
			const nightly = withSettings(loadTemplate('04-nightly-reconciliation.json'), {
				inTransitWarehouse: 'TRANSIT',
				dispositionMapping: JSON.stringify(SCENARIO_DISPOSITIONS),
				lookbackDays: 200,
			});
			const runs: RunResult[] = [
				await runWorkflow(nightly, {
					startNode: 'When called by month-end',
					triggerItems: [{ json: {} }],
					mode: 'integrated',
					credentials: flow.credentials(),
					dataTables: flow.tables,
				}),
			];
			const badCredentials = {
				...flow.credentials(),
				centraApi: { ...flow.credentials().centraApi, token: `${flow.centra.token}-revoked` },
			} as Record<string, Record<string, string>>;
			runs.push(
				await runWorkflow(nightly, {
					startNode: 'When called by month-end',
					triggerItems: [{ json: {} }],
					mode: 'integrated',
					credentials: badCredentials,
					dataTables: flow.tables,
				}),
			);
			expect(runs[0].status).toBe('success');
			expect(runs[1].status).toBe('error');
			const credentials = flow.credentials();
			const secrets = [
				credentials.happyReturnsApi.apiKey,
				WEBHOOK_SECRET,
				credentials.centraApi.token,
				credentials.centraApi.orderApiKey,
				credentials.amazonSpApi.clientSecret,
				credentials.amazonSpApi.refreshToken,
				...flow.amazon.issuedTokens,
			]
				.map(String)
				.filter((s) => s.length >= 8);
			expect(secrets.length).toBeGreaterThanOrEqual(6);
			const all = [...(flow.runs ?? []), ...runs];
			const texts: Array<[string, string]> = [];
			for (const run of all) {
				texts.push([
					`run ${run.run.data.resultData.lastNodeExecuted}`,
					JSON.stringify(run.run.data.resultData),
				]);
				for (const [node, tasks] of Object.entries(run.run.data.resultData.runData)) {
					for (const task of tasks)
						for (const output of task.data?.main ?? [])
							for (const item of output ?? []) {
								for (const binary of Object.values(item.binary ?? {}))
									texts.push([
										`binary of ${node}`,
										Buffer.from(binary.data, 'base64').toString('utf8'),
									]);
							}
				}
			}
			for (const table of ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'])
				texts.push([`Data Table ${table}`, JSON.stringify(flow.tables.rows(table))]);
			texts.push(['logs', logged.join('\n')]);
			const leaks = texts.flatMap(([where, text]) =>
				secrets
					.filter((secret) => text.includes(secret))
					.map((secret) => `${where} contains ${secret.slice(0, 4)}…`),
			);
			expect(leaks).toEqual([]);
			expect(texts.some(([where]) => where.startsWith('binary of Reconcile'))).toBe(true);
			rows.push({
				area: 'Secrets',
				tried: `the Happy Returns API key and webhook secret, the Centra token and Order API key, the Amazon client secret, refresh token and every access token issued, searched in every execution (every node output, error and binary, including the HTML report), the three Data Tables and the console, after runs with injected 5xx, a bad signature and a revoked Centra token`,
				happened: 'none of them appears anywhere',
			});
		} finally {
			spies.forEach((spy) => spy.mockRestore());
			await flow.close();
		}
	}, 300_000);
});
