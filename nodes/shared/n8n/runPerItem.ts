/**
 * Per-item loop shared by the action nodes: every output item carries pairedItem, failures carry
 * the item index, and with "Continue On Fail" the error goes onto the item instead of stopping.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type ItemHandler = (itemIndex: number) => Promise<IDataObject | IDataObject[]>;

export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const e = error as { message?: string; description?: string | null; httpCode?: string | null };
	return {
		json: {
			error: e.message ?? String(error),
			...(e.description ? { errorDescription: e.description } : {}),
			...(e.httpCode ? { httpCode: e.httpCode } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

export async function runPerItem(
	this: IExecuteFunctions,
	handler: ItemHandler,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const result = await handler(itemIndex);
			for (const json of Array.isArray(result) ? result : [result])
				output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push(errorItem(error, itemIndex));
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return output;
}

/** An operation that works on one item: the node's shared context, then the item's index. */
export type ItemOperation<C> = (
	this: IExecuteFunctions,
	shared: C,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/**
 * The routers' per-item case: one output, every input item through `operation` with the shared
 * context of the execution (lookups, credentials, pacing) built once.
 */
export async function perItem<C>(
	context: IExecuteFunctions,
	shared: C,
	operation: ItemOperation<C>,
): Promise<INodeExecutionData[][]> {
	return [
		await runPerItem.call(context, async (itemIndex) => operation.call(context, shared, itemIndex)),
	];
}

/**
 * The routers' default case. `unhandled` is the switch's key, typed `never`: a router whose switch
 * misses an operation does not compile. At run time this is reached only when a saved workflow
 * carries a value the node does not have (a hand-edited or newer workflow).
 */
export function unsupportedOperation(
	context: IExecuteFunctions,
	unhandled: never,
	resource: string,
	operation: string,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Unsupported operation "${operation}" for resource "${resource}"`,
		{
			description: `The workflow names "${String(unhandled)}", which this version of the node does not have. Choose the operation again in the node.`,
		},
	);
}
