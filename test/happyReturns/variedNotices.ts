/**
 * Seeded, varied Happy Returns webhook bodies for the webhook path's identity test: return
 * notices (with otherEvents), V1 and V2 shipment notices, label updates and hostile shapes, with
 * the item fields present, missing, null, numeric, nested, padded with whitespace, or given at
 * the shipment level only. The same seed always gives the same bodies, so the digests of what the
 * path makes of them can be pinned.
 */
import type { MappingConfig } from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import { DEFAULT_MAPPING } from '../../nodes/HappyReturns/shared/logic/canonicalEvents';
import { Random } from '../../sandbox/scenario/random';

/** The scenario generator's seeded sequence, as a function. */
export function seeded(seed: number): () => number {
	const random = new Random(seed);
	return () => random.next();
}

type Json = Record<string, unknown>;

/** A mapping with regex statuses and exchange fields that V2 notices also carry per shipment. */
export const CUSTOM_MAPPING: MappingConfig = {
	status: {
		started: ['started', '/^new$/'],
		droppedOff: ['/drop/', 'at-bar'],
		refundApproved: ['APPROVED'],
		expired: ['expired', '/(/'],
	},
	exchange: {
		flagFields: ['oneClickExchange', 'isExchange'],
		refundTypeField: 'refundType',
		refundTypeValues: ['exchange', '/swap/'],
		replacementSkuFields: ['exchangeSku', 'newSku'],
	},
};

export const MAPPINGS: readonly MappingConfig[] = [DEFAULT_MAPPING, CUSTOM_MAPPING];

const STATUSES = [
	'started',
	'dropped-off',
	'Dropped_Off',
	'approved',
	'refunded',
	'expired',
	'new',
	'at-bar',
	'swap',
	'',
	'mystery',
];
const EVENTS = [
	'return_status_updated',
	'return_status_updated',
	'return_dropoff_method_created',
	'return_something_else',
];
const DATES = [
	'2026-11-05T16:26:05-05:00',
	'2026-11-29T18:00:00Z',
	'2026-02-30T00:00:00Z',
	'not a date',
	'0999-12-31T23:59:59Z',
	'+010000-01-01T00:00:00Z',
	'1970-01-01T00:00:00.001Z',
	'',
	' 2026-11-05 ',
];

