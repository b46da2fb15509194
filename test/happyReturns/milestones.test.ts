/**
 * Happy Returns Trigger's pure mapping and hint: milestones per unit whatever the order or
 * batching, unit identity, ledger size, exchanges, the V2 shipment notice and hostile shapes.
 */
import {
	DEFAULT_MAPPING,
	isoUtc,
	jsonDepthExceeds,
	toCanonicalEvents,
	unitRefOf,
	type CanonicalEvent,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import { emptyState, guardEvents } from '../../nodes/HappyReturns/shared/logic/eventState';
import type { HrItem } from '../../sandbox/happyReturns/state';
import {
	outboundShipmentBody,
	outboundShipmentV2Body,
	type ShipmentInfo,
} from '../../sandbox/happyReturns/webhooks';

const at = '2026-11-20T00:00:00.000Z';

function hrItem(i: number, over: Partial<HrItem> = {}): HrItem {
	return {
		happyReturnsItemID: `item-${i}`,
		happyReturnsReturnID: `ret-${Math.floor(i / 4)}`,
		happyReturnsExpressCode: `HRX${Math.floor(i / 4)}`,
		email: 'c@example.com',
		orderNumber: String(1000 + Math.floor(i / 4)),
		orderID: `o${Math.floor(i / 4)}`,
		orderLineItemID: `${i}-0-1`,
		sku: `SKU-${i % 7}`,
		upc: '',
		productName: 'Tee',
		purchasedAt: '2026-10-01T10:00:00Z',
		labelBarcode: `BAG${i}`,
		dropoffMethod: 'return-bar',
		status: 'dropped_off',
		...over,
	};
}

const shipment: ShipmentInfo = {
	trackingNumber: '1Z999',
	carrier: 'UPS',
	departureDate: '2026-11-02T08:00:00Z',
	palletNumber: 'P1',
	shippingBoxBarcode: 'BOX1',
};

/** Runs deliveries through one hint memory, as consecutive webhooks would. */
function deliverAll(bodies: unknown[]): CanonicalEvent[] {
	const state = emptyState();
	const emitted: CanonicalEvent[] = [];
	bodies.forEach((body, index) => {
		const events = toCanonicalEvents(body, DEFAULT_MAPPING, at, `d${index}`);
		const guard = guardEvents(events, state, {
			retentionMs: 86_400_000,
			maxEntries: 2000,
			now: 1_000_000 + index,
		});
		events.forEach((event, i) => guard.verdicts[i] === 'new' && emitted.push(event));
		emitted.push(...guard.anomalies);
	});
	return emitted;
}

describe('milestones of a unit', () => {
	const unitItem = {
		happyReturnsReturnID: 'ret-1',
		orderNumber: '1001',
		orderLineItemID: '77-0-1',
		sku: 'TEE-M',
	};
	const milestones = [
		{ event: 'return_status_updated', typeID: 'started' },
		{ event: 'return_dropoff_method_created', typeID: 'return-bar' },
		{ event: 'return_status_updated', typeID: 'dropped-off' },
		{ event: 'return_status_updated', typeID: 'approved' },
		{ event: 'return_status_updated', typeID: 'expired' },
	];

	function permutations<T>(list: T[]): T[][] {
		if (list.length <= 1) return [list];
		return list.flatMap((head, i) =>
			permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [head, ...rest]),
		);
	}

	/** Every way to cut a sequence into consecutive batches (2^(n-1) of them). */
	function batchings<T>(list: T[]): T[][][] {
		const result: T[][][] = [];
		for (let mask = 0; mask < 1 << (list.length - 1); mask++) {
			const batches: T[][] = [[list[0]]];
			for (let i = 1; i < list.length; i++) {
				if (mask & (1 << (i - 1))) batches.push([list[i]]);
				else batches[batches.length - 1].push(list[i]);
			}
			result.push(batches);
		}
		return result;
	}

	/** One webhook for a batch, aggregated as HR does: a status event primary, the rest newest first. */
	function body(batch: typeof milestones) {
		const newestFirst = [...batch].reverse();
		const primary = newestFirst.find((m) => m.event === 'return_status_updated') ?? newestFirst[0];
		return {
			...primary,
			retailerID: 'acme',
			otherEvents: newestFirst.filter((m) => m !== primary),
			items: [unitItem],
		};
	}

	const expected = deliverAll([body(milestones)]);

	it('a single delivery of all milestones emits each one, plus the anomaly', () => {
		expect(expected.map((e) => e.eventType).sort()).toEqual([
			'return.anomaly',
			'return.dropoff_method_set',
			'return.dropped_off',
			'return.expired',
			'return.refund_approved',
			'return.started',
		]);
	});

	it('every permutation and batching yields the same emitted set, each milestone once', () => {
		const want = expected.map((e) => e.eventId).sort();
		let runs = 0;
		for (const order of permutations(milestones))
			for (const batches of batchings(order)) {
				const emitted = deliverAll(batches.map(body));
				expect(emitted.map((e) => e.eventId).sort()).toEqual(want);
				runs++;
			}
		expect(runs).toBe(120 * 16);
	});

	it('a milestone merged into otherEvents under another primary still starts its own event', () => {
		const emitted = deliverAll([
			{
				event: 'return_status_updated',
				typeID: 'approved',
				otherEvents: [{ event: 'return_status_updated', typeID: 'dropped-off' }],
				items: [unitItem],
			},
		]);
		expect(emitted.map((e) => e.eventType)).toEqual([
			'return.refund_approved',
			'return.dropped_off',
		]);
	});

	it('without expiry there is no anomaly; expired alone is a plain milestone', () => {
		const types = (list: typeof milestones) =>
			deliverAll(list.map((m) => body([m]))).map((e) => e.eventType);
		expect(types(milestones.slice(0, 4))).not.toContain('return.anomaly');
		expect(types([milestones[0], milestones[4]])).toEqual(['return.started', 'return.expired']);
	});
});

