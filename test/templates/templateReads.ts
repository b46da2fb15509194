/**
 * What a template run read from the Data Tables, and one run of an Amazon template against the
 * Amazon sandbox: shared by the tests that prove a template reads only the rows it judges.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow, type InMemoryDataTables, type RunResult } from '../../harness';
import { templateTables, type Template } from '../../harness/templateFiles';
import { sandboxCredentials } from '../../sandbox';
import type { AmazonSandbox } from '../../sandbox/amazon/server';

/** The ids of the rows the run's Data Table "Get" nodes returned, by table, each row once. */
export function rowsRead(template: Template, result: RunResult): Record<string, number[]> {
	const read: Record<string, Set<number>> = {};
	for (const node of template.nodes) {
		if (node.type !== 'n8n-nodes-base.dataTable' || node.parameters.operation !== 'get') continue;
		const table = String((node.parameters.dataTableId as IDataObject).value);
		for (const item of result.output(node.name))
			if (item.json.id !== undefined) (read[table] ??= new Set()).add(Number(item.json.id));
	}
	return Object.fromEntries(
		Object.entries(read).map(([table, ids]) => [table, [...ids].sort((a, b) => a - b)]),
	);
}

/**
 * One run of an Amazon template from its manual entry, with what the caller passes it (10's
 * `reprocessSettlementId`); a failed run throws with its node.
 */
export async function runWithAmazon(
	template: Template,
	startNode: string,
	amazon: AmazonSandbox,
	tables: InMemoryDataTables,
	input: Record<string, string> = {},
): Promise<RunResult> {
	const result = await runWorkflow(template, {
		startNode,
		triggerItems: [{ json: input }],
		mode: 'integrated',
		credentials: sandboxCredentials({ amazon }),
		dataTables: tables,
	});
	if (result.status !== 'success')
		throw new Error(
			`${template.name} failed at ${result.run.data.resultData.lastNodeExecuted}: ${result.error?.message}`,
		);
	return result;
}

/** How many rows of each table the run's Data Table "Get" nodes returned. */
export function rowsCount(template: Template, result: RunResult): Record<string, number> {
	return Object.fromEntries(
		Object.entries(rowsRead(template, result)).map(([table, ids]) => [table, ids.length]),
	);
}

/**
 * The same returns in two worlds, one of them also holding a large history of other orders, each
 * run once: what a template reads and decides must not depend on that history.
 */
export async function runBesideHistory(
	seedReturns: (tables: InMemoryDataTables) => void,
	seedHistory: (tables: InMemoryDataTables) => void,
	run: (tables: InMemoryDataTables) => Promise<RunResult>,
) {
	const small = templateTables();
	const large = templateTables();
	seedHistory(large);
	seedReturns(small);
	seedReturns(large);
	return { small, large, runs: { small: await run(small), large: await run(large) } };
}
