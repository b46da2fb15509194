/**
 * Reads the Centra contract (centra.graphql) and derives, from the documents the node sends,
 * every type, field, argument, input field and enum value they rely on and the permissions Centra
 * lists for the fields they select. The node's Check Setup compares that list (nodes/Centra/
 * contract.ts, kept equal to this derivation by the contract test) with the merchant's schema.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import {
	buildSchema,
	getNamedType,
	isEnumType,
	isInputObjectType,
	Kind,
	parse,
	TypeInfo,
	visit,
	visitWithTypeInfo,
	type GraphQLInputType,
	type GraphQLSchema,
} from 'graphql';

export const CENTRA_SDL = readFileSync(join(__dirname, 'centra.graphql'), 'utf8');

export function centraSchema(): GraphQLSchema {
	return buildSchema(CENTRA_SDL);
}

export interface DerivedContract {
	/** "Type.field", "Type.field(arg)", "Input.field", "Enum.VALUE". */
	names: string[];
	permissions: string[];
	/** Permissions per document name. */
	permissionsByDocument: Record<string, string[]>;
}

const PERMISSION = /Required permission: ([A-Za-z.]+:(?:read|write))/;

export function deriveContract(
	schema: GraphQLSchema,
	documents: Record<string, string>,
): DerivedContract {
	const names = new Set<string>();
	const permissions = new Set<string>();
	const permissionsByDocument: Record<string, string[]> = {};
	const addInput = (type: GraphQLInputType, seen = new Set<string>()) => {
		const named = getNamedType(type);
		if (seen.has(named.name)) return;
		seen.add(named.name);
		if (isEnumType(named)) for (const v of named.getValues()) names.add(`${named.name}.${v.name}`);
		if (!isInputObjectType(named)) return;
		for (const field of Object.values(named.getFields())) {
			names.add(`${named.name}.${field.name}`);
			addInput(field.type, seen);
		}
	};
	for (const [name, text] of Object.entries(documents)) {
		const used = new Set<string>();
		const typeInfo = new TypeInfo(schema);
		visit(
			parse(text),
			visitWithTypeInfo(typeInfo, {
				Field(node) {
					const parent = typeInfo.getParentType();
					const def = typeInfo.getFieldDef();
					if (!parent || !def || node.name.value.startsWith('__')) return;
					names.add(`${parent.name}.${def.name}`);
					const permission = PERMISSION.exec(def.description ?? '')?.[1];
					if (permission) used.add(permission);
					const named = getNamedType(def.type);
					if (isEnumType(named))
						for (const v of named.getValues()) names.add(`${named.name}.${v.name}`);
				},
				Argument(node) {
					const parent = typeInfo.getParentType();
					const def = typeInfo.getFieldDef();
					const arg = typeInfo.getArgument();
					if (!parent || !def || !arg) return;
					names.add(`${parent.name}.${def.name}(${node.name.value})`);
					addInput(arg.type);
				},
				InlineFragment(node) {
					if (node.typeCondition) names.add(node.typeCondition.name.value);
				},
				VariableDefinition(node) {
					const type = node.type.kind === Kind.NON_NULL_TYPE ? node.type.type : node.type;
					const named = type.kind === Kind.LIST_TYPE ? undefined : type.name.value;
					const schemaType = named ? schema.getType(named) : undefined;
					if (schemaType && isInputObjectType(schemaType)) addInput(schemaType);
				},
			}),
		);
		permissionsByDocument[name] = [...used].sort();
		for (const p of used) permissions.add(p);
	}
	return { names: [...names].sort(), permissions: [...permissions].sort(), permissionsByDocument };
}

/** The text of nodes/Centra/contract.ts for a derivation (formatted by prettier afterwards). */
export function contractModule(derived: DerivedContract): string {
	return `/**
 * What the Centra node relies on in Centra's schema, derived from the documents in queries.ts and
 * the contract file contracts/centra.graphql (taken from Centra's schema pages). Kept equal
 * to that derivation by test/contracts/centraContract.test.ts; after changing a document run
 * \`CENTRA_CONTRACT_WRITE=1 npx jest test/contracts\` to rewrite it.
 *
 * Check Setup compares the names with the merchant's schema; the docs list the permissions.
 */
// GENERATED: do not edit by hand.

/** "Type", "Type.field", "Type.field(argument)", "InputType.field" and "Enum.VALUE". */
export const CENTRA_CONTRACT_NAMES: readonly string[] = ${JSON.stringify(derived.names)};

/** The token permissions the documents need (Centra's "Required permission" per field). */
export const CENTRA_PERMISSIONS: readonly string[] = ${JSON.stringify(derived.permissions)};

/** The same, per document (see queries.ts). */
export const CENTRA_PERMISSIONS_BY_DOCUMENT: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(derived.permissionsByDocument)};
`;
}

/** The permissions table of docs/nodes/centra.md (between its permissions markers). */
export function permissionsMarkdown(derived: DerivedContract): string {
	const rows = derived.permissions.map((permission) => {
		const documents = Object.entries(derived.permissionsByDocument)
			.filter(([, used]) => used.includes(permission))
			.map(([name]) => name);
		return `| \`${permission}\` | ${documents.join(', ')} |`;
	});
	return [
		'| Permission | Documents that need it (nodes/Centra/queries.ts) |',
		'|---|---|',
		...rows,
	].join('\n');
}

export const PERMISSIONS_START = '<!-- permissions:start -->';
export const PERMISSIONS_END = '<!-- permissions:end -->';

/** docs/nodes/centra.md with its permissions table replaced. */
export function withPermissions(markdown: string, derived: DerivedContract): string {
	const start = markdown.indexOf(PERMISSIONS_START);
	const end = markdown.indexOf(PERMISSIONS_END);
	if (start < 0 || end < start)
		throw new Error('docs/nodes/centra.md lost its permissions markers');
	return `${markdown.slice(0, start + PERMISSIONS_START.length)}\n${permissionsMarkdown(derived)}\n${markdown.slice(end)}`;
}
