/**
 * Loads a generated scenario into the three sandbox servers, as the vendors would hold it:
 * Centra has the orders, stock and stock movements, storefront refunds as returns with a refund;
 * Happy Returns has the return items, outbound shipments and the warehouse's return contents;
 * Amazon has the orders, refund and sale transactions and a settlement report. Returns the
 * Happy Returns webhooks the scenario implies, ready for the sender.
 */
import type { AmazonSandbox } from '../amazon/server';
import type { SettlementRow } from '../amazon/settlementFile';
import {
	addRefundedReturn,
	addShippedOrder,
	productSize,
	setStock,
	warehouse,
} from '../centra/seed';
import type { CentraSandbox } from '../centra/server';
import type { CentraState } from '../centra/state';
import type { HappyReturnsSandbox } from '../happyReturns/server';
import type { HrItem } from '../happyReturns/state';
import {
	labelUpdateBody,
	outboundShipmentBody,
	returnAsnBodies,
	type ReturnAsnChange,
	type WebhookBody,
} from '../happyReturns/webhooks';
import type { Scenario } from './generator';

export interface LoadTargets {
	hr?: HappyReturnsSandbox;
	centra?: CentraSandbox;
	amazon?: AmazonSandbox;
}

type Row = Record<string, unknown>;

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const ms = (value: unknown) => Date.parse(str(value));
const minor = (value: unknown) => Math.round(Math.abs(Number(str(value))) * 100);

/** The scenario's orders as Centra holds them: shipped, each with its one order line. */
export function addScenarioOrders(state: CentraState, scenario: Pick<Scenario, 'orders'>): void {
	for (const order of scenario.orders)
		addShippedOrder(state, {
			number: Number(order.orderNumber),
			currency: str(order.currency),
			lines: [
				{
					sku: str(order.sku),
					quantity: Number(order.quantity),
					unitPriceMinor: minor(order.unitPrice),
				},
			],
		});
}

function hrItems(scenario: Scenario): Map<string, HrItem> {
	const items = new Map<string, HrItem>();
	// Amazon orders: Happy Returns carries the marketplace order id as orderID.
	const amazonIds = new Map(
		scenario.orders.filter((o) => o.aliases).map((o) => [str(o.orderNumber), str(o.aliases)]),
	);
	const quantities = new Map<string, number>();
	for (const event of scenario.returnEvents) {
		const key = `${str(event.returnId)}|${str(event.sku)}`;
		quantities.set(key, Math.max(quantities.get(key) ?? 0, Number(event.unit) + 1));
	}
	for (const event of scenario.returnEvents) {
		const id = `${str(event.returnId)}-${str(event.sku)}-${str(event.unit)}`;
		const existing = items.get(id);
		const status = str(event.status) as HrItem['status'];
		if (existing) {
			if (status === 'dropped_off') existing.status = status;
			continue;
		}
		const order = str(event.orderNumber);
		items.set(id, {
			happyReturnsItemID: id,
			happyReturnsReturnID: str(event.returnId),
			happyReturnsExpressCode: `HR${str(event.returnId).slice(-6)}`,
			email: `customer${order || 'unknown'}@example.com`,
			orderNumber: order,
			orderID: amazonIds.get(order) ?? order,
			sku: str(event.sku),
			upc: '',
			orderLineItemID: `${order}${str(event.sku)}-${str(event.unit)}-${quantities.get(`${str(event.returnId)}|${str(event.sku)}`)}`,
			productName: `Product ${str(event.sku)}`,
			purchasedAt: '2026-06-01T10:00:00Z',
			labelBarcode: str(event.bagBarcode),
			dropoffMethod: 'return-bar',
			status,
		});
	}
	return items;
}

/** Item ids by "order|sku|unit", so manifest lines find their item in constant time. */
function itemIndex(items: Map<string, HrItem>): Map<string, HrItem> {
	const index = new Map<string, HrItem>();
	for (const item of items.values())
		index.set(
			`${item.orderNumber}|${item.sku}|${item.orderLineItemID.split('-').slice(-2, -1)[0]}`,
			item,
		);
	return index;
}

function lineItem(index: Map<string, HrItem>, line: Row): HrItem | undefined {
	return index.get(`${str(line.orderNumber)}|${str(line.sku)}|${str(line.unit)}`);
}

