/** Return: Get, by the Happy Returns id (external id) or the Centra return id. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CentraLookups } from '../../helpers/lookups';
import { returnByIdOrExternal } from '../../helpers/returns';
import { creditNoteOf } from '../../logic/creditNote';
import { findReturnFields } from './find.descriptions';

export const description: INodeProperties[] = findReturnFields('get');

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	return creditNoteOf(await returnByIdOrExternal(this, lookups, itemIndex));
}
