/**
 * A node evaluates its expressions once per item, and in n8n 2.40.7 each `$('Node').first()`,
 * `.last()` or `.all()` copies that node's item(s) whole into the expression isolate
 * (harness/perItemReads.ts says where n8n does so). Read per item, another node's whole output
 * costs items times its size: at ten thousand returns, 04's per-order lookup into its live
 * records stalled a queue-mode worker. So a template builds what its items need once (a node run
 * once, reading each source once, and splitting into one item per thing, each carrying what it
 * needs) and per-item expressions read `$json` and their paired item only.
 *
 * This test finds, in every template and its Postgres variant, each such read evaluated per item
 * (nodes reached by one item per execution set aside) and refuses it unless the node read is one
 * small item whatever the data (BOUNDED_OUTPUTS) or the read is listed here with the reason its
 * count is bounded. The scan is by the expressions' text; the templates hold no Code nodes.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import {
	perItemWholeReads,
	singleItemNodes,
	wholeItemReads,
	type Workflow,
} from '../../harness/perItemReads';

const DIR = resolve(__dirname, '..', '..', 'workflows-templates');
const files = [
	...readdirSync(DIR).filter((f) => f.endsWith('.json')),
	...readdirSync(resolve(DIR, 'postgres'))
		.filter((f) => f.endsWith('.json'))
		.map((f) => `postgres/${f}`),
].sort();

/**
 * Nodes whose output is one small item whatever the data: settings, the run's window, a trigger's
 * item. Any node may read them.
 */
const BOUNDED_OUTPUTS = new Set([
	'Settings',
	'Read window',
	'Close period',
	'Size and archive plan',
	'Every day at 06:00',
	'When called (manual or tests)',
]);

const REGISTER_ROW_ID_FALLBACK =
	'read only when the change names no registerRowId: the matcher names it on every change of a registered exception read with its row id (test/matcher/lifecycleAndRecords.test.ts)';

const ONE_SUMMARY_ITEM =
	"one item per run: the matcher's summary output, which the check cannot tell from its other outputs";
const ONE_PER_SETTLEMENT_REPORT =
	'one item per settlement report listed in the cycle: a handful a month';
const ONE_PER_TIE_OUT =
	'one item per downloaded settlement report (a handful a month), each tie-out written once';
const ONE_PER_PAGE =
	'one item per page copied (its rows are in Postgres, not in the item); the report reads the last page of each table once per table';

/**
 * [template (without the postgres/ folder), reading node, node read, why its count is bounded].
 * An entry covers the Postgres variant too.
 */
