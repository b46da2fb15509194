/**
 * Return Create per unit: Centra cannot add lines to an existing return
 * (https://centra.dev/graphql/mutation.html), so a unit credited after its return's credit note
 * exists gets a further return with an external id derived from the Happy Returns id and the unit.
 * Spec: every unit on exactly one return of the family, redeliveries and concurrent executions
 * included; a unit already on a return is answered with it and nothing is written.
 */
import {
	coverage,
	furtherExternalId,
	happyReturnsIdOf,
	inFamily,
	unitKey,
	unitsOf,
} from '../../nodes/Centra/logic/returnFamily';
import { creditNoteOf, type CentraReturn } from '../../nodes/Centra/logic/creditNote';
import { refundLines } from '../../nodes/Centra/logic/refundLines';
import { startCentraSandbox, type CentraSandbox } from '../../sandbox/centra/server';
import { daysAgo, event, manifest, movement, receipt, types } from '../matcher/fixtures';
import { runCentra, seedShippedOrder } from './fixtures';

describe('return family (pure)', () => {
	it('reads a further return back to its Happy Returns id; a plain id is itself', () => {
		const id = furtherExternalId('HR-1', unitKey({ sku: 'TEE M', unit: '1' }));
		expect(id).toBe('HR-1#unit:TEE%20M.1');
		expect(happyReturnsIdOf(id)).toBe('HR-1');
		expect(happyReturnsIdOf('HR-1')).toBe('HR-1');
		expect(happyReturnsIdOf('')).toBeNull();
		expect(happyReturnsIdOf(null)).toBeNull();
		expect(unitsOf(id, null)).toEqual([{ sku: 'TEE M', unit: '1' }]);
		expect(unitsOf('HR-1', 'Happy Returns HR-1 [units TEE.0 TEE.1]')).toEqual([
			{ sku: 'TEE', unit: '0' },
			{ sku: 'TEE', unit: '1' },
		]);
		expect(unitsOf('HR-1', 'Happy Returns HR-1')).toEqual([]);
	});

	it('the family is the Happy Returns id and its further returns, not an id that merely starts alike', () => {
		expect(inFamily('HR-1', 'HR-1')).toBe(true);
		expect(inFamily('HR-1', 'HR-1#unit:TEE.1')).toBe(true);
		expect(inFamily('HR-1', 'HR-10')).toBe(false);
		expect(inFamily('HR-1', 'HR-10#unit:TEE.1')).toBe(false);
		expect(inFamily('HR-1', null)).toBe(false);
	});

	it('a unit on the first return is covered; a later unit of the same SKU is not', () => {
		const first = { id: 5, externalId: 'HR-1', comment: 'x [units TEE.0]' };
		const c = coverage(
			'HR-1',
			[first],
			[
				{ sku: 'TEE', unit: '0' },
				{ sku: 'TEE', unit: '1' },
			],
		);
		expect(c.coveredBy).toEqual([5, null]);
		expect(c.furtherIds.get(1)).toBe('HR-1#unit:TEE.1');
		expect(c.furtherIds.has(0)).toBe(false);
	});

	it('duplicates of one external id count once (the earliest); an empty family covers nothing', () => {
		const members = [
			{ id: 9, externalId: 'HR-1', comment: '[units TEE.0 TEE.1]' },
			{ id: 5, externalId: 'HR-1', comment: '[units TEE.0]' },
		];
		expect(coverage('HR-1', members, [{ sku: 'TEE', unit: '1' }]).coveredBy).toEqual([null]);
		const empty = coverage('HR-1', [], [{ sku: 'TEE', unit: '0' }]);
		expect(empty.coveredBy).toEqual([null]);
		expect(empty.first).toBeNull();
	});

	it('a first return without a unit list covers a SKU up to its quantity, never more', () => {
		const first = {
			id: 5,
			externalId: 'HR-1',
			comment: null,
			skuQuantities: new Map([['TEE', 1]]),
		};
		const c = coverage(
			'HR-1',
			[first],
			[
				{ sku: 'TEE', unit: '0' },
				{ sku: 'TEE', unit: '1' },
			],
		);
		expect(c.coveredBy).toEqual([5, null]);
	});

	it('a second unit with the same key gets its own further id', () => {
		const first = { id: 5, externalId: 'HR-1', comment: '[units TEE.0]' };
		const c = coverage(
			'HR-1',
			[first],
			[
				{ sku: 'TEE', unit: '0' },
				{ sku: 'TEE', unit: '0' },
			],
		);
		expect(c.coveredBy).toEqual([5, null]);
		expect(c.furtherIds.get(1)).toBe('HR-1#unit:TEE.0~2');
	});
});

