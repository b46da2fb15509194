import { matcherProperties } from '../../nodes/ReconciliationMatcher/description';
import { EXCEPTION_TYPES } from '../../nodes/ReconciliationMatcher/engine';
import {
	DEFAULT_DEADLINES,
	DEFAULT_TOLERANCE,
	DEFAULT_WINDOWS,
} from '../../nodes/ReconciliationMatcher/engine/settings';

function collection(name: string): Record<string, unknown> {
	const property = matcherProperties.find((p) => p.name === name);
	return Object.fromEntries(
		(property?.options as Array<{ name: string; default: unknown }>).map((o) => [
			o.name,
			o.default,
		]),
	);
}

describe('Reconciliation Matcher description', () => {
	it('shows the engine defaults (the n8n linter needs literals, so they are checked here)', () => {
		expect(collection('windows')).toEqual(DEFAULT_WINDOWS);
		expect(collection('deadlines')).toEqual(DEFAULT_DEADLINES);
		expect(collection('tolerance')).toEqual(DEFAULT_TOLERANCE);
		expect(matcherProperties.find((p) => p.name === 'checks')?.default).toEqual([
			...EXCEPTION_TYPES,
		]);
	});
});
