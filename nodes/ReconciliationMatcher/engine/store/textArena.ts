/**
 * Strings kept as UTF-16 code units in large typed-array chunks: millions of keys or refund ids
 * add no objects for the garbage collector to trace, and cost two bytes a character. A string
 * never spans two chunks; one longer than a chunk gets a chunk of its own.
 */
import { IntColumn } from './columns';

const CHUNK_CHARS = 1 << 20;
// String.fromCharCode takes its characters as arguments: decode long texts in slices.
const DECODE_SLICE = 4096;

export class TextArena {
	private readonly chunks: Uint16Array[] = [];
	private used = CHUNK_CHARS;
	private readonly chunkOf = new IntColumn();
	private readonly offsetOf = new IntColumn();
	private readonly lengthOf = new IntColumn();

	get length(): number {
		return this.lengthOf.length;
	}

	/** Stores `value`; returns its index. */
	add(value: string): number {
		const length = value.length;
		if (this.used + length > CHUNK_CHARS || this.chunks.length === 0) {
			this.chunks.push(new Uint16Array(Math.max(CHUNK_CHARS, length)));
			this.used = 0;
		}
		const chunk = this.chunks[this.chunks.length - 1];
		const offset = this.used;
		for (let i = 0; i < length; i++) chunk[offset + i] = value.charCodeAt(i);
		this.used += length;
		this.chunkOf.push(this.chunks.length - 1);
		this.offsetOf.push(offset);
		this.lengthOf.push(length);
		return this.lengthOf.length - 1;
	}

	/** Whether text `index` is `value`, compared without building a string. */
	equals(index: number, value: string): boolean {
		const length = this.lengthOf.at(index);
		if (length !== value.length) return false;
		const chunk = this.chunks[this.chunkOf.at(index)];
		const offset = this.offsetOf.at(index);
		for (let i = 0; i < length; i++) if (chunk[offset + i] !== value.charCodeAt(i)) return false;
		return true;
	}

	text(index: number): string {
		const length = this.lengthOf.at(index);
		const chunk = this.chunks[this.chunkOf.at(index)];
		const offset = this.offsetOf.at(index);
		if (length <= DECODE_SLICE) return String.fromCharCode.apply(null, chunk.subarray(offset, offset + length) as unknown as number[]);
		let out = '';
		for (let from = 0; from < length; from += DECODE_SLICE) {
			const end = Math.min(length, from + DECODE_SLICE);
			out += String.fromCharCode.apply(null, chunk.subarray(offset + from, offset + end) as unknown as number[]);
		}
		return out;
	}
}
