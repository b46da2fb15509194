/**
 * A small simulated season in a real n8n (2.40.7, SQLite): a few returns of the season model
 * (storefront and Amazon, exchanges, a lost box, a unit graded missing, a goodwill and an FBA
 * refund) through every template imported the way the editor imports them (POST without ids, so
 * n8n assigns new ones; each link picked again by the name the template caches, as the guides'
 * "After an import through the editor" say), then the season's business promises checked on the
 * sandbox ledgers and n8n's Data Tables.
 *
 * Simulated time in a real n8n: the vendors and the webhooks act in the season's order, at real
 * time (a few minutes). The scheduled templates are not waited for: each "day" runs them through
 * their "When called" entry (a driver workflow's Execute Workflow, as n8n runs a sub-workflow)
 * after `asOf` in *00 Returns settings* is set to that day (the setting the scheduled templates'
 * checks read their clock from; changed with the public API and published, as an analyst edits
 * it), so day 1 is the next morning and day 60 is after every documented window (45 days for a
 * refund whose goods never came back, the longest).
 *
 * Port 5690 (RR_N8N_SEASON_PORT) and a user folder under /tmp/season-n8n-*, so it runs beside the
 * other real-n8n suites. RR_N8N_SEASON_EVIDENCE=<folder> keeps every scheduled run's execution
 * (with its data, as n8n's API gives it) and the Exception Register there, to look into a finding.
 */
import { createHmac } from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import {
	DATA_TABLES,
	readTemplates,
	RECEIPTS_HEADER,
	templateCredentials,
	withCredentials,
	type TemplateJson,
} from '../../scripts/realN8n/demo';
import { RealN8n } from '../../scripts/realN8n/instance';
import { ensureToolchain, packPackage } from '../../scripts/realN8n/toolchain';
import { startSandboxes, type Sandboxes } from '../../sandbox';
import { cycleSettlements } from '../../sandbox/amazon/settlementCycles';
import { addRefundedReturn } from '../../sandbox/centra/seed';
import {
	hrItems,
	hubShipment,
	notices,
	receiptsOf,
	type SeasonRun,
} from '../../harness/season/driver';
import { refundedUnits, registerViolations, unitsOwed } from '../../harness/season/invariants';
import { DAY, generateSeason, type Season } from '../../harness/season/model';
import { amazonRefund, seedBrand } from '../../harness/season/seed';
import { executions, installDriver, post, settle, tableRows } from './client';

const PORT = Number(process.env.RR_N8N_SEASON_PORT ?? 5690);
const INTAKE_PATH = '/webhook/5b8e6f0e-0001-4d6c-9a55-000000000001/happy-returns';

/**
 * Seed 246 of the model with eight returns gives the mix in one small season: storefront returns
 * and exchanges, Amazon returns, an Amazon unit graded missing, a lost box, and a goodwill and an
 * FBA refund without a return.
 */
const season: Season = generateSeason({ seed: 246, returns: 8, days: 60 });

let sandboxes: Sandboxes;
let n8n: RealN8n;
let driverUrl: string;
const tableIds: Record<string, string> = {};
/** Template id as shipped -> id n8n gave the editor-imported copy. */
const ids = new Map<string, string>();

const sign = (body: string) =>
	createHmac('sha256', sandboxes.webhookSecret).update(body).digest('hex');

/** Imports every template as the editor does and picks each link again by its cached name. */
async function importAsEditor(): Promise<void> {
	const templates = readTemplates().map(withCredentials);
	for (const { id, ...template } of templates) {
		const created = await n8n.rest<{ id: string }>('POST', '/workflows', {
			...template,
			active: false,
		});
		ids.set(id, created.id);
	}
	const byName = new Map(templates.map((t) => [t.name, ids.get(t.id)!]));
	const nameOf = new Map(templates.map((t) => [t.id, t.name]));
	for (const template of templates) {
		const id = ids.get(template.id)!;
		const stored = await n8n.api<TemplateJson & { connections: unknown; settings: object }>(
			'GET',
			`/workflows/${id}`,
		);
		for (const node of stored.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')) {
			const link = node.parameters.workflowId as { value: string; cachedResultName: string };
			if (link?.cachedResultName) link.value = byName.get(link.cachedResultName)!;
		}
		const settings = { ...(stored.settings as Record<string, unknown>) };
		if (typeof settings.errorWorkflow === 'string')
			settings.errorWorkflow = byName.get(nameOf.get(settings.errorWorkflow)!);
		await n8n.api('PUT', `/workflows/${id}`, {
			name: stored.name,
			nodes: stored.nodes,
			connections: stored.connections,
			settings,
		});
	}
	// Sub-workflows first: n8n publishes a workflow only when what it calls is published.
	const order = [
		'rrSettings000000',
		'rrErrorFlow00009',
		'rrDropOff0000002',
		'rrWarehouse00003',
		'rrNightly0000004',
	];
	for (const t of templates) if (!order.includes(t.id)) order.push(t.id);
	for (const original of order) await n8n.api('POST', `/workflows/${ids.get(original)}/activate`);
}

