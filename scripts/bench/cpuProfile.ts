/**
 * A CPU profile of just the measured work (not of ts-node compiling the scripts before it), taken
 * through the inspector in the same process, and summarised as self time per function: the
 * benchmark prints where the time goes next to its figures.
 */
import { Session } from 'inspector';
import { writeFileSync } from 'fs';

interface ProfileNode {
	id: number;
	children?: number[];
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileShare {
	/** Function name and its file (relative to the repository), or the Node builtin and line. */
	where: string;
	ms: number;
	share: number;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return new Promise((resolve, reject) =>
		session.post(method, params ?? {}, (error, result) =>
			error ? reject(error) : resolve(result as T),
		),
	);
}

function label(node: ProfileNode, root: string): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const name = functionName || '(anonymous)';
	if (!url) return name;
	const file = url.replace(/^file:\/\//, '').replace(`${root}/`, '');
	// ts-node compiles TypeScript in memory: its line numbers are the emitted JavaScript's.
	return file.endsWith('.ts') ? `${name} (${file})` : `${name} (${file}:${lineNumber + 1})`;
}

/** Self time per function, largest first. */
export function summarise(profile: Profile, root: string, top = 12): ProfileShare[] {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	// The profiler's own stop request (under node:inspector) is not the work.
	const parent = new Map<number, ProfileNode>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node);
	const own = (node: ProfileNode) => {
		for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id))
			if (at.callFrame.url === 'node:inspector') return false;
		return node.callFrame.functionName !== '(idle)';
	};
	const self = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const node = byId.get(id);
		const delta = profile.timeDeltas[i] ?? 0;
		if (!node || !own(node)) return;
		total += delta;
		const key = label(node, root);
		self.set(key, (self.get(key) ?? 0) + delta);
	});
	return [...self]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([where, us]) => ({ where, ms: us / 1000, share: us / total }));
}

/** Runs `work` under the profiler; writes the raw profile to `file` when given. */
export async function profiled<T>(
	work: () => Promise<T>,
	root: string,
	file?: string,
): Promise<{ result: T; shares: ProfileShare[] }> {
	const session = new Session();
	session.connect();
	await post(session, 'Profiler.enable');
	await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
	await post(session, 'Profiler.start');
	const result = await work();
	const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
	session.disconnect();
	if (file) writeFileSync(file, JSON.stringify(profile));
	return { result, shares: summarise(profile, root) };
}
