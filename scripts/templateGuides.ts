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
		'When a storefront return gets its credit note and Centra refund (once per credit note, claimed in the event ledger first): `first-scan` (02, at the Return Bar scan) or `receipt` (03, once the unit is graded; 03 also refunds a credit note the first scan did not). Exchanges and units graded with an `investigateDispositions` code are never credited nor refunded. Called `refundAtFirstScan` (on/off) before.',
	exchangeOrderAt:
		'When the replacement order of an exchange is created: `drop-off` (02, from the Happy Returns `exchange.requested` signal in the ledger) or `receipt` (03). Either way once per exchanged unit (claimed in the ledger; the order number is derived from the order, the return and the unit). Exchanges are never credited nor refunded.',
	exchangeCountry:
		'Delivery country (ISO alpha-2) of an exchange order when the warehouse receipt names none; Happy Returns notices carry no address, so an exchange made at the drop-off needs it. Empty: such an exchange fails and is replayed until it is set.',
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
	inTransitHoldDays:
		"Days units may stay in the in-transit warehouse before they are inventory drift. 04's matcher flags with it and 04 keeps an order live this long after its last record, from this one value.",
	returnedNeverRefundedDays:
		'Days after receipt before goods in without a refund are flagged (Amazon asks for 2 business days).',
	financeLagHours: 'Hours Amazon financial events can take to appear; added to every refund wait.',
	lookbackDays:
		'How far back the **first** run of 04, 05 and 06 reads (refunds, hub shipments, stock movements); later runs read what changed since their last successful run and what is still open, however old. 07: the storefront returns created this long before the previous close are read by date for the close pack; older returns are read by id when the ledger holds their refund claim (02, 03), so only a refund a person makes in Centra itself on an older return is left out.',
	goodwillRefundReasons:
		'Refund reasons (Amazon transaction types, any case, comma-separated) of refunds that need no return: with no return behind them, 04 counts them as goodwill instead of raising an orphaned refund.',
	fbaRefundsNeedReturn:
		'Whether an Amazon FBA refund needs a Happy Returns return behind it. Off: FBA returns go back to Amazon, so 04 counts such a refund as FBA instead of raising an orphaned refund.',
	replayAfterMinutes:
		'How long an event or receipt may stay unprocessed before it is replayed (called `olderThanMinutes` before).',
	maxAttempts:
		'How many replays an event or receipt gets before it is quarantined in the Exception Register.',
	ledgerStore:
		'Where the ledger, the receipts and the register live: `dataTable` (n8n Data Tables, the templates in workflows-templates/) or `postgres` (a Postgres database of your own, the templates in workflows-templates/postgres/). Every template stops with an error when it runs under the other choice, so the two never split the ledger. Saved settings without it mean `dataTable`.',
	nightlyPartitions:
		"How many parts 04 splits a night into, by the ending of the order number (1, 2, 5 or 10 by its last digit; 20, 25, 50 or 100 by its last two digits: a count that divides ten or a hundred). 1 runs a night as one execution, as always. Above 1 a night first keeps the window's new Amazon refunds, stock movements and credit notes in as many slices of the window, one execution each, then runs one execution per partition, one for the rows no order links and one for the lost boxes, one after another (for tens of thousands of live returns: each execution holds a share of the night; see docs/scaling.md). Above 1 the ledger and the receipts need the text column orderKey (14 creates it; add it to tables made before): a partitioned night writes there the order each row that names none was claimed for, so the next night reads it in that order's part only. Any other value stops 04 naming the value. Saved settings without it mean 1.",
	claimSettleSeconds:
		"Seconds each Data Table claim (01's ledger row, 02's and 03's refund, exchange and note claims, 03's receipt, 10's and 11's and 13's claims) waits after its insert before it reads back the earliest row of its key: 0 to 10, 0 as shipped. Data Tables have no unique key: on Postgres as n8n's database (queue mode) an insert takes its row id before its row is visible, so a rival insert that took an earlier id can still be invisible when the claim reads back, and both executions would go on. Waiting lets such an insert commit first; 0 is right where n8n runs on SQLite (one writer at a time: ids become visible in order). With n8n on Postgres set 2, or use the Postgres variant, whose claims a unique key makes strict (it has no wait). See docs/scaling.md. Saved settings without it mean 0.",
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
	reportTitle: 'Title of the month-end HTML report and message.',
	reportTimeZone:
		"IANA time zone of the month-end report (e.g. `Europe/Stockholm`): its dates, the month the close pack covers, and which deadlines are overdue (a deadline today is due, yesterday's is overdue).",
	ownerNames:
		'How owners are named in the report: owner id to display name (`finance` to "Finance"). Ids without a name are shown as they are.',
	closePackDelivery:
		"How the month-end close pack is delivered: `slack` (a text message to an incoming webhook), `email` (n8n's Send Email node with an SMTP credential; the HTML report and the carrier-claims CSV attached), `http` (a multipart POST of the summary, the report and the CSV) or `none` (kept on the execution).",
	closePackWebhookUrl:
		'Where `slack` and `http` deliver the close pack; empty means the alert webhook.',
	closePackEmailTo: 'Who gets the close pack by email (comma-separated), for `email`.',
	closePackEmailFrom: 'The sender of the close-pack email, for `email`.',
	transitNote:
		'Customer-service note added to the order at the first scan, once per order (claimed in the Returns Event Ledger), when `orderNotes` is `first-scan` or `every-milestone`.',
	processedNote:
		'Customer-service note added to the order when the warehouse processed the return, once per order (claimed in the Returns Event Ledger), when `orderNotes` is `receipt` or `every-milestone`.',
	orderNotes:
		"Which order notes 02 and 03 add in Centra: `first-scan` (shipped: one note per order at the first scan), `receipt` (one per order when the warehouse processes the return, none at the first scan), `every-milestone` (both) or `none`. Each note is claimed in the Returns Event Ledger first, so drop-offs (or receipts) of one order arriving at once write it once. Each note is a mutation from Centra's hourly quota shared by every integration (https://centra.dev/integration-api/api-rate-limits), and Centra's order history already shows the credit note, the refund and each stock change with its reference; choose `none` when customer service does not read notes.",
	...AMAZON_SETTING_NOTES,
};

