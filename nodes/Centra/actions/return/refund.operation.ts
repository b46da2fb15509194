/**
 * Return: Refund. Only when the user turns it on here: the returns flow refunds through Happy
 * Returns or Amazon by default. A refunded return, or one whose refund is in progress, is never
 * refunded again.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { returnByIdOrExternal } from '../../helpers/returns';
import { creditNoteOf, type CentraReturn } from '../../logic/creditNote';
import { REFUND_RETURN } from '../../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../../transport';
import { show } from '../common.descriptions';
import { findReturnFields, sendEmailField } from './find.descriptions';

export const description: INodeProperties[] = [
	...findReturnFields('refund'),
	{
		displayName: 'Refund the Customer in Centra',
		name: 'allowRefund',
		type: 'boolean',
		default: false,
		description:
			'Whether Centra should pay the refund. Off by default: the returns flow refunds through Happy Returns or Amazon, and refunding twice is the costliest mistake.',
		displayOptions: show('return', ['refund']),
	},
	sendEmailField('refund'),
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	if (this.getNodeParameter('allowRefund', itemIndex, false) !== true) {
		throw new NodeOperationError(
			this.getNode(),
			'Refunding in Centra is switched off for this node',
			{
				itemIndex,
				description:
					'The returns flow refunds elsewhere by default (Happy Returns or Amazon). Turn on "Refund the Customer in Centra" only if Centra should pay the refund.',
			},
		);
	}
	const record = await returnByIdOrExternal(this, lookups, itemIndex);
	const note = creditNoteOf(record);
	// A refund requested at the PSP and not yet confirmed is in progress: refunding again would
	// pay twice once both go through.
	if (note.refunded || note.refundInProgress)
		return { wrote: false, alreadyRefunded: note.refunded, ...note };
	const data = await centraGraphql<{
		refundReturn: MutationPayload & { return: CentraReturn | null };
	}>(this, lookups.credentials, {
		operation: 'Refund Return',
		itemIndex,
		query: REFUND_RETURN,
		variables: {
			id: record.id,
			sendEmail: this.getNodeParameter('sendEmail', itemIndex, false) as boolean,
		},
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.refundReturn, 'Refund Return', itemIndex);
	return {
		wrote: true,
		alreadyRefunded: false,
		...creditNoteOf(data.refundReturn.return as CentraReturn),
	};
}
