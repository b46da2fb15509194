/**
 * Returns Report: Get. FBA customer returns or MFN returns, requested, polled, downloaded and
 * parsed by header names (https://developer-docs.amazon.com/sp-api/docs/report-type-values-returns).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { marketplaceList, reportRange, reportRows } from '../../helpers/reports';
import type { AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Report Type',
		name: 'returnsReportType',
		type: 'options',
		default: 'fba',
		displayOptions: show('returnsReport', ['get']),
		options: [
			{ name: 'FBA Customer Returns', value: 'fba' },
			{ name: 'Merchant-Fulfilled Returns', value: 'mfn' },
		],
	},
];

const RETURNS_TYPES: Record<string, string> = {
	fba: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
	mfn: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
};

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const kind = this.getNodeParameter('returnsReportType', itemIndex) as string;
	return await reportRows(
		this,
		ctx,
		itemIndex,
		RETURNS_TYPES[kind],
		marketplaceList(this, itemIndex),
		reportRange(this, itemIndex),
	);
}
