/**
 * The business promises of the returns model, read off the sandbox ledgers (what Centra, Amazon and
 * Happy Returns hold) and the Data Tables after a season. Each returns its violations with enough
 * detail to name them in a finding; an empty list means the promise held.
 */
import type { IDataObject } from 'n8n-workflow';
import type { SeasonRun } from './driver';
import { WAREHOUSES } from './driver';
import { cleanOrders, DAY, expectedKeys, type SeasonReturn } from './model';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The identity of a register row, in the labels' form (type|order|sku or lost_in_transit|tracking). */
export function rowKey(row: IDataObject): string {
	const type = str(row.type);
	if (type === 'lost_in_transit') return `${type}|${str(row.trackingNumber)}`;
	if (type === 'scan_without_order' || type === 'missing_merchant_order_id')
		return `${type}|${str(row.returnId)}`;
	return `${type}|${str(row.orderNumber)}|${str(row.sku)}`;
}

/** Incidents of the machinery, not findings about returns (failed runs, unreadable records). */
const INCIDENT_TYPES = new Set(['failed_execution', 'unreadable_record', 'quarantined']);

function end(run: SeasonRun): number {
	return run.season.start + run.season.days * DAY;
}

/** Units refunded per order and SKU: Centra refunds paid (any refund entry not failed) + Amazon refunds. */
export function refundedUnits(run: SeasonRun): Map<string, { centra: number; amazon: number }> {
	const units = new Map<string, { centra: number; amazon: number }>();
	const add = (order: string, sku: string, channel: 'centra' | 'amazon', n: number) => {
		const k = `${order}|${sku}`;
		const entry = units.get(k) ?? { centra: 0, amazon: 0 };
		entry[channel] += n;
		units.set(k, entry);
	};
	for (const r of run.flow.centra.state.returns) {
		const paid = r.payments.filter(
			(p) => p.entryType.startsWith('REFUND') && p.status !== 'FAILED',
		).length;
		if (paid === 0) continue;
		for (const line of r.lines)
			add(
				String(r.order.number),
				line.shipmentLine.orderLine.productSize.SKU,
				'centra',
				line.quantity * paid,
			);
	}
	for (const e of run.flow.amazon.state.events)
		if (e.kind === 'Refund') add(e.sellerOrderId, e.sku, 'amazon', e.quantity);
	return units;
}

/** Units of a return the documented policy refunds: none for an exchange, none for a storefront
 * unit graded missing or wrong-item (never credited, routed to investigation); Amazon refunds
 * every unit at the first scan (Refund at First Scan), whatever the grade. */
function unitsOwed(r: SeasonReturn): number {
	if (r.exchangeSku) return 0;
	if (r.channel === 'amazon') return r.quantity;
	return r.dispositions.filter((d) => d !== 'missing' && d !== 'wrong-item').length;
}

/** Returns whose refund is due by the end of the season under either storefront setting
 * (credit at first scan, or at receipt within the 2-day refund window), or lost in a box. */
function due(run: SeasonRun, r: SeasonReturn): boolean {
	if (r.anomaly === 'lostBox') return true;
	return r.receivedAt !== null && r.receivedAt < end(run) - 2 * DAY;
}

export function refundViolations(run: SeasonRun) {
	const refunded = refundedUnits(run);
	const twice: string[] = [];
	const never: string[] = [];
	const exchangesRefunded: string[] = [];
	for (const r of run.season.returns) {
		if (!due(run, r)) continue;
		const got = refunded.get(`${r.orderNumber}|${r.sku}`) ?? { centra: 0, amazon: 0 };
		const total = got.centra + got.amazon;
		const owed = unitsOwed(r);
		const label = `${r.channel}${r.exchangeSku ? ' exchange' : ''} ${r.orderNumber}/${r.sku} owed ${owed} got centra ${got.centra} amazon ${got.amazon}`;
		if (r.exchangeSku && total > 0) exchangesRefunded.push(label);
		else if (total > owed) twice.push(label);
		else if (total < owed) never.push(label);
	}
	return { twice, never, exchangesRefunded };
}

/** Stock moved into the sellable warehouse for a return: only its sellable units, only after receipt. */
export function sellableViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const changes = run.flow.centra.state.stockChanges;
	for (const r of run.season.returns) {
		const intoSellable = changes.filter(
			(c) =>
				str(c.comment).includes(r.returnId) &&
				c.lines.some((l) => l.warehouse.name === WAREHOUSES.sellable && l.deliveredQuantity > 0),
		);
		const units = intoSellable.reduce(
			(sum, c) =>
				sum +
				c.lines
					.filter((l) => l.warehouse.name === WAREHOUSES.sellable)
					.reduce((s, l) => s + l.deliveredQuantity, 0),
			0,
		);
		const sellable = r.dispositions.filter((d) => d === 'sellable').length;
		if (units > sellable)
			violations.push(`${r.returnId}: ${units} unit(s) made sellable, ${sellable} graded sellable`);
		const early = intoSellable.filter(
			(c) => r.receivedAt === null || Date.parse(c.createdAt) < r.receivedAt,
		);
		if (early.length > 0)
			violations.push(`${r.returnId}: made sellable at ${early[0].createdAt}, before its grade`);
	}
	return violations;
}

