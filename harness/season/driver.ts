/**
 * Runs a generated season through every template as shipped, in time order, on a simulated clock:
 * Happy Returns notices through the real trigger into 01 (which calls 02), warehouse receipts through
 * 03's authenticated webhook, 04 nightly at 02:00, 07 every day at 06:00, 05 every morning at 07:00,
 * 06 every six hours, 08 every hour, 09 for every failed execution; the Amazon templates on their
 * triggers: 10 every six hours, 11 every hour (off as shipped), 12 on Mondays at 06:00. The vendors
 * act on the same clock: Amazon posts its first-scan refund after its lag and writes a settlement
 * report when each 14-day cycle closes (sandbox/amazon/settlementCycles), Happy Returns publishes
 * hub shipments when they leave, customer service pays goodwill refunds in Centra, and for one week
 * 20% of vendor calls fail.
 *
 * The delivery, receipt and replay plumbing is the reliability suite's (harness/reliability/returnsFlow),
 * fed with the templates as shipped, only the settings their guides tell a merchant to fill in.
 */
import { gzipSync } from 'zlib';
import {
	resetSafeRegexEngine,
	setSafeRegexEngine,
	type IDataObject,
	type RegexEngine,
} from 'n8n-workflow';
import { registerInstanceWorkflows, runWorkflow, type RunResult } from '..';
import { startAlertSink, type AlertSink } from '../../sandbox/alerts/server';
import { startAmazonSandbox } from '../../sandbox/amazon/server';
import { settlementCycles } from '../../sandbox/amazon/settlementCycles';
import { settlementFlatFile, type Settlement } from '../../sandbox/amazon/settlementFile';
import { addRefundedReturn } from '../../sandbox/centra/seed';
import { startCentraSandbox } from '../../sandbox/centra/server';
import { startHappyReturnsSandbox } from '../../sandbox/happyReturns/server';
import type { HrItem } from '../../sandbox/happyReturns/state';
import {
	labelUpdateBody,
	outboundShipmentBody,
	returnAsnBodies,
	type ReturnAsnChange,
} from '../../sandbox/happyReturns/webhooks';
import { sandboxCredentials } from '../../sandbox';
import type { Scenario } from '../../sandbox/scenario/generator';
import {
	deliverNotification,
	deliverReceipts,
	replay,
	type FlowTemplates,
	type Receipt,
	type ReturnsFlow,
	WEBHOOK_SECRET,
} from '../reliability/returnsFlow';
import { loadTemplate, templateTables, settingsWorkflow, type Template } from '../templateFiles';
import { SimulatedClock } from './clock';
import { DAY, HOUR, type Season, type SeasonReturn, type Shipment } from './model';
import { amazonRefund, seedBrand } from './seed';

export { WAREHOUSES } from './seed';

export interface SeasonTemplates extends FlowTemplates {
	nightly: Template;
	lost: Template;
	monitor: Template;
	monthEnd: Template;
	settlement: Template;
	refundOnReceipt: Template;
	claims: Template;
}

export type ScheduledName =
	'nightly' | 'lost' | 'monitor' | 'monthEnd' | 'settlement' | 'refundOnReceipt' | 'claims';

/**
 * The templates as shipped. The one thing their setup guides ask the merchant to fill in that the
 * season needs is the alert destination, set once in the settings workflow (00) every template
 * calls, as an analyst edits it after import.
 */
export function shippedTemplates(
	alertUrl: string,
	settings: Record<string, unknown> = {},
): SeasonTemplates {
	registerInstanceWorkflows([settingsWorkflow({ alertWebhookUrl: alertUrl, ...settings })]);
	return {
		intake: loadTemplate('01-happy-returns-intake.json'),
		dropOff: loadTemplate('02-return-bar-drop-off.json'),
		warehouse: loadTemplate('03-warehouse-processing.json'),
		nightly: loadTemplate('04-nightly-reconciliation.json'),
		lost: loadTemplate('05-lost-in-transit.json'),
		monitor: loadTemplate('06-stock-movement-monitor.json'),
		monthEnd: loadTemplate('07-month-end-close.json'),
		replay: loadTemplate('08-replay.json'),
		errors: loadTemplate('09-error-workflow.json'),
		settlement: loadTemplate('10-amazon-settlement-cycle.json'),
		refundOnReceipt: loadTemplate('11-amazon-refund-on-receipt.json'),
		claims: loadTemplate('12-amazon-claims.json'),
	};
}

