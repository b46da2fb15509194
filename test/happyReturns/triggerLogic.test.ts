import { createHmac } from 'crypto';
import {
	DEFAULT_MAPPING,
	parseLineItemId,
	toCanonicalEvents,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import {
	emptyState,
	guardEvents,
	trimSlack,
} from '../../nodes/HappyReturns/shared/logic/eventState';
import { verifySignature } from '../../nodes/HappyReturns/shared/logic/signature';

const body = Buffer.from('{"event":"return_status_updated","typeID":"started"}');
const hex = createHmac('sha256', 'secret').update(body).digest('hex');

describe('verifySignature', () => {
	it('accepts hex, with a sha256= prefix or in upper case', () => {
		expect(
			verifySignature({ mode: 'hex', secret: 'secret', rawBody: body, signature: hex }),
		).toMatchObject({ ok: true });
		expect(
			verifySignature({
				mode: 'hex',
				secret: 'secret',
				rawBody: body,
				signature: `sha256=${hex.toUpperCase()}`,
			}),
		).toMatchObject({ ok: true });
	});

	it('rejects a wrong, missing, truncated or wrongly encoded signature, and a missing secret', () => {
		expect(
			verifySignature({
				mode: 'hex',
				secret: 'secret',
				rawBody: Buffer.concat([body, Buffer.from(' ')]),
				signature: hex,
			}),
		).toEqual({ ok: false, reason: 'bad-signature' });
		expect(
			verifySignature({ mode: 'hex', secret: 'secret', rawBody: body, signature: undefined }),
		).toEqual({ ok: false, reason: 'missing-signature' });
		expect(
			verifySignature({
				mode: 'hex',
				secret: 'secret',
				rawBody: body,
				signature: hex.slice(0, 40),
			}),
		).toEqual({ ok: false, reason: 'bad-signature' });
		const base64 = createHmac('sha256', 'secret').update(body).digest('base64');
		expect(
			verifySignature({ mode: 'hex', secret: 'secret', rawBody: body, signature: base64 }),
		).toEqual({ ok: false, reason: 'bad-signature' });
		expect(
			verifySignature({ mode: 'base64', secret: 'secret', rawBody: body, signature: base64 }),
		).toMatchObject({ ok: true });
		expect(verifySignature({ mode: 'hex', secret: '', rawBody: body, signature: hex })).toEqual({
			ok: false,
			reason: 'missing-secret',
		});
	});

	it('checks timestamped signatures inside the tolerance window only', () => {
		const sign = (ts: string) =>
			createHmac('sha256', 'secret').update(`${ts}.`).update(body).digest('hex');
		expect(
			verifySignature({
				mode: 'timestamped',
				secret: 'secret',
				rawBody: body,
				signature: sign('1000'),
				timestamp: '1000',
				nowSeconds: 1200,
			}),
		).toMatchObject({ ok: true });
		expect(
			verifySignature({
				mode: 'timestamped',
				secret: 'secret',
				rawBody: body,
				signature: sign('1000'),
				timestamp: '1000',
				nowSeconds: 1301,
			}),
		).toEqual({ ok: false, reason: 'stale-timestamp' });
		expect(
			verifySignature({
				mode: 'timestamped',
				secret: 'secret',
				rawBody: body,
				signature: sign('1000'),
				timestamp: undefined,
				nowSeconds: 1000,
			}),
		).toEqual({ ok: false, reason: 'missing-timestamp' });
		expect(
			verifySignature({
				mode: 'timestamped',
				secret: 'secret',
				rawBody: body,
				signature: sign('1000'),
				timestamp: '1001',
				nowSeconds: 1000,
			}),
		).toEqual({ ok: false, reason: 'bad-signature' });
	});
});

const item = (unit: number, over: Record<string, unknown> = {}) => ({
	happyReturnsReturnID: 'ret-1',
	orderNumber: '272034',
	orderID: '5324938444866',
	orderLineItemID: `13377523220546-${unit}-2`,
	sku: 'nomshrts-1',
	upc: '0001',
	labelBarcode: 'HR2BAG',
	productName: 'Shorts',
	email: 'customer@example.com',
	purchasedAt: '2024-01-05T16:26:05-05:00',
	happyReturnsItemID: `it-${unit}`,
	...over,
});

describe('toCanonicalEvents', () => {
	const at = '2026-11-20T00:00:00.000Z';

	it('emits one event per event and per unit, with otherEvents and parsed unit suffix', () => {
		const events = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'started',
				retailerID: 'acme',
				otherEvents: [{ event: 'return_dropoff_method_created', typeID: 'return-bar' }],
				items: [item(0), item(1)],
			},
			DEFAULT_MAPPING,
			at,
		);
		expect(events.map((e) => [e.eventType, e.unitIndex])).toEqual([
			['return.started', 0],
			['return.dropoff_method_set', 0],
			['return.started', 1],
			['return.dropoff_method_set', 1],
		]);
		expect(events[0]).toMatchObject({
			returnId: 'ret-1',
			orderNumber: '272034',
			lineItemId: '13377523220546',
			unitCount: 2,
			sku: 'nomshrts-1',
			bagBarcode: 'HR2BAG',
			purchasedAt: '2024-01-05T21:26:05.000Z',
			retailerId: 'acme',
			missingOrderNumber: false,
			receivedAt: at,
		});
		expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
		const again = toCanonicalEvents(
			{
				event: 'return_status_updated',
				typeID: 'started',
				retailerID: 'acme',
				otherEvents: [{ event: 'return_dropoff_method_created', typeID: 'return-bar' }],
				items: [item(0), item(1)],
			},
			DEFAULT_MAPPING,
			'2026-11-21T00:00:00Z',
		);
		expect(again.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
	});

	it('maps status typeIDs through the configurable mapping and keeps unknowns', () => {
		const type = (typeID: string) =>
			toCanonicalEvents(
				{ event: 'return_status_updated', typeID, items: [item(0)] },
				DEFAULT_MAPPING,
				at,
			)[0].eventType;
		expect(type('dropped-off')).toBe('return.dropped_off');
		expect(type('Return-Bar-Dropoff')).toBe('return.dropped_off');
		expect(type('approved')).toBe('return.refund_approved');
		expect(type('expired')).toBe('return.expired');
		expect(type('teleported')).toBe('return.unknown');
		expect(
			toCanonicalEvents({ event: 'something_new', items: [item(0)] }, DEFAULT_MAPPING, at)[0]
				.eventType,
		).toBe('return.unknown');
		expect(toCanonicalEvents({ hello: 'world' }, DEFAULT_MAPPING, at)[0].eventType).toBe(
			'return.unknown',
		);
	});

	it('flags items without an order number instead of dropping them', () => {
		const [event] = toCanonicalEvents(
			{ event: 'return_status_updated', typeID: 'started', items: [item(0, { orderNumber: '' })] },
			DEFAULT_MAPPING,
			at,
		);
		expect(event.missingOrderNumber).toBe(true);
	});

	it('maps label updates and outbound shipments', () => {
		const [bag] = toCanonicalEvents(
			{
				event: 'return_label_update',
				typeID: '',
				retailerID: 'acme',
				webhookType: 'return.label.update',
				labelID: 'HR2ABCDEFGHI',
				happyReturnsReturnID: 'ret-1',
				happyReturnsExpressCode: 'HRVPBGPR',
			},
			DEFAULT_MAPPING,
			at,
		);
		expect(bag).toMatchObject({
			eventType: 'return.bag_linked',
			bagBarcode: 'HR2ABCDEFGHI',
			returnId: 'ret-1',
			expressCode: 'HRVPBGPR',
		});
		const shipped = toCanonicalEvents(
			[
				{
					...item(0),
					tracking: '1Z9',
					carrier: 'UPS',
					departureDate: '2026-11-02',
					palletNumber: 'P1',
					shippingBoxBarcode: 'B1',
				},
				{ ...item(1), tracking: '1Z9' },
			],
			DEFAULT_MAPPING,
			at,
		);
		expect(shipped.map((e) => [e.eventType, e.trackingNumber, e.itemId])).toEqual([
			['shipment.in_transit', '1Z9', 'it-0'],
			['shipment.in_transit', '1Z9', 'it-1'],
		]);
		expect(shipped[0]).toMatchObject({
			carrier: 'UPS',
			pallet: 'P1',
			shipmentBox: 'B1',
			departedAt: '2026-11-02T00:00:00.000Z',
		});
	});

	it('parses the unit suffix of orderLineItemID', () => {
		expect(parseLineItemId('12345-1-2')).toEqual({
			lineItemId: '12345',
			unitIndex: 1,
			unitCount: 2,
		});
		expect(parseLineItemId('abc')).toEqual({ lineItemId: 'abc', unitIndex: null, unitCount: null });
	});
});

