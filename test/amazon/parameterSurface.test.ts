/**
 * The Amazon node's parameter surface, per node version, resource and operation: every field the
 * editor shows for that operation, with its name, type, default, options and the other fields it
 * depends on. Saved workflows and the templates (version 1) store these names and values, so
 * version 1 must not change when version 2 is added; a deliberate change shows here as a
 * snapshot diff to review.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { AmazonSellerCentral } from '../../nodes/AmazonSellerCentral/AmazonSellerCentral.node';

const description = new AmazonSellerCentral().description;
const properties = description.properties;
const versions = [description.version].flat();

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

describe('Amazon parameter surface', () => {
	const resource = properties.find((p) => p.name === 'resource');
	const resources = (resource?.options ?? []).map((o) => String((o as { value: string }).value));

	it('lists the resources and their default', () => {
		expect({ default: resource?.default, resources }).toMatchSnapshot();
	});

	for (const typeVersion of versions)
		for (const r of resources)
			for (const operation of operationsOf(r))
				it(`${typeVersion === 1 ? '' : `v${typeVersion} `}${r}.${operation}: the fields, in the editor's order`, () => {
					const shown = properties
						.filter((p) => p.name !== 'resource' && shownFor(p, r, operation, typeVersion))
						.map(surfaceOf);
					expect(shown).toMatchSnapshot();
				});
});
