/**
 * The sandbox serves Centra's schema as the package's contract file records it
 * (contracts/centra.graphql, every type with the Centra page it was taken from), so it
 * cannot accept a field, argument or enum value Centra lacks.
 */
import { CENTRA_SDL } from '../../contracts/centraContract';

export const CENTRA_SCHEMA = CENTRA_SDL;

/**
 * Permission each root field needs: the "Required permission" line of each field on
 * https://centra.dev/graphql/query.html and https://centra.dev/graphql/mutation.html.
 */
export const FIELD_PERMISSIONS: Readonly<Record<string, string>> = {
	orders: 'Order:read',
	returns: 'Return:read',
	productSizes: 'ProductSize:read',
	warehouses: 'Warehouse:read',
	markets: 'Market:read',
	pricelists: 'Pricelist:read',
	stockChangeConnection: 'StockChange:read',
	rateLimits: '',
	changeStock: 'StockChange:write',
	createReturn: 'Return:write',
	completeReturn: 'Return:write',
	refundReturn: 'Return:write',
	deleteReturn: 'Return:write',
	addOrderNote: 'Order:write',
};
