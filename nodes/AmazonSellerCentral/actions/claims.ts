/**
 * Claim: Get FBA Reimbursements (report GET_FBA_REIMBURSEMENTS_DATA) and Get SAFE-T
 * Reimbursements (Finances 2024-06-19 transactions of a reimbursement type). Both output one item
 * per reimbursed line with the order, SKU and money in minor units, so the matcher can close a
 * "refunded, never returned" exception as reimbursed instead of chasing it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor, MoneyError, toMinorUnits } from '../../shared/money';
import { RefundIndex } from '../logic/refundIndex';
import type { AmazonContext } from '../transport';
import { fetchWindow } from './refundCheck';
import { marketplaceList, reportRange, reportRows } from './reports';

const FBA_REIMBURSEMENTS = 'GET_FBA_REIMBURSEMENTS_DATA';

function amountOf(
	context: IExecuteFunctions,
	row: IDataObject,
	column: string,
	itemIndex: number,
): { minor: number; currency: string } {
	const currency = String(row['currency-unit'] ?? '').trim();
	const text = String(row[column] ?? '').trim();
	try {
		if (!text) throw new MoneyError(`"${column}" is empty`, 'format');
		return { minor: toMinorUnits(text, currency), currency: currency.toUpperCase() };
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Reimbursement ${String(row['reimbursement-id'] ?? '?')}: ${(error as Error).message}`,
			{ itemIndex },
		);
	}
}

export async function getFbaReimbursements(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const rows = await reportRows(
		this,
		ctx,
		itemIndex,
		FBA_REIMBURSEMENTS,
		marketplaceList(this, itemIndex),
		reportRange(this, itemIndex),
	);
	return rows.map((row) => {
		const total = amountOf(this, row, 'amount-total', itemIndex);
		return {
			channel: 'amazon',
			kind: 'fba_reimbursement',
			reimbursementId: row['reimbursement-id'] ?? '',
			caseId: row['case-id'] ?? '',
			orderId: row['amazon-order-id'] ?? '',
			sku: row.sku ?? '',
			reason: row.reason ?? '',
			quantity: Number(row['quantity-reimbursed-total'] ?? 0) || 0,
			quantityCash: Number(row['quantity-reimbursed-cash'] ?? 0) || 0,
			amount: formatMinor(total.minor, total.currency),
			amountMinor: total.minor,
			currency: total.currency,
			approvedAt: row['approval-date'] ?? '',
			raw: row,
		};
	});
}

export async function getSafetReimbursements(
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
