/**
 * `npm run sandbox [-- --returns 200 --seed 42]`: starts the Happy Returns,
 * Centra and Amazon sandboxes with a seeded scenario, writes the ground truth to
 * test-artifacts/sandbox/, prints URLs and demo credentials, and runs until Ctrl-C.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { startSandboxes } from '../sandbox';
import { everyExceptionKindAt } from '../harness/scenarioRows';

function arg(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
	const returns = arg('returns', 200);
	const seed = arg('seed', 42);
	const rate = 0.02;
	const sandboxes = await startSandboxes({
		scenario: {
			seed,
			returns,
			asOf: new Date().toISOString(),
			rates: everyExceptionKindAt(rate),
		},
	});
	const out = resolve(__dirname, '..', 'test-artifacts', 'sandbox');
	mkdirSync(out, { recursive: true });
	writeFileSync(
		resolve(out, 'ground-truth.json'),
		JSON.stringify(sandboxes.scenario?.expected ?? [], null, 2),
	);
	writeFileSync(resolve(out, 'scenario.json'), JSON.stringify(sandboxes.scenario, null, 2));
	writeFileSync(resolve(out, 'credentials.json'), JSON.stringify(sandboxes.credentials, null, 2));
	process.stdout.write(
		[
			`Sandboxes running (seed ${seed}, ${returns} returns, ${sandboxes.scenario?.expected.length ?? 0} expected exceptions):`,
			`  Happy Returns partner API  ${sandboxes.hr.url}   X-Hr-Apikey: ${sandboxes.hr.apiKey}   retailer: ${sandboxes.hr.retailerId}`,
			`  Happy Returns webhooks     signing secret: ${sandboxes.webhookSecret}   (${sandboxes.webhooks.length} notifications ready to send)`,
			`  Centra GraphQL             ${sandboxes.centra.graphqlUrl}   Bearer ${sandboxes.centra.token}`,
			`  Centra Order API           ${sandboxes.centra.orderApiUrl}   API-Authorization: ${sandboxes.centra.orderApiKey}`,
			`  Amazon SP-API              ${sandboxes.amazon.url}   LWA token URL: ${sandboxes.amazon.tokenUrl}`,
			`                             client id ${sandboxes.amazon.clientId}, secret ${sandboxes.amazon.clientSecret}, refresh token ${sandboxes.amazon.refreshToken}`,
			`Ground truth, scenario and credentials: ${out}`,
			'Ctrl-C stops.',
			'',
		].join('\n'),
	);
	const stop = async () => {
		await sandboxes.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main();