describe('Return Create per unit against the sandbox', () => {
	let centra: CentraSandbox;
	beforeEach(async () => {
		centra = await startCentraSandbox();
		seedShippedOrder(centra);
	});
	afterEach(async () => centra.close());

	const create = (units: string[]) => ({
		resource: 'return',
		operation: 'create',
		externalId: 'ret-1',
		orderNumber: '1001',
		lines: JSON.stringify(units.map((unit) => ({ sku: 'TEE-M', quantity: 1, unit }))),
		stockPolicy: 'noRestock',
		returnOptions: { comment: 'Happy Returns ret-1' },
	});
	const family = () =>
		centra.state.returns.filter((r) => r.externalId?.startsWith('ret-1') ?? false);
	const units = () =>
		family().reduce((sum, r) => sum + r.lines.reduce((s, l) => s + l.quantity, 0), 0);

	it('unit 0 on day 1, unit 1 on day 3: two returns, one unit each; redeliveries write nothing', async () => {
		const day1 = await runCentra(centra, create(['0']));
		expect(day1.status).toBe('success');
		const first = day1.outputs[0][0].json;
		expect(first).toMatchObject({
			wrote: true,
			externalId: 'ret-1',
			happyReturnsId: 'ret-1',
			creditedUnits: [{ sku: 'TEE-M', unit: '0' }],
		});
		const day3 = await runCentra(centra, create(['1']));
		const later = day3.outputs[0][0].json;
		expect(later).toMatchObject({
			wrote: true,
			externalId: 'ret-1#unit:TEE-M.1',
			happyReturnsId: 'ret-1',
			quantity: 1,
		});
		expect(later.returnId).not.toBe(first.returnId);
		expect(family()).toHaveLength(2);
		expect(units()).toBe(2);
		// Unit 0 again, then both again: the returns they are on, nothing written.
		const again = await runCentra(centra, create(['0']));
		expect(again.outputs[0].map((i) => [i.json.returnId, i.json.wrote])).toEqual([
			[first.returnId, false],
		]);
		const both = await runCentra(centra, create(['0', '1']));
		expect(both.outputs[0].map((i) => i.json.returnId).sort()).toEqual(
			[first.returnId, later.returnId].sort(),
		);
		expect(both.outputs[0].every((i) => i.json.wrote === false)).toBe(true);
		expect(family()).toHaveLength(2);
		expect(units()).toBe(2);
	});

	it('two units in one execution make one return listing both', async () => {
		const run = await runCentra(centra, create(['0', '1']));
		expect(run.outputs[0]).toHaveLength(1);
		expect(run.outputs[0][0].json).toMatchObject({ wrote: true, quantity: 2 });
		expect(family()).toHaveLength(1);
		expect(family()[0].comment).toBe('Happy Returns ret-1 [units TEE-M.0 TEE-M.1]');
	});

	it('the later unit in three executions at once: one further return', async () => {
		await runCentra(centra, create(['0']));
		centra.holdUntilAll('Returns', 3);
		const runs = await Promise.all([0, 1, 2].map(() => runCentra(centra, create(['1']))));
		expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
		const ids = new Set(runs.map((r) => r.outputs[0][0].json.returnId));
		expect(ids.size).toBe(1);
		expect(family()).toHaveLength(2);
		expect(units()).toBe(2);
	});

	it('unit 0 and unit 1 in two executions at once on an empty family: each unit once', async () => {
		centra.holdUntilAll('Returns', 2);
		const [a, b] = await Promise.all([
			runCentra(centra, create(['0'])),
			runCentra(centra, create(['1'])),
		]);
		expect([a.status, b.status]).toEqual(['success', 'success']);
		expect(units()).toBe(2);
		expect(family()).toHaveLength(2);
		// Whatever the interleaving, the two outputs name the two returns.
		expect(a.outputs[0][0].json.returnId).not.toBe(b.outputs[0][0].json.returnId);
	});

	it('a line with a unit and a quantity other than 1 is refused, naming the entry', async () => {
		const run = await runCentra(
			centra,
			{ ...create([]), lines: '[{ "sku": "TEE-M", "quantity": 2, "unit": "0" }]' },
			[{}],
			{ continueOnFail: true },
		);
		expect(JSON.stringify(run.outputs[0][0].json)).toContain('quantity 1');
		expect(family()).toHaveLength(0);
	});
});

