/**
 * A simulated wall clock for the whole process: `Date.now()` and `new Date()` read the simulated
 * time, which keeps flowing at real speed from the last `set`. n8n's `$now` (Luxon reads
 * `Date.now()`), the nodes and the sandboxes all share it because they run in this process.
 * A node's pacing or back-off wait (`sleep` from n8n-workflow, the only wait community nodes may
 * use) moves the calendar by its length instead of waiting, so vendor pacing and retries cost no
 * real time yet every token bucket and rate window sees the time pass.
 */
import * as workflow from 'n8n-workflow';

const RealDate = Date;
const realSleep = Object.getOwnPropertyDescriptor(workflow, 'sleep')!;
let offset = 0;

class SimDate extends RealDate {
	constructor(...args: unknown[]) {
		if (args.length === 0) super(RealDate.now() + offset);
		else if (args.length === 1) super(args[0] as string | number | Date);
		else super(...(args as [number, number, number, number, number, number, number]));
	}

	static override now(): number {
		return RealDate.now() + offset;
	}
}

export class SimulatedClock {
	private installed = false;
	private started = false;

	install(): void {
		if (this.installed) return;
		offset = 0;
		this.started = false;
		globalThis.Date = SimDate as DateConstructor;
		Object.defineProperty(workflow, 'sleep', {
			configurable: true,
			enumerable: true,
			get: () => async (ms: number) => {
				offset += Math.max(0, ms);
				await new Promise((resolve) => setImmediate(resolve));
			},
		});
		this.installed = true;
	}

	/** Moves the calendar forward to `ms`; time flows on from there. */
	set(ms: number): void {
		// Never backwards: an action that ran long already carried the calendar past the next one.
		const real = RealDate.now();
		offset = this.started ? Math.max(offset, ms - real) : ms - real;
		this.started = true;
	}

	uninstall(): void {
		if (!this.installed) return;
		globalThis.Date = RealDate;
		Object.defineProperty(workflow, 'sleep', realSleep);
		offset = 0;
		this.installed = false;
	}
}
