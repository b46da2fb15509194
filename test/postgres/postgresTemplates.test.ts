/**
 * The Postgres variant is generated from the Data Table templates: the committed files must be the
 * generator's output (run `npm run templates:postgres` after changing a template), every Data Table
 * node is mapped, and an operation or condition without a mapping stops the generator. A write
 * whose rows no node reads gives back a count instead of the rows.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import {
	POSTGRES_DIR,
	STORE_CHECK_NODE,
	dataTableTemplates,
	postgresDdl,
	postgresTemplates,
	postgresVariant,
	unreadWrites,
} from '../../scripts/postgresTemplates';
import { poolKeysSql } from '../../scripts/poolKeys';
import { COPY_FILE } from '../../scripts/postgresCopyTemplate';
import { loadTemplate, type Template } from '../../harness/templateFiles';
import { readPostgresTemplate } from './ledgerPostgres';

describe('the Postgres templates', () => {
	const generated = postgresTemplates();

	it('are committed as the generator writes them', () => {
		expect(readdirSync(POSTGRES_DIR).sort()).toEqual(Object.keys(generated).sort());
		for (const [file, text] of Object.entries(generated))
			expect({ file, text: readFileSync(resolve(POSTGRES_DIR, file), 'utf8') }).toEqual({
				file,
				text,
			});
	});

	it('hold no Data Table node (15 only reads them), pass values only as query parameters, and check the store after Settings', () => {
		for (const [file, text] of Object.entries(generated)) {
			const workflow = JSON.parse(text) as {
				nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
				connections: Record<string, { main: Array<Array<{ node: string }>> }>;
			};
			// Only the copy from a Data Table install reads Data Tables, and never writes them.
			expect({
				file,
				dataTables: workflow.nodes.filter(
					(n) =>
						n.type.endsWith('.dataTable') &&
						(file !== COPY_FILE || n.parameters.operation !== 'get'),
				),
			}).toEqual({ file, dataTables: [] });
			for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.postgres'))
				// An expression inside the SQL would splice a value into it.
				expect({
					file,
					node: node.name,
					spliced: String(node.parameters.query).includes('{{'),
				}).toEqual({ file, node: node.name, spliced: false });
			if (workflow.nodes.some((n) => n.name === 'Settings'))
				expect(workflow.connections.Settings.main[0].map((c) => c.node)).toEqual([
					STORE_CHECK_NODE,
				]);
		}
	});

	it('the templates guide shows the DDL the setup template runs', () => {
		const guide = readFileSync(resolve(__dirname, '../../docs/templates/data-tables.md'), 'utf8');
		expect(guide).toContain(postgresDdl());
	});

	it('the generator stops on a Data Table operation or condition it cannot map', () => {
		const [file, intake] = dataTableTemplates().find(([f]) => f.startsWith('01-'))!;
		const templates = dataTableTemplates().map(([, t]) => t);
		const withCondition = JSON.parse(JSON.stringify(intake)) as typeof intake;
		const read = withCondition.nodes.find((n) => n.name === 'Earliest claim of this event')!;
		(
			read.parameters.filters as { conditions: Array<{ condition: string }> }
		).conditions[0].condition = 'isTrue';
		expect(() => postgresVariant(file, withCondition, templates)).toThrow(
			/Earliest claim of this event.*filter condition "isTrue"/,
		);
		const withOperation = JSON.parse(JSON.stringify(intake)) as typeof intake;
		withOperation.nodes.find((n) => n.name === 'Drop the repeated claim')!.parameters.operation =
			'count';
		expect(() => postgresVariant(file, withOperation, templates)).toThrow(
			/Drop the repeated claim.*operation "count"/,
		);
	});
	describe('writes whose rows no node reads', () => {
		const [file, nightly] = dataTableTemplates().find(([f]) => f.startsWith('04-'))!;
		const templates = dataTableTemplates().map(([, t]) => t);
		const copy = () => JSON.parse(JSON.stringify(nightly)) as typeof nightly;
		const POOL_AND_KEYS = [
			'Pool: ledger, no order',
			'Pool: ledger, Amazon',
			'Pool: receipts, no order',
			'Pool: receipts, Amazon',
			'Ledger: write order key',
			'Receipts: write order key',
		];

		it("are 04's pool marking and order-key writes, and nothing in the other templates", () => {
			expect([...unreadWrites(nightly)].sort()).toEqual([...POOL_AND_KEYS].sort());
			for (const [other, workflow] of dataTableTemplates())
				if (other !== file)
					expect({ other, unread: [...unreadWrites(workflow)] }).toEqual({ other, unread: [] });
			const variant = postgresVariant(file, nightly, templates);
			for (const name of POOL_AND_KEYS.filter((n) => !n.startsWith('Pool: ')))
				expect(String(variant.nodes.find((n) => n.name === name)!.parameters.query)).toMatch(
					/returning id\) select count\(\*\)::int as "rowsWritten" from written$/,
				);
		});

		it("the Postgres variant's pool marking is the scaling guide's SQL, which keys what it can: one step, where the four were", () => {
			const variant = postgresVariant(file, nightly, templates);
			const pool = variant.nodes.filter((n) => n.name.startsWith('Pool: '));
			expect(pool.map((n) => n.name)).toEqual(['Pool: key by order']);
			expect(String(pool[0].parameters.query)).toContain(poolKeysSql().trim());
			expect(pool[0].parameters.options).toEqual({ queryBatching: 'single' });
			const into = Object.entries(variant.connections).flatMap(([from, c]) =>
				c.main.flatMap((out, i) =>
					(out ?? []).filter((x) => x.node === pool[0].name).map(() => `${from} ${i}`),
				),
			);
			expect(into).toEqual(['Which part of the night? 1']);
			expect(variant.connections[pool[0].name].main[0]?.map((c) => c.node)).toEqual([
				'Night parts',
			]);
			// After the keeps: the parent's branches run top to bottom, and the keeps' are above.
			const y = pool[0].position[1];
			for (const keep of ['Amazon refunds', 'Centra stock movements'])
				expect(variant.nodes.find((n) => n.name === keep)!.position[1]).toBeLessThan(y);
			// A marking outside one chain of steps run once is not rewritten silently.
			const apart = copy();
			delete apart.nodes.find((n) => n.name === 'Pool: receipts, no order')!.executeOnce;
			expect(() => postgresVariant(file, apart, templates)).toThrow(/pool marking/);
		});

		it('keep their rows when a node they feed reads its input, a node after them resolves a paired item, something names them, or they may output nothing', () => {
			const readsInput = copy();
			readsInput.nodes.find((n) => n.name === 'Night parts')!.parameters.note = '={{ $json.id }}';
			expect(unreadWrites(readsInput).has('Pool: receipts, Amazon')).toBe(false);
			const named = copy();
			named.nodes.find((n) => n.name === 'Unlinked part')!.parameters.note =
				"={{ $('Receipts: write order key').all().length }}";
			expect(unreadWrites(named).has('Receipts: write order key')).toBe(false);
			const notOnce = copy();
			delete notOnce.nodes.find((n) => n.name === 'Receipt keys')!.executeOnce;
			expect(unreadWrites(notOnce).has('Ledger: write order key')).toBe(false);
			const pairsBack = copy();
			pairsBack.nodes.find((n) => n.name === 'Run the unlinked rows')!.parameters.note =
				"={{ $('Settings').item.json.settings }}";
			expect(unreadWrites(pairsBack).has('Receipts: write order key')).toBe(false);
			const mayBeEmpty = copy();
			delete mayBeEmpty.nodes.find((n) => n.name === 'Pool: ledger, Amazon')!.alwaysOutputData;
			expect(unreadWrites(mayBeEmpty).has('Pool: ledger, Amazon')).toBe(false);
			// Each change leaves the other writes as they were.
			expect(unreadWrites(mayBeEmpty).size).toBe(POOL_AND_KEYS.length - 1);
		});
	});
});

describe("04's keeps in the Postgres variant", () => {
	const shipped = readPostgresTemplate('04-nightly-reconciliation.json');
	const vendorNodes = (w: Template) =>
		w.nodes.filter((n) => /\.(centra|amazonSellerCentral|happyReturns)$/.test(n.type));
	// An expression reading a node's whole output copies it into n8n's expression isolate (128 MB as
	// n8n ships it): a vendor listing grows with the night's window and at 100,000 returns did not fit.
	const wholeReads = (w: Template) =>
		w.nodes.flatMap((n) =>
			vendorNodes(w)
				.filter((v) => JSON.stringify(n.parameters).includes(`$('${v.name}').all()`))
				.map((v) => `${n.name} reads ${v.name}`),
		);

	it('read no vendor listing whole in an expression: the ledger keeps each record once by its unique event id', () => {
		expect(vendorNodes(shipped).length).toBeGreaterThan(0);
		expect(wholeReads(shipped)).toEqual([]);
		for (const [source, keep] of [
			['Centra stock movements', 'Keep stock movements'],
			['Amazon refunds', 'Keep Amazon refunds'],
		]) {
			// Straight to the keep, which names each record's event id (no node holds a copy of the window).
			expect(shipped.connections[source].main?.[0]?.map((c) => c.node)).toEqual([keep]);
			// No node reads what a keep wrote: it gives back a count, so the night's parent does not
			// hold each kept record a second time.
			expect(shipped.connections[keep]).toBeUndefined();
			const query = String(shipped.nodes.find((n) => n.name === keep)!.parameters.query);
			expect(query).toMatch(
				/on conflict \(event_id\) do nothing returning id\) select count\(\*\)::int as "rowsWritten" from written$/,
			);
		}
	});

	it('the Data Table template is the one read whole (its own table size is the lower limit there)', () => {
		const dataTable = loadTemplate('04-nightly-reconciliation.json');
		expect(wholeReads(dataTable).sort()).toEqual([
			'New Amazon refunds reads Amazon refunds',
			'New stock movements reads Centra stock movements',
		]);
	});
});
