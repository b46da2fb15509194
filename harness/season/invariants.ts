/**
 * The business promises of the returns model, read off the sandbox ledgers (what Centra, Amazon and
 * Happy Returns hold) and the Data Tables after a season. Each returns its violations with enough
 * detail to name them in a finding; an empty list means the promise held.
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import type { SeasonRun } from './driver';
import { WAREHOUSES } from './driver';
import { cleanOrders, DAY, expectedKeys, type Season, type SeasonReturn } from './model';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The identity of a register row, in the labels' form (type|order|sku or lost_in_transit|tracking). */
export function rowKey(row: IDataObject): string {
	const type = str(row.type);
	if (type === 'lost_in_transit') return `${type}|${str(row.trackingNumber)}`;
	if (type === 'scan_without_order' || type === 'missing_merchant_order_id')
		return `${type}|${str(row.returnId)}`;
	return `${type}|${str(row.orderNumber)}|${str(row.sku)}`;
}

/**
 * Incidents of the machinery, not findings about returns: failed runs, unreadable records and
 * items 08 quarantined after its attempts (the operating model's "how to tell a system error from
 * a logistics delay": "a failed-execution row ... or a quarantined item: a system error").
 */
const INCIDENT_TYPES = new Set([
	'failed_execution',
	'unreadable_record',
	'quarantined',
	'replay_quarantined',
]);

/** The end of the season, or the moment a real-time deadline stopped it. */
function end(run: SeasonRun): number {
	return run.stoppedAt ?? run.season.start + run.season.days * DAY;
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

/**
 * Units of a return the documented policy refunds: none for an exchange; Amazon refunds every unit
 * itself at the first scan (Refund at First Scan), whatever the grade; a storefront return is
 * refunded by Centra at `storefrontRefundAt`: at the first scan every unit (the grade is not known
 * yet), at receipt only the units not graded with an `investigateDispositions` code.
 */
export function unitsOwed(season: Season, r: SeasonReturn): number {
	if (r.exchangeSku) return 0;
	if (r.channel === 'amazon' || season.policy.storefrontRefundAt === 'first-scan')
		return r.quantity;
	if (r.receivedAt === null) return 0;
	return r.dispositions.filter((d) => !season.policy.investigateDispositions.includes(d)).length;
}

/**
 * Returns whose refund is due by the end of the season, two days before it (the refund window):
 * Amazon's own at its posting; a storefront return at its first scan or at its receipt, as the
 * settings say.
 */
function due(run: SeasonRun, r: SeasonReturn): boolean {
	const by = end(run) - 2 * DAY;
	if (r.channel === 'amazon') return r.amazonRefundAt !== null && r.amazonRefundAt < by;
	if (run.season.policy.storefrontRefundAt === 'first-scan') return r.droppedAt < by;
	return r.receivedAt !== null && r.receivedAt < by;
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
		const owed = unitsOwed(run.season, r);
		const label = `${r.channel}${r.exchangeSku ? ' exchange' : ''} ${r.orderNumber}/${r.sku} owed ${owed} got centra ${got.centra} amazon ${got.amazon}`;
		if (r.exchangeSku && total > 0) exchangesRefunded.push(label);
		else if (total > owed || (r.channel === 'amazon' && got.centra > 0)) twice.push(label);
		else if (total < owed) never.push(label);
	}
	return { twice, never, exchangesRefunded };
}

/**
 * Exchanges: the replacement ships once per exchanged unit, never for a refunded return. 00's guide:
 * the replacement order of a Happy Returns exchange is created at `exchangeOrderAt` (the drop-off
 * or the receipt); Centra's exchange order names the return it answers in its internal comment.
 * Checked for exchanges whose milestone is two days before the end of the season.
 */
export function exchangeViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const orders = run.flow.centra.state.restOrders;
	const by = end(run) - 2 * DAY;
	const unitsFor = (r: SeasonReturn) =>
		orders
			.filter((o) => str(o.internalComment).includes(`return ${r.returnId} `))
			.flatMap((o) => (Array.isArray(o.products) ? (o.products as IDataObject[]) : []))
			.reduce((sum, p) => sum + (str(p.sku) === r.exchangeSku ? Number(p.qty ?? 0) : 0), 0);
	for (const r of run.season.returns) {
		const units = unitsFor(r);
		if (!r.exchangeSku) {
			if (units > 0)
				violations.push(`${r.returnId}: not an exchange, ${units} replacement unit(s)`);
			continue;
		}
		const at = run.season.policy.exchangeOrderAt === 'drop-off' ? r.droppedAt : r.receivedAt;
		if (at === null || at >= by) continue;
		if (units !== r.quantity)
			violations.push(
				`${r.returnId} (order ${r.orderNumber}): ${r.quantity} unit(s) exchanged for ${r.exchangeSku}, ${units} replacement unit(s) ordered`,
			);
	}
	return violations;
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

