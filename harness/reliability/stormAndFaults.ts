/**
 * The delivery storm and the injected faults, as functions the test suite (reduced sizes) and the
 * benchmark (1,000 returns) both run.
 */
import {
	deliverNotification,
	deliverReceipts,
	ledgerFacts,
	receiptsOf,
	replay,
	shuffled,
	startReturnsFlow,
	type Receipt,
	type ReturnsFlow,
} from './returnsFlow';

/** The promises of the returns flow, read off the sandbox ledgers; each must be true. */
export function promisesHeld(f: ReturnType<typeof ledgerFacts>): Record<string, boolean> {
	return {
		eachUnitIntoTransitOnce: f.movesIntoTransit === f.units && f.distinctIntoTransit === f.units,
		eachUnitOutOfTransitOnce: f.movesOutOfTransit === f.units && f.distinctOutOfTransit === f.units,
		oneCreditNotePerStorefrontReturn:
			f.creditNotes === f.storefrontReturns && f.returnsWithTwoCreditNotes === 0,
		noCreditForAmazonOrders: f.creditNotesOnAmazonOrders === 0,
		// Storefront credit notes are refunded by Centra, once each: one refund on each, and no
		// second refund call for any of them (the sandbox refuses a second refund, so the calls tell).
		// A return has one credit note, plus one per unit credited in a later execution.
		storefrontCreditNotesRefundedOnceByCentra:
			f.storefrontCreditNotes >= f.storefrontReturns &&
			f.storefrontCreditNotesRefundedOnce === f.storefrontCreditNotes &&
			f.refundCallsToCentra === f.storefrontCreditNotes,
		noRefundByCentraForAmazonOrders: f.refundsOnAmazonOrders === 0,
		noRepeatedNote: f.ordersWithRepeatedNote === 0,
		eachEventOnceInLedger: f.distinctLedgerEvents === f.ledgerRows,
		everyDropOffProcessed: f.droppedOffUnprocessed === 0,
		everyReceiptProcessed: f.receiptsLeftReceived === 0,
	};
}

/**
 * Centra mutations per returned unit on the drop-off and processing path, beside the target: Centra's
 * default plan allows 1,800 mutations an hour shared by every integration
 * (https://centra.dev/integration-api/api-rate-limits), so units an hour are at most 1,800 divided by
 * this figure.
 */
export const MUTATIONS_PER_UNIT_TARGET = 1.5;

export function mutationsPerUnit(byField: Record<string, number>, units: number) {
	const total = Object.values(byField).reduce((a, b) => a + b, 0);
	const perUnit = units > 0 ? Math.round((total / units) * 100) / 100 : 0;
	return {
		byField,
		total,
		units,
		perUnit,
		target: MUTATIONS_PER_UNIT_TARGET,
		withinTarget: perUnit <= MUTATIONS_PER_UNIT_TARGET,
		unitsPerHourAtDefaultPlan: perUnit > 0 ? Math.floor(1800 / perUnit) : null,
	};
}

export const ALL_HELD = (held: Record<string, boolean>) =>
	Object.fromEntries(Object.keys(held).map((name) => [name, true]));

export interface StormResult {
	returns: number;
	notifications: number;
	deliveries: number;
	receiptDeliveries: number;
	facts: ReturnType<typeof ledgerFacts>;
	failures: number;
	ms: number;
	/** Centra mutations the quota counted, by root field. */
	mutations: Record<string, number>;
}

/**
 * How the warehouse posts its receipts: one POST per unit, one per bag (every unit of the bag
 * checked in together, as a warehouse that opens a bag and grades its contents sends them), or a
 * number: that many of the scenario's bags per POST (a Return Bar ships many customers' returns in
 * one consolidated bag, which the warehouse checks in together).
 */
export type ReceiptPosts = 'unit' | 'bag' | number;

/** The receipt POSTs of a run: each unit alone, the units of each bag together, or of N bags. */
export function receiptPosts(receipts: Receipt[], by: ReceiptPosts): Receipt[][] {
	if (by === 'unit') return receipts.map((r) => [r]);
	const bags = new Map<string, Receipt[]>();
	for (const r of receipts)
		bags.set(String(r.bagBarcode), [...(bags.get(String(r.bagBarcode)) ?? []), r]);
	const perBag = [...bags.values()];
	if (by === 'bag') return perBag;
	const posts: Receipt[][] = [];
	for (let i = 0; i < perBag.length; i += by) posts.push(perBag.slice(i, i + by).flat());
	return posts;
}

/** Every notification and every receipt delivered three times, all shuffled together per stage. */
export async function runStorm(
	returns: number,
	seed = 11,
	options: { receipts?: ReceiptPosts } = {},
): Promise<StormResult> {
	const started = Date.now();
	const flow = await startReturnsFlow(returns, seed);
	try {
		const deliveries = shuffled(
			flow.webhooks.flatMap((w) => [w.body, w.body, w.body]),
			seed,
		);
		for (const body of deliveries) await deliverNotification(flow, body);
		const posts = receiptPosts(receiptsOf(flow), options.receipts ?? 'unit');
		const receiptDeliveries = shuffled(
			posts.flatMap((p) => [p, p, p]),
			seed + 1,
		);
		for (const post of receiptDeliveries) await deliverReceipts(flow, post);
		return {
			returns,
			notifications: flow.webhooks.length,
			deliveries: deliveries.length,
			receiptDeliveries: receiptDeliveries.length,
			facts: ledgerFacts(flow),
			failures: flow.failures.length,
			ms: Date.now() - started,
			mutations: { ...flow.centra.mutationCalls },
		};
	} finally {
		await flow.close();
	}
}

