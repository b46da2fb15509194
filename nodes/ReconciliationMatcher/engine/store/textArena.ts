/**
 * Strings kept as UTF-16 code units in large typed-array chunks: millions of keys or refund ids
 * add no objects for the garbage collector to trace, and cost two bytes a character. A string
 * never spans two chunks; one longer than a chunk gets a chunk of its own.
 *
 * Each string has a location: its chunk times CHUNK_CHARS plus its offset, one int32 that a
 * hash table can keep beside its own entry, so a lookup reads the characters directly.
 */
import { IntColumn } from './columns';

const CHUNK_SHIFT = 20;
const CHUNK_CHARS = 1 << CHUNK_SHIFT;
const OFFSET_MASK = CHUNK_CHARS - 1;
// Locations are positive int32: at most this many chunks (2^31 characters).
const MAX_CHUNKS = 1 << (31 - CHUNK_SHIFT);
// String.fromCharCode takes its characters as arguments: decode long texts in slices.
const DECODE_SLICE = 4096;

export class TextArena {
	private readonly chunks: Uint16Array[] = [];
	private used = CHUNK_CHARS;
	private readonly locationOf = new IntColumn();
	private readonly lengthOf = new IntColumn();

	get length(): number {
		return this.lengthOf.length;
	}

	/** Stores `value`; returns its index. */
	add(value: string): number {
		const length = value.length;
		if (this.used + length > CHUNK_CHARS || this.chunks.length === 0) {
			if (this.chunks.length === MAX_CHUNKS) throw new Error(`Text storage is full (${MAX_CHUNKS} chunks of ${CHUNK_CHARS} characters)`);
			this.chunks.push(new Uint16Array(Math.max(CHUNK_CHARS, length)));
			this.used = 0;
		}
		const chunk = this.chunks[this.chunks.length - 1];
		const offset = this.used;
		for (let i = 0; i < length; i++) chunk[offset + i] = value.charCodeAt(i);
		this.used += length;
		this.locationOf.push(((this.chunks.length - 1) << CHUNK_SHIFT) | offset);
		this.lengthOf.push(length);
		return this.lengthOf.length - 1;
	}

	/** Where text `index` is stored (see the class comment). */
	location(index: number): number {
		return this.locationOf.at(index);
	}

	/** Whether the `length` characters at `location` are `value`, compared without building a string. */
	equalsAt(location: number, length: number, value: string): boolean {
		if (length !== value.length) return false;
		const chunk = this.chunks[location >>> CHUNK_SHIFT];
		const offset = location & OFFSET_MASK;
		for (let i = 0; i < length; i++) if (chunk[offset + i] !== value.charCodeAt(i)) return false;
		return true;
	}

	/** Whether text `index` is `value`. */
	equals(index: number, value: string): boolean {
		return this.equalsAt(this.locationOf.at(index), this.lengthOf.at(index), value);
	}

	text(index: number): string {
		const length = this.lengthOf.at(index);
		const location = this.locationOf.at(index);
		const chunk = this.chunks[location >>> CHUNK_SHIFT];
		const offset = location & OFFSET_MASK;
		if (length <= DECODE_SLICE) return String.fromCharCode.apply(null, chunk.subarray(offset, offset + length) as unknown as number[]);
		let out = '';
		for (let from = 0; from < length; from += DECODE_SLICE) {
			const end = Math.min(length, from + DECODE_SLICE);
			out += String.fromCharCode.apply(null, chunk.subarray(offset + from, offset + end) as unknown as number[]);
		}
		return out;
	}
}
