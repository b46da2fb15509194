/**
 * Check Setup, the comparison: what the node relies on (contract.ts) against what the merchant's
 * token sees of Centra's schema by introspection, in plain words. Pure.
 */

export interface IntrospectedType {
	name: string;
	kind: string;
	fields?: Array<{ name: string; args?: Array<{ name: string }> }> | null;
	inputFields?: Array<{ name: string }> | null;
	enumValues?: Array<{ name: string }> | null;
}

/** Every name the schema offers, in the contract's notation. */
function namesOf(types: IntrospectedType[]): Set<string> {
	const names = new Set<string>();
	for (const type of types) {
		names.add(type.name);
		for (const field of type.fields ?? []) {
			names.add(`${type.name}.${field.name}`);
			for (const arg of field.args ?? []) names.add(`${type.name}.${field.name}(${arg.name})`);
		}
		for (const field of type.inputFields ?? []) names.add(`${type.name}.${field.name}`);
		for (const value of type.enumValues ?? []) names.add(`${type.name}.${value.name}`);
	}
	return names;
}

function kindOf(types: IntrospectedType[], name: string): string | undefined {
	return types.find((t) => t.name === name)?.kind;
}

/** One sentence per missing name, e.g. 'Field "history" is missing on type DirectToConsumerOrder'. */
export function missingNames(required: readonly string[], types: IntrospectedType[]): string[] {
	const available = namesOf(types);
	const missing: string[] = [];
	for (const name of required) {
		if (available.has(name)) continue;
		const argument = /^(\w+)\.(\w+)\((\w+)\)$/.exec(name);
		const member = /^(\w+)\.(\w+)$/.exec(name);
		if (argument) {
			// A missing field is reported once, not again for each of its arguments.
			if (!available.has(`${argument[1]}.${argument[2]}`)) continue;
			missing.push(`Argument "${argument[3]}" is missing on ${argument[1]}.${argument[2]}`);
		} else if (member) {
			const [, owner, field] = member;
			const kind = kindOf(types, owner);
			if (!kind) {
				if (!missing.includes(`Type ${owner} is missing`)) missing.push(`Type ${owner} is missing`);
			} else if (kind === 'ENUM') missing.push(`Value ${field} is missing in enum ${owner}`);
			else if (owner === 'Query' || owner === 'Mutation')
				missing.push(`${owner === 'Query' ? 'Query' : 'Mutation'} "${field}" is missing`);
			else
				missing.push(
					`Field "${field}" is missing on ${kind === 'INPUT_OBJECT' ? 'input ' : 'type '}${owner}`,
				);
		} else if (!missing.includes(`Type ${name} is missing`))
			missing.push(`Type ${name} is missing`);
	}
	return missing;
}

/** "You need Order:read permission to access orders." -> "Order:read". */
export function permissionOf(message: string): string | undefined {
	return /need ([A-Za-z.]+:(?:read|write)) permission/.exec(message)?.[1];
}
