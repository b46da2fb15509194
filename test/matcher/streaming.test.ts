/**
 * Streaming: records added one at a time, in any order of inputs and in slices, give exactly
 * what one `reconcile` call over the whole record sets gives; matched lines can be streamed out.
 */
import {
	defaultSettings,
	INPUT_INDEX,
	Reconciliation,
	reconcile,
	type InputKind,
	type MatchedLine,
} from '../../nodes/ReconciliationMatcher/engine';
import {
	generateScenario,
	scenarioChunks,
	SCENARIO_DISPOSITIONS,
	TRANSIT,
	type ScenarioOptions,
} from '../../sandbox/scenario/generator';
import { EVERY_EXCEPTION_KIND } from '../../harness/scenarioRows';

const KINDS = Object.keys(INPUT_INDEX) as InputKind[];
const options: ScenarioOptions = {
	seed: 11,
	returns: 600,
	asOf: '2026-11-20T00:00:00Z',
	rates: EVERY_EXCEPTION_KIND,
};

function settings() {
	const s = defaultSettings(Date.parse(options.asOf));
	s.dispositionMapping = new Map(Object.entries(SCENARIO_DISPOSITIONS));
	s.inTransitWarehouse = TRANSIT;
	return s;
}

describe('streaming reconciliation', () => {
	const whole = generateScenario(options);

	it('slices the generated scenario without changing it', () => {
		const joined = generateScenario({ ...options, returns: 0 });
		for (const chunk of scenarioChunks(options, 70)) {
			for (const kind of KINDS) joined[kind].push(...chunk[kind]);
			joined.expected.push(...chunk.expected);
		}
		expect(JSON.stringify(joined)).toBe(JSON.stringify(whole));
	});

	it('gives the same exceptions, matched lines and summary when fed slice by slice, inputs interleaved', () => {
		const expected = reconcile(whole, settings());
		expect(expected.changes.length).toBeGreaterThan(100);
		const run = new Reconciliation(settings());
		const item = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<InputKind, number>;
		// Later inputs first within each slice: the result must not depend on arrival order.
		for (const chunk of scenarioChunks(options, 50)) {
			for (const kind of [...KINDS].reverse())
				for (const raw of chunk[kind]) run.add(kind, raw, item[kind]++);
		}
		const streamed: MatchedLine[] = [];
		const result = run.finish({ onMatched: (line) => streamed.push(line) });
		expect(result.matched).toEqual([]);
		expect(streamed).toEqual(expected.matched);
		expect(result.changes).toEqual(expected.changes);
		expect(result.summary).toEqual(expected.summary);
	});

	it('names the item of a rejected record by its index in its input', () => {
		const run = new Reconciliation(settings());
		run.add('receipts', { sku: 'A', receivedAt: '2026-11-01T00:00:00Z' }, 0);
		run.add('receipts', { sku: '', receivedAt: '2026-11-01T00:00:00Z' }, 7);
		run.add('refunds', {
			orderId: '1',
			sku: 'A',
			amount: '1.00',
			currency: 'EUR',
			refundedAt: 'soon',
		});
		const { rejected, summary } = run.finish();
		expect(rejected).toEqual([
			{ input: 'receipts', ref: { input: 3, item: 7 }, field: 'sku', message: 'sku is missing' },
			{
				input: 'refunds',
				ref: { input: 0, item: 0 },
				field: 'refundedAt',
				message: expect.stringContaining('refundedAt'),
			},
		]);
		expect(summary.inputs).toMatchObject({ receipts: 2, refunds: 1 });
	});

	it('counts items per input when no index is given, and refuses an input it does not know', () => {
		const run = new Reconciliation(settings());
		run.add('receipts', { sku: 'A', receivedAt: '2026-11-01T00:00:00Z' });
		run.add('refunds', {
			orderId: '1',
			sku: 'A',
			amount: '1.00',
			currency: 'EUR',
			refundedAt: 'soon',
		});
		run.add('receipts', { sku: '', receivedAt: '2026-11-01T00:00:00Z' });
		expect(() => run.add('refundz' as InputKind, {})).toThrow('Unknown input "refundz"');
		const { rejected, summary } = run.finish();
		expect(rejected.map((issue) => issue.ref)).toEqual([
			{ input: 0, item: 0 },
			{ input: 3, item: 1 },
		]);
		expect(summary.inputs).toMatchObject({ receipts: 2, refunds: 1, returnEvents: 0 });
	});

	it('takes no records after it finished', () => {
		const run = new Reconciliation(settings());
		run.finish();
		expect(() => run.add('refunds', {})).toThrow('This reconciliation has finished');
	});
});
