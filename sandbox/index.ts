/**
 * Starts the three vendor sandboxes on 127.0.0.1 (ports chosen by the OS unless given), seeds a
 * generated scenario, and returns everything tests, templates, the demo and benchmarks need.
 */
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions } from './amazon/server';
import { startCentraSandbox, type CentraSandbox, type CentraSandboxOptions } from './centra/server';
import type { Clock } from './common/httpServer';
import {
	startHappyReturnsSandbox,
	type HappyReturnsSandbox,
	type HappyReturnsSandboxOptions,
} from './happyReturns/server';
import type { WebhookBody } from './happyReturns/webhooks';
import { generateScenario, type Scenario, type ScenarioOptions } from './scenario/generator';
import { loadScenario } from './scenario/load';

export interface SandboxesOptions {
	scenario?: ScenarioOptions;
	clock?: Clock;
	webhookSecret?: string;
	happyReturns?: HappyReturnsSandboxOptions;
	centra?: CentraSandboxOptions;
	amazon?: AmazonSandboxOptions;
}

export interface Sandboxes {
	hr: HappyReturnsSandbox;
	centra: CentraSandbox;
	amazon: AmazonSandbox;
	scenario: Scenario | null;
	webhooks: WebhookBody[];
	webhookSecret: string;
	/** Credential data for this package's credential types, pointing at the sandboxes. */
	credentials: Record<string, Record<string, string | number>>;
	close(): Promise<void>;
}

/** The Happy Returns webhook secret the sandboxes sign with unless told otherwise. */
const SANDBOX_WEBHOOK_SECRET = 'hr-sandbox-webhook-secret';

/**
 * Credential data for this package's credential types, pointing at the given sandboxes: one
 * credential per sandbox given (a test that starts only the Amazon sandbox passes `{ amazon }`);
 * with `timeoutSeconds`, every credential carries that request timeout.
 */
export function sandboxCredentials(
	sandboxes: { hr?: HappyReturnsSandbox; centra?: CentraSandbox; amazon?: AmazonSandbox },
	webhookSecret: string = SANDBOX_WEBHOOK_SECRET,
	timeoutSeconds?: number | null,
): Record<string, Record<string, string | number>> {
	const { hr, centra, amazon } = sandboxes;
	const timeout: Record<string, number> = timeoutSeconds ? { timeoutSeconds } : {};
	return {
		...(hr && {
			happyReturnsApi: {
				apiKey: hr.apiKey,
				retailerId: hr.retailerId,
				baseUrl: hr.url,
				webhookSecret,
				...timeout,
			},
		}),
		...(centra && {
			centraApi: {
				url: centra.graphqlUrl,
				token: centra.token,
				orderApiUrl: centra.orderApiUrl,
				orderApiKey: centra.orderApiKey,
				...timeout,
			},
		}),
		...(amazon && {
			amazonSpApi: {
				region: 'na',
				clientId: amazon.clientId,
				clientSecret: amazon.clientSecret,
				refreshToken: amazon.refreshToken,
				endpoint: amazon.url,
				tokenUrl: amazon.tokenUrl,
				accessToken: '',
				...timeout,
			},
		}),
	};
}

export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
	const clock = options.clock;
	const [hr, centra, amazon] = await Promise.all([
		startHappyReturnsSandbox({ clock, ...options.happyReturns }),
		startCentraSandbox({ clock, requestQuota: 100_000, mutationQuota: 100_000, ...options.centra }),
		startAmazonSandbox({ clock, ...options.amazon }),
	]);
	const webhookSecret = options.webhookSecret ?? SANDBOX_WEBHOOK_SECRET;
	const scenario = options.scenario ? generateScenario(options.scenario) : null;
	const webhooks = scenario ? loadScenario(scenario, { hr, centra, amazon }) : [];
	return {
		hr,
		centra,
		amazon,
		scenario,
		webhooks,
		webhookSecret,
		credentials: sandboxCredentials({ hr, centra, amazon }, webhookSecret),
		close: async () => {
			await Promise.all([hr.close(), centra.close(), amazon.close()]);
		},
	};
}
