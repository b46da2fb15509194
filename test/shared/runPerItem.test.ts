/**
 * The per-item loop as a table: what each item's handler does (returns one object, several,
 * none, throws a plain, operation or API error) with and without "Continue On Fail", against the
 * output items (their json and pairedItem) or the error the node throws (with its item index).
 * The routers' wrapper (one output, a shared context built once) and their default case are the
 * same module, and the three vendor routers use it instead of their own copies.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	errorItem,
	perItem,
	runPerItem,
	unsupportedOperation,
} from '../../nodes/shared/n8n/runPerItem';

const node: INode = {
	id: 'node',
	name: 'Vendor Node',
	type: 'test.vendor',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Step = IDataObject | IDataObject[] | Error;

function contextOf(steps: Step[], continueOnFail: boolean) {
	return {
		getNode: () => node,
		getInputData: () => steps.map(() => ({ json: {} })),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

function run(steps: Step[], continueOnFail: boolean) {
	const self = contextOf(steps, continueOnFail);
	return runPerItem.call(self, async (itemIndex) => {
		const step = steps[itemIndex];
		if (step instanceof Error) throw step;
		return step;
	});
}

const apiError = () =>
	new NodeApiError(node, { message: 'nope' }, { message: 'Vendor said no', httpCode: '409' });

describe('runPerItem', () => {
	it.each([
		{
			why: 'one object per item',
			steps: [{ a: 1 }, { a: 2 }],
			out: [
				[{ a: 1 }, 0],
				[{ a: 2 }, 1],
			],
		},
		{
			why: 'several objects from one item',
			steps: [[{ a: 1 }, { a: 2 }], { b: 1 }],
			out: [
				[{ a: 1 }, 0],
				[{ a: 2 }, 0],
				[{ b: 1 }, 1],
			],
		},
		{ why: 'no object from an item', steps: [[], { b: 1 }], out: [[{ b: 1 }, 1]] },
		{ why: 'no items', steps: [], out: [] },
	])('$why: every output carries its pairedItem', async ({ steps, out }) => {
		const output = await run(steps as Step[], false);
		expect(output.map((item) => [item.json, item.pairedItem])).toEqual(
			out.map(([json, item]) => [json, { item }]),
		);
	});

	it.each([
		{ why: 'a plain error', error: () => new Error('bad sku'), json: { error: 'bad sku' } },
		{
			why: 'an API error keeps its code',
			error: apiError,
			json: { error: 'Vendor said no', httpCode: '409' },
		},
	])(
		'continue on fail, $why: the failing item becomes an error item, the rest run',
		async ({ error, json }) => {
			const output = await run([{ a: 1 }, error(), { a: 3 }], true);
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output[1].json).toMatchObject(json);
			expect(output[2].json).toEqual({ a: 3 });
		},
	);

	it.each([
		{
			why: 'a plain error becomes a NodeOperationError',
			error: () => new Error('bad sku'),
			type: NodeOperationError,
			message: 'bad sku',
		},
		{
			why: 'an API error stays itself',
			error: apiError,
			type: NodeApiError,
			message: 'Vendor said no',
		},
	])('stop on fail, $why with the item index', async ({ error, type, message }) => {
		const failure = await run([{ a: 1 }, { a: 2 }, error()], false).catch(
			(caught: unknown) => caught,
		);
		expect(failure).toBeInstanceOf(type);
		expect((failure as NodeOperationError).message).toContain(message);
		expect((failure as NodeOperationError).context.itemIndex).toBe(2);
	});

	it('keeps an item index the error already has', async () => {
		const own = new NodeOperationError(node, 'from item 0', { itemIndex: 0 });
		const failure = await run([{ a: 1 }, own], false).catch((caught: unknown) => caught);
		expect((failure as NodeOperationError).context.itemIndex).toBe(0);
	});
});

describe('errorItem (what continue on fail puts on the item)', () => {
	it.each([
		{ why: 'a plain error: its message', error: new Error('bad sku'), json: { error: 'bad sku' } },
		{
			why: 'an API error: message, description and code',
			error: new NodeApiError(
				node,
				{ message: 'nope' },
				{ message: 'Vendor said no', description: 'SKU is locked', httpCode: '409' },
			),
			json: { error: 'Vendor said no', errorDescription: 'SKU is locked', httpCode: '409' },
		},
		{ why: 'a thrown text: the text', error: 'timeout', json: { error: 'timeout' } },
		{
			why: 'an empty description or code: left out',
			error: Object.assign(new Error('refused'), { description: '', httpCode: null }),
			json: { error: 'refused' },
		},
	])('$why, paired with its item', ({ error, json }) => {
		expect(errorItem(error, 4)).toEqual({ json, pairedItem: { item: 4 } });
	});
});

describe("perItem (the routers' per-item case)", () => {
	const operation = async function (
		this: IExecuteFunctions,
		shared: { steps: Step[]; calls: number[] },
		itemIndex: number,
	) {
		shared.calls.push(itemIndex);
		const step = shared.steps[itemIndex];
		if (step instanceof Error) throw step;
		return step;
	};

	it.each([
		{ why: 'every item succeeds', steps: [{ a: 1 }, [{ b: 1 }, { b: 2 }]], cof: false, ok: 3 },
		{
			why: 'one item fails, continue on fail',
			steps: [{ a: 1 }, new Error('x')],
			cof: true,
			ok: 1,
		},
	])(
		'$why: one output, items in order with pairedItem, the shared context passed to every item',
		async ({ steps, cof, ok }) => {
			const shared = { steps: steps as Step[], calls: [] as number[] };
			const outputs = await perItem(contextOf(shared.steps, cof), shared, operation);
			expect(outputs).toHaveLength(1);
			expect(shared.calls).toEqual(shared.steps.map((_, index) => index));
			expect(outputs[0].filter((item) => item.json.error === undefined)).toHaveLength(ok);
			const pairs = outputs[0].map((item) => (item.pairedItem as { item: number }).item);
			expect(pairs).toEqual([...pairs].sort((a, b) => a - b));
		},
	);

	it('stop on fail: the error names the failing item, and later items do not run', async () => {
		const shared = {
			steps: [{ a: 1 }, new Error('bad'), { a: 3 }] as Step[],
			calls: [] as number[],
		};
		const failure = await perItem(contextOf(shared.steps, false), shared, operation).catch(
			(caught: unknown) => caught,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).context.itemIndex).toBe(1);
		expect(shared.calls).toEqual([0, 1]);
	});
});

describe("unsupportedOperation (the routers' default case)", () => {
	it('names the resource, the operation and the stored key', () => {
		const error = unsupportedOperation(
			contextOf([], false),
			'stock.teleport' as never,
			'stock',
			'teleport',
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Unsupported operation "teleport" for resource "stock"');
		expect(error.description).toContain('"stock.teleport"');
	});

	it.each([
		'nodes/Centra/actions/router.ts',
		'nodes/AmazonSellerCentral/actions/router.ts',
		'nodes/HappyReturns/router.ts',
	])('%s uses the shared wrapper and default, not a copy of its own', (file) => {
		const source = readFileSync(join(__dirname, '..', '..', file), 'utf8');
		expect(source).toMatch(/import \{ perItem, unsupportedOperation \} from/);
		expect(source).not.toMatch(/function perItem|runPerItem\.call|new NodeOperationError/);
		expect(source).toMatch(/throw unsupportedOperation\(this, key, resource, operation\)/);
	});
});
