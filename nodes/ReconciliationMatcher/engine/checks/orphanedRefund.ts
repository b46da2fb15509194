/** Orphaned refund: money paid out with no return behind it. */
import { MS_PER_DAY } from '../../../shared/timestamps';
import { pastWindow } from '../windows';
import { refs, type ExceptionCheck } from './check';
import { channels, describe, lineBase, totals } from './lineDraft';

export const orphanedRefund: ExceptionCheck = {
	entry: {
		type: 'orphaned_refund',
		title: 'Orphaned refund',
		description:
			'A refund was paid but no return exists for that order line anywhere: no Happy Returns event, no hub shipment, no warehouse receipt. It may be a returnless refund or goodwill gesture, or money paid out in error.',
		rule: 'Raised for the refunds of an order line with no return record (Happy Returns event, manifest line or receipt) on that line, or for an amount-only refund on no line of its order, once the oldest is older than the orphan grace; refunds classified as goodwill or FBA are not orphans.',
		defaultOwner: 'finance',
		defaultSeverity: 'high',
		recommendedAction:
			'Check whether the refund was a deliberate returnless refund or goodwill. If not, recover the money from the customer, or file a SAFE-T claim for Amazon orders before the deadline.',
		clock: 'the refund date',
		deadlineSetting: 'claimDeadlineDaysAmazonMfn',
		amazonClaimWindow: true,
	},
	start: () => ({
		line({ group, orphans: shares, settings }, emit) {
			if (shares.length === 0) return;
			const oldest = shares[0].refund;
			const graceMs = settings.windows.orphanGraceDays * MS_PER_DAY;
			if (!pastWindow(settings.asOf, oldest.refundedAt, graceMs)) return;
			const units = shares.reduce((sum, share) => sum + share.units, 0);
			emit({
				...lineBase(group, 'orphaned_refund'),
				refund: oldest,
				channel: channels(shares),
				units,
				actual: totals(shares),
				clockAt: oldest.refundedAt,
				summary: `Order ${group.orderKey}, SKU ${group.sku || '-'}: ${units > 0 ? `${units} unit(s) refunded` : 'amount-only refund'} (${describe(totals(shares))}, ${channels(shares)}) with no return record in Happy Returns, on any hub shipment or in the warehouse.`,
				evidence: {
					refunds: refs(shares.map((share) => share.refund)),
					returnEvents: refs(group.events),
				},
				details: { amountOnlyRefunds: shares.filter((share) => share.units === 0).length },
			});
		},
	}),
};
