/**
 * Resources and operations of the Happy Returns node; each operation's fields live in its own
 * file under actions/<resource>/<operation>.operation.ts.
 */
import type { INodeProperties } from 'n8n-workflow';
import * as approve from './actions/return/approve.operation';
import * as expire from './actions/return/expire.operation';
import * as get from './actions/return/get.operation';
import * as getItems from './actions/outboundShipment/getItems.operation';
import * as list from './actions/outboundShipment/list.operation';
import * as post from './actions/returnContents/post.operation';

export const happyReturnsProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'return',
		options: [
			{
				name: 'Outbound Shipment',
				value: 'outboundShipment',
				description: 'Consolidated hub-to-warehouse shipments and their manifests',
			},
			{ name: 'Return', value: 'return' },
			{
				name: 'Return Content',
				value: 'returnContents',
				description: 'Warehouse check-in of what was in the bags',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['return'] } },
		default: 'get',
		options: [
			{
				name: 'Approve Items',
				value: 'approve',
				action: 'Approve return items',
				description:
					'Approve items with their condition; this triggers the refund at Happy Returns',
			},
			{
				name: 'Expire',
				value: 'expire',
				action: 'Expire a return',
				description: 'Expire a return that was never dropped off (idempotent)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a return',
				description: 'Look a return up by order number, email or express code',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['outboundShipment'] } },
		default: 'getItems',
		options: [
			{
				name: 'Get Items',
				value: 'getItems',
				action: 'Get the items of a shipment',
				description: 'The manifest of one consolidated shipment, all pages',
			},
			{
				name: 'List',
				value: 'list',
				action: 'List outbound shipments',
				description: 'Shipments that left a hub in a date window',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['returnContents'] } },
		default: 'post',
		options: [
			{
				name: 'Post',
				value: 'post',
				action: 'Post return contents',
				description: 'Send warehouse check-ins, 1000 items per request',
			},
		],
	},
	...get.description,
	...approve.description,
	...expire.description,
	...list.description,
	...getItems.description,
	...post.description,
];
