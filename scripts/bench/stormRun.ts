/**
 * The delivery storm of the reliability suite at full size, in its own process: every Happy Returns
 * notification and every warehouse receipt delivered three times, shuffled, through templates 01,
 * 02 and 03 against the sandboxes. Prints the time, whether every promise held, and the Centra
 * mutations per returned unit (those Centra's quota counted) beside their target and the floors
 * of the same population. The warehouse posts each bag's receipts together (a bag is graded when
 * it is opened); the second argument `unit` posts every unit alone, as the reliability suite's
 * storm does, and a number N posts N bags together (a Return Bar's consolidated bag holds many
 * customers' returns, and the warehouse checks it in as one).
 */
import '../../harness/env';
import { receiptsOf } from '../../harness/reliability/returnsFlow';
import {
	mutationsPerUnit,
	promisesHeld,
	receiptPosts,
	runStorm,
	type ReceiptPosts,
} from '../../harness/reliability/stormAndFaults';
import { loadTemplate } from '../../harness/templateFiles';
import { generateScenario } from '../../sandbox/scenario/generator';

const SEED = 11;

/** The shipped `orderNotes` of 00 (the storm runs the templates with it). */
function shippedOrderNotes(): string {
	const settings = JSON.stringify(loadTemplate('00-returns-settings.json'));
	return /"settings\.orderNotes","value":"([^"]*)"/.exec(settings)?.[1] ?? 'none';
}

/**
 * The least the drop-off and processing path can spend on this population, counted from the
 * scenario, not from the run:
 * - `api`: one `createReturn` and one `refundReturn` per credited storefront return; Centra has
 *   neither a batch mutation nor a way to credit and refund in one
 *   (https://centra.dev/graphql/mutation.html), and nothing less refunds a customer;
 * - `shippedDesign`: `api`, plus one stock change per return at the drop-off (a notice is one
 *   return), one per POST and graded warehouse at receipt, and the order notes 00 asks for.
 */
function floors(returns: number, posts: ReceiptPosts) {
	const scenario = generateScenario({
		seed: SEED,
		returns,
		rates: {},
		asOf: new Date().toISOString(),
	});
	const dropped = scenario.returnEvents.filter((e) => e.status === 'dropped_off');
	const amazonOrders = new Set(
		scenario.orders.filter((o) => o.aliases).map((o) => String(o.orderNumber)),
	);
	const returnIds = new Set(dropped.map((e) => String(e.returnId)));
	const storefront = new Set(
		dropped.filter((e) => !amazonOrders.has(String(e.orderNumber))).map((e) => String(e.returnId)),
	);
	const orders = new Set(dropped.map((e) => String(e.orderNumber)));
	const bucket = (disposition: string) => (disposition === 'damaged' ? 'B-STOCK' : 'MAIN');
	const outOfTransit = receiptPosts(receiptsOf({ scenario }), posts).reduce(
		(sum, post) => sum + new Set(post.map((r) => bucket(r.disposition))).size,
		0,
	);
	const notes =
		shippedOrderNotes() === 'none' || shippedOrderNotes() === 'receipt' ? 0 : orders.size;
	const units = dropped.length;
	const api = 2 * storefront.size;
	const shippedDesign = api + returnIds.size + outOfTransit + notes;
	const perUnit = (n: number) => Math.round((n / units) * 100) / 100;
	return {
		units,
		returns: returnIds.size,
		storefrontReturns: storefront.size,
		orders: orders.size,
		receiptPosts: receiptPosts(receiptsOf({ scenario }), posts).length,
		api: { total: api, perUnit: perUnit(api) },
		shippedDesign: {
			total: shippedDesign,
			perUnit: perUnit(shippedDesign),
			byPart: {
				createReturnAndRefund: api,
				intoTransit: returnIds.size,
				outOfTransit,
				orderNotes: notes,
			},
		},
	};
}

async function main(): Promise<void> {
	const returns = Number(process.argv[2] ?? 1000);
	const how = process.argv[3];
	const receipts: ReceiptPosts =
		how === 'unit' ? 'unit' : how && Number(how) > 1 ? Number(how) : 'bag';
	const floor = floors(returns, receipts);
	const storm = await runStorm(returns, SEED, { receipts });
	const held = { ...promisesHeld(storm.facts), noFailedExecution: storm.failures === 0 };
	process.stdout.write(
		`${JSON.stringify({
			...storm,
			receiptPosts: receipts,
			held,
			centraMutations: { ...mutationsPerUnit(storm.mutations, storm.facts.units), floor },
			peakRss: process.resourceUsage().maxRSS * 1024,
		})}\n`,
	);
}

void main();
