/**
 * Return: Get Many. Credit notes created in a time window (e.g. the storefront refunds of a
 * night), of a list of orders (`ReturnFilter.orderNumber`) or of a list of Centra return ids
 * (`ReturnFilter.id`, e.g. the returns a ledger says were refunded, however old; both
 * https://centra.dev/graphql/returnfilter.html, 200 values per read), all pages, as credit notes
 * or as refund lines in the Reconciliation Matcher's fields. Filters combine: a list and a window
 * give the listed returns created in the window.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { creditNoteOf, moneyMinorOf, refundState, type CentraReturn } from '../../logic/creditNote';
import { batches, parseOrderNumbers } from '../../logic/orderNumbers';
import { PageGuard } from '../../logic/paging';
import { refundLines, refundPaymentLines } from '../../logic/refundLines';
import { PAGE_SIZE, RETURNS_PAGE } from '../../queries';
import { centraGraphql } from '../../transport';
import { returnAllFields, show } from '../common.descriptions';

export const description: INodeProperties[] = [
	...returnAllFields('return', 'getMany'),
	{
		displayName: 'Filters',
		name: 'returnFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('return', ['getMany']),
		options: [
			{ displayName: 'Created After', name: 'from', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'to', type: 'dateTime', default: '' },
			{
				displayName: 'Order Numbers',
				name: 'orderNumbers',
				type: 'string',
				default: '',
				placeholder: '1001, 1002',
				description:
					'Only the credit notes of these orders: numbers separated by commas, spaces or new lines, or an expression giving a list (read 200 orders per request)',
			},
			{
				displayName: 'Refunded Only',
				name: 'refundedOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only credit notes Centra has refunded',
			},
			{
				displayName: 'Return IDs',
				name: 'returnIds',
				type: 'string',
				default: '',
				placeholder: '4711, 4712',
				description:
					'Only these Centra returns (their numeric IDs): separated by commas, spaces or new lines, or an expression giving a list (read 200 returns per request)',
			},
		],
	},
	{
		displayName: 'Output',
		name: 'returnOutput',
		type: 'options',
		default: 'creditNotes',
		displayOptions: show('return', ['getMany']),
		options: [
			{
				name: 'Credit Notes',
				value: 'creditNotes',
				description: 'One item per return with its lines and totals',
			},
			{
				name: 'Refund Lines',
				value: 'refundLines',
				description:
					"One item per refunded SKU line, the refund shared over the lines by value, in the Reconciliation Matcher's field names. Unrefunded returns give none.",
			},
			{
				name: 'Refund Payments',
				value: 'refundPayments',
				description:
					"One item per paid refund entry and SKU line, dated when that payment was made, in the Reconciliation Matcher's field names: a return refunded in two payments gives each its own date and amount (the units go with the first). For a count by payment date, e.g. a month-end close.",
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('returnFilters', itemIndex, {}) as {
		from?: string;
		to?: string;
		refundedOnly?: boolean;
		orderNumbers?: unknown;
		returnIds?: unknown;
	};
	const where: IDataObject = {};
	const given = (value: unknown) => value !== undefined && value !== '';
	if (given(filters.orderNumbers) && given(filters.returnIds))
		throw new NodeOperationError(
			this.getNode(),
			'Filters "Order Numbers" and "Return IDs": use one list per read',
			{ itemIndex },
		);
	// Each list is read in batches of one page: the filter field and the values of each batch.
	let listBatches: Array<{ field: 'orderNumber' | 'id'; values: number[] } | undefined> = [
		undefined,
	];
	for (const [name, label, field, what] of [
		['orderNumbers', 'Order Numbers', 'orderNumber', 'a Centra order number'],
		['returnIds', 'Return IDs', 'id', 'a Centra return ID'],
	] as const) {
		if (!given(filters[name])) continue;
		const { numbers, invalid } = parseOrderNumbers(filters[name]);
		if (invalid !== null)
			throw new NodeOperationError(
				this.getNode(),
				`Filter "${label}": "${invalid}" is not ${what}`,
				{
					itemIndex,
				},
			);
		listBatches = batches(numbers, PAGE_SIZE).map((values) => ({ field, values }));
		// An empty list asks for nothing: nothing to read.
		if (listBatches.length === 0) return [];
	}
	if (filters.from || filters.to)
		where.createdAt = {
			...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
			...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
		};
	const limit = (this.getNodeParameter('returnAll', itemIndex, true) as boolean)
		? Number.POSITIVE_INFINITY
		: (this.getNodeParameter('limit', itemIndex, 50) as number);
	const outputAs = this.getNodeParameter('returnOutput', itemIndex, 'creditNotes') as string;
	const output: IDataObject[] = [];
	for (const list of listBatches) {
		const guard = new PageGuard('return');
		const batchWhere = list ? { ...where, [list.field]: list.values } : where;
		for (let page = 1; output.length < limit; page++) {
			const data = await centraGraphql<{ returns: CentraReturn[] }>(this, lookups.credentials, {
				operation: 'List Returns',
				itemIndex,
				query: RETURNS_PAGE,
				variables: { where: batchWhere, limit: PAGE_SIZE, page },
				idempotent: true,
			});
			guard.checkRows(data.returns, (r: CentraReturn) => r.id);
			for (const record of data.returns) {
				const note = creditNoteOf(record);
				if (outputAs === 'refundLines')
					output.push(...(refundLines(note) as unknown as IDataObject[]));
				else if (outputAs === 'refundPayments') {
					const payments = refundState(record.refundPaymentHistory).paid.map((p) => ({
						id: p.id,
						createdAt: p.createdAt ?? null,
						minor: moneyMinorOf(p.value),
					}));
					output.push(...(refundPaymentLines(note, payments) as unknown as IDataObject[]));
				} else if (!filters.refundedOnly || note.refunded) output.push(note);
			}
			if (data.returns.length < PAGE_SIZE) break;
		}
	}
	return output.slice(0, limit);
}