/** One exception a Reconciliation Matcher raised in a run (the fields the invariants compare). */
export interface RaisedException {
	id: string;
	type: string;
	change: string;
	orderNumber: string;
	sku: string;
	trackingNumber: string;
	units: unknown;
}

/** What one run of 10 did: the settlements it processed, its outcomes and the exceptions it raised. */
export interface CycleRun {
	at: number;
	settlementIds: string[];
	outcomes: IDataObject[];
	raised: RaisedException[];
}

export interface ScheduledRun {
	template: string;
	at: number;
	status: string;
	error?: string;
	ms: number;
}

export interface SeasonRun {
	season: Season;
	flow: ReturnsFlow;
	alerts: AlertSink;
	templates: SeasonTemplates;
	scheduled: ScheduledRun[];
	/** The month-end close packs 07 produced on its close days (its summary item). */
	closePacks: Array<{ at: number; json: IDataObject }>;
	/** The settlement reports Amazon wrote (one per cycle and currency), with their report ids. */
	settlements: Array<Settlement & { reportId: string; publishedAt: number }>;
	/** Every run of 10 that processed a settlement. */
	cycleRuns: CycleRun[];
	/** 12's claim pack lines of each Monday run. */
	claimPacks: Array<{ at: number; lines: IDataObject[] }>;
	/** The exceptions 04's last run raised (its matcher's output), and when it ran. */
	lastNightly: { at: number; raised: RaisedException[] } | null;
	deliveries: { notices: number; receipts: number; refused: number; failed: number };
	/**
	 * Clock time (ms) of the deliveries: Happy Returns notices through the trigger, 01 and the 02
	 * it calls (hub shipment notices included), and warehouse check-ins through 03.
	 */
	deliveryMs: { notices: number; receipts: number };
	/**
	 * Real time (ms) of each node of each scheduled template over the season; a sub-workflow's nodes
	 * (00's settings) under `<workflow>: <node>`, and in their Execute Workflow node's time too.
	 */
	nodeMs: Record<string, Record<string, number>>;
	ms: number;
	/** Simulated time the season stopped at when it ran out of real time (null: it ran to its end). */
	stoppedAt: number | null;
	/**
	 * Runs one scheduled template once more, on the calendar at `at` (after the season); `template`
	 * replaces the one the season ran (a test that breaks one step).
	 */
	runAt(name: ScheduledName, at: number, template?: Template): Promise<void>;
}

interface Action {
	at: number;
	order: number;
	run: () => Promise<void>;
}

export function hrItems(r: SeasonReturn): HrItem[] {
	return Array.from({ length: r.quantity }, (_, unit) => ({
		happyReturnsItemID: `${r.returnId}-${r.sku}-${unit}`,
		happyReturnsReturnID: r.returnId,
		happyReturnsExpressCode: `HR${r.returnId.slice(-6)}`,
		email: `customer${r.orderNumber}@example.com`,
		orderNumber: r.orderNumber,
		orderID: r.amazonOrderId || r.orderNumber,
		sku: r.sku,
		upc: '',
		orderLineItemID: `${r.orderNumber}${r.sku}-${unit}-${r.quantity}`,
		productName: `Product ${r.sku}`,
		purchasedAt: new Date(r.startedAt - 20 * DAY).toISOString(),
		labelBarcode: r.bag,
		dropoffMethod: 'return-bar',
		status: 'started',
		// An exchange says so on each notice (the trigger's default exchange fields).
		...(r.exchangeSku ? { refundType: 'exchange', exchangeSku: r.exchangeSku } : {}),
	}));
}

