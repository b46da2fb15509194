/**
 * Reconciliation Matcher version 2: the inputs and outputs follow the mode and the checks (as
 * n8n's Merge node draws its number of inputs), "Matched" holds only fully matched lines and
 * "Pending" is its own output, and the disposition mapping has one field. Run through n8n's real
 * WorkflowExecute (harness) at typeVersion 2, and compared with version 1 on the same data:
 * moving an input to another connection must not change what the matcher finds.
 */
import type { INode, INodeExecutionData, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { executeNode, HarnessNodeTypes, PACKAGE_NAME, toItems } from '../../harness';
import { EXCEPTION_TYPES, INPUT_INDEX } from '../../nodes/ReconciliationMatcher/engine';
import { INPUT_NAMES, OUTPUT_NAMES } from '../../nodes/ReconciliationMatcher/description';
import { matcherInputs, matcherOutputs } from '../../nodes/ReconciliationMatcher/ports';
import { cleanReturn, daysAgo, event, movement, receipt, refund } from './fixtures';

const asOf = '2026-11-20T00:00:00Z';
const TYPE = `${PACKAGE_NAME}.reconciliationMatcher`;
const nodeTypes = new HarnessNodeTypes();
const description = nodeTypes.getByNameAndVersion(TYPE, 2).description;

/** The ports as n8n computes them: the description's expression evaluated for a node. */
function portsOf(typeVersion: number, parameters: INode['parameters']) {
	const node: INode = {
		id: 'm',
		name: 'Matcher',
		type: TYPE,
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const label = (port: unknown) =>
		typeof port === 'string' ? port : (port as { displayName: string }).displayName;
	return {
		inputs: NodeHelpers.getNodeInputs(workflow, node, description as INodeTypeDescription).map(
			label,
		),
		outputs: NodeHelpers.getNodeOutputs(workflow, node, description as INodeTypeDescription).map(
			label,
		),
	};
}

const EVERY_CHECK = [...EXCEPTION_TYPES];

describe('Matcher ports (what the canvas draws)', () => {
	it('version 1 keeps its seven inputs and four outputs, in the order saved workflows use', () => {
		expect(portsOf(1, {})).toEqual({ inputs: INPUT_NAMES, outputs: OUTPUT_NAMES });
		expect(portsOf(1, { mode: 'registerReport' })).toEqual({
			inputs: INPUT_NAMES,
			outputs: OUTPUT_NAMES,
		});
		expect(portsOf(1, { checks: ['unmapped_disposition'] }).inputs).toEqual(INPUT_NAMES);
	});

	it('version 2 with every check draws every input, and Pending next to Matched', () => {
		const all = {
			inputs: ['Refunds', 'Returns', 'Manifests', 'Receipts', 'Stock', 'Orders', 'Register'],
			outputs: ['Exceptions', 'Matched', 'Pending', 'Summary', 'Rejected'],
		};
		expect(portsOf(2, { mode: 'reconcile', checks: EVERY_CHECK })).toEqual(all);
		// A node just added has no checks stored yet: the default (every check) applies.
		expect(portsOf(2, {})).toEqual(all);
	});

	it.each([
		[['unmapped_disposition'], ['Receipts', 'Register']],
		[
			['missing_stock_movement', 'inventory_drift'],
			['Receipts', 'Stock', 'Register'],
		],
		[['lost_in_transit'], ['Returns', 'Manifests', 'Receipts', 'Register']],
		[['duplicate_refund'], ['Refunds', 'Returns', 'Receipts', 'Register']],
		[['scan_without_order'], ['Returns', 'Receipts', 'Orders', 'Register']],
		[[], ['Register']],
	])('version 2 with checks %j draws %j', (checks, inputs) => {
		expect(portsOf(2, { mode: 'reconcile', checks }).inputs).toEqual(inputs);
	});

	it('version 2 "Report on the Register" draws the register and the close pack\'s inputs, and one output', () => {
		expect(portsOf(2, { mode: 'registerReport', checks: EVERY_CHECK })).toEqual({
			inputs: ['Register', 'Refunds', 'Receipts', 'Stock'],
			outputs: ['Report'],
		});
	});

	it('the tables cover every check and every engine input, in the engine order', () => {
		const kinds = Object.keys(INPUT_INDEX);
		const v1 = matcherInputs(1, {}).map((port) => port.kind);
		expect(v1).toEqual([...kinds, 'known']);
		// Every check reads at least one input, and together they read all of them.
		for (const check of EXCEPTION_TYPES) {
			const drawn = matcherInputs(2, { checks: [check] }).map((port) => port.kind);
			expect(drawn.length).toBeGreaterThan(1);
			expect(drawn[drawn.length - 1]).toBe('known');
		}
		const union = new Set(
			EXCEPTION_TYPES.flatMap((check) => matcherInputs(2, { checks: [check] })).map((p) => p.kind),
		);
		expect([...union].sort()).toEqual([...kinds, 'known'].sort());
		expect(matcherOutputs(1, {}).map((port) => port.displayName)).toEqual(OUTPUT_NAMES);
	});

	it('labels are short enough for the canvas (the longest v1 label was cut off)', () => {
		const labels = [
			...matcherInputs(2, {}),
			...matcherOutputs(2, {}),
			...matcherOutputs(2, { mode: 'registerReport' }),
		].map((port) => port.displayName);
		for (const label of labels) expect(label.length).toBeLessThanOrEqual(10);
	});
});

async function run(
	typeVersion: number,
	parameters: Record<string, unknown>,
	inputs: INodeExecutionData[][],
) {
	const result = await executeNode({
		type: 'reconciliationMatcher',
		typeVersion,
		parameters: parameters as never,
		inputs,
	});
	expect(result.error).toBeUndefined();
	return result.outputs;
}

const strip = (items: INodeExecutionData[]) => items.map((item) => item.json);
const v1Mapping = {
	mappings: [
		{ code: 'sellable', bucket: 'MAIN' },
		{ code: 'damaged', bucket: 'B-stock' },
		{ code: 'missing', bucket: 'none' },
	],
};
const v2Mapping = '{"sellable": "MAIN", "damaged": "B-stock", "missing": "none"}';

describe('Matcher version 2 through WorkflowExecute', () => {
	it('Matched holds only fully matched lines; a line still inside its window is Pending', async () => {
		const clean = cleanReturn();
		// A second order: refunded and scanned yesterday, not yet received (inside every window).
		const waiting = {
			refunds: [refund({ refundId: 'R9', orderId: '2002', refundedAt: daysAgo(1) })],
			returnEvents: [event({ returnId: 'HR-9', orderNumber: '2002', scannedAt: daysAgo(1) })],
		};
		const inputs = [
			toItems([...(clean.refunds ?? []), ...waiting.refunds]),
			toItems([...(clean.returnEvents ?? []), ...waiting.returnEvents]),
			toItems(clean.manifests ?? []),
			toItems(clean.receipts ?? []),
			toItems(clean.stockMovements ?? []),
		];
		const common = { asOf, inTransitWarehouse: 'transit' };
		const v1 = await run(1, { ...common, dispositionMapping: v1Mapping }, inputs);
		const v2 = await run(2, { ...common, dispositionMapping: v2Mapping }, inputs);
		expect(v1).toHaveLength(4);
		expect(v2).toHaveLength(5);
		const [exceptions, matched, pending, summary, rejected] = v2;
		expect(strip(matched)).toEqual([
			expect.objectContaining({ orderNumber: '1001', state: 'matched' }),
		]);
		expect(strip(pending)).toEqual([
			expect.objectContaining({ orderNumber: '2002', state: 'pending' }),
		]);
		// Version 1 lists both on Matched; nothing else differs.
		expect(
			strip(v1[1])
				.map((line) => line.state)
				.sort(),
		).toEqual(['matched', 'pending']);
		expect(strip(exceptions)).toEqual(strip(v1[0]));
		expect(strip(summary)).toEqual(strip(v1[2]));
		expect(summary[0].json).toMatchObject({ matched: 1, pending: 1 });
		expect(strip(rejected)).toEqual(strip(v1[3]));
	});

	it('fewer checks, fewer inputs: the same records on other connections give the same result, paired with the connection they came on', async () => {
		const checks = ['missing_stock_movement', 'inventory_drift', 'unmapped_disposition'];
		const receipts = [
			receipt(),
			receipt({ orderNumber: '1002', bagBarcode: 'BAG-2', disposition: 'mystery' }),
			receipt({ orderNumber: '1003', bagBarcode: 'BAG-3', receivedAt: daysAgo(30) }),
		];
		const movements = [movement()];
		const common = { asOf, checks, inTransitWarehouse: 'transit' };
		const empty: INodeExecutionData[] = [];
		const v1 = await run(1, { ...common, dispositionMapping: v1Mapping }, [
			empty,
			empty,
			empty,
			toItems(receipts),
			toItems(movements),
		]);
		// Version 2 draws Receipts, Stock, Register: receipts on connection 0, movements on 1.
		const v2 = await run(2, { ...common, dispositionMapping: v2Mapping }, [
			toItems(receipts),
			toItems(movements),
		]);
		const types = (items: INodeExecutionData[]) =>
			strip(items)
				.map((e) => e.type)
				.sort();
		expect(types(v2[0])).toEqual(expect.arrayContaining(['unmapped_disposition']));
		expect(types(v2[0])).toContain('missing_stock_movement');
		expect(strip(v2[0])).toEqual(strip(v1[0]));
		const unmapped = v2[0].find((item) => item.json.type === 'unmapped_disposition');
		expect(unmapped?.pairedItem).toEqual([{ item: 1, input: 0 }]);
		expect(v1[0].find((item) => item.json.type === 'unmapped_disposition')?.pairedItem).toEqual([
			{ item: 1, input: 3 },
		]);
		expect(v2[3][0].pairedItem).toEqual([
			{ item: 0, input: 0 },
			{ item: 0, input: 1 },
		]);
	});

	it('an invalid record goes to Rejected, paired with the connection it came on', async () => {
		const outputs = await run(
			2,
			{ asOf, checks: ['unmapped_disposition'], dispositionMapping: v2Mapping },
			[toItems([receipt(), receipt({ bagBarcode: 'BAG-2', receivedAt: 'yesterday-ish' })])],
		);
		expect(outputs[4]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ input: 'receipts', item: 1, field: 'receivedAt' }),
				pairedItem: { item: 1, input: 0 },
			}),
		]);
	});

	it('the disposition mapping has one field: a code it lacks is flagged, a code it has is not', async () => {
		const inputs = [toItems([receipt({ disposition: 'damaged' })])];
		const base = { asOf, checks: ['unmapped_disposition'] };
		const without = await run(2, { ...base, dispositionMapping: '{"sellable": "MAIN"}' }, inputs);
		const withCode = await run(2, { ...base, dispositionMapping: v2Mapping }, inputs);
		expect(strip(without[0]).map((e) => e.type)).toEqual(['unmapped_disposition']);
		expect(withCode[0]).toEqual([]);
		// As the templates feed it: an expression that yields the Settings node's object.
		const fromSettings = await run(
			2,
			{ ...base, dispositionMapping: '={{ { "sellable": "MAIN", "damaged": "B-stock" } }}' },
			inputs,
		);
		expect(fromSettings[0]).toEqual([]);
		// The v1 option that added codes a second way is not read in version 2.
		const ignored = await run(
			2,
			{
				...base,
				dispositionMapping: '{"sellable": "MAIN"}',
				options: { dispositionMappingJson: v2Mapping },
			},
			inputs,
		);
		expect(strip(ignored[0]).map((e) => e.type)).toEqual(['unmapped_disposition']);
	});

	it('a mapping that is not a JSON object names the field', async () => {
		const result = await executeNode({
			type: 'reconciliationMatcher',
			typeVersion: 2,
			parameters: { asOf, dispositionMapping: '{"sellable": ' },
			inputs: [toItems([refund()])],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Disposition Mapping is not valid JSON');
	});

	it('"Report on the Register": one input, one output holding the report, as version 1 summarises', async () => {
		const register = [
			{
				exceptionId: 'ex_a',
				type: 'duplicate_refund',
				status: 'open',
				owner: 'finance',
				severity: 'critical',
				title: 'Duplicate refund',
				orderNumber: '1001',
				amount: '12.50 EUR',
				ageDays: 40,
				detectedAt: '2026-10-01T00:00:00Z',
			},
			{ exceptionId: 'ex_b', type: 'orphaned_refund', status: 'resolved', amount: '5.00 EUR' },
		];
		const empty: INodeExecutionData[] = [];
		const v1 = await run(1, { asOf, mode: 'registerReport' }, [
			empty,
			empty,
			empty,
			empty,
			empty,
			empty,
			toItems(register),
		]);
		const v2 = await run(2, { asOf, mode: 'registerReport' }, [toItems(register)]);
		expect(v2).toHaveLength(1);
		expect(v2[0]).toHaveLength(1);
		expect(v2[0][0].json).toEqual(v1[2][0].json);
		expect(v2[0][0].json).toMatchObject({ totals: expect.objectContaining({ open: 1 }) });
		expect(v2[0][0].pairedItem).toEqual([{ item: 0, input: 0 }]);
		expect(Object.keys(v2[0][0].binary ?? {})).toEqual(['report']);
	});
});