describe('unit identity', () => {
	const asn = (items: object[]) => ({
		event: 'return_status_updated',
		typeID: 'dropped-off',
		items,
	});

	it('two units of one SKU on two order lines, both unit 0, are two units', () => {
		const events = toCanonicalEvents(
			asn([
				{ happyReturnsReturnID: 'r', orderLineItemID: 'L1-0-1', sku: 'TEE-M' },
				{ happyReturnsReturnID: 'r', orderLineItemID: 'L2-0-1', sku: 'TEE-M' },
			]),
			DEFAULT_MAPPING,
			at,
		);
		expect(events.map((e) => e.unitRef)).toEqual(['L1.0', 'L2.0']);
		expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
	});

	it('units without item ids or unit suffix are counted per order line in arrival order', () => {
		const events = toCanonicalEvents(
			asn([
				{ happyReturnsReturnID: 'r', orderLineItemID: 'L1', sku: 'TEE-M' },
				{ happyReturnsReturnID: 'r', orderLineItemID: 'L2', sku: 'TEE-M' },
				{ happyReturnsReturnID: 'r', orderLineItemID: 'L1', sku: 'TEE-M' },
				{ happyReturnsReturnID: 'r', sku: 'CAP' },
				{ happyReturnsReturnID: 'r', sku: 'CAP' },
			]),
			DEFAULT_MAPPING,
			at,
		);
		expect(events.map((e) => [e.unitRef, e.unitIndex])).toEqual([
			['L1.0', 0],
			['L2.0', 0],
			['L1.1', 1],
			['sku:CAP.0', 0],
			['sku:CAP.1', 1],
		]);
		expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
		expect(new Set(events.map((e) => e.unitKey)).size).toBe(5);
	});

	it('the same unit has the same identity in a return notice and in a shipment notice', () => {
		const items = [hrItem(0), hrItem(1)];
		const fromAsn = toCanonicalEvents(
			asn(items.map(({ status: _s, ...rest }) => rest)),
			DEFAULT_MAPPING,
			at,
		);
		const shipped = toCanonicalEvents(
			JSON.parse(outboundShipmentBody(items, shipment, 'acme', 0).body),
			DEFAULT_MAPPING,
			at,
		);
		expect(shipped.map((e) => e.unitKey)).toEqual(fromAsn.map((e) => e.unitKey));
	});
});

