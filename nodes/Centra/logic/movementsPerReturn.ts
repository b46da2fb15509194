/**
 * A stock change that moves the units of several returns at once (03 routes every unit of one
 * warehouse POST with one change per bucket, to spend fewer of Centra's shared mutations) is read
 * as one movement per return, so whoever reads movements by return (the nightly reconciliation
 * keeps the return id from the second word of a movement's reference, the stock-movement monitor
 * reads them by `HR <return id> `) sees only that return's units and lines.
 *
 * Each unit reference the change lists ("HR <return id> <SKU> u<unit> <stage>", helpers/moveOnce.ts)
 * names its SKU. A part gets, of each line, one piece per reference of its return naming the line's
 * SKU or EAN. That is exact only when every unit reference is one piece, which the batching side
 * guarantees (units of more than one piece are batched within their return); a change where the
 * line quantities do not add up that way is left whole, as it was written.
 */
import { referencesOf, referenceWord } from './stockReference';

export interface MovementLine {
	sku: string;
	ean: string | null;
	quantity: number;
}

export interface Movement {
	id: number | string;
	reference: string;
	lines: MovementLine[];
	[field: string]: unknown;
}

interface UnitReference {
	text: string;
	returnId: string;
	sku: string;
}

function parse(text: string): UnitReference | null {
	const words = text.trim().split(/\s+/);
	if (words[0] !== 'HR' || words.length < 4) return null;
	return { text, returnId: words[1], sku: words[2] };
}

const names = (line: MovementLine, sku: string) =>
	referenceWord(line.sku) === sku || (line.ean !== null && referenceWord(line.ean) === sku);

/**
 * One movement per return the change moves units of, in the order the comment lists them; a change
 * of one return (or one this cannot attribute exactly) is returned as it is. A part keeps the
 * change's fields, with `id` "<change id>:<return id>" (so a ledger keyed by movement id holds one
 * row per part), `stockChangeId` the change's id, and the references and lines of its return.
 */
export function movementsPerReturn<M extends Movement>(movement: M): M[] {
	const units = referencesOf(movement.reference).map(parse);
	if (units.some((u) => u === null)) return [movement];
	const refs = units as UnitReference[];
	const returnIds = [...new Set(refs.map((u) => u.returnId))];
	if (returnIds.length < 2) return [movement];
	const whole = movement.lines.every((line) => {
		const pieces = refs.filter((u) => names(line, u.sku)).length;
		return pieces > 0 && Math.abs(line.quantity) === pieces;
	});
	if (!whole) return [movement];
	return returnIds.map((returnId) => {
		const own = refs.filter((u) => u.returnId === returnId);
		return {
			...movement,
			id: `${movement.id}:${returnId}`,
			stockChangeId: movement.id,
			reference: own.map((u) => u.text).join('; '),
			lines: movement.lines
				.map((line) => ({
					...line,
					quantity: Math.sign(line.quantity) * own.filter((u) => names(line, u.sku)).length,
				}))
				.filter((line) => line.quantity !== 0),
		};
	});
}
