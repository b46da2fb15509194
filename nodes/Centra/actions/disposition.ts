/**
 * Disposition routing: each returned unit moves from the in-transit warehouse to the bucket its
 * disposition maps to. A code without a row is never guessed; the unit goes out flagged
 * "unmapped disposition" on its own output, or as an error item, as the user chose.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorItem } from '../../shared/n8n/runPerItem';
import { buildRouting, normalizeDisposition, routeOf } from '../logic/dispositionRouting';
import { stockReference } from '../logic/stockReference';
import type { CentraLookups } from './lookups';
import { moveOnce } from './stock';

export async function routeDispositions(
	this: IExecuteFunctions,
	lookups: CentraLookups,
): Promise<INodeExecutionData[][]> {
	const routed: INodeExecutionData[] = [];
	const unmapped: INodeExecutionData[] = [];
	const handling = this.getNodeParameter('unmappedHandling', 0, 'output') as 'output' | 'error';
	const rows = this.getNodeParameter('mapping.rows', 0, []) as Array<{
		code: string;
		warehouse: string;
	}>;
	const routes = buildRouting(rows);
	const count = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			const returnId = String(this.getNodeParameter('returnId', itemIndex)).trim();
			const sku = String(this.getNodeParameter('sku', itemIndex)).trim();
			const code = this.getNodeParameter('disposition', itemIndex) as string;
			const unit = this.getNodeParameter('unit', itemIndex, '') as string;
			const quantity = Number(this.getNodeParameter('quantity', itemIndex, 1));
			if (!returnId)
				throw new NodeOperationError(this.getNode(), '"Return ID" is empty', { itemIndex });
			const base: IDataObject = {
				returnId,
				sku,
				unit,
				quantity,
				disposition: normalizeDisposition(code),
			};
			const route = routeOf(routes, code);
			if (route.kind === 'unmapped') {
				const message = `Disposition "${String(code)}" has no row in the mapping; the unit stays in the in-transit warehouse`;
				if (handling === 'error')
					throw new NodeOperationError(this.getNode(), message, {
						itemIndex,
						description: 'Add the code to "Disposition Mapping" and run again.',
					});
				unmapped.push({
					json: { ...base, flag: 'unmapped_disposition', routed: false, message },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			const transit = await lookups.warehouse(
				this.getNodeParameter('fromWarehouse', itemIndex) as string,
				itemIndex,
				'In-Transit Warehouse',
			);
			const to =
				route.kind === 'move'
					? await lookups.warehouse(
							route.warehouse,
							itemIndex,
							`Mapping for "${base.disposition as string}"`,
						)
					: null;
			const reference = stockReference({
				returnId,
				sku,
				unit,
				stage: route.kind === 'move' ? 'processed' : 'written-off',
			});
			const move = await moveOnce(this, lookups, {
				sku,
				quantity,
				from: transit,
				to,
				reference,
				itemIndex,
			});
			routed.push({
				json: { ...base, routed: true, bucket: to?.name ?? 'none', ...move },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			routed.push(errorItem(error, itemIndex));
		}
	}
	return handling === 'output' ? [routed, unmapped] : [routed];
}
