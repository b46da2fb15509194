/**
 * Webhook signature check over the raw request bytes, constant-time, failing closed.
 * Happy Returns documents `X-Hr-Signature` (64 hex characters); the algorithm page is not
 * public, so hex HMAC-SHA256 of the body is the default and the other modes are settings.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export type SignatureMode = 'hex' | 'base64' | 'timestamped' | 'none';

export interface SignatureInput {
	mode: SignatureMode;
	secret: string;
	rawBody: Buffer;
	signature: string | undefined;
	/** Timestamped mode: the timestamp header (unix seconds) and the tolerance window. */
	timestamp?: string;
	nowSeconds?: number;
	toleranceSeconds?: number;
}

export type SignatureResult =
	/**
	 * `digest` (timestamped mode, for the replay guard): the verified HMAC in lower-case hex, the
	 * same however the header was written. Not built for the other modes: nothing reads it there.
	 */
	| { ok: true; digest?: string }
	| {
			ok: false;
			reason:
				| 'missing-secret'
				| 'missing-signature'
				| 'bad-signature'
				| 'missing-timestamp'
				| 'stale-timestamp';
	  };

function safeEqual(expected: Buffer, given: Buffer): boolean {
	return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The header's digest bytes, or an empty buffer when it is not exactly one well-formed digest.
 * Node's decoders stop at the first bad character, so without the shape check a valid signature
 * with junk after it would verify too (and look new to the replay guard).
 */
function decodeGiven(signature: string, encoding: 'hex' | 'base64'): Buffer {
	const text = signature.trim().replace(/^sha256=/i, '');
	if (encoding === 'hex')
		return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.alloc(0);
	if (!/^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9_-]{43}$/.test(text)) return Buffer.alloc(0);
	return Buffer.from(text, 'base64');
}

export function verifySignature(input: SignatureInput): SignatureResult {
	if (input.mode === 'none') return { ok: true };
	if (!input.secret) return { ok: false, reason: 'missing-secret' };
	if (!input.signature) return { ok: false, reason: 'missing-signature' };
	let payload: Buffer = input.rawBody;
	if (input.mode === 'timestamped') {
		const timestamp = Number(input.timestamp);
		if (!input.timestamp || !Number.isFinite(timestamp))
			return { ok: false, reason: 'missing-timestamp' };
		const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
		if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300))
			return { ok: false, reason: 'stale-timestamp' };
		payload = Buffer.concat([Buffer.from(`${input.timestamp}.`), input.rawBody]);
	}
	const encoding = input.mode === 'base64' ? 'base64' : 'hex';
	const expected = createHmac('sha256', input.secret).update(payload).digest();
	if (!safeEqual(expected, decodeGiven(input.signature, encoding)))
		return { ok: false, reason: 'bad-signature' };
	return input.mode === 'timestamped'
		? { ok: true, digest: expected.toString('hex') }
		: { ok: true };
}
