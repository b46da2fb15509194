/**
 * The Centra node's parameter surface, per node version, resource and operation: every field the
 * editor shows for that operation, with its name, type, default, options and the other fields it
 * depends on. Saved workflows and the templates store these names and values, so a layout change
 * of the node (one file per operation) must leave this snapshot as it is, and version 1 (what
 * saved workflows and the templates use) must not change when version 2 is added; a deliberate
 * change shows here as a snapshot diff to review.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { Centra } from '../../nodes/Centra/Centra.node';

const description = new Centra().description;
const properties = description.properties;

function shownFor(
	property: INodeProperties,
	resource: string,
	operation: string,
	typeVersion: number,
): boolean {
	const show = property.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	const version = show['@version'];
	const inVersion =
		!version ||
		NodeHelpers.displayParameter(
			{},
			{ ...property, displayOptions: { show: { '@version': version } } },
			{ typeVersion },
			description,
		);
	return (
		inVersion &&
		(!resources || resources.includes(resource)) &&
		(!operations || operations.includes(operation))
	);
}

/** The property without the resource/operation keys of its displayOptions (shown per pair). */
function surfaceOf(property: INodeProperties): object {
	const { displayOptions, ...rest } = property;
	const { resource: _r, operation: _o, '@version': _v, ...otherShow } = displayOptions?.show ?? {};
	void [_r, _o, _v];
	return {
		...rest,
		...(Object.keys(otherShow).length > 0 ? { dependsOn: otherShow } : {}),
		...(displayOptions?.hide ? { hide: displayOptions.hide } : {}),
	};
}

function operationsOf(resource: string): string[] {
	const operation = properties.find(
		(p) =>
			p.name === 'operation' &&
			((p.displayOptions?.show?.resource as string[] | undefined) ?? []).includes(resource),
	);
	return (operation?.options ?? []).map((o) => String((o as { value: string }).value));
}

describe('Centra parameter surface', () => {
	const resource = properties.find((p) => p.name === 'resource');
	const resources = (resource?.options ?? []).map((o) => String((o as { value: string }).value));

	it('lists the resources and their default', () => {
		expect({ default: resource?.default, resources }).toMatchSnapshot();
	});

	it('has versions 1 and 2, 2 for new nodes', () => {
		expect({ version: description.version, defaultVersion: description.defaultVersion }).toEqual({
			version: [1, 2],
			defaultVersion: 2,
		});
	});

	for (const typeVersion of [1, 2])
		for (const r of resources)
			for (const operation of operationsOf(r))
				it(`${typeVersion === 1 ? '' : `v${typeVersion} `}${r}.${operation}: the fields, in the editor's order`, () => {
					const shown = properties
						.filter((p) => p.name !== 'resource' && shownFor(p, r, operation, typeVersion))
						.map(surfaceOf);
					expect(shown).toMatchSnapshot();
				});

	it('every resource has operations', () => {
		for (const r of resources) expect(operationsOf(r).length).toBeGreaterThan(0);
	});
});
