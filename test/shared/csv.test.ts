/**
 * CSV injection, from OWASP's guidance (https://owasp.org/www-community/attacks/CSV_Injection):
 * no cell may start with =, +, -, @, tab or carriage return; such cells get a leading single quote,
 * every cell is double-quoted and inner quotes doubled. Plain numbers stay numbers.
 */
import {
	cellText,
	csvCell,
	csvRow,
	isFormulaLike,
	neutralizeCell,
	toCsv,
} from '../../nodes/shared/csv';

/** Reads one RFC 4180 line back into cells (quoted cells only, as this writer writes them). */
function parseLine(line: string): string[] {
	const cells: string[] = [];
	let i = 0;
	while (i < line.length) {
		expect(line[i]).toBe('"');
		let value = '';
		i++;
		for (;;) {
			if (line[i] === '"' && line[i + 1] === '"') {
				value += '"';
				i += 2;
			} else if (line[i] === '"') {
				i++;
				break;
			} else value += line[i++];
		}
		cells.push(value);
		if (line[i] === ',') i++;
	}
	return cells;
}

describe('neutralizeCell', () => {
	it.each([
		['=1+2', "'=1+2"],
		['+1+2', "'+1+2"],
		["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
		["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
		['\t=1', "'\t=1"],
		['\r=1', "'\r=1"],
		['=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'],
	])('%j starts with a formula trigger: prefixed', (value, expected) => {
		expect(neutralizeCell(value)).toBe(expected);
		expect(isFormulaLike(value)).toBe(true);
	});

	it.each(['', 'plain', 'a=b', ' =1', "'quoted", 'SKU-1', '111-0000000-0000001', 'x@y.z'])(
		'%j does not start with a trigger: unchanged',
		(value) => {
			expect(neutralizeCell(value)).toBe(value);
		},
	);

	it('plain numbers stay numbers; anything more after a sign is neutralised', () => {
		for (const number of ['-12.30', '+5', '-0.5', '-.5', '42'])
			expect(neutralizeCell(number)).toBe(number);
		for (const formula of ['-1+2', '-A1', '+1e3', '-12.30 ', '-12,30', '--1'])
			expect(neutralizeCell(formula)).toBe(`'${formula}`);
	});

	it('with keepNumbers off, a negative number is neutralised too (strict OWASP)', () => {
		expect(neutralizeCell('-12.30', false)).toBe("'-12.30");
	});
});

describe('csvCell, csvRow, toCsv', () => {
	it('every cell is quoted and inner quotes are doubled, so a separator cannot start a new cell', () => {
		expect(csvCell('a,=1+1')).toBe('"a,=1+1"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell(',=1+1')).toBe('",=1+1"');
		expect(parseLine(csvRow(['a,b', 'x"y', '=1']))).toEqual(['a,b', 'x"y', "'=1"]);
	});

	it('values of any type become text', () => {
		expect(cellText(null)).toBe('');
		expect(cellText(undefined)).toBe('');
		expect(cellText(12)).toBe('12');
		expect(cellText(-3)).toBe('-3');
		expect(cellText(true)).toBe('true');
		expect(cellText(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30T00:00:00.000Z');
		expect(cellText({ a: 1 })).toBe('{"a":1}');
	});

	it('a document: header from the keys, CRLF after every line, cells read back as written', () => {
		const records = [
			{ orderId: '111-0000000-0000001', sku: '=cmd', amount: '-29.99' },
			{ orderId: '111-0000000-0000002', note: '@evil', amount: '10.00' },
		];
		const csv = toCsv(records);
		expect(csv.endsWith('\r\n')).toBe(true);
		const lines = csv.split('\r\n').slice(0, -1).map(parseLine);
		expect(lines).toEqual([
			['orderId', 'sku', 'amount', 'note'],
			['111-0000000-0000001', "'=cmd", '-29.99', ''],
			['111-0000000-0000002', '', '10.00', "'@evil"],
		]);
	});

	it('a header that is itself a formula is neutralised, and chosen columns keep their order', () => {
		expect(toCsv([{ b: 1, '=a': 2 }], ['=a', 'b'])).toBe('"\'=a","b"\r\n"2","1"\r\n');
	});

	it('no written cell of any input starts with a trigger once unquoted (property)', () => {
		const alphabet = ['=', '+', '-', '@', '\t', '\r', 'a', '1', '.', '"', ',', ' '];
		let seed = 7;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
		for (let n = 0; n < 500; n++) {
			const value = Array.from(
				{ length: 1 + (next() % 6) },
				() => alphabet[next() % alphabet.length],
			).join('');
			const [cell] = parseLine(csvCell(value, { keepNumbers: false }));
			expect(['=', '+', '-', '@', '\t', '\r']).not.toContain(cell[0]);
			// Nothing lost: the value itself, or the value behind the one quote that neutralises it.
			expect([value, `'${value}`]).toContain(cell);
		}
	});
});
