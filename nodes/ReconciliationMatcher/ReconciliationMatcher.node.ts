import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { matcherProperties } from './description';
import { executeMatcher } from './execute';
import { matcherInputs, matcherOutputs } from './ports';

const V1 = { '@version': [1] };
const V2_ON = { '@version': [{ _cnd: { gte: 2 } }] };

/** The property as it is, shown only in the versions `when` names. */
function inVersions(property: INodeProperties, when: typeof V1 | typeof V2_ON): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), ...when };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

const reconcileOnly = { show: { mode: ['reconcile'] } };

/**
 * Version 2's own fields. The mode's wording follows the drawn ports; the disposition mapping is
 * one JSON field (typed, or an expression reading the templates' Settings node) instead of rows
 * plus an option that both added codes.
 */
const V2_FIELDS: Record<string, INodeProperties> = {
	mode: {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'reconcile',
		options: [
			{
				name: 'Reconcile',
				value: 'reconcile',
				description: 'Join the inputs the chosen checks read and find exceptions',
			},
			{
				name: 'Report on the Register',
				value: 'registerReport',
				description:
					'Summary and HTML report of the open rows of your exception register (e.g. at month end)',
			},
		],
	},
	notice: {
		displayName:
			'The inputs follow the checks chosen. Choose the checks before wiring: removing a check can remove an input.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: reconcileOnly,
	},
	dispositionMapping: {
		displayName: 'Disposition Mapping',
		name: 'dispositionMapping',
		type: 'json',
		default: '{}',
		displayOptions: reconcileOnly,
		placeholder: '{"sellable": "Main", "damaged": "B-stock", "missing": "none"}',
		description:
			'Disposition code to stock bucket (warehouse), as one JSON object; "none" for codes that leave no stock. Codes without an entry are flagged, never guessed. The templates fill it from their Settings node.',
	},
};

/** Options of version 2: those of version 1 but the second way into the disposition mapping. */
const V2_DROPPED_OPTIONS = new Set(['dispositionMappingJson']);

/**
 * Every version's parameters in one list: the shared ones once, the ones that differ twice under
 * the same name (the editor shows the one of the node's version).
 */
export const matcherPropertiesAllVersions: INodeProperties[] = matcherProperties.flatMap(
	(property) => {
		if (property.name === 'options') {
			const options = (property.options ?? []).filter(
				(option) => !V2_DROPPED_OPTIONS.has(option.name),
			);
			return [inVersions(property, V1), inVersions({ ...property, options }, V2_ON)];
		}
		const v2 = V2_FIELDS[property.name];
		return v2 ? [inVersions(property, V1), inVersions(v2, V2_ON)] : [property];
	},
);

export class ReconciliationMatcher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconciliation Matcher',
		name: 'reconciliationMatcher',
		icon: { light: 'file:reconciliationMatcher.svg', dark: 'file:reconciliationMatcher.dark.svg' },
		group: ['transform'],
		// Version 2 draws only the inputs the mode and checks read, and splits Pending from
		// Matched; saved version 1 nodes keep their seven inputs and four outputs.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{$parameter["mode"] === "registerReport" ? "register report" : $parameter["checks"].length + " checks"}}',
		description:
			'Joins refunds, return scans, hub manifests, warehouse receipts and stock movements into typed, owned, aged exceptions',
		// The editor's "Docs" link: the project's guide, as the credential's documentationUrl.
		documentationUrl:
			'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/reconciliation-matcher.md',
		defaults: { name: 'Reconciliation Matcher' },
		inputs: `={{(${matcherInputs})($nodeVersion, $parameter)}}`,
		outputs: `={{(${matcherOutputs})($nodeVersion, $parameter)}}`,
		usableAsTool: true,
		properties: matcherPropertiesAllVersions,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeMatcher.call(this);
	}
}