export function registerViolations(run: SeasonRun) {
	const rows = run.flow.tables.rows('Exception Register');
	const byKey = new Map<string, IDataObject[]>();
	for (const row of rows) byKey.set(rowKey(row), [...(byKey.get(rowKey(row)) ?? []), row]);
	const missing: string[] = [];
	const repeated: string[] = [];
	const notOpen: string[] = [];
	for (const k of expectedKeys(run.season)) {
		const found = byKey.get(k) ?? [];
		if (found.length === 0) missing.push(k);
		if (found.length > 1) repeated.push(`${k} x${found.length}`);
		if (found.length > 0 && !found.some((row) => str(row.status) === 'open'))
			notOpen.push(`${k} ${found.map((row) => str(row.status)).join(',')}`);
	}
	const clean = cleanOrders(run.season);
	const lost = new Set(run.season.shipments.filter((s) => s.lost).map((s) => s.tracking));
	const expected = new Set(expectedKeys(run.season));
	const onClean = rows
		.filter((row) => !INCIDENT_TYPES.has(str(row.type)))
		.filter((row) =>
			str(row.type) === 'lost_in_transit'
				? !lost.has(str(row.trackingNumber))
				: clean.has(str(row.orderNumber)) && !expected.has(rowKey(row)),
		)
		.map((row) => `${rowKey(row)} (${str(row.status)})`);
	return { missing, repeated, notOpen, onClean };
}

/** Each month closed inside the season: refunds by channel and currency, from the sandbox ledgers. */
export function ledgerRefundTotals(run: SeasonRun, from: number, to: number) {
	const totals: Record<string, number> = {};
	const add = (channel: string, currency: string, minor: number) => {
		const k = `${channel} ${currency}`;
		totals[k] = (totals[k] ?? 0) + minor;
	};
	for (const r of run.flow.centra.state.returns)
		for (const p of r.payments)
			if (p.entryType.startsWith('REFUND') && p.status !== 'FAILED') {
				const at = Date.parse(p.createdAt);
				if (at >= from && at < to) add('storefront', r.order.currency, p.valueMinor);
			}
	for (const e of run.flow.amazon.state.events)
		if (e.kind === 'Refund' && e.postedAt >= from && e.postedAt < to)
			add('amazon', e.currency, -e.principalMinor);
	return totals;
}

/** The close packs against the ledgers: every month whose last day fell inside the season. */
export function closePackViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const months: Array<[number, number]> = [];
	for (let day = 0; day < run.season.days; day++) {
		const at = run.season.start + day * DAY;
		const next = new Date(at + DAY);
		if (next.getUTCDate() === 1) {
			const first = Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), 1);
			months.push([first, at + DAY]);
		}
	}
	for (const [from, to] of months) {
		const pack = run.closePacks.find((p) => p.at >= to - DAY && p.at < to);
		const month = new Date(from).toISOString().slice(0, 7);
		if (!pack) {
			violations.push(`${month}: no close pack delivered on the last day`);
			continue;
		}
		const expected = ledgerRefundTotals(run, from, to);
		const shown = (pack.json.refundsByChannel ?? pack.json.refunds) as
			Record<string, number> | undefined;
		if (!shown) {
			violations.push(
				`${month}: the close pack has no refunds by channel and currency (ledgers: ${JSON.stringify(expected)})`,
			);
			continue;
		}
		for (const [k, minor] of Object.entries(expected))
			if (Number(shown[k]) !== minor)
				violations.push(`${month} ${k}: pack ${shown[k]}, ledger ${minor}`);
	}
	return violations;
}

/** Nothing unprocessed, nothing silently dropped. */
export function droppedViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const register = run.flow.tables.rows('Exception Register');
	const inRegister = (text: string) => register.some((row) => JSON.stringify(row).includes(text));
	for (const row of run.flow.tables.rows('Returns Event Ledger')) {
		if (str(row.eventType) !== 'return.dropped_off') continue;
		if (str(row.status).startsWith('processed')) continue;
		if (!inRegister(str(row.eventId)))
			violations.push(
				`ledger ${str(row.eventId)} ${str(row.status)}: unprocessed, not in the register`,
			);
	}
	const receipts = run.flow.tables.rows('Warehouse Receipts');
	for (const r of run.season.returns) {
		if (r.receivedAt === null || r.receivedAt >= end(run)) continue;
		r.dispositions.forEach((_, unit) => {
			const rows = receipts.filter(
				(row) => row.returnId === r.returnId && str(row.unit) === String(unit),
			);
			if (rows.length === 0)
				violations.push(`receipt ${r.returnId} u${unit}: sent, not in Warehouse Receipts`);
			else if (
				!rows.some((row) => str(row.status).startsWith('processed')) &&
				!inRegister(r.returnId)
			)
				violations.push(
					`receipt ${r.returnId} u${unit} ${rows.map((x) => str(x.status)).join(',')}: unprocessed, not in the register`,
				);
		});
	}
	const failedRows = register.filter((row) => str(row.type) === 'failed_execution').length;
	if (failedRows < run.flow.failures.length)
		violations.push(`${run.flow.failures.length} failed executions, ${failedRows} in the register`);
	if (run.deliveries.refused > 0) violations.push(`${run.deliveries.refused} deliveries refused`);
	return violations;
}
