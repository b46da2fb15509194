/**
 * Order: Create Exchange Order. The replacement through the REST Order API at no cost to the
 * customer (zero-value lines, or full price with an equal discount), once per exchanged unit (or,
 * without Exchanged Unit, once per return).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { vendorRequest } from '../../../shared/n8n/vendorRequest';
import type { CentraLookups } from '../../helpers/lookups';
import { notes, orderNumber } from '../../helpers/orders';
import { returnsByExternalId } from '../../helpers/returns';
import {
	EXCHANGE_ORDER_CANDIDATES,
	ExchangeOrderError,
	exchangeIdempotencyKey,
	exchangeOrderBody,
	exchangeOrderCandidates,
	exchangeOrderSlot,
	readOrderApiAnswer,
	type ExchangeOrderSlot,
} from '../../logic/exchangeOrder';
import { ADD_ORDER_NOTE, EXCHANGE_ORDERS } from '../../queries';
import { centraGraphql, retryAfterMs, type MutationPayload } from '../../transport';
import { orderNumberField, show } from '../common.descriptions';

const onExchange = show('order', ['createExchange']);

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

/**
 * Exchange Details per version: version 1 carries market and pricelist as bare numbers (as saved
 * workflows store them); from version 2 they are resource locators of their own (below).
 */
function exchangeDetailsByVersion(details: INodeProperties): INodeProperties[] {
	return [
		{ ...details, displayOptions: { show: { ...onExchange.show, ...V1 } } },
		{
			...details,
			displayOptions: { show: { ...onExchange.show, ...V2_ON } },
			options: (details.options as INodeProperties[]).filter(
				(option) => option.name !== 'marketId' && option.name !== 'pricelistId',
			),
		},
	];
}

/**
 * An optional market or pricelist of version 2: From List (the account's, by id, loaded when
 * opened) or By ID. Empty means Centra's default for the order.
 */
function idLocator(
	name: string,
	displayName: string,
	searchListMethod: string,
	placeholder: string,
): INodeProperties[] {
	return [
		{
			displayName,
			name,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			description: `The ${displayName.toLowerCase()} of the exchange order. Empty: Centra's default.`,
			displayOptions: { show: { ...onExchange.show, ...V2_ON } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod, searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder,
					validation: [
						{
							type: 'regex',
							properties: {
								regex: '^[0-9]+$',
								errorMessage: `A Centra ${displayName.toLowerCase()} ID is a number`,
							},
						},
					],
				},
			],
		},
	];
}