describe('shipment notices', () => {
	const items = Array.from({ length: 3 }, (_, i) => hrItem(i));

	it('V1 (array) and V2 (object with items) give the same in-transit events', () => {
		const v1 = toCanonicalEvents(
			JSON.parse(outboundShipmentBody(items, shipment, 'acme', 0).body),
			DEFAULT_MAPPING,
			at,
		);
		const v2 = toCanonicalEvents(
			JSON.parse(outboundShipmentV2Body(items, shipment, 'acme', 0).body),
			DEFAULT_MAPPING,
			at,
		);
		expect(v1.map((e) => e.shipmentVersion)).toEqual(['v1', 'v1', 'v1']);
		expect(v2.map((e) => e.shipmentVersion)).toEqual(['v2', 'v2', 'v2']);
		for (const events of [v1, v2]) {
			expect(events.map((e) => e.eventType)).toEqual(Array(3).fill('shipment.in_transit'));
			expect(events[0]).toMatchObject({
				trackingNumber: '1Z999',
				carrier: 'UPS',
				pallet: 'P1',
				shipmentBox: 'BOX1',
				departedAt: '2026-11-02T08:00:00.000Z',
				retailerId: 'acme',
			});
		}
		expect(v2.map((e) => e.eventId)).toEqual(v1.map((e) => e.eventId));
	});

	it.each([
		['a shipment notice without items', { webhookType: 'outbound_shipment.asn', boxes: [] }],
		['an empty array', []],
		['an array of strings', ['a', 'b']],
		[
			'a V2 notice whose items are not objects',
			{ webhookType: 'outbound_shipment.asn', items: [1] },
		],
	])('%s is surfaced as shipment.unrecognized, never return.unknown', (_case, body) => {
		const events = toCanonicalEvents(body, DEFAULT_MAPPING, at, 'hash');
		expect(events.map((e) => e.eventType)).toEqual(['shipment.unrecognized']);
		expect(events[0].reason).not.toBe('');
		expect(events[0].deliveryHash).toBe('hash');
	});

	it('a 1,000-unit notice makes ledger rows under 2 MB (each row holds its own item)', () => {
		const many = Array.from({ length: 1000 }, (_, i) => hrItem(i));
		const body = outboundShipmentBody(many, shipment, 'acme', 0).body;
		const events = toCanonicalEvents(JSON.parse(body), DEFAULT_MAPPING, at, 'h'.repeat(64));
		expect(events).toHaveLength(1000);
		// The columns template 01 writes to its event ledger.
		const rows = events.map((e) => ({
			eventId: e.eventId,
			eventType: e.eventType,
			returnId: e.returnId,
			orderNumber: e.orderNumber,
			orderId: e.orderId,
			channel: 'storefront',
			sku: e.sku,
			unit: e.unitIndex,
			bagBarcode: e.bagBarcode,
			trackingNumber: e.trackingNumber,
			status: 'received',
			receivedAt: e.receivedAt,
			deliveryHash: e.deliveryHash,
			payload: JSON.stringify(e.original),
		}));
		const bytes = Buffer.byteLength(JSON.stringify(rows));
		console.log(
			`1,000-unit shipment notice: body ${body.length} bytes, ledger rows ${bytes} bytes`,
		);
		expect(bytes).toBeLessThan(2 * 1024 * 1024);
		expect(new Set(events.map((e) => e.eventId)).size).toBe(1000);
	});
});

describe('exchanges', () => {
	it('emits exchange.requested once per unit, with the replacement SKU when present', () => {
		const events = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'dropped-off',
				otherEvents: [{ event: 'return_status_updated', typeID: 'started' }],
				items: [
					{
						happyReturnsReturnID: 'r',
						orderLineItemID: 'L1',
						sku: 'TEE-M',
						oneClickExchange: true,
						exchangeSku: 'TEE-L',
					},
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L2', sku: 'CAP', refundType: 'Exchange' },
					{
						happyReturnsReturnID: 'r',
						orderLineItemID: 'L3',
						sku: 'SOCK',
						refundType: 'refund',
						oneClickExchange: false,
					},
				],
			},
			DEFAULT_MAPPING,
			at,
		);
		const exchanges = events.filter((e) => e.eventType === 'exchange.requested');
		expect(exchanges.map((e) => [e.sku, e.replacementSku])).toEqual([
			['TEE-M', 'TEE-L'],
			['CAP', ''],
		]);
	});

	it('reads the field names the merchant configures', () => {
		const config = {
			...DEFAULT_MAPPING,
			exchange: {
				flagFields: ['isSwap'],
				refundTypeField: 'refundType',
				refundTypeValues: ['swap'],
				replacementSkuFields: ['swapTo'],
			},
		};
		const events = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'started',
				items: [
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L1', isSwap: 'true', swapTo: 'X' },
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L2', oneClickExchange: true },
				],
			},
			config,
			at,
		);
		expect(
			events.filter((e) => e.eventType === 'exchange.requested').map((e) => e.replacementSku),
		).toEqual(['X']);
	});
});