function webhooksFor(
	scenario: Scenario,
	items: Map<string, HrItem>,
	retailerId: string,
): WebhookBody[] {
	const index = itemIndex(items);
	const firstScan = new Map<string, number>();
	for (const event of scenario.returnEvents)
		if (!firstScan.has(str(event.returnId)))
			firstScan.set(str(event.returnId), ms(event.scannedAt));
	const byReturn = new Map<string, HrItem[]>();
	for (const item of items.values())
		byReturn.set(item.happyReturnsReturnID, [
			...(byReturn.get(item.happyReturnsReturnID) ?? []),
			item,
		]);
	const changes: ReturnAsnChange[] = [];
	const seen = new Set<string>();
	for (const event of scenario.returnEvents) {
		const key = `${str(event.returnId)}|${str(event.status)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const returnItems = byReturn.get(str(event.returnId)) ?? [];
		const at = ms(event.scannedAt);
		if (event.status === 'started') {
			changes.push({
				at,
				orderNumber: str(event.orderNumber),
				returnId: str(event.returnId),
				change: { event: 'return_dropoff_method_created', typeID: 'return-bar' },
				items: returnItems,
			});
			changes.push({
				at: at + 5_000,
				orderNumber: str(event.orderNumber),
				returnId: str(event.returnId),
				change: { event: 'return_status_updated', typeID: 'started' },
				items: returnItems,
			});
		} else {
			changes.push({
				at,
				orderNumber: str(event.orderNumber),
				returnId: str(event.returnId),
				change: { event: 'return_status_updated', typeID: 'dropped-off' },
				items: returnItems,
			});
		}
	}
	const bodies = returnAsnBodies(changes, retailerId);
	for (const list of byReturn.values())
		if (list[0].labelBarcode)
			bodies.push(
				labelUpdateBody(
					list[0],
					retailerId,
					(firstScan.get(list[0].happyReturnsReturnID) ?? 0) + 60_000,
				),
			);
	const byTracking = new Map<string, Row[]>();
	for (const line of scenario.manifests)
		byTracking.set(str(line.trackingNumber), [
			...(byTracking.get(str(line.trackingNumber)) ?? []),
			line,
		]);
	for (const [tracking, lines] of byTracking) {
		const shipmentItems = lines
			.map((line) => lineItem(index, line))
			.filter((i): i is HrItem => !!i);
		bodies.push(
			outboundShipmentBody(
				shipmentItems,
				{
					trackingNumber: tracking,
					carrier: 'UPS',
					departureDate: str(lines[0].shippedAt),
					palletNumber: `PAL-${tracking}`,
					shippingBoxBarcode: `BOX-${tracking}`,
				},
				retailerId,
				ms(lines[0].shippedAt),
			),
		);
	}
	return bodies;
}

export function loadScenario(scenario: Scenario, targets: LoadTargets): WebhookBody[] {
	const items = hrItems(scenario);
	if (targets.hr) {
		const index = itemIndex(items);
		for (const item of items.values()) targets.hr.state.addItem(item);
		const byTracking = new Map<string, Row[]>();
		for (const line of scenario.manifests)
			byTracking.set(str(line.trackingNumber), [
				...(byTracking.get(str(line.trackingNumber)) ?? []),
				line,
			]);
		for (const [tracking, lines] of byTracking) {
			const ids = lines
				.map((line) => lineItem(index, line)?.happyReturnsItemID)
				.filter((id): id is string => !!id);
			targets.hr.state.shipments.set(tracking, {
				id: tracking,
				trackingNumber: tracking,
				carrier: 'UPS',
				departureDate: str(lines[0].shippedAt),
				palletNumber: `PAL-${tracking}`,
				shippingBoxBarcode: `BOX-${tracking}`,
				itemIds: ids,
			});
		}
		for (const receipt of scenario.receipts) {
			targets.hr.state.returnContents.push({
				happyReturnsItemID: 'unidentified',
				returnBagBarcode: receipt.bagBarcode,
				checkedInAt: receipt.receivedAt,
				disposition: receipt.disposition,
				sku: receipt.sku,
				quantity: receipt.quantity,
				trackingNumber: receipt.trackingNumber,
				orderNumber: receipt.orderNumber,
			});
		}
	}
	if (targets.centra) {
		const state = targets.centra.state;
		for (const name of [
			scenario.inTransitWarehouse,
			...new Set(Object.values(scenario.dispositionMapping)),
		])
			if (name !== 'NONE') warehouse(state, name);
		addScenarioOrders(state, scenario);
		for (const movement of scenario.stockMovements) {
			const target = warehouse(state, str(movement.warehouse));
			const size = productSize(state, str(movement.sku));
			state.stockChanges.push({
				id: state.id(),
				createdAt: str(movement.movedAt),
				comment: str(movement.reference),
				type: 'CHANGE',
				warehouse: target,
				lines: [
					{
						id: state.id(),
						deliveredQuantity: Number(movement.quantity),
						productSize: size,
						warehouse: target,
						createdFromShipmentLine: null,
					},
				],
			});
			state.stockOf(target.id, size.id).physical += Number(movement.quantity);
		}
		for (const refund of scenario.refunds.filter((r) => r.channel === 'storefront')) {
			addRefundedReturn(state, {
				orderNumber: Number(refund.orderId),
				sku: str(refund.sku),
				quantity: Number(refund.quantity),
				refundMinor: minor(refund.amount),
				at: str(refund.refundedAt),
			});
		}
		for (const size of state.productSizes)
			setStock(
				state,
				'MAIN',
				size.SKU,
				Math.max(state.stockOf(warehouse(state, 'MAIN').id, size.id).physical, 0) + 100,
			);
	}
	if (targets.amazon) {
		const amazonRefunds = scenario.refunds.filter((r) => r.channel === 'amazon');
		for (const order of scenario.orders.filter((o) => o.aliases)) {
			targets.amazon.state.orders.set(str(order.aliases), {
				amazonOrderId: str(order.aliases),
				sellerOrderId: str(order.orderNumber),
				purchaseDate: '2026-06-01T10:00:00Z',
				orderStatus: 'Shipped',
				fulfillmentChannel: 'MFN',
				currency: str(order.currency),
				totalMinor: minor(order.unitPrice) * Number(order.quantity),
				marketplaceId: 'ATVPDKIKX0DER',
			});
		}
		const rows: SettlementRow[] = [];
		for (const refund of amazonRefunds) {
			targets.amazon.state.events.push({
				kind: 'Refund',
				transactionId: `TX-${str(refund.refundId)}`,
				amazonOrderId: str(refund.orderId),
				sellerOrderId: str(refund.merchantOrderId),
				sku: str(refund.sku),
				quantity: Number(refund.quantity),
				principalMinor: -minor(refund.amount),
				currency: str(refund.currency),
				postedAt: ms(refund.refundedAt),
				adjustmentId: str(refund.refundId),
				orderItemId: `OI-${str(refund.refundId)}`,
				marketplaceId: 'ATVPDKIKX0DER',
			});
			if (refund.currency === 'USD')
				rows.push({
					transactionType: 'Refund',
					orderId: str(refund.orderId),
					merchantOrderId: str(refund.merchantOrderId),
					adjustmentId: str(refund.refundId),
					marketplaceName: 'amazon.com',
					amountType: 'ItemPrice',
					amountDescription: 'Principal',
					amountMinor: -minor(refund.amount),
					fulfillmentId: 'MFN',
					postedAt: ms(refund.refundedAt),
					orderItemCode: `OI-${str(refund.refundId)}`,
					sku: str(refund.sku),
					quantity: Number(refund.quantity),
				});
		}
		if (rows.length > 0) {
			const postedTimes = rows.map((r) => r.postedAt);
			targets.amazon.state.settlements.push({
				settlementId: '2000000001',
				startAt: Math.min(...postedTimes),
				endAt: Math.max(...postedTimes) + 1,
				depositAt: Math.max(...postedTimes) + 2 * 86_400_000,
				currency: 'USD',
				rows,
			});
			targets.amazon.publishSettlement(targets.amazon.state.settlements.length - 1);
		}
	}
	return webhooksFor(scenario, items, targets.hr?.retailerId ?? 'sandbox-retailer');
}
