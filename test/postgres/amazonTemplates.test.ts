/**
 * 10 (Amazon settlement cycle), 11 (Amazon refund on receipt) and 12 (Amazon claims) on Postgres
 * give what they give on the Data Tables: the worlds of their Data Table tests, seeded on each
 * store against its own Amazon sandbox, leave the same ledger and register rows and pass on the
 * same cycle reports, refund feed lines and claim pack. 10 and 11 claim (a settlement report, a
 * refund): three runs at once on Postgres download a new settlement once and send a refund once
 * (and more than once with the claim an upsert without the check).
 */
import type { RunResult } from '../../harness';
import { sandboxCredentials } from '../../sandbox';
import { startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/server';
import { seedClaimCases } from '../templates/amazonClaimsWorld';
import { A, adjustmentsSent, seedRefundWorld } from '../templates/amazonRefundWorld';
import { DAY, settlementWorld } from '../templates/settlementCycleWorld';
import {
	allRows,
	atOnce,
	comparable,
	onBothStores,
	postgresStore,
	succeeded,
	withoutStoreClaim,
	type Store,
	type StoreRun,
} from './bothStores';
import { startLedgerPostgres, type LedgerPostgres } from './ledgerPostgres';

let db: LedgerPostgres;

beforeAll(async () => {
	db = await startLedgerPostgres();
}, 300_000);
afterAll(async () => {
	await db?.stop();
});

/** A fresh Amazon sandbox for one store's scenario. */
async function withAmazon<T>(
	options: Parameters<typeof startAmazonSandbox>[0],
	act: (amazon: AmazonSandbox) => Promise<T>,
): Promise<T> {
	const amazon = await startAmazonSandbox(options);
	try {
		return await act(amazon);
	} finally {
		await amazon.close();
	}
}

/** What a run passed on at these nodes: items' JSON and their files' names and text. */
function passed(run: RunResult, nodes: string[]) {
	return nodes.map((node) =>
		run.output(node).map((item) => ({
			json: item.json,
			files: Object.values(item.binary ?? {}).map((b) => [
				b.fileName,
				Buffer.from(b.data, 'base64').toString('utf8'),
			]),
		})),
	);
}

describe('10 Amazon settlement cycle on Postgres', () => {
	const cycle = (amazon: AmazonSandbox, input: Record<string, string> = {}): StoreRun => ({
		file: '10-amazon-settlement-cycle.json',
		startNode: 'When called (manual or reprocess)',
		triggerItems: [{ json: input }],
		credentials: sandboxCredentials({ amazon }),
	});
	const REPORTS = ['One report per settlement', 'Cycle report (CSV)'];
	const downloaded = (runs: RunResult[]) =>
		runs.flatMap((r) => r.output('Download settlement').filter((i) => i.json.type === 'summary'));

	it('two cycles, a re-run and a re-processed settlement: the same rows and reports as on the Data Tables', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, (store) =>
			withAmazon({ rateScale: 1000 }, async (amazon) => {
				settlementWorld(amazon, store.tables, since).seedTwoCycles();
				const seen = [];
				for (const input of [{}, {}, { reprocessSettlementId: '9100000002' }] as Array<
					Record<string, string>
				>) {
					const run = await succeeded(store, cycle(amazon, input));
					seen.push(
						comparable(
							{ tables: allRows(store.tables, since), passed: passed(run, REPORTS) },
							since,
						),
					);
				}
				return seen;
			}),
		);
		const first = dataTable[0] as { tables: Record<string, unknown[]>; passed: unknown[][] };
		expect(first.tables['Exception Register'].length).toBeGreaterThan(3);
		expect(first.passed[0]).toHaveLength(2);
		expect(postgres).toEqual(dataTable);
	}, 300_000);

	/** The two cycles processed, then a third settlement published. */
	async function newSettlement(store: Store, amazon: AmazonSandbox, now: number) {
		const world = settlementWorld(amazon, store.tables, now);
		world.seedTwoCycles();
		await succeeded(store, cycle(amazon));
		const extra = world.order(90);
		world.ledgerEvent(extra, 'return.dropped_off', now - 9 * DAY);
		world.receipt(extra, now - 3 * DAY);
		world.publishCycle('9100000003', extra);
	}

	it('three runs at once download a new settlement once and record it once', async () => {
		const store = postgresStore(db);
		await withAmazon({ rateScale: 1000 }, async (amazon) => {
			await newSettlement(store, amazon, Date.now());
			const runs = await atOnce(store, [cycle(amazon), cycle(amazon), cycle(amazon)]);
			expect(downloaded(runs).map((i) => i.json.settlementId)).toEqual(['9100000003']);
			expect(
				store.tables
					.rows('Returns Event Ledger')
					.filter((r) => r.eventId === 'amazon-settlement:9100000003'),
			).toHaveLength(1);
		});
	}, 300_000);

	it('(can fail: with the claim an upsert without the check, the same runs download it more than once)', async () => {
		const store = postgresStore(db);
		await withAmazon({ rateScale: 1000 }, async (amazon) => {
			await newSettlement(store, amazon, Date.now());
			const unchecked = { ...cycle(amazon), edit: withoutStoreClaim('postgres') };
			const runs = await Promise.all([1, 2, 3].map(() => store.run(unchecked)));
			expect(downloaded(runs).length).toBeGreaterThan(1);
		});
	}, 300_000);
});

