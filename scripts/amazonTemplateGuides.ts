/**
 * Setup-guide prose and setting notes of the Amazon templates (10 to 12), merged into the guides
 * of scripts/templateGuides.ts. Kept apart so the Amazon templates can change without touching the
 * other templates' guides.
 */

export const AMAZON_SETTING_NOTES: Record<string, string> = {
	amazonSettlementLookbackDays:
		'How far back settlement reports are listed each run (Amazon keeps them 90 days).',
	amazonRefundOnReceiptLookbackDays:
		'How far back warehouse receipts are looked at for refund on receipt.',
	amazonSettlementReportUrl:
		'A URL that receives each cycle report as JSON (`text`, `html`, `csv`, tie-out and counts); a Slack or Teams incoming webhook shows the `text`. Empty: the report stays on the *Cycle report* nodes for download.',
	amazonRefundOnReceipt:
		'Master switch of refund on receipt; off as shipped. Nothing is asked or sent while it is off.',
	amazonRefundFeedMode:
		'`dryRun` (as shipped) shows the order-adjustment feed it would send; `submit` sends it, and only when the Amazon credential also allows refunds through feeds.',
	amazonAdjustmentReason:
		"Reason of the order adjustment (Amazon's values, e.g. `CustomerReturn`).",
	amazonFeedPollSeconds: "Seconds between checks of the feed's processing status.",
	amazonSafetOpensAfterDays:
		'Days after the refund before a merchant-fulfilled unit not received goes into the claim pack: the time you give a return to reach the warehouse.',
	amazonSafetClaimWindowDays:
		"Days after the refund or the return's delivery, whichever is later, within which Amazon accepts a SAFE-T claim (US since 16 February 2026: 30; before: 60). Amazon counts from the carrier's delivery scan; the pack counts from the warehouse receipt, usually hours later, so file before the last day. Check your marketplace.",
	amazonFbaClaimOpensAfterDays:
		'Days after the refund before Amazon accepts an FBA customer-return claim (US: 60).',
	amazonFbaClaimClosesAfterDays:
		'Days after the refund after which Amazon refuses the FBA claim (US: 120).',
	amazonReimbursementLookbackDays: 'How far back SAFE-T and FBA reimbursements are read each run.',
	amazonClaimPackUrl:
		'A URL that receives the claim pack CSV (POST, binary body); empty keeps it on the *Claim pack (CSV)* node for download.',
	amazonReportPollSeconds:
		'Seconds between checks of the FBA reimbursements report Amazon prepares.',
};

export const AMAZON_GUIDES: Record<string, { purpose: string; tryIt: string; safety: string }> = {
	'10-amazon-settlement-cycle.json': {
		purpose:
			"Every six hours: for each Amazon settlement report not processed yet, ties it out (rows against the stated total, per currency; a difference is a finance exception with the difference), reconciles the cycle's refunds against the Happy Returns drop-offs and hub shipments in the ledger, the warehouse receipts and Amazon's order prices, and gives each refunded unit its outcome: returned and received, in transit, awaiting return, lost in transit (with the tracking number), refunded never returned (with the claim deadline), duplicate refund or value mismatch. Exceptions go to the register; the settlement is recorded in the ledger; a cycle report (HTML and CSV) is built and, when set, sent.",
		tryIt:
			'Run it by hand: every settlement report of the last 90 days that the ledger does not hold is processed. Download the report from *Cycle report (HTML)* and *Cycle report (CSV)*. To re-process one settlement, run it with the input `{"reprocessSettlementId": "<settlement id>"}`.',
		safety:
			'Each settlement report is claimed in the ledger before it is downloaded (`amazon-settlement-report:<report id>`: insert, then the earliest row wins), so two overlapping runs process it once; the settlement itself is recorded under `amazon-settlement:<settlement id>` and the next run skips it. A run that fails after the claim leaves the claim `received` and the report is not taken again by itself: the error workflow registers the failure; re-process it with the input `reprocessSettlementId` (the settlement id or the report id). Re-processing upserts the same ledger row and rewrites the same register rows (stable exception ids) and the same tie-out row, each by the row id of its earliest row, so nothing is added twice. A cycle is a slice of the refunds, so this template clears only open rows raised by its own settlements alone (their details list the settlement ids) that re-processing no longer finds; every other row is cleared by the nightly reconciliation. A tie-out row a person closed is never reopened.',
	},
	'11-amazon-refund-on-receipt.json': {
		purpose:
			"Off by default. For merchant-fulfilled Amazon orders only: when the warehouse has graded a returned unit as received, asks Amazon afresh whether the order line was refunded; only on `not refunded` does it refund the unit through Amazon's order-adjustment feed (dry run until you choose `submit` and the credential allows it). `Not yet known` (inside the posting lag after the receipt) waits for a later run; `refunded` is recorded. Results go to the ledger; an accepted line clears the *returned, never refunded* exception; a rejected line or a failed feed opens a finance row.",
		tryIt:
			'In *00 Returns settings* switch `amazonRefundOnReceipt` on and leave `amazonRefundFeedMode` on `dryRun`; run it by hand after *03* processed an Amazon MFN return: the *Refund on receipt* node shows the feed it would send. Compare with Seller Central for a few days before choosing `submit`.',
		safety:
			"Each unit's feed is claimed in the ledger before it is sent (`amazon-refund-feed:<return>:<sku>:<unit>`: insert, then the earliest row wins), so two overlapping runs send it once, and a unit with a claim is never sent again. The node asks Amazon once more just before the feed and derives `MerchantAdjustmentItemID` from the return unit, so Amazon itself refuses a second adjustment. A feed is never retried blindly: a failure goes to the register for a person to check in Seller Central.",
	},
	'12-amazon-claims.json': {
		purpose:
			"Every Monday: a claim pack (CSV) of Amazon refunds whose goods never came back and that are inside Amazon's claim window today: SAFE-T for merchant-fulfilled orders, FBA customer-return claims for FBA. A unit the warehouse graded as not returned (a code in `investigateDispositions`, e.g. `missing` or `wrong-item`) did not come back and is listed too. Each line carries the evidence: Amazon and seller order, refund, the Happy Returns return and its drop-off scan (or `none`), hub shipment tracking, the warehouse receipt and its grade (or `none`), and the deadline: SAFE-T 30 days (US) after the later of the refund and the return's delivery (its warehouse receipt), FBA 120 days (US) after the refund. SAFE-T and FBA reimbursements close the matching *refunded, never returned* rows of the register as `resolved`, with the amount recovered in the summary and details.",
		tryIt:
			'Run it by hand; the pack is the binary `claimPack` of *Claim pack (CSV)*. Set `amazonClaimPackUrl` in *00 Returns settings* to send it somewhere.',
		safety:
			"It writes no exceptions (the nightly reconciliation owns them) and only closes open rows Amazon reimbursed, so a re-run changes nothing. Reimbursed and received units never enter the pack. Cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'` so a spreadsheet shows them as text.",
	},
};

