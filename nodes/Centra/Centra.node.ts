import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { centraProperties } from './description';
import {
	getWarehouses,
	getWarehousesOrAll,
	searchWarehouses,
	searchWarehousesOrAll,
} from './loadOptions';
import { route } from './actions/router';
import { searchMarkets, searchPricelists } from './methods/listSearch';

export class Centra implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Centra',
		name: 'centra',
		icon: { light: 'file:centra.svg', dark: 'file:centra.dark.svg' },
		group: ['transform'],
		// Version 2 picks warehouses, and an exchange order's market and pricelist, with resource
		// locators (From List / By ID); saved version 1 nodes keep their fields and values.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Move stock by disposition, create itemised returns carrying the Happy Returns ID, exchange orders and order notes in Centra',
		// The editor's "Docs" link: the project's guide, as the credential's documentationUrl.
		documentationUrl:
			'https://github.com/returns-reconciliation/n8n-nodes-returns-reconciliation/blob/main/docs/nodes/centra.md',
		defaults: { name: 'Centra' },
		inputs: [NodeConnectionTypes.Main],
		// Disposition routing can send unmapped codes to a second output.
		outputs: `={{ $parameter["resource"] === "disposition" && $parameter["unmappedHandling"] !== "error" ? [{ type: "main", displayName: "Routed" }, { type: "main", displayName: "Unmapped" }] : [{ type: "main" }] }}`,
		usableAsTool: true,
		credentials: [{ name: 'centraApi', required: true }],
		properties: centraProperties,
	};

	methods = {
		loadOptions: { getWarehouses, getWarehousesOrAll },
		listSearch: { searchWarehouses, searchWarehousesOrAll, searchMarkets, searchPricelists },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
