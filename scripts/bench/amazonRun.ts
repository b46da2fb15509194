/**
 * Amazon benchmarks, run in their own process:
 *  - "refund": the Refund Check node on 10,000 orders against the sandbox, batch window vs per
 *    order (listTransactions by ORDER_ID), plus the per-order path's calls for one drop-off (one
 *    item). API calls are counted from the sandbox log; the time Amazon's quota imposes is computed
 *    from the documented usage plan (rate, burst), i.e. simulated time with network latency left out.
 *  - "settlement-floor", "settlement-parse", "settlement": one generated gzip V2 settlement file,
 *    read three ways, each in its own process so peak RSS is its own: the floor (gunzip + split
 *    every line into its fields with Node's readline), the node's parse without the download
 *    (gunzip -> line batches -> parser -> per order and SKU totals -> output items, the code
 *    Settlement Report: Get runs), and the whole node with the download from the sandbox.
 *  - "settlement-compare": the floor and the node parse in turn in one process, several repeats:
 *    the times to compare (see settlementCompare). "settlement-profile": where the parse's time goes.
 */
import '../../harness/env';
import { hash } from 'crypto';
import { createReadStream, readFileSync, writeFileSync } from 'fs';
import { loadavg } from 'os';
import { createInterface } from 'readline';
import { resolve } from 'path';
import { createGunzip, gzipSync } from 'zlib';
import { profiled } from './cpuProfile';
import { linesOfBytes } from '../../nodes/AmazonSellerCentral/documentDownload';
import {
	orderSkuItems,
	readSettlement,
	type OrderSkuItem,
} from '../../nodes/AmazonSellerCentral/logic/settlementRead';
import { executeNode, toItems } from '../../harness';
import { startAmazonSandbox } from '../../sandbox/amazon/server';
import { SETTLEMENT_V2_COLUMNS } from '../../sandbox/amazon/settlementFile';
import { sandboxCredentials } from '../../sandbox';

import { DOCUMENTED_PLANS } from '../../nodes/AmazonSellerCentral/logic/usagePlans';

const DAY = 86_400_000;

/** Seconds Amazon's usage plan imposes on `calls` calls: the burst is free, the rest paced at the rate. */
function quotaSeconds(calls: number, operation: string): number {
	const plan = DOCUMENTED_PLANS[operation];
	return Math.max(0, (calls - plan.burst) / plan.rate);
}

async function refundBench(orders: number): Promise<void> {
	const amazon = await startAmazonSandbox({ rateScale: 100_000 });
	amazon.state.transactionsPageSize = 100;
	const now = Date.now();
	const ids = Array.from(
		{ length: orders },
		(_, i) =>
			`111-${String(1000000 + (i % 9000000)).padStart(7, '0')}-${String(i).padStart(7, '0')}`,
	);
	ids.forEach((id, i) => {
		amazon.state.events.push({
			kind: 'Shipment',
			transactionId: `S${i}`,
			amazonOrderId: id,
			sellerOrderId: String(i),
			sku: 'SKU',
			quantity: 1,
			principalMinor: 2999,
			currency: 'USD',
			postedAt: now - 30 * DAY,
			adjustmentId: '',
			orderItemId: `OI${i}`,
			marketplaceId: 'ATVPDKIKX0DER',
		});
		if (i % 3 === 0)
			amazon.state.events.push({
				kind: 'Refund',
				transactionId: `R${i}`,
				amazonOrderId: id,
				sellerOrderId: String(i),
				sku: 'SKU',
				quantity: 1,
				principalMinor: -2999,
				currency: 'USD',
				postedAt: now - 10 * DAY,
				adjustmentId: `A${i}`,
				orderItemId: `OI${i}`,
				marketplaceId: 'ATVPDKIKX0DER',
			});
	});
	const credentials = sandboxCredentials({ amazon });
	// Each item carries its order date, as the docs advise, so a "not refunded" from the window is final.
	const inputs = toItems(
		ids.map((orderId) => ({ orderId, orderedAt: new Date(now - 30 * DAY).toISOString() })),
	);
	const results: Record<
		string,
		{ calls: number; seconds: number; operation: string; refunded: number }
	> = {};
	for (const [mode, perOrder, operation] of [
		['batch', false, 'listTransactions'],
		['per order', true, 'listTransactions'],
		['one drop-off', false, 'listTransactions'],
	] as const) {
		amazon.server.log.length = 0;
		const run = await executeNode({
			type: 'amazonSellerCentral',
			parameters: {
				resource: 'refund',
				operation: 'check',
				orderId: '={{ $json.orderId }}',
				eventDate: '={{ $json.orderedAt }}',
				// A batch this large reads the window unless every order is asked on its own.
				refundOptions: { perOrder, lookbackDays: 90 },
			},
			inputs: mode === 'one drop-off' ? inputs.slice(0, 1) : inputs,
			credentials,
			nodeCredentials: { amazonSpApi: 'Amazon' },
		});
		if (run.status !== 'success') throw new Error(`${mode}: ${run.error?.message}`);
		const calls = amazon.server.log.filter((l) => l.path.startsWith('/finances')).length;
		results[mode] = {
			calls,
			seconds: quotaSeconds(calls, operation),
			operation,
			refunded: run.outputs[0].filter((i) => i.json.refunded === true).length,
		};
	}
	await amazon.close();
	process.stdout.write(`${JSON.stringify({ kind: 'refund', orders, ...results })}\n`);
}

