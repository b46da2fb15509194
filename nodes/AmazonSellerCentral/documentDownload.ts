/**
 * Downloads a report document from its presigned URL and yields its lines one by one. The URL is
 * fetched without SP-API headers, as Amazon requires (it is presigned; sending the access token to
 * storage would only leak it). GZIP documents are decompressed while streaming, so a 500 MB report
 * is never held whole.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

function charsetOf(contentType: unknown): string {
	const match = /charset=([^;]+)/i.exec(String(contentType ?? ''));
	const charset = (match?.[1] ?? 'utf-8').trim().toLowerCase();
	return charset === 'windows-31j' ? 'shift_jis' : charset;
}

async function* decompress(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	const stream = new DecompressionStream('gzip');
	const writer = stream.writable.getWriter();
	const pump = (async () => {
		for await (const chunk of chunks) await writer.write(chunk);
		await writer.close();
	})();
	pump.catch(() => undefined);
	const reader = stream.readable.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		yield value;
	}
	await pump;
}

export async function* documentLines(
	this: IExecuteFunctions,
	url: string,
	gzip: boolean,
): AsyncGenerator<string> {
	const response = (await this.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		timeout: 300_000,
	})) as { body: AsyncIterable<Uint8Array>; headers: Record<string, unknown>; statusCode: number };
	const decoder = new TextDecoder(charsetOf(response.headers['content-type']));
	const bytes = gzip ? decompress(response.body) : response.body;
	let pending = '';
	for await (const chunk of bytes) {
		const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) yield line;
	}
	pending += decoder.decode();
	if (pending.length > 0) yield pending;
}
