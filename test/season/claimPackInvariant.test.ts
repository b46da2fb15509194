/**
 * The season's claim-pack promise (claimPackViolations) on hand-made packs: every unit Amazon's
 * SAFE-T rule makes claimable that Monday must be listed; a unit may stay listed past Amazon's
 * deadline only while inside the window counted from its warehouse receipt (the delivery the brand
 * records; Amazon counts from the carrier's delivery scan, hours earlier), never after it.
 */
import type { SeasonRun } from '../../harness/season/driver';
import { claimPackViolations, expectedClaimPack } from '../../harness/season/invariants';
import { DAY, generateSeason, HOUR } from '../../harness/season/model';

const season = generateSeason({ seed: 2026, returns: 20, days: 60 });
const misgraded = season.returns.find(
	(r) => r.channel === 'amazon' && r.anomaly !== null && r.anomaly !== 'lostBox',
)!;
const key = `${misgraded.orderNumber}|${misgraded.sku}`;
const line = { orderNumber: misgraded.orderNumber, sku: misgraded.sku };

/** A run whose only pack, at `at`, lists what Amazon's rule expects, plus or minus the unit. */
function runWith(at: number, listed: boolean): SeasonRun {
	const others = expectedClaimPack(season, at)
		.filter((k) => k !== key)
		.map((k) => ({ orderNumber: k.split('|')[0], sku: k.split('|')[1] }));
	return {
		season,
		claimPacks: [{ at, lines: listed ? [...others, line] : others }],
	} as unknown as SeasonRun;
}

it('the season holds a unit graded as not returned, received hours after its delivery scan', () => {
	expect(misgraded.receivedAt).not.toBeNull();
	expect(misgraded.receivedAt!).toBeGreaterThan(misgraded.deliveredAt);
	expect(misgraded.deliveredAt).toBeGreaterThan(misgraded.amazonRefundAt!);
});

it('a claimable unit missing from the pack is a violation, up to the last hour of its window', () => {
	const last = misgraded.deliveredAt + 30 * DAY;
	expect(claimPackViolations(runWith(last, false)).join('\n')).toContain(`${key} not in the pack`);
	expect(claimPackViolations(runWith(last, true))).toEqual([]);
	expect(claimPackViolations(runWith(misgraded.amazonRefundAt! + 14 * DAY, false))).toContain(
		`${new Date(misgraded.amazonRefundAt! + 14 * DAY).toISOString().slice(0, 10)}: ${key} not in the pack`,
	);
});

it('past the delivery-scan deadline the unit may stay listed while inside the window counted from its receipt', () => {
	const receiptDeadline = misgraded.receivedAt! + 30 * DAY;
	expect(receiptDeadline - (misgraded.deliveredAt + 30 * DAY)).toBeGreaterThan(0);
	expect(claimPackViolations(runWith(receiptDeadline, true))).toEqual([]);
	expect(claimPackViolations(runWith(receiptDeadline, false))).toEqual([]);
});

it('after the window counted from its receipt, or before the window opens, a listed unit is a violation', () => {
	expect(
		claimPackViolations(runWith(misgraded.receivedAt! + 30 * DAY + HOUR, true)).join('\n'),
	).toContain(`${key} in the pack, not claimable`);
	expect(
		claimPackViolations(runWith(misgraded.amazonRefundAt! + 14 * DAY - HOUR, true)).join('\n'),
	).toContain(`${key} in the pack, not claimable`);
});
