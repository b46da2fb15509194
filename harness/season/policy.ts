/**
 * The merchant's policy the season's labels follow, read from the one settings source
 * (workflows-templates/00-returns-settings.json) as the templates ship it. The meaning of each
 * setting is its row in the settings guide (docs/templates/00-returns-settings.md); a setting the
 * source does not carry yet takes the behaviour the docs describe without it.
 */
import { shippedSettings } from '../templateFiles';

export interface Policy {
	/** When Centra credits and refunds a storefront return: at the Return Bar scan or at receipt. */
	storefrontRefundAt: 'first-scan' | 'receipt';
	/** Grades that are never credited and go to investigation (lower case). */
	investigateDispositions: string[];
	/** Refund reasons the settings classify as goodwill (lower case); none without the setting. */
	goodwillRefundReasons: string[];
	/** Whether an FBA refund needs a Happy Returns return behind it (true without the setting). */
	fbaRefundsNeedReturn: boolean;
	/** Amazon's claim windows (days): SAFE-T opens and closes, FBA customer-return claims. */
	safetOpensAfterDays: number;
	safetClaimWindowDays: number;
	fbaClaimOpensAfterDays: number;
	fbaClaimClosesAfterDays: number;
	/** When 03 creates the replacement order of an exchange: at the drop-off or at the receipt. */
	exchangeOrderAt: 'drop-off' | 'receipt';
	/** 07's close day: `last` or a day number; and the zone its month starts in. */
	closeDay: string;
	reportTimeZone: string;
}

const list = (value: unknown) =>
	String(value ?? '')
		.split(',')
		.map((v) => v.trim().toLowerCase())
		.filter(Boolean);

export function policyFrom(settings: Record<string, unknown>): Policy {
	return {
		storefrontRefundAt: settings.storefrontRefundAt === 'receipt' ? 'receipt' : 'first-scan',
		investigateDispositions: list(settings.investigateDispositions ?? 'missing,wrong-item'),
		goodwillRefundReasons: list(settings.goodwillRefundReasons),
		fbaRefundsNeedReturn: !(
			settings.fbaRefundsNeedReturn === false || settings.fbaRefundsNeedReturn === 'false'
		),
		safetOpensAfterDays: Number(settings.amazonSafetOpensAfterDays ?? 14),
		safetClaimWindowDays: Number(settings.amazonSafetClaimWindowDays ?? 30),
		fbaClaimOpensAfterDays: Number(settings.amazonFbaClaimOpensAfterDays ?? 60),
		fbaClaimClosesAfterDays: Number(settings.amazonFbaClaimClosesAfterDays ?? 120),
		exchangeOrderAt: settings.exchangeOrderAt === 'drop-off' ? 'drop-off' : 'receipt',
		closeDay: String(settings.closeDay ?? 'last') || 'last',
		reportTimeZone: String(settings.reportTimeZone ?? '') || 'UTC',
	};
}

/** The policy of 00 Returns settings as shipped. */
export function shippedPolicy(): Policy {
	return policyFrom(shippedSettings());
}