describe('guardEvents (the recent-delivery hint)', () => {
	const events = (typeID: string) =>
		toCanonicalEvents(
			{ event: 'return_status_updated', typeID, items: [item(0)] },
			DEFAULT_MAPPING,
			'x',
		);
	const options = { retentionMs: 86_400_000, maxEntries: 1000, now: 1_000_000 };

	it('recognises redeliveries; a status after a later one is emitted, flagged late, never dropped', () => {
		const state = emptyState();
		expect(guardEvents(events('started'), state, options).verdicts).toEqual(['new']);
		expect(guardEvents(events('started'), state, options).verdicts).toEqual(['duplicate']);
		const fresh = emptyState();
		expect(guardEvents(events('dropped-off'), fresh, options)).toMatchObject({
			verdicts: ['new'],
			late: [false],
		});
		expect(guardEvents(events('started'), fresh, options)).toMatchObject({
			verdicts: ['new'],
			late: [true],
		});
		const expired = guardEvents(events('expired'), fresh, options);
		expect(expired.verdicts).toEqual(['new']);
		expect(expired.anomalies.map((e) => e.eventType)).toEqual(['return.anomaly']);
		// Expired is not terminal: a later approval is still a milestone.
		const approved = guardEvents(events('approved'), fresh, options);
		expect(approved.verdicts).toEqual(['new']);
		expect(approved.anomalies).toEqual([]);
	});

	it('with retention 0 remembers nothing between deliveries', () => {
		const state = emptyState();
		const off = { ...options, retentionMs: 0 };
		expect(guardEvents(events('started'), state, off).verdicts).toEqual(['new']);
		expect(guardEvents(events('started'), state, off).verdicts).toEqual(['new']);
		expect(state.seen).toEqual({});
	});

	it('forgets entries after the retention window and caps the memory', () => {
		const state = emptyState();
		guardEvents(events('started'), state, options);
		const later = { ...options, now: options.now + options.retentionMs };
		expect(guardEvents(events('started'), state, later).verdicts).toEqual(['duplicate']);
		const after = { ...options, now: options.now + options.retentionMs + 1 };
		expect(guardEvents(events('started'), state, after).verdicts).toEqual(['new']);
		const started = (i: number) =>
			toCanonicalEvents(
				{
					event: 'return_status_updated',
					typeID: 'started',
					items: [item(0, { happyReturnsReturnID: `r${i}`, happyReturnsItemID: `i${i}` })],
				},
				DEFAULT_MAPPING,
				'x',
			);
		const capped = emptyState();
		const cap = { ...options, maxEntries: 5 };
		for (let i = 0; i < 20; i++) guardEvents(started(i), capped, { ...cap, now: options.now + i });
		// At most the cap and its slack; trims drop the oldest, so the last five are all there.
		expect(Object.keys(capped.seen).length).toBeLessThanOrEqual(5 + trimSlack(5));
		expect(Object.keys(capped.units).length).toBeLessThanOrEqual(5 + trimSlack(5));
		const newest = options.now + 20 - 5 - trimSlack(5);
		expect(Object.values(capped.seen).filter((at) => at < newest)).toEqual([]);
		const redelivered = (i: number) =>
			guardEvents(started(i), capped, { ...cap, now: options.now + 20 }).verdicts[0];
		expect([15, 16, 17, 18, 19].map(redelivered)).toEqual(Array(5).fill('duplicate'));
		expect(redelivered(0)).toBe('new');
	});
});
