/**
 * A map from a pair of key ids (bag + SKU, tracking number + SKU) to a non-zero integer, as an
 * open-addressing hash table in one Int32Array. A JS Map keyed by `a * size + b` held those keys
 * as heap numbers once they passed 2^31 (at a few hundred thousand returns), and filling it was
 * the largest single cost of grouping; here nothing is allocated per entry.
 */
// Int32 fields per slot: first id, second id, value (0 = free slot).
const SLOT = 3;

function hashPair(a: number, b: number): number {
	let hash = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash ^ b, 0xc2b2ae35);
	return hash ^ (hash >>> 16);
}

export class PairTable {
	private slots = new Int32Array(SLOT << 10);
	private mask = (1 << 10) - 1;
	private count = 0;

	/** The value stored for (a, b); 0 when none. */
	get(a: number, b: number): number {
		const { slots, mask } = this;
		for (let i = hashPair(a, b) & mask; ; i = (i + 1) & mask) {
			const at = i * SLOT;
			const value = slots[at + 2];
			if (value === 0) return 0;
			if (slots[at] === a && slots[at + 1] === b) return value;
		}
	}

	/** Stores a non-zero `value` for (a, b), replacing any earlier one. */
	set(a: number, b: number, value: number): void {
		if (value === 0) throw new Error('PairTable values must be non-zero');
		if ((this.count + 1) * 2 > this.mask + 1) this.grow();
		const { slots, mask } = this;
		for (let i = hashPair(a, b) & mask; ; i = (i + 1) & mask) {
			const at = i * SLOT;
			if (slots[at + 2] === 0) {
				slots[at] = a;
				slots[at + 1] = b;
				slots[at + 2] = value;
				this.count++;
				return;
			}
			if (slots[at] === a && slots[at + 1] === b) {
				slots[at + 2] = value;
				return;
			}
		}
	}

	private grow(): void {
		const old = this.slots;
		const capacity = (this.mask + 1) * 2;
		this.slots = new Int32Array(capacity * SLOT);
		this.mask = capacity - 1;
		this.count = 0;
		for (let at = 0; at < old.length; at += SLOT)
			if (old[at + 2] !== 0) this.set(old[at], old[at + 1], old[at + 2]);
	}
}