/** The operating model's Amazon section, in plain English for finance (docs/operating-model.md). */
export const AMAZON_OPERATING_MODEL_SECTION: string[] = [
	'## Amazon: the settlement cycle',
	'',
	'Amazon pays the brand in **settlement cycles** (usually every two weeks). For each cycle Amazon publishes a settlement report: every sale, refund, fee and adjustment of the cycle, and the total it pays out. Amazon is the master of Amazon refunds: it refunds the buyer itself, often before the parcel is back (at the first carrier scan), and takes the money from the payout. Happy Returns and the warehouse only tell us whether the goods physically came back. Finance closes each cycle off those physical movements.',
	'',
	'**What happens by itself** (template 10, every six hours): when a new settlement report appears, it is read once and recorded in the event ledger under its settlement id.',
	'',
	'1. **Tie-out.** The rows of the report must add up to the total Amazon says it pays, in the report\'s currency. If they do not, a *settlement does not tie out* row for finance is opened in the register with the difference (for example "rows add up to 74.51 USD against a stated total of 74.52 USD, difference 0.01 USD"). Do not book the payout until it is explained; ask Seller Support with the settlement id.',
	'2. **Every refunded unit gets an outcome**, from the Happy Returns scans, the hub shipments and the warehouse receipts: *returned and received* (nothing to do), *in transit* or *awaiting return* (still inside the window: wait), *lost in transit* (the tracking number is in the row: logistics claims from the carrier), *refunded, never returned* (the row carries the claim deadline: see claims below), *duplicate refund* (Amazon refunded the same unit twice: recover it), *value mismatch* (the refund does not match the price: check the order). These rows go to the Exception Register, with an owner and a date to act by.',
	'3. **A cycle report** (HTML to read, CSV to file with the payout) lists every refunded unit of the cycle with its outcome, and the tie-out. It is sent where the Settings say, or downloaded from the workflow.',
	'',
	'If a cycle was read with wrong data (for example receipts that were missing), run template 10 by hand with the input `reprocessSettlementId` set to that settlement id: its rows are replaced, never added to.',
	'',
	'**Refund on receipt** (template 11, merchant-fulfilled orders only, off until you switch it on): when the warehouse has checked a unit in as received, the workflow asks Amazon again whether the buyer was refunded. Only if Amazon says *not refunded* does it refund through Amazon (shown first as a dry run). If Amazon cannot say yet (its refunds take up to 48 hours to appear), it waits and asks again; it never refunds an order Amazon already refunded. An accepted refund closes the *returned, never refunded* row; a refused one opens a row for finance.',
	'',
	'**Claims** (template 12, every Monday): refunds whose goods never came back, inside the window in which Amazon accepts a claim, come out as a claim pack (CSV) with the evidence: the Amazon order, the refund, the Happy Returns return and whether it was ever scanned, the hub shipment tracking, and the warehouse receipt when the bag came back without the unit (graded *missing* or *wrong item*). File merchant-fulfilled ones as **SAFE-T** claims (US: within 30 days of the refund or the return delivery scan, whichever is later; the pack counts from the day the warehouse received the bag, so file before the last day; the register row of the same unit counts its deadline from the refund alone, so it can show an earlier date than the pack, which follows Amazon) and FBA ones as **FBA customer-return claims** (US: from 60 to 120 days after the refund). When Amazon reimburses, the workflow closes the register row as resolved, with the amount recovered. The windows are settings: check them for your marketplace.',
	'',
	'**Each week, finance:** reads the new cycle reports and any tie-out rows; files the claim pack before the deadlines; checks rejected refunds on receipt. **Each month:** every open Amazon row (money at stake per currency) is in the month-end report.',
	'',
];
