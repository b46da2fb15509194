/** Loading templates as an analyst would use them, and the Data Tables their setup notes ask for. */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type { DataTableColumnType } from 'n8n-workflow';
// The narrow modules, not the harness index: loading the templates needs no execution engine.
import { claimsOf } from './claims';
import { InMemoryDataTables } from './dataTables';
import { registerInstanceWorkflows } from './instanceWorkflows';
import type { WorkflowJson } from './runWorkflow';

export type Template = WorkflowJson & { id: string };

const DIR = resolve(__dirname, '..', 'workflows-templates');

export function loadTemplate(file: string): Template {
	return JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Template;
}

/** The one settings source every template calls through its Settings node. */
export const SETTINGS_FILE = '00-returns-settings.json';
export const SETTINGS_WORKFLOW_ID = loadTemplate(SETTINGS_FILE).id;
/** The node of the settings workflow that holds the values. */
export const SETTINGS_VALUES_NODE = 'Returns settings';

type Assignment = { name: string; value: unknown; type: string };

function assignmentsOf(workflow: Template): Assignment[] {
	const node = workflow.nodes.find((n) => n.name === SETTINGS_VALUES_NODE);
	if (!node) throw new Error(`${workflow.name} has no "${SETTINGS_VALUES_NODE}" node`);
	return (node.parameters.assignments as { assignments: Assignment[] }).assignments;
}

/** The settings as shipped: name to value (objects parsed). */
export function shippedSettings(): Record<string, unknown> {
	return Object.fromEntries(
		assignmentsOf(loadTemplate(SETTINGS_FILE)).map((a) => [
			a.name.replace(/^settings\./, ''),
			a.type === 'object' ? JSON.parse(String(a.value)) : a.value,
		]),
	);
}

/** Names the per-template Settings nodes used before the settings source, read as their successors. */
function currentName(name: string, value: unknown): [string, unknown] {
	if (name === 'olderThanMinutes') return ['replayAfterMinutes', value];
	if (name === 'refundAtFirstScan') return ['storefrontRefundAt', value ? 'first-scan' : 'receipt'];
	if (name === 'zeroValueExchange')
		return ['exchangeOrderPricing', value ? 'zeroValue' : 'discount'];
	return [name, value];
}

/**
 * The settings workflow with some values changed, as an analyst edits it after import: the shipped
 * one, or `base` (another variant's 00).
 */
export function settingsWorkflow(
	values: Record<string, unknown> = {},
	base: Template = loadTemplate(SETTINGS_FILE),
): Template {
	const copy = JSON.parse(JSON.stringify(base)) as Template;
	const assignments = assignmentsOf(copy);
	for (const [given, raw] of Object.entries(values)) {
		const [name, value] = currentName(given, raw);
		const assignment = assignments.find((a) => a.name === `settings.${name}`);
		if (!assignment) throw new Error(`The settings source has no setting "${given}"`);
		assignment.value =
			assignment.type === 'object' && typeof value !== 'string' ? JSON.stringify(value) : value;
	}
	return copy;
}

/**
 * The template calling a settings workflow with these values instead of the shipped one: its
 * Settings node carries the edited settings workflow inline ("Define Below"), so tests can give
 * two templates different settings in one run without touching the shared one.
 */
export function withSettings(json: Template, values: Record<string, unknown>): Template {
	const copy = JSON.parse(JSON.stringify(json)) as Template;
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	if (!settings || settings.type !== 'n8n-nodes-base.executeWorkflow')
		throw new Error(`${json.name} has no Settings node calling the settings source`);
	settings.parameters = {
		...settings.parameters,
		source: 'parameter',
		workflowJson: JSON.stringify(settingsWorkflow(values)),
	};
	delete settings.parameters.workflowId;
	return copy;
}

/** A setting left out of 00 altogether, as in a 00 saved before the setting existed. */
export const ABSENT_SETTING = Symbol('absent setting');

/**
 * A template given settings with `withSettings`, with one setting of its inline 00 then set to any
 * value, typed as the editor types it (a number, else text), or left out (`ABSENT_SETTING`): what
 * an analyst's mistyped edit or an older saved 00 hands the template. Returns the shipped value.
 */
export function withRawSetting(template: Template, name: string, value: unknown): unknown {
	const settings = template.nodes.find((n) => n.name === 'Settings');
	if (settings?.parameters.source !== 'parameter')
		throw new Error(`${template.name}: give it its settings with withSettings first`);
	const source = JSON.parse(String(settings.parameters.workflowJson)) as Template;
	const list = assignmentsOf(source);
	const index = list.findIndex((a) => a.name === `settings.${name}`);
	if (index < 0) throw new Error(`The settings source has no setting "${name}"`);
	const shipped = list[index].value;
	if (value === ABSENT_SETTING) list.splice(index, 1);
	else
		list[index] = {
			...list[index],
			value,
			type: typeof value === 'number' ? 'number' : 'string',
		};
	settings.parameters.workflowJson = JSON.stringify(source);
	return shipped;
}

