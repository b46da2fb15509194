import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { INPUT_NAMES, matcherProperties, OUTPUT_NAMES } from './description';
import { executeMatcher } from './execute';

export class ReconciliationMatcher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconciliation Matcher',
		name: 'reconciliationMatcher',
		icon: { light: 'file:reconciliationMatcher.svg', dark: 'file:reconciliationMatcher.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["checks"].length + " checks"}}',
		description:
			'Joins refunds, return scans, hub manifests, warehouse receipts and stock movements into typed, owned, aged exceptions',
		defaults: { name: 'Reconciliation Matcher' },
		inputs: INPUT_NAMES.map(() => NodeConnectionTypes.Main),
		inputNames: INPUT_NAMES,
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: OUTPUT_NAMES,
		usableAsTool: true,
		properties: matcherProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeMatcher.call(this);
	}
}
