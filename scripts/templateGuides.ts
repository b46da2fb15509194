/**
 * Setup guides for the workflow templates, one page each under docs/templates/. The facts that
 * can drift (settings and their defaults, nodes, credentials, Data Tables, linked workflows) are
 * read from the template files; the prose below says what the template is for and how to try it.
 */
import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { AMAZON_GUIDES, AMAZON_SETTING_NOTES } from './amazonTemplateGuides';

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { name: string }>;
}
interface TemplateFile {
	id: string;
	name: string;
	nodes: TemplateNode[];
	settings: { errorWorkflow?: string };
}

const TEMPLATE_DIR = resolve(__dirname, '..', 'workflows-templates');
/** The node of 00 Returns settings that holds the values. */
const SETTINGS_VALUES_NODE = 'Returns settings';

export const SETTING_NOTES: Record<string, string> = {
	inTransitWarehouse:
		'Centra warehouse that holds returns between the first scan and warehouse processing (not sellable).',
	dispositionMapping:
		'Disposition code to stock bucket (Centra warehouse); `none` for codes that leave no stock. 03 routes with it, 04, 05 and 06 check with it. Codes without a row are flagged, never guessed.',
	investigateDispositions:
		'Disposition codes that are never credited: the unit goes to investigation (a register row), comma-separated.',
	storefrontRefundAt:
		'When a storefront return gets its credit note and Centra refund: `first-scan` (the Return Bar scan) or `receipt` (warehouse processing). Called `refundAtFirstScan` (on/off) before.',
	exchangeOrderAt:
		'When the replacement order of an exchange is created: `drop-off` (from the Happy Returns exchange event) or `receipt`. Exchanges are never refunded.',
	exchangeOrderPricing:
		'How the replacement order is priced: `zeroValue` (price 0) or `discount` (full price with an equal discount). Called `zeroValueExchange` before, which is still read.',
	amazonMarketplaceIds:
		'Your Amazon marketplaces, comma-separated; used to read the seller order number (your order number) of each Amazon refund.',
	amazonPostingLagHours:
		'Hours an Amazon refund can take to post; inside it an unknown answer is re-checked, never credited.',
	refundsWithoutReturn:
		'Refund kinds expected without a return behind them (`goodwill`, `fba`), comma-separated; they are classified, not raised as orphans.',
	refundedNeverReturnedDays:
		'Days after a refund before missing goods are an exception (Amazon FBA: 45).',
	lostInTransitDays: 'Days after departure from the hub before a box not received counts as lost.',
	missingStockMovementDays:
		'Days after a receipt before a missing Centra stock movement is flagged.',
	returnedNeverRefundedDays:
		'Days after receipt before goods in without a refund are flagged (Amazon asks for 2 business days).',
	financeLagHours: 'Hours Amazon financial events can take to appear; added to every refund wait.',
	lookbackDays: 'How far back refunds, movements and shipments are read each run.',
	replayAfterMinutes:
		'How long an event or receipt may stay unprocessed before it is replayed (called `olderThanMinutes` before).',
	maxAttempts:
		'How many replays an event or receipt gets before it is quarantined in the Exception Register.',
	ledgerRetentionDays:
		'Days a ledger row is kept before template 13 archives it (when its unit is settled). Keep it above lookbackDays and every claim window.',
	ledgerSizeAlertPercent:
		"Share of the Data Table limit (dataTablesMaxBytes) at which template 13 opens a `data_tables_size` register row and alerts; below n8n's own warning at 80%.",
	dataTablesMaxBytes:
		"n8n's Data Table limit for the whole instance: `N8N_DATA_TABLES_MAX_SIZE_BYTES` (200 MB by default in n8n 2.x). Set it to the instance's value.",
	dataTableBytesPerRow:
		'Bytes one Data Table row takes on disk, indexes included, for the size estimate (measured: docs/scaling.md).',
	ledgerArchiveUrl:
		'Where template 13 POSTs each archive file (JSON, header `Idempotency-Key`); empty means nothing is archived or deleted.',
	closeDay:
		'Day of the month the close runs (UTC): `last` (the default) or a day number; a month shorter than that day closes on its last day.',
	asOf: 'The moment ages and windows are measured from; empty means now. Set it to a month end to reconcile as of then.',
	alertWebhookUrl: 'A Slack or Microsoft Teams incoming-webhook URL for alerts; empty sends none.',
	alertSeverities:
		'Which severities of new exceptions alert owners, comma-separated (critical, high, medium, low).',
	closePackWebhookUrl:
		'Where the month-end close pack is delivered (an HTTP endpoint or Slack incoming webhook); empty means the alert webhook.',
	reportTitle: 'Title of the month-end HTML report and message.',
	transitNote: 'Customer-service note added to the order at the first scan (added once).',
	processedNote:
		'Customer-service note added to the order when the warehouse processed the return (added once).',
	...AMAZON_SETTING_NOTES,
};

