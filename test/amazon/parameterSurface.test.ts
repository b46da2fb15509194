/**
 * The Amazon node's parameter surface, per node version, resource and operation (the rule and
 * why it matters: test/shared/parameterSurface.ts).
 */
import { AmazonSellerCentral } from '../../nodes/AmazonSellerCentral/AmazonSellerCentral.node';
import { parameterSurfaceTests } from '../shared/parameterSurface';

const description = new AmazonSellerCentral().description;

describe('Amazon parameter surface', () => {
	it('has versions 1 and 2, 2 for new nodes', () => {
		expect({ version: description.version, defaultVersion: description.defaultVersion }).toEqual({
			version: [1, 2],
			defaultVersion: 2,
		});
	});

	parameterSurfaceTests(description);
});
