/**
 * Settlement cycles as Amazon runs them for a seller account: the account settles every 14 days
 * ("disbursements ... will occur automatically every 14 days", Amazon's Seller Support blog,
 * http://www.amazonsellersupportblog.com/2011/11/getting-paid-how-it-works-.html; Seller Central's
 * payment schedule page, https://sellercentral.amazon.com/gp/help/202124090, shows the dates of an
 * account), and Amazon writes the settlement report of each cycle itself: "Settlement reports cannot
 * be requested or scheduled. They are automatically scheduled by Amazon. You can search for these
 * reports using the getReports operation" (https://developer-docs.amazon.com/sp-api/docs/report-type-values-settlement).
 *
 * A cycle's report holds every transaction Amazon posted in it; here, the Refund transactions the
 * Finances API serves (state.events), so the settlement and the Finances API tell the same story:
 * the principal back to the buyer (negative), tax and shipping charged back with it, and the fees
 * Amazon gives back (commission, positive) or keeps (refund administration fee, negative), as the
 * V2 flat file's amount types and descriptions write them
 * (https://developer-docs.amazon.com/sp-api/docs/report-type-values-settlement). One report per
 * currency: a settlement is in one currency (its `currency` column), never two added together.
 */
import type { AmazonSandbox } from './server';
import type { FinancialEvent } from './state';
import type { Settlement, SettlementRow } from './settlementFile';

export const SETTLEMENT_EVERY_DAYS = 14;
const DAY = 86_400_000;

export interface CycleOptions {
	/** The first cycle starts here (ms). */
	anchor: number;
	/** Days per cycle (Amazon: 14). */
	everyDays?: number;
	/** First settlement id; ids count up per report. */
	firstId?: number;
	/** Days after the cycle end until the deposit (the file's `deposit-date`). */
	depositAfterDays?: number;
}

function refundRows(event: FinancialEvent): SettlementRow[] {
	const base = {
		transactionType: 'Refund',
		orderId: event.amazonOrderId,
		merchantOrderId: event.sellerOrderId,
		adjustmentId: event.adjustmentId,
		marketplaceName: 'Amazon.com',
		fulfillmentId: event.fulfillmentNetwork === 'AFN' ? 'AFN' : 'MFN',
		postedAt: event.postedAt,
		orderItemCode: event.orderItemId,
		sku: event.sku,
		quantity: event.quantity,
	};
	const rows: SettlementRow[] = [
		{
			...base,
			amountType: 'ItemPrice',
			amountDescription: 'Principal',
			amountMinor: event.principalMinor,
		},
	];
	if (event.taxMinor)
		rows.push({
			...base,
			amountType: 'ItemPrice',
			amountDescription: 'Tax',
			amountMinor: event.taxMinor,
		});
	if (event.shippingMinor)
		rows.push({
			...base,
			amountType: 'ItemPrice',
			amountDescription: 'Shipping',
			amountMinor: event.shippingMinor,
		});
	if (event.commissionMinor)
		rows.push({
			...base,
			amountType: 'ItemFees',
			amountDescription: 'Commission',
			amountMinor: event.commissionMinor,
		});
	if (event.refundCommissionMinor)
		rows.push({
			...base,
			amountType: 'ItemFees',
			amountDescription: 'RefundCommission',
			amountMinor: event.refundCommissionMinor,
		});
	return rows;
}

/**
 * The settlements of the cycle [from, to): one per currency that has a Refund posted in it. Refunds
 * of a cycle are read from the Finances events at the time the cycle closes.
 */
export function cycleSettlements(
	events: readonly FinancialEvent[],
	from: number,
	to: number,
	depositAt: number,
	nextId: () => string,
): Settlement[] {
	const byCurrency = new Map<string, FinancialEvent[]>();
	for (const event of events)
		if (event.kind === 'Refund' && event.postedAt >= from && event.postedAt < to)
			byCurrency.set(event.currency, [...(byCurrency.get(event.currency) ?? []), event]);
	return [...byCurrency.keys()].sort().map((currency) => ({
		settlementId: nextId(),
		startAt: from,
		endAt: to,
		depositAt,
		currency,
		rows: byCurrency
			.get(currency)!
			.sort((a, b) => a.postedAt - b.postedAt)
			.flatMap(refundRows),
	}));
}

/**
 * Closes cycles on Amazon's cadence: `closeDue(now)` publishes the report of every cycle that has
 * ended by `now` and was not published yet (as Amazon does, shortly after the cycle ends), and
 * returns the settlements it published.
 */
export function settlementCycles(amazon: AmazonSandbox, options: CycleOptions) {
	const every = (options.everyDays ?? SETTLEMENT_EVERY_DAYS) * DAY;
	let id = options.firstId ?? 24_000_000_000;
	let next = options.anchor;
	const published: Array<Settlement & { reportId: string }> = [];
	return {
		published,
		/** Cycle ends at or before `now` not yet published: their reports are written now. */
		closeDue(now: number): Settlement[] {
			const written: Settlement[] = [];
			while (next + every <= now) {
				const from = next;
				const to = next + every;
				next = to;
				for (const settlement of cycleSettlements(
					amazon.state.events,
					from,
					to,
					to + (options.depositAfterDays ?? 2) * DAY,
					() => String(id++),
				)) {
					amazon.state.settlements.push(settlement);
					const reportId = amazon.publishSettlement(amazon.state.settlements.length - 1);
					published.push({ ...settlement, reportId });
					written.push(settlement);
				}
			}
			return written;
		},
	};
}