const ALLOWED: Array<[string, string, string, string]> = [
	[
		'03-warehouse-processing.json',
		'Units of this return',
		'Claimed receipt',
		'one warehouse receipt per execution: the units of the one receipt this execution claimed',
	],
	[
		'04-nightly-reconciliation.json',
		'Register: refresh open',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'04-nightly-reconciliation.json',
		'Register: close resolved',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'04-nightly-reconciliation.json',
		'Register: reopen',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'05-lost-in-transit.json',
		'Register: refresh open',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'05-lost-in-transit.json',
		'Register: close resolved',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	['05-lost-in-transit.json', 'Register: reopen', 'Register row ids', REGISTER_ROW_ID_FALLBACK],
	[
		'06-stock-movement-monitor.json',
		'Register: refresh open',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'06-stock-movement-monitor.json',
		'Register: close resolved',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'06-stock-movement-monitor.json',
		'Register: reopen',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: refresh open',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: reopen',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: clear what the data no longer shows',
		'Register row ids',
		REGISTER_ROW_ID_FALLBACK,
	],
	['04-nightly-reconciliation.json', 'Mark the run complete', 'Live orders', ONE_SUMMARY_ITEM],
	[
		'04-nightly-reconciliation.json',
		'Mark the run complete',
		'Run each partition',
		ONE_SUMMARY_ITEM,
	],
	[
		'04-nightly-reconciliation.json',
		'Mark the run complete',
		'Run the unlinked rows',
		ONE_SUMMARY_ITEM,
	],
	['04-nightly-reconciliation.json', 'Mark the run complete', 'Run the box step', ONE_SUMMARY_ITEM],
	['05-lost-in-transit.json', 'Mark the run complete', 'Open boxes', ONE_SUMMARY_ITEM],
	['06-stock-movement-monitor.json', 'Mark the run complete', 'Units in scope', ONE_SUMMARY_ITEM],
	[
		'10-amazon-settlement-cycle.json',
		'New, or asked for again',
		'Settlement rows of the ledger',
		ONE_PER_SETTLEMENT_REPORT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Asked for again?',
		'Settlement rows of the ledger',
		ONE_PER_SETTLEMENT_REPORT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: tie-out cleared',
		'Register row ids',
		ONE_PER_TIE_OUT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Tie-out not registered?',
		'Register row ids',
		ONE_PER_TIE_OUT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: tie-out difference',
		'Exception register',
		ONE_PER_TIE_OUT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: tie-out difference again',
		'Register row ids',
		ONE_PER_TIE_OUT,
	],
	[
		'10-amazon-settlement-cycle.json',
		'Register: tie-out difference again',
		'Exception register',
		ONE_PER_TIE_OUT,
	],
	[
		'15-copy-data-tables-to-postgres.json',
		'Copy report',
		'Copy a page of Returns Event Ledger',
		ONE_PER_PAGE,
	],
	[
		'15-copy-data-tables-to-postgres.json',
		'Copy report',
		'Copy a page of Warehouse Receipts',
		ONE_PER_PAGE,
	],
	[
		'15-copy-data-tables-to-postgres.json',
		'Copy report',
		'Copy a page of Exception Register',
		ONE_PER_PAGE,
	],
];

describe('the check itself', () => {
	it("sees every $('Node').first(), .last() and .all(), a keyed read as much as a scan", () => {
		expect(wholeItemReads("={{ $('Rows').all().map(i => i.json) }}")).toEqual([['Rows', 'all()']]);
		expect(wholeItemReads("={{ $('Map').first().json.ids[$json.id] ?? null }}")).toEqual([
			['Map', 'first()'],
		]);
		expect(
			wholeItemReads(
				"={{ $('Rows').last().json.ledger.filter(e => e.id === $('Map').first().json.id) }}",
			),
		).toEqual([
			['Rows', 'last()'],
			['Map', 'first()'],
		]);
		expect(wholeItemReads("={{ $('It\\'s').all().length }}")).toEqual([["It's", 'all()']]);
		expect(wholeItemReads("={{ $json.id + $('Paired').item.json.id }}")).toEqual([]);
	});

	it('counts a node reached by one item as single, and one fed by a many-item node as not', () => {
		const workflow: Workflow = {
			nodes: [
				{ name: 'Every night', type: 'n8n-nodes-base.scheduleTrigger' },
				{ name: 'Rows', type: 'n8n-nodes-base.dataTable', executeOnce: true },
				{ name: 'Map', type: 'n8n-nodes-base.set', executeOnce: true },
				{ name: 'Each row', type: 'n8n-nodes-base.set' },
				{ name: 'Summary', type: 'n8n-nodes-base.set' },
			],
			connections: {
				'Every night': { main: [[{ node: 'Rows' }]] },
				Rows: { main: [[{ node: 'Each row' }, { node: 'Map' }]] },
				Map: { main: [[{ node: 'Summary' }]] },
			},
		};
		expect([...singleItemNodes(workflow)].sort()).toEqual(['Every night', 'Map', 'Summary']);
		workflow.nodes.push({
			name: 'Scan',
			type: 'n8n-nodes-base.if',
			parameters: { value: "={{ $('Rows').all().some(r => r.json.id === $json.id) }}" },
		});
		workflow.connections['Each row'] = { main: [[{ node: 'Scan' }]] };
		expect(perItemWholeReads(workflow, new Set())).toEqual([['Scan', 'Rows', 'all()']]);
		expect(perItemWholeReads(workflow, new Set(['Rows']))).toEqual([]);
	});
});

describe.each(files)('%s', (file) => {
	const workflow = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Workflow;
	const template = file.replace(/^postgres\//, '');
	const allowed = ALLOWED.filter(([t]) => t === template);

	it("reads no other node's items per item of many, but where listed with its bound", () => {
		const reads = perItemWholeReads(workflow, BOUNDED_OUTPUTS).map(
			([reader, read]) => `${reader} reads ${read}`,
		);
		const listed = new Set(allowed.map(([, reader, read]) => `${reader} reads ${read}`));
		expect(reads.filter((r) => !listed.has(r))).toEqual([]);
	});

	it('lists no read the template no longer makes', () => {
		const reads = new Set(
			perItemWholeReads(workflow, BOUNDED_OUTPUTS).map(
				([reader, read]) => `${reader} reads ${read}`,
			),
		);
		expect(
			allowed.map(([, reader, read]) => `${reader} reads ${read}`).filter((r) => !reads.has(r)),
		).toEqual([]);
	});
});
