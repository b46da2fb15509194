/**
 * The node parameters of the not-returned grades and the refunds that need no return, read into
 * engine settings (defaults, lists, any case, the switch handed over as text by an expression).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { settingsFromParameters } from '../../nodes/ReconciliationMatcher/settingsFromParameters';
import { matcherProperties } from '../../nodes/ReconciliationMatcher/description';
import { Reconciliation } from '../../nodes/ReconciliationMatcher/engine';

function read(parameters: Record<string, unknown>) {
	const context = {
		getNode: () => ({ name: 'Reconciliation Matcher' }),
		getNodeParameter: (name: string, _item: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as IExecuteFunctions;
	const settings = settingsFromParameters.call(context);
	// As the engine reads them once a run starts.
	new Reconciliation(settings);
	return settings;
}

describe('matcher parameters for not-returned grades and refunds that need no return', () => {
	it('are node parameters with the documented names and defaults', () => {
		const byName = new Map(matcherProperties.map((p) => [p.name, p]));
		expect(byName.get('notReturnedDispositions')).toMatchObject({
			type: 'string',
			default: 'missing,wrong-item',
		});
		expect(byName.get('goodwillRefundReasons')).toMatchObject({ type: 'string', default: '' });
		expect(byName.get('fbaRefundsNeedReturn')).toMatchObject({ type: 'boolean', default: true });
	});

	it('default to missing and wrong-item, no goodwill reasons, FBA refunds needing a return', () => {
		const settings = read({});
		expect(settings.notReturnedDispositions).toEqual(['missing', 'wrong_item']);
		expect(settings.goodwillRefundReasons).toEqual([]);
		expect(settings.fbaRefundsNeedReturn).toBe(true);
	});

	it('read comma-separated lists in any case and spacing', () => {
		const settings = read({
			notReturnedDispositions: ' Missing , wrong-item,,Damaged ',
			goodwillRefundReasons: 'goodwill, GoodwillAdjustment',
		});
		expect(settings.notReturnedDispositions).toEqual(['missing', 'wrong_item', 'damaged']);
		expect(settings.goodwillRefundReasons).toEqual(['goodwill', 'goodwilladjustment']);
		expect(read({ notReturnedDispositions: '' }).notReturnedDispositions).toEqual([]);
	});

	it('keep the codes of the older Missing Dispositions option', () => {
		const settings = read({
			notReturnedDispositions: 'wrong-item',
			options: { missingDispositions: 'missing,lost' },
		});
		expect(settings.notReturnedDispositions).toEqual(['wrong_item', 'missing', 'lost']);
	});

	it.each([
		[false, false],
		['false', false],
		[' FALSE ', false],
		[true, true],
		['true', true],
	])('read FBA Refunds Need a Return %j as %j', (value, expected) => {
		expect(read({ fbaRefundsNeedReturn: value }).fbaRefundsNeedReturn).toBe(expected);
	});
});
