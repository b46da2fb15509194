/**
 * Order: Get (with lines and shipments), Add Note (not repeated: the same text is not added twice),
 * Create Exchange Order (REST Order API; zero-value or full price with a discount).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { vendorRequest } from '../../shared/n8n/vendorRequest';
import { ADD_ORDER_NOTE, ORDER_BY_NUMBER, ORDER_HISTORY } from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import type { CentraLookups } from './lookups';

interface HistoryOrder {
	id: string;
	number: number;
	history: Array<{ id: number; createdAt: string; type: string; dataJSON: string }>;
}

function orderNumber(context: IExecuteFunctions, itemIndex: number): number {
	const raw = context.getNodeParameter('orderNumber', itemIndex);
	const number = Number(raw);
	if (!Number.isInteger(number) || number <= 0)
		throw new NodeOperationError(
			context.getNode(),
			`"Order Number" must be a Centra order number, got "${String(raw)}"`,
			{ itemIndex },
		);
	return number;
}

export async function getOrder(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const number = orderNumber(this, itemIndex);
	const data = await centraGraphql<{ orders: IDataObject[] }>(this, lookups.credentials, {
		operation: 'Get Order',
		itemIndex,
		query: ORDER_BY_NUMBER,
		variables: { number: [number] },
		idempotent: true,
	});
	if (data.orders.length === 0) return { found: false, orderNumber: number };
	return { found: true, ...data.orders[0] };
}

async function notes(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	number: number,
	itemIndex: number,
): Promise<string[]> {
	const data = await centraGraphql<{ orders: HistoryOrder[] }>(context, lookups.credentials, {
		operation: 'Get Order History',
		itemIndex,
		query: ORDER_HISTORY,
		variables: { number: [number] },
		idempotent: true,
	});
	if (data.orders.length === 0)
		throw new NodeOperationError(context.getNode(), `Order ${number} not found in Centra`, {
			itemIndex,
		});
	return data.orders[0].history
		.filter((h) => h.type === 'USER_NOTE_ADDED')
		.map((h) => {
			try {
				return String((JSON.parse(h.dataJSON) as { note?: unknown }).note ?? '');
			} catch {
				return h.dataJSON;
			}
		});
}

export async function addNote(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const number = orderNumber(this, itemIndex);
	const note = String(this.getNodeParameter('note', itemIndex)).trim();
	if (!note) throw new NodeOperationError(this.getNode(), '"Note" is empty', { itemIndex });
	if ((await notes(this, lookups, number, itemIndex)).includes(note))
		return { orderNumber: number, note, wrote: false, alreadyNoted: true };
	const data = await centraGraphql<{
		addOrderNote: MutationPayload & { orderHistoryEntry: IDataObject | null };
	}>(this, lookups.credentials, {
		operation: 'Add Order Note',
		itemIndex,
		query: ADD_ORDER_NOTE,
		variables: { input: { order: { number }, note } },
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.addOrderNote, 'Add Order Note', itemIndex);
	return {
		orderNumber: number,
		note,
		wrote: true,
		alreadyNoted: false,
		entry: data.addOrderNote.orderHistoryEntry,
	};
}

/**
 * The Order API has no look-up by origin, so the exchange is recorded as a note on the original
 * order ("Exchange for return X: order N"); a re-run finds the note and creates nothing.
 */
export async function createExchangeOrder(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	if (!lookups.credentials.orderApiUrl)
		throw new NodeOperationError(
			this.getNode(),
			'The Centra credential has no Order API URL; exchange orders need the REST Order API',
			{ itemIndex },
		);
	const original = orderNumber(this, itemIndex);
	const returnId = String(this.getNodeParameter('returnReference', itemIndex)).trim();
	if (!returnId)
		throw new NodeOperationError(this.getNode(), '"Return Reference" is empty', { itemIndex });
	const marker = `Exchange for return ${returnId}: order `;
	const earlier = (await notes(this, lookups, original, itemIndex)).find((n) =>
		n.startsWith(marker),
	);
	if (earlier)
		return {
			wrote: false,
			alreadyCreated: true,
			originalOrder: original,
			returnReference: returnId,
			exchangeOrder: earlier.slice(marker.length),
		};
	const sku = String(this.getNodeParameter('exchangeSku', itemIndex)).trim();
	const quantity = Number(this.getNodeParameter('exchangeQuantity', itemIndex, 1));
	const pricing = this.getNodeParameter('exchangePricing', itemIndex, 'zeroValue') as string;
	const price = Number(this.getNodeParameter('fullPrice', itemIndex, 0));
	const details = this.getNodeParameter('exchangeDetails', itemIndex, {}) as {
		email?: string;
		country?: string;
		marketId?: number;
		pricelistId?: number;
		sendEmail?: boolean;
	};
	if (!sku)
		throw new NodeOperationError(this.getNode(), '"Replacement SKU" is empty', { itemIndex });
	if (!details.email || !details.country)
		throw new NodeOperationError(
			this.getNode(),
			"Exchange orders need the customer's email and delivery country (Exchange Details)",
			{ itemIndex },
		);
	const product =
		pricing === 'zeroValue'
			? { sku, qty: quantity, unitPrice: 0, originalPrice: 0 }
			: { sku, qty: quantity, unitPrice: price, originalPrice: price };
	const body: IDataObject = {
		email: details.email,
		address: { country: details.country },
		products: [product],
		createdFromOrigin: { type: 'return', id: returnId },
		internalComment: `Exchange for Happy Returns return ${returnId} (order ${original})`,
		sendEmail: details.sendEmail ?? false,
		...(pricing === 'discount' ? { voucherValue: price * quantity } : {}),
		...(details.marketId ? { marketId: details.marketId } : {}),
		...(details.pricelistId ? { pricelistId: details.pricelistId } : {}),
	};
	const response = await vendorRequest.call(this, {
		service: 'Centra',
		credentialType: 'centraApi',
		operation: 'Create Exchange Order',
		itemIndex,
		idempotent: false,
		timeoutMs: lookups.credentials.timeoutMs,
		request: { method: 'POST', url: `${lookups.credentials.orderApiUrl}/order`, body, json: true },
		errorMessage: (r) => {
			const b = r.body as { msg?: string };
			return b?.msg ? `${b.msg} (HTTP ${r.statusCode})` : undefined;
		},
	});
	const result = (response.body ?? {}) as {
		status?: string;
		order?: number | string;
		msg?: string;
	};
	if (result.status !== 'ok')
		throw new NodeOperationError(
			this.getNode(),
			`Centra Create Exchange Order refused: ${result.msg ?? 'unknown reason'}`,
			{ itemIndex },
		);
	await centraGraphql(this, lookups.credentials, {
		operation: 'Add Order Note',
		itemIndex,
		query: ADD_ORDER_NOTE,
		variables: { input: { order: { number: original }, note: `${marker}${String(result.order)}` } },
		idempotent: false,
	});
	return {
		wrote: true,
		alreadyCreated: false,
		originalOrder: original,
		returnReference: returnId,
		exchangeOrder: String(result.order),
		pricing,
		sku,
		quantity,
	};
}
