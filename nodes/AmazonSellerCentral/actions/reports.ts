/**
 * Settlement Report: List and Get (streamed, parsed by header names); Returns Report: FBA customer
 * returns and MFN returns (requested, polled, downloaded, parsed by header names).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { formatMinor } from '../../shared/money';
import { documentLines } from '../documentDownload';
import {
	SettlementAggregator,
	SettlementFormatError,
	SettlementParser,
	type SettlementRow,
} from '../logic/settlementParser';
import {
	DEFAULT_SETTLEMENT_REFUND_TYPES,
	SettlementRefundCollector,
	SettlementRefundError,
	tieOut,
	typeList,
} from '../logic/settlementRefunds';
import { amazonRequest, type AmazonContext } from '../transport';

// V2 and the older flat file ("V1 columns", still listed for past periods): both parse to one shape.
const SETTLEMENT_TYPES = [
	'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
	'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE',
].join(',');

export async function listSettlements(
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

async function documentOf(
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

async function documentIdOfReport(
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
 * Settlement Report: Get. Streams the document line by line; outputs one summary item (with a
 * check that the rows add up to Amazon's stated total, per currency) plus either per order and SKU
 * totals or the rows in pages.
 */
export async function getSettlement(
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
	const parser = new SettlementParser();
	const aggregator = new SettlementAggregator();
	const pages: IDataObject[] = [];
	let page: SettlementRow[] = [];
	let unknownTypes = 0;
	try {
		for await (const line of documentLines.call(this, url, gzip)) {
			for (const row of parser.feed(line)) {
				aggregator.add(row);
				refunds?.add(row);
				if (row.unknownAmountType) unknownTypes++;
				if (output === 'rows') {
					page.push(row);
					if (page.length === pageSize) {
						pages.push({
							type: 'rows',
							page: pages.length + 1,
							rows: page as unknown as IDataObject[],
						});
						page = [];
					}
				}
			}
		}
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
	if (page.length)
		pages.push({ type: 'rows', page: pages.length + 1, rows: page as unknown as IDataObject[] });
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
	return [
		head,
		...aggregator.list().map(
			(total) =>
				({
					type: 'orderSku',
					...total,
					refund: formatMinor(total.refundMinor, total.currency),
					sales: formatMinor(total.salesMinor, total.currency),
					fees: formatMinor(total.feesMinor, total.currency),
					net: formatMinor(total.netMinor, total.currency),
				}) as unknown as IDataObject,
		),
	];
}

const RETURNS_TYPES: Record<string, string> = {
	fba: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
	mfn: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
};

/**
 * Longest range one report may cover: MFN returns reports hold "up to 60 days of data in a single
 * report" (https://developer-docs.amazon.com/sp-api/docs/returns-reports-attributes). Longer ranges
 * are split into consecutive reports.
 */
const MAX_REPORT_DAYS: Record<string, number> = {
	GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: 60,
};

const DEFAULT_RANGE_DAYS = 30;

export function marketplaceList(context: IExecuteFunctions, itemIndex: number): string[] {
	const marketplaceIds = String(context.getNodeParameter('marketplaceIds', itemIndex, ''))
		.split(',')
		.map((m) => m.trim())
		.filter(Boolean);
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

export async function getReturnsReport(
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