/** Refunds paid in [from, to) per channel and currency, from the sandbox ledgers: Centra's refund
 * payments (any refund entry not failed, at its creation) and Amazon's refund principal (at its
 * posting). */
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

/** The close day of a month as 00's `closeDay` says: `last`, or a day number (capped at the last). */
export function closeDayOf(closeDay: string, year: number, month: number, zone: string): number {
	const last = DateTime.fromObject({ year, month }, { zone }).daysInMonth ?? 31;
	return closeDay.trim().toLowerCase() === 'last' ? last : Math.min(Number(closeDay), last);
}

/** Both sides of a tie-out: the same keys, the same minor units (a key absent counts as 0). */
function compareTotals(
	label: string,
	shown: Record<string, unknown> | undefined,
	expected: Record<string, number>,
): string[] {
	const keys = new Set([...Object.keys(expected), ...Object.keys(shown ?? {})]);
	return [...keys]
		.filter((k) => Number(shown?.[k] ?? 0) !== (expected[k] ?? 0))
		.sort()
		.map((k) => `${label} ${k}: pack ${Number(shown?.[k] ?? 0)}, ledger ${expected[k] ?? 0}`);
}

/**
 * The close packs against the ledgers. 07's guide: on the close day (00's `closeDay`, the last day
 * of the month as shipped) the pack covers "the month so far, from its first day (in
 * reportTimeZone) to the moment it runs", per channel and currency, and shows apart, as late, the
 * refunds paid after the previous close but dated before this month. So each pack must
 * - come on its close day, with that period (first of the month in `reportTimeZone`, to its run);
 * - start its late window where the previous pack ended, so no refund falls between two packs;
 * - show, to the minor unit per channel and currency, what the ledgers paid in its period, and in
 *   its late window what they paid after the previous close and before the month.
 */