export function variedNotices(seed: number, count: number): unknown[] {
	const random = seeded(seed);
	const int = (n: number) => Math.floor(random() * n);
	const pick = <T>(values: readonly T[]): T => values[int(values.length)];
	const chance = (p: number) => random() < p;

	/** A field's value in one of the shapes a sender might use. */
	const value = (plain: () => string): unknown => {
		const r = random();
		if (r < 0.7) return plain();
		if (r < 0.78) return `  ${plain()}\t`;
		if (r < 0.84) return null;
		if (r < 0.9) return int(100000);
		if (r < 0.94) return { nested: plain() };
		if (r < 0.97) return [plain()];
		return true;
	};
	const lineItemId = (line: number, unit: number, of: number): unknown => {
		const r = random();
		if (r < 0.45) return `${13377523220546 + line}-${unit}-${of}`;
		if (r < 0.6) return `${13377523220546 + line}`;
		if (r < 0.66) return `line ${line}-${unit}-${of}`;
		if (r < 0.7) return `line\n${line}-${unit}-${of}`;
		if (r < 0.74) return `${line}--${unit}`;
		if (r < 0.78) return `-${unit}-${of}`;
		if (r < 0.82) return `${line}-${unit}-${of}-${of}`;
		if (r < 0.86) return `${line}-0${unit}-x`;
		if (r < 0.88)
			return pick([
				`é${line}\u00a0x-${unit}-${of}`,
				`${line}\u3000-${unit}-${of}`,
				`L${line}\u2028`,
			]);
		if (r < 0.91) return null;
		return value(() => `L${line}`);
	};
	const item = (n: number, tag: string): Json => {
		const line = int(4);
		const out: Json = {};
		const set = (key: string, make: () => unknown, p = 0.9) => {
			if (chance(p)) out[key] = make();
		};
		set('happyReturnsItemID', () => value(() => `${tag}-item-${n}`));
		set('happyReturnsReturnID', () => value(() => `${tag}-ret-${int(3)}`), 0.85);
		set('happyReturnsExpressCode', () => value(() => `EXP${n}`));
		set('email', () => value(() => `c${n}@example.com`));
		set('orderNumber', () => value(() => `${100000 + int(3)}`), 0.85);
		set('orderID', () => value(() => `${5324938444866 + n}`));
		set('orderLineItemID', () => lineItemId(line, int(3), 1 + int(3)), 0.85);
		set('sku', () => value(() => `sku-${line}`));
		set('upc', () => value(() => `${n}`.padStart(12, '0')), 0.6);
		set('productName', () => value(() => pick(['Shorts', 'Tee', 'Ünïcödé 👕'])), 0.8);
		set('purchasedAt', () => value(() => pick(DATES)), 0.6);
		set('purchasedDate', () => value(() => pick(DATES)), 0.3);
		set('departureDate', () => value(() => pick(DATES)), 0.2);
		set('labelBarcode', () => value(() => `HR${n}BAG`), 0.7);
		set('dropoffMethod', () => value(() => 'return-bar'), 0.7);
		set('tracking', () => value(() => `T${n}`), 0.15);
		set('trackingNumber', () => value(() => `1Z${n}`), 0.2);
		set('carrier', () => value(() => 'UPS'), 0.2);
		set('oneClickExchange', () => pick([true, false, 'yes', 'TRUE', 1, 0, 'no', null]), 0.3);
		set('isExchange', () => pick([true, 'true', 'nope']), 0.1);
		set('refundType', () => pick(['exchange', 'refund', 'SWAP-it', 'Exchange', '']), 0.3);
		set('exchangeSku', () => value(() => `x-${n}`), 0.2);
		set('newSku', () => value(() => `n-${n}`), 0.1);
		set('replacementSku', () => value(() => `r-${n}`), 0.1);
		set('happyReturnsRetailerID', () => value(() => 'other-retailer'), 0.1);
		set('status', () => pick(STATUSES), 0.5);
		return out;
	};
	const items = (tag: string): unknown[] => {
		const n = chance(0.1) ? 0 : 1 + int(chance(0.2) ? 40 : 6);
		const list: unknown[] = Array.from({ length: n }, (_, i) => item(i, tag));
		if (chance(0.05)) list.push(pick(['junk', 7, null, ['x']]));
		return list;
	};
	const shipmentFields = (tag: string): Json => {
		const out: Json = {};
		if (chance(0.8)) out.trackingNumber = value(() => `1Z${tag}`);
		if (chance(0.3)) out.tracking = value(() => `T${tag}`);
		if (chance(0.8)) out.carrier = value(() => 'UPS');
		if (chance(0.8)) out.departureDate = value(() => pick(DATES));
		if (chance(0.6)) out.palletNumber = value(() => 'P-1');
		if (chance(0.6)) out.shippingBoxBarcode = value(() => `BOX-${tag}`);
		if (chance(0.2)) out.refundType = pick(['exchange', 'refund']);
		if (chance(0.2)) out.oneClickExchange = pick([true, 'no']);
		if (chance(0.2)) out.orderNumber = value(() => '555');
		if (chance(0.2)) out.happyReturnsRetailerID = value(() => 'shipper');
		return out;
	};

	return Array.from({ length: count }, (_, n): unknown => {
		const tag = `n${n}`;
		const r = random();
		if (r < 0.4) {
			const body: Json = {
				event: pick(EVENTS),
				typeID: value(() => pick(STATUSES)),
				retailerID: value(() => 'acme'),
				items: items(tag),
			};
			if (chance(0.4))
				body.otherEvents = Array.from({ length: int(4) }, () =>
					chance(0.9) ? { event: pick(EVENTS), typeID: pick(STATUSES) } : 'junk',
				);
			if (chance(0.2)) body.webhookType = 'return.asn';
			return body;
		}
		if (r < 0.65) {
			const body: Json = { ...shipmentFields(tag), items: items(tag), retailerID: 'acme' };
			if (chance(0.7)) body.webhookType = 'outbound_shipment.asn.v2';
			return body;
		}
		if (r < 0.8)
			return items(tag).map((i) =>
				typeof i === 'object' && i ? { ...(i as Json), ...shipmentFields(tag) } : i,
			);
		if (r < 0.92)
			return {
				webhookType: chance(0.7) ? 'return.label.update' : undefined,
				labelID: value(() => `LBL${n}`),
				happyReturnsReturnID: value(() => `${tag}-ret-0`),
				happyReturnsExpressCode: value(() => `EXP${n}`),
				retailerID: 'acme',
			};
		return pick<unknown>([null, 42, 'text', [], {}, { items: 'no' }, { event: 'x' }, [1, 2]]);
	});
}