interface Guide {
	purpose: string;
	tryIt: string;
	safety: string;
}

/**
 * How to look at the Exception Register with open rows first, in what n8n's Data Table view offers
 * (n8n-io/n8n, packages/frontend/editor-ui/src/features/core/dataTable/components/dataGrid/
 * ColumnHeader.vue: a header click sorts by that one column, ascending, descending, then off; the
 * funnel icon filters that column): one sort at a time, so the filter picks the open rows and the
 * sort orders them by deadline. Money at stake is text per currency, so it is ranked in the reports.
 */
export const REGISTER_VIEW =
	"To work the **Exception Register** with open rows first: n8n's Data Table view sorts by one column at a time (click a column header: ascending, descending, off) and filters each column (the funnel icon on its header). Filter **status** on `open` (then on `investigating` for the rows a person is on), and sort **deadline** ascending, so the overdue rows come first (rows without a deadline sort first on SQLite and last on Postgres, as those databases order empty values). **amount** is text per currency (`12.50 EUR, 3.00 USD`, never added across currencies), so the table cannot sort by money at stake: the nightly and month-end reports (04, 07) rank the open rows by money at stake per currency, then age, and name every row whose status is not one of the documented ones (see *Working the register* in [the register and ledger guide](data-tables.md)).";

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
			'Receives every Happy Returns webhook (`return.asn`, `return.label.update`, `outbound_shipment.asn`), checks its signature, records each event once in the **Returns Event Ledger** and routes drop-offs to template 02. An `exchange.requested` event (a unit the shopper exchanges) is kept in the ledger with its replacement SKU: 02 or 03 creates the replacement order from it at the milestone `exchangeOrderAt` names.',
		tryIt:
			"Activate it, copy the trigger's Production URL into Happy Returns' webhook settings (with the signing secret of your credential), then start a return in the Happy Returns sandbox portal and drop it off. The ledger gets one row per event and unit.",
		safety:
			'Each event is claimed before anything else happens: the execution inserts a ledger row, reads back the earliest row of that event id and goes on only if it is its own; a repeated or concurrent delivery removes its row and stops (see *Concurrency* in [the Data Tables guide](data-tables.md)). The trigger emits each milestone of a unit once, in whatever order the notices arrive. If anything after the ledger fails, template 08 replays the event.',
	},
	'02-return-bar-drop-off.json': {
		purpose:
			'At the first Return Bar scan: moves each unit into the in-transit warehouse in Centra and, when `orderNotes` is `first-scan` (as shipped) or `every-milestone`, adds the note "Return in transit" once per order (claimed in the Returns Event Ledger first, a `centra.order_note` row). Storefront returns, when `storefrontRefundAt` is `first-scan`: the credit note with the Happy Returns id, then Centra\'s refund of it ("Return: Refund" with "Refund the Customer in Centra" on). Centra cannot add lines to a credit note, so a unit of the return dropped off in a later execution (another day, or a notice replayed by 08) gets a further credit note of its own (external id `<Happy Returns id>#unit:<SKU>.<unit>`), refunded once like the first. A unit that carries an exchange signal (Happy Returns marks each exchanged unit; matched on return, SKU and unit) is never credited nor refunded, and the return\'s other units are, also another unit of the same SKU (a mixed return gets both, never both for one unit); when `exchangeOrderAt` is `drop-off` its replacement order is created here, one order per exchanged unit, so a unit of the return dropped off in a later execution gets its own. For Amazon orders it never credits nor refunds in Centra (Amazon is the refund master): it records the three-valued answer of Amazon (refunded, not refunded, not yet known inside the posting lag) in the ledger, and every hour asks Amazon again about the drop-offs still not yet known until Amazon answers; the nightly reconciliation raises a refund Amazon never makes.',
		tryIt:
			'Called by 01; to try it alone, run 01 with a drop-off webhook, or run this workflow by hand with one ledger row as input. Activate it for the hourly Amazon re-check.',
		safety:
			'The stock move carries a reference made from the event (checked before writing), the credit note carries the Happy Returns id (looked up first), the "in transit" note is claimed in the event ledger per order (`centra-note:<order number>:in-transit`, type `centra.order_note`: insert, read back the earliest row, go on only if it is its own), so drop-offs of one order at once note it once. The refund and the exchange order are each claimed in the event ledger first (a `centra.refund` row keyed by the credit note, a `centra.exchange_order` row keyed by the exchanged unit, `centra-exchange:<order number>:<return id>#unit:<SKU>.<unit>`: insert, read back the earliest row, go on only if it is its own), so two units of one return or two deliveries at once refund once, and each exchanged unit is ordered once; the order number is derived from the same key. A return an earlier version ordered for as a whole (a claim without `#unit:`) keeps that order for the units it was made for: a unit whose drop-off was already processed, or any unit while that claim is not done; other units get their own. The refund claim is keyed by the Centra return id (`centra-refund:<Centra return id>`), so a further credit note is refunded once and the first never twice; each unit is on exactly one credit note, and a unit already on one is answered with it. A refund that fails (or that Centra declines) leaves its claim open and its drop-off unprocessed: 08 replays it, takes the open claim over, and the Refund node re-reads the credit note and never pays one that is refunded or in progress. Running it twice for the same event writes nothing.',
	},
	'03-warehouse-processing.json': {
		purpose:
			"When the warehouse checks a return in: records the receipt, tells Happy Returns what was in the bag, moves each unit from in-transit to the stock bucket its disposition maps to (only sellable goods become available; all units of one POST, across returns, with one stock change per bucket, whose comment lists each unit's reference; *Stock: Find Movements* reads such a change back as one movement per return), completes the storefront credit note and has Centra refund it once (at receipt when `storefrontRefundAt` is `receipt`; a credit note refunded at the first scan is found refunded), adds the note \"Return processed\" once per order when `orderNotes` is `receipt` or `every-milestone` (storefront and Amazon orders; claimed in the Returns Event Ledger first, a `centra.order_note` row), and creates one exchange order per exchanged unit (from the Happy Returns signal in the ledger for the unit, matched on return, SKU and unit, or the receipt's `exchangeSku`; never credited; the return's other units are credited). Units graded `missing` or `wrong-item` are never credited. The disposition mapping is `dispositionMapping` in *00 Returns settings*, the one 04, 05 and 06 check with.",
		tryIt:
			'POST a receipt to the webhook URL: `{"receipts":[{"returnId":"…","orderNumber":"…","sku":"…","unit":0,"disposition":"sellable","bagBarcode":"…","trackingNumber":"…"}]}`.',
		safety:
			'Each unit is claimed before any side effect: the execution inserts its receipt row, reads back the earliest row of that return, SKU and unit and goes on only if it is its own, so three deliveries of one receipt at once process it once. The refund and the exchange order are claimed once more in the event ledger, per credit note and per exchanged unit (the same key as 02, so an order 02 made at the drop-off is found), so two units of one return refund once and each exchanged unit is ordered once, also when received on different days. A return an earlier version ordered for as a whole keeps that order while its claim is not done, and, when `exchangeOrderAt` is `drop-off`, for each unit whose drop-off was processed. Units of one return received on different days are credited per unit: a unit not yet on a credit note of its Happy Returns id gets a further one, refunded once behind its own claim. The "processed" note is claimed per order (`centra-note:<order number>:processed`: insert, read back the earliest row, write only if it is its own) before the receipts are marked processed, so receipts of two returns of one order at once note once, and a note that failed leaves the claim open and the receipt `received` for *08 Replay*, which takes the claim over. Every move, credit note, note and exchange order is also idempotent (references, Happy Returns id, notes, derived order numbers). A code missing from the mapping goes to the Exception Register and is never guessed.',
	},
	'04-nightly-reconciliation.json': {
		purpose:
			'Every night: reconciles the **live** orders (an open register row, a record since the last successful run, or a record recent enough to raise an exception yet) in the Reconciliation Matcher: their ledger events, hub shipments and warehouse receipts, Amazon refunds and Centra stock movements (read as they change and kept in the ledger), and their Centra orders and credit notes (read in batches by order number). Keeps the **Exception Register** current: new exceptions added, open ones refreshed, ones no longer found in the data closed as `cleared` (and reopened if they come back). Settled orders are not read again, so the answer is the same after a month or after years live. Goodwill refunds (by reason: the Amazon transaction type) and FBA refunds with no return behind them are counted in the summary by class, not raised as orphaned refunds (`goodwillRefundReasons`, `fbaRefundsNeedReturn`); units graded with an `investigateDispositions` code do not count as returned. New urgent exceptions alert the owners in one message.',
		tryIt:
			'Run it by hand (*Execute workflow* in the editor) after 01 and 03 have run for a while; open the *Reconcile* node to see exceptions, matched lines and the HTML report (Summary output, binary `report`), and *Live orders* to see what was read.',
		safety:
			'Exception ids are stable, so re-runs update rows instead of adding them; statuses and notes people write are never overwritten; rows a person marked resolved or "no action" never come back, rows the data cleared are reopened under the same id if the case returns. A lost box this ledger has no shipment of (05 reads the manifests) is left to 05, never cleared here. An unmapped disposition code has one row per unit under the id 03 gives it, so the row of 03 and the row of 04 are one row: 04 adds the row only when 03 did not, and clears it (as the data) once the code is in the mapping. The last successful run is recorded last (a `reconciliation.completed` ledger row): a run that fails reads the same changes again next night. An unexpected change from the matcher stops the run (and the error workflow registers it) rather than being dropped. Records the matcher cannot read are registered as `rejected_record`, never skipped silently.',
	},
	'05-lost-in-transit.json': {
		purpose:
			"Every morning: reads Happy Returns' consolidated hub shipments and their manifests, compares them with the warehouse receipts, and produces a carrier-claims CSV (one line per lost box: tracking number, carrier, departure, the missing items, value at stake, claim deadline) plus the register rows. **In scope each run:** the shipments that left since the last successful run, less the lost-in-transit window and two days (every box is judged once it is due, even after a missed run), and every box with an open register row however old, until it is received or a person closes the row (`resolved`, `no action`); the first run reads `lookbackDays` back. Received boxes are not read again, and of the **Warehouse Receipts** only the rows of the manifest lines in scope are read (by tracking number, return id, order number or bag barcode), so the answer is the same after a month or after years live and a run costs what its boxes do, not the size of the table.",
		tryIt:
			'Run it by hand; the CSV is the binary `claims` of the *Claim report* node. Attach it to an email or upload node to send it to your carrier account manager.',
		safety:
			'One exception per tracking number, with the same id the nightly reconciliation uses, so a box is never claimed twice. Only the register rows of the boxes read this run go to the matcher, so a box Happy Returns no longer lists is never cleared by its absence. The last successful run is recorded last (a `lost_in_transit.completed` ledger row): a run that fails reads the same shipments again the next morning.',
	},
	'06-stock-movement-monitor.json': {
		purpose:
			'Every six hours: checks that each processed return moved its stock in Centra within the window, and that no units are stuck in the in-transit warehouse or in the wrong bucket. **In scope each run:** the returns with a receipt, a ledger record or a Centra movement since the last successful run, less the longer of the missing-movement and in-transit windows and two days, and every return with an open missing-movement or drift row however old, until its movement arrives or a person closes the row; the movements of returns recorded before that are read from Centra with one search by time window in pages (by reference, `HR <return id>`, only for returns first recorded more than `lookbackDays` earlier), with those 04 keeps in the ledger. Of the Data Tables it reads the rows since the window and those of the orders and returns in scope (filtered reads), not the whole tables. The first run reads `lookbackDays` back. Settled returns are not read again.',
		tryIt:
			'Run it by hand after 03 has processed a few returns; remove a movement in a test account to see the exception.',
		safety:
			'Only the two stock checks run, so it never resolves exceptions of other types; the register is shared with 04. The last successful run is recorded last (a `stock_movements.completed` ledger row): a run that fails reads the same movements again.',
	},
	'07-month-end-close.json': {
		purpose:
			'On the last day of each month, or the close day set in *00 Returns settings* (and whenever run by hand): runs 04 once more, then builds the **close pack** and delivers it as `closePackDelivery` says (Slack-style webhook, email with attachments, HTTP, or none). The pack covers the month so far, from its first day in `reportTimeZone` to the start of the hour it runs in (so the end of this pack and the previous close the next pack reads are the same instant even when a run starts a few seconds or minutes late; what is paid after it counts in the next pack): refunds paid per channel (storefront from the payment history Centra keeps: the returns created since `lookbackDays` before the previous close, and the older returns the `centra.refund` claims in the ledger name, read by id, each payment counted once, in the month it was paid; Amazon from its refund transactions) and currency, in minor units and never added across currencies; refunds paid after the previous close but dated before the month, shown apart as late; a tie-out per channel and currency (refunds paid = goods received + under an open exception + awaiting goods); units the warehouse received per disposition and units Centra moved per warehouse; every open register row by owner and age, the top items by money at stake then age with overdue deadlines marked; failed runs and unreadable records, each once; and the carrier-claims CSV of the open lost boxes (formula cells neutralised). The HTML report prints cleanly (print stylesheet).',
		tryIt:
			"Run it by hand: the *Month-end report* node (Summary output) holds the figures, the HTML report (binary `report`) and the claims CSV (binary `claims`). Set `closePackDelivery` to `email` and an SMTP credential on *Email the close pack* to receive both files. n8n publishes a workflow only when every node has its required credential, so 07 needs an SMTP credential on *Email the close pack* even when the pack goes by Slack or HTTP: pick any SMTP credential, or delete that node if you never deliver by email. Why these three: `slack` posts through an incoming webhook (JSON `text`, https://api.slack.com/messaging/webhooks) like the alerts, so no Slack app or bot token is needed, but an incoming webhook carries text only; the files go by email (n8n's Send Email node, https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.sendemail/) or by `http`.",
		safety:
			'Reads the register (after 04) and the vendors; it writes nothing to them. The HTTP delivery carries an `Idempotency-Key` (the period end), so a receiver can drop a repeated delivery; a delivery that fails is retried, then fails the run, which the error workflow registers: the pack is never silently undelivered.',
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
	'14-data-tables-setup.json': {
		purpose:
			"Run once, before activating the other templates: creates the three Data Tables they keep their state in (*Returns Event Ledger*, *Warehouse Receipts*, *Exception Register*) through n8n's own Data Table node (*Create a data table*), with typed columns: numbers (`attempts`, `ageDays`) sort as numbers and dates (`receivedAt`, `processedAt`, `deadline`, `detectedAt`, `resolvedAt`) as dates. The columns and what they mean are in [the register and ledger guide](data-tables.md).",
		tryIt: `Open it and click *Execute workflow*: *Tables ready* shows the three table ids. Run it again: the same ids, nothing created. Make a table by hand with text columns and run it: *Fix these columns* names each column and the type it needs. ${REGISTER_VIEW}`,
		safety:
			'Each table is created with *Reuse Existing Tables* on, so a table that exists under that name is kept with its rows: running it twice creates nothing twice, and it never deletes, empties or retypes a table (n8n also refuses a second table of the same name in a project). *Check the columns* then compares every table with the columns the templates write and stops the run naming what differs, rather than letting a template fail later on a value its column refuses.',
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