describe('the nightly reconciliation sees a further credit note as the credit of its unit', () => {
	const eur = (value: number) => ({ value, currency: { code: 'EUR' } });
	/** A one-unit credit note of order 1001 / SKU-1 at 50.00, refunded. */
	const note = (id: number, externalId: string, comment: string | null): CentraReturn => ({
		id,
		returnStatus: 'COMPLETED',
		createdAt: daysAgo(39),
		externalId,
		comment,
		returnedToStock: false,
		returnWarehouse: null,
		order: { id: 'o1', number: 1001 },
		shipment: { id: 1, number: '1001-1' },
		grandTotal: eur(50),
		lines: [
			{
				id: id * 10,
				quantity: 1,
				unitPrice: eur(50),
				lineValue: eur(50),
				orderLine: { taxPercent: 25, productSize: { SKU: 'SKU-1', EAN: null } },
			},
		],
		totals: {
			quantity: 1,
			lineValues: eur(50),
			shipping: eur(0),
			handling: eur(0),
			returnCost: eur(0),
			taxIncluded: eur(10),
		},
		refundPaymentHistory: [
			{
				id: id * 100,
				createdAt: daysAgo(39),
				status: 'SUCCESS',
				entryType: 'REFUND',
				value: eur(50),
			},
		],
	});
	const first = note(1, 'HR-1', 'Happy Returns HR-1 [units SKU-1.0]');
	const further = note(2, 'HR-1#unit:SKU-1.1', null);
	const twoUnits = {
		returnEvents: [event(), event({ unit: '1' })],
		manifests: [manifest(), manifest({ unit: '1' })],
		receipts: [receipt({ quantity: 2 })],
		stockMovements: [movement({ quantity: 2 })],
	};

	it('both refund lines name the Happy Returns return and their own refund id', () => {
		const lines = [first, further].flatMap((n) => refundLines(creditNoteOf(n)));
		expect(lines.map((l) => [l.happyReturnsId, l.refundId, l.quantity])).toEqual([
			['HR-1', '1:10', 1],
			['HR-1', '2:20', 1],
		]);
		expect(creditNoteOf(further).units).toEqual([{ sku: 'SKU-1', unit: '1' }]);
	});

	it('two received units and the two credit notes: nothing raised; the first alone: returned, never refunded', () => {
		const lines = (notes: CentraReturn[]) =>
			notes.flatMap((n) => refundLines(creditNoteOf(n)).map((l) => ({ ...l })));
		expect(types({ ...twoUnits, refunds: lines([first, further]) })).toEqual([]);
		expect(types({ ...twoUnits, refunds: lines([first]) })).toEqual(['returned_never_refunded']);
	});
});
