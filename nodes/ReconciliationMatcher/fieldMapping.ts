/**
 * Which item field feeds which engine field, per input. Defaults are the field names the other
 * nodes of this package emit, so wiring them straight in needs no mapping.
 */
import { INPUT_SCHEMAS, type InputKind } from './engine';

export interface FieldSpec {
	name: string;
	displayName: string;
	description: string;
}

/**
 * The mapping fields of each input, straight from the engine's one schema per input
 * (engine/schema.ts): adding a field there adds it here, to the readers' check and to the docs.
 */
export const INPUT_FIELDS: Readonly<Record<InputKind, readonly FieldSpec[]>> = (() => {
	const fields = {} as Record<InputKind, readonly FieldSpec[]>;
	for (const schema of INPUT_SCHEMAS)
		fields[schema.kind] = schema.fields.map((field) => ({
			name: field.name,
			displayName: field.label,
			description: field.description,
		}));
	return fields;
})();

/** Reads a dot path ("order.lines.0.sku") from an item's JSON. */
export function readPath(source: unknown, path: string): unknown {
	if (!path.includes('.')) return (source as Record<string, unknown> | null | undefined)?.[path];
	let value: unknown = source;
	for (const part of path.split('.')) {
		if (value === null || value === undefined || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/**
 * Returns a function that turns one item's JSON into an engine record, renaming mapped fields to
 * the engine's names. Without overrides the item JSON is used as is (no copy).
 */
export function recordMapper(
	fields: readonly FieldSpec[],
	overrides: Readonly<Record<string, string>>,
): (json: unknown) => Record<string, unknown> {
	const paths = fields.map(
		(field) => [field.name, overrides[field.name]?.trim() || field.name] as const,
	);
	if (paths.every(([name, path]) => name === path))
		return (json) => (json ?? {}) as Record<string, unknown>;
	return (json) => {
		const record: Record<string, unknown> = {};
		for (const [name, path] of paths) record[name] = readPath(json, path);
		return record;
	};
}

export interface KnownRow {
	id: string;
	status: 'open' | 'resolved' | 'no_action' | 'cleared';
	type?: string;
	owner?: string;
	firstSeenAt?: string;
	resolvedAt?: string;
	/** The Data Table's own row id, when the row names its exception by "exceptionId". */
	rowId?: number;
	createdAt?: string;
}

const CLOSED_WORDS: Readonly<Record<string, KnownRow['status']>> = {
	resolved: 'resolved',
	closed: 'resolved',
	done: 'resolved',
	no_action: 'no_action',
	'no action': 'no_action',
	'no-action': 'no_action',
	noaction: 'no_action',
	ignored: 'no_action',
	// Written by the matcher itself when the data no longer shows the case: not a person's word.
	cleared: 'cleared',
};

/**
 * A row of the exception register as the lifecycle reads it. Registers name the key "exceptionId"
 * (a Data Table row also has its own "id") or "id", and people type statuses as they speak ("No action", "Resolved"); anything that is
 * not a closing word counts as open, so a typo never silently closes an exception.
 */
export function knownRow(json: Record<string, unknown>): KnownRow | null {
	// "exceptionId" first: a Data Table row also has its own numeric "id".
	const id = String(json.exceptionId ?? json.id ?? '').trim();
	if (!id) return null;
	const word = String(json.status ?? '')
		.trim()
		.toLowerCase();
	// Own keys only: a status "constructor" is not a closing word.
	const status = Object.prototype.hasOwnProperty.call(CLOSED_WORDS, word)
		? CLOSED_WORDS[word]
		: 'open';
	const text = (value: unknown) =>
		value === undefined || value === null || value === '' ? undefined : String(value);
	// With "exceptionId", "id" is the table's row id: what tells the earliest of two rows apart.
	const rowId =
		json.exceptionId != null && json.id != null && json.id !== '' ? Number(json.id) : NaN;
	const createdAt =
		json.createdAt instanceof Date ? json.createdAt.toISOString() : text(json.createdAt);
	return {
		id,
		status,
		type: text(json.type),
		owner: text(json.owner),
		firstSeenAt: text(json.firstSeenAt ?? json.detectedAt),
		resolvedAt: text(json.resolvedAt),
		...(Number.isFinite(rowId) ? { rowId } : {}),
		...(createdAt ? { createdAt } : {}),
	};
}
