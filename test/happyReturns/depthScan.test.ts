/**
 * The nesting check over raw bytes jumps over strings with a native search; it must answer
 * exactly as the character-by-character scan over the decoded text does, wherever quotes,
 * backslashes and brackets fall (escaped quotes, a backslash at the very end, unterminated
 * strings, backslashes outside strings, multi-byte characters).
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

const ALPHABET = ['"', '\\', '[', ']', '{', '}', 'a', ':', ',', ' ', 'é', '😀'];

function text(next: () => number, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
	return out;
}

describe('jsonDepthExceeds over bytes', () => {
	it('answers as the scan of the decoded text for random mixes of quotes, backslashes and brackets', () => {
		for (let seed = 1; seed <= 3000; seed++) {
			const next = random(seed);
			const sample = text(next, 1 + Math.floor(next() * 40));
			for (const limit of [0, 1, 2, 3, 5])
				expect([seed, limit, jsonDepthExceeds(Buffer.from(sample, 'utf8'), limit)]).toEqual([
					seed,
					limit,
					jsonDepthExceeds(sample, limit),
				]);
		}
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
			['["x\\"y",["z"]]', 1, true],
		];
		for (const [sample, limit, exceeds] of cases) {
			expect([sample, jsonDepthExceeds(Buffer.from(sample, 'utf8'), limit)]).toEqual([
				sample,
				exceeds,
			]);
			expect([sample, jsonDepthExceeds(sample, limit)]).toEqual([sample, exceeds]);
		}
	});
});
