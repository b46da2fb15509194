/**
 * Reports API 2021-06-30 helpers shared by the report operations: report documents (getReport,
 * getReportDocument), marketplace and range parameters, and request -> poll -> download -> rows
 * for reports the node requests itself (returns reports, FBA reimbursements).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { documentLines } from '../documentDownload';
import { amazonRequest, type AmazonContext } from '../transport';

export async function documentOf(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
	documentId: string,
): Promise<{ url: string; gzip: boolean }> {
	const response = await amazonRequest.call(context, ctx, {
		operation: 'getReportDocument',
		itemIndex,
		method: 'GET',
		path: `/reports/2021-06-30/documents/${encodeURIComponent(documentId)}`,
	});
	const body = (response.body ?? {}) as { url?: string; compressionAlgorithm?: string };
	if (!body.url)
		throw new NodeOperationError(
			context.getNode(),
			`Amazon returned no download URL for report document ${documentId}`,
			{ itemIndex },
		);
	return { url: body.url, gzip: body.compressionAlgorithm === 'GZIP' };
}

export async function documentIdOfReport(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
	reportId: string,
): Promise<string> {
	const response = await amazonRequest.call(context, ctx, {
		operation: 'getReport',
		itemIndex,
		method: 'GET',
		path: `/reports/2021-06-30/reports/${encodeURIComponent(reportId)}`,
	});
	const report = (response.body ?? {}) as { processingStatus?: string; reportDocumentId?: string };
	if (report.processingStatus !== 'DONE' || !report.reportDocumentId)
		throw new NodeOperationError(
			context.getNode(),
			`Report ${reportId} is ${report.processingStatus ?? 'unknown'}, not DONE`,
			{ itemIndex },
		);
	return report.reportDocumentId;
}

/**
 * Longest range one report may cover: MFN returns reports hold "up to 60 days of data in a single
 * report" (https://developer-docs.amazon.com/sp-api/docs/returns-reports-attributes). Longer ranges
 * are split into consecutive reports.
 */
const MAX_REPORT_DAYS: Record<string, number> = {
	GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: 60,
};

const DEFAULT_RANGE_DAYS = 30;

/**
 * The marketplace IDs of the Marketplace field, for an item. Version 1 stores text, version 2 a
 * resource locator: extractValue reads both. An expression that yields nothing is empty (never
 * the text "undefined" sent to Amazon as a marketplace).
 */
export function marketplaceIdsOf(context: IExecuteFunctions, itemIndex: number): string[] {
	const value = context.getNodeParameter('marketplaceIds', itemIndex, '', { extractValue: true });
	return String(value ?? '')
		.split(',')
		.map((m) => m.trim())
		.filter(Boolean);
}

export function marketplaceList(context: IExecuteFunctions, itemIndex: number): string[] {
	const marketplaceIds = marketplaceIdsOf(context, itemIndex);
	if (marketplaceIds.length === 0)
		throw new NodeOperationError(context.getNode(), '"Marketplace IDs" is empty', { itemIndex });
	return marketplaceIds;
}

/**
 * The data range of a report request. Amazon's default for an empty start or end is "now" (Reports
 * model, CreateReportSpecification), which gives an empty range: an empty end is now, an empty
 * start is the default range before the end.
 */
export function reportRange(
	context: IExecuteFunctions,
	itemIndex: number,
): { start: number; end: number } {
	const read = (name: string, label: string): number | null => {
		const raw = context.getNodeParameter(name, itemIndex, '') as string;
		if (!raw) return null;
		const ms = Date.parse(String(raw));
		if (Number.isNaN(ms))
			throw new NodeOperationError(context.getNode(), `"${label}" is not a date: ${raw}`, {
				itemIndex,
			});
		return ms;
	};
	const end = Math.min(read('dataEndTime', 'Data End') ?? Date.now(), Date.now());
	const start = read('dataStartTime', 'Data Start') ?? end - DEFAULT_RANGE_DAYS * 86_400_000;
	if (start >= end)
		throw new NodeOperationError(
			context.getNode(),
			`"Data Start" (${new Date(start).toISOString()}) must be before "Data End" (${new Date(end).toISOString()})`,
			{ itemIndex },
		);
	return { start, end };
}

/**
 * Requests a report per slice of the range (each at most the report type's limit), polls each,
 * and yields its rows by header name. CANCELLED means "no data to return" (Reports model,
 * processingStatus) and yields no rows; FATAL is an error.
 */
export async function reportRows(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
	reportType: string,
	marketplaceIds: string[],
	range: { start: number; end: number },
): Promise<IDataObject[]> {
	const sliceMs = (MAX_REPORT_DAYS[reportType] ?? Number.POSITIVE_INFINITY) * 86_400_000;
	const timeoutMs =
		(context.getNodeParameter('pollTimeoutMinutes', itemIndex, 30) as number) * 60_000;
	const pollMs = (context.getNodeParameter('pollIntervalSeconds', itemIndex, 30) as number) * 1000;
	const rows: IDataObject[] = [];
	for (let from = range.start; from < range.end; from += sliceMs) {
		const to = Math.min(range.end, from + sliceMs);
		const created = await amazonRequest.call(context, ctx, {
			operation: 'createReport',
			itemIndex,
			method: 'POST',
			path: '/reports/2021-06-30/reports',
			body: {
				reportType,
				marketplaceIds,
				dataStartTime: new Date(from).toISOString(),
				dataEndTime: new Date(to).toISOString(),
			},
		});
		const reportId = String((created.body as IDataObject).reportId);
		const started = Date.now();
		let documentId: string | undefined;
		let cancelled = false;
		while (!documentId && !cancelled) {
			const response = await amazonRequest.call(context, ctx, {
				operation: 'getReport',
				itemIndex,
				method: 'GET',
				path: `/reports/2021-06-30/reports/${encodeURIComponent(reportId)}`,
			});
			const report = response.body as { processingStatus?: string; reportDocumentId?: string };
			if (report.processingStatus === 'DONE') {
				documentId = report.reportDocumentId;
				if (!documentId)
					throw new NodeOperationError(
						context.getNode(),
						`Report ${reportId} is DONE without a document`,
						{ itemIndex },
					);
			} else if (report.processingStatus === 'CANCELLED') cancelled = true;
			else if (report.processingStatus === 'FATAL')
				throw new NodeOperationError(
					context.getNode(),
					`Amazon aborted report ${reportId} (${reportType}) with FATAL`,
					{
						itemIndex,
						description: `Range ${new Date(from).toISOString()} to ${new Date(to).toISOString()}; request it again later or for a shorter range`,
					},
				);
			else if (Date.now() - started > timeoutMs)
				throw new NodeOperationError(
					context.getNode(),
					`Report ${reportId} was not ready after ${timeoutMs / 60_000} minutes`,
					{ itemIndex },
				);
			else await sleep(pollMs);
		}
		if (cancelled || !documentId) continue;
		const { url, gzip } = await documentOf(context, ctx, itemIndex, documentId);
		let header: string[] | null = null;
		for await (const line of documentLines.call(context, url, gzip)) {
			if (line.trim() === '') continue;
			const cells = line.replace(/\r$/, '').split('\t');
			if (!header) {
				header = cells.map((c) => c.trim());
				continue;
			}
			rows.push({
				reportId,
				reportType,
				...Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])),
			});
		}
	}
	return rows;
}
