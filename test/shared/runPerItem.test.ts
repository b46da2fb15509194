/**
 * The per-item loop as a table: what each item's handler does (returns one object, several,
 * none, throws a plain, operation or API error) with and without "Continue On Fail", against the
 * output items (their json and pairedItem) or the error the node throws (with its item index).
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { runPerItem } from '../../nodes/shared/n8n/runPerItem';

const node: INode = {
	id: 'node',
	name: 'Vendor Node',
	type: 'test.vendor',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Step = IDataObject | IDataObject[] | Error;

function run(steps: Step[], continueOnFail: boolean) {
	const self = {
		getNode: () => node,
		getInputData: () => steps.map(() => ({ json: {} })),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
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
