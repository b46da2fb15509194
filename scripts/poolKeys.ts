/**
 * The SQL that keys the pool of 04's partitioned night (Postgres variant), as the scaling guide
 * gives it to merchants: one source, the guide's block, which the variant's *Pool: key by order*
 * runs every night (the generator reads it here) and the queue benchmark can run before the first
 * night (`RR_QUEUE_POOL_KEYS=1`).
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

export const SCALING_GUIDE = resolve(__dirname, '..', 'docs', 'scaling.md');

export function poolKeysSql(guide = readFileSync(SCALING_GUIDE, 'utf8')): string {
	const block = /<!-- pool keys:[^>]*-->\n```sql\n([\s\S]*?)```/.exec(guide);
	if (!block) throw new Error('docs/scaling.md has no "pool keys" SQL block');
	return block[1];
}
