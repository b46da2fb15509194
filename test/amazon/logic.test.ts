import { readFileSync } from 'fs';
import { resolve } from 'path';
import { refundEntries, RefundIndex } from '../../nodes/AmazonSellerCentral/logic/refundIndex';
import {
	SettlementAggregator,
	SettlementParser,
} from '../../nodes/AmazonSellerCentral/logic/settlementParser';
import {
	OperationBucket,
	isExpiredTokenError,
} from '../../nodes/AmazonSellerCentral/logic/usagePlans';

const SAMPLES = resolve(__dirname, '..', '..', '..', 'shared', 'samples');

describe('SettlementParser on real Amazon files', () => {
	it.each([
		'amazon-settlement-flatfile-v2/xieyi138-star_settlement-sample.txt',
		'amazon-settlement-flatfile-v2/data7project_amazon-de_2018_snippet.tsv',
	])('%s: rows add up to the summary total', (file) => {
		const parser = new SettlementParser();
		const aggregator = new SettlementAggregator();
		for (const line of readFileSync(resolve(SAMPLES, file), 'utf8').split('\n')) {
			const row = parser.feed(line);
			if (row) aggregator.add(row);
		}
		expect(parser.summary).not.toBeNull();
		expect(aggregator.rows).toBeGreaterThan(0);
		const total = aggregator.perCurrency.get(parser.summary!.currency) ?? 0;
		// A snippet holds only part of the settlement; a whole file must add up.
		if (!file.includes('snippet')) expect(total).toBe(parser.summary!.totalMinor);
	});
});

describe('OperationBucket', () => {
	it('allows the burst, then paces at the rate, and adopts the rate Amazon announces', () => {
		const bucket = new OperationBucket(0.5, 2, 0);
		expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 2000]);
		bucket.adjust('10', 0);
		expect(bucket.rate).toBe(10);
		expect(bucket.reserve(0)).toBe(200);
	});

	it("recognises Amazon's expired-token answer", () => {
		expect(
			isExpiredTokenError({
				errors: [
					{
						code: 'Unauthorized',
						message: 'Access to requested resource is denied.',
						details: 'The access token you provided has expired.',
					},
				],
			}),
		).toBe(true);
		expect(
			isExpiredTokenError({
				errors: [
					{ code: 'Unauthorized', message: 'Access to the resource is forbidden', details: '' },
				],
			}),
		).toBe(false);
	});
});

describe('refund index', () => {
	it('reads refunds from transactions (type or description) and ignores sales', () => {
		const tx = (type: string, description: string, amount: number) => ({
			transactionType: type,
			description,
			transactionId: `${type}${amount}`,
			postedDate: '2026-11-01T00:00:00Z',
			relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '111-1' }],
			items: [
				{
					totalAmount: { currencyCode: 'EUR', currencyAmount: amount },
					contexts: [{ contextType: 'ProductContext', sku: 'A', quantityShipped: 1 }],
					relatedIdentifiers: [
						{
							itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID',
							itemRelatedIdentifierValue: 'adj',
						},
					],
				},
			],
		});
		const index = new RefundIndex();
		index.add(refundEntries(tx('Refund', 'Refund Order', -10.5), ['Refund']));
		index.add(refundEntries(tx('Adjustment', 'Refund Order', -1.25), ['Refund']));
		index.add(refundEntries(tx('Shipment', 'Order Payment', 10.5), ['Refund']));
		expect(index.lookup('111-1', 'a').map((e) => e.amountMinor)).toEqual([1050, 125]);
	});
});

describe('real-file quirks', () => {
	it('rows inherit the summary currency and day-first dates with "UTC" are read', () => {
		const parser = new SettlementParser();
		const lines = readFileSync(
			resolve(SAMPLES, 'amazon-settlement-flatfile-v2/data7project_amazon-de_2018_snippet.tsv'),
			'utf8',
		).split('\n');
		const rows = lines.map((line) => parser.feed(line)).filter((row) => row !== null);
		expect(parser.summary).toMatchObject({
			settlementId: '7293436482',
			currency: 'EUR',
			totalMinor: 5344,
			startDate: '2018-05-03T09:10:07.000Z',
		});
		expect(rows[0]).toMatchObject({
			currency: 'EUR',
			transactionType: 'Order',
			amountMinor: 17999,
			postedAt: '2018-05-03T17:12:22.000Z',
		});
	});
});
