/**
 * The earliest-row claims of the templates, read from their structure: an If node named
 * "First ..." compares the id of the row an insert just wrote (`$('<insert>').item.json.id`) with
 * the earliest row of its key. The Postgres generator turns each such insert into
 * `INSERT ... ON CONFLICT DO NOTHING`; the tests switch them off to show what they prevent.
 */
interface NodeLike {
	name: string;
	type: string;
	parameters: unknown;
}

export interface Claim {
	/** The If node that judges the claim. */
	check: string;
	/** The insert whose row it compares with the earliest. */
	insert: string;
}

export function claimsOf(nodes: NodeLike[]): Claim[] {
	return nodes.flatMap((n) => {
		if (n.type !== 'n8n-nodes-base.if' || !/^First /.test(n.name)) return [];
		const match = /\$\('([^']+)'\)\.item\.json\.id\b/.exec(JSON.stringify(n.parameters));
		return match ? [{ check: n.name, insert: match[1] }] : [];
	});
}