/** The Happy Returns notices of one return, with the times Happy Returns sends them. */
export function notices(r: SeasonReturn, retailerId: string): Array<{ at: number; body: string }> {
	const items = hrItems(r);
	const change = (at: number, event: ReturnAsnChange['change']): ReturnAsnChange => ({
		at,
		orderNumber: r.orderNumber,
		returnId: r.returnId,
		change: event,
		items,
	});
	const started = returnAsnBodies(
		[
			change(r.startedAt, { event: 'return_dropoff_method_created', typeID: 'return-bar' }),
			change(r.startedAt + 5_000, { event: 'return_status_updated', typeID: 'started' }),
		],
		retailerId,
	);
	const dropped = returnAsnBodies(
		[change(r.droppedAt, { event: 'return_status_updated', typeID: 'dropped-off' })],
		retailerId,
	);
	const label = labelUpdateBody(items[0], retailerId, r.startedAt + 60_000);
	// Out of order: the started notice is held back and arrives after the drop-off.
	const startedAt = (at: number) => (r.outOfOrder ? r.droppedAt + 30 * 60_000 : at);
	const list = [
		...started.map((b) => ({ at: startedAt(b.at), body: b.body })),
		{ at: startedAt(label.at), body: label.body },
		...dropped.map((b) => ({ at: b.at, body: b.body })),
	];
	// A redelivery: Happy Returns sends every notice of this return again three hours later.
	return r.redelivered ? [...list, ...list.map((n) => ({ ...n, at: n.at + 3 * HOUR }))] : list;
}

/** A hub shipment as Happy Returns holds it, and the outbound shipment notice it sends. */
export function hubShipment(s: Shipment, byId: Map<string, SeasonReturn>, retailerId: string) {
	const items = s.returnIds.flatMap((id) => hrItems(byId.get(id)!));
	const departureDate = new Date(s.shippedAt).toISOString();
	const record = {
		id: s.tracking,
		trackingNumber: s.tracking,
		carrier: 'UPS',
		departureDate,
		palletNumber: `PAL-${s.tracking}`,
		shippingBoxBarcode: `BOX-${s.tracking}`,
		itemIds: items.map((i) => i.happyReturnsItemID),
	};
	const notice = outboundShipmentBody(
		items,
		{
			trackingNumber: s.tracking,
			carrier: 'UPS',
			departureDate,
			palletNumber: `PAL-${s.tracking}`,
			shippingBoxBarcode: `BOX-${s.tracking}`,
		},
		retailerId,
		s.shippedAt,
	);
	return { record, body: notice.body };
}

/** A check-in as 03's setup guide says the warehouse sends it, one row per unit. */
export function receiptsOf(r: SeasonReturn): Receipt[] {
	return r.dispositions.map((disposition, unit) => ({
		returnId: r.returnId,
		orderNumber: r.orderNumber,
		sku: r.sku,
		unit: String(unit),
		disposition,
		bagBarcode: r.bag,
		trackingNumber: r.tracking,
		happyReturnsItemId: `${r.returnId}-${r.sku}-${unit}`,
		// The fields 03's guide lists for an exchange: the replacement and where it goes.
		...(r.exchangeSku
			? {
					exchangeSku: r.exchangeSku,
					email: `customer${r.orderNumber}@example.com`,
					country: r.currency === 'USD' ? 'US' : 'DE',
				}
			: {}),
	}));
}