describe('12 Amazon claims on Postgres', () => {
	it('the same claim pack and reimbursed register rows as on the Data Tables, and a re-run changes nothing', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, (store) =>
			withAmazon({ rateScale: 1000, reportReadyAfterMs: 0 }, async (amazon) => {
				seedClaimCases(store.tables, amazon, since);
				const seen = [];
				for (let night = 0; night < 2; night++) {
					const run = await succeeded(store, {
						file: '12-amazon-claims.json',
						startNode: 'When called (manual or tests)',
						settings: { amazonReportPollSeconds: 0.05 },
						credentials: sandboxCredentials({ amazon }),
					});
					seen.push(
						comparable(
							{
								tables: allRows(store.tables, since),
								passed: passed(run, ['Claim pack lines', 'Claim pack (CSV)']),
							},
							since,
						),
					);
				}
				return seen;
			}),
		);
		const first = dataTable[0] as {
			tables: Record<string, Array<{ status: string }>>;
			passed: unknown[][];
		};
		expect(first.passed[0].length).toBeGreaterThan(5);
		expect(first.tables['Exception Register'].map((r) => r.status)).toEqual([
			'resolved',
			'resolved',
		]);
		expect(postgres).toEqual(dataTable);
	}, 300_000);
});

describe('11 Amazon refund on receipt on Postgres', () => {
	const refundRun = (
		amazon: AmazonSandbox,
		feedMode: string,
		edit?: StoreRun['edit'],
	): StoreRun => ({
		file: '11-amazon-refund-on-receipt.json',
		startNode: 'When called (manual or tests)',
		settings: {
			amazonRefundOnReceipt: true,
			amazonRefundFeedMode: feedMode,
			amazonFeedPollSeconds: 0.05,
		},
		credentials: {
			amazonSpApi: {
				...sandboxCredentials({ amazon }).amazonSpApi,
				allowRefundFeeds: true,
				sellerId: 'A1SANDBOXSELLER',
			},
		},
		edit,
	});
	it('dry run, submit and a re-run leave the same ledger, register and feed lines as on the Data Tables', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, (store) =>
			withAmazon({ rateScale: 1000 }, async (amazon) => {
				seedRefundWorld(store.tables, amazon, since);
				const seen = [];
				for (const mode of ['dryRun', 'submit', 'submit']) {
					await atOnce(store, [refundRun(amazon, mode)]);
					seen.push(
						comparable(
							{ tables: allRows(store.tables, since), sent: adjustmentsSent(amazon) },
							since,
						),
					);
				}
				return seen;
			}),
		);
		expect((dataTable[2] as { sent: string[] }).sent).toEqual([`RR-${A.returnId}-0`]);
		expect(postgres).toEqual(dataTable);
	}, 120_000);

	it('a line Amazon rejects opens the same register row as on the Data Tables, and is not sent again', async () => {
		const since = Date.now();
		const { dataTable, postgres } = await onBothStores(db, (store) =>
			withAmazon({ rateScale: 1000 }, async (amazon) => {
				seedRefundWorld(store.tables, amazon, since);
				amazon.state.merchantAdjustmentIds.add(`RR-${A.returnId}-0`);
				await atOnce(store, [refundRun(amazon, 'submit')]);
				await atOnce(store, [refundRun(amazon, 'submit')]);
				return comparable(
					{ tables: allRows(store.tables, since), feeds: amazon.state.feeds.length },
					since,
				);
			}),
		);
		expect((dataTable as { feeds: number }).feeds).toBe(1);
		expect(postgres).toEqual(dataTable);
	}, 120_000);

	it('three runs at once send the unit once', async () => {
		const store = postgresStore(db);
		await withAmazon({ rateScale: 1000 }, async (amazon) => {
			seedRefundWorld(store.tables, amazon, Date.now());
			const submit = refundRun(amazon, 'submit');
			await atOnce(store, [submit, submit, submit]);
			expect(adjustmentsSent(amazon)).toEqual([`RR-${A.returnId}-0`]);
			expect(
				store.tables
					.rows('Returns Event Ledger')
					.filter((r) => String(r.eventId).startsWith('amazon-refund-feed:')),
			).toHaveLength(1);
		});
	}, 120_000);

	it('(can fail: with the claim an upsert without the check, the same runs send it more than once)', async () => {
		const store = postgresStore(db);
		await withAmazon({ rateScale: 1000 }, async (amazon) => {
			seedRefundWorld(store.tables, amazon, Date.now());
			const unchecked = refundRun(amazon, 'submit', withoutStoreClaim('postgres'));
			await Promise.all([store.run(unchecked), store.run(unchecked), store.run(unchecked)]);
			expect(adjustmentsSent(amazon).length).toBeGreaterThan(1);
		});
	}, 120_000);
});
