/**
 * Interns matching keys (order numbers, SKUs, return ids, bags, tracking numbers...) as integer
 * ids, so that joins compare integers and each distinct key is held once however many rows
 * carry it. Id 0 is the empty key ("not given").
 *
 * The texts live in a TextArena and the index is an open-addressing hash table of ids in an
 * Int32Array: at millions of keys nothing here is a heap object, so the garbage collector has
 * nothing to trace (a JS Map of strings made its full collections the engine's largest cost).
 */
import { IntColumn } from './columns';
import { TextArena } from './textArena';

// Recently decoded ids, so the keys a group's rows share are decoded once.
const RECENT = 1 << 12;

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
	private readonly hashes = new IntColumn();
	private slots: Int32Array | null = new Int32Array(1 << 12);
	private readonly recentIds = new Int32Array(RECENT).fill(-1);
	private readonly recentTexts: string[] = new Array<string>(RECENT).fill('');

	constructor() {
		this.texts.add('');
		this.hashes.push(0);
	}

	/** Number of ids given out, including 0 for the empty key. */
	get size(): number {
		return this.texts.length;
	}

	/** The id of `value`, adding it when new. */
	id(value: string): number {
		if (value === '') return 0;
		const slots = this.slots;
		if (!slots) throw new Error('The key table is sealed: no keys can be added or looked up by text');
		const hash = hashText(value);
		const mask = slots.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const id = slots[slot];
			if (id === 0) return this.insert(value, hash, slot);
			if (this.hashes.at(id) === hash && this.texts.equals(id, value)) return id;
		}
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
	}

	private insert(value: string, hash: number, slot: number): number {
		const id = this.texts.add(value);
		this.hashes.push(hash);
		const slots = this.slots as Int32Array;
		slots[slot] = id;
		// At most half full, so probes stay short.
		if (id * 2 >= slots.length) this.grow();
		return id;
	}

	private grow(): void {
		const slots = new Int32Array((this.slots as Int32Array).length * 2);
		const mask = slots.length - 1;
		for (let id = 1; id < this.texts.length; id++) {
			let slot = this.hashes.at(id) & mask;
			while (slots[slot] !== 0) slot = (slot + 1) & mask;
			slots[slot] = id;
		}
		this.slots = slots;
	}
}
