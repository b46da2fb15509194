/**
 * The nesting check jumps from bracket to bracket with a regex; it must answer as the rule reads,
 * one character at a time (a bracket counts unless it is inside a string; inside a string a
 * backslash escapes the character after it; a string that never closes runs to the end), wherever
 * quotes, backslashes and brackets fall, and also on a body too large for the regex engine.
 */
import { jsonDepthExceeds } from '../../nodes/HappyReturns/shared/logic/canonicalEvents';

/** Deterministic pseudo-random generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The rule, one character at a time: the deepest nesting outside strings. */
function deepest(text: string): number {
	let depth = 0;
	let most = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '[' || c === '{') most = Math.max(most, ++depth);
		else if (c === ']' || c === '}') depth--;
	}
	return most;
}

const ALPHABET = ['"', '\\', '[', ']', '{', '}', 'a', ':', ',', ' ', '\n', 'é', '😀'];

function text(next: () => number, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
	return out;
}

describe('jsonDepthExceeds', () => {
	it('answers as the rule for random mixes of quotes, backslashes, brackets and line breaks', () => {
		const differing: unknown[] = [];
		for (let seed = 1; seed <= 5000; seed++) {
			const next = random(seed);
			const sample = text(next, 1 + Math.floor(next() * 40));
			const most = deepest(sample);
			for (const limit of [0, 1, 2, 3, 5])
				if (jsonDepthExceeds(sample, limit) !== most > limit)
					differing.push({ seed, sample, limit, most });
		}
		expect(differing).toEqual([]);
	});

	it('skips escaped quotes and brackets inside strings, and counts brackets after them', () => {
		const cases: Array<[string, number, boolean]> = [
			['{"a":"\\"[[[[","b":1}', 1, false],
			['{"a":"\\\\","b":[[1]]}', 2, true],
			['{"a":"\\\\","b":[[1]]}', 3, false],
			['"\\', 0, false],
			['\\"[[', 0, false],
			['\\[[', 1, true],
			['"abc', 0, false],
			['"abc"[[', 1, true],
			['["x\\"y",["z"]]', 1, true],
			['["x\\\n",["z"]]', 1, true],
		];
		for (const [sample, limit, exceeds] of cases)
			expect([sample, limit, jsonDepthExceeds(sample, limit)]).toEqual([sample, limit, exceeds]);
	});

	it('answers for a body of millions of strings, where the regex engine runs out of stack', () => {
		const strings = '"a\\"[",'.repeat(3_000_000);
		const deep = `[${strings}${'['.repeat(40)}${']'.repeat(40)}]`;
		const shallow = `[${strings}${'['.repeat(30)}${']'.repeat(30)}]`;
		expect([jsonDepthExceeds(deep, 32), jsonDepthExceeds(shallow, 32)]).toEqual([true, false]);
	});
});
