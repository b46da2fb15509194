/**
 * Every GraphQL document the Centra node can send (queries.ts, the credential test, the warehouse
 * dropdown) is valid against the contract file taken from Centra's schema pages; an invented
 * field is not; the node's Check Setup list equals what the documents rely on.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, validate } from 'graphql';
import { CentraApi } from '../../credentials/CentraApi.credentials';
import {
	CENTRA_CONTRACT_NAMES,
	CENTRA_PERMISSIONS,
	CENTRA_PERMISSIONS_BY_DOCUMENT,
} from '../../nodes/Centra/contract';
import * as queries from '../../nodes/Centra/queries';
import { CENTRA_DOCUMENTS, ORDER_BY_NUMBER, WAREHOUSES } from '../../nodes/Centra/queries';
import {
	centraSchema,
	contractModule,
	deriveContract,
	withPermissions,
} from '../../contracts/centraContract';

const schema = centraSchema();
const DOC = join(__dirname, '../../docs/nodes/centra.md');
const errorsOf = (text: string) => validate(schema, parse(text)).map((e) => e.message);

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

describe('Centra contract', () => {
	it.each(Object.entries(CENTRA_DOCUMENTS))('%s is valid against the contract', (_, text) => {
		expect(errorsOf(text)).toEqual([]);
	});

	it('the credential test query is valid against the contract', () => {
		const body = new CentraApi().test.request.body as { query: string };
		expect(errorsOf(body.query)).toEqual([]);
	});

	it('the warehouse dropdown sends the listed WAREHOUSES document', () => {
		const source = readFileSync(join(__dirname, '../../nodes/Centra/loadOptions.ts'), 'utf8');
		expect(source).toMatch(/query: WAREHOUSES/);
		expect(errorsOf(WAREHOUSES)).toEqual([]);
	});

	it('lists every document queries.ts exports, and no node file writes GraphQL of its own', () => {
		const exported = Object.entries(queries)
			.filter(([, v]) => typeof v === 'string' && /^\s*(query|mutation)\b/.test(v))
			.map(([k]) => k)
			.sort();
		expect(exported).toEqual(Object.keys(CENTRA_DOCUMENTS).sort());
		const inline = filesUnder(join(__dirname, '../../nodes/Centra'))
			.filter((f) => f.endsWith('.ts') && !f.endsWith('queries.ts'))
			.filter((f) => /[`'"]\s*(query|mutation)\s+[A-Z]\w*\s*[({]/.test(readFileSync(f, 'utf8')));
		expect(inline).toEqual([]);
	});

	it('fails for a field Centra lacks (ReturnTotals.grandTotal, ReturnLine.taxPercent, a DTC field without its fragment)', () => {
		expect(
			errorsOf(
				'query { returns { ... on DirectToConsumerReturn { totals { grandTotal { value } } } } }',
			),
		).toEqual(['Cannot query field "grandTotal" on type "ReturnTotals".']);
		expect(
			errorsOf('query { returns { ... on DirectToConsumerReturn { lines { taxPercent } } } }'),
		).toEqual(['Cannot query field "taxPercent" on type "ReturnLine".']);
		expect(errorsOf('query { orders { customer { email } } }')[0]).toContain(
			'Cannot query field "customer" on type "Order".',
		);
		expect(
			errorsOf(ORDER_BY_NUMBER.replace('isShipped', 'isShipped shippingValue { value }')),
		).toEqual(['Cannot query field "shippingValue" on type "DirectToConsumerShipment".']);
	});

	it('Check Setup and the permission docs list exactly what the documents rely on', async () => {
		const derived = deriveContract(schema, CENTRA_DOCUMENTS as Record<string, string>);
		if (process.env.CENTRA_CONTRACT_WRITE === '1') {
			const path = join(__dirname, '../../nodes/Centra/contract.ts');
			const next = contractModule(derived);
			const prettier = await import('prettier');
			const options = (await prettier.resolveConfig(path)) ?? {};
			writeFileSync(path, await prettier.format(next, { ...options, filepath: path }));
			writeFileSync(DOC, withPermissions(readFileSync(DOC, 'utf8'), derived));
			return;
		}
		expect(readFileSync(DOC, 'utf8')).toBe(withPermissions(readFileSync(DOC, 'utf8'), derived));
		expect([...CENTRA_CONTRACT_NAMES]).toEqual(derived.names);
		expect([...CENTRA_PERMISSIONS]).toEqual(derived.permissions);
		expect(CENTRA_PERMISSIONS_BY_DOCUMENT).toEqual(derived.permissionsByDocument);
	});
});
