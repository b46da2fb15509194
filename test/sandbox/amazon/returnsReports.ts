/** Amazon returns reports in their documented columns (amazon-sp-api.md §3.5, §3.6). */

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
