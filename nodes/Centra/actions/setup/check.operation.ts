/**
 * Setup: Check Setup. Confirms on the merchant's own token that every type, field, argument,
 * input field and enum value the node relies on exists (introspection, compared with contract.ts),
 * and that the token holds the read permissions (each read document sent once with a filter that
 * matches nothing: Centra names a missing permission in a top-level error). Write permissions
 * cannot be proven without writing; they are listed for the merchant to tick.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { CENTRA_CONTRACT_NAMES, CENTRA_PERMISSIONS } from '../../contract';
import type { CentraLookups } from '../../helpers/lookups';
import { missingNames, permissionOf, type IntrospectedType } from '../../logic/checkSetup';
import {
	CHECK_SETUP,
	ORDER_BY_NUMBER,
	ORDER_HISTORY,
	PRODUCT_SIZES,
	RATE_LIMITS,
	RETURNS_BY,
	STOCK_CHANGES,
	WAREHOUSE_STOCK,
	WAREHOUSES,
} from '../../queries';
import { centraGraphql } from '../../transport';

export const description: INodeProperties[] = [];

/** Each read document with variables that match nothing (no data is read or changed). */
const DRY_READS: Array<[string, string, IDataObject]> = [
	['Find Product Size', PRODUCT_SIZES, { where: { SKU: { equals: '' } } }],
	['List Warehouses', WAREHOUSES, { page: 1 }],
	['Find Stock Movements', STOCK_CHANGES, { where: { id: [0] }, first: 1 }],
	['Get Stock Levels', WAREHOUSE_STOCK, { sizeIds: [0], page: 1 }],
	['Get Order', ORDER_BY_NUMBER, { number: [0] }],
	['Get Order History', ORDER_HISTORY, { number: [0], page: 1 }],
	['Get Return', RETURNS_BY, { where: { id: [0] } }],
];

export async function execute(
	this: IExecuteFunctions,
	lookups: CentraLookups,
	itemIndex: number,
): Promise<IDataObject> {
	const schema = await centraGraphql<{ __schema: { types: IntrospectedType[] } }>(
		this,
		lookups.credentials,
		{ operation: 'Check Setup', itemIndex, query: CHECK_SETUP, idempotent: true },
	);
	const missing = missingNames(CENTRA_CONTRACT_NAMES, schema.__schema?.types ?? []);
	const missingPermissions = new Set<string>();
	for (const [operation, query, variables] of DRY_READS) {
		try {
			await centraGraphql(this, lookups.credentials, {
				operation,
				itemIndex,
				query,
				variables,
				idempotent: true,
			});
		} catch (error) {
			const message = (error as Error).message;
			const found = [...message.matchAll(/need [A-Za-z.]+:(?:read|write) permission/g)]
				.map((m) => permissionOf(m[0]))
				.filter((p): p is string => p !== undefined);
			if (found.length === 0) missing.push(`${operation} failed: ${message}`);
			for (const permission of found) missingPermissions.add(permission);
		}
	}
	for (const permission of [...missingPermissions].sort())
		missing.push(`The token lacks the ${permission} permission`);
	const limits = await centraGraphql<{ rateLimits: IDataObject[] }>(this, lookups.credentials, {
		operation: 'Rate Limits',
		itemIndex,
		query: RATE_LIMITS,
		idempotent: true,
	});
	return {
		ok: missing.length === 0,
		missing,
		checkedNames: CENTRA_CONTRACT_NAMES.length,
		permissionsNeeded: [...CENTRA_PERMISSIONS],
		writePermissionsToConfirm: CENTRA_PERMISSIONS.filter((p) => p.endsWith(':write')),
		rateLimits: limits.rateLimits,
	};
}