/** The market or pricelist id an item asks for: version 1's number, version 2's locator. */
function idOf(
	context: IExecuteFunctions,
	itemIndex: number,
	details: { marketId?: number; pricelistId?: number },
	name: 'market' | 'pricelist',
): number | undefined {
	if (context.getNode().typeVersion < 2)
		return name === 'market' ? details.marketId : details.pricelistId;
	const raw = String(
		context.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (raw === '') return undefined;
	if (!/^[0-9]+$/.test(raw) || Number(raw) < 1)
		throw new NodeOperationError(
			context.getNode(),
			`"${name === 'market' ? 'Market' : 'Pricelist'}" must be a Centra ${name} ID (a whole number), got "${raw}"`,
			{ itemIndex },
		);
	return Number(raw);
}

/** Where the exchange's order is or goes, from the orders Centra has at its candidate numbers. */
async function findSlot(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	key: string,
	itemIndex: number,
): Promise<ExchangeOrderSlot> {
	const data = await centraGraphql<{
		orders: Array<{ number: number; internalComment?: string | null }>;
	}>(context, lookups.credentials, {
		operation: 'Find Exchange Order',
		itemIndex,
		query: EXCHANGE_ORDERS,
		variables: { numbers: exchangeOrderCandidates(key), limit: EXCHANGE_ORDER_CANDIDATES },
		idempotent: true,
	});
	return exchangeOrderSlot(
		key,
		new Map(data.orders.map((o) => [o.number, o.internalComment ?? null])),
	);
}

export const description: INodeProperties[] = [
	orderNumberField('createExchange'),
	{
		displayName: 'Return Reference',
		name: 'returnReference',
		type: 'string',
		default: '',
		required: true,
		description: 'Happy Returns ID (or Centra return ID) the exchange replaces',
		displayOptions: onExchange,
	},
	{
		displayName: 'Exchanged Unit',
		name: 'exchangedUnit',
		type: 'string',
		default: '',
		placeholder: 'e.g. TEE-M.0',
		description:
			'The one returned unit this order replaces, as SKU.unit (e.g. TEE-M.0, the unit as the credit note names it). Each unit then gets its own order, created once, so units of one return exchanged on different days are each replaced. Empty: one order for the whole return.',
		displayOptions: onExchange,
	},
	{
		displayName: 'Replacement SKU',
		name: 'exchangeSku',
		type: 'string',
		default: '',
		required: true,
		displayOptions: onExchange,
	},
	{
		displayName: 'Quantity',
		name: 'exchangeQuantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: onExchange,
	},
	{
		displayName: 'Pricing',
		name: 'exchangePricing',
		type: 'options',
		default: 'zeroValue',
		displayOptions: onExchange,
		options: [
			{ name: 'Full Price With an Equal Discount', value: 'discount' },
			{ name: 'Zero Value', value: 'zeroValue' },
		],
	},
	{
		displayName: 'Full Price',
		name: 'fullPrice',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 0,
		displayOptions: {
			show: { resource: ['order'], operation: ['createExchange'], exchangePricing: ['discount'] },
		},
	},
	...exchangeDetailsByVersion({
		displayName: 'Exchange Details',
		name: 'exchangeDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: onExchange,
		options: [
			{
				displayName: 'Customer Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Delivery Country',
				name: 'country',
				type: 'string',
				default: '',
				description: 'ISO 3166 alpha-2, e.g. SE',
			},
			{ displayName: 'Market ID', name: 'marketId', type: 'number', default: 0 },
			{ displayName: 'Pricelist ID', name: 'pricelistId', type: 'number', default: 0 },
			{ displayName: 'Send Email', name: 'sendEmail', type: 'boolean', default: false },
		],
	}),
	...idLocator('market', 'Market', 'searchMarkets', 'e.g. 1'),
	...idLocator('pricelist', 'Pricelist', 'searchPricelists', 'e.g. 3'),
];

/**
 * Create Exchange Order, exactly once. The Order API order number is derived from the exchange's
 * idempotency key (logic/exchangeOrder.ts): before writing, the node looks up the key's candidate
 * numbers and returns the earlier order, recognised by the key its internal comment ends with; an
 * order there of another exchange (two keys, one number) is passed over for the next candidate.
 * When two executions create the same exchange at once, Centra refuses the second create because
 * the number exists, and that execution looks again and reports the first one's order. A note on
 * the original order records the exchange for people in Centra; its userErrors are checked, but
 * the guard does not depend on it.
 */
export async function execute(
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
	const exchangedUnit = String(this.getNodeParameter('exchangedUnit', itemIndex, '') ?? '').trim();
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
			exchangedUnit,
			sku,
			quantity,
			pricing,
			fullPrice: Number(this.getNodeParameter('fullPrice', itemIndex, 0)),
			email: String(details.email ?? '').trim(),
			country: String(details.country ?? '').trim(),
			marketId: idOf(this, itemIndex, details, 'market'),
			pricelistId: idOf(this, itemIndex, details, 'pricelist'),
			sendEmail: details.sendEmail,
		}) as IDataObject;
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description: error instanceof ExchangeOrderError ? `Field "${error.field}".` : undefined,
		});
	}
	const key = exchangeIdempotencyKey(original, returnId, exchangedUnit);
	const exchange = `order ${original}, return ${returnId}${exchangedUnit ? `, unit ${exchangedUnit}` : ''}`;
	const base = (exchangeOrder: string | number) => ({
		originalOrder: original,
		returnReference: returnId,
		exchangeOrder: String(exchangeOrder),
		idempotencyKey: key,
		...(exchangedUnit ? { exchangedUnit } : {}),
		pricing,
		sku,
		quantity,
	});
	// Exchanges created before order numbers were derived are known only by their note. A
	// per-unit order has a note of its own, so a whole-return note never stands for one unit.
	const marker = `Exchange for return ${returnId}${exchangedUnit ? ` unit ${exchangedUnit}` : ''}: order `;
	let notesRead = false;
	// Each pass either finds the order or sees one more candidate taken (Centra refused it), so
	// one pass per candidate and one to read the last refusal is enough.
	for (let pass = 0; pass <= EXCHANGE_ORDER_CANDIDATES; pass++) {
		const slot = await findSlot(this, lookups, key, itemIndex);
		if (slot.kind === 'created')
			return { wrote: false, alreadyCreated: true, ...base(slot.orderNumber) };
		if (slot.kind === 'unknown')
			throw new NodeOperationError(
				this.getNode(),
				`Centra order ${slot.orderNumber} holds the exchange order number of ${exchange}, but its internal comment names no exchange key`,
				{
					itemIndex,
					description: `It may be this exchange's order with its internal comment changed in Centra, or an order made elsewhere. Check it: if it is the replacement, put "; key ${key}" back at the end of its internal comment; otherwise give it another number. Internal comment: "${slot.internalComment}".`,
				},
			);
		if (slot.kind === 'exhausted')
			throw new NodeOperationError(
				this.getNode(),
				`All ${slot.candidates.length} exchange order numbers of ${exchange} are taken by other exchanges' orders`,
				{ itemIndex, description: `Numbers tried: ${slot.candidates.join(', ')}. Key ${key}.` },
			);
		if (!notesRead) {
			notesRead = true;
			const noted = (await notes(this, lookups, original, itemIndex)).find((n) =>
				n.startsWith(marker),
			);
			if (noted) return { wrote: false, alreadyCreated: true, ...base(noted.slice(marker.length)) };
		}
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
					body: { ...body, orderNumber: slot.orderNumber },
					json: true,
				},
				errorMessage: (r) => {
					const b = r.body as { msg?: string };
					return b?.msg ? `${b.msg} (HTTP ${r.statusCode})` : undefined;
				},
			})
			.catch(async (error: unknown) => {
				// A timed-out create may have gone through: the order at the number names the key.
				const after = await findSlot(this, lookups, key, itemIndex).catch(() => undefined);
				if (after?.kind === 'created') return after;
				throw error;
			});
		if ('kind' in response)
			return {
				wrote: true,
				alreadyCreated: false,
				recoveredAfterError: true,
				...base(response.orderNumber),
			};
		const answer = readOrderApiAnswer(response.body);
		// Taken meanwhile, by this exchange in another execution or by another exchange: look again.
		if (answer.kind === 'exists') continue;
		if (answer.kind === 'refused')
			throw new NodeApiError(this.getNode(), (response.body ?? {}) as JsonObject, {
				message: `Centra Create Exchange Order refused: ${answer.message}`,
				description: `${exchange[0].toUpperCase()}${exchange.slice(1)}.`,
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
			...base(answer.orderNumber),
			noteWritten: (written.addOrderNote?.userErrors ?? []).length === 0,
			noteErrors: written.addOrderNote?.userErrors ?? [],
		};
	}
	throw new NodeOperationError(
		this.getNode(),
		`Centra kept refusing the exchange order numbers of ${exchange} as taken, yet no order at them names its key`,
		{ itemIndex, description: `Key ${key}.` },
	);
}