/**
 * How the generated file orders its rows. "grouped" is how real files lay them out: each
 * transaction's amount rows (principal, tax, fees) follow one another, and transactions come in
 * roughly the order they were posted. Seen in the real V1 flat files published in
 * https://github.com/adwweaver/Amazon-Settlement-Transformer (raw_data/settlements): of 1,244
 * rows after the summary in one, 962 share the previous row's order id, and of 271 orders 261 appear
 * as one run (the other ten as two: a second shipment or a refund posted later); Amazon documents one row
 * per amount component (https://developer-docs.amazon.com/sp-api/docs/report-type-values-settlement)
 * but no order. "interleaved" is the same rows with the orders dealt out in turn, so no two
 * neighbouring rows share an order: a worst case no real file shows, kept as a second row.
 */
export type SettlementLayout = 'grouped' | 'interleaved';

const BENCH_ORDERS = 100_000;
const BENCH_POSTED_FROM = Date.UTC(2026, 9, 1, 0, 0, 0);

/**
 * The settlement's rows as functions of (order, its n-th row), so both layouts write exactly the
 * same rows and must give the same totals. Each order is posted at its own second, in order.
 */
function benchRow(order: number, nth: number, column: (v: Record<string, string>) => string) {
	const posted = new Date(BENCH_POSTED_FROM + order * 12_000).toISOString();
	return column({
		'settlement-id': '7000000001',
		currency: 'USD',
		'transaction-type': order % 4 === 0 ? 'Refund' : 'Order',
		'order-id': `111-0000000-${String(order).padStart(7, '0')}`,
		'merchant-order-id': String(order),
		'marketplace-name': 'amazon.com',
		'amount-type': 'ItemPrice',
		'amount-description': 'Principal',
		amount: (order + nth) % 2 === 0 ? '12.34' : '-12.34',
		'fulfillment-id': 'MFN',
		'posted-date-time': `${posted.slice(0, 10)} ${posted.slice(11, 19)} UTC`,
		sku: `SKU-${order % 50}`,
		'quantity-purchased': '1',
	});
}

function settlementFile(
	targetBytes: number,
	layout: SettlementLayout,
): { gz: Buffer; bytes: number; rows: number } {
	const chunks: string[] = [SETTLEMENT_V2_COLUMNS.join('\t')];
	const column = (values: Record<string, string>) =>
		SETTLEMENT_V2_COLUMNS.map((c) => values[c] ?? '').join('\t');
	chunks.push(
		column({
			'settlement-id': '7000000001',
			'settlement-start-date': '2026-10-01 00:00:00 UTC',
			'settlement-end-date': '2026-10-15 00:00:00 UTC',
			'deposit-date': '2026-10-17 00:00:00 UTC',
			'total-amount': '0.00',
			currency: 'USD',
		}),
	);
	// Row r is the (r / orders)-th row of order r % orders; count the rows that fit first.
	let bytes = chunks.join('\n').length;
	let rows = 0;
	while (bytes < targetBytes) {
		bytes += benchRow(rows % BENCH_ORDERS, Math.floor(rows / BENCH_ORDERS), column).length + 1;
		rows++;
	}
	const gzParts: Buffer[] = [Buffer.from(`${chunks.join('\n')}\n`)];
	let pending: string[] = [];
	const push = (line: string) => {
		pending.push(line);
		if (pending.length === 50_000) {
			gzParts.push(Buffer.from(`${pending.join('\n')}\n`));
			pending = [];
		}
	};
	if (layout === 'interleaved')
		for (let r = 0; r < rows; r++)
			push(benchRow(r % BENCH_ORDERS, Math.floor(r / BENCH_ORDERS), column));
	else
		for (let order = 0; order < BENCH_ORDERS; order++)
			for (let r = order, nth = 0; r < rows; r += BENCH_ORDERS, nth++)
				push(benchRow(order, nth, column));
	gzParts.push(Buffer.from(pending.length ? `${pending.join('\n')}\n` : ''));
	return { gz: gzipSync(Buffer.concat(gzParts)), bytes, rows };
}

