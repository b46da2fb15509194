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

/**
 * Gunzips while streaming. When the download fails mid-stream the error is passed to the
 * decompressor (writer.abort), so the reader rejects instead of waiting forever.
 */
export async function* decompress(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	const stream = new DecompressionStream('gzip');
	const writer = stream.writable.getWriter();
	let failure: unknown;
	const pump = (async () => {
		try {
			for await (const chunk of chunks) await writer.write(chunk);
			await writer.close();
		} catch (error) {
			failure ??= error;
			await writer.abort(error).catch(() => undefined);
		}
	})();
	const reader = stream.readable.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			yield value;
		}
	} catch (error) {
		throw failure ?? error;
	} finally {
		reader.releaseLock();
	}
	await pump;
	if (failure) throw failure;
}

/**
 * Splits decoded text into lines, handed out as one array per decoded chunk so a consumer loops
 * over them synchronously (one await per chunk, not per line: a 500 MB report has millions of
 * lines). A line longer than a chunk is collected as parts and joined once, and only the new text
 * is searched for line ends, so a very long line costs linear time.
 */
export async function* splitLineBatches(texts: AsyncIterable<string>): AsyncGenerator<string[]> {
	let parts: string[] = [];
	for await (const text of texts) {
		const lines: string[] = [];
		let from = 0;
		for (;;) {
			const at = text.indexOf('\n', from);
			if (at === -1) break;
			const tail = text.slice(from, at);
			if (parts.length === 0) lines.push(tail);
			else {
				parts.push(tail);
				lines.push(parts.join(''));
				parts = [];
			}
			from = at + 1;
		}
		if (from < text.length) parts.push(text.slice(from));
		if (lines.length > 0) yield lines;
	}
	if (parts.length > 0) yield [parts.join('')];
}

/** The same lines one at a time. */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<string> {
	for await (const lines of splitLineBatches(texts)) yield* lines;
}

/** Bytes (gzip or not) in the given charset to batches of lines, without any download. */
export function linesOfBytes(
	bytes: AsyncIterable<Uint8Array>,
	gzip: boolean,
	charset = 'utf-8',
): AsyncGenerator<string[]> {
	const decoder = new TextDecoder(charset);
	return splitLineBatches(decodeText(gzip ? decompress(bytes) : bytes, decoder));
}

async function* decodeText(
	bytes: AsyncIterable<Uint8Array>,
	decoder: InstanceType<typeof TextDecoder>,
): AsyncGenerator<string> {
	for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
	yield decoder.decode();
}

/** Downloads a document and yields its lines in batches (see splitLineBatches). */
export async function* documentLineBatches(
	this: IExecuteFunctions,
	url: string,
	gzip: boolean,
): AsyncGenerator<string[]> {
	const response = (await this.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		timeout: 300_000,
	})) as { body: AsyncIterable<Uint8Array>; headers: Record<string, unknown>; statusCode: number };
	yield* linesOfBytes(response.body, gzip, charsetOf(response.headers['content-type']));
}

/** Downloads a document and yields its lines one by one. */
export async function* documentLines(
	this: IExecuteFunctions,
	url: string,
	gzip: boolean,
): AsyncGenerator<string> {
	for await (const lines of documentLineBatches.call(this, url, gzip)) yield* lines;
}
