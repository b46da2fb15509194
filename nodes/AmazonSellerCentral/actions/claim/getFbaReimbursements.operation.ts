/**
 * Claim: Get FBA Reimbursements (report GET_FBA_REIMBURSEMENTS_DATA): one item per reimbursed
 * line with the order, SKU and money in minor units, so the matcher can close a "refunded, never
 * returned" exception as reimbursed instead of chasing it.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor, MoneyError, toMinorUnits } from '../../../shared/money';
import { marketplaceList, reportRange, reportRows } from '../../helpers/reports';
import type { AmazonContext } from '../../transport';

/** No own fields: Marketplace IDs, Data Start/End and the polling fields are shared (common). */
export const description: INodeProperties[] = [];

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

export async function execute(
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