interface Guide {
	purpose: string;
	tryIt: string;
	safety: string;
}

export const GUIDES: Record<string, Guide> = {
	'00-returns-settings.json': {
		purpose:
			'The one settings source of the returns templates: warehouses, the disposition mapping, channel policies, windows and alert destinations. Every other template (but the error workflow) starts with an Execute Workflow node named **Settings** that calls this workflow and gets its items back with the field `settings` added, so a value changed here changes every template.',
		tryIt:
			'Open *Returns settings*, change a value (for example `inTransitWarehouse`), save, and run any template: its Settings node output shows the new value under `settings`.',
		safety:
			"It only adds the settings to the items it is handed; it writes nothing. Its successful executions are not saved, so the execution list is not filled with one settings call per template run. Why a workflow and not a settings Data Table: the defaults ship with the templates, typed and documented, and one node hands them to a template without replacing its items; a called workflow runs inside the caller's execution, so it works the same in queue mode; after an import through the editor each Settings node is picked once, like every other link (listed in each guide).",
	},
	'01-happy-returns-intake.json': {
		purpose:
			'Receives every Happy Returns webhook (`return.asn`, `return.label.update`, `outbound_shipment.asn`), checks its signature, records each event once in the **Returns Event Ledger** and routes drop-offs to template 02.',
		tryIt:
			"Activate it, copy the trigger's Production URL into Happy Returns' webhook settings (with the signing secret of your credential), then start a return in the Happy Returns sandbox portal and drop it off. The ledger gets one row per event and unit.",
		safety:
			'Each event is claimed before anything else happens: the execution inserts a ledger row, reads back the earliest row of that event id and goes on only if it is its own; a repeated or concurrent delivery removes its row and stops (see *Concurrency* in [the Data Tables guide](data-tables.md)). The trigger emits each milestone of a unit once, in whatever order the notices arrive. If anything after the ledger fails, template 08 replays the event.',
	},
	'02-return-bar-drop-off.json': {
		purpose:
			'At the first Return Bar scan: moves each unit into the in-transit warehouse in Centra, adds the note "Return in transit", and (when credit at first scan is on) creates the credit note with the Happy Returns id. For Amazon orders it never credits in Centra (Amazon is the refund master): it records the three-valued answer of Amazon (refunded, not refunded, not yet known inside the posting lag) in the ledger, and the nightly reconciliation raises a refund Amazon never makes.',
		tryIt:
			'Called by 01; to try it alone, run 01 with a drop-off webhook, or run this workflow by hand with one ledger row as input.',
		safety:
			'The stock move carries a reference made from the event (checked before writing), the credit note carries the Happy Returns id (looked up first), the note is not repeated. Running it twice for the same event writes nothing.',
	},
	'03-warehouse-processing.json': {
		purpose:
			'When the warehouse checks a return in: records the receipt, tells Happy Returns what was in the bag, moves each unit from in-transit to the stock bucket its disposition maps to (only sellable goods become available), completes the credit note, adds the note "Return processed" and creates the exchange order for exchanges. The disposition mapping is `dispositionMapping` in *00 Returns settings*, the one 04, 05 and 06 check with.',
		tryIt:
			'POST a receipt to the webhook URL: `{"receipts":[{"returnId":"…","orderNumber":"…","sku":"…","unit":0,"disposition":"sellable","bagBarcode":"…","trackingNumber":"…"}]}`.',
		safety:
			'Each unit is claimed before any side effect: the execution inserts its receipt row, reads back the earliest row of that return, SKU and unit and goes on only if it is its own, so three deliveries of one receipt at once process it once. Every move, credit note, note and exchange order is also idempotent (references, Happy Returns id, notes). A code missing from the mapping goes to the Exception Register and is never guessed.',
	},
	'04-nightly-reconciliation.json': {
		purpose:
			'Every night: joins Amazon refunds (with seller order numbers), storefront refunds (Centra credit notes), the event ledger, hub shipments, warehouse receipts, Centra stock movements and orders in the Reconciliation Matcher, and keeps the **Exception Register** current: new exceptions added, open ones refreshed, ones no longer found in the data closed as `cleared` (and reopened if they come back). New urgent exceptions alert the owners in one message.',
		tryIt:
			'Run it by hand (*Execute workflow* in the editor) after 01 and 03 have run for a while; open the *Reconcile* node to see exceptions, matched lines and the HTML report (Summary output, binary `report`).',
		safety:
			'Exception ids are stable, so re-runs update rows instead of adding them; statuses and notes people write are never overwritten; rows a person marked resolved or "no action" never come back, rows the data cleared are reopened under the same id if the case returns. An unexpected change from the matcher stops the run (and the error workflow registers it) rather than being dropped. Records the matcher cannot read are registered as `rejected_record`, never skipped silently.',
	},
	'05-lost-in-transit.json': {
		purpose:
			"Every morning: reads Happy Returns' consolidated hub shipments and their manifests, compares them with the warehouse receipts, and produces a carrier-claims CSV (one line per lost box: tracking number, carrier, departure, the missing items, value at stake, claim deadline) plus the register rows.",
		tryIt:
			'Run it by hand; the CSV is the binary `claims` of the *Claim report* node. Attach it to an email or upload node to send it to your carrier account manager.',
		safety:
			'One exception per tracking number, with the same id the nightly reconciliation uses, so a box is never claimed twice.',
	},
	'06-stock-movement-monitor.json': {
		purpose:
			'Every six hours: checks that each processed return moved its stock in Centra within the window, and that no units are stuck in the in-transit warehouse or in the wrong bucket.',
		tryIt:
			'Run it by hand after 03 has processed a few returns; remove a movement in a test account to see the exception.',
		safety:
			'Only the two stock checks run, so it never resolves exceptions of other types; the register is shared with 04.',
	},
	'07-month-end-close.json': {
		purpose:
			'On the last day of each month, or the close day set in *00 Returns settings* (and whenever run by hand): runs 04 once more, then reports every open row of the Exception Register, including failed runs and unreadable records, as an HTML report for finance with money per currency, owners and an aging chart, and sends a short message.',
		tryIt:
			'Run it by hand; download the report from the *Month-end report* node (Summary output, binary `report`), or add an email node after *Report ready*.',
		safety: 'Reads the register only (after 04); it writes nothing itself.',
	},
	'08-replay.json': {
		purpose:
			'Every hour: drop-off events still "received" in the ledger, and warehouse receipts still "received" in Warehouse Receipts, after the set time go through 02 and 03 again, one at a time, so an outage or a failed run loses nothing and one bad item never blocks the rest. After maxAttempts an item is quarantined: one `replay_quarantined` row in the Exception Register with its last error.',
		tryIt:
			'Stop Centra access (wrong token), deliver a drop-off, fix the token, and run this by hand: the event is processed and marked in the ledger.',
		safety:
			'Templates 02 and 03 are idempotent, so replaying an item that did get through writes nothing; each attempt is counted on the row before it runs, so an item that crashes the run is still quarantined in the end.',
	},
	'09-error-workflow.json': {
		purpose:
			'Every other template names this as its error workflow: each failed incident becomes one `failed_execution` row in the Exception Register with the failing node and its error, and the owner is alerted at the alert webhook of *00 Returns settings*. A called workflow that fails and its caller (which fails with it) share one row and one alert.',
		tryIt:
			'Make a template fail (for example a wrong credential) and look at the register and the alert channel.',
		safety:
			'The row is claimed like an event in 01 (insert, then the earliest row of the incident id wins), so a repeated or simultaneous report of the same incident adds no row and sends no second alert. The month-end report lists the ones still open.',
	},
	'13-ledger-housekeeping.json': {
		purpose:
			"Every day: estimates the three Data Tables' size (rows x dataTableBytesPerRow) against n8n's limit and, at ledgerSizeAlertPercent of it, opens one `data_tables_size` register row and alerts, well before n8n refuses inserts. Ledger rows older than ledgerRetentionDays whose unit is settled (processed, no open register row, no unprocessed, failed or quarantined row of the order, no unfinished receipt) are sent as one JSON file to ledgerArchiveUrl and then deleted.",
		tryIt:
			'Point ledgerArchiveUrl at a request bin, set ledgerRetentionDays to 0 and run this by hand after the demo: the settled rows arrive as one file and leave the ledger; drop-offs not yet processed stay.',
		safety:
			"Each day's archive is claimed in the ledger first (a `ledger.archive` row; the earliest claim wins), so two runs at once send one file. Rows are deleted only after the destination accepted the file, only those in it, and only if their status is unchanged. Drop-offs still `received`, quarantined rows, records whose handling failed and the Amazon claims are never archived.",
	},
	...AMAZON_GUIDES,
};