function makeSettlement(megabytes: number, path: string, layout: SettlementLayout): void {
	const file = settlementFile(megabytes * 1024 * 1024, layout);
	writeFileSync(path, file.gz);
	const stats = JSON.stringify({
		layout,
		bytes: file.bytes,
		rows: file.rows,
		gzipBytes: file.gz.length,
	});
	writeFileSync(`${path}.json`, stats);
	process.stdout.write(`${stats}\n`);
}

/** Streams a pre-generated gzip settlement (made in another process, so its memory is not counted). */
async function settlementBench(path: string): Promise<void> {
	const amazon = await startAmazonSandbox({ rateScale: 100_000 });
	const file = {
		gz: readFileSync(path),
		...(JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { bytes: number; rows: number }),
	};
	const megabytes = Math.round(file.bytes / 1024 / 1024);
	const documentId = 'bench-settlement';
	amazon.state.documents.set(documentId, { content: file.gz, gzip: true, charset: 'UTF-8' });
	global.gc?.();
	const before = process.memoryUsage().rss;
	const started = Date.now();
	const credentials = sandboxCredentials({ amazon });
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const run = await executeNode({
		type: 'amazonSellerCentral',
		parameters: {
			resource: 'settlementReport',
			operation: 'get',
			settlementBy: 'documentId',
			settlementValue: documentId,
		},
		inputs: toItems([{}]),
		credentials,
		nodeCredentials: { amazonSpApi: 'Amazon' },
	});
	clearInterval(sampler);
	if (run.status !== 'success') throw new Error(run.error?.message);
	const summary = run.outputs[0][0].json as { rows: number };
	await amazon.close();
	process.stdout.write(
		`${JSON.stringify({ kind: 'settlement', megabytes, bytes: file.bytes, gzipBytes: file.gz.length, rows: summary.rows, outputItems: run.outputs[0].length, seconds: (Date.now() - started) / 1000, rssBefore: before, peakRss: peak })}\n`,
	);
}

/** Samples RSS while `work` runs; heap is measured after a GC with the result still held. */
async function measured<T>(work: () => Promise<T>): Promise<{
	result: T;
	ms: number;
	cpuMs: number;
	rssBefore: number;
	peakRss: number;
	retainedHeap: number;
}> {
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let peakRss = rssBefore;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
	const started = process.hrtime.bigint();
	// Processor time (user + system, every thread: zlib's and the garbage collector's too) moves
	// less than the clock when other work shares the machine.
	const cpuStart = process.cpuUsage();
	const result = await work();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuStart);
	const cpuMs = (cpu.user + cpu.system) / 1000;
	clearInterval(sampler);
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
	global.gc?.();
	const retainedHeap = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
	return { result, ms, cpuMs, rssBefore, peakRss, retainedHeap };
}

/** The floor: gunzip and split every line into its fields, nothing else. */
async function floorPass(path: string): Promise<{ rows: number; fields: number }> {
	const lines = createInterface({
		input: createReadStream(path).pipe(createGunzip()),
		crlfDelay: Infinity,
	});
	let rows = 0;
	let fields = 0;
	for await (const line of lines) {
		fields += line.split('\t').length;
		rows++;
	}
	return { rows, fields };
}

