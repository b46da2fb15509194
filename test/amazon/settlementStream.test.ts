/**
 * The streaming settlement read (chunked gunzip, line batches, the parser's shortcuts, the
 * aggregator's interned keys and order chains) against a plain reading of the same file: split
 * every line and every cell, sum per order, SKU and currency in a Map. Generated V2 files carry
 * what real ones do and what the shortcuts could get wrong: literal double quotes in cells (the
 * flat file is tab-separated without quoting), CRLF and LF line ends, empty cells (currency left to
 * the summary row, no SKU, no merchant order id, posted-date only), padded cells, several
 * currencies, decimal commas, orders whose rows are together and orders spread over the file.
 */
import { gzipSync } from 'zlib';
import { linesOfBytes } from '../../nodes/AmazonSellerCentral/documentDownload';
import {
	orderSkuItems,
	readSettlement,
	type OrderSkuItem,
} from '../../nodes/AmazonSellerCentral/logic/settlementRead';
import { formatMinor, toMinorUnits } from '../../nodes/shared/money';
import { parseTimestamp, toIsoUtc } from '../../nodes/shared/timestamps';
import { SETTLEMENT_V2_COLUMNS } from '../../sandbox/amazon/settlementFile';

function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		return state / 2 ** 32;
	};
}

interface Generated {
	text: string;
	/** Minor units per currency, as the generator wrote them. */
	perCurrency: Map<string, number>;
}

function generate(seed: number, rows: number): Generated {
	const next = random(seed);
	const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
	const perCurrency = new Map<string, number>();
	const eol = () => (next() < 0.5 ? '\r\n' : '\n');
	const line = (values: Partial<Record<string, string>>) =>
		SETTLEMENT_V2_COLUMNS.map((c) => values[c] ?? '').join('\t');
	const settlement = seed % 2 === 0 ? '7000000001' : `70000000${seed}`;
	let text =
		SETTLEMENT_V2_COLUMNS.join('\t') +
		eol() +
		line({
			'settlement-id': settlement,
			'settlement-start-date': '2026-10-01 00:00:00 UTC',
			'settlement-end-date': '2026-10-15 00:00:00 UTC',
			'total-amount': '0.00',
			currency: 'USD',
		}) +
		eol();
	const skus = ['TEE-M', '"TEE, L"', 'MUG "12oz"', '', 'sku with spaces', 'A'.repeat(40)];
	const orders = Array.from(
		{ length: Math.max(3, Math.floor(rows / 4)) },
		(_, i) => `11${i % 10}-${String(i * 7919).padStart(7, '0')}-${String(i).padStart(7, '0')}`,
	);
	let order = orders[0];
	for (let n = 0; n < rows; n++) {
		// Half the time the next row belongs to the same order, as in real files.
		if (next() < 0.5) order = pick(orders);
		const currency = pick(['', '', 'USD', 'CAD', 'EUR']);
		const kept = currency || 'USD';
		const minor = Math.floor(next() * 20001) - 10000;
		let amount = formatMinor(minor, kept);
		if (kept === 'EUR' && next() < 0.5) amount = amount.replace('.', ',');
		if (next() < 0.1) amount = ` ${amount} `;
		perCurrency.set(kept, (perCurrency.get(kept) ?? 0) + minor);
		const day = 1 + Math.floor(next() * 14);
		const date = `2026-10-${String(day).padStart(2, '0')} ${next() < 0.5 ? '10' : '23'}:00:00 UTC`;
		const onlyPostedDate = next() < 0.1;
		text +=
			line({
				'settlement-id': next() < 0.05 ? ` ${settlement}` : settlement,
				currency,
				'transaction-type': pick(['Order', 'Refund', 'Chargeback Refund', 'other-transaction']),
				'order-id': order,
				'merchant-order-id': next() < 0.2 ? '' : `M${order.slice(-4)}`,
				'amount-type': pick(['ItemPrice', 'ItemPrice', 'ItemFees', 'Promotion', 'itemprice']),
				'amount-description': pick(['Principal', 'Tax', 'Commission', 'principal', '"Q"']),
				amount,
				'posted-date-time': onlyPostedDate ? '' : date,
				'posted-date': onlyPostedDate ? date.slice(0, 10) : '',
				sku: pick(skus),
				'quantity-purchased': pick(['1', '', '2']),
			}) + (n === rows - 1 && next() < 0.5 ? '' : eol());
		if (next() < 0.02) text += eol();
	}
	return { text, perCurrency };
}