const DATA_TABLES = ['Returns Event Ledger', 'Warehouse Receipts', 'Exception Register'];

function readTemplates(): Array<{ file: string; template: TemplateFile }> {
	return readdirSync(TEMPLATE_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			template: JSON.parse(readFileSync(resolve(TEMPLATE_DIR, file), 'utf8')) as TemplateFile,
		}));
}

function cell(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text === '' ? '(empty)' : `\`${text.replace(/\|/g, '\\|')}\``;
}

export function templateGuideMarkdown(file: string): string {
	const all = readTemplates();
	const entry = all.find((t) => t.file === file);
	if (!entry) throw new Error(`no template ${file}`);
	const { template } = entry;
	const guide = GUIDES[file];
	if (!guide) throw new Error(`template ${file} has no guide in scripts/templateGuides.ts`);
	const setup = String(
		template.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote' && n.name === 'Setup')
			?.parameters.content ?? '',
	);
	const settings = (
		(
			template.nodes.find((n) => n.name === SETTINGS_VALUES_NODE)?.parameters.assignments as
				{ assignments?: Array<{ name: string; value: unknown; type: string }> } | undefined
		)?.assignments ?? []
	).map((a) => ({
		name: a.name.replace(/^settings\./, ''),
		value: a.type === 'object' ? JSON.parse(String(a.value)) : a.value,
	}));
	const used = [
		...new Set(
			[...JSON.stringify(template.nodes).matchAll(/\.json\.settings\.([A-Za-z]+)/g)].map(
				(m) => m[1],
			),
		),
	].sort();
	const credentials = [
		...new Set(template.nodes.flatMap((n) => Object.keys(n.credentials ?? {}))),
	].sort();
	const text = JSON.stringify(template.nodes);
	const tables = DATA_TABLES.filter((name) => text.includes(`"${name}"`));
	const calls = template.nodes
		.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')
		.map((n) => String((n.parameters.workflowId as { value?: string }).value));
	const nameOf = (id: string) => all.find((t) => t.template.id === id)?.template.name ?? id;
	const lines = [
		`<!-- Generated by scripts/generateDocs.ts from workflows-templates/${file} and scripts/templateGuides.ts. Do not edit; run \`npm run docs\`. -->`,
		`# ${template.name}`,
		'',
		guide.purpose,
		'',
		`File: \`workflows-templates/${file}\` · workflow ID \`${template.id}\`${template.settings.errorWorkflow ? ` · error workflow: ${nameOf(template.settings.errorWorkflow)}` : ''}`,
		'',
		'## Before you import',
		'',
		`- Credentials: ${credentials.length ? credentials.map((c) => `\`${c}\``).join(', ') : 'none'} (create them in n8n first; the template leaves them blank).`,
		`- Data Tables: ${tables.length ? tables.map((t) => `**${t}**`).join(', ') : 'none'} (columns in [the register and ledger guide](data-tables.md)).`,
		`- Other templates it calls: ${calls.length ? calls.map(nameOf).join(', ') : 'none'}.`,
		'',
		'## Setup (as in the sticky note)',
		'',
		setup.replace(/^## .*\n+/, ''),
		'',
	];
	if (used.length > 0)
		lines.push(
			'## Settings',
			'',
			`Its choices come from [00 Returns settings](00-returns-settings.md) through the **Settings** node at the start of the workflow (no copy here): ${used.map((u) => `\`${u}\``).join(', ')}.`,
			'',
		);
	if (settings.length > 0) {
		lines.push(
			'## Settings',
			'',
			'Every template reads these through its **Settings** node; change them here once.',
			'',
			'| Setting | Default | What it means |',
			'|---|---|---|',
		);
		for (const s of settings)
			lines.push(`| \`${s.name}\` | ${cell(s.value)} | ${SETTING_NOTES[s.name] ?? ''} |`);
		lines.push('');
	}
	const links = template.nodes
		.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow')
		.map(
			(n) =>
				`- **${n.name}**: pick *${nameOf(String((n.parameters.workflowId as { value?: string }).value))}* from the list.`,
		);
	if (links.length > 0 || template.settings.errorWorkflow) {
		lines.push(
			'## After an import through the editor',
			'',
			'The editor gives imported workflows new IDs (the CLI, `n8n import:workflow`, keeps them), so the links below point nowhere until you pick their targets again. Each node shows the name of its target (cached in the template); import every template first, then:',
			'',
			...links,
		);
		if (template.settings.errorWorkflow)
			lines.push(
				`- **Workflow settings > Error workflow**: pick *${nameOf(template.settings.errorWorkflow)}*.`,
			);
		lines.push('');
	}
	lines.push('## Try it', '', guide.tryIt, '', '## Safe to re-run', '', guide.safety, '');
	return lines.join('\n');
}

export function templateGuideFiles(): Record<string, () => string> {
	return Object.fromEntries(
		readTemplates().map(({ file }) => [
			`docs/templates/${file.replace(/\.json$/, '.md')}`,
			() => templateGuideMarkdown(file),
		]),
	);
}
