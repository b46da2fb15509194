/**
 * `npm start`: the whole returns model in a real n8n on this machine. On first use it fetches
 * Node 24 and n8n into .cache/ (minutes; later starts reuse it), builds and packs this package,
 * installs it into a throw-away n8n user folder, starts the Happy Returns, Centra and Amazon
 * sandboxes with a seeded scenario, imports the sandbox credentials and every template, and starts
 * n8n on SQLite. Prints the editor URL, the owner login and an API key. Ctrl-C stops everything.
 *
 * Options: --port 5678, --returns 200, --seed 42, --send-webhooks (deliver the scenario's signed
 * Happy Returns notifications to the intake template once n8n is up, then the warehouse receipts
 * of the returns that reached the warehouse to template 03), --hold-receipts (with
 * --send-webhooks: the notifications only).
 */
import { RECEIPTS_HEADER, startDemo } from './realN8n/demo';
import { parseStartOptions, scenarioReceipts, sendDemoDeliveries } from './realN8n/deliveries';
import { settle } from './realN8n/executions';
import { OWNER } from './realN8n/instance';
import { everyExceptionKindAt } from '../harness/scenarioRows';

async function main(): Promise<void> {
	const options = parseStartOptions(process.argv.slice(2));
	const rate = 0.02;
	process.stdout.write(
		'Starting the returns demo (the first start installs Node 24 and n8n into .cache/ and takes several minutes)...\n',
	);
	const demo = await startDemo({
		port: options.port,
		seed: options.seed,
		returns: options.returns,
		rates: everyExceptionKindAt(rate),
	});
	const intakeUrl = `${demo.n8n.url}/webhook/5b8e6f0e-0001-4d6c-9a55-000000000001/happy-returns`;
	const s = demo.sandboxes;
	const receipts = scenarioReceipts(demo.scenario);
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
			`  Scenario: ${demo.scenario.returnEvents.length / 2} returned units, ${demo.webhooks.length} notifications and ${receipts.length} unit receipts ready${options.sendWebhooks ? '' : ' (run with --send-webhooks to deliver them)'}`,
			'Ctrl-C stops n8n and the sandboxes.',
			'',
		].join('\n'),
	);
	if (options.sendWebhooks) {
		const sent = await sendDemoDeliveries({
			intakeUrl,
			receiptsUrl: `${demo.n8n.url}/webhook/warehouse-receipts`,
			secret: s.webhookSecret,
			receiptsHeader: RECEIPTS_HEADER,
			webhooks: demo.webhooks,
			receipts,
			holdReceipts: options.holdReceipts,
			settle: () => settle(demo.n8n),
		});
		process.stdout.write(
			[
				`Sent ${sent.notifications.sent} of ${sent.notifications.of} signed Happy Returns notifications to the intake template.`,
				sent.receipts.held
					? `Held back ${sent.receipts.of} warehouse receipts (--hold-receipts); POST them to the receipts webhook when you like.`
					: `Sent ${sent.receipts.sent} of ${sent.receipts.of} warehouse unit receipts to template 03.`,
				'',
			].join('\n'),
		);
	}
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
