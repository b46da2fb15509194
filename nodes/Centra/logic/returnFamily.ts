/**
 * The Centra returns of one Happy Returns return ("its family") and which units each covers.
 *
 * Centra has no mutation that adds lines to an existing return
 * (https://centra.dev/graphql/mutation.html: createReturn, completeReturn, deleteReturn, no update
 * of lines), so a unit that reaches its credit milestone after its return's credit note was created
 * gets a further return of its own. Identities, all derived from the Happy Returns id (HR id):
 *
 * - the first return of the family carries the HR id itself as its external id, and the units it
 *   covers in a `[units ...]` tail of its comment (the only free text ReturnCreateInput takes,
 *   https://centra.dev/graphql/returncreateinput.html);
 * - every further return covers exactly one unit and carries `<HR id>#unit:<unit key>` as its
 *   external id, so a redelivery or a concurrent execution derives the same id and the
 *   keep-the-earliest repair leaves exactly one;
 * - a unit key is `<SKU>.<unit>` (unit: the unit's number within its SKU in the return, the
 *   drop-off's unitIndex and the check-in's unit), each part URI-encoded so it holds no `#`,
 *   space or bracket. A second unit with the same key (one SKU on two order lines) is `~2`, ...
 *
 * `happyReturnsIdOf` is the one place a derived external id is read back to its HR id.
 * Pure: imports nothing from n8n.
 */

export const FURTHER_MARK = '#unit:';

export interface ReturnUnit {
	sku: string;
	unit: string;
}

export function unitKey(unit: ReturnUnit): string {
	return `${encodeURIComponent(unit.sku.trim())}.${encodeURIComponent(unit.unit.trim())}`;
}

function parseKey(key: string): ReturnUnit | null {
	const bare = key.replace(/~\d+$/, '');
	const dot = bare.lastIndexOf('.');
	if (dot <= 0) return null;
	try {
		return {
			sku: decodeURIComponent(bare.slice(0, dot)),
			unit: decodeURIComponent(bare.slice(dot + 1)),
		};
	} catch {
		return null;
	}
}

/** The external id of the further return that covers one unit (occurrence 1, 2, ... of its key). */
export function furtherExternalId(happyReturnsId: string, key: string, occurrence = 1): string {
	return `${happyReturnsId}${FURTHER_MARK}${key}${occurrence > 1 ? `~${occurrence}` : ''}`;
}

/** The Happy Returns id a Centra return belongs to: its external id, without a further unit's tail. */
export function happyReturnsIdOf(externalId: string | null | undefined): string | null {
	if (externalId === null || externalId === undefined || externalId === '') return null;
	const at = externalId.lastIndexOf(FURTHER_MARK);
	return at > 0 ? externalId.slice(0, at) : externalId;
}

const UNITS_TAIL = /\s*\[units ([^\]]*)\]\s*$/;

/** The comment of a first return: the caller's comment with the units it covers as a tail. */
export function commentWithUnits(comment: string, keys: string[]): string {
	const tail = `[units ${keys.join(' ')}]`;
	return comment.trim() ? `${comment.trim()} ${tail}` : tail;
}

/**
 * Unit keys a return covers, with repeats (`~n` dropped): from a further return's external id, or
 * from a first return's comment tail; null when the return does not say (a return created before
 * units were recorded, or a comment Centra does not give back).
 */
export function unitKeysOf(externalId: string | null, comment: string | null): string[] | null {
	if (externalId) {
		const at = externalId.lastIndexOf(FURTHER_MARK);
		if (at > 0) return [externalId.slice(at + FURTHER_MARK.length).replace(/~\d+$/, '')];
	}
	const tail = UNITS_TAIL.exec(comment ?? '');
	if (!tail) return null;
	return tail[1].split(/\s+/).filter((k) => k !== '');
}

/** The units a return covers, as { sku, unit }; [] when it does not say. */
export function unitsOf(externalId: string | null, comment: string | null): ReturnUnit[] {
	return (unitKeysOf(externalId, comment) ?? [])
		.map(parseKey)
		.filter((u): u is ReturnUnit => u !== null);
}

export interface FamilyMember {
	id: number;
	externalId: string | null;
	comment: string | null;
}

/** Whether a return belongs to the family of this HR id. */
export function inFamily(happyReturnsId: string, externalId: string | null): boolean {
	if (!externalId) return false;
	return (
		externalId === happyReturnsId ||
		(externalId.startsWith(happyReturnsId + FURTHER_MARK) &&
			externalId.lastIndexOf(FURTHER_MARK) === happyReturnsId.length)
	);
}

export interface Coverage {
	/** Per wanted unit (by position): the Centra return id that covers it, or null. */
	coveredBy: Array<number | null>;
	/** The first return (external id = HR id), the earliest when duplicates still exist. */
	first: FamilyMember | null;
	/** For each uncovered unit (by position), the external id of the further return to create. */
	furtherIds: Map<number, string>;
}

/**
 * Which wanted units the family already covers. Duplicates of one external id (a concurrent
 * write not yet repaired) count once: the earliest (lowest id) is the one that stays. A first
 * return that does not list its units is taken to cover every wanted unit of a SKU it holds, up to
 * its quantity of that SKU (the behaviour before units were recorded: never a second credit).
 */
export function coverage(
	happyReturnsId: string,
	members: Array<FamilyMember & { skuQuantities?: Map<string, number> }>,
	wanted: ReturnUnit[],
): Coverage {
	const earliestOf = new Map<string, FamilyMember & { skuQuantities?: Map<string, number> }>();
	for (const m of members) {
		if (!inFamily(happyReturnsId, m.externalId)) continue;
		const seen = earliestOf.get(m.externalId!);
		if (!seen || m.id < seen.id) earliestOf.set(m.externalId!, m);
	}
	const pool = new Map<string, number[]>();
	const give = (key: string, id: number) => pool.set(key, [...(pool.get(key) ?? []), id]);
	const first = earliestOf.get(happyReturnsId) ?? null;
	let unlisted: Map<string, number> | null = null;
	for (const m of [...earliestOf.values()].sort((a, b) => a.id - b.id)) {
		const keys = unitKeysOf(m.externalId, m.comment);
		if (keys) for (const key of keys) give(key, m.id);
		else if (m === first) unlisted = new Map(m.skuQuantities ?? []);
	}
	const coveredBy: Array<number | null> = wanted.map((unit) => {
		const ids = pool.get(unitKey(unit));
		if (ids && ids.length > 0) return ids.shift()!;
		const left = unlisted?.get(unit.sku.trim().toUpperCase()) ?? 0;
		if (first && unlisted && left > 0) {
			unlisted.set(unit.sku.trim().toUpperCase(), left - 1);
			return first.id;
		}
		return null;
	});
	const furtherIds = new Map<number, string>();
	if (first) {
		const occurrences = new Map<string, number>();
		for (const m of earliestOf.values())
			for (const key of unitKeysOf(m.externalId, m.comment) ?? [])
				occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
		wanted.forEach((unit, index) => {
			if (coveredBy[index] !== null) return;
			const key = unitKey(unit);
			const n = (occurrences.get(key) ?? 0) + 1;
			occurrences.set(key, n);
			furtherIds.set(index, furtherExternalId(happyReturnsId, key, n));
		});
	}
	return { coveredBy, first, furtherIds };
}