export interface SeasonOptions {
	/** Templates to run instead of the shipped ones (a test that breaks one step in memory). */
	templates?: (shipped: SeasonTemplates) => SeasonTemplates;
	/** Values of 00 Returns settings other than as shipped (a setting's effect over a season). */
	settings?: Record<string, unknown>;
	/** Hours between 10 runs (6 as shipped). */
	settlementEveryHours?: number;
	/** Hours between 11 runs (1 as shipped). */
	refundOnReceiptEveryHours?: number;
	/** Changes a settlement Amazon writes before it is published (a test of the tie-out check). */
	alterSettlement?: (settlement: Settlement) => void;
	/** Refunds Amazon never posts (returns by id; a test of refund on receipt). */
	amazonNeverRefunds?: Set<string>;
	/** The Amazon credential allows refund feeds (its "Allow Refunds Through Feeds" switch). */
	amazonAllowsRefundFeeds?: boolean;
	/** Called with every scheduled template's run (to look into one). */
	onRun?: (name: ScheduledName, result: RunResult) => void;
	/** Hours between 08 runs (1 as shipped). */
	replayEveryHours?: number;
	/** Hours between 06 runs (6 as shipped). */
	monitorEveryHours?: number;
	/** Centra's hourly mutation quota (the sandbox's default, Centra's, unless a test lowers it). */
	centraHourlyMutationQuota?: number;
	log?: (line: string) => void;
	/**
	 * Real time (epoch ms) after which no further action starts: a season too long for the machine
	 * stops there and says how far it got (`SeasonRun.stoppedAt`), its promises read as of then.
	 */
	wallDeadline?: number;
}

