/**
 * The one-operation-per-file shape of the Amazon node: every operation's own fields show only for
 * that operation, every dropdown value has a router case (node.type.ts), and every Amazon node in
 * the templates keeps all its saved parameters when n8n resolves them against the description
 * (a parameter n8n would drop as not shown is a template that silently changed behaviour).
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { AmazonSellerCentral } from '../../nodes/AmazonSellerCentral/AmazonSellerCentral.node';
import * as getFbaReimbursements from '../../nodes/AmazonSellerCentral/actions/claim/getFbaReimbursements.operation';
import * as getSafetReimbursements from '../../nodes/AmazonSellerCentral/actions/claim/getSafetReimbursements.operation';
import type { AmazonMap } from '../../nodes/AmazonSellerCentral/actions/node.type';
import * as orderGet from '../../nodes/AmazonSellerCentral/actions/order/get.operation';
import * as check from '../../nodes/AmazonSellerCentral/actions/refund/check.operation';
import * as getMany from '../../nodes/AmazonSellerCentral/actions/refund/getMany.operation';
import * as refundOnReceipt from '../../nodes/AmazonSellerCentral/actions/refund/refundOnReceipt.operation';
import * as returnsReportGet from '../../nodes/AmazonSellerCentral/actions/returnsReport/get.operation';
import * as settlementGet from '../../nodes/AmazonSellerCentral/actions/settlementReport/get.operation';
import * as settlementList from '../../nodes/AmazonSellerCentral/actions/settlementReport/list.operation';

const node = new AmazonSellerCentral();
const properties = node.description.properties;

type Pair = { [R in keyof AmazonMap]: [R, AmazonMap[R]] }[keyof AmazonMap];
const OPERATIONS: Array<[Pair, { description: INodeProperties[]; execute: unknown }]> = [
	[['refund', 'check'], check],
	[['refund', 'refundOnReceipt'], refundOnReceipt],
	[['refund', 'getMany'], getMany],
	[['settlementReport', 'list'], settlementList],
	[['settlementReport', 'get'], settlementGet],
	[['returnsReport', 'get'], returnsReportGet],
	[['order', 'get'], orderGet],
	[['claim', 'getFbaReimbursements'], getFbaReimbursements],
	[['claim', 'getSafetReimbursements'], getSafetReimbursements],
];

describe('Amazon node: one operation per file', () => {
	it('the operation dropdowns list exactly the operations that have a file', () => {
		const listed = properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) =>
				(p.options as Array<{ value: string }>).map(
					(o) => `${String(p.displayOptions?.show?.resource?.[0])}.${o.value}`,
				),
			)
			.sort();
		expect(listed).toEqual(OPERATIONS.map(([[r, o]]) => `${r}.${o}`).sort());
	});

	it.each(OPERATIONS)('%j: exports execute, and its own fields show for it alone', ([r, o], op) => {
		expect(typeof op.execute).toBe('function');
		for (const field of op.description) {
			expect(field.displayOptions?.show?.resource).toEqual([r]);
			expect(field.displayOptions?.show?.operation).toEqual([o]);
			// The node's description holds the same object, so nothing is described twice.
			expect(properties).toContain(field);
		}
	});
});

const TEMPLATES = resolve(__dirname, '..', '..', 'workflows-templates');
const amazonNodes = readdirSync(TEMPLATES)
	.filter((f) => f.endsWith('.json'))
	.flatMap((file) =>
		(
			JSON.parse(readFileSync(resolve(TEMPLATES, file), 'utf8')) as {
				nodes: Array<{ name: string; type: string; parameters: INodeParameters }>;
			}
		).nodes
			.filter((n) => n.type.endsWith('.amazonSellerCentral'))
			.map((n) => ({ file, name: n.name, parameters: n.parameters })),
	);

describe('Amazon nodes in the templates', () => {
	it('there are some', () => {
		expect(amazonNodes.length).toBeGreaterThan(0);
	});

	it.each(amazonNodes)(
		'$file / $name: every saved parameter is shown and valid',
		({ parameters }) => {
			const shown = (p: INodeProperties) =>
				NodeHelpers.displayParameter(parameters, p, { typeVersion: 1 }, node.description);
			for (const name of Object.keys(parameters))
				expect([name, properties.some((p) => p.name === name && shown(p))]).toEqual([name, true]);
			for (const [name, value] of Object.entries(parameters)) {
				if (typeof value !== 'string' || value.startsWith('=')) continue;
				const field = properties.find(
					(p) =>
						p.name === name &&
						p.type === 'options' &&
						NodeHelpers.displayParameter(parameters, p, { typeVersion: 1 }, node.description),
				);
				if (field)
					expect((field.options as Array<{ value: string }>).map((o) => o.value)).toContain(value);
			}
		},
	);
});
