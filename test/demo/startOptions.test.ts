/**
 * `npm start` options, and the warehouse receipts `--send-webhooks` sends after the Happy Returns
 * notifications (`--hold-receipts` keeps them back): one per unit that reached the warehouse in
 * the scenario. test/templates/demoDeliveries.test.ts sends them through templates 01-03.
 */
import { generateScenario } from '../../sandbox/scenario/generator';
import { parseStartOptions, scenarioReceipts } from '../../scripts/realN8n/deliveries';

describe('npm start options', () => {
	it('defaults: port 5678, 200 returns, seed 42, nothing sent', () => {
		expect(parseStartOptions([])).toEqual({
			port: 5678,
			returns: 200,
			seed: 42,
			sendWebhooks: false,
			holdReceipts: false,
		});
	});

	it('--send-webhooks sends the receipts too unless --hold-receipts', () => {
		expect(parseStartOptions(['--send-webhooks'])).toMatchObject({
			sendWebhooks: true,
			holdReceipts: false,
		});
		expect(
			parseStartOptions(['--port', '5680', '--send-webhooks', '--hold-receipts', '--returns', '0']),
		).toEqual({ port: 5680, returns: 0, seed: 42, sendWebhooks: true, holdReceipts: true });
	});

	it.each([
		[['--hold-receipts'], /goes with --send-webhooks/],
		[['--send-webhook'], /unknown option --send-webhook/],
		[['--port', 'abc'], /--port needs a whole number, not "abc"/],
		[['--returns'], /--returns needs a whole number, not ""/],
		[['--seed', '-1'], /--seed needs a whole number/],
		[['5678'], /unexpected argument "5678"/],
	])('%j is refused with a message naming the option', (argv, message) => {
		expect(() => parseStartOptions(argv)).toThrow(message);
	});
});

describe('the receipts the demo sends', () => {
	const scenario = generateScenario({
		seed: 42,
		returns: 200,
		rates: { lostInTransit: 0.05, refundedNeverReturned: 0.05, bagOnlyReceipt: 0.05 },
		asOf: '2026-11-30T00:00:00.000Z',
	});
	const receipts = scenarioReceipts(scenario);

	it('one per unit the warehouse received: as many as the scenario received, none twice', () => {
		const received = scenario.receipts.reduce((sum, r) => sum + Number(r.quantity), 0);
		expect(received).toBeGreaterThan(0);
		expect(receipts).toHaveLength(received);
		const keys = receipts.map((r) => `${r.returnId}|${r.sku}|${r.unit}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('each names a dropped-off unit of its return, order and SKU, with its bag (bag-only receipts included)', () => {
		const drops = new Set(
			scenario.returnEvents
				.filter((e) => e.status === 'dropped_off')
				.map(
					(e) =>
						`${String(e.returnId)}|${String(e.orderNumber)}|${String(e.sku)}|${String(e.unit)}|${String(e.bagBarcode)}`,
				),
		);
		for (const r of receipts)
			expect(drops.has(`${r.returnId}|${r.orderNumber}|${r.sku}|${r.unit}|${r.bagBarcode}`)).toBe(
				true,
			);
		expect(scenario.receipts.some((r) => r.orderNumber === '')).toBe(true);
	});

	it('none for a return lost in transit or never sent back', () => {
		const skus = new Set(scenario.receipts.map((r) => `${String(r.bagBarcode)}|${String(r.sku)}`));
		const unreceived = scenario.returnEvents.filter(
			(e) => e.status === 'dropped_off' && !skus.has(`${String(e.bagBarcode)}|${String(e.sku)}`),
		);
		expect(unreceived.length).toBeGreaterThan(0);
		const sent = new Set(receipts.map((r) => r.returnId));
		for (const unit of unreceived) expect(sent.has(String(unit.returnId))).toBe(false);
	});
});