describe('hostile shapes', () => {
	it.each([
		[
			'otherEvents with null',
			{
				event: 'return_status_updated',
				typeID: 'started',
				otherEvents: [null],
				items: [{ sku: 'A' }],
			},
		],
		[
			'items with null and numbers',
			{ event: 'return_status_updated', typeID: 'started', items: [null, 5, { sku: 'A' }] },
		],
		['items that is not a list', { event: 'return_status_updated', items: 'x' }],
		[
			'fields that are objects',
			{ event: { a: 1 }, typeID: [1], items: [{ sku: { x: 1 }, orderLineItemID: [] }] },
		],
		['null', null],
		['a number', 5],
		['a string', 'hello'],
		['an array of nulls', [null, null]],
		['a label update with objects', { labelID: { a: 1 }, happyReturnsReturnID: null }],
		['a bad regex-like typeID', { event: 'return_status_updated', typeID: '/(/', items: [{}] }],
	])('%s: events, never a throw', (_case, body) => {
		const events = toCanonicalEvents(body, DEFAULT_MAPPING, at, 'h');
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) expect(typeof event.eventId).toBe('string');
	});

	it('measures nesting without parsing, ignoring brackets inside strings', () => {
		expect(jsonDepthExceeds('['.repeat(33) + ']'.repeat(33), 32)).toBe(true);
		expect(jsonDepthExceeds('['.repeat(32) + ']'.repeat(32), 32)).toBe(false);
		expect(
			jsonDepthExceeds(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["' }), 2),
		).toBe(false);
		expect(jsonDepthExceeds(JSON.stringify({ a: '\\"[[[' }), 1)).toBe(false);
	});
});

describe('unitRefOf (for other modules naming the same unit)', () => {
	it('matches the unitRef the trigger emits', () => {
		const events = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'started',
				items: [
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L1-1-2', sku: 'A' },
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L2', sku: 'A' },
					{ happyReturnsReturnID: 'r', orderLineItemID: 'L2', sku: 'A' },
					{ happyReturnsReturnID: 'r', sku: 'B C' },
				],
			},
			DEFAULT_MAPPING,
			at,
		);
		expect(events.map((e) => e.unitRef)).toEqual([
			unitRefOf('L1-1-2', 'A'),
			unitRefOf('L2', 'A', 0),
			unitRefOf('L2', 'A', 1),
			unitRefOf('', 'B C', 0),
		]);
		expect(unitRefOf('', 'B C', 0)).toBe('sku:B_C.0');
	});
});