/** Every template as shipped, by id, as `n8n import:workflow` puts them into an instance. */
export function allTemplates(): Record<string, Template> {
	return Object.fromEntries(
		readdirSync(DIR)
			.filter((f) => f.endsWith('.json'))
			.map((f) => loadTemplate(f))
			.map((t) => [t.id, t]),
	);
}

registerInstanceWorkflows(Object.values(allTemplates()));

/** A column of the templates' Data Tables and its n8n column type. */
export interface TemplateColumn {
	name: string;
	type: DataTableColumnType;
}

/** Template 14, which creates the three Data Tables: the one source of their columns and types. */
export const SETUP_TABLES_FILE = '14-data-tables-setup.json';

/**
 * A table's columns as template 14 creates them (its Data Table node of that name): numbers sort as
 * numbers (ageDays 99 before 101) and dates as dates. `amount` stays text: the money at stake per
 * currency ("12.50 EUR, 3.00 USD"), never added across currencies.
 */
export function tableColumns(table: string): TemplateColumn[] {
	const node = loadTemplate(SETUP_TABLES_FILE).nodes.find(
		(n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.tableName === table,
	);
	if (!node) throw new Error(`${SETUP_TABLES_FILE} creates no Data Table "${table}"`);
	return (node.parameters.columns as unknown as { column: TemplateColumn[] }).column.map((c) => ({
		...c,
	}));
}

export const LEDGER_COLUMNS = tableColumns('Returns Event Ledger');
export const REGISTER_COLUMNS = tableColumns('Exception Register');
export const RECEIPT_COLUMNS = tableColumns('Warehouse Receipts');

/**
 * The three Data Tables as template 14 creates them (numbers, dates): the harness refuses what n8n
 * refuses ('' in a date column) and reads dates back as Date objects as n8n does. `typed: false`
 * keeps every column text, the layout made by hand before template 14 existed (an older instance
 * that never ran template 14). `without` leaves those columns out (tables made before a column
 * was added).
 */
export function templateTables(
	options: { typed?: boolean; without?: readonly string[] } = {},
): InMemoryDataTables {
	const tables = new InMemoryDataTables();
	const typed = options.typed ?? true;
	const without = options.without ?? [];
	const columns = (list: TemplateColumn[]) =>
		list
			.filter((c) => !without.includes(c.name))
			.map((c) => (typed ? c : { name: c.name, type: 'string' as const }));
	tables.create('Returns Event Ledger', columns(LEDGER_COLUMNS));
	tables.create('Exception Register', columns(REGISTER_COLUMNS));
	tables.create('Warehouse Receipts', columns(RECEIPT_COLUMNS));
	return tables;
}

/**
 * The template with its atomic claims switched off: each claim row goes back to an upsert by the
 * key (update, else insert, the guard the templates used before) and the execution proceeds without
 * checking that it owns the earliest claim. Tests use it to show that the concurrency tests can fail.
 */
export function withoutClaim(json: Template): Template {
	const copy = JSON.parse(JSON.stringify(json)) as Template;
	const claims = claimsOf(copy.nodes);
	if (claims.length === 0) throw new Error(`${json.name} has no claim to switch off`);
	for (const { check, insert: record } of claims) {
		const earliest = Object.entries(copy.connections).find(([, outputs]) =>
			outputs.main?.[0]?.some((c) => c.node === check),
		)![0];
		const claimed = copy.connections[check].main[0]![0].node;
		const recordNode = copy.nodes.find((n) => n.name === record)!;
		const earliestNode = copy.nodes.find((n) => n.name === earliest)!;
		recordNode.parameters = {
			...recordNode.parameters,
			operation: 'upsert',
			matchType: 'allConditions',
			filters: earliestNode.parameters.filters,
		};
		copy.connections[record] = { main: [[{ node: claimed, type: 'main', index: 0 }]] };
	}
	return copy;
}

/**
 * A stand-in for the workflow a template's Execute Workflow node calls (by the id in that node),
 * whose only node is a passthrough trigger: the caller runs as shipped without the callee's work
 * (e.g. 07 without a fresh 04 run, when a test seeds the register itself).
 */
export function calledWorkflowStub(
	template: Template,
	callerNode: string,
	triggerName: string,
): Template {
	const caller = template.nodes.find((n) => n.name === callerNode);
	if (!caller) throw new Error(`${template.name} has no node "${callerNode}"`);
	const id = (caller.parameters.workflowId as { value: string }).value;
	return {
		id,
		name: `stub of ${id}`,
		nodes: [
			{
				id: 'stub',
				name: triggerName,
				type: 'n8n-nodes-base.executeWorkflowTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: { inputSource: 'passthrough' },
			},
		],
		connections: {},
	};
}

/**
 * Template 07 as shipped, and the workflows it calls with its fresh nightly run (04) stood in for:
 * for the close-pack tests, which seed the register and the vendors themselves.
 */
export function monthEndCloseWithoutNightly(): {
	template: Template;
	workflows: Record<string, Template>;
} {
	const template = loadTemplate('07-month-end-close.json');
	const nightly = calledWorkflowStub(template, 'Fresh reconciliation', 'When called by month-end');
	return { template, workflows: { [nightly.id]: nightly } };
}
