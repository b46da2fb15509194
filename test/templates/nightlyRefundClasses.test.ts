/**
 * Goodwill and FBA refunds are classified, not orphaned, in the nightly run: 04 hands the matcher
 * the refund classes of *00 Returns settings* (goodwillRefundReasons, fbaRefundsNeedReturn) and the
 * grades that do not count as returned (investigateDispositions). Runs 04's Reconcile node alone on
 * Amazon refunds with no return behind them: a goodwill reason or an FBA refund is not raised; a
 * plain merchant-fulfilled refund still is (both sides), and with fbaRefundsNeedReturn on, FBA is too.
 */
import type { IDataObject } from 'n8n-workflow';
import { DAY, reconcileWith } from './reconcileAlone';

const asOf = '2026-06-30T12:00:00.000Z';
const refundedAt = new Date(Date.parse(asOf) - 20 * DAY).toISOString();
const refund = (n: number, fields: IDataObject): IDataObject => ({
	refundId: `R-${n}`,
	channel: 'amazon',
	orderId: `111-000000${n}-0000001`,
	merchantOrderId: String(700 + n),
	sku: 'SKU-1',
	quantity: 1,
	amount: '-25.00',
	currency: 'EUR',
	refundedAt,
	fulfillment: 'MFN',
	refundReason: 'Refund',
	...fields,
});
const refunds = [
	refund(1, { refundReason: 'GoodwillAdjustment' }),
	refund(2, { refundReason: 'goodwill' }),
	refund(3, { fulfillment: 'FBA' }),
	refund(4, {}),
];
const orphaned = async (values: Record<string, unknown> = {}) =>
	(await reconcileWith('04-nightly-reconciliation.json', refunds, asOf, values))
		.filter((e) => e.type === 'orphaned_refund')
		.map((e) => String(e.orderNumber))
		.sort();

describe('04: goodwill and FBA refunds are classified, not orphaned', () => {
	it('with the shipped settings only the plain merchant-fulfilled refund is an orphan', async () => {
		expect(await orphaned()).toEqual(['704']);
	}, 60_000);

	it('FBA refunds need a return when the setting says so; no goodwill reasons: all are orphans', async () => {
		expect(await orphaned({ fbaRefundsNeedReturn: true })).toEqual(['703', '704']);
		expect(await orphaned({ goodwillRefundReasons: '' })).toEqual(['701', '702', '704']);
	}, 60_000);
});
