/**
 * A Data Table claim's loser drops its own row before the winner's side effect runs. One execution
 * can insert one key twice: a drop-off with two units of one order claims that order's note once
 * per unit, a receipt batch with two returns of one order claims its "processed" note twice. The
 * first row wins; if the loser's drop ran after the winner's vendor call, a failed call (a Centra
 * fault, as the queue storm injects) ended the execution with both rows in the ledger. n8n's v1
 * order runs a node's children top to bottom on the canvas, whichever output they hang on, so in
 * every claim the loser's drop is a dead end placed above the winner's path. Where the loser goes
 * on (it marks rows processed once the winner is done), that continuation hangs on the same output
 * placed below the winner's path: run first, it would mark a return processed before the winner's
 * call, and a failed call would then never be replayed.
 * Seen in the 300-return queue storm: repeated `centra-note:<order>:in-transit` rows with
 * consecutive ids; 03's note was reproduced here (29 rows for 27 orders before the drop moved up).
 */
import { allTemplates, type Template } from '../../harness/templateFiles';
import {
	deliverNotification,
	dropOffAndWarehouse,
	deliverReceipts,
	ledgerFacts,
	receiptsOf,
	startReturnsFlow,
	type FlowTemplates,
} from '../../harness/reliability/returnsFlow';

const claimIfs = (t: Template) =>
	t.nodes.filter((n) => n.type === 'n8n-nodes-base.if' && /^First /.test(n.name));

describe("every claim's loser drop runs before the winner's path, its continuation after", () => {
	const cases = Object.values(allTemplates()).flatMap((t) =>
		claimIfs(t).map((n) => [t.name, n.name, t] as const),
	);

	it('finds the claims of 01, 02, 03, 09, 10, 11 and 13', () => {
		expect(cases.length).toBe(12);
	});

	it.each(cases)('%s: %s', (_workflow, name, template) => {
		const y = (node: string) => template.nodes.find((n) => n.name === node)!.position[1];
		const [won, lost] = template.connections[name].main.map((output) => output ?? []);
		const drops = lost.filter((c) => /^Drop the repeated /.test(c.node));
		expect(drops).toHaveLength(1);
		const drop = drops[0].node;
		expect(template.connections[drop]?.main?.flat() ?? []).toEqual([]);
		const winnerTop = Math.min(...won.map((c) => y(c.node)));
		const winnerBottom = Math.max(...won.map((c) => y(c.node)));
		expect(y(drop)).toBeLessThan(winnerTop);
		for (const next of lost.filter((c) => c.node !== drop))
			expect(y(next.node)).toBeGreaterThan(winnerBottom);
	});
});

/** The template with one node turned into a fault: every call of it fails. */
function failing(template: Template, node: string): Template {
	const copy = structuredClone(template);
	const target = copy.nodes.find((n) => n.name === node)!;
	Object.assign(target, {
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		parameters: { errorMessage: `Centra refused: ${node} (a fault)` },
		credentials: undefined,
	});
	return copy;
}

// [claim, template, the winner's vendor call, claim key prefix, settings, receipts per delivery]
const failures: Array<
	[string, 'dropOff' | 'warehouse', string, string, Record<string, unknown>, number]
> = [
	['02 "in transit" note', 'dropOff', 'Note: in transit', 'centra-note:', {}, 1],
	['02 refund at first scan', 'dropOff', 'Refund in Centra', 'centra-refund:', {}, 1],
	[
		'03 "processed" note',
		'warehouse',
		'Note: processed',
		'centra-note:',
		{ orderNotes: 'receipt' },
		5,
	],
	[
		'03 refund at receipt',
		'warehouse',
		'Refund in Centra',
		'centra-refund:',
		{ storefrontRefundAt: 'receipt' },
		5,
	],
];

it.each(failures)(
	'%s failing on every call: one claim row per key, whatever the units of an execution',
	async (_claim, which, call, prefix, settings, perDelivery) => {
		const flow = await startReturnsFlow(40, 31);
		const templates: Partial<FlowTemplates> = dropOffAndWarehouse(settings);
		templates[which] = failing(templates[which]!, call);
		flow.templates = templates;
		try {
			for (const webhook of flow.webhooks) await deliverNotification(flow, webhook.body);
			const receipts = receiptsOf(flow);
			for (let i = 0; i < receipts.length; i += perDelivery)
				await deliverReceipts(flow, receipts.slice(i, i + perDelivery));
			const claims = flow.tables
				.rows('Returns Event Ledger')
				.filter((r) => String(r.eventId).startsWith(prefix));
			expect(flow.failures.length).toBeGreaterThan(0);
			expect(claims.length).toBeGreaterThan(0);
			expect(claims.length).toBe(new Set(claims.map((r) => r.eventId)).size);
			const facts = ledgerFacts(flow);
			expect(facts.ledgerRows).toBe(facts.distinctLedgerEvents);
		} finally {
			await flow.close();
		}
	},
	300_000,
);
