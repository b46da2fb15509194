/**
 * An incoming-webhook endpoint like Slack's or Teams': accepts POSTed JSON with a `text` field and
 * keeps every message, so tests assert what owners were told.
 */
import { SandboxServer } from '../common/httpServer';

export interface AlertSink {
	url: string;
	messages: Array<{ text: string }>;
	server: SandboxServer;
	close(): Promise<void>;
}

export async function startAlertSink(): Promise<AlertSink> {
	const messages: Array<{ text: string }> = [];
	const server = new SandboxServer({
		rateLimited: () => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }),
		serverError: () => ({ status: 500, body: 'server_error' }),
	});
	server.route('POST', '/hooks/returns', (req) => {
		const text = (req.body as { text?: unknown } | undefined)?.text;
		if (typeof text !== 'string' || !text) return { status: 400, body: 'missing_text' };
		messages.push({ text });
		// Slack answers a plain-text "ok".
		return { status: 200, raw: Buffer.from('ok'), headers: { 'content-type': 'text/plain' } };
	});
	const base = await server.start();
	return { url: `${base}/hooks/returns`, messages, server, close: () => server.close() };
}
