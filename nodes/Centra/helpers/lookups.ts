/**
 * Cached look-ups shared by the Centra operations of one execution: product sizes by SKU or EAN,
 * warehouses by name or id, and stock changes by their reference text.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { PageGuard, readAllPages } from '../logic/paging';
import { referencesOf } from '../logic/stockReference';
import { PAGE_SIZE, PRODUCT_SIZES, STOCK_CHANGES, WAREHOUSES } from '../queries';
import { centraGraphql, type CentraCredentials } from '../transport';

export interface ProductSize {
	id: number;
	SKU: string;
	EAN: string | null;
}

export interface Warehouse {
	id: number;
	name: string;
	externalId: string | null;
}

export interface StockChangeNode {
	id: number;
	createdAt: string;
	comment: string;
	type: string;
	warehouse: { id: number; name: string };
	lines: Array<{
		id: number;
		deliveredQuantity: number;
		productSize: { id: number; SKU: string; EAN: string | null };
	}>;
}

export { REFERENCE_SEPARATOR, referencesOf } from '../logic/stockReference';

export class CentraLookups {
	private readonly sizes = new Map<string, ProductSize>();
	private warehouses: Warehouse[] | undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly credentials: CentraCredentials,
	) {}

	async productSize(code: string, itemIndex: number): Promise<ProductSize> {
		const key = code.trim();
		if (!key)
			throw new NodeOperationError(this.context.getNode(), '"SKU or EAN" is empty', { itemIndex });
		const cached = this.sizes.get(key);
		if (cached) return cached;
		for (const where of [{ SKU: { equals: key } }, { EAN: { equals: key } }]) {
			const data = await centraGraphql<{ productSizes: ProductSize[] }>(
				this.context,
				this.credentials,
				{
					operation: 'Find Product Size',
					itemIndex,
					query: PRODUCT_SIZES,
					variables: { where },
					idempotent: true,
				},
			);
			if (data.productSizes.length > 0) {
				this.sizes.set(key, data.productSizes[0]);
				return data.productSizes[0];
			}
		}
		throw new NodeOperationError(
			this.context.getNode(),
			`No product size with SKU or EAN "${key}" in Centra`,
			{ itemIndex },
		);
	}

	async warehouse(value: string | number, itemIndex: number, field: string): Promise<Warehouse> {
		const text = String(value ?? '').trim();
		if (!text)
			throw new NodeOperationError(this.context.getNode(), `"${field}" is empty`, { itemIndex });
		if (!this.warehouses) {
			this.warehouses = await readAllPages(
				'warehouse',
				PAGE_SIZE,
				async (page) =>
					(
						await centraGraphql<{ warehouses: Warehouse[] }>(this.context, this.credentials, {
							operation: 'List Warehouses',
							itemIndex,
							query: WAREHOUSES,
							variables: { page },
							idempotent: true,
						})
					).warehouses,
				(w) => w.id,
			);
		}
		const found = this.warehouses.find(
			(w) =>
				String(w.id) === text ||
				w.name.toLowerCase() === text.toLowerCase() ||
				(w.externalId ?? '').toLowerCase() === text.toLowerCase(),
		);
		if (!found)
			throw new NodeOperationError(
				this.context.getNode(),
				`${field}: no warehouse "${text}" in Centra (known: ${this.warehouses.map((w) => w.name).join(', ')})`,
				{ itemIndex },
			);
		return found;
	}

	/**
	 * The warehouse a warehouse field names: a version 1 dropdown's name, or the value of a
	 * version 2 resource locator (an id from the list, an id, or a name).
	 */
	async warehouseOf(parameter: string, itemIndex: number, field: string): Promise<Warehouse> {
		const value = this.context.getNodeParameter(parameter, itemIndex, undefined, {
			extractValue: true,
		}) as string;
		return await this.warehouse(value, itemIndex, field);
	}

	/**
	 * Stock changes that carry `reference`: their comment is the reference, or a batched change's
	 * comment lists it among the references of its units (helpers/moveOnce.ts). Centra filters by
	 * `contains`; the exact match per listed reference is made here, so "u1" never matches "u10".
	 */
	async stockChangesByReference(reference: string, itemIndex: number): Promise<StockChangeNode[]> {
		const found = await this.stockChanges(
			{ comment: { contains: reference } },
			itemIndex,
			Number.POSITIVE_INFINITY,
		);
		return found.filter((c) => referencesOf(c.comment).includes(reference));
	}

	async stockChanges(
		where: IDataObject,
		itemIndex: number,
		limit: number,
	): Promise<StockChangeNode[]> {
		const found: StockChangeNode[] = [];
		const guard = new PageGuard('stock change');
		let after: string | undefined;
		do {
			if (after) guard.check(after);
			const data = await centraGraphql<{
				stockChangeConnection: {
					pageInfo: { hasNextPage: boolean; endCursor: string | null };
					edges: Array<{ node: StockChangeNode }>;
				};
			}>(this.context, this.credentials, {
				operation: 'Find Stock Movements',
				itemIndex,
				query: STOCK_CHANGES,
				variables: { where, first: PAGE_SIZE, ...(after ? { after } : {}) },
				idempotent: true,
			});
			const connection = data.stockChangeConnection;
			found.push(...connection.edges.map((edge) => edge.node));
			after =
				connection.pageInfo.hasNextPage && connection.pageInfo.endCursor
					? connection.pageInfo.endCursor
					: undefined;
		} while (after && found.length < limit);
		return found.slice(0, limit);
	}
}
