/**
 * The order-adjustment feed (feed type POST_PAYMENT_ADJUSTMENT_DATA, XML, message type
 * OrderAdjustment: https://developer-docs.amazon.com/sp-api/docs/order-feed-type-values), the one
 * documented way to refund a merchant-fulfilled order through the SP-API (maintainer answer in
 * https://github.com/amzn/selling-partner-api-models/issues/4185), and its processing report.
 * Each line carries a MerchantAdjustmentItemID derived from the return unit, so the same unit
 * always yields the same id. Pure module: no n8n imports.
 */
import { formatMinor } from '../../shared/money';

export interface AdjustmentLine {
	amazonOrderId: string;
	amazonOrderItemCode: string;
	merchantAdjustmentItemId: string;
	reason: string;
	currency: string;
	principalMinor: number;
	taxMinor: number;
	shippingMinor: number;
	quantity: number;
}

export interface LineResult {
	messageId: number;
	status: 'accepted' | 'rejected';
	code: string;
	message: string;
}

function fnv1a(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

/**
 * The same return unit always gives the same id: letters, digits and dashes, at most 40
 * characters (longer ones keep a readable prefix and a hash of the whole).
 */
export function merchantAdjustmentItemId(returnId: string, unit: string | number): string {
	const base = `RR-${returnId}-${unit}`.replace(/[^A-Za-z0-9-]/g, '-');
	return base.length <= 40 ? base : `${base.slice(0, 31)}-${fnv1a(base)}`;
}

function xml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

function component(type: string, minor: number, currency: string): string {
	return minor === 0
		? ''
		: `<Component><Type>${type}</Type><Amount currency="${xml(currency)}">${formatMinor(minor, currency)}</Amount></Component>`;
}

/** The feed document: one message per line, MessageID = position + 1. */
export function orderAdjustmentFeed(merchantId: string, lines: AdjustmentLine[]): string {
	const messages = lines.map(
		(line, index) =>
			`<Message><MessageID>${index + 1}</MessageID><OrderAdjustment>` +
			`<AmazonOrderID>${xml(line.amazonOrderId)}</AmazonOrderID><ActionType>Refund</ActionType>` +
			`<AdjustedItem><AmazonOrderItemCode>${xml(line.amazonOrderItemCode)}</AmazonOrderItemCode>` +
			`<MerchantAdjustmentItemID>${xml(line.merchantAdjustmentItemId)}</MerchantAdjustmentItemID>` +
			`<AdjustmentReason>${xml(line.reason)}</AdjustmentReason><ItemPriceAdjustments>` +
			component('Principal', line.principalMinor, line.currency) +
			component('Shipping', line.shippingMinor, line.currency) +
			component('Tax', line.taxMinor, line.currency) +
			`</ItemPriceAdjustments><Quantity>${line.quantity}</Quantity></AdjustedItem>` +
			`</OrderAdjustment></Message>`,
	);
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		'<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">' +
		`<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${xml(merchantId)}</MerchantIdentifier></Header>` +
		`<MessageType>OrderAdjustment</MessageType>${messages.join('')}</AmazonEnvelope>\n`
	);
}

function tag(block: string, name: string): string {
	const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
	return (match?.[1] ?? '')
		.trim()
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

/**
 * Per-line results from an XML processing report: a message with an Error result is rejected
 * with Amazon's code and text; the others are accepted (warnings kept as the message).
 */
export function processingResults(report: string, messageCount: number): LineResult[] {
	const results = new Map<number, { code: string; message: string; error: boolean }>();
	for (const match of report.matchAll(/<Result>([\s\S]*?)<\/Result>/g)) {
		const block = match[1];
		const id = Number(tag(block, 'MessageID'));
		const error = tag(block, 'ResultCode').toLowerCase() === 'error';
		const previous = results.get(id);
		if (previous?.error && !error) continue;
		results.set(id, {
			code: tag(block, 'ResultMessageCode'),
			message: tag(block, 'ResultDescription'),
			error,
		});
	}
	return Array.from({ length: messageCount }, (_, index) => {
		const found = results.get(index + 1);
		return {
			messageId: index + 1,
			status: found?.error ? 'rejected' : 'accepted',
			code: found?.code ?? '',
			message: found?.message ?? '',
		};
	});
}
