/**
 * The Centra node's parameter surface, per resource and operation: every field the editor shows
 * for that operation, with its name, type, default, options and the other fields it depends on.
 * Saved workflows and the templates store these names and values, so a layout change of the node
 * (one file per operation) must leave this snapshot as it is; a deliberate change shows here as a
 * snapshot diff to review.
 */
import type { INodeProperties } from 'n8n-workflow';
import { Centra } from '../../nodes/Centra/Centra.node';

const properties = new Centra().description.properties;

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (
		(!resources || resources.includes(resource)) && (!operations || operations.includes(operation))
	);
}

/** The property without the resource/operation keys of its displayOptions (shown per pair). */
function surfaceOf(property: INodeProperties): object {
	const { displayOptions, ...rest } = property;
	const { resource: _r, operation: _o, ...otherShow } = displayOptions?.show ?? {};
	void _r;
	void _o;
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

	for (const r of resources)
		for (const operation of operationsOf(r))
			it(`${r}.${operation}: the fields, in the editor's order`, () => {
				const shown = properties
					.filter((p) => p.name !== 'resource' && shownFor(p, r, operation))
					.map(surfaceOf);
				expect(shown).toMatchSnapshot();
			});

	it('every resource has operations', () => {
		for (const r of resources) expect(operationsOf(r).length).toBeGreaterThan(0);
	});
});
