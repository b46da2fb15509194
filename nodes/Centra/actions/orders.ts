/**
 * Order: Get (with lines and shipments), Add Note (not repeated: the same text is not added twice),
 * Create Exchange Order (REST Order API; zero-value or full price with an equal discount).
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { vendorRequest } from '../../shared/n8n/vendorRequest';
import {
	ExchangeOrderError,
	exchangeIdempotencyKey,
	exchangeOrderBody,
	readOrderApiAnswer,
} from '../logic/exchangeOrder';
import { readAllPages } from '../logic/paging';
import {
	ADD_ORDER_NOTE,
	ORDER_BY_NUMBER,
	ORDER_EXISTS,
	ORDER_HISTORY,
	PAGE_SIZE,
} from '../queries';
import {
	assertNoUserErrors,
	centraGraphql,
	retryAfterMs,
	type MutationPayload,
} from '../transport';
import type { CentraLookups } from './lookups';
import { returnsByExternalId } from './returns';

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

/** The order's note texts, every history page read (Centra pages the history by 200 at most). */
async function notes(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	number: number,
	itemIndex: number,
): Promise<string[]> {
	let found = true;
	const history = await readAllPages(
		'order history',
		PAGE_SIZE,
		async (page) => {
			const data = await centraGraphql<{ orders: HistoryOrder[] }>(context, lookups.credentials, {
				operation: 'Get Order History',
				itemIndex,
				query: ORDER_HISTORY,
				variables: { number: [number], page },
				idempotent: true,
			});
			if (data.orders.length === 0) {
				found = false;
				return [];
			}
			return data.orders[0].history ?? [];
		},
		(entry) => entry.id,
	);
	if (!found)
		throw new NodeOperationError(context.getNode(), `Order ${number} not found in Centra`, {
			itemIndex,
		});
	return history
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
 * Create Exchange Order, exactly once. The Order API order number is derived from the exchange's
 * idempotency key (logic/exchangeOrder.ts): before writing, the node looks the number up and
 * returns the earlier order; when two executions create the same exchange at once, Centra
 * refuses the second create because the number exists, and that execution reports the first
 * one's order. A note on the original order records the exchange for people in Centra; its
 * userErrors are checked, but the guard does not depend on it.
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
	const details = this.getNodeParameter('exchangeDetails', itemIndex, {}) as {
		email?: string;
		country?: string;
		marketId?: number;
		pricelistId?: number;
		sendEmail?: boolean;
	};
	const sku = String(this.getNodeParameter('exchangeSku', itemIndex)).trim();
	const quantity = Number(this.getNodeParameter('exchangeQuantity', itemIndex, 1));
	const pricing = this.getNodeParameter('exchangePricing', itemIndex, 'zeroValue') as string;
	const centraReturn = (await returnsByExternalId(this, lookups, returnId, itemIndex))[0];
	let body: IDataObject;
	try {
		body = exchangeOrderBody({
			originalOrder: original,
			returnReference: returnId,
			centraReturnId: centraReturn?.id ?? null,
			sku,
			quantity,
			pricing,
			fullPrice: Number(this.getNodeParameter('fullPrice', itemIndex, 0)),
			email: String(details.email ?? '').trim(),
			country: String(details.country ?? '').trim(),
			marketId: details.marketId,
			pricelistId: details.pricelistId,
			sendEmail: details.sendEmail,
		}) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description: error instanceof ExchangeOrderError ? `Field "${error.field}".` : undefined,
		});
	}
	const exchangeOrder = String(body.orderNumber);
	const base = {
		originalOrder: original,
		returnReference: returnId,
		exchangeOrder,
		idempotencyKey: exchangeIdempotencyKey(original, returnId),
		pricing,
		sku,
		quantity,
	};
	if (await orderExists(this, lookups, Number(exchangeOrder), itemIndex))
		return { wrote: false, alreadyCreated: true, ...base };
	// Exchanges created before order numbers were derived are known only by their note.
	const marker = `Exchange for return ${returnId}: order `;
	const noted = (await notes(this, lookups, original, itemIndex)).find((n) => n.startsWith(marker));
	if (noted)
		return {
			wrote: false,
			alreadyCreated: true,
			...base,
			exchangeOrder: noted.slice(marker.length),
		};
	const response = await vendorRequest
		.call(this, {
			service: 'Centra',
			credentialType: 'centraApi',
			operation: 'Create Exchange Order',
			itemIndex,
			idempotent: false,
			timeoutMs: lookups.credentials.timeoutMs,
			serviceWait: (r) => retryAfterMs(r),
			request: {
				method: 'POST',
				url: `${lookups.credentials.orderApiUrl}/order`,
				body,
				json: true,
			},
			errorMessage: (r) => {
				const b = r.body as { msg?: string };
				return b?.msg ? `${b.msg} (HTTP ${r.statusCode})` : undefined;
			},
		})
		.catch(async (error: unknown) => {
			// A timed-out create may have gone through: the derived number tells.
			if (await orderExists(this, lookups, Number(exchangeOrder), itemIndex).catch(() => false))
				return undefined;
			throw error;
		});
	if (!response) return { wrote: true, alreadyCreated: false, recoveredAfterError: true, ...base };
	const answer = readOrderApiAnswer(response.body);
	if (answer.kind === 'exists') return { wrote: false, alreadyCreated: true, ...base };
	if (answer.kind === 'refused')
		throw new NodeApiError(this.getNode(), (response.body ?? {}) as JsonObject, {
			message: `Centra Create Exchange Order refused: ${answer.message}`,
			description: `Order ${original}, return ${returnId}.`,
			itemIndex,
		});
	const note = `${marker}${answer.orderNumber}`;
	const written = await centraGraphql<{ addOrderNote: MutationPayload }>(
		this,
		lookups.credentials,
		{
			operation: 'Add Order Note',
			itemIndex,
			query: ADD_ORDER_NOTE,
			variables: { input: { order: { number: original }, note } },
			idempotent: false,
		},
	);
	return {
		wrote: true,
		alreadyCreated: false,
		...base,
		exchangeOrder: answer.orderNumber,
		noteWritten: (written.addOrderNote?.userErrors ?? []).length === 0,
		noteErrors: written.addOrderNote?.userErrors ?? [],
	};
}

async function orderExists(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	number: number,
	itemIndex: number,
): Promise<boolean> {
	const data = await centraGraphql<{ orders: Array<{ number: number }> }>(
		context,
		lookups.credentials,
		{
			operation: 'Find Exchange Order',
			itemIndex,
			query: ORDER_EXISTS,
			variables: { number: [number] },
			idempotent: true,
		},
	);
	return data.orders.length > 0;
}
