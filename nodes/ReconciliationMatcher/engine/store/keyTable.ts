/**
 * Interns matching keys (order numbers, SKUs, return ids, bags, tracking numbers...) as integer
 * ids, so that joins compare integers and each distinct key is held once however many rows
 * carry it. Id 0 is the empty key ("not given").
 *
 * The texts live in a TextArena and the index is an open-addressing hash table in an Int32Array:
 * at millions of keys nothing here is a heap object, so the garbage collector has nothing to
 * trace (a JS Map of strings made its full collections the engine's largest cost). Each slot
 * holds the id, the hash, and the text's location and length, so a lookup touches one slot and
 * the characters it compares: at millions of keys every other read would be a cache miss.
 */
import { TextArena } from './textArena';

// Recently decoded ids, so the keys a group's rows share are decoded once.
const RECENT = 1 << 12;
// Recently interned texts by hash: rows of one return, and vocabulary fields (currency, channel,
// warehouse, disposition), repeat keys, and this small table stays in the processor's cache
// where the full table (megabytes at millions of keys) does not.
const CACHED = 1 << 14;
// Int32 fields per slot: id (0 = free), hash, text location, text length.
const SLOT_SHIFT = 2;
const SLOT = 1 << SLOT_SHIFT;

/** FNV-1a over UTF-16 code units: cheap, and spreads keys that differ in one digit. */
function hashText(value: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < value.length; i++) {
		hash ^= value.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash | 0;
}

export class KeyTable {
	private readonly texts = new TextArena();
	private slots: Int32Array | null = new Int32Array(SLOT << 12);
	private readonly recentIds = new Int32Array(RECENT).fill(-1);
	private readonly recentTexts: string[] = new Array<string>(RECENT).fill('');
	private readonly cachedTexts: string[] = new Array<string>(CACHED).fill('');
	private readonly cachedIds = new Int32Array(CACHED);

	constructor() {
		this.texts.add('');
	}

	/** Number of ids given out, including 0 for the empty key. */
	get size(): number {
		return this.texts.length;
	}

	/** The id of `value`, adding it when new. */
	id(value: string): number {
		if (value === '') return 0;
		const slots = this.slots;
		if (!slots)
			throw new Error('The key table is sealed: no keys can be added or looked up by text');
		const hash = hashText(value);
		const cached = hash & (CACHED - 1);
		if (this.cachedTexts[cached] === value) return this.cachedIds[cached];
		const id = this.lookup(slots, value, hash);
		this.cachedTexts[cached] = value;
		this.cachedIds[cached] = id;
		return id;
	}

	/** The text of id `id`. */
	text(id: number): string {
		if (id === 0) return '';
		const recent = id & (RECENT - 1);
		if (this.recentIds[recent] === id) return this.recentTexts[recent];
		const text = this.texts.text(id);
		this.recentIds[recent] = id;
		this.recentTexts[recent] = text;
		return text;
	}

	/** Drops the text-to-id index once every record is in; ids still turn back into text. */
	seal(): void {
		this.slots = null;
		this.cachedTexts.fill('');
	}

	private lookup(slots: Int32Array, value: string, hash: number): number {
		const mask = (slots.length >> SLOT_SHIFT) - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const at = slot << SLOT_SHIFT;
			const id = slots[at];
			if (id === 0) return this.insert(value, hash, at);
			if (slots[at + 1] === hash && this.texts.equalsAt(slots[at + 2], slots[at + 3], value))
				return id;
		}
	}

	private insert(value: string, hash: number, at: number): number {
		const id = this.texts.add(value);
		const slots = this.slots as Int32Array;
		slots[at] = id;
		slots[at + 1] = hash;
		slots[at + 2] = this.texts.location(id);
		slots[at + 3] = value.length;
		// At most half full, so probes stay short.
		if (id * 2 * SLOT >= slots.length) this.grow();
		return id;
	}

	private grow(): void {
		const old = this.slots as Int32Array;
		const slots = new Int32Array(old.length * 2);
		const mask = (slots.length >> SLOT_SHIFT) - 1;
		for (let from = 0; from < old.length; from += SLOT) {
			if (old[from] === 0) continue;
			let slot = old[from + 1] & mask;
			while (slots[slot << SLOT_SHIFT] !== 0) slot = (slot + 1) & mask;
			const to = slot << SLOT_SHIFT;
			slots[to] = old[from];
			slots[to + 1] = old[from + 1];
			slots[to + 2] = old[from + 2];
			slots[to + 3] = old[from + 3];
		}
		this.slots = slots;
	}
}
