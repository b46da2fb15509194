/**
 * Wording of the Happy Returns nodes as the editor shows it: event names in plain words with the
 * vendor topic in the description, short always-visible notices (details in the guide), and the
 * whole parameter list as a snapshot, so a wording or parameter change is a reviewed diff.
 */
import { HappyReturns } from '../../nodes/HappyReturns/HappyReturns.node';
import { HappyReturnsTrigger } from '../../nodes/HappyReturns/HappyReturnsTrigger.node';

const trigger = new HappyReturnsTrigger().description;
const action = new HappyReturns().description;

describe('Happy Returns wording', () => {
	const events = trigger.properties.find((p) => p.name === 'events');
	const options = (events?.options ?? []) as Array<{
		name: string;
		value: string;
		description?: string;
	}>;

	it('event names are plain words: no vendor topic or dotted name in the name', () => {
		expect(options.length).toBeGreaterThan(0);
		for (const option of options) expect(option.name).not.toMatch(/[().]|_/);
	});

	it.each([
		['return.bag_linked', 'return.label.update'],
		['return.started', 'return.asn'],
		['return.dropped_off', 'return.asn'],
	])('%s names its Happy Returns topic %s in the description', (value, topic) => {
		expect(options.find((o) => o.value === value)?.description).toContain(topic);
	});

	it('notices shown on every trigger are short and link to the guide for details', () => {
		const always = trigger.properties.filter((p) => p.type === 'notice' && !p.displayOptions);
		expect(always.length).toBeGreaterThan(0);
		for (const notice of always) {
			const text = notice.displayName.replace(/<a [^>]*>[^<]*<\/a>/g, '');
			expect(text.length).toBeLessThanOrEqual(140);
			expect(notice.displayName).toContain('docs/nodes/happy-returns.md');
		}
	});

	it('the trigger parameters, as the editor lists them', () => {
		expect(trigger.properties).toMatchSnapshot();
	});

	it('the action node parameters, as the editor lists them', () => {
		expect(action.properties).toMatchSnapshot();
	});
});
