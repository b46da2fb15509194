/**
 * What the demo sends once n8n is up (`npm start -- --send-webhooks`): the scenario's signed Happy
 * Returns notifications to template 01, then, when n8n has processed them, the warehouse receipts
 * of the returns that reached the warehouse to template 03 (`--hold-receipts` keeps them back), so
 * the first nightly report reflects a day on which returns were both scanned and received.
 */
import { createHmac } from 'crypto';
import type { WebhookBody } from '../../sandbox/happyReturns/webhooks';
import type { Scenario } from '../../sandbox/scenario/generator';

export interface StartOptions {
	port: number;
	returns: number;
	seed: number;
	sendWebhooks: boolean;
	/** With --send-webhooks: the notifications only, the receipts are left to the user. */
	holdReceipts: boolean;
}

/** `npm start` flags: --port 5678, --returns 200, --seed 42, --send-webhooks, --hold-receipts. */
export function parseStartOptions(argv: string[]): StartOptions {
	const known = new Set(['--port', '--returns', '--seed', '--send-webhooks', '--hold-receipts']);
	const number = (name: string, fallback: number): number => {
		const index = argv.indexOf(`--${name}`);
		if (index < 0) return fallback;
		const value = Number(argv[index + 1]);
		if (!Number.isInteger(value) || value < 0)
			throw new Error(`--${name} needs a whole number, not "${argv[index + 1] ?? ''}"`);
		return value;
	};
	for (const [index, arg] of argv.entries())
		if (arg.startsWith('--') && !known.has(arg))
			throw new Error(`unknown option ${arg} (known: ${[...known].join(', ')})`);
		else if (!arg.startsWith('--') && !['--port', '--returns', '--seed'].includes(argv[index - 1]))
			throw new Error(`unexpected argument "${arg}"`);
	const sendWebhooks = argv.includes('--send-webhooks');
	const holdReceipts = argv.includes('--hold-receipts');
	if (holdReceipts && !sendWebhooks)
		throw new Error('--hold-receipts goes with --send-webhooks (nothing is sent without it)');
	return {
		port: number('port', 5678),
		returns: number('returns', 200),
		seed: number('seed', 42),
		sendWebhooks,
		holdReceipts,
	};
}

/** One unit as template 03's receipts webhook takes it (`{ "receipts": [...] }`). */
export type UnitReceipt = {
	returnId: string;
	orderNumber: string;
	sku: string;
	unit: string;
	disposition: string;
	bagBarcode: string;
	trackingNumber: string;
};

/**
 * One receipt per unit the warehouse received in the scenario (returns lost in transit or never
 * sent back have none). The scenario's receipt rows are per SKU with a quantity, and a bag-only
 * receipt carries only the bag barcode and SKU; the unit's Happy Returns return (found by order and
 * SKU, else by bag and SKU) supplies the return id, order number and unit, as a warehouse system
 * that scans the Happy Returns bag label has them.
 */
export function scenarioReceipts(
	scenario: Pick<Scenario, 'receipts' | 'returnEvents'>,
): UnitReceipt[] {
	const drops = scenario.returnEvents.filter((e) => e.status === 'dropped_off');
	// A unit is received once, even where two receipt rows could point at it.
	const taken = new Set<Record<string, unknown>>();
	const out: UnitReceipt[] = [];
	for (const r of scenario.receipts) {
		const sku = String(r.sku);
		const order = String(r.orderNumber ?? '');
		const bag = String(r.bagBarcode ?? '');
		const units = drops.filter(
			(e) =>
				!taken.has(e) &&
				String(e.sku) === sku &&
				(order ? String(e.orderNumber) === order : String(e.bagBarcode) === bag),
		);
		for (const unit of units.slice(0, Number(r.quantity))) {
			taken.add(unit);
			out.push({
				returnId: String(unit.returnId),
				orderNumber: String(unit.orderNumber),
				sku,
				unit: String(unit.unit),
				disposition: String(r.disposition),
				bagBarcode: bag,
				trackingNumber: String(r.trackingNumber ?? ''),
			});
		}
	}
	return out;
}

export interface SendResult {
	notifications: { sent: number; of: number };
	receipts: { sent: number; of: number; held: boolean };
}

export interface DemoDeliveries {
	intakeUrl: string;
	receiptsUrl: string;
	secret: string;
	receiptsHeader: { name: string; value: string };
	webhooks: WebhookBody[];
	receipts: UnitReceipt[];
	holdReceipts: boolean;
	/** Resolves when n8n has finished what the notifications started (receipts come after). */
	settle: () => Promise<unknown>;
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<boolean> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	await response.text();
	return response.ok;
}

/**
 * Notifications in the order Happy Returns sent them, one at a time; then, once n8n is idle (a
 * receipt for a unit not yet moved into transit would find nothing to move), one receipt request
 * per bag, as a warehouse checks a bag in.
 */
export async function sendDemoDeliveries(d: DemoDeliveries): Promise<SendResult> {
	let sent = 0;
	for (const webhook of [...d.webhooks].sort((a, b) => a.at - b.at)) {
		const signature = createHmac('sha256', d.secret).update(webhook.body).digest('hex');
		if (await send(d.intakeUrl, webhook.body, { 'x-hr-signature': signature })) sent++;
	}
	const result: SendResult = {
		notifications: { sent, of: d.webhooks.length },
		receipts: { sent: 0, of: d.receipts.length, held: d.holdReceipts },
	};
	if (d.holdReceipts || d.receipts.length === 0) return result;
	await d.settle();
	const bags = new Map<string, UnitReceipt[]>();
	for (const receipt of d.receipts)
		bags.set(receipt.bagBarcode, [...(bags.get(receipt.bagBarcode) ?? []), receipt]);
	for (const receipts of bags.values())
		if (
			await send(d.receiptsUrl, JSON.stringify({ receipts }), {
				[d.receiptsHeader.name]: d.receiptsHeader.value,
			})
		)
			result.receipts.sent += receipts.length;
	return result;
}
