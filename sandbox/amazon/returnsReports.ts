/**
 * Amazon returns and reimbursements reports in their documented columns:
 * https://developer-docs.amazon.com/sp-api/docs/returns-reports-attributes (MFN),
 * https://developer-docs.amazon.com/sp-api/docs/report-type-values-fba (FBA returns, reimbursements).
 */

export const MFN_RETURNS_COLUMNS = [
	'Order ID',
	'Order date',
	'Return request date',
	'Return request status',
	'Amazon RMA ID',
	'Merchant RMA ID',
	'Label type',
	'Label cost',
	'Currency code',
	'Return carrier',
	'Tracking ID',
	'Label to be paid by',
	'A-to-Z Claim',
	'Is prime',
	'ASIN',
	'Merchant SKU',
	'Item Name',
	'Return quantity',
	'Return Reason',
	'In policy',
	'Return type',
	'Resolution',
	'Invoice number',
	'Return delivery date',
	'Order Amount',
	'Order quantity',
	'SafeT Action reason',
	'SafeT claim id',
	'SafeT claim state',
	'SafeT claim creation time',
	'SafeT claim reimbursement amount',
	'Refunded Amount',
] as const;

export const FBA_RETURNS_COLUMNS = [
	'return-date',
	'order-id',
	'sku',
	'asin',
	'fnsku',
	'product-name',
	'quantity',
	'fulfillment-center-id',
	'detailed-disposition',
	'reason',
	'status',
	'license-plate-number',
	'customer-comments',
] as const;

/**
 * GET_FBA_REIMBURSEMENTS_DATA columns as third-party SP-API clients read them (e.g. the Airbyte
 * Amazon Seller Partner connector); Amazon's models carry no column list (an assumption, listed in
 * docs/vendor-uncertainties.md).
 */
export const FBA_REIMBURSEMENTS_COLUMNS = [
	'approval-date',
	'reimbursement-id',
	'case-id',
	'amazon-order-id',
	'reason',
	'sku',
	'fnsku',
	'asin',
	'product-name',
	'condition',
	'currency-unit',
	'amount-per-unit',
	'amount-total',
	'quantity-reimbursed-cash',
	'quantity-reimbursed-inventory',
	'quantity-reimbursed-total',
	'original-reimbursement-id',
	'original-reimbursement-type',
] as const;

export function reportTsv(columns: readonly string[], rows: Array<Record<string, string>>): string {
	return (
		[
			columns.join('\t'),
			...rows.map((row) =>
				columns.map((column) => (row[column] ?? '').replace(/[\t\n]/g, ' ')).join('\t'),
			),
		].join('\n') + '\n'
	);
}