/** The plain reading: every line split, every cell trimmed, totals in a Map by joined key. */
function reference(text: string): OrderSkuItem[] {
	const lines = text
		.split('\n')
		.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
		.filter((l) => l.trim() !== '');
	const names = lines[0].split('\t').map((n) => n.trim().toLowerCase());
	const cellOf = (cells: string[], name: string) => (cells[names.indexOf(name)] ?? '').trim();
	const summaryCurrency = cellOf(lines[1].split('\t'), 'currency');
	const date = (value: string) => (value ? toIsoUtc(parseTimestamp(value)) : null);
	const totals = new Map<string, OrderSkuItem>();
	for (const l of lines.slice(2)) {
		const cells = l.split('\t');
		const get = (name: string) => cellOf(cells, name);
		const currency = get('currency') || summaryCurrency;
		const minor = toMinorUnits(get('amount').replace(',', '.'), currency);
		const key = [get('settlement-id'), get('order-id'), get('sku'), currency].join('\u0000');
		let total = totals.get(key);
		if (!total) {
			total = {
				type: 'orderSku',
				settlementId: get('settlement-id'),
				orderId: get('order-id'),
				merchantOrderId: get('merchant-order-id'),
				sku: get('sku'),
				currency,
				refundMinor: 0,
				salesMinor: 0,
				feesMinor: 0,
				otherMinor: 0,
				netMinor: 0,
				refundCount: 0,
				rows: 0,
				lastPostedAt: null,
				refund: '',
				sales: '',
				fees: '',
				net: '',
			};
			totals.set(key, total);
		}
		total.rows++;
		total.netMinor += minor;
		const posted = date(get('posted-date-time')) ?? date(get('posted-date'));
		if (posted && (!total.lastPostedAt || posted > total.lastPostedAt)) total.lastPostedAt = posted;
		const refund = /refund/i.test(get('transaction-type'));
		const type = get('amount-type').toLowerCase();
		if (type === 'itemprice' && refund) total.refundMinor += minor;
		else if (type === 'itemprice') total.salesMinor += minor;
		else if (type === 'itemfees') total.feesMinor += minor;
		else total.otherMinor += minor;
		if (refund && type === 'itemprice' && get('amount-description').toLowerCase() === 'principal')
			total.refundCount++;
	}
	return [...totals.values()].map((t) => ({
		...t,
		refund: formatMinor(t.refundMinor, t.currency),
		sales: formatMinor(t.salesMinor, t.currency),
		fees: formatMinor(t.feesMinor, t.currency),
		net: formatMinor(t.netMinor, t.currency),
	}));
}

/** The gzip bytes in chunks of random sizes, as a download hands them over. */
async function* chunked(bytes: Buffer, next: () => number): AsyncGenerator<Uint8Array> {
	for (let at = 0; at < bytes.length;) {
		const size = 1 + Math.floor(next() * 700);
		yield bytes.subarray(at, at + size);
		at += size;
	}
}

async function streamed(text: string, seed: number, output: 'aggregate' | 'rows') {
	const read = await readSettlement(
		linesOfBytes(chunked(gzipSync(Buffer.from(text)), random(seed)), true),
		output,
		50,
		null,
	);
	return { read, items: orderSkuItems(read.aggregator) };
}

