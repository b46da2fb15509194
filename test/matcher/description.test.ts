import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { matcherProperties } from '../../nodes/ReconciliationMatcher/description';
import { ReconciliationMatcher } from '../../nodes/ReconciliationMatcher/ReconciliationMatcher.node';
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

/**
 * The parameter surface per node version and mode: every field the editor shows, with its name,
 * type, default and options. Saved workflows and the templates (version 1) store these names and
 * values, so version 1 must not change when version 2 is added; a deliberate change shows here as
 * a snapshot diff to review.
 */
describe('Reconciliation Matcher parameter surface', () => {
	const description = new ReconciliationMatcher().description;

	function surface(typeVersion: number, mode: string): object[] {
		const values = { mode };
		return description.properties
			.filter((property) =>
				NodeHelpers.displayParameter(values, property, { typeVersion }, description, values),
			)
			.map(({ displayOptions, ...rest }) => {
				const { '@version': _v, ...show } = displayOptions?.show ?? {};
				void _v;
				return Object.keys(show).length > 0 ? { ...rest, dependsOn: show } : rest;
			});
	}

	it('has versions 1 and 2, 2 for new nodes', () => {
		expect({ version: description.version, defaultVersion: description.defaultVersion }).toEqual({
			version: [1, 2],
			defaultVersion: 2,
		});
	});

	it.each([
		[1, 'reconcile'],
		[1, 'registerReport'],
		[2, 'reconcile'],
		[2, 'registerReport'],
	])('version %i, mode %s: the fields, in the editor order', (typeVersion, mode) => {
		expect(surface(typeVersion, mode)).toMatchSnapshot();
	});

	it('version 1 shows the parameter list of description.ts unchanged (what saved workflows use)', () => {
		const plain = (properties: INodeProperties[]) =>
			properties.map(({ displayOptions, ...rest }) => {
				const { '@version': _v, ...show } = displayOptions?.show ?? {};
				void _v;
				return Object.keys(show).length > 0 ? { ...rest, dependsOn: show } : rest;
			});
		expect(surface(1, 'reconcile')).toEqual(plain(matcherProperties));
	});

	it('version 2 takes the disposition mapping in one place', () => {
		const v2 = surface(2, 'reconcile') as Array<{ name: string; type: string; options?: object[] }>;
		expect(v2.filter((p) => /disposition/i.test(p.name)).map((p) => [p.name, p.type])).toEqual([
			['dispositionMapping', 'json'],
		]);
		const options = v2.find((p) => p.name === 'options')?.options as Array<{ name: string }>;
		expect(options.map((o) => o.name)).not.toContain('dispositionMappingJson');
	});
});
