/**
 * Settlement Report: Get. Streams the document line by line and parses it by header names, V2 and
 * V1 column sets alike (https://developer-docs.amazon.com/sp-api/docs/settlement-reports-attributes).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { formatMinor } from '../../../shared/money';
import { documentLineBatches } from '../../documentDownload';
import { documentIdOfReport, documentOf } from '../../helpers/reports';
import { SettlementFormatError } from '../../logic/settlementParser';
import { orderSkuItems, readSettlement, type SettlementRead } from '../../logic/settlementRead';
import {
	DEFAULT_SETTLEMENT_REFUND_TYPES,
	SettlementRefundCollector,
	SettlementRefundError,
	tieOut,
	typeList,
} from '../../logic/settlementRefunds';
import type { AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Report By',
		name: 'settlementBy',
		type: 'options',
		default: 'reportId',
		displayOptions: show('settlementReport', ['get']),
		options: [
			{ name: 'Report ID', value: 'reportId' },
			{ name: 'Report Document ID', value: 'documentId' },
		],
	},
	{
		displayName: 'Report',
		name: 'settlementValue',
		type: 'string',
		default: '={{ $json.reportId }}',
		required: true,
		displayOptions: show('settlementReport', ['get']),
	},
	{
		displayName: 'Output',
		name: 'settlementOutput',
		type: 'options',
		default: 'aggregate',
		displayOptions: show('settlementReport', ['get']),
		options: [
			{
				name: 'Totals per Order and SKU',
				value: 'aggregate',
				description: 'Refunds, sales, fees and net per order, SKU and currency',
			},
			{
				name: 'Rows in Pages',
				value: 'rows',
				description: 'Every amount row, in items of a page of rows each',
			},
			{
				name: 'Refunds for the Reconciliation Matcher',
				value: 'matcherRefunds',
				description:
					"Refund, chargeback and reversal-reimbursement rows as refund records under the matcher's field names, after the summary item",
			},
		],
	},
	{
		displayName: 'On Tie-Out Difference',
		name: 'tieOutDifference',
		type: 'options',
		default: 'flag',
		description:
			"What to do when the rows do not add up to the settlement's total-amount (or a row is in another currency)",
		displayOptions: show('settlementReport', ['get']),
		options: [
			{
				name: 'Flag',
				value: 'flag',
				description: 'Output everything; the summary item says the difference under tieOut',
			},
			{
				name: 'Error',
				value: 'error',
				description: 'Stop with an error naming the difference',
			},
		],
	},
	{
		displayName: 'Refund Transaction Types',
		name: 'settlementRefundTypes',
		type: 'string',
		default: 'Refund',
		description:
			'Comma-separated transaction-type values of refunds to the buyer. Amazon documents no list; case, spaces and underscores are ignored.',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Chargeback Transaction Types',
		name: 'settlementChargebackTypes',
		type: 'string',
		default: 'Chargeback Refund',
		description:
			'Comma-separated transaction-type values of chargebacks (output with type chargeback)',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Reversal Transaction Types',
		name: 'settlementReversalTypes',
		type: 'string',
		default: 'REVERSAL_REIMBURSEMENT',
		description:
			'Comma-separated transaction-type values where Amazon pays an earlier refund back to the seller (output with type reversal: the matcher nets it against that refund)',
		displayOptions: {
			show: {
				resource: ['settlementReport'],
				operation: ['get'],
				settlementOutput: ['matcherRefunds'],
			},
		},
	},
	{
		displayName: 'Rows per Page',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		displayOptions: {
			show: { resource: ['settlementReport'], operation: ['get'], settlementOutput: ['rows'] },
		},
	},
];

/**
 * Settlement Report: Get. Streams the document line by line; outputs one summary item (with a
 * check that the rows add up to Amazon's stated total, per currency) plus either per order and SKU
 * totals or the rows in pages.
 */