/** The node's parse without the download: the code Settlement Report: Get runs on the bytes. */
async function parsePass(path: string): Promise<{ rows: number; items: OrderSkuItem[] }> {
	const read = await readSettlement(
		linesOfBytes(createReadStream(path), true),
		'aggregate',
		1000,
		null,
	);
	return { rows: read.aggregator.rows, items: orderSkuItems(read.aggregator) };
}

/** The floor alone in a fresh process, for its own peak RSS. */
async function settlementFloor(path: string): Promise<void> {
	const run = await measured(() => floorPass(path));
	process.stdout.write(
		`${JSON.stringify({ kind: 'settlement-floor', ...run.result, seconds: run.ms / 1000, cpuSeconds: run.cpuMs / 1000, rssBefore: run.rssBefore, peakRss: run.peakRss })}\n`,
	);
}

/** The node parse alone in a fresh process, for its own peak RSS and the heap its output holds. */
async function settlementParse(path: string): Promise<void> {
	const run = await measured(() => parsePass(path));
	process.stdout.write(
		`${JSON.stringify({ kind: 'settlement-parse', rows: run.result.rows, outputItems: run.result.items.length + 1, seconds: run.ms / 1000, cpuSeconds: run.cpuMs / 1000, rssBefore: run.rssBefore, peakRss: run.peakRss, outputHeap: run.retainedHeap })}\n`,
	);
}

/**
 * Floor and node parse in ONE process, in turn (the order alternating between repeats), so both
 * see the same machine: other work on a shared machine moves the clock by tens of percent between
 * minutes. Reports every run and the best clock and processor time of each.
 */
async function settlementCompare(path: string, repeats: number): Promise<void> {
	const runs: Array<{ reading: 'floor' | 'parse'; seconds: number; cpuSeconds: number }> = [];
	let itemsDigest = '';
	for (let r = 0; r < repeats; r++) {
		const order = r % 2 === 0 ? (['floor', 'parse'] as const) : (['parse', 'floor'] as const);
		for (const reading of order) {
			const run = await measured<unknown>(() =>
				reading === 'floor' ? floorPass(path) : parsePass(path),
			);
			runs.push({ reading, seconds: run.ms / 1000, cpuSeconds: run.cpuMs / 1000 });
			// What the node outputs, as a digest: both layouts of the same rows must give the same.
			if (reading === 'parse')
				itemsDigest = hash(
					'sha256',
					JSON.stringify((run.result as { items: OrderSkuItem[] }).items),
					'hex',
				);
			process.stderr.write(
				`  ${reading}: ${(run.ms / 1000).toFixed(1)} s, processor ${(run.cpuMs / 1000).toFixed(1)} s\n`,
			);
		}
	}
	const best = (reading: 'floor' | 'parse') => {
		const mine = runs.filter((r) => r.reading === reading);
		return {
			seconds: Math.min(...mine.map((r) => r.seconds)),
			cpuSeconds: Math.min(...mine.map((r) => r.cpuSeconds)),
		};
	};
	process.stdout.write(
		`${JSON.stringify({ kind: 'settlement-compare', repeats, floor: best('floor'), parse: best('parse'), runs, itemsDigest, loadAverage: loadavg() })}\n`,
	);
}

/** Where the node parse spends its time: a CPU profile of just the parse (see cpuProfile.ts). */
async function settlementProfile(path: string, out?: string): Promise<void> {
	const { shares } = await profiled(
		async () => (await parsePass(path)).items.length,
		resolve(__dirname, '../..'),
		out,
	);
	process.stdout.write(`${JSON.stringify({ kind: 'settlement-profile', shares })}\n`);
}

const [kind, arg, path, extra] = process.argv.slice(2);
const JOBS: Record<string, () => Promise<void>> = {
	refund: () => refundBench(Number(arg)),
	'make-settlement': async () =>
		makeSettlement(Number(arg), path, (extra ?? 'grouped') as SettlementLayout),
	'settlement-floor': () => settlementFloor(arg),
	'settlement-parse': () => settlementParse(arg),
	'settlement-compare': () => settlementCompare(arg, Number(path ?? '3')),
	settlement: () => settlementBench(arg),
	'settlement-profile': () => settlementProfile(arg, path),
};
const job = (JOBS[kind] ?? (async () => Promise.reject(new Error(`Unknown job ${kind}`))))();
job.catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