describe('the cheaper webhook path keeps what ledgers and hints already hold', () => {
	// Values written by the previous implementation (a Hash object per id, item fields spread over
	// the shipment's): a ledger filled before an upgrade must still recognise every redelivery.
	const shipment = {
		webhookType: 'outbound_shipment.asn',
		happyReturnsRetailerID: 'acme',
		tracking: '1ZTRACK',
		carrier: 'UPS',
		departureDate: '2026-11-29T18:00:00Z',
		items: [
			{
				happyReturnsReturnID: 'RET-1',
				orderLineItemID: 'L1-0-2',
				sku: 'TEE-M',
				oneClickExchange: true,
				exchangeSku: 'TEE-L',
			},
			{
				happyReturnsReturnID: 'RET-1',
				orderLineItemID: 'L1-1-2',
				sku: 'TEE-M',
				tracking: '1ZOWN',
				purchasedDate: '2026-11-05T16:26:05-05:00',
			},
		],
	};

	it('derives the same event ids, and an item field wins over the shipment field', () => {
		const events = toCanonicalEvents(shipment, DEFAULT_MAPPING, '2026-11-30T00:00:00.000Z', 'h');
		expect(
			events.map((e) => [
				e.eventType,
				e.eventId,
				e.unitKey,
				e.trackingNumber,
				e.departedAt,
				e.purchasedAt,
				e.retailerId,
				e.replacementSku,
			]),
		).toEqual([
			[
				'shipment.in_transit',
				'hr_1fe8fa39722c452db642d7fd1881db8f',
				'RET-1|L1|0',
				'1ZTRACK',
				'2026-11-29T18:00:00.000Z',
				null,
				'acme',
				'TEE-L',
			],
			[
				'exchange.requested',
				'hr_dd70fcbebbb368bde9ba74a0a98e8a2a',
				'RET-1|L1|0',
				'1ZTRACK',
				'2026-11-29T18:00:00.000Z',
				null,
				'acme',
				'TEE-L',
			],
			[
				'shipment.in_transit',
				'hr_7e0c5134e904996e84b25eb5fb82ade4',
				'RET-1|L1|1',
				'1ZOWN',
				'2026-11-29T18:00:00.000Z',
				'2026-11-05T21:26:05.000Z',
				'acme',
				'',
			],
		]);
		const batched = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'dropped-off',
				otherEvents: [{ event: 'return_status_updated', typeID: 'started' }],
				items: [{ happyReturnsReturnID: 'RET-2', orderLineItemID: 'L9', sku: 'A' }],
			},
			DEFAULT_MAPPING,
			at,
			'h',
		);
		expect(batched.map((e) => [e.eventType, e.eventId])).toEqual([
			['return.dropped_off', 'hr_6a8f9fe9e16c0430f8f0fbd3d765cfe6'],
			['return.started', 'hr_55654ac2c401c90708d437b81efdac1f'],
		]);
	});

	it('keys the recent-delivery hint as before, so a hint kept in static data still matches', () => {
		const state = emptyState();
		const events = toCanonicalEvents(shipment, DEFAULT_MAPPING, at, 'h');
		guardEvents(events, state, { retentionMs: 1e9, maxEntries: 100, now: 1 });
		expect(Object.keys(state.units).sort()).toEqual(['0706f9e58fbc8a58', '6faade9f09e4a102']);
	});

	it('measures nesting of texts with multi-byte characters and escapes in strings', () => {
		const texts: Array<[string, number]> = [
			['['.repeat(33) + ']'.repeat(33), 33],
			['['.repeat(32) + ']'.repeat(32), 32],
			[JSON.stringify({ a: 'é[[[[[[', b: [[['ü']]] }), 4],
			[JSON.stringify({ a: '\\"[[[', emoji: '😀{{{{', c: [{ d: [] }] }), 4],
			[`{"a":"\u00e9\\"[[[[","b":[[[[1]]]]}`, 5],
			[JSON.stringify({ a: '[[[😀[[[' }), 1],
		];
		for (const limit of [1, 2, 3, 4, 5, 32])
			for (const [text, depth] of texts)
				expect([text, limit, jsonDepthExceeds(text, limit)]).toEqual([text, limit, depth > limit]);
	});
});

describe('isoUtc', () => {
	it('writes the same string as toISOString, at the edges of its fast range and at random', () => {
		const edges = [
			0,
			-1,
			Date.UTC(2000, 1, 29, 23, 59, 59, 999),
			Date.UTC(2100, 2, 1),
			Date.UTC(1000, 0, 1),
			Date.UTC(1000, 0, 1) - 1,
			Date.UTC(9999, 11, 31, 23, 59, 59, 999),
			Date.UTC(10000, 0, 1),
			Date.UTC(-5, 0, 1),
		];
		// A fixed-seed generator, so a failure names a value that can be re-run.
		let seed = 7;
		const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
		const values = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(random() * 4e14))];
		const wrong = values.filter((ms) => isoUtc(ms) !== new Date(ms).toISOString());
		expect(wrong).toEqual([]);
	});
});
