/**
 * Third-party files that are not part of the repo: public vendor and community sample files kept
 * in a `shared/samples` folder beside the checkout (or where SHARED_SAMPLES points, e.g. from a
 * worktree). Tests on them run when the folders they read are there and say clearly when they are
 * skipped; the repo's own fixtures (test/<area>/fixtures) cover the same rules without them, so a
 * clone from the package's public home passes on its own.
 */
import { existsSync } from 'fs';
import { resolve } from 'path';

export const SAMPLES =
	process.env.SHARED_SAMPLES ?? resolve(__dirname, '..', '..', '..', 'shared', 'samples');

/** The samples' folders this test reads that are missing on this machine. */
function missing(folders: string[]): string[] {
	return folders.map((folder) => resolve(SAMPLES, folder)).filter((path) => !existsSync(path));
}

/**
 * A describe block on third-party sample files, given the sample folders it reads: run when they
 * are all there; otherwise skipped, with a console line and a skipped test naming what is missing,
 * so a skip never passes for a run.
 */
export function describeOnSamples(title: string, folders: string[], body: () => void): void {
	const absent = missing(folders);
	if (absent.length === 0) {
		describe(title, body);
		return;
	}
	const why = `${absent.join(', ')} not on this machine (third-party samples, not in the repo)`;
	console.info(`${title}: skipped, ${why}`);
	describe.skip(title, () => {
		it(why, () => undefined);
	});
}
