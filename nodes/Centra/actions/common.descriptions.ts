/** Field builders shared by the Centra operations' descriptions. */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { CentraMap, CentraResource } from './node.type';

/** displayOptions that show a field for some operations of one resource. */
export const show = <R extends CentraResource>(
	resource: R,
	operation: Array<CentraMap[R]>,
): IDisplayOptions => ({ show: { resource: [resource], operation } });

/** One dropdown entry per key; the key is the stored value. */
export type OptionsByValue<V extends string> = Record<V, Omit<INodePropertyOptions, 'value'>>;

function optionsOf<V extends string>(options: OptionsByValue<V>): INodePropertyOptions[] {
	return Object.entries<Omit<INodePropertyOptions, 'value'>>(options).map(([value, option]) => ({
		...option,
		value,
	}));
}

export function resourceProperty(
	defaultResource: CentraResource,
	options: OptionsByValue<CentraResource>,
): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: defaultResource,
		options: optionsOf(options),
	};
}

/** The Operation dropdown of one resource: exactly one entry per operation of node.type.ts. */
export function operationProperty<R extends CentraResource>(
	resource: R,
	defaultOperation: CentraMap[R],
	options: OptionsByValue<CentraMap[R]>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: defaultOperation,
		displayOptions: { show: { resource: [resource] } },
		options: optionsOf(options),
	};
}

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

/**
 * A warehouse resource locator (From List, stored by id; By ID; By Name), the one shape every
 * Centra warehouse field takes from version 2. Built whole, default included, so that each field
 * states its own default and list search (a plain or an "All Warehouses" list).
 */
export function warehouseLocator({
	default: defaultValue,
	...field
}: {
	name: string;
	displayName: string;
	searchListMethod: string;
	default: INodeProperties['default'];
	required?: boolean;
	description?: string;
	displayOptions: IDisplayOptions;
}): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: defaultValue,
		...(field.required ? { required: true } : {}),
		...(field.description ? { description: field.description } : {}),
		displayOptions: field.displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: field.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A Centra warehouse ID is a number' },
					},
				],
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. Main' },
		],
	};
}

/**
 * A required warehouse: in version 1 a dropdown storing the warehouse name; from version 2 a
 * resource locator (From List, stored by id; By ID; By Name), as n8n's current nodes pick
 * records. Both carry the same parameter name, and the operations read it with extractValue.
 */
export const warehouseField = (
	name: string,
	displayName: string,
	displayOptions: IDisplayOptions,
): INodeProperties[] => [
	{
		displayName: `${displayName} Name or ID`,
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWarehouses' },
		default: '',
		required: true,
		displayOptions: { ...displayOptions, show: { ...displayOptions.show, ...V1 } },
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	warehouseLocator({
		name,
		displayName,
		searchListMethod: 'searchWarehouses',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { ...displayOptions, show: { ...displayOptions.show, ...V2_ON } },
	}),
];

/** Return All and Limit of a list operation. */
export function returnAllFields<R extends CentraResource>(
	resource: R,
	operation: CentraMap[R],
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: true,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show(resource, [operation]),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: {
				show: { resource: [resource], operation: [operation], returnAll: [false] },
			},
		},
	];
}

/** The Centra order number an order operation works on. */
export const orderNumberField = (operation: CentraMap['order']): INodeProperties => ({
	displayName: 'Order Number',
	name: 'orderNumber',
	type: 'string',
	default: '',
	required: true,
	displayOptions: show('order', [operation]),
});
