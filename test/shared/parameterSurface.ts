/**
 * A vendor node's parameter surface, per node version, resource and operation: every field the
 * editor shows for that operation, with its name, type, default, options and the other fields it
 * depends on. Saved workflows and the templates store these names and values, so a layout change
 * of a node (one file per operation) must leave its snapshot as it is, and version 1 (what saved
 * workflows and the templates use) must not change when a later version is added; a deliberate
 * change shows as a snapshot diff to review.
 *
 * One helper for every resource/operation node, so the nodes are read by the same rule; each
 * node's test file keeps its own snapshot file and test names.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

/** Whether the editor shows `property` for this resource, operation and node version. */
function shownFor(
	description: INodeTypeDescription,
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

function valuesOf(property: INodeProperties | undefined): string[] {
	return (property?.options ?? []).map((o) => String((o as { value: string }).value));
}

/** The operations the editor offers for a resource. */
function operationsOf(description: INodeTypeDescription, resource: string): string[] {
	return valuesOf(
		description.properties.find(
			(p) =>
				p.name === 'operation' &&
				((p.displayOptions?.show?.resource as string[] | undefined) ?? []).includes(resource),
		),
	);
}

/**
 * Registers, inside the caller's describe block, one snapshot test for the resources and one per
 * node version, resource and operation ("<resource>.<operation>" for version 1, "v<n> ..." for
 * later versions), and a test that every resource offers operations.
 */
export function parameterSurfaceTests(description: INodeTypeDescription): void {
	const properties = description.properties;
	const resource = properties.find((p) => p.name === 'resource');
	const resources = valuesOf(resource);
	const versions = [description.version].flat();

	it('lists the resources and their default', () => {
		expect({ default: resource?.default, resources }).toMatchSnapshot();
	});

	it('every resource has operations', () => {
		expect(resources.length).toBeGreaterThan(0);
		for (const r of resources) expect(operationsOf(description, r)).not.toEqual([]);
	});

	for (const typeVersion of versions)
		for (const r of resources)
			for (const operation of operationsOf(description, r))
				it(`${typeVersion === 1 ? '' : `v${typeVersion} `}${r}.${operation}: the fields, in the editor's order`, () => {
					const shown = properties
						.filter(
							(p) => p.name !== 'resource' && shownFor(description, p, r, operation, typeVersion),
						)
						.map(surfaceOf);
					expect(shown).toMatchSnapshot();
				});
}
