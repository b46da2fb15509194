/**
 * A list of Centra order numbers as a batched look-up takes it: an array, or text separated by
 * commas, spaces or new lines. Each must be a positive whole number (Centra's `OrderFilter.number`
 * is `[Int!]`, https://centra.dev/graphql/orderfilter.html); repeats are read once. Pure.
 */
export interface OrderNumberList {
	numbers: number[];
	/** The first value that is not an order number, if any (then `numbers` is empty). */
	invalid: string | null;
}

export function parseOrderNumbers(raw: unknown): OrderNumberList {
	const parts = Array.isArray(raw)
		? raw.map((value) => String(value ?? '').trim())
		: String(raw ?? '').split(/[\s,;]+/);
	const numbers = new Set<number>();
	for (const part of parts) {
		if (part === '') continue;
		const number = /^\d+$/.test(part) ? Number(part) : Number.NaN;
		if (!Number.isSafeInteger(number) || number <= 0) return { numbers: [], invalid: part };
		numbers.add(number);
	}
	return { numbers: [...numbers], invalid: null };
}

/** The list in batches of at most `size`, in order. */
export function batches<T>(values: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let start = 0; start < values.length; start += size)
		out.push(values.slice(start, start + size));
	return out;
}
