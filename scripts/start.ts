/**
 * `npm start`: the whole returns model in a real n8n on this machine. On first use it fetches
 * Node 24 and n8n into .cache/ (minutes; later starts reuse it), builds and packs this package,
 * installs it into a throw-away n8n user folder, starts the Happy Returns, Centra and Amazon
 * sandboxes with a seeded scenario, imports the sandbox credentials and every template, and starts
 * n8n on SQLite. Prints the editor URL, the owner login and an API key. Ctrl-C stops everything.
 *
 * Options: --port 5678, --returns 200, --seed 42, --send-webhooks (deliver the scenario's signed
 * Happy Returns notifications to the intake template once n8n is up).
 */
import { createHmac } from 'crypto';
import { RECEIPTS_HEADER, startDemo, type Demo } from './realN8n/demo';
import { OWNER } from './realN8n/instance';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

async function sendWebhooks(demo: Demo, url: string): Promise<void> {
	let sent = 0;
	for (const webhook of [...demo.webhooks].sort((a, b) => a.at - b.at)) {
		const signature = createHmac('sha256', demo.sandboxes.webhookSecret)
			.update(webhook.body)
			.digest('hex');
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hr-signature': signature },
			body: webhook.body,
		});
		if (response.ok) sent++;
	}
	process.stdout.write(
		`Sent ${sent} of ${demo.webhooks.length} signed Happy Returns notifications to the intake template.\n`,
	);
}

async function main(): Promise<void> {
	const port = option('port', 5678);
	const rate = 0.02;
	process.stdout.write(
		'Starting the returns demo (the first start installs Node 24 and n8n into .cache/ and takes several minutes)...\n',
	);
	const demo = await startDemo({
		port,
		seed: option('seed', 42),
		returns: option('returns', 200),
		rates: {
			refundedNeverReturned: rate,
			duplicateRefund: rate,
			lostInTransit: rate,
			scanWithoutOrder: rate,
			missingOrderId: rate,
			unmappedDisposition: rate,
			valueMismatch: rate,
			missingStockMovement: rate,
			orphanedRefund: rate,
			returnedNeverRefunded: rate,
		},
	});
	const intakeUrl = `${demo.n8n.url}/webhook/5b8e6f0e-0001-4d6c-9a55-000000000001/happy-returns`;
	const s = demo.sandboxes;
	process.stdout.write(
		[
			'',
			`n8n ${demo.toolchain.n8nVersion} is running with every template imported and published.`,
			`  Editor          ${demo.n8n.url}`,
			`  Owner login     ${OWNER.email} / ${OWNER.password}`,
			`  API key         ${demo.n8n.apiKey}   (header X-N8N-API-KEY, ${demo.n8n.url}/api/v1)`,
			`  Intake webhook  ${intakeUrl}   (HMAC-SHA256 hex of the body with "${s.webhookSecret}" in X-Hr-Signature)`,
			`  Receipts        ${demo.n8n.url}/webhook/warehouse-receipts   (header ${RECEIPTS_HEADER.name}: ${RECEIPTS_HEADER.value})`,
			`  User folder     ${demo.n8n.userFolder} (removed on exit)`,
			'Sandboxes:',
			`  Happy Returns   ${s.hr.url}   Centra ${s.centra.graphqlUrl}   Amazon ${s.amazon.url}`,
			`  Scenario: ${demo.scenario.returnEvents.length / 2} returned units, ${demo.webhooks.length} notifications ready${process.argv.includes('--send-webhooks') ? '' : ' (run with --send-webhooks to deliver them)'}`,
			'Ctrl-C stops n8n and the sandboxes.',
			'',
		].join('\n'),
	);
	if (process.argv.includes('--send-webhooks')) await sendWebhooks(demo, intakeUrl);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the sandboxes...\n');
		await demo.close();
		demo.n8n.removeUserFolder();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
