/**
 * Return look-ups shared by the return operations and the exchange order, and the exactly-once
 * repair of Create Return.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { creditNoteOf, type CentraReturn } from '../logic/creditNote';
import { DELETE_RETURN, RETURNS_BY } from '../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../transport';
import type { CentraLookups } from './lookups';

export async function returnsByExternalId(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	externalId: string,
	itemIndex: number,
): Promise<CentraReturn[]> {
	const data = await centraGraphql<{ returns: CentraReturn[] }>(context, lookups.credentials, {
		operation: 'Find Return',
		itemIndex,
		query: RETURNS_BY,
		variables: { where: { externalId: [externalId] } },
		idempotent: true,
	});
	return data.returns;
}

export async function returnByIdOrExternal(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<CentraReturn> {
	const by = context.getNodeParameter('returnLookup', itemIndex, 'externalId') as string;
	const value = String(context.getNodeParameter('returnValue', itemIndex)).trim();
	if (!value) throw new NodeOperationError(context.getNode(), '"Return" is empty', { itemIndex });
	const where = by === 'id' ? { id: [Number(value)] } : { externalId: [value] };
	const data = await centraGraphql<{ returns: CentraReturn[] }>(context, lookups.credentials, {
		operation: 'Get Return',
		itemIndex,
		query: RETURNS_BY,
		variables: { where },
		idempotent: true,
	});
	if (data.returns.length === 0)
		throw new NodeOperationError(
			context.getNode(),
			`No Centra return with ${by === 'id' ? 'id' : 'external id'} "${value}"`,
			{ itemIndex },
		);
	return data.returns[0];
}

export function earliest(records: CentraReturn[]): CentraReturn {
	return records.reduce((a, b) => (b.id < a.id ? b : a));
}

/**
 * Exactly once under concurrency. Centra has no unique external id, so two executions that both
 * found no return (check-then-write) can both create one. After writing, the node looks again:
 * when more than one return carries the external id, the earliest (lowest id) is the return and
 * every later one is deleted by the execution that created it. Whatever the interleaving, the
 * later writer's re-check runs after both writes, so it sees both and voids its own.
 */
export async function keepEarliest(
	context: IExecuteFunctions,
	lookups: CentraLookups,
	externalId: string,
	created: CentraReturn,
	itemIndex: number,
): Promise<IDataObject> {
	const all = await returnsByExternalId(context, lookups, externalId, itemIndex);
	const winner = earliest([created, ...all]);
	if (winner.id === created.id)
		return { wrote: true, alreadyExisted: false, ...creditNoteOf(created) };
	const data = await centraGraphql<{ deleteReturn: MutationPayload }>(
		context,
		lookups.credentials,
		{
			operation: 'Void Duplicate Return',
			itemIndex,
			query: DELETE_RETURN,
			variables: { id: created.id },
			idempotent: false,
		},
	);
	assertNoUserErrors.call(
		context,
		data.deleteReturn,
		'Void Duplicate Return',
		itemIndex,
		`Return ${created.id} duplicates return ${winner.id} (Happy Returns id ${externalId}); delete it in Centra.`,
	);
	return {
		wrote: false,
		alreadyExisted: true,
		voidedDuplicate: created.id,
		...creditNoteOf(winner),
	};
}
