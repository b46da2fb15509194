/**
 * Oracle-free properties on generated data: delivering any input row twice, shuffling every
 * input, and splitting one run into two runs joined by the register all give the same open
 * exceptions. Bag-only receipts and split refunds are part of the data.
 */
import {
	defaultSettings,
	reconcile,
	type ExceptionChange,
	type RawInputs,
} from '../../nodes/ReconciliationMatcher/engine';
import { Random } from '../../sandbox/scenario/random';
import { generateScenario, type Scenario } from '../../sandbox/scenario/generator';

const AS_OF = '2026-11-20T00:00:00Z';
const KINDS = [
	'refunds',
	'returnEvents',
	'manifests',
	'receipts',
	'stockMovements',
	'orders',
] as const;

function scenario(seed: number): Scenario {
	const s = generateScenario({
		seed,
		returns: 300,
		rates: {
			refundedNeverReturned: 0.03,
			duplicateRefund: 0.03,
			lostInTransit: 0.03,
			scanWithoutOrder: 0.02,
			missingOrderId: 0.02,
			unmappedDisposition: 0.02,
			valueMismatch: 0.03,
			missingStockMovement: 0.03,
			orphanedRefund: 0.03,
			returnedNeverRefunded: 0.03,
		},
		asOf: AS_OF,
	});
	// Bag-only receipts: every third receipt keeps only its bag barcode and SKU.
	s.receipts = s.receipts.map((row, i) =>
		i % 3 === 0 && row.bagBarcode
			? { ...row, orderNumber: '', returnId: '', trackingNumber: '' }
			: row,
	);
	// Split refunds: every seventh refund with an id is paid in two halves (two ids).
	s.refunds = s.refunds.flatMap((row, i) => {
		const amount = Number(row.amount);
		if (i % 7 !== 0 || !row.refundId || !Number.isFinite(amount) || Number(row.quantity ?? 1) !== 1)
			return [row];
		const cents = Math.round(Math.abs(amount) * 100);
		const half = Math.floor(cents / 2);
		const sign = amount < 0 ? '-' : '';
		return [
			{ ...row, amount: `${sign}${(half / 100).toFixed(2)}` },
			{
				...row,
				refundId: `${String(row.refundId)}-b`,
				quantity: 0,
				amount: `${sign}${((cents - half) / 100).toFixed(2)}`,
			},
		];
	});
	return s;
}

function settingsOf(s: Scenario) {
	const settings = defaultSettings(Date.parse(s.asOf));
	settings.dispositionMapping = new Map(Object.entries(s.dispositionMapping));
	settings.inTransitWarehouse = s.inTransitWarehouse;
	return settings;
}

function inputsOf(s: Scenario): RawInputs {
	return Object.fromEntries(KINDS.map((kind) => [kind, s[kind]]));
}

/**
 * Open exceptions as comparable text: everything the register shows a person (not the evidence's
 * item numbers, which point into the run's own inputs), so a lost box's lines must be listed in
 * the same order however the records arrive.
 */
function open(changes: ExceptionChange[]): string[] {
	return changes
		.filter((c) => c.status === 'open')
		.map((c) =>
			JSON.stringify([
				c.id,
				c.type,
				c.units,
				c.actual,
				c.expected,
				c.difference,
				c.summary,
				c.orderNumber,
				c.sku,
				c.channel,
				c.returnIds,
				c.trackingNumber,
				c.deadline,
				c.details,
			]),
		)
		.sort();
}

function shuffled<T>(rows: readonly T[], random: Random): T[] {
	const out = [...rows];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random.next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

describe.each([11, 12, 13])('metamorphic properties, seed %i', (seed) => {
	const s = scenario(seed);
	const baseline = reconcile(inputsOf(s), settingsOf(s));
	const expected = open(baseline.changes);

	it('raises something to compare', () => {
		expect(baseline.rejected).toEqual([]);
		expect(expected.length).toBeGreaterThan(20);
	});

	it.each(KINDS)('delivering every %s row twice changes nothing', (kind) => {
		const inputs = inputsOf(s);
		// Id-less refund rows are two refunds by rule; rows with an id are the same refund.
		const rows = (inputs[kind] ?? []).flatMap((row) =>
			kind === 'refunds' && !row.refundId ? [row] : [row, { ...row }],
		);
		expect(open(reconcile({ ...inputs, [kind]: rows }, settingsOf(s)).changes)).toEqual(expected);
	});

	it('shuffling every input changes nothing', () => {
		const random = new Random(seed * 31);
		const inputs = Object.fromEntries(
			KINDS.map((kind) => [kind, shuffled(s[kind], random)]),
		) as RawInputs;
		expect(open(reconcile(inputs, settingsOf(s)).changes)).toEqual(expected);
	});

	it('two runs joined by the register give the open exceptions of one run', () => {
		// Run 1 sees only the refunds and returns; run 2 sees everything, with run 1's register.
		const first = reconcile({ refunds: s.refunds, returnEvents: s.returnEvents }, settingsOf(s));
		const register = first.changes.map((c) => ({
			id: c.id,
			type: c.type,
			status: c.status,
			firstSeenAt: c.firstSeenAt,
		}));
		const second = reconcile(inputsOf(s), settingsOf(s), register);
		expect(open(second.changes)).toEqual(expected);
		// What run 1 raised and run 2 no longer sees is cleared by the data, not closed by a person.
		for (const change of second.changes.filter((c) => c.change === 'resolved'))
			expect(change.status).toBe('cleared');
	});
});
