/** Root resolvers of the Centra sandbox: reads, and mutations with Centra's business rules. */
import type { Clock } from '../common/httpServer';
import type {
	CentraState,
	ReturnRecord,
	ShipmentRecord,
	StockChangeLineRecord,
	WarehouseRecord,
} from './state';
import {
	monetary,
	orderView,
	returnTotals,
	returnView,
	shipmentView,
	stockChangeView,
	warehouseView,
} from './views';

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface UserError {
	message: string;
	path: string[];
}

function page<T>(list: T[], args: Args): T[] {
	const limit = Math.min(Math.max(args.limit ?? 20, 1), 200);
	const pageNo = Math.max(args.page ?? 1, 1);
	return list.slice((pageNo - 1) * limit, pageNo * limit);
}

function match(value: string, filter?: { equals?: string; contains?: string }): boolean {
	if (!filter) return true;
	if (filter.equals !== undefined && value !== filter.equals) return false;
	if (filter.contains !== undefined && !value.includes(filter.contains)) return false;
	return true;
}

function failed(errors: UserError[], extra: Record<string, unknown> = {}) {
	return { ...extra, userErrors: errors, userWarnings: [] };
}

export function createRoot(state: CentraState, clock: Clock) {
	const now = () => new Date(clock.now()).toISOString();
	const findWarehouse = (input?: {
		id?: number;
		externalId?: string;
	}): WarehouseRecord | undefined =>
		input
			? state.warehouses.find((w) =>
					input.id !== undefined ? w.id === input.id : w.externalId === input.externalId,
				)
			: undefined;
	const findOrder = (input: { id?: string; number?: number; externalId?: string }) =>
		state.orders.find((o) =>
			input.id !== undefined
				? o.id === input.id
				: input.number !== undefined
					? o.number === input.number
					: false,
		);
	const addStockChange = (
		warehouse: WarehouseRecord,
		comment: string,
		lines: Array<Omit<StockChangeLineRecord, 'id' | 'warehouse'>>,
	) => {
		const change = {
			id: state.id(),
			createdAt: now(),
			comment,
			type: 'CHANGE',
			warehouse,
			lines: lines.map((line) => ({ ...line, id: state.id(), warehouse })),
		};
		for (const line of lines)
			state.stockOf(warehouse.id, line.productSize.id).physical += line.deliveredQuantity;
		state.stockChanges.push(change);
		return change;
	};

	return {
		orders: (args: Args) =>
			page(
				state.orders.filter(
					(o) =>
						(!args.where?.number || args.where.number.includes(o.number)) &&
						(!args.where?.id || args.where.id.includes(o.id)),
				),
				args,
			).map(orderView),
		order: (args: Args) => {
			const order = state.orders.find((o) => o.id === args.id);
			return order ? orderView(order) : null;
		},
		shipments: (args: Args) => {
			const all = state.orders.flatMap((o) => o.shipments);
			return page(
				all.filter(
					(s) =>
						(!args.where?.id || args.where.id.includes(s.id)) &&
						(!args.where?.orderId || args.where.orderId.includes(s.order.id)),
				),
				args,
			).map(shipmentView);
		},
		returns: (args: Args) => {
			const from = args.where?.createdAt?.from
				? Date.parse(args.where.createdAt.from)
				: Number.NEGATIVE_INFINITY;
			const to = args.where?.createdAt?.to
				? Date.parse(args.where.createdAt.to)
				: Number.POSITIVE_INFINITY;
			return page(
				state.returns.filter(
					(r) =>
						(!args.where?.id || args.where.id.includes(r.id)) &&
						(!args.where?.externalId || args.where.externalId.includes(r.externalId)) &&
						(!args.where?.orderNumber || args.where.orderNumber.includes(r.order.number)) &&
						Date.parse(r.createdAt) >= from &&
						Date.parse(r.createdAt) <= to,
				),
				args,
			).map((r) => returnView(state, r));
		},
		productSizes: (args: Args) =>
			page(
				state.productSizes.filter(
					(s) => match(s.SKU, args.where?.SKU) && match(s.EAN, args.where?.EAN),
				),
				args,
			),
		warehouses: (args: Args) => page(state.warehouses, args).map((w) => warehouseView(state, w)),
		// https://centra.dev/graphql/query.html: markets and pricelists are lists paged by
		// limit (1-200) and page, like every list query.
		markets: (args: Args) => page(state.markets, args),
		pricelists: (args: Args) => page(state.pricelists, args),
		stockChangeConnection: (args: Args) => {
			const where = args.where ?? {};
			const from = where.createdAt?.from
				? Date.parse(where.createdAt.from)
				: Number.NEGATIVE_INFINITY;
			const to = where.createdAt?.to ? Date.parse(where.createdAt.to) : Number.POSITIVE_INFINITY;
			const all = state.stockChanges.filter(
				(c) =>
					(!where.id || where.id.includes(c.id)) &&
					(!where.warehouseId || where.warehouseId.includes(c.warehouse.id)) &&
					Date.parse(c.createdAt) >= from &&
					Date.parse(c.createdAt) <= to &&
					match(c.comment, where.comment),
			);
			const start =
				args.after && !state.repeatCursor
					? Number(Buffer.from(args.after, 'base64').toString('utf8')) + 1
					: 0;
			const first = Math.min(args.first ?? 20, 200);
			const slice = all.slice(start, start + first);
			const cursor = (i: number) => Buffer.from(String(start + i)).toString('base64');
			return {
				totalCount: all.length,
				pageInfo: {
					hasNextPage: state.repeatCursor || start + first < all.length,
					hasPreviousPage: start > 0,
					startCursor: slice.length ? cursor(0) : null,
					endCursor: slice.length ? cursor(slice.length - 1) : null,
				},
				edges: slice.map((change, i) => ({
					node: stockChangeView(state, change),
					cursor: cursor(i),
				})),
			};
		},
		changeStock: ({ input }: Args) => {
			const out = findWarehouse(input.outFromWarehouse);
			const into = findWarehouse(input.intoWarehouse);
			if (!input.outFromWarehouse && !input.intoWarehouse)
				return failed(
					[{ message: 'Provide intoWarehouse, outFromWarehouse or both', path: ['input'] }],
					{ stockChange: null },
				);
			if ((input.outFromWarehouse && !out) || (input.intoWarehouse && !into))
				return failed(
					[
						{
							message: 'Warehouse not found',
							path: [
								'input',
								input.outFromWarehouse && !out ? 'outFromWarehouse' : 'intoWarehouse',
							],
						},
					],
					{ stockChange: null },
				);
			if (!String(input.description ?? '').trim())
				return failed([{ message: 'Description is required', path: ['input', 'description'] }], {
					stockChange: null,
				});
			const errors: UserError[] = [];
			const resolved = (
				input.productSizes as Array<{
					productSize: { id?: number; SKU?: string; EAN?: string };
					quantity: number;
				}>
			).map((entry, i) => {
				const size = state.productSizes.find((s) =>
					entry.productSize.id !== undefined
						? s.id === entry.productSize.id
						: entry.productSize.SKU !== undefined
							? s.SKU === entry.productSize.SKU
							: s.EAN === entry.productSize.EAN,
				);
				if (!size)
					errors.push({
						message: 'Product size not found',
						path: ['input', 'productSizes', String(i), 'productSize'],
					});
				else if (!Number.isInteger(entry.quantity) || entry.quantity <= 0)
					errors.push({
						message: 'Quantity must be a positive number',
						path: ['input', 'productSizes', String(i), 'quantity'],
					});
				else if (out) {
					const level = state.stockOf(out.id, size.id);
					if (entry.quantity > level.physical - level.allocated)
						errors.push({
							message: `Cannot take ${entry.quantity} out of ${out.name}: only ${level.physical - level.allocated} free to allocate`,
							path: ['input', 'productSizes', String(i), 'quantity'],
						});
				}
				return { size, quantity: entry.quantity };
			});
			if (errors.length) return failed(errors, { stockChange: null });
			let change = null;
			if (out)
				change = addStockChange(
					out,
					input.description,
					resolved.map((r) => ({
						productSize: r.size!,
						deliveredQuantity: -r.quantity,
						createdFromShipmentLine: null,
					})),
				);
			if (into)
				change = addStockChange(
					into,
					input.description,
					resolved.map((r) => ({
						productSize: r.size!,
						deliveredQuantity: r.quantity,
						createdFromShipmentLine: null,
					})),
				);
			return failed([], { stockChange: change ? stockChangeView(state, change) : null });
		},
		createReturn: ({ input }: Args) => {
			const shipment: ShipmentRecord | undefined = state.orders
				.flatMap((o) => o.shipments)
				.find((s) => s.id === input.shipment.id);
			if (!shipment)
				return failed(
					[{ message: `Shipment ${input.shipment.id} not found`, path: ['input', 'shipment'] }],
					{ return: null },
				);
			const policy = input.returnStockActionPolicy ?? {};
			const chosen = [
				'releaseItemsBackToWarehouse',
				'sendItemsToDifferentWarehouse',
				'removeItemsFromStock',
			].filter((k) => policy[k] !== undefined && policy[k] !== null && policy[k] !== false);
			if (chosen.length !== 1)
				return failed(
					[
						{
							message: 'Exactly one input field should be provided',
							path: ['input', 'returnStockActionPolicy'],
						},
					],
					{ return: null },
				);
			const errors: UserError[] = [];
			const lines = (input.lines as Array<{ shipmentLine: { id: number }; quantity: number }>).map(
				(entry, i) => {
					const line = shipment.lines.find((l) => l.id === entry.shipmentLine.id);
					if (!line)
						errors.push({
							message: `Shipment line ${entry.shipmentLine.id} is not on shipment ${shipment.number}`,
							path: ['input', 'lines', String(i), 'shipmentLine'],
						});
					else if (entry.quantity < 1 || entry.quantity > line.quantity - line.returnedQuantity) {
						errors.push({
							message: `Cannot return ${entry.quantity} of ${line.orderLine.productSize.SKU}: ${line.quantity - line.returnedQuantity} can be returned`,
							path: ['input', 'lines', String(i), 'quantity'],
						});
					}
					return { line, quantity: entry.quantity };
				},
			);
			const target = policy.sendItemsToDifferentWarehouse
				? findWarehouse(policy.sendItemsToDifferentWarehouse)
				: policy.releaseItemsBackToWarehouse
					? shipment.warehouse
					: null;
			if (policy.sendItemsToDifferentWarehouse && !target)
				errors.push({
					message: 'Warehouse not found',
					path: ['input', 'returnStockActionPolicy', 'sendItemsToDifferentWarehouse'],
				});
			const currency = shipment.order.currency;
			for (const [field, cost] of [
				['shippingCost', input.shippingCost],
				['handlingCost', input.handlingCost],
			] as const) {
				if (cost?.value && cost.value.currencyIsoCode !== currency)
					errors.push({
						message: `Currency ${cost.value.currencyIsoCode} does not match the order currency ${currency}`,
						path: ['input', field],
					});
			}
			if (input.returnCost && input.returnCost.currencyIsoCode !== currency)
				errors.push({
					message: `Currency ${input.returnCost.currencyIsoCode} does not match the order currency ${currency}`,
					path: ['input', 'returnCost'],
				});
			const shippingMinor = input.shippingCost?.fromShipment
				? shipment.shippingMinor - shipment.shippingRefundedMinor
				: Math.round((input.shippingCost?.value?.value ?? 0) * 100);
			if (shippingMinor > shipment.shippingMinor - shipment.shippingRefundedMinor)
				errors.push({
					message: 'Shipping cost exceeds what remains on the shipment',
					path: ['input', 'shippingCost'],
				});
			if (errors.length) return failed(errors, { return: null });
			const record: ReturnRecord = {
				id: state.id(),
				returnStatus: 'PENDING',
				createdAt: input.createdAt ?? now(),
				externalId: input.externalId ?? null,
				comment: input.comment ?? null,
				returnedToStock: target !== null,
				returnWarehouse: target ?? null,
				order: shipment.order,
				shipment,
				lines: lines.map(({ line, quantity }) => ({
					id: state.id(),
					quantity,
					shipmentLine: line!,
				})),
				shippingMinor,
				handlingMinor: input.handlingCost?.fromShipment
					? 0
					: Math.round((input.handlingCost?.value?.value ?? 0) * 100),
				returnCostMinor: Math.round((input.returnCost?.value ?? 0) * 100),
				payments: [],
			};
			for (const { line, quantity } of lines) {
				line!.returnedQuantity += quantity;
				line!.orderLine.returnedQuantity += quantity;
			}
			shipment.shippingRefundedMinor += shippingMinor;
			if (target)
				addStockChange(
					target,
					`Return ${record.id}`,
					lines.map(({ line, quantity }) => ({
						productSize: line!.orderLine.productSize,
						deliveredQuantity: quantity,
						createdFromShipmentLine: line!,
					})),
				);
			state.returns.push(record);
			shipment.order.history.push({
				id: state.id(),
				createdAt: now(),
				type: 'RETURN_CREATED',
				dataJSON: JSON.stringify({ returnId: record.id, comment: record.comment }),
			});
			return failed([], { return: returnView(state, record) });
		},
		completeReturn: ({ id }: Args) => {
			const record = state.returns.find((r) => r.id === id);
			if (!record)
				return failed([{ message: `Return ${id} not found`, path: ['id'] }], { return: null });
			if (record.returnStatus === 'COMPLETED')
				return failed([{ message: 'Return is already completed', path: ['id'] }], { return: null });
			record.returnStatus = 'COMPLETED';
			return failed([], { return: returnView(state, record) });
		},
		refundReturn: ({ id }: Args) => {
			const record = state.returns.find((r) => r.id === id);
			if (!record)
				return failed([{ message: `Return ${id} not found`, path: ['id'] }], {
					return: null,
					paymentHistoryEntries: [],
				});
			// A refund requested at the PSP (Adyen, Klarna answer later) counts as one in progress.
			if (record.payments.some((p) => p.entryType.startsWith('REFUND') && p.status !== 'FAILED'))
				return failed([{ message: 'Return is already refunded', path: ['id'] }], {
					return: null,
					paymentHistoryEntries: [],
				});
			// How the PSP answers (https://centra.dev/graphql/paymenthistoryentry.html): a direct
			// refund, a request still pending at the PSP, or a refund to a gift card.
			const payment = {
				id: state.id(),
				createdAt: now(),
				status: state.refundMode === 'pending' ? 'PENDING' : 'SUCCESS',
				entryType:
					state.refundMode === 'pending'
						? 'REFUND_REQUEST'
						: state.refundMode === 'giftCard'
							? 'REFUND_GIFT_CARD'
							: 'REFUND',
				valueMinor: returnTotals(record).grandTotal,
			};
			record.payments.push(payment);
			if (payment.status === 'SUCCESS') record.returnStatus = 'COMPLETED';
			record.order.history.push({
				id: state.id(),
				createdAt: now(),
				type: 'REFUND_ADDED',
				dataJSON: JSON.stringify({ returnId: record.id }),
			});
			return failed([], {
				return: returnView(state, record),
				paymentHistoryEntries: [
					{ ...payment, value: monetary(payment.valueMinor, record.order.currency) },
				],
			});
		},
		// deleteReturn gives the units back to the shipment (https://centra.dev/graphql/mutation.html).
		deleteReturn: ({ id }: Args) => {
			const index = state.returns.findIndex((r) => r.id === id);
			if (index < 0) return failed([{ message: `Return ${id} not found`, path: ['id'] }]);
			const record = state.returns[index];
			if (record.returnStatus === 'COMPLETED')
				return failed([{ message: 'A completed return cannot be deleted', path: ['id'] }]);
			for (const line of record.lines) {
				line.shipmentLine.returnedQuantity -= line.quantity;
				line.shipmentLine.orderLine.returnedQuantity -= line.quantity;
			}
			record.shipment.shippingRefundedMinor -= record.shippingMinor;
			if (record.returnWarehouse)
				addStockChange(
					record.returnWarehouse,
					`Return ${record.id} deleted`,
					record.lines.map((line) => ({
						productSize: line.shipmentLine.orderLine.productSize,
						deliveredQuantity: -line.quantity,
						createdFromShipmentLine: line.shipmentLine,
					})),
				);
			state.returns.splice(index, 1);
			return failed([]);
		},
		addOrderNote: ({ input }: Args) => {
			const order = findOrder(input.order);
			if (!order)
				return failed([{ message: 'Order not found', path: ['input', 'order'] }], {
					orderHistoryEntry: null,
				});
			if (state.refusedNotes.has(input.note))
				return failed([{ message: 'Note could not be saved', path: ['input', 'note'] }], {
					orderHistoryEntry: null,
				});
			if (!String(input.note).trim())
				return failed([{ message: 'Note cannot be empty', path: ['input', 'note'] }], {
					orderHistoryEntry: null,
				});
			const entry = {
				id: state.id(),
				createdAt: now(),
				type: 'USER_NOTE_ADDED',
				dataJSON: JSON.stringify({ note: input.note }),
			};
			order.history.push(entry);
			return failed([], { orderHistoryEntry: entry });
		},
	};
}
