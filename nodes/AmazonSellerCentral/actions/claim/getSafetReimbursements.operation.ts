/**
 * Claim: Get SAFE-T Reimbursements: Finances 2024-06-19 transactions of a SAFE-T type in the
 * range, one item per reimbursed line (money paid to the seller, minor units).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor } from '../../../shared/money';
import { reportRange } from '../../helpers/reports';
import { fetchWindow } from '../../helpers/transactions';
import { RefundIndex } from '../../logic/refundIndex';
import type { AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'SAFE-T Transaction Types',
		name: 'safetTypes',
		type: 'string',
		default: 'SAFETReimbursement',
		description:
			'Comma-separated transactionType values of SAFE-T reimbursements (Amazon documents no list)',
		displayOptions: show('claim', ['getSafetReimbursements']),
	},
];

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const range = reportRange(this, itemIndex);
	const end = Math.min(range.end, Date.now() - 3 * 60_000);
	const types = String(this.getNodeParameter('safetTypes', itemIndex, 'SAFETReimbursement'))
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
	const index = new RefundIndex();
	const broken = new Map<string, string>();
	// Reimbursement types are passed as "refund" types here: only they are read.
	await fetchWindow(this, ctx, index, range.start, end, types, broken);
	if (broken.size > 0)
		throw new NodeOperationError(
			this.getNode(),
			`Amazon order ${[...broken.keys()][0] || '(none)'}: ${[...broken.values()][0]}`,
			{ itemIndex },
		);
	return index.all().map((entry) => ({
		channel: 'amazon',
		kind: 'safet_reimbursement',
		transactionId: entry.transactionId,
		transactionType: entry.transactionType,
		orderId: entry.orderId,
		sku: entry.sku,
		// Paid to the seller: Amazon's total as posted (positive).
		amount: formatMinor(entry.netMinor, entry.currency),
		amountMinor: entry.netMinor,
		currency: entry.currency,
		postedAt: entry.postedAt,
		status: entry.status,
	}));
}
