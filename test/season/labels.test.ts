/**
 * The season's labels follow the documented policy for the settings they are given (pure, no
 * templates run): storefront refunds at the first scan or at receipt, mis-grades investigated,
 * FBA refunds orphaned or classified as the settings say, goodwill paid in Centra orphaned; and the claim pack the
 * season expects of 12 on both sides of each day of Amazon's SAFE-T window.
 */
import { expectedClaimPack } from '../../harness/season/invariants';
import {
	cleanOrders,
	DAY,
	expectedKeys,
	generateSeason,
	HOUR,
	type Season,
} from '../../harness/season/model';
import { policyFrom, shippedPolicy } from '../../harness/season/policy';

const season = (settings: Record<string, unknown> = {}) =>
	generateSeason({ seed: 2026, returns: 300, days: 90, policy: policyFrom(settings) });

const labelsOf = (s: Season, anomaly: string) =>
	s.labels.filter((l) => l.anomaly === anomaly).flatMap((l) => l.keys.map((k) => k.split('|')[0]));

describe('labels per policy', () => {
	it('the shipped settings refund storefront returns at the first scan and investigate missing and wrong-item', () => {
		const policy = shippedPolicy();
		expect(policy.storefrontRefundAt).toBe('first-scan');
		expect(policy.investigateDispositions).toEqual(['missing', 'wrong-item']);
	});

	it('a mis-graded unit is investigated; refunded, never returned only when it was refunded before the grade', () => {
		const firstScan = season({ storefrontRefundAt: 'first-scan' });
		const atReceipt = season({ storefrontRefundAt: 'receipt' });
		for (const s of [firstScan, atReceipt])
			for (const label of s.labels.filter((l) => l.anomaly === 'gradedMissing'))
				expect(label.keys.some((k) => k.startsWith('unit_investigation|'))).toBe(true);
		const storefrontMisgraded = (s: Season) =>
			s.returns.filter(
				(r) =>
					r.channel === 'storefront' &&
					(r.anomaly === 'gradedMissing' || r.anomaly === 'gradedWrongItem'),
			);
		const withRnr = (s: Season, order: string) =>
			expectedKeys(s).includes(
				`refunded_never_returned|${order}|${s.returns.find((r) => r.orderNumber === order)!.sku}`,
			);
		expect(storefrontMisgraded(firstScan).length).toBeGreaterThan(0);
		for (const r of storefrontMisgraded(firstScan))
			expect(withRnr(firstScan, r.orderNumber)).toBe(true);
		for (const r of storefrontMisgraded(atReceipt))
			expect(withRnr(atReceipt, r.orderNumber)).toBe(false);
		// Amazon refunds at the first scan whatever the storefront setting.
		for (const r of atReceipt.returns.filter(
			(x) => x.channel === 'amazon' && x.anomaly !== null && x.anomaly !== 'lostBox',
		))
			expect(withRnr(atReceipt, r.orderNumber)).toBe(true);
	});

	it('a lost storefront box refunded at receipt is drift and lost in transit, never refunded, never returned', () => {
		const s = season({ storefrontRefundAt: 'receipt' });
		const lost = s.returns.filter((r) => r.anomaly === 'lostBox');
		expect(lost.length).toBeGreaterThan(0);
		for (const r of lost) {
			const keys = expectedKeys(s);
			expect(keys).toContain(`inventory_drift|${r.orderNumber}|${r.sku}`);
			expect(keys.includes(`refunded_never_returned|${r.orderNumber}|${r.sku}`)).toBe(
				r.channel === 'amazon',
			);
		}
	});

	it('FBA refunds are orphans unless the settings classify them, then clean; goodwill paid in Centra stays an orphan', () => {
		const without = season();
		const withSettings = season({
			goodwillRefundReasons: 'GoodwillAdjustment, Goodwill',
			fbaRefundsNeedReturn: false,
		});
		const goodwill = (s: Season) =>
			s.looseRefunds.filter((l) => l.kind === 'goodwill').map(() => 'orphaned_refund');
		expect(labelsOf(without, 'goodwill')).toEqual(goodwill(without));
		expect(labelsOf(without, 'fba').length).toBeGreaterThan(0);
		expect(labelsOf(withSettings, 'fba')).toEqual([]);
		for (const l of withSettings.looseRefunds.filter((x) => x.kind === 'fba'))
			expect(cleanOrders(withSettings).has(l.orderNumber)).toBe(true);
		// The reasons are Amazon transaction types (00's guide): a Centra refund carries none, so
		// even a reason list naming goodwill leaves customer service's Centra goodwill an orphan.
		expect(withSettings.looseRefunds.some((l) => l.kind === 'goodwill')).toBe(true);
		expect(labelsOf(withSettings, 'goodwill')).toEqual(goodwill(withSettings));
		for (const l of withSettings.looseRefunds.filter((x) => x.kind === 'goodwill'))
			expect(cleanOrders(withSettings).has(l.orderNumber)).toBe(false);
		// FBA needing a return: orphans again.
		const other = season({ goodwillRefundReasons: 'returnless', fbaRefundsNeedReturn: true });
		expect(labelsOf(other, 'fba').length).toBeGreaterThan(0);
	});
});

describe("the claim pack the season expects of 12: SAFE-T's window, both sides of each day", () => {
	const s = season();
	const lost = s.returns.find((r) => r.channel === 'amazon' && r.anomaly === 'lostBox');
	const misgraded = s.returns.find(
		(r) => r.channel === 'amazon' && r.anomaly !== null && r.anomaly !== 'lostBox',
	);

	it('a lost unit: from 14 days after the refund to 30 days after it', () => {
		expect(lost).toBeDefined();
		const key = `${lost!.orderNumber}|${lost!.sku}`;
		const refund = lost!.amazonRefundAt!;
		expect(expectedClaimPack(s, refund + 14 * DAY - 1)).not.toContain(key);
		expect(expectedClaimPack(s, refund + 14 * DAY)).toContain(key);
		expect(expectedClaimPack(s, refund + 30 * DAY)).toContain(key);
		expect(expectedClaimPack(s, refund + 30 * DAY + 1)).not.toContain(key);
	});

	it('a unit delivered but graded as not returned: 30 days from the delivery scan, the later date', () => {
		expect(misgraded).toBeDefined();
		const key = `${misgraded!.orderNumber}|${misgraded!.sku}`;
		expect(misgraded!.deliveredAt).toBeGreaterThan(misgraded!.amazonRefundAt!);
		expect(expectedClaimPack(s, misgraded!.deliveredAt + 30 * DAY)).toContain(key);
		expect(expectedClaimPack(s, misgraded!.deliveredAt + 30 * DAY + HOUR)).not.toContain(key);
	});

	it('never a unit that came back', () => {
		const back = s.returns.filter((r) => r.channel === 'amazon' && r.anomaly === null);
		for (let day = 0; day < 100; day += 7)
			for (const r of back)
				expect(expectedClaimPack(s, s.start + day * DAY)).not.toContain(
					`${r.orderNumber}|${r.sku}`,
				);
	});
});
