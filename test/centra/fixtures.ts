/**
 * What the Centra node suites share: the node run through the harness against a Centra sandbox,
 * and the shipped order most of them start from.
 */
import { executeNode, toItems } from '../../harness';
import { addShippedOrder, setStock, warehouse } from '../../sandbox/centra/seed';
import type { CentraSandbox } from '../../sandbox/centra/server';

export interface CentraRunOptions {
	/** Another token the sandbox knows (see addToken), instead of its full one. */
	token?: string;
	continueOnFail?: boolean;
	/** Credential fields over the sandbox's (e.g. a custom rate-limit plan). */
	credentials?: object;
}

export async function runCentra(
	centra: CentraSandbox,
	parameters: Record<string, unknown>,
	inputs: object[] = [{}],
	options: CentraRunOptions = {},
) {
	return executeNode({
		type: 'centra',
		parameters: parameters as never,
		inputs: toItems(inputs),
		continueOnFail: options.continueOnFail ?? false,
		credentials: {
			centraApi: {
				url: centra.graphqlUrl,
				token: options.token ?? centra.token,
				orderApiUrl: centra.orderApiUrl,
				orderApiKey: centra.orderApiKey,
				...options.credentials,
			},
		},
		nodeCredentials: { centraApi: 'Centra' },
	});
}

/**
 * Warehouses Main, In transit and B-stock; order 1001 shipped with three TEE-M (49.90, 25 % tax)
 * and a CAP-ONE (15.00) plus 5.00 shipping; three TEE-M in transit and ten in Main.
 */
export function seedShippedOrder(centra: CentraSandbox): void {
	for (const name of ['Main', 'In transit', 'B-stock']) warehouse(centra.state, name);
	addShippedOrder(centra.state, {
		number: 1001,
		lines: [
			{ sku: 'TEE-M', quantity: 3, unitPriceMinor: 4990, taxPercent: 25 },
			{ sku: 'CAP-ONE', quantity: 1, unitPriceMinor: 1500 },
		],
		shippingMinor: 500,
	});
	setStock(centra.state, 'In transit', 'TEE-M', 3);
	setStock(centra.state, 'Main', 'TEE-M', 10);
}

/** Stock: Move of one of the seeded order's TEE-M, returned as ret-1, from In transit to Main. */
export const MOVE_ONE_TEE_TO_MAIN = {
	resource: 'stock',
	operation: 'move',
	direction: 'between',
	fromWarehouse: 'In transit',
	toWarehouse: 'Main',
	sku: 'TEE-M',
	quantity: 1,
	reference: 'HR ret-1 TEE-M u0 processed',
};