describe('settlement read: streamed totals equal a plain reading (property)', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])('generated file, seed %i', async (seed) => {
		const file = generate(seed, 400 + seed * 150);
		const expected = reference(file.text);
		const { read, items } = await streamed(file.text, seed, 'aggregate');
		expect(items).toEqual(expected);
		// Key order too: the items are what the node outputs.
		expect(items.map((i) => Object.keys(i))).toEqual(expected.map((i) => Object.keys(i)));
		expect(read.aggregator.perCurrency).toEqual(file.perCurrency);
		expect(read.aggregator.rows).toBe(expected.reduce((sum, t) => sum + t.rows, 0));
		// The same file cut into other chunks, and read for its rows: the same totals.
		const again = await streamed(file.text, seed + 100, 'rows');
		expect(again.items).toEqual(items);
		expect(again.read.pages.flat()).toHaveLength(read.aggregator.rows);
	});
});

/** The file with its data rows in another order (header and summary stay first). */
function reordered(text: string, order: (rows: string[]) => string[]): string {
	const lines = text.split('\n');
	// A last line without its line end stays a line of its own once moved.
	if (lines[lines.length - 1] === '') lines.pop();
	const [header, summary, ...rows] = lines;
	return `${[header, summary, ...order(rows)].join('\n')}\n`;
}

/**
 * What a total must not depend on: the order its rows come in. The merchant order id is the
 * first row's (some rows leave it empty), so it is left out of the comparison.
 */
function orderFree(items: OrderSkuItem[]) {
	return items
		.map(({ merchantOrderId: _first, ...total }) => total)
		.sort((a, b) =>
			[a.settlementId, a.orderId, a.sku, a.currency].join('\u0000') <
			[b.settlementId, b.orderId, b.sku, b.currency].join('\u0000')
				? -1
				: 1,
		);
}

describe('settlement read: the rows’ order does not change the totals (property)', () => {
	// Real files list a transaction's rows together; the aggregator's shortcut for a row of the
	// previous row's order must give what a row of an order seen long before gives.
	it.each([11, 12, 13, 14])('grouped by order, shuffled and reversed, seed %i', async (seed) => {
		const file = generate(seed, 600);
		const next = random(seed * 31);
		const orderOf = (row: string) => row.split('\t')[SETTLEMENT_V2_COLUMNS.indexOf('order-id')];
		const grouped = reordered(file.text, (rows) => {
			const first = new Map<string, number>();
			rows.forEach((row, i) => first.set(orderOf(row), first.get(orderOf(row)) ?? i));
			return rows
				.map((row, i) => ({ row, i, group: first.get(orderOf(row)) as number }))
				.sort((a, b) => a.group - b.group || a.i - b.i)
				.map((r) => r.row);
		});
		const shuffled = reordered(file.text, (rows) => {
			const copy = [...rows];
			for (let i = copy.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[copy[i], copy[j]] = [copy[j], copy[i]];
			}
			return copy;
		});
		const reversed = reordered(file.text, (rows) => [...rows].reverse());
		const asWritten = orderFree((await streamed(file.text, seed, 'aggregate')).items);
		expect(asWritten).toEqual(orderFree(reference(file.text)));
		// The grouped file really has an order's rows together, the shuffled one mostly not.
		const runs = (text: string) => {
			const ids = text
				.split('\n')
				.slice(2)
				.filter((l) => l.trim() !== '')
				.map(orderOf);
			return ids.filter((id, i) => i > 0 && id !== ids[i - 1]).length + 1;
		};
		expect(runs(grouped)).toBe(new Set(asWritten.map((t) => t.orderId)).size);
		expect(runs(shuffled)).toBeGreaterThan(runs(grouped) * 2);
		for (const [text, cut] of [
			[grouped, seed + 1],
			[shuffled, seed + 2],
			[reversed, seed + 3],
		] as const) {
			const { read, items } = await streamed(text, cut, 'aggregate');
			expect(orderFree(items)).toEqual(asWritten);
			expect(read.aggregator.perCurrency).toEqual(file.perCurrency);
		}
	});
});
