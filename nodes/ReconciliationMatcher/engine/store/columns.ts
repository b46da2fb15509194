/**
 * Growable typed-array columns. The engine keeps millions of rows; as typed arrays they cost
 * 4 or 8 bytes a field instead of a heap object per record, and the garbage collector never
 * has to walk them.
 */

export class IntColumn {
	data = new Int32Array(256);
	length = 0;

	push(value: number): void {
		if (this.length === this.data.length) {
			const next = new Int32Array(this.data.length * 2);
			next.set(this.data);
			this.data = next;
		}
		this.data[this.length++] = value;
	}
}

/** Float64 values: timestamps, money in minor units and quantities (exact up to 2^53); NaN = none. */
export class NumberColumn {
	data = new Float64Array(256);
	length = 0;

	push(value: number): void {
		if (this.length === this.data.length) {
			const next = new Float64Array(this.data.length * 2);
			next.set(this.data);
			this.data = next;
		}
		this.data[this.length++] = value;
	}
}