export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
	seenSettlements: Set<string>,
): Promise<IDataObject[]> {
	const by = this.getNodeParameter('settlementBy', itemIndex, 'reportId') as string;
	const value = String(this.getNodeParameter('settlementValue', itemIndex)).trim();
	if (!value) throw new NodeOperationError(this.getNode(), '"Report" is empty', { itemIndex });
	const output = this.getNodeParameter('settlementOutput', itemIndex, 'aggregate') as
		'aggregate' | 'rows' | 'matcherRefunds';
	const pageSize = this.getNodeParameter('pageSize', itemIndex, 1000) as number;
	const onDifference = this.getNodeParameter('tieOutDifference', itemIndex, 'flag') as
		'flag' | 'error';
	let refunds: SettlementRefundCollector | null = null;
	if (output === 'matcherRefunds') {
		const types = (name: string, fallback: readonly string[]) =>
			typeList(this.getNodeParameter(name, itemIndex, '') as string, fallback);
		try {
			refunds = new SettlementRefundCollector({
				refund: types('settlementRefundTypes', DEFAULT_SETTLEMENT_REFUND_TYPES.refund),
				chargeback: types('settlementChargebackTypes', DEFAULT_SETTLEMENT_REFUND_TYPES.chargeback),
				reversal: types('settlementReversalTypes', DEFAULT_SETTLEMENT_REFUND_TYPES.reversal),
			});
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
	}
	const documentId =
		by === 'documentId' ? value : await documentIdOfReport(this, ctx, itemIndex, value);
	const { url, gzip } = await documentOf(this, ctx, itemIndex, documentId);
	let read: SettlementRead;
	try {
		read = await readSettlement(
			documentLineBatches.call(this, url, gzip),
			output,
			pageSize,
			refunds,
		);
	} catch (error) {
		if (error instanceof SettlementFormatError || error instanceof SettlementRefundError)
			throw new NodeOperationError(this.getNode(), `Settlement report ${value}: ${error.message}`, {
				itemIndex,
			});
		throw new NodeOperationError(
			this.getNode(),
			`Settlement report ${value} could not be read: ${(error as Error).message} (truncated or corrupt download?)`,
			{ itemIndex },
		);
	}
	const { parser, aggregator, unknownTypes } = read;
	const pages = read.pages.map((rows, index) => ({
		type: 'rows',
		page: index + 1,
		rows: rows as unknown as IDataObject[],
	}));
	const summary = parser.summary;
	if (!summary)
		throw new NodeOperationError(this.getNode(), `Settlement report ${value} has no summary row`, {
			itemIndex,
		});
	const warnings = [...parser.warnings];
	if (seenSettlements.has(summary.settlementId))
		warnings.push(
			`Settlement ${summary.settlementId} was already read in this execution; do not book it twice`,
		);
	seenSettlements.add(summary.settlementId);
	if (unknownTypes)
		warnings.push(
			`${unknownTypes} row(s) have an amount type this node does not know; they are kept and tagged unknownAmountType`,
		);
	const rowsTotal = aggregator.perCurrency.get(summary.currency) ?? 0;
	const tie = tieOut(summary, aggregator.perCurrency);
	if (!tie.matches && onDifference === 'error')
		throw new NodeOperationError(this.getNode(), tie.message, {
			itemIndex,
			description: `Report ${value}; the rows were not output. Set "On Tie-Out Difference" to "Flag" to read them anyway.`,
		});
	const head: IDataObject = {
		type: 'summary',
		reportDocumentId: documentId,
		...summary,
		total: formatMinor(summary.totalMinor, summary.currency),
		rows: aggregator.rows,
		rowsTotalMinor: rowsTotal,
		totalsMatch: rowsTotal === summary.totalMinor,
		otherCurrencies: [...aggregator.perCurrency.keys()].filter((c) => c !== summary.currency),
		tieOut: tie as unknown as IDataObject,
		warnings,
	};
	if (output === 'rows') return [head, ...pages];
	if (refunds) return [head, ...(refunds.list() as unknown as IDataObject[])];
	// Decimal amounts beside the minor units, so workflows can map them straight into the matcher.
	return [head, ...(orderSkuItems(aggregator) as unknown as IDataObject[])];
}
