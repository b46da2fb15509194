/** The "Outside n8n" engine example of docs/nodes/reconciliation-matcher.md runs as written. */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as engine from '../../nodes/ReconciliationMatcher/engine';
import { event, movement, receipt, refund } from './fixtures';

function example(): string {
	const doc = readFileSync(join(__dirname, '../../docs/nodes/reconciliation-matcher.md'), 'utf8');
	const block = /## Large runs[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc);
	if (!block) throw new Error('no engine example in the node doc');
	return block[1];
}

describe('node doc: the engine example outside n8n', () => {
	it('runs as written and normalises the names the templates use', async () => {
		const code = example()
			.replace(/^import \{([^}]*)\} from '[^']*';$/m, 'const {$1} = engine;')
			.replace(
				/^\/\/ \.\.\..*$/m,
				'for (const [kind, rows] of otherInputs) for (const row of rows) run.add(kind, row);',
			);
		const lines: unknown[] = [];
		const refundPages = (async function* () {
			yield [refund({ refundedAt: '2026-10-01T00:00:00Z' })];
		})();
		const otherInputs = [
			['returnEvents', [event({ scannedAt: '2026-10-01T00:00:00Z' })]],
			[
				'receipts',
				[receipt({ receivedAt: '2026-10-05T00:00:00Z', trackingNumber: '', bagBarcode: '' })],
			],
			[
				'stockMovements',
				[
					movement({ warehouse: 'In transit', quantity: 1, movedAt: '2026-10-02T00:00:00Z' }),
					movement({ warehouse: 'In transit', quantity: -1, movedAt: '2026-10-05T00:00:00Z' }),
					movement({ warehouse: 'Main', quantity: 1, movedAt: '2026-10-05T00:00:00Z' }),
				],
			],
		];
		const body = new Function(
			'engine',
			'refundPages',
			'otherInputs',
			'registerRows',
			'writeLine',
			`return (async () => { ${code}; return result; })();`,
		) as (...args: unknown[]) => Promise<engine.ReconciliationResult>;
		const result = await body(engine, refundPages, otherInputs, [], (line: unknown) =>
			lines.push(line),
		);
		expect(result.rejected).toEqual([]);
		expect(result.changes).toEqual([]);
		expect(lines).toEqual([expect.objectContaining({ orderNumber: '1001', state: 'matched' })]);
	});
});
