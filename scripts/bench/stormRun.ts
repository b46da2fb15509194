/**
 * The delivery storm of the reliability suite at full size, in its own process: every Happy Returns
 * notification and every warehouse receipt delivered three times, shuffled, through templates 01,
 * 02 and 03 against the sandboxes. Prints the time, whether every promise held, and the Centra
 * mutations per returned unit (those Centra's quota counted) beside their target. The warehouse
 * posts each bag's receipts together (a bag is graded when it is opened); `unit` as the second
 * argument posts every unit alone, as the reliability suite's storm does.
 */
import '../../harness/env';
import {
	mutationsPerUnit,
	promisesHeld,
	runStorm,
	type ReceiptPosts,
} from '../../harness/reliability/stormAndFaults';

async function main(): Promise<void> {
	const returns = Number(process.argv[2] ?? 1000);
	const receipts: ReceiptPosts = process.argv[3] === 'unit' ? 'unit' : 'bag';
	const storm = await runStorm(returns, undefined, { receipts });
	const held = { ...promisesHeld(storm.facts), noFailedExecution: storm.failures === 0 };
	process.stdout.write(
		`${JSON.stringify({
			...storm,
			receiptPosts: receipts,
			held,
			centraMutations: mutationsPerUnit(storm.mutations, storm.facts.units),
			peakRss: process.resourceUsage().maxRSS * 1024,
		})}\n`,
	);
}

void main();
