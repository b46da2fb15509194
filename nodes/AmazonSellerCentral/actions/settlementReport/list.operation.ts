/**
 * Settlement Report: List. Settlement reports cannot be requested: Amazon generates them and keeps
 * them 90 days; they are found with getReports
 * (https://developer-docs.amazon.com/sp-api/docs/report-type-values-settlement).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { amazonRequest, type AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Created Since',
		name: 'createdSince',
		type: 'dateTime',
		default: '',
		description: 'Default: 90 days ago (Amazon keeps reports for 90 days)',
		displayOptions: show('settlementReport', ['list']),
	},
	{
		displayName: 'Created Until',
		name: 'createdUntil',
		type: 'dateTime',
		default: '',
		displayOptions: show('settlementReport', ['list']),
	},
];

// V2 and the older flat file ("V1 columns", still listed for past periods): both parse to one shape.
const SETTLEMENT_TYPES = [
	'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
	'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE',
].join(',');

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const since = this.getNodeParameter('createdSince', itemIndex, '') as string;
	const until = this.getNodeParameter('createdUntil', itemIndex, '') as string;
	const reports: IDataObject[] = [];
	let qs: IDataObject = {
		reportTypes: SETTLEMENT_TYPES,
		processingStatuses: 'DONE',
		pageSize: 100,
		...(since ? { createdSince: new Date(since).toISOString() } : {}),
	};
	for (;;) {
		const response = await amazonRequest.call(this, ctx, {
			operation: 'getReports',
			itemIndex,
			method: 'GET',
			path: '/reports/2021-06-30/reports',
			qs,
		});
		const body = (response.body ?? {}) as { reports?: IDataObject[]; nextToken?: string };
		reports.push(...(body.reports ?? []));
		if (!body.nextToken) break;
		// Amazon: with nextToken, send it as the only parameter.
		qs = { nextToken: body.nextToken };
	}
	const untilMs = until ? Date.parse(until) : Number.POSITIVE_INFINITY;
	return reports.filter((r) => Date.parse(String(r.createdTime)) <= untilMs);
}
