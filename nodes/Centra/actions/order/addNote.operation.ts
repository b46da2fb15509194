/**
 * Order: Add Note. A customer-service note; the same text is not added twice. An empty note adds
 * nothing: every note is a mutation from the quota all of the merchant's integrations share
 * (https://centra.dev/integration-api/api-rate-limits), so templates switch notes off by passing
 * an empty text rather than by removing the node.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
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
		description:
			'Customer-service note; the same text is not added twice. Empty (e.g. an expression that yields nothing) adds no note and passes the item on.',
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
	if (!note) return { orderNumber: number, note, wrote: false, skipped: 'empty note' };
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