export function closePackViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const zone = run.season.policy.reportTimeZone;
	const closeDays: number[] = [];
	// The season's days, and any day a test ran 07 again after it.
	const days = Math.max(
		run.season.days,
		...run.closePacks.map((p) => Math.floor((p.at - run.season.start) / DAY) + 1),
	);
	for (let day = 0; day < days; day++) {
		const at = DateTime.fromMillis(run.season.start + day * DAY, { zone });
		if (at.day === closeDayOf(run.season.policy.closeDay, at.year, at.month, zone))
			closeDays.push(at.startOf('day').toMillis());
	}
	let previousEnd: number | null = null;
	for (const dayStart of closeDays) {
		const month = DateTime.fromMillis(dayStart, { zone }).toFormat('yyyy-MM');
		const pack = run.closePacks.find((p) => p.at >= dayStart && p.at < dayStart + DAY);
		if (!pack) {
			violations.push(`${month}: no close pack delivered on its close day`);
			previousEnd = null;
			continue;
		}
		const closePack = (pack.json.closePack ?? {}) as IDataObject;
		const period = (closePack.period ?? {}) as IDataObject;
		const [start, periodEnd, previousClose] = [period.start, period.end, period.previousClose].map(
			(v) => Date.parse(str(v)),
		);
		if (!closePack.refundsByChannel || [start, periodEnd, previousClose].some(Number.isNaN)) {
			violations.push(
				`${month}: the close pack has no period or no refunds by channel and currency`,
			);
			previousEnd = null;
			continue;
		}
		const monthStart = DateTime.fromMillis(dayStart, { zone }).startOf('month').toMillis();
		if (start !== monthStart)
			violations.push(
				`${month}: the pack starts ${str(period.start)}, the month in ${zone} on ${new Date(monthStart).toISOString()}`,
			);
		if (periodEnd < dayStart || periodEnd > pack.at)
			violations.push(
				`${month}: the pack ends ${str(period.end)}, not at its run on its close day`,
			);
		if (previousEnd !== null && previousClose !== previousEnd)
			violations.push(
				`${month}: late refunds counted from ${str(period.previousClose)}, the previous pack ended ${new Date(previousEnd).toISOString()}`,
			);
		violations.push(
			...compareTotals(
				`${month} paid`,
				closePack.refundsByChannel as IDataObject,
				ledgerRefundTotals(run, start, periodEnd),
			),
			...compareTotals(
				`${month} late`,
				closePack.lateRefundsByChannel as IDataObject | undefined,
				ledgerRefundTotals(run, Math.min(previousClose, start), start),
			),
		);
		previousEnd = periodEnd;
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

/**
 * Template 10: every settlement Amazon wrote inside the season is processed once, ties out (its
 * rows add up to its stated total, and 10 says so: no `settlement_tie_out` row), and every refunded
 * unit of it has an outcome.
 */
export function settlementViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const ledger = run.flow.tables.rows('Returns Event Ledger');
	const register = run.flow.tables.rows('Exception Register');
	for (const settlement of run.settlements) {
		const id = settlement.settlementId;
		const rows = ledger.filter((row) => row.eventId === `amazon-settlement:${id}`);
		const processedBy = run.cycleRuns.filter((c) => c.settlementIds.includes(id));
		// Only cycles 10 had a scheduled chance to read: published before its last run.
		const lastRun = run.scheduled.filter((s) => s.template === 'settlement').at(-1)?.at ?? 0;
		if (settlement.publishedAt > lastRun) continue;
		if (rows.length !== 1 || processedBy.length !== 1) {
			violations.push(
				`settlement ${id} (${settlement.currency}): ${rows.length} ledger row(s), processed by ${processedBy.length} run(s)`,
			);
			continue;
		}
		const stated = settlement.statedTotalMinor;
		const sum = settlement.rows.reduce((a, r) => a + r.amountMinor, 0);
		const tieOut = register.filter(
			(row) => row.exceptionId === `amazon_settlement_tie_out_${id}` && str(row.status) === 'open',
		);
		if (str(rows[0].status) !== 'processed' || tieOut.length > 0 || (stated ?? sum) !== sum)
			violations.push(
				`settlement ${id} (${settlement.currency}) does not tie out: ledger ${str(rows[0].status)}, ${tieOut.length} open tie-out row(s), rows ${sum} against stated ${stated ?? sum}`,
			);
		const refunded = settlement.rows
			.filter((r) => r.transactionType === 'Refund' && r.amountDescription === 'Principal')
			.reduce((a, r) => a + r.quantity, 0);
		const outcomes = processedBy[0].outcomes.filter((o) => str(o.settlementId) === id);
		const given = outcomes.reduce((a, o) => a + Number(o.quantity ?? 1), 0);
		const unreconciled = outcomes.filter((o) => str(o.outcome) === 'not_reconciled').length;
		if (given !== refunded || unreconciled > 0)
			violations.push(
				`settlement ${id}: ${refunded} unit(s) refunded, ${given} with an outcome, ${unreconciled} not reconciled`,
			);
	}
	return violations;
}

/** Exception types a settlement cycle (10) raises that the nightly run (04) raises too. */
const CYCLE_TYPES = new Set([
	'refunded_never_returned',
	'lost_in_transit',
	'duplicate_refund',
	'refund_value_mismatch',
	'orphaned_refund',
	'missing_merchant_order_id',
]);

/**
 * Templates 10 and 04 tell finance the same thing: every exception 10 raised for a cycle is one
 * 04's last run of the season raises too, with the same type and units (one exception identity,
 * one register row); no unit 10 saw returned and received is an open refund exception for 04.
 */
export function cycleAgreementViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const nightly = new Map((run.lastNightly?.raised ?? []).map((e) => [e.id, e]));
	const register = new Map(
		run.flow.tables.rows('Exception Register').map((row) => [str(row.exceptionId), row]),
	);
	const seen = new Set<string>();
	for (const cycle of run.cycleRuns)
		for (const e of cycle.raised) {
			if (!CYCLE_TYPES.has(e.type) || e.change === 'resolved' || seen.has(e.id)) continue;
			seen.add(e.id);
			const label = `${e.type}|${e.type === 'lost_in_transit' ? e.trackingNumber : `${e.orderNumber}|${e.sku}`}`;
			const other = nightly.get(e.id);
			if (!other) violations.push(`${label}: raised by 10, not by 04`);
			else if (other.type !== e.type || JSON.stringify(other.units) !== JSON.stringify(e.units))
				violations.push(
					`${label}: 10 ${e.type} units ${JSON.stringify(e.units)}, 04 ${other.type} units ${JSON.stringify(other.units)}`,
				);
			const row = register.get(e.id);
			if (!row || str(row.type) !== e.type)
				violations.push(`${label}: register row ${row ? str(row.type) : 'missing'}`);
		}
	const received = new Set(
		run.cycleRuns.flatMap((c) =>
			c.outcomes
				.filter((o) => str(o.outcome) === 'returned_and_received')
				.map((o) => `${str(o.orderNumber)}|${str(o.sku)}`),
		),
	);
	for (const e of nightly.values())
		if (
			['refunded_never_returned', 'lost_in_transit'].includes(e.type) &&
			received.has(`${e.orderNumber}|${e.sku}`)
		)
			violations.push(`${e.type}|${e.orderNumber}|${e.sku}: 10 saw it returned and received`);
	return violations;
}