export interface FaultResult {
	duringFaults: ReturnType<typeof ledgerFacts>;
	afterRecovery: ReturnType<typeof ledgerFacts>;
	failedRuns: number;
	injected: Record<string, number>;
	receiptsResent: number;
}

/**
 * 20% of calls to each vendor answer 429, 5xx, time out or drop the connection while the notifications and
 * receipts arrive; then the faults stop, the replay runs, and the warehouse re-sends what failed.
 */
export async function runFaults(returns: number, seed = 23): Promise<FaultResult> {
	const flow: ReturnsFlow = await startReturnsFlow(returns, seed);
	try {
		const rates = { rateLimited: 0.05, serverError: 0.05, slow: 0.05, drop: 0.05 };
		// A "slow" answer arrives after the client gave up: a real timeout, on a short clock.
		flow.timeoutSeconds = 1;
		for (const server of [flow.centra.server, flow.hr.server, flow.amazon.server]) {
			server.faults.set('*', rates);
			server.slowMs = 1500;
		}
		// Token endpoints are vendors too; Amazon's LWA answers like the rest.
		for (const webhook of flow.webhooks) await deliverNotification(flow, webhook.body);
		const receipts = receiptsOf(flow);
		const failedReceipts = [];
		for (const receipt of receipts)
			if ((await deliverReceipts(flow, [receipt])) === 'failed') failedReceipts.push(receipt);
		const duringFaults = ledgerFacts(flow);
		const injected: Record<string, number> = {};
		for (const [name, server] of [
			['centra', flow.centra.server],
			['happyReturns', flow.hr.server],
			['amazon', flow.amazon.server],
		] as const) {
			const counts = server.faults.counts;
			injected[name] = counts.rateLimited + counts.serverError + counts.slow + counts.drop;
			server.faults.clear();
		}
		const replayed = await replay(flow);
		if (replayed.status !== 'success')
			throw new Error(`replay failed after the faults stopped: ${replayed.error?.message}`);
		for (const receipt of failedReceipts) await deliverReceipts(flow, [receipt]);
		return {
			duringFaults,
			afterRecovery: ledgerFacts(flow),
			failedRuns: flow.failures.length,
			injected,
			receiptsResent: failedReceipts.length,
		};
	} finally {
		await flow.close();
	}
}

export interface ConcurrentResult {
	returns: number;
	notifications: number;
	facts: ReturnType<typeof ledgerFacts>;
	failures: number;
	receiptRowsPerUnit: number[];
}

/**
 * Concurrent deliveries, as n8n serves them: each Happy Returns notification and each warehouse
 * receipt is POSTed three times at once (Promise.all of three executions, each with the static data
 * it loaded before any of them saved), and `wave` different events are in flight together.
 */
export async function runConcurrentStorm(
	returns: number,
	options: {
		seed?: number;
		wave?: number;
		templates?: ReturnsFlow['templates'];
		receipts?: ReceiptPosts;
		/** Changes the flow before the first delivery (the Postgres suite's tables and credential). */
		prepare?: (flow: ReturnsFlow) => void;
	} = {},
): Promise<ConcurrentResult> {
	const seed = options.seed ?? 31;
	const wave = options.wave ?? 4;
	const flow = await startReturnsFlow(returns, seed);
	flow.templates = options.templates;
	options.prepare?.(flow);
	try {
		const notifications = shuffled(flow.webhooks, seed);
		for (let start = 0; start < notifications.length; start += wave) {
			const batch = notifications.slice(start, start + wave);
			await Promise.all(
				batch.flatMap((w) =>
					[0, 1, 2].map(() =>
						deliverNotification(flow, w.body, undefined, structuredClone(flow.staticData)),
					),
				),
			);
		}
		const receipts = receiptsOf(flow);
		const posts = shuffled(receiptPosts(receipts, options.receipts ?? 'unit'), seed + 1);
		for (let start = 0; start < posts.length; start += wave) {
			const batch = posts.slice(start, start + wave);
			await Promise.all(batch.flatMap((p) => [0, 1, 2].map(() => deliverReceipts(flow, p))));
		}
		const receiptRows = flow.tables.rows('Warehouse Receipts');
		return {
			returns,
			notifications: flow.webhooks.length,
			facts: ledgerFacts(flow),
			failures: flow.failures.length,
			receiptRowsPerUnit: receipts.map(
				(r) =>
					receiptRows.filter(
						(row) => row.returnId === r.returnId && row.sku === r.sku && row.unit === r.unit,
					).length,
			),
		};
	} finally {
		await flow.close();
	}
}