/** Sets `asOf` in the settings source and publishes it, as an analyst would in the editor. */
async function setAsOf(asOf: string): Promise<void> {
	const id = ids.get('rrSettings000000')!;
	const stored = await n8n.api<TemplateJson & { connections: unknown; settings: object }>(
		'GET',
		`/workflows/${id}`,
	);
	const values = stored.nodes.find((n) => n.name === 'Returns settings')!;
	const assignments = (
		values.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
	).assignments;
	assignments.find((a) => a.name === 'settings.asOf')!.value = asOf;
	await n8n.api('PUT', `/workflows/${id}`, {
		name: stored.name,
		nodes: stored.nodes,
		connections: stored.connections,
		settings: stored.settings,
	});
	await n8n.api('POST', `/workflows/${id}/activate`);
}

/**
 * Runs a template (shipped id) through the driver and waits for its own execution to finish (on a
 * loaded machine the sub-workflow's execution can appear seconds after the driver answered).
 */
async function runTemplate(shippedId: string): Promise<string> {
	const workflowId = ids.get(shippedId)!;
	const before = new Set((await executions(n8n)).map((e) => e.id));
	let status = 0;
	for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
		status = (await post(driverUrl, JSON.stringify({ workflowId }))).status;
		if (status === 404) await new Promise((resolve) => setTimeout(resolve, 500));
	}
	expect(status).toBe(200);
	const deadline = Date.now() + 600_000;
	while (Date.now() < deadline) {
		const mine = (await executions(n8n)).filter(
			(e) => e.workflowId === workflowId && !before.has(e.id),
		);
		if (mine.length > 0 && mine.every((e) => !['running', 'new', 'waiting'].includes(e.status))) {
			await settle(n8n);
			const statuses: string[] = [];
			for (const e of mine) statuses.push(e.status === 'error' ? await failure(e.id) : e.status);
			if (process.env.RR_N8N_SEASON_EVIDENCE)
				for (const e of mine)
					writeFileSync(
						`${process.env.RR_N8N_SEASON_EVIDENCE}/${shippedId}-${e.id}.json`,
						JSON.stringify(await n8n.api('GET', `/executions/${e.id}?includeData=true`), null, 1),
					);
			return statuses.join(',');
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return 'no execution within 10 minutes';
}

/** "error: <the failing node and message>" of a failed execution, so a finding names its cause. */
async function failure(executionId: string): Promise<string> {
	const execution = await n8n.api<{
		data?: { resultData?: { error?: { message?: string; node?: { name?: string } } } };
	}>('GET', `/executions/${executionId}?includeData=true`);
	const error = execution.data?.resultData?.error;
	return `error: ${error?.node?.name ?? '?'}: ${error?.message ?? 'no message'}`;
}

/** The season's run as the invariants read it: the sandbox ledgers and n8n's Data Tables. */
async function seasonState(): Promise<SeasonRun> {
	const rows: Record<string, Array<Record<string, unknown>>> = {};
	for (const [name, id] of Object.entries(tableIds)) rows[name] = await tableRows(n8n, id);
	return {
		season,
		flow: {
			centra: sandboxes.centra,
			amazon: sandboxes.amazon,
			hr: sandboxes.hr,
			tables: { rows: (name: string) => rows[name] ?? [] },
			failures: [],
		},
		settlements: [],
		cycleRuns: [],
		claimPacks: [],
		scheduled: [],
	} as unknown as SeasonRun;
}

beforeAll(async () => {
	const toolchain = ensureToolchain();
	const tarball = packPackage();
	sandboxes = await startSandboxes({ amazon: { rateScale: 1000 } });
	seedBrand(sandboxes.centra.state, sandboxes.amazon.state, season, Date.now() - 20 * DAY);
	n8n = new RealN8n(toolchain, { port: PORT, userFolder: mkdtempSync('/tmp/season-n8n-') });
	n8n.installPackage(tarball);
	n8n.importCredentials(templateCredentials(sandboxes.credentials));
	await n8n.start(600_000);
	await n8n.setUpOwner();
	for (const [name, columns] of Object.entries(DATA_TABLES))
		tableIds[name] = (
			await n8n.api<{ id: string }>('POST', '/data-tables', {
				name,
				// Typed as template 14 creates them (DATA_TABLES reads its Data Table nodes).
				columns: columns.map((column) => ({ name: column.name, type: column.type })),
			})
		).id;
	await importAsEditor();
	driverUrl = await installDriver(n8n);
}, 1_500_000);

afterAll(async () => {
	await n8n?.stop();
	await sandboxes?.close();
	n8n?.removeUserFolder();
});

describe('a small season in a real n8n, templates imported as the editor imports them', () => {
	it('every notice, shipment, refund and receipt of the season, in its order, runs to success', async () => {
		const hr = sandboxes.hr;
		const amazon = sandboxes.amazon.state;
		const byId = new Map(season.returns.map((r) => [r.returnId, r]));
		type Step = { at: number; order: number; run: () => Promise<void> };
		const steps: Step[] = [];
		const deliver = async (body: string) => {
			const response = await post(`${n8n.url}${INTAKE_PATH}`, body, {
				'x-hr-signature': sign(body),
			});
			expect(response.status).toBe(200);
		};
		for (const r of season.returns) {
			steps.push({
				at: r.startedAt - 1,
				order: 0,
				run: async () => {
					for (const item of hrItems(r)) hr.state.addItem(item);
				},
			});
			steps.push({
				at: r.droppedAt - 1,
				order: 0,
				run: async () => {
					for (const item of hrItems(r))
						hr.state.items.get(item.happyReturnsItemID)!.status = 'dropped_off';
				},
			});
			for (const notice of notices(r, hr.retailerId))
				steps.push({ at: notice.at, order: 1, run: () => deliver(notice.body) });
			if (r.amazonRefundAt !== null)
				steps.push({
					at: r.amazonRefundAt,
					order: 0,
					run: async () => {
						amazon.events.push(
							amazonRefund({
								...r,
								transactionId: `TX-${r.returnId}`,
								adjustmentId: `ADJ-${r.returnId}`,
								// Posted now: Amazon's clock is the real one here.
								postedAt: Date.now() - 5 * 60_000,
								fba: false,
							}),
						);
					},
				});
			if (r.receivedAt !== null)
				steps.push({
					at: r.receivedAt,
					order: 2,
					run: async () => {
						await settle(n8n);
						const response = await post(
							`${n8n.url}/webhook/warehouse-receipts`,
							JSON.stringify({ receipts: receiptsOf(r) }),
							{ [RECEIPTS_HEADER.name]: RECEIPTS_HEADER.value },
						);
						expect(response.status).toBe(200);
					},
				});
		}
		for (const s of season.shipments)
			steps.push({
				at: s.shippedAt,
				order: 1,
				run: async () => {
					const { record, body } = hubShipment(s, byId, hr.retailerId);
					hr.state.shipments.set(s.tracking, record);
					await deliver(body);
				},
			});
		for (const l of season.looseRefunds)
			steps.push({
				at: l.at,
				order: 0,
				run: async () => {
					if (l.kind === 'goodwill') {
						addRefundedReturn(sandboxes.centra.state, {
							orderNumber: Number(l.orderNumber),
							sku: l.sku,
							quantity: 1,
							refundMinor: l.unitMinor,
							at: new Date().toISOString(),
						});
						const returns = sandboxes.centra.state.returns;
						returns[returns.length - 1].comment = l.reason;
					} else
						amazon.events.push(
							amazonRefund({
								...l,
								transactionId: `TX-${l.refundId}`,
								adjustmentId: l.refundId,
								quantity: 1,
								postedAt: Date.now() - 5 * 60_000,
								fba: true,
							}),
						);
				},
			});
		steps.sort((a, b) => a.at - b.at || a.order - b.order);
		for (const step of steps) await step.run();
		const list = await settle(n8n);
		expect(list.filter((e) => e.status !== 'success').map((e) => [e.workflowId, e.status])).toEqual(
			[],
		);
	});

	// Day 60 runs 04 sixty days ahead of the real clock, after a run fifteen days ahead: its Amazon
	// read starts 13 days ahead (the day-15 watermark less the posting lag), where Amazon, two
	// minutes behind the real clock, has nothing posted yet; the node answers no refunds.
	it('Amazon closes a settlement cycle over the refunds; each simulated day the scheduled templates run to success', async () => {
		// The cycle that holds every refund of the season so far (one report per currency).
		const now = Date.now();
		let id = 24_100_000_000;
		for (const settlement of cycleSettlements(
			sandboxes.amazon.state.events,
			now - 14 * DAY,
			now,
			now + 2 * DAY,
			() => String(id++),
		)) {
			sandboxes.amazon.state.settlements.push(settlement);
			sandboxes.amazon.publishSettlement(sandboxes.amazon.state.settlements.length - 1);
		}
		const statuses: string[] = [];
		for (const day of [1, 15, 60]) {
			await setAsOf(new Date(now + day * DAY).toISOString());
			for (const [name, template] of [
				['04', 'rrNightly0000004'],
				['05', 'rrLostTransit005'],
				['06', 'rrStockMonitor06'],
				['10', 'rrAmzSettlemnt10'],
				['11', 'rrAmzRefundRcp11'],
				['12', 'rrAmzClaims00012'],
			])
				statuses.push(`day ${day} ${name} ${await runTemplate(template)}`);
		}
		expect(statuses.filter((s) => !s.endsWith(' success'))).toEqual([]);
	});

	it('every settlement is recorded once and ties out', async () => {
		const ledger = await tableRows(n8n, tableIds['Returns Event Ledger']);
		const settlements = sandboxes.amazon.state.settlements;
		expect(settlements.length).toBeGreaterThan(0);
		for (const s of settlements)
			expect(
				ledger
					.filter((row) => row.eventId === `amazon-settlement:${s.settlementId}`)
					.map((row) => row.status),
			).toEqual(['processed']);
	});

	// Storefront returns are refunded once by Centra at the first scan; Amazon's by Amazon.
	it('every returned unit is refunded once across Centra and Amazon, exchanges never, Amazon never by Centra', async () => {
		const run = await seasonState();
		const refunded = refundedUnits(run);
		const wrong = season.returns
			.map((r) => {
				const got = refunded.get(`${r.orderNumber}|${r.sku}`) ?? { centra: 0, amazon: 0 };
				const owed = unitsOwed(season, r);
				const ok = got.centra + got.amazon === owed && !(r.channel === 'amazon' && got.centra > 0);
				return ok
					? ''
					: `${r.channel} ${r.orderNumber}/${r.sku} owed ${owed} got ${JSON.stringify(got)}`;
			})
			.filter(Boolean);
		expect(wrong).toEqual([]);
	});

	it('11 as shipped sends no refund feed', () => {
		expect(sandboxes.amazon.state.feeds).toEqual([]);
	});

	// The unit graded missing (refunded by Amazon, never back) is raised by 04's day-60 run, after
	// the 45-day window.
	it('every injected anomaly is in the register once and still open', async () => {
		const { missing, repeated, notOpen } = registerViolations(await seasonState());
		expect({ missing, repeated, notOpen }).toEqual({ missing: [], repeated: [], notOpen: [] });
	});

	// Exchanges are read from Happy Returns' exchange.requested ledger events (04), and the goodwill
	// refund paid in Centra is an injected anomaly, not the clean population (Centra refund lines
	// carry no reason for 00's goodwillRefundReasons to match).
	it('no exception on the clean population', async () => {
		if (process.env.RR_N8N_SEASON_EVIDENCE)
			writeFileSync(
				`${process.env.RR_N8N_SEASON_EVIDENCE}/register.json`,
				JSON.stringify(await tableRows(n8n, tableIds['Exception Register']), null, 1),
			);
		expect(registerViolations(await seasonState()).onClean).toEqual([]);
	});
});