/**
 * Template 12: each Monday's claim pack lists exactly the Amazon units refunded whose goods never
 * came back (a lost box, or a unit graded with an `investigateDispositions` code) inside Amazon's
 * claim window that day: SAFE-T (merchant-fulfilled) from `amazonSafetOpensAfterDays` after the
 * refund until `amazonSafetClaimWindowDays` after the later of the refund and the return's
 * delivery scan (12's guide, from Seller Central's SAFE-T page).
 */
export function expectedClaimPack(season: Season, at: number): string[] {
	const policy = season.policy;
	return season.returns
		.filter((r) => r.channel === 'amazon' && r.amazonRefundAt !== null && r.amazonRefundAt <= at)
		.filter(
			(r) =>
				r.anomaly === 'lostBox' ||
				r.dispositions.some((d) => policy.investigateDispositions.includes(d)),
		)
		.filter((r) => {
			const refundAt = r.amazonRefundAt!;
			const deliveryScan = r.receivedAt === null ? refundAt : r.deliveredAt;
			const opens = refundAt + policy.safetOpensAfterDays * DAY;
			const closes = Math.max(refundAt, deliveryScan) + policy.safetClaimWindowDays * DAY;
			return opens <= at && at <= closes;
		})
		.map((r) => `${r.orderNumber}|${r.sku}`)
		.sort();
}

/**
 * Every unit Amazon's rule makes claimable that Monday must be in 12's pack, and nothing else, with
 * one allowance: Amazon counts the SAFE-T window from the carrier's return delivery scan, which the
 * brand does not hold; 12 counts from the warehouse receipt of the return, the delivery the brand
 * records (hours later: docs/vendor-uncertainties.md). A unit past Amazon's deadline but inside the
 * window counted from its receipt may still be listed; it is never allowed to drop out early.
 */
export function claimPackViolations(run: SeasonRun): string[] {
	const violations: string[] = [];
	const byReceipt: Season = {
		...run.season,
		returns: run.season.returns.map((r) =>
			r.receivedAt === null ? r : { ...r, deliveredAt: r.receivedAt },
		),
	};
	for (const pack of run.claimPacks) {
		const day = new Date(pack.at).toISOString().slice(0, 10);
		const expected = expectedClaimPack(run.season, pack.at);
		const allowed = new Set([...expected, ...expectedClaimPack(byReceipt, pack.at)]);
		const got = [...new Set(pack.lines.map((l) => `${str(l.orderNumber)}|${str(l.sku)}`))].sort();
		for (const k of expected) if (!got.includes(k)) violations.push(`${day}: ${k} not in the pack`);
		for (const k of got)
			if (!allowed.has(k)) violations.push(`${day}: ${k} in the pack, not claimable`);
	}
	return violations;
}

/**
 * Template 11 never refunds a unit Amazon refunded; as shipped (off, dry run) it sends nothing at
 * all: no order-adjustment feed reaches Amazon and no feed claim is in the ledger.
 */
export function refundOnReceiptViolations(run: SeasonRun, enabled = false): string[] {
	const violations: string[] = [];
	const amazon = run.flow.amazon.state;
	const feeds = amazon.feeds;
	const claims = run.flow.tables
		.rows('Returns Event Ledger')
		.filter((row) => row.eventType === 'amazon.refund_feed');
	if (!enabled && (feeds.length > 0 || claims.length > 0))
		violations.push(
			`off as shipped, yet ${feeds.length} adjustment feed(s) sent and ${claims.length} feed claim(s) recorded`,
		);
	const refunds = new Map<string, string[]>();
	for (const e of amazon.events)
		if (e.kind === 'Refund') {
			const k = `${e.sellerOrderId}|${e.sku}`;
			refunds.set(k, [...(refunds.get(k) ?? []), e.transactionId]);
		}
	for (const [k, ids] of refunds)
		if (ids.some((id) => id.startsWith('FEED-')) && ids.length > 1)
			violations.push(`${k}: refunded through a feed and by Amazon (${ids.join(', ')})`);
	return violations;
}
