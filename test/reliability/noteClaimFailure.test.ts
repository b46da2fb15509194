/**
 * One drop-off execution carrying two units of one order claims the order's "in transit" note once
 * per unit: the first unit's row wins, the second's loses and is dropped. n8n's v1 order runs a
 * node's children top to bottom on the canvas, whichever output they hang on, so 02 places *Drop
 * the repeated note claim* above *Note: in transit*: the loser's row is gone before the note call,
 * and a note call that fails (a Centra fault, as the queue storm injects) leaves one claim row per
 * order for the replay, not two. Seen in the 300-return queue storm before the drop moved up:
 * repeated `centra-note:<order>:in-transit` rows with consecutive ids.
 */
import { loadTemplate, withSettings } from '../../harness/templateFiles';
import {
	deliverNotification,
	ledgerFacts,
	startReturnsFlow,
} from '../../harness/reliability/returnsFlow';

const DROP_OFF = withSettings(loadTemplate('02-return-bar-drop-off.json'), {
	inTransitWarehouse: 'TRANSIT',
});

it("02 runs the note claim's loser drop before the winner's note call (v1 order: higher on the canvas first)", () => {
	const at = (name: string) => DROP_OFF.nodes.find((n) => n.name === name)!.position;
	expect(at('Drop the repeated note claim')[1]).toBeLessThan(at('Note: in transit')[1]);
});

it('the note call failing for every order: one note claim row per order, whatever its units', async () => {
	const flow = await startReturnsFlow(40, 31);
	const dropOff = structuredClone(DROP_OFF);
	const note = dropOff.nodes.find((n) => n.name === 'Note: in transit')!;
	Object.assign(note, {
		type: 'n8n-nodes-base.stopAndError',
		typeVersion: 1,
		parameters: { errorMessage: 'Centra refused the note (a fault)' },
		credentials: undefined,
	});
	flow.templates = { dropOff };
	try {
		for (const webhook of flow.webhooks) await deliverNotification(flow, webhook.body);
		const notes = flow.tables
			.rows('Returns Event Ledger')
			.filter((r) => r.eventType === 'centra.order_note');
		const orders = new Set(notes.map((r) => r.eventId));
		// The scenario has orders with several units in one drop-off, each failing at its note.
		expect(flow.failures.length).toBeGreaterThan(0);
		expect(notes.length).toBeGreaterThan(0);
		expect(notes.length).toBe(orders.size);
		const facts = ledgerFacts(flow);
		expect(facts.ledgerRows).toBe(facts.distinctLedgerEvents);
	} finally {
		await flow.close();
	}
}, 300_000);
