/**
 * A 1,000-unit Outbound Shipment V2 notice through template 01 (Happy Returns intake), in-process:
 * the real trigger verifies and maps the signed body, then n8n's WorkflowExecute runs the template
 * with its Data Table nodes on in-memory tables. Measures the trigger, the workflow and what the
 * Event Ledger holds afterwards (rows and bytes, against the target of under 2 MB per delivery).
 * The same notice is then delivered again with the trigger's hint forgotten (a fresh static data,
 * as after a concurrent delivery overwrote it): the ledger's claim must keep it at one row per
 * event. Prints one JSON line; `scripts/bench.ts` turns it into the table.
 */
// First: a throw-away n8n user folder and encryption key, before n8n-core reads them.
import '../../harness/env';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { performance } from 'perf_hooks';
import { callWebhook, runWorkflow } from '../../harness';
import { signatureHeaders } from '../../sandbox/happyReturns/webhookSender';
import { loadTemplate, templateTables } from '../../harness/templateFiles';
import { SECRET, shipmentNotice } from './webhookRun';

const UNITS = Number(process.argv[2] ?? 1000);
const LEDGER = 'Returns Event Ledger';

const credentials = {
	happyReturnsApi: {
		apiKey: 'k',
		retailerId: 'bench-retailer',
		baseUrl: 'http://127.0.0.1:1',
		webhookSecret: SECRET,
	},
};

async function deliver(body: string, staticData: IDataObject) {
	const start = performance.now();
	const webhook = await callWebhook({
		type: 'happyReturnsTrigger',
		body,
		headers: { 'content-type': 'application/json', ...signatureHeaders(body, SECRET, 'hex', 0) },
		credentials,
		nodeCredentials: { happyReturnsApi: 'Happy Returns' },
		staticData,
		parameters: { signatureMode: 'hex' },
	});
	const triggerMs = performance.now() - start;
	const items = (webhook.response.workflowData?.[0] ?? []) as INodeExecutionData[];
	return { triggerMs, items };
}

async function main(): Promise<void> {
	const intake = loadTemplate('01-happy-returns-intake.json');
	const tables = templateTables();
	const notice = shipmentNotice(UNITS, 'intake');

	// Warm-up: the first call loads n8n's modules; a one-unit notice keeps it out of the figures.
	await deliver(shipmentNotice(1, 'warm-up').body, {});
	const first = await deliver(notice.body, {});
	const runStart = performance.now();
	const run = await runWorkflow(intake, {
		triggerItems: first.items,
		mode: 'webhook',
		credentials,
		dataTables: tables,
	});
	const workflowMs = performance.now() - runStart;
	if (run.status !== 'success') throw new Error(`template 01 failed: ${run.error?.message}`);
	// A copy: the in-memory table replaces or grows its array on later writes.
	const rows = [...tables.rows(LEDGER)];
	const rowBytes = rows.map((row) => Buffer.byteLength(JSON.stringify(row)));
	const payloadBytes = rows.reduce(
		(sum, row) => sum + Buffer.byteLength(String(row.payload ?? '')),
		0,
	);

	// Redelivery with the hint lost: every event reaches the template again and must be dropped
	// by the ledger's claim, not by the trigger.
	const again = await deliver(notice.body, {});
	const rerun = await runWorkflow(intake, {
		triggerItems: again.items,
		mode: 'webhook',
		credentials,
		dataTables: tables,
	});
	if (rerun.status !== 'success') throw new Error(`template 01 failed: ${rerun.error?.message}`);
	const after = [...tables.rows(LEDGER)];

	process.stdout.write(
		`${JSON.stringify({
			units: UNITS,
			bodyBytes: notice.raw.length,
			events: first.items.length,
			triggerMs: first.triggerMs,
			workflowMs,
			ledgerRows: rows.length,
			ledgerBytes: rowBytes.reduce((a, b) => a + b, 0),
			largestRowBytes: Math.max(...rowBytes),
			payloadBytes,
			redelivered: again.items.length,
			rowsAfterRedelivery: after.length,
			distinctEventIdsAfterRedelivery: new Set(after.map((r) => r.eventId)).size,
		})}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
