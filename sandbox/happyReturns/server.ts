/**
 * Happy Returns partner API sandbox. Endpoints, auth header and rate-limit text from
 * https://developer.happyreturns.com/partner/api/ : `X-Hr-Apikey` auth, POST /return (200 items
 * or 204), GET /outbound-shipments, GET /outbound-shipment/{id} (page[after] / page[size] up to
 * 1000), POST /rma/{id}/approve, POST /return-contents (at most 1000 items), POST /rma/{id}/expire
 * (idempotent, as third-party clients observe). Leaky-bucket rate limit: 429 with the wait in the
 * body text and no Retry-After header.
 *
 * Assumptions (rows in docs/vendor-uncertainties.md): the list envelopes (`{ data, links, meta }`)
 * with `links.next` as a URL carrying `page[after]` (the JSON:API convention,
 * https://jsonapi.org/format/#fetching-pagination; `nextLink: 'cursor'` sends the bare cursor),
 * the meaning of the number in the 429 text (read as seconds to wait, as third-party clients do),
 * and a 409 for a second approval of an item (no public source: the node must never read it as
 * success). `bareArrays` and `echoCursor` model servers that answer differently, for the node's
 * guards.
 */
import {
	SandboxClock,
	SandboxServer,
	type Clock,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/httpServer';
import { HappyReturnsState, type HrItem } from './state';

export interface HappyReturnsSandboxOptions {
	apiKey?: string;
	retailerId?: string;
	/** Leaky bucket: requests per second drained, and how many may queue. */
	ratePerSecond?: number;
	bucketSize?: number;
	clock?: Clock;
	/** `links.next` as a URL (default) or as the bare cursor. */
	nextLink?: 'url' | 'cursor';
	/** Answer shipment pages and returns as bare arrays, without an envelope. */
	bareArrays?: boolean;
	/** A faulty server: every page names the same next cursor. */
	echoCursor?: boolean;
}

export interface HappyReturnsSandbox {
	url: string;
	apiKey: string;
	retailerId: string;
	state: HappyReturnsState;
	server: SandboxServer;
	close(): Promise<void>;
}

const MAX_PAGE = 1000;
const MAX_CONTENT_ITEMS = 1000;

function error(status: number, message: string): SandboxResponse {
	return { status, body: { ErrorMessage: message } };
}

class LeakyBucket {
	private level = 0;
	private updatedAt: number;

	constructor(
		private readonly ratePerSecond: number,
		private readonly size: number,
		private readonly clock: Clock,
	) {
		this.updatedAt = clock.now();
	}

	/** Adds a request; returns 0 when accepted, else the seconds to wait. */
	take(): number {
		const now = this.clock.now();
		this.level = Math.max(0, this.level - ((now - this.updatedAt) / 1000) * this.ratePerSecond);
		this.updatedAt = now;
		if (this.level + 1 <= this.size) {
			this.level += 1;
			return 0;
		}
		return (this.level + 1 - this.size) / this.ratePerSecond;
	}
}

function itemJson(item: HrItem): Record<string, unknown> {
	const { status, dropoffMethod, ...fields } = item;
	return { ...fields, dropoffMethod, returnStatus: status };
}

function cursorOf(index: number): string {
	return Buffer.from(`i:${index}`).toString('base64url');
}

function indexOf(cursor: string | null): number | null {
	if (cursor === null) return null;
	const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
	const match = /^i:(\d+)$/.exec(decoded);
	return match ? Number(match[1]) : Number.NaN;
}

export async function startHappyReturnsSandbox(
	options: HappyReturnsSandboxOptions = {},
): Promise<HappyReturnsSandbox> {
	const apiKey = options.apiKey ?? 'hr-sandbox-key';
	const retailerId = options.retailerId ?? 'sandbox-retailer';
	const clock = options.clock ?? new SandboxClock();
	const rate = options.ratePerSecond ?? 0.5;
	const size = options.bucketSize ?? 10;
	const state = new HappyReturnsState();
	let url = '';
	const buckets = new Map<string, LeakyBucket>();
	const tooMany = (wait: number): SandboxResponse =>
		error(
			429,
			`too many requests: limit ${rate.toFixed(6)} requests/sec, leaky bucket size ${Math.max(1, Math.ceil(wait))}`,
		);
	const server = new SandboxServer({
		rateLimited: () => tooMany(1),
		serverError: () => error(503, 'service unavailable'),
	});

	const guarded =
		(handler: (req: SandboxRequest) => SandboxResponse) =>
		(req: SandboxRequest): SandboxResponse => {
			const key = req.headers['x-hr-apikey'];
			if (key !== apiKey) return error(401, 'invalid or missing X-Hr-Apikey');
			let bucket = buckets.get(key);
			if (!bucket) buckets.set(key, (bucket = new LeakyBucket(rate, size, clock)));
			const wait = bucket.take();
			if (wait > 0) return tooMany(wait);
			return handler(req);
		};

	server.route(
		'GET',
		'/webhooks',
		guarded(() => ({ status: 200, body: { data: [] } })),
	);

	server.route(
		'POST',
		'/return',
		guarded((req) => {
			const body = (req.body ?? {}) as Record<string, unknown>;
			if (body.happyReturnsRetailerID !== retailerId)
				return error(400, 'happyReturnsRetailerID is missing or unknown');
			const keys = (['orderNumber', 'email', 'happyReturnsExpressCode'] as const).filter(
				(k) => typeof body[k] === 'string' && body[k] !== '',
			);
			if (keys.length !== 1)
				return error(400, 'exactly one of orderNumber, email, happyReturnsExpressCode is required');
			const value = String(body[keys[0]]).toLowerCase();
			const items = state.itemsWhere((item) => String(item[keys[0]]).toLowerCase() === value);
			if (items.length === 0) return { status: 204 };
			if (options.bareArrays) return { status: 200, body: items.map(itemJson) };
			if (options.echoCursor)
				return { status: 200, body: { items: items.map(itemJson), cursor: 'c-1' } };
			return { status: 200, body: { items: items.map(itemJson) } };
		}),
	);

	server.route(
		'GET',
		'/outbound-shipments',
		guarded((req) => {
			const now = clock.now();
			const start = Date.parse(
				req.query.get('startDateTime') ?? new Date(now - 86_400_000).toISOString(),
			);
			const end = Date.parse(req.query.get('endDateTime') ?? new Date(now).toISOString());
			if (Number.isNaN(start) || Number.isNaN(end))
				return error(400, 'startDateTime and endDateTime must be ISO 8601');
			if ((req.query.get('retailerID') ?? retailerId) !== retailerId)
				return error(400, 'retailerID is unknown');
			const data = [...state.shipments.values()]
				.filter((s) => Date.parse(s.departureDate) >= start && Date.parse(s.departureDate) <= end)
				.map(({ itemIds, ...shipment }) => ({ ...shipment, itemCount: itemIds.length }));
			return { status: 200, body: { data } };
		}),
	);

	server.route(
		'GET',
		'/outbound-shipment/{id}',
		guarded((req) => {
			const shipment = state.shipments.get(req.params.id);
			if (!shipment) return error(404, `outbound shipment ${req.params.id} not found`);
			const pageSize = Number(req.query.get('page[size]') ?? 50);
			if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE)
				return error(400, `page[size] must be between 1 and ${MAX_PAGE}`);
			const after = indexOf(req.query.get('page[after]'));
			const before = indexOf(req.query.get('page[before]'));
			if (Number.isNaN(after) || Number.isNaN(before)) return error(400, 'invalid page cursor');
			const from =
				after !== null ? after + 1 : before !== null ? Math.max(0, before - pageSize) : 0;
			const to = Math.min(before ?? shipment.itemIds.length, from + pageSize);
			const data = shipment.itemIds.slice(from, to).map((id) => {
				const item = state.items.get(id)!;
				return {
					...itemJson(item),
					tracking: shipment.trackingNumber,
					carrier: shipment.carrier,
					departureDate: shipment.departureDate,
					palletNumber: shipment.palletNumber,
					shippingBoxBarcode: shipment.shippingBoxBarcode,
					happyReturnsRetailerID: retailerId,
				};
			});
			if (options.bareArrays) return { status: 200, body: data };
			const link = (cursor: string | null, param: string) => {
				if (cursor === null || options.nextLink === 'cursor') return cursor;
				const query = new URLSearchParams({ [param]: cursor, 'page[size]': String(pageSize) });
				return `${url}/outbound-shipment/${encodeURIComponent(req.params.id)}?${query.toString()}`;
			};
			const nextCursor = options.echoCursor
				? cursorOf(0)
				: to < shipment.itemIds.length
					? cursorOf(to - 1)
					: null;
			const next = link(nextCursor, 'page[after]');
			const prev = link(from > 0 ? cursorOf(from) : null, 'page[before]');
			return {
				status: 200,
				body: { data, links: { next, prev }, meta: { total: shipment.itemIds.length, pageSize } },
			};
		}),
	);

	server.route(
		'POST',
		'/rma/{id}/approve',
		guarded((req) => {
			const items = state.itemsOfRma(req.params.id);
			if (items.length === 0) return error(404, `return ${req.params.id} not found`);
			const returning = ((req.body ?? {}) as { returning?: unknown }).returning;
			if (!Array.isArray(returning) || returning.length === 0)
				return error(400, 'returning[] is required');
			const known = new Set(items.map((item) => item.happyReturnsItemID));
			for (const entry of returning as Array<Record<string, unknown>>) {
				const id = String(entry.happyReturnsItemID ?? '');
				if (!known.has(id)) return error(400, `item ${id} is not part of return ${req.params.id}`);
				if (!['sellable', 'damaged', 'missing', 'wrong-item'].includes(String(entry.condition)))
					return error(
						400,
						`condition "${String(entry.condition)}" is not one of sellable, damaged, missing, wrong-item`,
					);
				if (state.approvals.has(id)) return error(409, `item ${id} was already approved`);
			}
			const at = new Date(clock.now()).toISOString();
			for (const entry of returning as Array<Record<string, unknown>>) {
				const id = String(entry.happyReturnsItemID);
				state.approvals.set(id, {
					condition: String(entry.condition),
					approve: entry.approve !== false,
					at,
				});
				const item = state.items.get(id)!;
				if (entry.approve !== false) item.status = 'refund_approved';
			}
			return {
				status: 200,
				body: { happyReturnsRMAID: items[0].happyReturnsReturnID, approved: returning.length },
			};
		}),
	);

	server.route(
		'POST',
		'/rma/{id}/expire',
		guarded((req) => {
			const items = state.itemsOfRma(req.params.id);
			if (items.length === 0) return error(404, `return ${req.params.id} not found`);
			const returnId = items[0].happyReturnsReturnID;
			if (state.expired.has(returnId))
				return { status: 200, body: { happyReturnsRMAID: returnId, status: 'expired' } };
			if (items.some((item) => item.status === 'refund_approved' || item.status === 'dropped_off'))
				return error(409, `return ${req.params.id} is in a final state`);
			state.expired.add(returnId);
			for (const item of items) item.status = 'expired';
			return { status: 200, body: { happyReturnsRMAID: returnId, status: 'expired' } };
		}),
	);

	server.route(
		'POST',
		'/return-contents',
		guarded((req) => {
			if (!Array.isArray(req.body))
				return error(400, 'body must be an array of { happyReturnsRetailerID, items }');
			const groups = req.body as Array<{
				happyReturnsRetailerID?: string;
				items?: Array<Record<string, unknown>>;
			}>;
			const count = groups.reduce(
				(sum, group) => sum + (Array.isArray(group.items) ? group.items.length : 0),
				0,
			);
			if (count > MAX_CONTENT_ITEMS)
				return error(400, `at most ${MAX_CONTENT_ITEMS} items per request, got ${count}`);
			for (const group of groups) {
				if (group.happyReturnsRetailerID !== retailerId)
					return error(400, 'happyReturnsRetailerID is missing or unknown');
				for (const item of group.items ?? []) {
					if (
						item.happyReturnsItemID === 'unidentified' &&
						(item.unidentifiedItemType === undefined || item.unidentifiedItemIndex === undefined)
					) {
						return error(
							400,
							'unidentified items need unidentifiedItemType and unidentifiedItemIndex',
						);
					}
					if (
						item.happyReturnsItemID !== 'unidentified' &&
						!state.items.has(String(item.happyReturnsItemID))
					)
						return error(400, `unknown happyReturnsItemID ${String(item.happyReturnsItemID)}`);
				}
			}
			for (const group of groups)
				for (const item of group.items ?? []) state.returnContents.push(item);
			return { status: 200, body: { received: count } };
		}),
	);

	url = await server.start();
	return { url, apiKey, retailerId, state, server, close: () => server.close() };
}