export async function runSeason(season: Season, options: SeasonOptions = {}): Promise<SeasonRun> {
	const started = Date.now();
	const clock = new SimulatedClock();
	// The sandboxes start on the season's calendar, when the brand shipped its orders: their rate
	// windows (Centra's hourly mutation quota) open and roll over in simulated time. Started on the
	// real calendar, a window would open months after the season's clock and never roll over, so
	// every mutation of the season would count against one hour.
	clock.install();
	clock.set(season.start - 20 * DAY);
	const [centra, hr, amazon, alerts] = await Promise.all([
		startCentraSandbox({
			requestQuota: 1e7,
			mutationQuota: 1e7,
			hourlyMutationQuota: options.centraHourlyMutationQuota,
		}),
		startHappyReturnsSandbox({ bucketSize: 1e7, ratePerSecond: 1e7 }),
		startAmazonSandbox({ rateScale: 1000 }),
		startAlertSink(),
	]).catch((error: unknown) => {
		clock.uninstall();
		throw error;
	});
	const shipped = shippedTemplates(alerts.url, options.settings);
	const templates = options.templates ? options.templates(shipped) : shipped;
	const flow: ReturnsFlow = {
		scenario: { orders: [], returnEvents: [] } as unknown as Scenario,
		webhooks: [],
		centra,
		hr,
		amazon,
		tables: templateTables(),
		staticData: {},
		failures: [],
		runs: null,
		timeoutSeconds: null,
		templates,
		credentials() {
			const credentials = sandboxCredentials({ hr, centra, amazon }, WEBHOOK_SECRET);
			if (!options.amazonAllowsRefundFeeds) return credentials;
			// The credential's switch is a boolean (the harness types credential values loosely).
			const amazonSpApi = {
				...credentials.amazonSpApi,
				allowRefundFeeds: true,
				sellerId: 'A1SANDBOXSELLER',
			} as unknown as Record<string, string | number>;
			return { ...credentials, amazonSpApi };
		},
		close: async () => {
			await Promise.all([centra.close(), hr.close(), amazon.close()]);
		},
	};
	const run: SeasonRun = {
		season,
		flow,
		alerts,
		templates,
		scheduled: [],
		closePacks: [],
		settlements: [],
		cycleRuns: [],
		claimPacks: [],
		lastNightly: null,
		deliveries: { notices: 0, receipts: 0, refused: 0, failed: 0 },
		deliveryMs: { notices: 0, receipts: 0 },
		nodeMs: {},
		ms: 0,
		stoppedAt: null,
		runAt: async (name, time, template) => {
			clock.install();
			setSafeRegexEngine(nativeRegex);
			try {
				clock.set(time);
				await scheduled(name, template ?? templates[name]);
			} finally {
				clock.uninstall();
				resetSafeRegexEngine();
			}
		},
	};
	// The brand before the season: orders shipped, stock in the warehouses the templates name.
	seedBrand(centra.state, amazon.state, season, season.start - 20 * DAY);

	const actions: Action[] = [];
	const at = (time: number, order: number, fn: () => Promise<void>) =>
		actions.push({ at: time, order, run: fn });
	const log = options.log ?? (() => undefined);

	const raisedBy = (result: RunResult, node: string): RaisedException[] =>
		result.executed.includes(node)
			? result.output(node, 0).map(({ json }) => ({
					id: str(json.id),
					type: str(json.type),
					change: str(json.change),
					orderNumber: str(json.orderNumber),
					sku: str(json.sku),
					trackingNumber: str(json.trackingNumber),
					units: json.units,
				}))
			: [];
	const matcherOf = (template: Template) =>
		template.nodes.find((n) => n.type.endsWith('.reconciliationMatcher'))?.name ?? '';

	const scheduled = async (name: ScheduledName, template: Template) => {
		const began = performance.now();
		const trigger = template.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		const nodes = (run.nodeMs[name] ??= {});
		const result = await runWorkflow(template, {
			onNodeTime: (workflow, node, ms) => {
				const key = workflow === template.name ? node : `${workflow}: ${node}`;
				nodes[key] = (nodes[key] ?? 0) + ms;
			},
			startNode: trigger.name,
			triggerItems: [{ json: { timestamp: new Date().toISOString() } }],
			mode: 'trigger',
			credentials: flow.credentials(),
			dataTables: flow.tables,
			workflows: {
				[templates.nightly.id]: templates.nightly,
				[templates.dropOff.id]: templates.dropOff,
				[templates.warehouse.id]: templates.warehouse,
			},
		});
		run.scheduled.push({
			template: name,
			at: Date.now(),
			status: result.status,
			error: result.error?.message,
			ms: performance.now() - began,
		});
		if (result.status !== 'success') {
			log(`${new Date().toISOString()} ${name} failed: ${result.error?.message}`);
			await recordFailure(flow, templates, template, result);
		}
		if (name === 'monthEnd') {
			const report = result.run.data.resultData.runData['Month-end report'];
			const summary = report?.[0]?.data?.main?.[2]?.[0]?.json;
			const closing = result.run.data.resultData.runData['Tell finance and ops'];
			if (summary && closing) run.closePacks.push({ at: Date.now(), json: summary });
		}
		options.onRun?.(name, result);
		if (result.status !== 'success') return;
		if (name === 'nightly')
			run.lastNightly = { at: Date.now(), raised: raisedBy(result, matcherOf(template)) };
		if (name === 'settlement' && result.executed.includes('Settlement summaries')) {
			const outcomes = result.executed.includes('Cycle outcomes')
				? ((result.output('Cycle outcomes')[0]?.json.outcomes ?? []) as IDataObject[])
				: [];
			run.cycleRuns.push({
				at: Date.now(),
				settlementIds: result.output('Settlement summaries').map((i) => str(i.json.settlementId)),
				outcomes,
				raised: raisedBy(result, matcherOf(template)),
			});
		}
		if (name === 'claims')
			run.claimPacks.push({
				at: Date.now(),
				lines: result.executed.includes('Claim pack lines')
					? result.output('Claim pack lines').map((i) => i.json)
					: [],
			});
	};

	for (const r of season.returns) {
		at(r.startedAt - 1, 0, async () => {
			for (const item of hrItems(r)) hr.state.addItem(item);
		});
		at(r.droppedAt - 1, 0, async () => {
			for (const item of hrItems(r))
				hr.state.items.get(item.happyReturnsItemID)!.status = 'dropped_off';
		});
		for (const notice of notices(r, hr.retailerId))
			at(notice.at, 1, async () => {
				const began = performance.now();
				const { delivery } = await deliverNotification(flow, notice.body);
				run.deliveryMs.notices += performance.now() - began;
				run.deliveries.notices++;
				if (delivery === 'refused') run.deliveries.refused++;
				if (delivery === 'failed') run.deliveries.failed++;
			});
		if (r.amazonRefundAt !== null && !options.amazonNeverRefunds?.has(r.returnId)) {
			const refundAt = r.amazonRefundAt;
			at(refundAt, 0, async () => {
				amazon.state.events.push(
					amazonRefund({
						...r,
						transactionId: `TX-${r.returnId}`,
						adjustmentId: `ADJ-${r.returnId}`,
						postedAt: refundAt,
						fba: false,
					}),
				);
			});
		}
		if (r.receivedAt !== null)
			at(r.receivedAt, 2, async () => {
				const began = performance.now();
				const delivery = await deliverReceipts(flow, receiptsOf(r));
				run.deliveryMs.receipts += performance.now() - began;
				run.deliveries.receipts++;
				if (delivery === 'refused') run.deliveries.refused++;
				if (delivery === 'failed') run.deliveries.failed++;
			});
	}
	const byId = new Map(season.returns.map((r) => [r.returnId, r]));
	for (const s of season.shipments) {
		at(s.shippedAt, 1, async () => {
			const { record, body } = hubShipment(s, byId, hr.retailerId);
			hr.state.shipments.set(s.tracking, record);
			const began = performance.now();
			await deliverNotification(flow, body);
			run.deliveryMs.notices += performance.now() - began;
			run.deliveries.notices++;
		});
	}
	for (const l of season.looseRefunds)
		at(l.at, 0, async () => {
			if (l.kind === 'goodwill') {
				addRefundedReturn(centra.state, {
					orderNumber: Number(l.orderNumber),
					sku: l.sku,
					quantity: 1,
					refundMinor: l.unitMinor,
					at: new Date(l.at).toISOString(),
				});
				// Customer service writes why on the return (Centra's return comment,
				// https://centra.dev/graphql/directtoconsumerreturn.html).
				centra.state.returns[centra.state.returns.length - 1].comment = l.reason;
			} else
				amazon.state.events.push(
					amazonRefund({
						...l,
						transactionId: `TX-${l.refundId}`,
						adjustmentId: l.refundId,
						quantity: 1,
						postedAt: l.at,
						fba: true,
					}),
				);
		});
	const servers = [centra.server, hr.server, amazon.server];
	const { from, to, rate } = season.faultWeek;
	at(from, 0, async () => {
		for (const server of servers)
			server.faults.set('*', { rateLimited: rate / 4, serverError: rate / 2, drop: rate / 4 });
	});
	at(to, 0, async () => {
		for (const server of servers) server.faults.clear();
	});
	// Amazon's settlement cycles: 14 days each from an anchor that is not the season's first day;
	// the report of a cycle appears an hour after it closes.
	const cycles = settlementCycles(amazon, { anchor: season.start + 3 * DAY + 9 * HOUR });
	for (let t = season.start + 3 * DAY + 9 * HOUR; t < season.start + season.days * DAY; t += DAY)
		at(t + HOUR, 0, async () => {
			const before = cycles.published.length;
			const written = cycles.closeDue(Date.now() - HOUR);
			for (const settlement of written) options.alterSettlement?.(settlement);
			if (written.length > 0 && options.alterSettlement) {
				// Re-write the documents of altered settlements (the report lists what Amazon wrote).
				for (const p of cycles.published.slice(before)) {
					const settlement = written.find((x) => x.settlementId === p.settlementId)!;
					const report = amazon.state.reports.find((r) => r.reportId === p.reportId)!;
					amazon.state.documents.set(report.documentId!, {
						content: gzipSync(settlementFlatFile(settlement)),
						gzip: true,
						charset: 'UTF-8',
					});
				}
			}
			for (const p of cycles.published.slice(before))
				run.settlements.push({ ...p, publishedAt: Date.now() });
		});
	const settlementEvery = options.settlementEveryHours ?? 6;
	const refundOnReceiptEvery = options.refundOnReceiptEveryHours ?? 1;
	const replayEvery = options.replayEveryHours ?? 1;
	for (let day = 0; day < season.days; day++) {
		const midnight = season.start + day * DAY;
		if (process.env.SEASON_PROGRESS)
			at(midnight, -1, async () => {
				process.stderr.write(
					`season day ${day} at ${Math.round(performance.now() / 1000)} s, ${run.flow.failures.length} failed runs\n`,
				);
			});
		at(midnight + 2 * HOUR, 3, () => scheduled('nightly', templates.nightly));
		at(midnight + 6 * HOUR, 3, () => scheduled('monthEnd', templates.monthEnd));
		at(midnight + 7 * HOUR, 3, () => scheduled('lost', templates.lost));
		for (let hour = 0; hour < 24; hour += options.monitorEveryHours ?? 6)
			at(midnight + hour * HOUR, 3, () => scheduled('monitor', templates.monitor));
		for (let hour = 0; hour < 24; hour += settlementEvery)
			at(midnight + hour * HOUR + 30 * 60_000, 3, () =>
				scheduled('settlement', templates.settlement),
			);
		for (let hour = 0; hour < 24; hour += refundOnReceiptEvery)
			at(midnight + hour * HOUR + 45 * 60_000, 3, () =>
				scheduled('refundOnReceipt', templates.refundOnReceipt),
			);
		if (new Date(midnight).getUTCDay() === 1)
			at(midnight + 6 * HOUR + 10 * 60_000, 3, () => scheduled('claims', templates.claims));
		for (let hour = 0; hour < 24; hour += replayEvery)
			at(midnight + hour * HOUR + 15 * 60_000, 3, async () => {
				const began = performance.now();
				const result = await replay(flow);
				run.scheduled.push({
					template: 'replay',
					at: Date.now(),
					status: result.status,
					error: result.error?.message,
					ms: performance.now() - began,
				});
				if (result.status !== 'success')
					await recordFailure(flow, templates, templates.replay, result);
			});
	}
	actions.sort((a, b) => a.at - b.at || a.order - b.order);
	const end = season.start + season.days * DAY;
	clock.install();
	setSafeRegexEngine(nativeRegex);
	try {
		for (const action of actions) {
			if (action.at >= end) continue;
			// performance.now() is real time (the simulated clock only replaces Date).
			if (
				options.wallDeadline &&
				performance.timeOrigin + performance.now() > options.wallDeadline
			) {
				run.stoppedAt = action.at;
				break;
			}
			clock.set(action.at);
			await action.run();
		}
	} finally {
		clock.uninstall();
		resetSafeRegexEngine();
		for (const server of servers) server.faults.clear();
	}
	run.ms = Date.now() - started;
	return run;
}

