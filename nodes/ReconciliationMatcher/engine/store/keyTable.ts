/**
 * Interns matching keys (order numbers, SKUs, return ids, bags, tracking numbers...) as integer
 * ids, so that joins compare integers and each distinct key is held once however many rows
 * carry it. Id 0 is the empty key ("not given").
 */

// V8 caps one Map at 2^24 entries; sharding keeps room for tens of millions of distinct keys.
const SHARDS = 16;

export class KeyTable {
	private shards: Array<Map<string, number>> | null = Array.from({ length: SHARDS }, () => new Map());
	readonly values: string[] = [''];

	get size(): number {
		return this.values.length;
	}

	private shard(value: string): Map<string, number> {
		if (!this.shards) throw new Error('The key table is sealed: no keys can be added or looked up by text');
		return this.shards[(value.length + value.charCodeAt(value.length - 1)) & (SHARDS - 1)];
	}

	/** The id of `value`, adding it when new. */
	id(value: string): number {
		if (value === '') return 0;
		const shard = this.shard(value);
		let id = shard.get(value);
		if (id === undefined) {
			id = this.values.length;
			shard.set(value, id);
			this.values.push(value);
		}
		return id;
	}

	/**
	 * Drops the text-to-id index (a large share of the engine's memory at millions of keys) once
	 * every record is in; ids still turn back into text through `values`.
	 */
	seal(): void {
		this.shards = null;
	}
}
