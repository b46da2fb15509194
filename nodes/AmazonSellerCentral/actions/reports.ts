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
import { amazonRequest, type AmazonContext } from '../transport';

const SETTLEMENT_TYPE = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';

export async function listSettlements(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const since = this.getNodeParameter('createdSince', itemIndex, '') as string;
	const until = this.getNodeParameter('createdUntil', itemIndex, '') as string;
	const reports: IDataObject[] = [];
	let qs: IDataObject = {
		reportTypes: SETTLEMENT_TYPE,
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
		'aggregate' | 'rows';
	const pageSize = this.getNodeParameter('pageSize', itemIndex, 1000) as number;
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
		if (error instanceof SettlementFormatError)
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
	const head: IDataObject = {
		type: 'summary',
		reportDocumentId: documentId,
		...summary,
		total: formatMinor(summary.totalMinor, summary.currency),
		rows: aggregator.rows,
		rowsTotalMinor: rowsTotal,
		totalsMatch: rowsTotal === summary.totalMinor,
		otherCurrencies: [...aggregator.perCurrency.keys()].filter((c) => c !== summary.currency),
		warnings,
	};
	if (output === 'rows') return [head, ...pages];
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

export async function getReturnsReport(
	this: IExecuteFunctions,
	ctx: AmazonContext,
	itemIndex: number,
): Promise<IDataObject[]> {
	const kind = this.getNodeParameter('returnsReportType', itemIndex) as string;
	const marketplaceIds = String(this.getNodeParameter('marketplaceIds', itemIndex))
		.split(',')
		.map((m) => m.trim())
		.filter(Boolean);
	if (marketplaceIds.length === 0)
		throw new NodeOperationError(this.getNode(), '"Marketplace IDs" is empty', { itemIndex });
	const start = this.getNodeParameter('dataStartTime', itemIndex, '') as string;
	const end = this.getNodeParameter('dataEndTime', itemIndex, '') as string;
	const created = await amazonRequest.call(this, ctx, {
		operation: 'createReport',
		itemIndex,
		method: 'POST',
		path: '/reports/2021-06-30/reports',
		body: {
			reportType: RETURNS_TYPES[kind],
			marketplaceIds,
			...(start ? { dataStartTime: new Date(start).toISOString() } : {}),
			...(end ? { dataEndTime: new Date(end).toISOString() } : {}),
		},
	});
	const reportId = String((created.body as IDataObject).reportId);
	const timeoutMs = (this.getNodeParameter('pollTimeoutMinutes', itemIndex, 30) as number) * 60_000;
	const started = Date.now();
	let documentId: string | undefined;
	while (!documentId) {
		const response = await amazonRequest.call(this, ctx, {
			operation: 'getReport',
			itemIndex,
			method: 'GET',
			path: `/reports/2021-06-30/reports/${reportId}`,
		});
		const report = response.body as { processingStatus?: string; reportDocumentId?: string };
		if (report.processingStatus === 'DONE') documentId = report.reportDocumentId;
		else if (report.processingStatus === 'CANCELLED' || report.processingStatus === 'FATAL')
			throw new NodeOperationError(
				this.getNode(),
				`Amazon ended report ${reportId} as ${report.processingStatus}`,
				{ itemIndex },
			);
		else if (Date.now() - started > timeoutMs)
			throw new NodeOperationError(
				this.getNode(),
				`Report ${reportId} was not ready after ${timeoutMs / 60_000} minutes`,
				{ itemIndex },
			);
		else
			await sleep((this.getNodeParameter('pollIntervalSeconds', itemIndex, 30) as number) * 1000);
	}
	const { url, gzip } = await documentOf(this, ctx, itemIndex, documentId);
	const rows: IDataObject[] = [];
	let header: string[] | null = null;
	for await (const line of documentLines.call(this, url, gzip)) {
		if (line.trim() === '') continue;
		const cells = line.replace(/\r$/, '').split('\t');
		if (!header) {
			header = cells.map((c) => c.trim());
			continue;
		}
		rows.push({
			reportId,
			reportType: RETURNS_TYPES[kind],
			...Object.fromEntries(header.map((name, i) => [name, (cells[i] ?? '').trim()])),
		});
	}
	return rows;
}
