/**
 * Append-only typed-array columns in fixed chunks. The engine keeps millions of rows; as typed
 * arrays they cost 4 or 8 bytes a field instead of a heap object per record, and the garbage
 * collector never walks them. Chunks (rather than one array grown by copying) mean no row is
 * ever copied and no freed buffers are left behind: memory is the data plus one partial chunk.
 */

// IntColumn and NumberColumn are written out separately on purpose: a shared generic base makes
// `at` and `push` polymorphic over two array types, measurably slower on the hottest path.
const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class IntColumn {
	private readonly chunks: Int32Array[] = [];
	length = 0;

	push(value: number): void {
		const offset = this.length & MASK;
		if (offset === 0) this.chunks.push(new Int32Array(CHUNK));
		this.chunks[this.chunks.length - 1][offset] = value;
		this.length++;
	}

	at(index: number): number {
		return this.chunks[index >>> SHIFT][index & MASK];
	}

	/** Values from `start` (inclusive) to `end` (exclusive). */
	slice(start: number, end: number): number[] {
		const out: number[] = [];
		for (let i = start; i < end; i++) out.push(this.at(i));
		return out;
	}
}

/** Float64 values: timestamps, money in minor units and quantities (exact up to 2^53); NaN = none. */
export class NumberColumn {
	private readonly chunks: Float64Array[] = [];
	length = 0;

	push(value: number): void {
		const offset = this.length & MASK;
		if (offset === 0) this.chunks.push(new Float64Array(CHUNK));
		this.chunks[this.chunks.length - 1][offset] = value;
		this.length++;
	}

	at(index: number): number {
		return this.chunks[index >>> SHIFT][index & MASK];
	}
}

/** Small non-negative integers (0 to 255): codes and flags, a byte a row instead of four. */
export class ByteColumn {
	private readonly chunks: Uint8Array[] = [];
	length = 0;

	push(value: number): void {
		if (value !== (value & 0xff)) throw new Error(`A byte column holds 0 to 255, not ${value}`);
		const offset = this.length & MASK;
		if (offset === 0) this.chunks.push(new Uint8Array(CHUNK));
		this.chunks[this.chunks.length - 1][offset] = value;
		this.length++;
	}

	at(index: number): number {
		return this.chunks[index >>> SHIFT][index & MASK];
	}
}

/**
 * The item number of each row (its index in the caller's input). Callers nearly always add an
 * input's items in order, one row each, so the item is the row number and nothing is stored; the
 * column is written out only from the first row whose item differs (a rejected item, an item
 * number given out of order), and then holds every row's item.
 */
export class ItemColumn {
	private column: IntColumn | null = null;
	length = 0;

	push(item: number): void {
		if (this.column === null) {
			if (item === this.length) {
				this.length++;
				return;
			}
			this.column = new IntColumn();
			for (let row = 0; row < this.length; row++) this.column.push(row);
		}
		this.column.push(item);
		this.length++;
	}

	at(row: number): number {
		return this.column === null ? row : this.column.at(row);
	}
}

/** A column of interned key ids: `pushKey` interns the text and stores its id. */
export class KeyColumn extends IntColumn {
	// The previous row's key: vocabulary columns (currency, channel, warehouse, disposition, unit)
	// repeat it row after row, and comparing with it is cheaper than hashing the text again.
	private lastText = '';
	private lastId = 0;

	constructor(private readonly intern: (value: string) => number) {
		super();
	}

	pushKey(value: string): void {
		if (value !== this.lastText) {
			this.lastId = this.intern(value);
			this.lastText = value;
		}
		this.push(this.lastId);
	}
}
