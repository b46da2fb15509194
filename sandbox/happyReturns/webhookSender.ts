/**
 * Posts Happy Returns webhooks to a receiver, signed as HR does (`X-Hr-Signature`: hex
 * HMAC-SHA256 of the raw body; base64 and timestamped variants for the trigger's other modes),
 * in one of four delivery modes: once, duplicated, shuffled, or retried until a 2xx with backoff.
 */
import { createHmac } from 'crypto';
import { Random } from '../scenario/random';
import type { WebhookBody } from './webhooks';

export type SignatureMode = 'hex' | 'base64' | 'timestamped' | 'none';
export type DeliveryMode = 'once' | 'duplicated' | 'shuffled' | 'retry';

export interface SenderOptions {
	url: string;
	secret: string;
	signature?: SignatureMode;
	mode?: DeliveryMode;
	/** Copies of each body in "duplicated" mode (default 2). */
	copies?: number;
	seed?: number;
	/** Retry mode: attempts per body and the first backoff (doubles each time). */
	maxAttempts?: number;
	backoffMs?: number;
	/** Clock for the timestamped signature (seconds). */
	nowSeconds?: () => number;
}

export interface DeliveryRecord {
	key: string;
	type: WebhookBody['type'];
	attempt: number;
	status: number;
}

export function signatureHeaders(
	body: string,
	secret: string,
	mode: SignatureMode,
	nowSeconds: number,
): Record<string, string> {
	if (mode === 'none') return {};
	if (mode === 'timestamped') {
		const timestamp = String(Math.floor(nowSeconds));
		return {
			'X-Hr-Timestamp': timestamp,
			'X-Hr-Signature': createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'),
		};
	}
	return {
		'X-Hr-Signature': createHmac('sha256', secret)
			.update(body)
			.digest(mode === 'base64' ? 'base64' : 'hex'),
	};
}

function ordered(bodies: WebhookBody[], options: SenderOptions): WebhookBody[] {
	const sorted = [...bodies].sort((a, b) => a.at - b.at);
	const random = new Random(options.seed ?? 1);
	if (options.mode === 'duplicated') {
		const copies = options.copies ?? 2;
		return sorted.flatMap((body) => Array.from({ length: copies }, () => body));
	}
	if (options.mode === 'shuffled') {
		const list = [...sorted];
		for (let i = list.length - 1; i > 0; i--) {
			const j = Math.floor(random.next() * (i + 1));
			[list[i], list[j]] = [list[j], list[i]];
		}
		return list;
	}
	return sorted;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json', ...headers },
		});
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

export async function sendWebhooks(
	bodies: WebhookBody[],
	options: SenderOptions,
): Promise<DeliveryRecord[]> {
	const signature = options.signature ?? 'hex';
	const now = options.nowSeconds ?? (() => Date.now() / 1000);
	const log: DeliveryRecord[] = [];
	for (const body of ordered(bodies, options)) {
		const attempts = options.mode === 'retry' ? (options.maxAttempts ?? 6) : 1;
		let delay = options.backoffMs ?? 50;
		for (let attempt = 1; attempt <= attempts; attempt++) {
			const status = await post(
				options.url,
				body.body,
				signatureHeaders(body.body, options.secret, signature, now()),
			);
			log.push({ key: body.key, type: body.type, attempt, status });
			if (status >= 200 && status < 300) break;
			if (attempt < attempts) {
				await new Promise((resolve) => setTimeout(resolve, delay));
				delay *= 2;
			}
		}
	}
	return log;
}
