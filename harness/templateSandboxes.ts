/**
 * The vendor sandboxes a template test runs against, started together, and the credentials that
 * point the package's nodes at them. Template tests are about what a template does, not about
 * pacing: Centra's quotas and Amazon's rate buckets are set out of reach unless a test gives its
 * own; Happy Returns keeps the sandbox's own rate unless the test says otherwise.
 */
import { sandboxCredentials, startSandboxes } from '../sandbox';
import type { AmazonSandbox, AmazonSandboxOptions } from '../sandbox/amazon/server';
import type { CentraSandbox, CentraSandboxOptions } from '../sandbox/centra/server';
import type {
	HappyReturnsSandbox,
	HappyReturnsSandboxOptions,
} from '../sandbox/happyReturns/server';

export type SandboxCredentials = Record<string, Record<string, string | number>>;

export interface TemplateSandboxes {
	centra: CentraSandbox;
	hr: HappyReturnsSandbox;
	amazon: AmazonSandbox;
	/**
	 * Credential data for the three sandboxes. `webhookSecret` is the Happy Returns signing secret
	 * the trigger checks; `centraOrderApi: false` leaves the Centra credential without its Order API
	 * fields (as a store that never creates exchange orders fills it in).
	 */
	credentials(options?: { webhookSecret?: string; centraOrderApi?: boolean }): SandboxCredentials;
	close(): Promise<void>;
}

export async function startTemplateSandboxes(
	options: {
		centra?: CentraSandboxOptions;
		hr?: HappyReturnsSandboxOptions;
		amazon?: AmazonSandboxOptions;
	} = {},
): Promise<TemplateSandboxes> {
	const { centra, hr, amazon, close } = await startSandboxes({
		centra: { requestQuota: 1e6, mutationQuota: 1e6, ...options.centra },
		happyReturns: options.hr,
		amazon: { rateScale: 1000, ...options.amazon },
	});
	return {
		centra,
		hr,
		amazon,
		credentials: ({ webhookSecret, centraOrderApi = true } = {}) => {
			const all = sandboxCredentials({ centra, hr, amazon }, webhookSecret);
			if (centraOrderApi) return all;
			// The same credential with its Order API fields left empty, as a merchant without one has.
			const graphqlOnly = Object.entries(all.centraApi).filter(([f]) => !f.startsWith('orderApi'));
			return { ...all, centraApi: Object.fromEntries(graphqlOnly) };
		},
		close,
	};
}
