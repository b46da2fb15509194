/** Order: Add Note. A customer-service note; the same text is not added twice. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { notes, orderNumber } from '../../helpers/orders';
import { ADD_ORDER_NOTE } from '../../queries';
import { assertNoUserErrors, centraGraphql, type MutationPayload } from '../../transport';
import { orderNumberField, show } from '../common.descriptions';

export const description: INodeProperties[] = [
	orderNumberField('addNote'),
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Return in transit',
		description: 'Customer-service note; the same text is not added twice',
		displayOptions: show('order', ['addNote']),
	},
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const number = orderNumber(this, itemIndex);
	const note = String(this.getNodeParameter('note', itemIndex)).trim();
	if (!note) throw new NodeOperationError(this.getNode(), '"Note" is empty', { itemIndex });
	if ((await notes(this, lookups, number, itemIndex)).includes(note))
		return { orderNumber: number, note, wrote: false, alreadyNoted: true };
	const data = await centraGraphql<{
		addOrderNote: MutationPayload & { orderHistoryEntry: IDataObject | null };
	}>(this, lookups.credentials, {
		operation: 'Add Order Note',
		itemIndex,
		query: ADD_ORDER_NOTE,
		variables: { input: { order: { number }, note } },
		idempotent: false,
	});
	assertNoUserErrors.call(this, data.addOrderNote, 'Add Order Note', itemIndex);
	return {
		orderNumber: number,
		note,
		wrote: true,
		alreadyNoted: false,
		entry: data.addOrderNote.orderHistoryEntry,
	};
}
