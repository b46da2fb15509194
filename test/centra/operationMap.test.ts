/**
 * The typed operation map (nodes/Centra/actions/node.type.ts) ties the dropdowns to the router:
 * the type-check (`tsc -p tsconfig.test.json`, part of `npm test`) refuses each line marked
 * @ts-expect-error below if it ever compiles, so these are failing cases kept as proof.
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import {
	operationProperty,
	resourceProperty,
} from '../../nodes/Centra/actions/common.descriptions';
import type { CentraOperationKey } from '../../nodes/Centra/actions/node.type';

const STOCK = {
	findMovements: { name: 'Find Movements' },
	getLevels: { name: 'Get Levels' },
	move: { name: 'Move' },
};

describe('Centra operation map', () => {
	it('an Operation dropdown lists exactly the operations of its resource', () => {
		const ok = operationProperty('stock', 'move', STOCK);
		expect((ok.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'findMovements',
			'getLevels',
			'move',
		]);
		// @ts-expect-error an operation the map does not have
		operationProperty('stock', 'move', { ...STOCK, teleport: { name: 'Teleport' } });
		// @ts-expect-error an operation of the map without an entry
		operationProperty('stock', 'move', { findMovements: STOCK.findMovements, move: STOCK.move });
		// @ts-expect-error a default that is another resource's operation
		operationProperty('stock', 'route', STOCK);
	});

	it('the Resource dropdown lists exactly the resources', () => {
		const resources = {
			disposition: { name: 'Disposition' },
			order: { name: 'Order' },
			return: { name: 'Return' },
			setup: { name: 'Setup' },
			stock: { name: 'Stock' },
		};
		expect(resourceProperty('stock', resources).options).toHaveLength(5);
		// @ts-expect-error a resource the map does not have
		resourceProperty('stock', { ...resources, invoice: { name: 'Invoice' } });
	});

	it('router keys are resource.operation pairs of the map', () => {
		const key: CentraOperationKey = 'stock.move';
		expect(key).toBe('stock.move');
		// @ts-expect-error an operation under the wrong resource
		const wrong: CentraOperationKey = 'stock.route';
		expect(wrong).toBe('stock.route');
	});
});