/**
 * n8n runs a Filter node's regex condition in a vm with a timeout watchdog (its safe-regex guard
 * against runaway patterns): about 0.3 ms per item, where the test itself is about 0.5 us. The
 * templates' patterns are fixed and linear, so the season runs them with n8n-workflow's own native
 * engine (same results, no watchdog) to keep a full season within the hour; the cost is real in n8n
 * and docs/benchmarks.md reports it per template for the merchant.
 */
const nativeRegex: RegexEngine = {
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) =>
		Array.from(
			input.matchAll(new RegExp(pattern, (flags ?? '').includes('g') ? flags : `${flags ?? ''}g`)),
		),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
};

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

let executionId = 50_000;

/** n8n runs the error workflow with the failed execution's item (as the reliability flow does). */
async function recordFailure(
	flow: ReturnsFlow,
	templates: SeasonTemplates,
	template: Template,
	result: RunResult,
): Promise<void> {
	flow.failures.push(result);
	const id = String(++executionId);
	const recorded = await runWorkflow(templates.errors, {
		triggerItems: [
			{
				json: {
					execution: {
						id,
						url: `http://n8n/workflow/${template.id}/executions/${id}`,
						lastNodeExecuted: result.run.data.resultData.lastNodeExecuted,
						mode: 'trigger',
						error: { message: result.error?.message ?? 'unknown error' },
					},
					workflow: { id: template.id, name: template.name },
				},
			},
		],
		dataTables: flow.tables,
	});
	if (recorded.status !== 'success')
		throw new Error(`the error workflow itself failed: ${recorded.error?.message}`);
}

export async function closeSeason(run: SeasonRun): Promise<void> {
	await Promise.all([run.flow.close(), run.alerts.close()]);
}
