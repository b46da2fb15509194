/**
 * Refund: Refund on Receipt (MFN). The SP-API has no call to mark a merchant-fulfilled return
 * received; the documented way to act on the receipt is a refund through the order-adjustment feed
 * (Feeds API 2021-06-30: createFeedDocument, upload, createFeed, getFeed until done, then the
 * processing report: https://developer-docs.amazon.com/sp-api/docs/feeds-api-v2021-06-30-use-case-guide).
 *
 * Guards, in order: the unit must be received; a fresh refund check of the order (listTransactions
 * by ORDER_ID) must say "not_refunded" (a refund found, or one that may still be posting, stops
 * the line); the credential must allow refund feeds and the node must be in "Submit" mode,
 * otherwise the feed is only shown (dry run). A feed is a write: it is sent once, never retried.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { MoneyError, normalizeCurrency, toMinorUnits } from '../../../shared/money';
import { asNodeError, errorItem } from '../../../shared/n8n/runPerItem';
import { documentLines } from '../../documentDownload';
import { marketplaceIdsOf } from '../../helpers/reports';
import { fetchOrder, type BrokenOrders } from '../../helpers/transactions';
import {
	merchantAdjustmentItemId,
	orderAdjustmentFeed,
	processingResults,
	type AdjustmentLine,
} from '../../logic/orderAdjustmentFeed';
import { DEFAULT_REFUND_TYPES, receiptRefundStatus, RefundIndex } from '../../logic/refundIndex';
import { amazonRequest, type AmazonContext } from '../../transport';
import { show } from '../common.descriptions';

/**
 * Refund on Receipt's own fields; Amazon Order ID, Refund Trigger Date, Options, Marketplace IDs
 * and the polling fields are shared (common).
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'feedMode',
		type: 'options',
		default: 'dryRun',
		displayOptions: show('refund', ['refundOnReceipt']),
		options: [
			{
				name: 'Dry Run (Show the Feed)',
				value: 'dryRun',
				description: 'Checks every line and outputs the feed it would send; sends nothing',
			},
			{
				name: 'Submit',
				value: 'submit',
				description:
					'Sends the feed when the credential allows refunds through feeds, and waits for its processing report',
			},
		],
	},
	{
		displayName: 'Order Item ID',
		name: 'orderItemId',
		type: 'string',
		default: '',
		required: true,
		description: "Amazon's order item code of the returned line (AmazonOrderItemCode)",
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		default: '',
		required: true,
		description:
			'The return (e.g. Amazon RMA or Happy Returns ID); with the unit it makes MerchantAdjustmentItemID, so one unit is refunded once',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Return Unit',
		name: 'returnUnit',
		type: 'string',
		default: '1',
		description: 'Which unit of the return this is (1, 2, …)',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Unit Received',
		name: 'unitReceived',
		type: 'boolean',
		default: false,
		description:
			'Whether the warehouse has received the unit; lines not received are never refunded',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'USD',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Principal',
		name: 'refundPrincipal',
		type: 'string',
		default: '',
		required: true,
		description: 'Item price to refund, in the currency (e.g. 29.99)',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Tax',
		name: 'refundTax',
		type: 'string',
		default: '',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Shipping',
		name: 'refundShipping',
		type: 'string',
		default: '',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description:
			'SKU of the returned line: refunds Amazon made for other SKUs of the order do not stop this one. Empty: any refund on the order stops it.',
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Units of This SKU Received',
		name: 'skuUnitsReceived',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"Units of this SKU received back on the order so far, this one included. With it, a line is refunded while Amazon's refunded units plus this batch's stay within it (one unit of two refunded by Amazon leaves the other). 0: unknown, any refund of the SKU stops the line.",
		displayOptions: show('refund', ['refundOnReceipt']),
	},
	{
		displayName: 'Adjustment Reason',
		name: 'adjustmentReason',
		type: 'string',
		default: 'CustomerReturn',
		description: "Amazon's AdjustmentReason value",
		displayOptions: show('refund', ['refundOnReceipt']),
	},
];

const FEED_TYPE = 'POST_PAYMENT_ADJUSTMENT_DATA';

interface Line extends AdjustmentLine {
	itemIndex: number;
	triggerAt: number | null;
	sku: string;
	skuUnitsReceived: number;
}

function readLine(context: IExecuteFunctions, itemIndex: number): Line {
	const text = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const fail = (message: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex });
	const amazonOrderId = text('orderId');
	if (!/^\d{3}-\d{7}-\d{7}$/.test(amazonOrderId))
		throw fail(`"Amazon Order ID" must look like 123-1234567-1234567, got "${amazonOrderId}"`);
	const amazonOrderItemCode = text('orderItemId');
	if (!amazonOrderItemCode) throw fail('"Order Item ID" is empty');
	const returnId = text('returnId');
	const unit = text('returnUnit');
	if (!returnId) throw fail('"Return ID" is empty: it makes the refund idempotent');
	let currency: string;
	try {
		currency = normalizeCurrency(text('currency'));
	} catch (error) {
		throw fail(`"Currency" ${(error as Error).message}`);
	}
	const amount = (name: string, label: string) => {
		const raw = text(name);
		if (!raw) return 0;
		try {
			const minor = toMinorUnits(raw, currency);
			if (minor < 0) throw new MoneyError(`"${raw}" is negative`, 'range');
			return minor;
		} catch (error) {
			throw fail(`"${label}" ${(error as Error).message}`);
		}
	};
	const principalMinor = amount('refundPrincipal', 'Principal');
	if (principalMinor <= 0) throw fail('"Principal" must be more than 0');
	const quantity = Number(context.getNodeParameter('quantity', itemIndex, 1));
	if (!Number.isInteger(quantity) || quantity < 1)
		throw fail(`"Quantity" must be a whole number of at least 1, got ${String(quantity)}`);
	const trigger = text('refundTriggerDate');
	const triggerAt = trigger ? Date.parse(trigger) : null;
	if (triggerAt !== null && Number.isNaN(triggerAt))
		throw fail(`"Refund Trigger Date" is not a date: ${trigger}`);
	return {
		itemIndex,
		amazonOrderId,
		amazonOrderItemCode,
		merchantAdjustmentItemId: merchantAdjustmentItemId(returnId, unit || '1'),
		reason: text('adjustmentReason') || 'CustomerReturn',
		currency,
		principalMinor,
		taxMinor: amount('refundTax', 'Tax'),
		shippingMinor: amount('refundShipping', 'Shipping'),
		quantity,
		triggerAt,
		sku: text('sku'),
		skuUnitsReceived: Math.max(
			0,
			Math.floor(Number(context.getNodeParameter('skuUnitsReceived', itemIndex, 0)) || 0),
		),
	};
}

async function submitFeed(
	context: IExecuteFunctions,
	ctx: AmazonContext,
	document: string,
	marketplaceIds: string[],
	itemIndex: number,
): Promise<{ feedId: string; report: string }> {
	const created = await amazonRequest.call(context, ctx, {
		operation: 'createFeedDocument',
		itemIndex,
		method: 'POST',
		path: '/feeds/2021-06-30/documents',
		body: { contentType: 'text/xml; charset=UTF-8' },
	});
	const { feedDocumentId, url } = created.body as { feedDocumentId?: string; url?: string };
	if (!feedDocumentId || !url)
		throw new NodeOperationError(context.getNode(), 'Amazon returned no feed document URL', {
			itemIndex,
		});
	// The presigned upload URL takes the bytes with the same content type, no SP-API headers.
	await context.helpers.httpRequest({
		method: 'PUT',
		url,
		body: document,
		headers: { 'Content-Type': 'text/xml; charset=UTF-8' },
	});
	const feed = await amazonRequest.call(context, ctx, {
		operation: 'createFeed',
		itemIndex,
		method: 'POST',
		path: '/feeds/2021-06-30/feeds',
		body: { feedType: FEED_TYPE, marketplaceIds, inputFeedDocumentId: feedDocumentId },
	});
	const feedId = String((feed.body as IDataObject).feedId ?? '');
	const pollMs = (context.getNodeParameter('pollIntervalSeconds', itemIndex, 30) as number) * 1000;
	const timeoutMs =
		(context.getNodeParameter('pollTimeoutMinutes', itemIndex, 30) as number) * 60_000;
	const started = Date.now();
	for (;;) {
		const response = await amazonRequest.call(context, ctx, {
			operation: 'getFeed',
			itemIndex,
			method: 'GET',
			path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`,
		});
		const status = response.body as { processingStatus?: string; resultFeedDocumentId?: string };
		if (status.processingStatus === 'DONE' || status.processingStatus === 'FATAL') {
			if (!status.resultFeedDocumentId)
				throw new NodeOperationError(
					context.getNode(),
					`Feed ${feedId} ended ${status.processingStatus} without a processing report`,
					{ itemIndex, description: 'Check the feed in Seller Central before sending it again' },
				);
			const doc = await amazonRequest.call(context, ctx, {
				operation: 'getFeedDocument',
				itemIndex,
				method: 'GET',
				path: `/feeds/2021-06-30/documents/${encodeURIComponent(status.resultFeedDocumentId)}`,
			});
			const body = doc.body as { url?: string; compressionAlgorithm?: string };
			const lines: string[] = [];
			for await (const line of documentLines.call(
				context,
				String(body.url),
				body.compressionAlgorithm === 'GZIP',
			))
				lines.push(line);
			return { feedId, report: lines.join('\n') };
		}
		if (status.processingStatus === 'CANCELLED')
			throw new NodeOperationError(context.getNode(), `Feed ${feedId} was cancelled`, {
				itemIndex,
			});
		if (Date.now() - started > timeoutMs)
			throw new NodeOperationError(
				context.getNode(),
				`Feed ${feedId} was not processed after ${timeoutMs / 60_000} minutes`,
				{ itemIndex, description: 'Do not send it again: check the feed in Seller Central first' },
			);
		await sleep(pollMs);
	}
}

export async function execute(
	this: IExecuteFunctions,
	ctx: AmazonContext,
): Promise<INodeExecutionData[]> {
	const credentials = await this.getCredentials<{ allowRefundFeeds?: boolean; sellerId?: string }>(
		'amazonSpApi',
	);
	const mode = this.getNodeParameter('feedMode', 0, 'dryRun') as 'dryRun' | 'submit';
	const options = this.getNodeParameter('refundOptions', 0, {}) as { lagHours?: number };
	const lagMs = (options.lagHours ?? 48) * 3_600_000;
	const output: INodeExecutionData[] = [];
	const push = (itemIndex: number, json: IDataObject) =>
		output.push({ json, pairedItem: { item: itemIndex } });
	const lines: Line[] = [];
	const ids = new Set<string>();
	const index = new RefundIndex();
	const broken: BrokenOrders = new Map();
	const fetched = new Set<string>();
	// Units of each order and SKU passed for refunding so far in this batch.
	const queued = new Map<string, number>();
	const checkedAt = Date.now();
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			const line = readLine(this, itemIndex);
			const base = {
				orderId: line.amazonOrderId,
				orderItemId: line.amazonOrderItemCode,
				merchantAdjustmentItemId: line.merchantAdjustmentItemId,
			};
			if (this.getNodeParameter('unitReceived', itemIndex, false) !== true) {
				push(itemIndex, { ...base, result: 'not_received', refunded: false });
				continue;
			}
			if (ids.has(line.merchantAdjustmentItemId)) {
				push(itemIndex, { ...base, result: 'duplicate_in_batch', refunded: false });
				continue;
			}
			if (!fetched.has(line.amazonOrderId)) {
				await fetchOrder(
					this,
					ctx,
					index,
					line.amazonOrderId,
					itemIndex,
					[...DEFAULT_REFUND_TYPES],
					broken,
				);
				fetched.add(line.amazonOrderId);
			}
			const problem = broken.get(line.amazonOrderId.toUpperCase());
			if (problem)
				throw new NodeOperationError(
					this.getNode(),
					`Amazon order ${line.amazonOrderId}: ${problem}`,
					{
						itemIndex,
					},
				);
			// Per order line: a refund of another SKU of the order does not stop this one.
			const queuedKey = `${line.amazonOrderId}|${line.sku.toUpperCase()}`;
			const status = receiptRefundStatus(index.lookup(line.amazonOrderId), {
				sku: line.sku,
				quantity: line.quantity,
				unitsReceived: line.skuUnitsReceived,
				alreadyQueued: queued.get(queuedKey) ?? 0,
				triggerAt: line.triggerAt,
				checkedAt,
				lagMs,
			});
			if (status !== 'not_refunded') {
				push(itemIndex, {
					...base,
					result: status === 'refunded' ? 'already_refunded' : 'not_yet_known',
					refundStatus: status,
					refunded: false,
				});
				continue;
			}
			ids.add(line.merchantAdjustmentItemId);
			queued.set(queuedKey, (queued.get(queuedKey) ?? 0) + line.quantity);
			lines.push(line);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	const sortOutput = () =>
		output.sort(
			(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
		);
	if (lines.length === 0) return sortOutput();
	const document = orderAdjustmentFeed(credentials.sellerId || 'UNKNOWN', lines);
	const submit = mode === 'submit' && credentials.allowRefundFeeds === true;
	if (!submit) {
		for (const [position, line] of lines.entries())
			push(line.itemIndex, {
				orderId: line.amazonOrderId,
				orderItemId: line.amazonOrderItemCode,
				merchantAdjustmentItemId: line.merchantAdjustmentItemId,
				result: 'dry_run',
				refunded: false,
				messageId: position + 1,
				reason:
					mode === 'submit'
						? 'The credential does not allow refunds through feeds ("Allow Refunds Through Feeds" is off)'
						: 'Dry run: nothing was sent',
				...(position === 0 ? { feed: document, feedType: FEED_TYPE } : {}),
			});
		return sortOutput();
	}
	const marketplaceIds = marketplaceIdsOf(this, 0);
	if (marketplaceIds.length === 0)
		throw new NodeOperationError(this.getNode(), '"Marketplace IDs" is empty', {
			itemIndex: lines[0].itemIndex,
		});
	const { feedId, report } = await submitFeed(
		this,
		ctx,
		document,
		marketplaceIds,
		lines[0].itemIndex,
	);
	const results = processingResults(report, lines.length);
	for (const [position, line] of lines.entries()) {
		const result = results[position];
		push(line.itemIndex, {
			orderId: line.amazonOrderId,
			orderItemId: line.amazonOrderItemCode,
			merchantAdjustmentItemId: line.merchantAdjustmentItemId,
			feedId,
			messageId: result.messageId,
			result: result.status,
			refunded: result.status === 'accepted',
			amazonCode: result.code,
			amazonMessage: result.message,
		});
	}
	return sortOutput();
}
