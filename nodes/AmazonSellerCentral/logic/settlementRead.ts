/**
 * Reads a settlement document from batches of lines (see documentDownload) into what Settlement
 * Report: Get outputs: the parser's summary, per order and SKU totals, the rows in pages, or the
 * refunds for the matcher. Nothing per row is kept that the chosen output does not need: the
 * parser hands each row over in one reused object, and only the "rows" output copies them.
 * Pure module (no n8n), so the benchmark times exactly this against the read floor.
 */
import { formatMinor } from '../../shared/money';
import {
	SettlementAggregator,
	SettlementParser,
	type OrderSkuTotal,
	type SettlementRow,
} from './settlementParser';
import type { SettlementRefundCollector } from './settlementRefunds';

export type SettlementOutput = 'aggregate' | 'rows' | 'matcherRefunds';

export interface SettlementRead {
	parser: SettlementParser;
	aggregator: SettlementAggregator;
	/** Pages of rows (output "rows" only). */
	pages: SettlementRow[][];
	unknownTypes: number;
}

export async function readSettlement(
	batches: AsyncIterable<readonly string[]>,
	output: SettlementOutput,
	pageSize: number,
	refunds: SettlementRefundCollector | null,
): Promise<SettlementRead> {
	const parser = new SettlementParser();
	const aggregator = new SettlementAggregator();
	const pages: SettlementRow[][] = [];
	let page: SettlementRow[] = [];
	let unknownTypes = 0;
	const keepRows = output === 'rows';
	const onRow = (row: SettlementRow) => {
		aggregator.add(row);
		refunds?.add(row);
		if (row.unknownAmountType) unknownTypes++;
		if (keepRows) {
			page.push({ ...row });
			if (page.length === pageSize) {
				pages.push(page);
				page = [];
			}
		}
	};
	for await (const lines of batches) for (const line of lines) parser.feedInto(line, onRow);
	if (page.length) pages.push(page);
	return { parser, aggregator, pages, unknownTypes };
}

export interface OrderSkuItem extends OrderSkuTotal {
	type: 'orderSku';
	refund: string;
	sales: string;
	fees: string;
	net: string;
}

/** Per order and SKU totals with decimal amounts beside the minor units (for the matcher). */
export function orderSkuItems(aggregator: SettlementAggregator): OrderSkuItem[] {
	return aggregator.list().map((total) => ({
		type: 'orderSku',
		...total,
		refund: formatMinor(total.refundMinor, total.currency),
		sales: formatMinor(total.salesMinor, total.currency),
		fees: formatMinor(total.feesMinor, total.currency),
		net: formatMinor(total.netMinor, total.currency),
	}));
}
