/**
 * The exchange fields and status values are settings, so any name or list can come in. The rule
 * (canonicalEvents: a V2 shipment notice's shipment-level fields apply to every item, the item's
 * own field winning) holds whatever the field is called, names every object inherits included;
 * and a pattern list is read as it is at each delivery, also when the same list was changed in
 * place since an earlier one.
 */
import {
	DEFAULT_MAPPING,
	toCanonicalEvents,
	type MappingConfig,
} from '../../nodes/HappyReturns/shared/logic/canonicalEvents';

const at = '2026-11-30T00:00:00.000Z';

/** A V2 shipment notice: shipment-level fields, then two items. */
function shipment(shipmentFields: Record<string, unknown>, items: Array<Record<string, unknown>>) {
	return JSON.parse(
		JSON.stringify({
			webhookType: 'outbound_shipment.asn',
			tracking: '1ZTRACK',
			...shipmentFields,
			items: items.map((item, n) => ({
				happyReturnsReturnID: `RET-${n}`,
				orderLineItemID: `L${n}-0-1`,
				sku: 'TEE-M',
				...item,
			})),
		}),
	) as unknown;
}

describe('exchange fields named as settings', () => {
	it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
		'a field named %s is the shipment’s where the item has none, the item’s where it has one',
		(name) => {
			const config: MappingConfig = {
				...DEFAULT_MAPPING,
				exchange: {
					...DEFAULT_MAPPING.exchange,
					flagFields: [name],
					replacementSkuFields: [name],
				},
			};
			const body = shipment(
				JSON.parse(`{${JSON.stringify(name)}:"yes"}`) as Record<string, unknown>,
				[{}, JSON.parse(`{${JSON.stringify(name)}:"no"}`) as Record<string, unknown>],
			);
			const events = toCanonicalEvents(body, config, at, 'h');
			expect(
				events.map((e) => [e.eventType, e.unitKey, e.exchangeRequested, e.replacementSku]),
			).toEqual([
				['shipment.in_transit', 'RET-0|L0|0', true, 'yes'],
				['exchange.requested', 'RET-0|L0|0', true, 'yes'],
				['shipment.in_transit', 'RET-1|L1|0', false, 'no'],
			]);
		},
	);

	it('an inherited name that neither the item nor the shipment carries marks nothing', () => {
		const config: MappingConfig = {
			...DEFAULT_MAPPING,
			exchange: {
				...DEFAULT_MAPPING.exchange,
				flagFields: ['toString'],
				replacementSkuFields: ['constructor'],
			},
		};
		const [event] = toCanonicalEvents(shipment({}, [{}]), config, at, 'h');
		// Both names resolve to Object's own functions, whose text is not a flag; as before.
		expect([event.exchangeRequested, event.replacementSku.startsWith('function Object')]).toEqual([
			false,
			true,
		]);
	});

	it('booleans, numbers and strings flag an exchange as the documented truthy values say', () => {
		const values: Array<[unknown, boolean]> = [
			[true, true],
			[false, false],
			[1, true],
			[0, false],
			['TRUE', true],
			[' yes ', true],
			['1', true],
			['no', false],
			[null, false],
			[{}, false],
		];
		for (const [value, exchange] of values) {
			const [event] = toCanonicalEvents(
				shipment({}, [{ oneClickExchange: value }]),
				DEFAULT_MAPPING,
				at,
				'h',
			);
			expect([value, event.exchangeRequested]).toEqual([value, exchange]);
		}
	});
});

describe('pattern lists', () => {
	it('reads a list changed in place since an earlier delivery as it is now', () => {
		const refundTypeValues = ['exchange'];
		const config: MappingConfig = {
			...DEFAULT_MAPPING,
			exchange: { ...DEFAULT_MAPPING.exchange, refundTypeValues },
		};
		const body = () => shipment({}, [{ refundType: 'Swap' }]);
		expect(toCanonicalEvents(body(), config, at, 'h')[0].exchangeRequested).toBe(false);
		refundTypeValues.push('/^sw/');
		expect(toCanonicalEvents(body(), config, at, 'h')[0].exchangeRequested).toBe(true);
		refundTypeValues[1] = 'SWAP';
		expect(toCanonicalEvents(body(), config, at, 'h')[0].exchangeRequested).toBe(true);
		refundTypeValues[1] = '/(/';
		expect(toCanonicalEvents(body(), config, at, 'h')[0].exchangeRequested).toBe(false);
	});
});
