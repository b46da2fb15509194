/** Return: Complete. Completes the return once; a completed return is reported, not written. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { returnByIdOrExternal } from '../../helpers/returns';
import { creditNoteOf, type CentraReturn } from '../../logic/creditNote';
import { COMPLETE_RETURN } from '../../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../../transport';
import { findReturnFields, sendEmailField } from './find.descriptions';

export const description: INodeProperties[] = [
	...findReturnFields('complete'),
	sendEmailField('complete'),
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const record = await returnByIdOrExternal(this, lookups, itemIndex);
	if (record.returnStatus === 'COMPLETED')
		return { wrote: false, alreadyCompleted: true, ...creditNoteOf(record) };
	const data = await centraGraphql<{
		completeReturn: MutationPayload & { return: CentraReturn | null };
	}>(this, lookups.credentials, {
		operation: 'Complete Return',
		itemIndex,
		query: COMPLETE_RETURN,
		variables: {
			id: record.id,
			sendEmail: this.getNodeParameter('sendEmail', itemIndex, false) as boolean,
		},
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.completeReturn, 'Complete Return', itemIndex);
	return {
		wrote: true,
		alreadyCompleted: false,
		...creditNoteOf(data.completeReturn.return as CentraReturn),
	};
}
